"""The people and organisations directory and the statements behind it, on the seeds."""

from conftest import all_ids, article_id
from defence_news.query import STATEMENT_ROW_COLUMNS, organisation_directory, people_directory, statement_rows



def test_every_person_named_with_roles_meetings_and_what_they_say(corpus):
    people = people_directory(corpus, all_ids(corpus))
    assert list(people.columns) == ["person", "country", "roles", "aliases", "meeting_ids", "articles", "statements",
                                    "origin"]
    assert set(people["person"]) == set(corpus["people"]["person"])
    # the most quoted first: the minister speaks sixteen sentences of seed 002
    assert people.iloc[0][["person", "country", "statements", "origin"]].tolist() == [
        "Phan Văn Giang", "VNM", 16, "curated"]
    chien = people.set_index("person").loc["Hoàng Xuân Chiến"]
    assert chien["articles"] == 2
    assert "Thứ trưởng Bộ Quốc phòng" in chien["roles"].split(";")
    # his two articles report three meetings, written in the order they met
    assert chien["meeting_ids"].split(";") == ["bilateral_talks-KHM-VNM-2023", "japan_asean_vice_ministerial_forum-12",
                                               "vnm_jpn_defence_policy_dialogue-11"]
    said = corpus["statements"]
    assert people.set_index("person")["statements"].to_dict() == {
        person: int((said["speaker"] == person).sum()) for person in people["person"]}


def test_the_directory_follows_the_selection(corpus):
    seed = article_id(corpus, "003")
    people = people_directory(corpus, [seed]).set_index("person")
    assert "Phan Văn Giang" not in people.index
    # seed 003 names Hoàng Xuân Chiến at the eleventh Vietnam–Japan dialogue only
    assert people.loc["Hoàng Xuân Chiến", ["meeting_ids", "articles"]].tolist() == [
        "vnm_jpn_defence_policy_dialogue-11", 1]
    assert people_directory(corpus, []).empty
    assert organisation_directory(corpus, []).empty


def test_organisations_with_their_kind_and_meetings(corpus):
    organisations = organisation_directory(corpus, all_ids(corpus))
    assert list(organisations.columns) == ["organisation", "country", "kind", "aliases", "meeting_ids", "articles"]
    first = organisations.iloc[0]
    assert first[["organisation", "country", "kind", "articles"]].tolist() == ["Bộ Quốc phòng Việt Nam", "VNM",
                                                                               "ministry", 5]
    assert len(first["meeting_ids"].split(";")) == len(corpus["meetings"])
    assert organisations.set_index("organisation").loc["Nhóm chuyên gia ADMM+", "kind"] == "body"


def test_statement_rows_by_speaker_country_and_topic(corpus):
    ids = all_ids(corpus)
    rows = statement_rows(corpus, ids, speaker="Chansamone Chanyalath")
    assert list(rows.columns) == STATEMENT_ROW_COLUMNS
    assert rows[["file", "sentence_index", "role"]].values.tolist() == [
        ["004_a7a3af67e305c8bc.txt", i, "Bộ trưởng Bộ Quốc phòng"] for i in (5, 6, 7)]
    japan = statement_rows(corpus, ids, country="JPN", topic="south_china_sea")
    assert japan["speaker"].tolist() == ["Koizumi Shinjiro"]
    # a topic is one of the ";"-joined ids, never a part of one
    assert statement_rows(corpus, ids, topic="security").empty
