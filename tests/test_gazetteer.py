"""Countries and places in Vietnamese sentences: every pitfall of whole-syllable matching, and the gazetteer data."""

import csv
import datetime as dt
import unicodedata

import pytest

from conftest import ROOT, article_id
from defence_news.gazetteer import Gazetteer
from defence_news.resources import read_csv
from defence_news.text import clean_text, tokens


def found(gazetteer, sentence):
    """Return (kind, key, matched) for every country and place named in one sentence."""
    return [(f.kind, f.key, f.matched) for f in gazetteer.find(tokens(sentence), sentence)]


def countries(gazetteer, sentence):
    return [(key, matched) for kind, key, matched in found(gazetteer, sentence) if kind == "country"]


@pytest.fixture(scope="module")
def gaz(resources):
    return resources.gazetteer


def test_australia_is_never_found_inside_cau_truc(gaz):
    # "Úc" is a syllable of "cấu trúc" only as a substring; syllables are compared whole
    assert found(gaz, "Hội nghị thảo luận về cấu trúc an ninh khu vực.") == []
    assert countries(gaz, "Bộ trưởng Quốc phòng Úc tham dự hội nghị.") == [("AUS", "Úc")]


def test_pacific_ocean_is_a_place_not_thailand(gaz):
    sentence = "Hải quân Thái Lan và Mỹ tuần tra ở Thái Bình Dương."
    assert found(gaz, sentence) == [
        ("country", "THA", "Thái Lan"), ("country", "USA", "Mỹ"), ("place", "Thái Bình Dương", "Thái Bình Dương"),
    ]
    assert gaz.places["Thái Bình Dương"].kind == "ocean"
    assert countries(gaz, "khu vực châu Á-Thái Bình Dương") == []


def test_indian_ocean_is_a_place_not_india(gaz):
    sentence = "Tàu hải quân Ấn Độ diễn tập ở Ấn Độ Dương."
    assert found(gaz, sentence) == [("country", "IND", "Ấn Độ"), ("place", "Ấn Độ Dương", "Ấn Độ Dương")]


def test_east_china_sea_is_a_place_not_china_or_the_us(gaz):
    # "Hoa" is China's short form ("Hoa Kỳ" is the US): neither is in the name of the sea
    assert found(gaz, "Căng thẳng ở Biển Hoa Đông gia tăng.") == [("place", "Biển Hoa Đông", "Biển Hoa Đông")]


@pytest.mark.parametrize(
    "sentence",
    ["Đoàn về nước vào chủ nhật tuần trước.", "Chủ nhật, đoàn về nước.", "Trang tin cập nhật hằng ngày.",
     "Cập nhật lúc 10 giờ."],
)
def test_sunday_and_update_are_not_japan(gaz, sentence):
    assert countries(gaz, sentence) == []


def test_japan_short_form_is_still_japan(gaz):
    assert countries(gaz, "Bộ trưởng Quốc phòng Nhật tham dự.") == [("JPN", "Nhật")]


@pytest.mark.parametrize(
    "sentence", ["Hai bên cần tôn trọng luật pháp quốc tế.", "Luật pháp quốc tế cần được tôn trọng.",
                 "các yêu sách biển trái pháp luật"],
)
def test_law_is_not_france(gaz, sentence):
    assert countries(gaz, sentence) == []


def test_france_and_germany_by_their_short_names(gaz):
    assert countries(gaz, "Bộ Quốc phòng Pháp và Đức ký thỏa thuận.") == [("FRA", "Pháp"), ("DEU", "Đức")]


def test_a_persons_name_is_not_germany(gaz):
    assert countries(gaz, "Ông Lê Minh Đức, Phó Cục trưởng, phát biểu tại hội nghị.") == []
    assert countries(gaz, "Thủ tướng Đức thăm Việt Nam.") == [("DEU", "Đức"), ("VNM", "Việt Nam")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Tại Nga, Bộ trưởng gặp người đồng cấp.", [("RUS", "Nga")]),
        ("“Với Lào, hai bên luôn tin cậy”, ông nói.", [("LAO", "Lào")]),
        ("Phía Mỹ cam kết hỗ trợ rà phá bom mìn.", [("USA", "Mỹ")]),
        # a capitalised word that is not one of the openers still makes a person's name
        ("Thúy Nga cho biết đoàn sẽ về nước.", []),
        # inside a sentence the opener is not capitalised, so a capital before the name is a name
        ("Trung tá Lê Minh Đức tại Nga phát biểu.", [("RUS", "Nga")]),
        ("Ông Phan Nga và ông Tại Đức đã gặp.", []),
    ],
)
def test_a_name_after_a_sentence_opening_word_is_a_country(gaz, sentence, expected):
    assert countries(gaz, sentence) == expected


def test_sentence_openers_are_data(resources):
    folder = ROOT / "data"
    rows = [read_csv(folder / name, ()) for name in ("countries.csv", "places.csv", "country_exclusions.csv")]
    sentence = "Ở Lào, hai đoàn đã hội đàm."
    assert countries(Gazetteer(*rows, [], "v"), sentence) == []
    assert countries(Gazetteer(*rows, [{"word": "Ở", "note": "in"}], "v"), sentence) == [("LAO", "Lào")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Đối thoại chính sách quốc phòng Việt-Nhật lần thứ 11", [("VNM", "Việt"), ("JPN", "Nhật")]),
        ("quan hệ Mỹ-Nhật nhằm duy trì hòa bình", [("USA", "Mỹ"), ("JPN", "Nhật")]),
        ("hợp tác quốc phòng Việt - Trung", [("VNM", "Việt"), ("CHN", "Trung")]),
    ],
)
def test_hyphenated_short_forms_give_both_countries(gaz, sentence, expected):
    assert countries(gaz, sentence) == expected


def test_a_compound_ending_in_a_full_name_keeps_the_name_whole(gaz):
    assert countries(gaz, "Campuchia - Việt Nam") == [("KHM", "Campuchia"), ("VNM", "Việt Nam")]
    assert countries(gaz, "Năm Hữu nghị Việt Nam - Campuchia, Campuchia - Việt Nam 2022") == [
        ("VNM", "Việt Nam"), ("KHM", "Campuchia"), ("KHM", "Campuchia"), ("VNM", "Việt Nam"),
    ]


def test_capitals_and_metonyms_are_places_with_their_country(gaz):
    sentence = "Nhà Trắng phản đối các hoạt động ở Biển Đông của Bắc Kinh."
    assert found(gaz, sentence) == [
        ("place", "Nhà Trắng", "Nhà Trắng"), ("place", "Biển Đông", "Biển Đông"), ("place", "Bắc Kinh", "Bắc Kinh"),
    ]
    assert (gaz.places["Bắc Kinh"].kind, gaz.places["Bắc Kinh"].country) == ("capital", "CHN")
    assert (gaz.places["Nhà Trắng"].kind, gaz.places["Nhà Trắng"].country) == ("metonym", "USA")


def test_places_add_nothing_to_country_counts_in_a_seed(corpus):
    # seed 003 names "Trung Quốc" once and "Bắc Kinh" once; "Mỹ" twice, and "Nhà Trắng" and "Washington"
    aid = article_id(corpus, "003")
    counts = corpus["country_mentions"].query("article_id == @aid").set_index("country")["hits"]
    places = set(corpus["place_mentions"].query("article_id == @aid")["place"])
    assert {"Bắc Kinh", "Nhà Trắng", "Washington"} <= places
    assert counts["CHN"] == 1
    assert counts["USA"] == 2


def test_pitfalls_in_the_seeds_never_become_countries(corpus):
    # seeds 001 and 003 name the Pacific and the Indo-Pacific, 002 and 003 the East China Sea,
    # and 002, 003 and 004 speak of "luật pháp quốc tế"
    assert not set(corpus["country_mentions"]["country"]) & {"THA", "IND", "FRA", "DEU"}


def test_all_caps_us_is_the_united_states_but_lowercase_us_is_not(gaz):
    assert countries(gaz, "quan hệ đối tác với US và ASEAN") == [("USA", "US")]
    assert countries(gaz, "let us work together") == []


def test_decomposed_unicode_input_is_matched_after_cleaning(gaz):
    nfd = unicodedata.normalize("NFD", "Bộ trưởng Quốc phòng Nhật Bản và Úc")
    assert nfd != unicodedata.normalize("NFC", nfd)
    assert countries(gaz, clean_text(nfd)) == [("JPN", "Nhật Bản"), ("AUS", "Úc")]


def test_exclusions_are_data(resources):
    # adding a row to country_exclusions.csv is all it takes to stop a false match
    folder = ROOT / "data"
    country_rows = read_csv(folder / "countries.csv", ())
    place_rows = read_csv(folder / "places.csv", ())
    exclusions = read_csv(folder / "country_exclusions.csv", ())
    sentence = "Đoàn thăm làng Mỹ Lương."
    assert countries(Gazetteer(country_rows, place_rows, exclusions, [], "v"), sentence) == [("USA", "Mỹ")]
    extended = exclusions + [{"phrase": "Mỹ Lương", "country": "USA", "note": "a village"}]
    assert countries(Gazetteer(country_rows, place_rows, extended, [], "v"), sentence) == []


def test_countries_file_has_every_country_once():
    with open(ROOT / "data" / "countries.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    codes = [r["iso3"] for r in rows]
    assert len(rows) == 249
    assert len(set(codes)) == len(codes)
    assert all(len(code) == 3 and code.isalpha() and code.isupper() for code in codes)


def test_asean_and_admm_plus_membership(gaz):
    assert len(gaz.countries) == 249
    assert gaz.asean_members(dt.date(2025, 11, 1)) == [
        "BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "TLS", "VNM",
    ]
    assert gaz.admm_plus_partners(dt.date(2025, 11, 1)) == ["AUS", "CHN", "IND", "JPN", "KOR", "NZL", "RUS", "USA"]


def test_membership_on_a_past_date(gaz):
    # Timor-Leste joined in October 2025; the ADMM-Plus first met in October 2010
    members = gaz.asean_members(dt.date(2010, 3, 24))
    assert len(members) == 10 and "TLS" not in members
    assert gaz.admm_plus_partners(dt.date(2010, 3, 24)) == []
