"""Segmentation: the words of every sentence are exactly underthesea's `word_tokenize` words."""

import underthesea

from conftest import SEEDS
from defence_news.load import read_corpus
from defence_news.segment import segment, segment_words, split_sentences


def test_every_seed_sentence_is_cut_into_underthesea_s_own_words():
    articles, _ = read_corpus(SEEDS)
    sentences = [s for a in articles for p in a.paragraphs for s in split_sentences(p)]
    assert sentences
    assert segment_words(sentences) == [underthesea.word_tokenize(s) for s in sentences]


def test_abbreviations_addresses_numbers_and_old_tone_marks_are_cut_as_underthesea_does():
    # underthesea's regex keeps "v.v...", "H'Mông", a URL, a date and "60.542.000" whole, and
    # normalises "ð" and the old tone placement of short syllables ("hoà")
    sentence = ("Hoà bình ở H'Mông, v.v... xem http://vnexpress.net/a_b ngày 02/05/2014: "
                "60.542.000 đồng, ð :))")
    assert segment_words([sentence]) == [underthesea.word_tokenize(sentence)]


def test_sentences_cut_together_do_not_read_across_each_other():
    # a syllable's features read two syllables on each side, never past its sentence: at the
    # start of a sentence underthesea cuts "Bên" from "cạnh" (after "khu vực." it would join them)
    sentences = ["Khu vực.", "Bên cạnh đó, ADMM+ là cơ chế mở.", "", "Hà", "Bộ Quốc phòng"]
    assert segment_words(sentences) == [underthesea.word_tokenize(s) for s in sentences]
    assert segment_words(sentences)[1][:2] == ["Bên", "cạnh"]
    assert segment_words([]) == []


def test_letters_cased_in_newer_unicode_than_python_s_are_read_as_underthesea_reads_them():
    # U+16EC0 became a lower-case letter in Unicode 16: underthesea reads it as no title, Python
    # 3.11 as one, and with Python's reading it would join "mối" into one word with it
    sentence = "Ông Kano nhấn mạnh tầm quan trọng của \U00016ec0mối quan hệ với Việt Nam."
    assert segment_words([sentence]) == [underthesea.word_tokenize(sentence)]


def test_a_paragraph_becomes_numbered_sentences_with_their_words():
    paragraphs = ["Hội nghị diễn ra tại Hà Nội. Hai bên nhất trí tăng cường hợp tác.", "Theo TTXVN."]
    sentences = segment(paragraphs)
    assert [(s.index, s.paragraph) for s in sentences] == [(1, 1), (2, 1), (3, 2)]
    assert sentences[1].words == tuple(underthesea.word_tokenize(sentences[1].text))
