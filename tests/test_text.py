"""Normalisation and whole-syllable matching, on Vietnamese snippets."""

import unicodedata

from defence_news.matcher import Phrase, PhraseMatcher
from defence_news.text import clean_text, normalise_tones, tokens


def found(matcher, text):
    return [(m.phrase.payload, text[m.start:m.end]) for m in matcher.find(tokens(text))]


def test_nfd_text_matches_nfc_lexicon():
    matcher = PhraseMatcher.of([Phrase("Biển Đông", "scs")])
    nfd = unicodedata.normalize("NFD", "Về vấn đề Biển Đông, hai bên trao đổi.")
    assert nfd != unicodedata.normalize("NFC", nfd)
    assert [p for p, _ in found(matcher, clean_text(nfd))] == ["scs"]


def test_old_and_new_tone_placement_are_one_word():
    assert normalise_tones("hoà bình, thuỷ quân, khoẻ mạnh") == "hòa bình, thủy quân, khỏe mạnh"
    # closed syllables and "qu" keep their marks where they are
    assert normalise_tones("hoàn thành, quý, khuyến khích") == "hoàn thành, quý, khuyến khích"
    matcher = PhraseMatcher.of([Phrase("gìn giữ hòa bình", "peacekeeping")])
    assert found(matcher, "lực lượng gìn giữ hoà bình") == [("peacekeeping", "gìn giữ hoà bình")]


def test_a_syllable_is_never_found_inside_another():
    matcher = PhraseMatcher.of([Phrase("Úc", "AUS")])
    assert found(matcher, "Hội nghị thảo luận về cấu trúc an ninh khu vực.") == []
    assert found(matcher, "Bộ trưởng Quốc phòng Úc") == [("AUS", "Úc")]


def test_longest_phrase_wins_and_exclusions_consume_their_words():
    matcher = PhraseMatcher.of([
        Phrase("Thái", "THA"), Phrase("Thái Lan", "THA"), Phrase("Thái Bình Dương"),  # exclusion: the Pacific
        Phrase("an ninh", "security"), Phrase("an ninh mạng", "cyber"),
    ])
    assert found(matcher, "châu Á-Thái Bình Dương") == []
    assert found(matcher, "Thái Lan và an ninh mạng") == [("THA", "Thái Lan"), ("cyber", "an ninh mạng")]


def test_acronyms_match_case_sensitively_and_plus_is_a_token():
    matcher = PhraseMatcher.of([Phrase("ADMM", "admm", True), Phrase("ADMM+", "admm_plus", True)])
    assert found(matcher, "ADMM+ và ADMM, không phải admm") == [("admm_plus", "ADMM+"), ("admm", "ADMM")]
    assert found(matcher, "ADMM +") == [("admm_plus", "ADMM +")]


def test_dashes_and_spaces_around_them_are_equivalent():
    matcher = PhraseMatcher.of([Phrase("ASEAN - Nhật Bản", "aj")])
    for text in ("ASEAN-Nhật Bản", "ASEAN – Nhật Bản", "ASEAN—Nhật Bản"):
        assert [p for p, _ in found(matcher, text)] == ["aj"], text


def test_clean_text_drops_invisible_characters_and_folds_spaces():
    assert clean_text("Hội\u00a0nghị\u200b  ADMM\r\n\tlần thứ 12 ") == "Hội nghị ADMM\nlần thứ 12"
    # a long run of spaces folds to one, a line end is kept between two runs, blank lines stay
    assert clean_text("Đối thoại       chính sách \u2003\u200b \r\r\n \u00a0 quốc phòng\u3000\u3000") == \
        "Đối thoại chính sách\n\nquốc phòng"
