"""The Trends page, run with AppTest on the seed store: a series over its editions, what is new
against the articles before, and discovered terms added to the session's lexicon in one click."""

import pytest

from conftest import all_ids, article_id
from defence_news.discovery import discover_terms
from defence_news.export import csv_bytes
from defence_news.query import evidence
from defence_news.trends import series_trend, whats_new
from page_testing import chart_spec, click, download, open_page, read_csv, served, shown  # noqa: F401 (fixture)

FORUM = "japan_asean_vice_ministerial_forum"
TWELFTH = "japan_asean_vice_ministerial_forum-12"


@pytest.fixture(autouse=True)
def seed_store(corpus):
    """The seed store the app reads, built by the `corpus` fixture."""



def test_the_forum_over_its_editions_downloads_what_it_draws(corpus, served):
    at = open_page("trends", lang="en")
    assert not at.exception
    assert at.selectbox(key="trend_series").value == FORUM
    spec = chart_spec(at, f"series_trend_{FORUM}")
    assert spec["layout"]["xaxis"]["categoryarray"] == ["#2 · 2010-03-24", "#12 · 2023"]
    data, name = download(at, served, f"series_trend_{FORUM}")
    assert name == f"series_trend_{FORUM}__all.csv"
    table = read_csv(data)
    expected = series_trend(corpus, FORUM)
    assert table[["meeting_id", "topic", "hits", "share"]].values.tolist() == [
        [r.meeting_id, r.topic, str(r.hits), str(r.share)] for r in expected.itertuples()]
    drawn = sorted((point[0], point[1]) for trace in spec["data"] for point in trace["customdata"])
    assert drawn == sorted(zip(table["meeting_id"], table["topic"]))


def test_a_clicked_share_opens_to_its_sentences(corpus, served):
    at = open_page("trends")
    at = click(at, f"series_trend_{FORUM}", {"customdata": [TWELFTH, "south_china_sea"]})
    assert not at.exception
    assert at.selectbox(key=f"pick-trend-{FORUM}").value == (TWELFTH, "south_china_sea")
    expected = evidence(corpus, all_ids(corpus), kind="topic", key="south_china_sea", meeting=TWELFTH)
    assert len(expected) == 3
    assert download(at, served, f"sentences_trend_{FORUM}")[0] == csv_bytes(expected)


def test_what_the_latest_meeting_brings_against_the_articles_before_it(corpus, served):
    at = open_page("trends")
    assert at.selectbox(key="new_meeting").value == "asean_us_informal-2025-11-01"
    new = whats_new(corpus, [article_id(corpus, "002")])
    assert len(new.reference_ids) == 4
    terms = shown(at, "term_display")
    assert terms["term"].tolist() == new.terms["term"].tolist()
    assert download(at, served, "new_terms")[0] == csv_bytes(terms)
    rising = shown(at, "change")
    assert rising["topic"].tolist() == new.topics["topic"].tolist()
    assert download(at, served, "rising_topics")[0] == csv_bytes(rising)


def test_the_selection_from_2020_against_2010(corpus, served):
    at = open_page("trends", **{"from": "2020-01-01"})
    at.segmented_control(key="new_target").set_value("selection").run()
    assert not at.exception
    assert at.query_params == {"from": "2020-01-01"}
    old = article_id(corpus, "001")
    new = whats_new(corpus, [a for a in all_ids(corpus) if a != old])
    assert new.reference_ids == [old]
    terms = shown(at, "term_display")
    assert "biển_đông" in set(terms["term"])
    assert terms["term"].tolist() == new.terms["term"].tolist()
    data, name = download(at, served, "new_terms")
    assert name == "new_terms__2020-01-01_.csv" and data == csv_bytes(terms)
    assert shown(at, "change")["topic"].iloc[0] == "south_china_sea"


def test_the_whole_corpus_has_nothing_before_it_and_says_so():
    at = open_page("trends", lang="en")
    at.segmented_control(key="new_target").set_value("selection").run()
    assert any(info.value.startswith("No article is dated before 2010-03-24") for info in at.info)


def test_discovered_terms_are_the_table_shown_and_one_click_adds_one_to_the_session_lexicon(corpus, resources, served):
    at = open_page("trends")
    found = shown(at, "suggested_topic")
    expected = discover_terms(corpus, all_ids(corpus), resources.lexicon)
    assert csv_bytes(found[expected.columns]) == csv_bytes(expected)
    assert download(at, served, "discovered_terms")[0] == csv_bytes(found)
    at.selectbox(key="trend_series").set_value("admm_retreat").run()

    def centrality_hits():
        trend = read_csv(download(at, served, "series_trend_admm_retreat")[0]).set_index("topic")
        return int(trend.loc["asean_centrality", "hits"])

    before = centrality_hits()
    # "đoàn kết" (solidarity), suggested for ASEAN centrality, stands alone three times in seed 004
    row = expected[expected["phrase"] == "đoàn kết"].iloc[0]
    assert row["suggested_topic"] == "asean_centrality"
    at.button(key=f"add-{row['component']}-{row['rank']}").click().run()
    assert not at.exception
    assert "đoàn kết" in at.session_state["session_lexicon"].topics["asean_centrality"].terms_vi
    # every count now uses the session's lexicon: the retreat's ASEAN-centrality hits and the sentences behind them
    assert centrality_hits() == before + 3
    found = shown(at, "suggested_topic")
    assert set(found.loc[found["phrase"] == "đoàn kết", "in_lexicon"]) == {"asean_centrality"}
    assert not [b for b in at.button if b.key == f"add-{row['component']}-{row['rank']}"]


def test_one_article_is_too_few_to_discover_topics_and_says_so():
    at = open_page("trends", series="admm_retreat", lang="en")
    assert not at.exception
    assert any(info.value.startswith("Too few articles to discover topics: it needs at least 2") for info in at.info)


def test_discovery_on_a_selection_larger_than_it_reads_says_how_many_it_read(corpus, monkeypatch):
    from defence_news import discovery

    monkeypatch.setattr(discovery, "MAX_ARTICLES", 3)
    at = open_page("trends", lang="en")
    assert not at.exception
    assert any("Reads 3 of the 5 selected articles" in caption.value for caption in at.caption)
