"""Segmentation: the words of every sentence are exactly underthesea's `word_tokenize` words."""

import pytest
import underthesea

import defence_news.segment as segment_module
from conftest import SEEDS
from defence_news.load import read_corpus
from defence_news.segment import (
    WORD_MODEL, _WordTagger, convert_in_background, segment, segment_words, split_sentences, warm_up,
)


def _seed_sentences() -> list[str]:
    articles, _ = read_corpus(SEEDS)
    return [s for a in articles for p in a.paragraphs for s in split_sentences(p)]


def test_every_seed_sentence_is_cut_into_underthesea_s_own_words():
    sentences = _seed_sentences()
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


def test_the_word_model_is_converted_once_into_the_cache_and_read_back_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setenv("DEFENCE_NEWS_CACHE", str(tmp_path))
    _WordTagger(WORD_MODEL)
    (saved,) = (tmp_path / "models").glob("words-*.pickle")

    def no_conversion(self, folder):
        raise AssertionError("converted again")

    with monkeypatch.context() as patched:
        patched.setattr(_WordTagger, "_convert", no_conversion)
        patched.setattr(segment_module, "_tagger", _WordTagger(WORD_MODEL))
        sentences = _seed_sentences()
        assert segment_words(sentences) == [underthesea.word_tokenize(s) for s in sentences]
    saved.write_bytes(saved.read_bytes()[:1000])  # a damaged conversion is made again
    monkeypatch.setattr(segment_module, "_tagger", _WordTagger(WORD_MODEL))
    assert segment_words(["Bộ Quốc phòng"]) == [underthesea.word_tokenize("Bộ Quốc phòng")]
    assert len(saved.read_bytes()) > 1000


def test_the_word_model_converted_in_another_process_is_the_one_warm_up_reads(tmp_path, monkeypatch):
    monkeypatch.setenv("DEFENCE_NEWS_CACHE", str(tmp_path))
    monkeypatch.setattr(segment_module, "_tagger", None)
    convert_in_background()
    assert segment_module._converting is not None
    monkeypatch.setattr(_WordTagger, "_convert", lambda self, folder: pytest.fail("converted in this process"))
    warm_up()
    assert segment_module._converting is None
    assert len(list((tmp_path / "models").glob("words-*.pickle"))) == 1
    sentences = _seed_sentences()[:20]
    assert segment_words(sentences) == [underthesea.word_tokenize(s) for s in sentences]
