"""Speakers: who said which sentence of the seeds, short snippets for each rule, and the people and organisations tables."""

import shutil

import pytest

from conftest import ROOT, article_id
from defence_news.meetings import SentenceView
from defence_news.resources import DataFileError
from defence_news.segment import split_sentences
from defence_news.speakers import find_speakers, parse_people
from defence_news.store import build
from defence_news.text import clean_text, tokens


def spoken(corpus, prefix):
    """Return a seed's statements as {sentence_index: (speaker, speaker_country, how)}."""
    aid = article_id(corpus, prefix)
    rows = corpus["statements"].query("article_id == @aid")
    return {r.sentence_index: (r.speaker, r.speaker_country, r.how) for r in rows.itertuples()}


def sentence_of(corpus, prefix, start):
    """Return the index of the seed sentence that begins with `start`."""
    aid = article_id(corpus, prefix)
    rows = corpus["sentences"].query("article_id == @aid")
    (index,) = [r.sentence_index for r in rows.itertuples() if r.sentence.startswith(start)]
    return index


def read(resources, *paragraphs):
    """Return what find_speakers finds in paragraphs read as one article, and the sentences it read."""
    views = []
    for number, paragraph in enumerate(paragraphs, 1):
        for text in split_sentences(clean_text(paragraph)):
            toks = tokens(text)
            views.append(SentenceView(len(views) + 1, number, text, toks, resources.gazetteer.find(toks, text)))
    return find_speakers(views, resources.speakers, resources.gazetteer), views


def said(resources, *paragraphs):
    """Return {sentence: (speaker, speaker_country, how)} for paragraphs read as one article; None for no speaker."""
    found, views = read(resources, *paragraphs)
    statements = {s.sentence_index: s for s in found.statements}
    return {
        v.text: (statements[v.index].speaker, statements[v.index].speaker_country, statements[v.index].how)
        if v.index in statements else None
        for v in views
    }


# --- the seeds --------------------------------------------------------------------------------------------------

def test_seed_003_kano_then_a_pronoun_and_chien_by_his_short_name(corpus):
    s = spoken(corpus, "003")
    assert s[sentence_of(corpus, "003", "Về phần mình, ông Kano nhấn mạnh")] == ("Kano Koji", "JPN", "explicit")
    # "Ông khẳng định ..." is the last person who spoke
    assert s[sentence_of(corpus, "003", "Ông khẳng định Nhật Bản ủng hộ")] == ("Kano Koji", "JPN", "pronoun")
    # "ông Chiến" is the "Ông Hoàng Xuân Chiến, Thứ trưởng Bộ Quốc phòng Việt Nam" of the lead
    assert s[sentence_of(corpus, "003", "Ông Chiến bày tỏ mong muốn")] == ("Hoàng Xuân Chiến", "VNM", "explicit")
    assert s[sentence_of(corpus, "003", "Liên quan đến vấn đề Biển Đông, ông Chiến")][0] == "Hoàng Xuân Chiến"


def test_seed_003_every_statement(corpus):
    # the quotation of TTXVN (sentence 3) is a news agency reporting, not a person speaking; the
    # lead (1) has countries, not people, before "cam kết"; the meeting itself (2) is said by nobody
    assert spoken(corpus, "003") == {
        4: ("Hoàng Xuân Chiến", "VNM", "explicit"),
        5: ("Hoàng Xuân Chiến", "VNM", "explicit"),
        6: ("Kano Koji", "JPN", "explicit"),
        7: ("Kano Koji", "JPN", "pronoun"),
        8: ("Hai bên", "", "explicit"),  # "trong đó hai bên xác nhận ..."
        9: ("Hai bên", "", "explicit"),  # "với việc hai bên khẳng định quyết tâm ..."
        10: ("Hai nhà lãnh đạo", "", "explicit"),
    }


def test_seed_000_pronouns_are_the_general_named_before(corpus):
    s = spoken(corpus, "000")
    chien = ("Hoàng Xuân Chiến", "VNM")
    assert s[sentence_of(corpus, "000", "Đồng chí Thượng tướng Hoàng Xuân Chiến")][:2] == chien
    for start in ("Đồng chí khẳng định", "Theo đồng chí, những thách thức này", "Đồng chí đánh giá cao"):
        assert s[sentence_of(corpus, "000", start)] == (*chien, "pronoun"), start
    ino = sentence_of(corpus, "000", "Tại Hội nghị, Thứ trưởng thường trực Bộ Quốc phòng Nhật Bản Ino Tosiro")
    assert s[ino] == ("Ino Tosiro", "JPN", "explicit")
    # "Thông qua Hội nghị lần này, Nhật Bản mong muốn ...": his paragraph goes on, Japan is no person
    assert s[ino + 1] == ("Ino Tosiro", "JPN", "continuation")
    assert sentence_of(corpus, "000", "/.") not in s


def test_seed_002_every_statement(corpus):
    giang, koizumi, hegseth = ("Phan Văn Giang", "VNM"), ("Koizumi Shinjiro", "JPN"), ("Pete Hegseth", "USA")
    asean = ("Bộ trưởng Quốc phòng các nước ASEAN", "")
    expected = {
        4: ("Các Bộ trưởng", "", "explicit"),
        6: ("Các Bộ trưởng", "", "explicit"),  # "Chia sẻ ..., các Bộ trưởng khẳng định"
        7: (*koizumi, "explicit"),
        8: (*giang, "explicit"),
        9: (*giang, "explicit"),  # "... tập trung vào 3 lĩnh vực trọng tâm:"
        10: (*giang, "continuation"),  # "Một là hợp tác hỗ trợ nhân đạo ..."
        11: (*giang, "explicit"),
        12: (*giang, "continuation"),  # "Hai là hợp tác hàng hải."
        13: (*giang, "explicit"),
        14: (*giang, "continuation"),
        15: (*giang, "continuation"),  # "Ba là ..."
        16: (*giang, "explicit"),  # "Theo Đại tướng Phan Văn Giang, ..."
        18: (*giang, "explicit"),
        20: (*hegseth, "explicit"),
        21: (*hegseth, "explicit"),
        22: (*asean, "explicit"),
        23: (*asean, "continuation"),
        25: (*giang, "explicit"),  # "Về phần mình, Đại tướng Phan Văn Giang đánh giá ..."
        26: (*giang, "continuation"),
        27: (*giang, "explicit"),
        29: (*giang, "explicit"),
        30: (*giang, "explicit"),
        31: (*giang, "explicit"),
    }
    assert spoken(corpus, "002") == expected
    # captions and "Đại tướng Phan Văn Giang dự tiệc trà ..." report no words
    assert sentence_of(corpus, "002", "Bộ trưởng Chiến tranh Hoa Kỳ Pete Hegseth (ngồi bên phải)") not in expected


def test_seed_002_roles_are_those_the_article_gives(corpus):
    aid = article_id(corpus, "002")
    roles = corpus["statements"].query("article_id == @aid").set_index("speaker")["role"].to_dict()
    # "Đại tướng Phan Văn Giang, Ủy viên Bộ Chính trị, Phó bí thư Quân ủy Trung ương, Bộ trưởng Bộ Quốc phòng"
    assert roles["Phan Văn Giang"] == "Bộ trưởng Bộ Quốc phòng"
    assert roles["Koizumi Shinjiro"] == "Bộ trưởng Bộ Quốc phòng"
    assert roles["Pete Hegseth"] == "Bộ trưởng Chiến tranh"
    assert roles["Các Bộ trưởng"] == ""


def test_seed_004_a_quotation_over_two_sentences_and_theo(corpus):
    s = spoken(corpus, "004")
    cuong = ("Nguyễn Tân Cương", "VNM")
    opening = sentence_of(corpus, "004", "“Việt Nam luôn chủ trương kiên định")
    # the quotation closes in the next sentence: "... (COC) cụ thể, hiệu quả ...”, Thượng tướng Nguyễn Tân Cương phát biểu."
    assert s[opening] == s[opening + 1] == (*cuong, "quote")
    assert s[sentence_of(corpus, "004", "Theo Thượng tướng Nguyễn Tân Cương, triển lãm")] == (*cuong, "explicit")
    assert s[sentence_of(corpus, "004", "Bên cạnh đó, ADMM+ là cơ chế")] == (*cuong, "continuation")
    lao = sentence_of(corpus, "004", "Phát biểu tại hội nghị, Đại tướng Chansamone Chanyalath")
    assert s[lao] == ("Chansamone Chanyalath", "LAO", "explicit")
    assert s[lao + 1] == ("Chansamone Chanyalath", "LAO", "continuation")  # "Đó là những minh chứng ..."
    assert s[sentence_of(corpus, "004", "Các trưởng đoàn đều khẳng định")] == ("Các trưởng đoàn", "", "explicit")
    assert sentence_of(corpus, "004", "Thượng tướng Nguyễn Tân Cương dẫn đầu đoàn") not in s


def test_seed_001_a_minister_by_his_short_name(corpus):
    s = spoken(corpus, "001")
    assert s[sentence_of(corpus, "001", "Đối với sáng kiến tổ chức ADMM+")] == ("Toshimi Kitazawa", "JPN", "explicit")


def test_statements_carry_the_topics_of_their_sentence(corpus):
    topics = corpus["mentions"].query("kind == 'topic'").sort_values(["article_id", "sentence_index", "start"])
    expected = topics.groupby(["article_id", "sentence_index"])["key"].agg(lambda k: ";".join(dict.fromkeys(k)))
    for row in corpus["statements"].itertuples():
        assert row.topics == expected.get((row.article_id, row.sentence_index), ""), row
        assert row.matched in row.sentence
    aid = article_id(corpus, "003")
    row = corpus["statements"].query("article_id == @aid and sentence_index == 5").iloc[0]
    assert row["topics"] == "south_china_sea;international_law"


# --- the rules, on snippets -------------------------------------------------------------------------------------

def test_a_sentence_without_a_speaker_has_no_statement(resources):
    assert said(resources, "Đại tướng Phan Văn Giang dự tiệc trà giữa các Bộ trưởng Quốc phòng ASEAN.") == {
        "Đại tướng Phan Văn Giang dự tiệc trà giữa các Bộ trưởng Quốc phòng ASEAN.": None,
    }
    # a source cited with "theo" is not a speaker, nor is a meeting whose name holds an office
    assert set(said(resources, "Hai nước tăng cường hợp tác quốc phòng, theo QĐND.",
                    "Hội nghị Bộ trưởng Quốc phòng các nước ASEAN nhất trí thông qua tuyên bố chung.").values()) == {None}


@pytest.mark.parametrize("sentence", [
    "Đại tướng Phan Văn Giang tham dự Hội nghị Tư lệnh Hải quân ASEAN lần thứ 5.",
    "Hội nghị Người đứng đầu Tình báo Quân sự các nước ASEAN diễn ra tại Hà Nội, có Đại tướng Phan Văn Giang.",
    "Đại tướng Phan Văn Giang dự Hội nghị Bộ trưởng Quốc phòng ASEAN Mở rộng cùng Đại tướng Phan Văn Giang.",
])
def test_a_capitalised_word_of_a_meetings_name_is_no_person(resources, sentence):
    found, _ = read(resources, sentence)
    assert {n.name for n in found.named if n.kind == "person"} == {"Phan Văn Giang"}


def test_a_new_person_takes_the_country_after_the_title(resources):
    got = said(resources,
               "Bộ trưởng Quốc phòng Campuchia Tea Banh khẳng định hai nước sẽ tăng cường hợp tác.",
               "Thiếu tướng Lê Văn Hùng, Thứ trưởng Bộ Quốc phòng Việt Nam, đề nghị mở rộng đào tạo. "
               "Ông Banh nhấn mạnh vai trò trung tâm của ASEAN.")
    assert list(got.values()) == [
        ("Tea Banh", "KHM", "explicit"),
        ("Lê Văn Hùng", "VNM", "explicit"),
        ("Tea Banh", "KHM", "explicit"),  # "Ông Banh" is the Tea Banh named before
    ]


def test_a_new_person_extends_the_people_table(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Ngày 5/3/2024, Bộ trưởng Quốc phòng Campuchia Tea Banh tham dự ADMM Hẹp tại Luang Prabang, Lào.\n"
        "Bộ trưởng Tea Banh khẳng định Campuchia ủng hộ vai trò trung tâm của ASEAN.\n", encoding="utf-8")
    corpus, _ = build(folder, store_name=None)
    people = corpus["people"].set_index("person")
    assert people.loc["Tea Banh", ["country", "roles", "origin"]].tolist() == ["KHM", "Bộ trưởng Quốc phòng", "text"]
    assert people.loc["Tea Banh", "aliases"] == "Bộ trưởng Tea Banh"
    assert people.loc["Tea Banh", "meeting_ids"] == "admm_retreat-2024-03-05"
    (statement,) = corpus["statements"].itertuples()
    assert (statement.speaker, statement.speaker_country, statement.role) == ("Tea Banh", "KHM", "Bộ trưởng Quốc phòng")


def test_a_title_without_a_name_is_the_person_named_with_it(resources):
    got = said(resources, "Bộ trưởng Bộ Quốc phòng Nhật Bản Koizumi Shinjiro hội đàm với Đại tướng Phan Văn Giang. "
                          "Bộ trưởng Quốc phòng Nhật Bản khẳng định Nhật Bản ủng hộ ASEAN.")
    assert list(got.values()) == [None, ("Koizumi Shinjiro", "JPN", "pronoun")]


def test_a_pronoun_with_no_one_before_it_has_no_statement(resources):
    assert list(said(resources, "Ông khẳng định hai nước sẽ hợp tác.").values()) == [None]


def test_a_quotation_after_the_speaker_goes_on_with_him(resources):
    got = said(resources, "Thượng tướng Hoàng Xuân Chiến phát biểu: “Việt Nam luôn ủng hộ vai trò trung tâm của ASEAN. "
                          "Chúng tôi sẵn sàng hợp tác với mọi đối tác.”")
    # underthesea cuts the closing mark off as a sentence of its own, which says nothing
    assert got == {
        "Thượng tướng Hoàng Xuân Chiến phát biểu: “Việt Nam luôn ủng hộ vai trò trung tâm của ASEAN.":
            ("Hoàng Xuân Chiến", "VNM", "explicit"),
        "Chúng tôi sẵn sàng hợp tác với mọi đối tác.": ("Hoàng Xuân Chiến", "VNM", "quote"),
        "”": None,
    }


def test_a_group_names_its_country_when_it_names_one(resources):
    got = said(resources, "Các quan chức Nhật Bản khẳng định sẽ tăng cường hợp tác. Hai bên nhất trí ký kết thỏa thuận.")
    assert list(got.values()) == [("Các quan chức Nhật Bản", "JPN", "explicit"), ("Hai bên", "", "explicit")]


def test_a_new_paragraph_is_narration_unless_it_opens_with_a_cue(resources):
    got = said(resources, "Đại tướng Phan Văn Giang nhấn mạnh hợp tác quốc phòng là trụ cột.",
               "Hội nghị diễn ra trong hai ngày.",
               "Đại tướng Phan Văn Giang đề xuất ba lĩnh vực:", "Một là hợp tác hàng hải.")
    assert [v[2] if v else None for v in got.values()] == ["explicit", None, "explicit", "continuation"]


# --- the people table and its curation --------------------------------------------------------------------------

def test_people_table_of_the_seeds(corpus):
    people = corpus["people"].set_index("person")
    chien = people.loc["Hoàng Xuân Chiến"]
    assert (chien["country"], chien["origin"]) == ("VNM", "curated")
    assert chien["roles"].split(";")[:2] == ["Thứ trưởng Bộ Quốc phòng", "Thượng tướng"]
    assert {"ông Chiến", "Thượng tướng Hoàng Xuân Chiến"} <= set(chien["aliases"].split(";"))
    assert set(chien["article_ids"].split(";")) == {article_id(corpus, "000"), article_id(corpus, "003")}
    assert {"japan_asean_vice_ministerial_forum-12", "vnm_jpn_defence_policy_dialogue-11"} <= set(
        chien["meeting_ids"].split(";"))
    # named, never speaking, still in the directory; curated people no seed names are not
    assert people.loc["Donald Trump", "country"] == "USA"
    assert "Richard Marles" not in people.index
    # the seed writes "Dato’" with a typographic apostrophe; the curated row has "Dato'"
    assert people.loc["Dato' Astanah Abdul Aziz", "country"] == ""
    assert "Dato’ Astanah Abdul Aziz" in people.loc["Dato' Astanah Abdul Aziz", "aliases"].split(";")
    assert set(people["origin"]) == {"curated"}


def test_organisations_table_of_the_seeds(corpus):
    orgs = corpus["organisations"].set_index("organisation")
    assert orgs.loc["Bộ Ngoại giao Nhật Bản", ["country", "kind"]].tolist() == ["JPN", "ministry"]
    assert orgs.loc["Nhóm chuyên gia ADMM+ về An ninh hàng hải", ["country", "kind"]].tolist() == ["", "body"]
    # "Thứ trưởng Bộ Quốc phòng" of Thượng tướng Nguyễn Tân Cương is Vietnam's ministry
    assert article_id(corpus, "004") in orgs.loc["Bộ Quốc phòng Việt Nam", "article_ids"].split(";")
    assert orgs.loc["Bộ Quốc phòng Lào", "meeting_ids"] == "admm_retreat-2024-03-05"
    # seed 003: "gìn giữ hòa bình Liên Hiệp Quốc" names the UN; "Công ước của LHQ về Luật Biển" is a convention
    assert orgs.loc["Liên hợp quốc", "aliases"] == "Liên Hiệp Quốc"


def test_a_curated_correction_wins(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    people = (data / "people.csv").read_text(encoding="utf-8")
    people = people.replace("Ino Tosiro,JPN,", "Ino Toshiro,JPN,").replace("Ino Toshiro;Toshiro Ino", "Ino Tosiro")
    (data / "people.csv").write_text(people, encoding="utf-8")
    monkeypatch.setenv("DEFENCE_NEWS_DATA", str(data))
    corpus, _ = build(store_name=None)
    aid = article_id(corpus, "000")
    row = corpus["statements"].query("article_id == @aid and sentence_index == 2").iloc[0]
    assert (row["speaker"], row["speaker_country"]) == ("Ino Toshiro", "JPN")
    assert corpus["people"].set_index("person").loc["Ino Toshiro", "aliases"] == "Ino Tosiro"
    assert "Ino Tosiro" not in set(corpus["people"]["person"])


@pytest.mark.parametrize(("rows", "problem"), [
    ["Ai Đó,XYZ,,,", "line 2: unknown country 'XYZ'"],
    [",VNM,,,", "line 2: the 'person' cell is empty"],
    ["Phan Văn Giang,VNM,,,\nAi Đó,VNM,,Phan Văn Giang,", "line 3: 'Phan Văn Giang' names both Phan Văn Giang and Ai Đó"],
])
def test_people_csv_errors_name_the_line(resources, rows, problem):
    text = "person,country,roles,aliases,note\n" + rows + "\n"
    with pytest.raises(DataFileError, match=problem):
        parse_people(text, "people.csv", set(resources.gazetteer.countries))
