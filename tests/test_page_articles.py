"""The Articles page, run with AppTest: the listing with where each value came from, search,
filters in the address, and the reading view with its matches highlighted and escaped."""

import pytest

from conftest import article_id
from defence_news.export import csv_bytes
from defence_news.query import with_sentences
from page_testing import download, hostile_corpus, open_page, served  # noqa: F401 (fixtures)


@pytest.fixture
def seed_store(corpus):
    """The seed store the app reads, built by the `corpus` fixture."""
    return corpus


def shown(at, first_column):
    """Return the table shown whose first column is `first_column`."""
    return next(d.value for d in at.dataframe if d.value.columns[0] == first_column)


def article_html(at):
    return next(h.value for h in at.get("html") if "class='article-text'" in h.value)


def test_the_listing_says_where_each_value_came_from_and_downloads_as_shown(seed_store, served):
    at = open_page("articles")
    assert not at.exception
    listing = shown(at, "file")
    assert sorted(listing["file"]) == sorted(seed_store["articles"]["file"])
    assert {"title_origin", "date_origin", "date_note", "source_origin", "source_evidence", "url_origin",
            "location_origin"} <= set(listing.columns)
    data, name = download(at, served, "articles")
    assert (data, name) == (csv_bytes(listing), "articles__all.csv")


def test_filters_in_the_address_select_the_articles_and_stay_there(seed_store, served):
    at = open_page("articles", country="KHM")
    assert not at.exception
    assert shown(at, "file")["file"].tolist() == [seed_store["articles"].set_index("article_id").at[
        article_id(seed_store, "000"), "file"]]
    assert at.query_params["country"] in ("KHM", ["KHM"])
    at.multiselect(key="topic").set_value(["south_china_sea"]).run()
    assert at.query_params["topic"] in ("south_china_sea", ["south_china_sea"])
    assert at.query_params["country"] in ("KHM", ["KHM"])
    assert download(at, served, "articles")[1] == "articles__KHM-south_china_sea.csv"


def test_search_finds_the_articles_that_hold_the_words(seed_store):
    at = open_page("articles")
    at.text_input(key="q").input("campuchia").run()
    assert not at.exception
    assert shown(at, "file")["file"].str[:3].tolist() == ["000"]
    assert shown(at, "file")["matching_sentences"].tolist() == [2]
    assert any(caption.value == "1 / 5 bài" for caption in at.caption)
    at.text_input(key="q").input("không có trong bài nào").run()
    assert any(info.value.startswith("Không có dữ liệu") for info in at.info)
    assert not at.get("html")


def test_the_reading_view_highlights_topics_countries_and_places(seed_store, served):
    seed = article_id(seed_store, "004")
    at = open_page("articles")
    at.selectbox(key="article").set_value(seed).run()
    assert not at.exception
    body = article_html(at)
    mentions = seed_store["mentions"].query("article_id == @seed")
    # a match inside a longer one is not marked again: "Biển Đông" (a place) inside "vấn đề Biển Đông"
    # (a topic), "Việt Nam" inside "Triển lãm Quốc phòng Quốc tế Việt Nam"
    spans = mentions[["sentence_index", "start", "end"]].drop_duplicates().values.tolist()
    outermost = [(s, a, b) for s, a, b in spans
                 if not any(s == s2 and a2 <= a and b <= b2 and (a2, b2) != (a, b) for s2, a2, b2 in spans)]
    # the legend's three marks are written with single quotes
    assert body.count('<mark class="') == len(outermost) < len(mentions)
    for kind in ("topic", "country", "place"):
        assert f'<mark class="{kind}"' in body
    assert '<mark class="topic" title="Biển Đông · south_china_sea">' in body
    # each match with the sentence it was found in
    matches = with_sentences(mentions, seed_store["sentences"])
    assert [s[a:b] for s, a, b in zip(matches["sentence"], matches["start"], matches["end"])] == matches[
        "matched"].tolist()
    assert download(at, served, f"article_mentions_{seed}")[0] == csv_bytes(matches)
    meetings = shown(at, "meeting_id")
    assert meetings[["meeting_id", "role"]].values.tolist() == [["admm_retreat-2024-03-05", "main"]]
    assert download(at, served, f"article_meetings_{seed}")[0] == csv_bytes(meetings)
    metadata = shown(at, "field").set_index("field")
    # "Ngày 5/3" with the year of the ASEAN chair named in the text
    assert metadata.loc["date", ["value", "origin"]].tolist() == ["2024-03-05", "inferred"]
    assert metadata.loc["date", "evidence"].startswith("“Ngày 5/3”")


def test_a_year_only_date_is_written_as_the_year(seed_store):
    at = open_page("articles")
    at.selectbox(key="article").set_value(article_id(seed_store, "000")).run()
    assert shown(at, "field").set_index("field").at["date", "value"] == "2023"


def test_markup_in_an_article_is_shown_as_text(hostile_corpus):
    at = open_page("articles")
    assert not at.exception
    assert "<script>alert(1)</script>" in shown(at, "file")["title"].iloc[0]
    body = article_html(at)
    assert "<script" not in body and "<img" not in body
    assert body.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3
    assert "&lt;img src=x onerror=alert(2)&gt;" in body
    assert '<mark class="country" title="Campuchia · KHM">Campuchia</mark>' in body
