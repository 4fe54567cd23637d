"""The Overview (dashboard.py), run with AppTest on the seed store: figures, top topics, the
topic × meeting grid and the latest meetings, against the corpus tables."""

import pytest
from streamlit.testing.v1 import AppTest

import pages.common
from conftest import ROOT, article_id
from defence_news.export import csv_bytes
from page_testing import download, read_csv, served  # noqa: F401


@pytest.fixture(autouse=True)
def seed_store(corpus):
    """The seed store the app reads, built by the `corpus` fixture."""


def overview(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def figures(at) -> list[str]:
    return [m.value for m in at.metric]


def test_the_figures_are_those_of_the_corpus(corpus):
    at = overview(lang="en")
    assert not at.exception
    assert at.title[0].value == "Overview"
    meetings = corpus["meetings"]
    countries = corpus["country_mentions"]["country"].nunique()
    assert figures(at) == [str(len(corpus["articles"])), str(len(meetings)), str(countries), "2010–2025"]


def test_a_link_with_a_country_narrows_every_figure(corpus):
    at = overview(country="KHM")
    # only seed 000 names Cambodia; it reports the forum and the talks with Cambodia
    seed = article_id(corpus, "000")
    links = corpus["article_meetings"]
    named = corpus["country_mentions"]
    assert figures(at) == ["1", str(links[links["article_id"] == seed]["meeting_id"].nunique()),
                           str(named[named["article_id"] == seed]["country"].nunique()), "2023–2023"]
    assert at.query_params == {"country": "KHM"}


def test_a_topic_chosen_in_the_sidebar_goes_into_the_link_and_the_figures(corpus):
    at = overview()
    at.multiselect(key="topic").set_value(["peacekeeping"]).run()
    topics = corpus["topic_counts"]
    assert figures(at)[0] == str(topics[topics["topic"] == "peacekeeping"]["article_id"].nunique())
    assert at.query_params == {"topic": "peacekeeping"}


def test_the_top_topics_download_is_the_sum_of_topic_counts(corpus, served):
    at = overview(lang="en")
    data, name = download(at, served, "top_topics")
    assert name == "top_topics__all.csv"
    shown = read_csv(data)
    totals = corpus["topic_counts"].groupby("topic")["hits"].sum()
    assert len(shown) == min(12, len(totals))
    assert all(int(r.hits) == totals[r.topic] for r in shown.itertuples())
    # the twelve largest: no topic left out has more hits than one shown
    assert totals.drop(shown["topic"]).max() <= shown["hits"].astype(int).min()


def test_the_latest_meetings_download_equals_the_table_shown(served):
    at = overview(lang="en")
    data, _ = download(at, served, "latest_meetings")
    assert data == csv_bytes(at.dataframe[0].value)


def test_an_empty_selection_says_so():
    at = overview(**{"from": "2024-01-01", "to": "2024-01-31", "lang": "en"})
    assert figures(at)[0] == "0"
    assert any("Nothing matches" in i.value for i in at.info)


def test_a_long_meeting_list_holds_the_most_named_meetings_and_those_chosen(corpus, monkeypatch):
    monkeypatch.setattr(pages.common, "MAX_MEETINGS", 2)
    named = corpus["article_meetings"]["meeting_id"].value_counts()
    least = named.index[-1]
    at = overview(lang="en", meeting=least)
    assert not at.exception
    box = at.sidebar.multiselect(key="meeting")
    assert box.value == [least]
    # the two meetings named in the most sentences, and the one the link chose, in date order
    namer = pages.common.meeting_namer(corpus["meetings"], "en")
    dates = {namer(m): date for m, date in corpus["meetings"].set_index("meeting_id").loc[
        [*named.index[:2], least], "date"].items()}
    assert sorted(box.options) == sorted(dates)
    assert [dates[name] for name in box.options] == sorted(dates.values())
    assert any(f"The list holds the 2 meetings named in the most sentences, of {len(corpus['meetings'])}" in c.value
               for c in at.sidebar.caption)
