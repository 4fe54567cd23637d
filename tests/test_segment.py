"""Segmentation: the words of every sentence are exactly underthesea's `word_tokenize` words."""

import underthesea

from conftest import SEEDS
from defence_news.load import read_corpus
from defence_news.segment import segment, split_sentences, word_tokenize


def test_every_seed_sentence_is_cut_into_underthesea_s_own_words():
    articles, _ = read_corpus(SEEDS)
    sentences = [s for a in articles for p in a.paragraphs for s in split_sentences(p)]
    assert sentences
    for sentence in sentences:
        assert word_tokenize(sentence) == underthesea.word_tokenize(sentence), sentence


def test_abbreviations_addresses_numbers_and_old_tone_marks_are_cut_as_underthesea_does():
    # underthesea's regex keeps "v.v...", "H'Mông", a URL, a date and "60.542.000" whole, and
    # normalises "ð" and the old tone placement of short syllables ("hoà")
    sentence = ("Hoà bình ở H'Mông, v.v... xem http://vnexpress.net/a_b ngày 02/05/2014: "
                "60.542.000 đồng, ð :))")
    assert word_tokenize(sentence) == underthesea.word_tokenize(sentence)


def test_a_paragraph_becomes_numbered_sentences_with_their_words():
    paragraphs = ["Hội nghị diễn ra tại Hà Nội. Hai bên nhất trí tăng cường hợp tác.", "Theo TTXVN."]
    sentences = segment(paragraphs)
    assert [(s.index, s.paragraph) for s in sentences] == [(1, 1), (2, 1), (3, 2)]
    assert sentences[1].words == tuple(underthesea.word_tokenize(sentences[1].text))
