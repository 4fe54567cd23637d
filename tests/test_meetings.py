"""Meetings: what each seed reports, editions, references that are not meetings, and one meeting across articles."""

import datetime as dt

import pytest

from conftest import article_id
from defence_news.meetings import SentenceView, find_meetings
from defence_news.store import build
from defence_news.text import tokens


def reported(corpus, prefix):
    """Return the meetings of a seed as {series: row}, with the article's role for each."""
    aid = article_id(corpus, prefix)
    links = corpus["article_meetings"].query("article_id == @aid")
    roles = links.groupby("meeting_id")["role"].first()
    rows = corpus["meetings"][corpus["meetings"]["meeting_id"].isin(roles.index)]
    return {r["series"]: {**r, "role": roles[r["meeting_id"]]} for r in rows.to_dict("records")}


def test_seed_000_reports_the_twelfth_vice_ministerial_forum_and_a_bilateral(corpus):
    meetings = reported(corpus, "000")
    assert set(meetings) == {"japan_asean_vice_ministerial_forum", "bilateral_talks"}
    forum = meetings["japan_asean_vice_ministerial_forum"]
    assert (forum["edition"], forum["role"]) == (12, "main")
    # "Bên lề Hội nghị, Thượng tướng Hoàng Xuân Chiến có cuộc gặp song phương với ... Campuchia"
    talks = meetings["bilateral_talks"]
    assert (talks["countries"], talks["role"]) == ("KHM;VNM", "sideline")


def test_seed_001_reports_the_same_forum_under_its_old_name(corpus):
    meetings = reported(corpus, "001")
    forum = meetings["japan_asean_vice_ministerial_forum"]
    assert (forum["edition"], forum["location"], forum["host_country"], forum["role"]) == (2, "Tokyo", "JPN", "main")
    aid = article_id(corpus, "001")
    names = set(corpus["article_meetings"].query("article_id == @aid")["matched"])
    assert "Hội nghị Quan chức Quốc phòng Cao cấp Nhật Bản-ASEAN" in names
    # "hội đàm song phương với người đồng nhiệm Kimito Nakae của Nhật Bản"
    assert meetings["bilateral_talks"]["countries"] == "JPN;VNM"
    # ADMM and ADMM+ are only referred to: "tầm quan trọng của Hội nghị ... (ADMM)", "để ADMM+ sớm được tổ chức"
    assert not {"admm", "admm_plus"} & set(meetings)


def test_seed_002_reports_the_japan_meeting_and_the_us_tea_in_kuala_lumpur(corpus):
    meetings = reported(corpus, "002")
    assert set(meetings) == {"asean_japan_informal", "asean_us_informal"}
    assert meetings["asean_japan_informal"]["role"] == "main"
    assert meetings["asean_us_informal"]["role"] == "sideline"
    for row in meetings.values():
        assert (row["location"], row["host_country"]) == ("Kuala Lumpur", "MYS")
    aid, tea = article_id(corpus, "002"), meetings["asean_us_informal"]["meeting_id"]
    said = corpus["article_meetings"].query("article_id == @aid and meeting_id == @tea")["matched"]
    assert "tiệc trà giữa các Bộ trưởng Quốc phòng ASEAN và Bộ trưởng Chiến tranh Hoa Kỳ" in set(said)
    # "trong khuôn khổ ADMM+", "Hoa Kỳ coi trọng ADMM+", "7 nhóm chuyên gia ADMM+": no ADMM+ meeting
    assert "admm_plus" not in meetings


def test_seed_003_reports_the_eleventh_policy_dialogue_in_fukuoka(corpus):
    meetings = reported(corpus, "003")
    assert set(meetings) == {"vnm_jpn_defence_policy_dialogue"}
    dialogue = meetings["vnm_jpn_defence_policy_dialogue"]
    assert (dialogue["edition"], dialogue["location"], dialogue["host_country"]) == (11, "Fukuoka", "JPN")
    assert dialogue["countries"] == "JPN;VNM"


def test_seed_004_reports_only_the_retreat_in_luang_prabang(corpus, resources):
    meetings = reported(corpus, "004")
    assert set(meetings) == {"admm_retreat"}
    retreat = meetings["admm_retreat"]
    assert (retreat["location"], retreat["host_country"]) == ("Luang Prabang", "LAO")
    # "Ngày 5/3" with "Năm ASEAN 2024" in the text: the year is inferred, and said to be
    assert (retreat["date"], retreat["date_origin"]) == ("2024-03-05", "inferred")
    assert "Năm ASEAN 2024" in retreat["date_note"]
    members = resources.gazetteer.asean_members(dt.date(2024, 3, 5))
    assert retreat["countries"].split(";") == members
    assert len(members) == 10 and "TLS" not in members


def test_every_seed_reports_at_least_one_meeting(corpus):
    assert (corpus["articles"]["meetings"] != "").all()


@pytest.fixture(scope="module")
def catalogue(resources):
    return resources.catalogue


@pytest.mark.parametrize(
    ("sentence", "edition"),
    [
        ("Hội nghị Bộ trưởng Quốc phòng các nước ASEAN lần thứ 12 diễn ra tại Hà Nội.", 12),
        ("Hội nghị Quan chức Quốc phòng Cao cấp Nhật Bản-ASEAN lần thứ hai tại Tokyo", 2),
        ("Đối thoại Shangri-La lần đầu tiên được tổ chức", 1),
        ("Đối thoại chính sách quốc phòng Việt - Nhật lần thứ mười một", 11),
        ("Hội nghị ADMM lần thứ hai mươi mốt", 21),
        ("Hội nghị ADMM lần thứ năm", 5),
        ("Hội nghị ADMM lần này", None),
        ("Hội nghị ADMM, lần thứ 3 Việt Nam tham dự", None),  # after a comma the number is not the edition
    ],
)
def test_edition_after_a_series_name(catalogue, sentence, edition):
    toks = tokens(sentence)
    name = catalogue.names.find(toks)[0]
    assert catalogue.edition(toks, name.last) == edition


def meetings_in(resources, *sentences, paragraph=5):
    """Return (series, edition, countries, place, host) for the meetings reported by sentences of one article.

    Sentences sit in paragraph 5 by default, past the lead, so that only cue words make them reports.
    """
    views = []
    for index, sentence in enumerate(sentences, 1):
        toks = tokens(sentence)
        views.append(SentenceView(index, paragraph, sentence, toks, resources.gazetteer.find(toks, sentence)))
    return [(m.series, m.edition, m.countries, m.place, m.host_country)
            for m in find_meetings(views, resources.catalogue, resources.gazetteer)]


def test_a_meeting_attended_is_reported(resources):
    assert meetings_in(resources, "Đại tướng dự ADMM Hẹp tại Luang Prabang, Lào.") == [
        ("admm_retreat", None, (), "Luang Prabang", "LAO"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Hai bên hợp tác hiệu quả trong khuôn khổ ADMM+ và các cơ chế do ASEAN dẫn dắt.",
        "Đoàn đã tham dự và nhấn mạnh tầm quan trọng của Hội nghị Bộ trưởng Quốc phòng ASEAN (ADMM).",
        "Hội nghị ADMM+ sẽ diễn ra vào tháng 11 tại Kuala Lumpur.",
    ],
)
def test_a_series_only_referred_to_is_not_a_meeting(resources, sentence):
    assert meetings_in(resources, sentence) == []


def test_du_an_is_not_the_cue_du(resources):
    # "dự" (attend) is a cue word; "dự án" (project) is not
    assert meetings_in(resources, "Đại tướng thăm dự án ADMM Hẹp tại Luang Prabang, Lào.") == []


def test_the_lead_reports_its_meeting_without_a_cue(resources):
    sentence = "Hội nghị Thứ trưởng Quốc phòng Nhật Bản - ASEAN lần thứ 12."
    assert meetings_in(resources, sentence, paragraph=1) == [("japan_asean_vice_ministerial_forum", 12, (), "", "")]
    assert meetings_in(resources, sentence, paragraph=5) == []


def test_bilateral_talks_take_the_countries_of_their_sentence(resources):
    sentence = "Bên lề Hội nghị, Thượng tướng có cuộc gặp song phương với Bộ trưởng Quốc phòng Campuchia."
    assert meetings_in(resources, sentence) == [("bilateral_talks", None, ("KHM", "VNM"), "", "")]
    # a courtesy call is not a bilateral talk
    assert meetings_in(resources, "Thứ trưởng đến chào xã giao Bộ trưởng Bộ Quốc phòng Nhật Bản.") == []


def test_a_generic_policy_dialogue_resolves_to_its_partner(resources):
    sentence = "Việt Nam và Nhật Bản vào ngày 10/2 tổ chức đối thoại chính sách quốc phòng lần thứ 11."
    assert meetings_in(resources, sentence) == [("vnm_jpn_defence_policy_dialogue", 11, (), "", "")]


ARTICLE_A = (
    "(VTC News) - Ngày 16/11/2023, Đại tướng Phan Văn Giang tham dự Hội nghị Bộ trưởng Quốc phòng các nước ASEAN "
    "lần thứ 17 tại Jakarta, Indonesia.\n\nCác Bộ trưởng thảo luận về an ninh hàng hải.\n"
)
ARTICLE_B = (
    "Sáng 16/11, tại Jakarta, Indonesia đã diễn ra Hội nghị Bộ trưởng Quốc phòng các nước ASEAN (ADMM) lần thứ 17."
    "\n\nĐoàn Việt Nam do Đại tướng Phan Văn Giang dẫn đầu.\nTheo TTXVN\n"
)


def test_one_meeting_reported_by_two_articles_is_one_meeting(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    corpus, _ = build(tmp_path, store_name=None)
    assert len(corpus["meetings"]) == 1
    meeting = corpus["meetings"].iloc[0]
    assert (meeting["meeting_id"], meeting["edition"]) == ("admm-17", 17)
    assert (meeting["location"], meeting["host_country"], meeting["date"]) == ("Jakarta", "IDN", "2023-11-16")
    assert sorted(meeting["article_ids"].split(";")) == sorted(corpus["articles"]["article_id"])
    assert list(corpus["articles"]["meetings"]) == ["admm-17", "admm-17"]


def test_two_editions_of_a_series_are_two_meetings(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE_B.replace("lần thứ 17", "lần thứ 18"), encoding="utf-8")
    corpus, _ = build(tmp_path, store_name=None)
    assert sorted(corpus["meetings"]["meeting_id"]) == ["admm-17", "admm-18"]
