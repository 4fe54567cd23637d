"""The People page, run with AppTest on the seed store: the directory of people and bodies, what
one person says, the filters, and what each download serves."""

import html
import re

import pytest

from conftest import article_id
from defence_news.export import csv_bytes
from defence_news.query import people_directory, statement_rows
from page_testing import download, open_page, served, shown  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def seed_store(corpus):
    """The seed store the app reads, built by the `corpus` fixture."""


def quoted(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith(("**Các câu được trích**", "**The quoted statements**"))]


def test_the_directory_names_every_person_with_roles_and_meetings(corpus, served):
    at = open_page("people", lang="en")
    assert not at.exception
    people = shown(at, "person")
    assert people["person"].tolist() == people_directory(corpus, list(corpus["articles"]["article_id"]))[
        "person"].tolist()
    chien = people.set_index("person").loc["Hoàng Xuân Chiến"]
    assert chien[["country_name", "articles", "statements", "origin"]].tolist() == ["Vietnam", 2, 7, "curated"]
    assert chien["meetings"].split("; ")[-1] == "Vietnam-Japan Defence Policy Dialogue #11 (2025-02-10, Fukuoka)"
    data, name = download(at, served, "people")
    assert (data, name) == (csv_bytes(people), "people__all.csv")
    organisations = shown(at, "organisation")
    assert organisations.set_index("organisation").loc["Bộ Quốc phòng Lào", ["kind", "articles"]].tolist() == [
        "ministry", 1]
    assert download(at, served, "organisations")[0] == csv_bytes(organisations)


def test_a_person_of_no_country_shows_a_blank_not_none(corpus):
    # the store holds country as categories, and Streamlit draws a blank category as "None": tables show text
    at = open_page("people", lang="en")
    people = shown(at, "person")
    assert people.set_index("person").loc["Dato' Astanah Abdul Aziz", ["country", "country_name"]].tolist() == ["", ""]
    assert not [c for c in people.columns if str(people[c].dtype) == "category"]


def test_the_most_quoted_person_first_then_anyone_picked(corpus, served):
    at = open_page("people")
    ids = list(corpus["articles"]["article_id"])
    assert at.selectbox(key="person").value == "Phan Văn Giang"
    assert quoted(at) == ["**Các câu được trích** (16)"]
    at.selectbox(key="person").set_value("Chansamone Chanyalath").run()
    assert not at.exception
    expected = statement_rows(corpus, ids, speaker="Chansamone Chanyalath")
    assert quoted(at) == [f"**Các câu được trích** ({len(expected)})"]
    assert download(at, served, "statements_of_Chansamone_Chanyalath")[0] == csv_bytes(expected)
    assert sum("Chansamone Chanyalath · Bộ trưởng Bộ Quốc phòng · Lào" in h.proto.body for h in at.get("html")) == 3


def test_a_filter_keeps_the_people_of_its_articles_and_stays_in_the_link(corpus, served):
    at = open_page("people", series="vnm_jpn_defence_policy_dialogue")
    assert not at.exception
    assert at.query_params == {"series": "vnm_jpn_defence_policy_dialogue"}
    people = shown(at, "person")
    # seed 003 alone reports the dialogue
    assert sorted(people["person"]) == sorted(people_directory(corpus, [article_id(corpus, "003")])["person"])
    assert "Phan Văn Giang" not in set(people["person"])
    data, name = download(at, served, "people")
    assert name == "people__vnm_jpn_defence_policy_dialogue.csv" and data == csv_bytes(people)


def test_a_selection_naming_no_one_says_so_plainly():
    at = open_page("people", series="admm_retreat", country="KHM")
    assert not at.exception
    assert [info.value for info in at.info] == ["Không có dữ liệu cho lựa chọn này. Hãy nới bộ lọc ở thanh bên."] * 2
    assert "person" not in [box.key for box in at.selectbox]


def test_more_statements_than_a_page_lists_are_listed_in_part_and_downloaded_whole(corpus, served, monkeypatch):
    import pages.common

    monkeypatch.setattr(pages.common, "MAX_LISTED", 5)
    at = open_page("people", lang="en")
    assert not at.exception
    expected = statement_rows(corpus, list(corpus["articles"]["article_id"]), speaker="Phan Văn Giang")
    assert any(f"Showing the first 5 of {len(expected)} sentences" in c.value for c in at.caption)
    listed = [h.proto.body for h in at.get("html") if "Phan Văn Giang" in h.proto.body]
    assert len(listed) == 5
    # the first five, in order, though only their sentences were read
    for body, r in zip(listed, expected.head(5).itertuples()):
        text = html.unescape(re.sub(r"<[^>]+>", "", body))
        assert f"{r.date} · {r.file} · #{r.sentence_index}" in text and r.sentence in text
    assert download(at, served, "statements_of_Phan_Văn_Giang")[0] == csv_bytes(expected)
