"""The Countries page, run with AppTest on the seed store: mentions per country, country × topic,
the countries named together, the map and the places, against the corpus tables."""

import json
import tomllib

import pytest

from conftest import ROOT, article_id
from defence_news.export import csv_bytes
from defence_news.query import country_pairs, evidence
from page_testing import chart_spec, click, download, open_page, plotly_values, read_csv, served  # noqa: F401

CELL = "VNM", "south_china_sea"  # Vietnam × the South China Sea, the fullest cell


@pytest.fixture(autouse=True)
def seed_store(corpus):
    """The seed store the app reads, built by the `corpus` fixture."""


def bars(at) -> dict[str, tuple[int, int]]:
    """The country bars as {name: (hits, articles)}."""
    hits, articles = chart_spec(at, "country_mentions")["data"]
    return dict(zip(hits["x"], zip(plotly_values(hits["y"]), plotly_values(articles["y"]))))


def sentences_count(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**Các câu làm căn cứ**")]


def test_the_bars_count_every_mention_of_the_seeds(corpus, served):
    at = open_page("countries", lang="en")
    assert not at.exception
    cm = corpus["country_mentions"]
    expected = cm.groupby("name_en").agg(hits=("hits", "sum"), articles=("article_id", "nunique"))
    assert bars(at) == {name: (r.hits, r.articles) for name, r in expected.iterrows()}
    assert list(bars(at))[0] == "Japan"
    data, name = download(at, served, "country_mentions")
    assert name == "country_mentions__all.csv"
    # the download holds the bars drawn, and only them
    assert read_csv(data)[["name", "hits", "articles"]].values.tolist() == [
        [name, str(hits), str(articles)] for name, (hits, articles) in bars(at).items()]


def test_a_country_in_the_link_keeps_the_articles_naming_it(corpus):
    at = open_page("countries", country="KHM", lang="en")
    assert not at.exception
    assert at.query_params == {"country": "KHM", "lang": "en"}
    # only seed 000 names Cambodia: its own mentions are the bars
    cm = corpus["country_mentions"]
    seed = cm[cm["article_id"] == article_id(corpus, "000")]
    assert bars(at) == {r.name_en: (r.hits, 1) for r in seed.itertuples()}


def test_choosing_a_country_in_the_sidebar_changes_the_bars_and_the_link():
    at = open_page("countries", lang="en")
    assert "United States" in bars(at)
    at.multiselect(key="country").set_value(["KHM"]).run()
    assert "United States" not in bars(at)
    assert at.query_params == {"country": "KHM", "lang": "en"}


def test_a_clicked_cell_of_country_by_topic_opens_its_sentences(corpus, served):
    at = open_page("countries")
    assert at.selectbox(key="cell").value is None
    assert not sentences_count(at)
    at = click(at, "country_topics", {"customdata": [*CELL, 16]})
    assert not at.exception
    assert at.selectbox(key="cell").value == CELL
    rows = evidence(corpus, list(corpus["articles"]["article_id"]), kind="topic", key=CELL[1], country=CELL[0])
    assert sentences_count(at) == [f"**Các câu làm căn cứ** ({len(rows)})"]
    assert download(at, served, "sentences_VNM_south_china_sea") == (
        csv_bytes(rows), "sentences_VNM_south_china_sea__all.csv")
    # the box can change the choice after a click
    at.selectbox(key="cell").set_value(("USA", "maritime_security")).run()
    rows = evidence(corpus, list(corpus["articles"]["article_id"]), kind="topic", key="maritime_security",
                    country="USA")
    assert sentences_count(at) == [f"**Các câu làm căn cứ** ({len(rows)})"]


def test_a_chosen_cell_that_a_new_filter_removes_is_dropped():
    at = open_page("countries")
    at.selectbox(key="cell").set_value(("USA", "maritime_security")).run()
    at.multiselect(key="country").set_value(["KHM"]).run()
    assert not at.exception
    assert ("USA", "maritime_security") not in at.selectbox(key="cell").options


def test_the_pairs_and_the_network_are_the_countries_named_in_one_sentence(corpus, served):
    at = open_page("countries")
    pairs = next(d.value for d in at.dataframe if "country_a" in d.value.columns)
    expected = country_pairs(corpus, list(corpus["articles"]["article_id"]))
    assert pairs[["country_a", "country_b", "sentences", "articles"]].values.tolist() == expected.values.tolist()
    assert pairs.iloc[0][["country_a", "country_b", "sentences"]].tolist() == ["JPN", "VNM", 10]
    assert download(at, served, "country_pairs")[0] == csv_bytes(pairs)
    lines = [trace for trace in chart_spec(at, "country_network")["data"] if trace["mode"] == "lines"]
    # a trace per line width, its lines apart by a gap: a line per pair, as wide as its sentences
    assert sum(trace["x"].count(None) for trace in lines) == len(expected)
    widths = [trace["line"]["width"] for trace in lines for _ in range(trace["x"].count(None))]
    assert widths == [1 + 11 * n / expected["sentences"].max() for n in expected["sentences"]]
    drawn = read_csv(download(at, served, "country_network")[0])
    assert drawn[["country_a", "country_b", "sentences"]].values.tolist() == [
        [a, b, str(n)] for a, b, n in expected[["country_a", "country_b", "sentences"]].values.tolist()]


def test_places_are_kept_apart_from_countries_and_named_in_the_chosen_language(served):
    at = open_page("countries", lang="en")
    places = next(d.value for d in at.dataframe if "place" in d.value.columns)
    by_place = places.set_index("place")
    assert by_place.loc["Nhà Trắng", ["name", "kind", "country", "country_name"]].tolist() == [
        "White House", "metonym (a place standing for a government)", "USA", "United States"]
    assert by_place.loc["Biển Đông", ["name", "country"]].tolist() == ["South China Sea", ""]
    assert download(at, served, "places")[0] == csv_bytes(places)


def test_the_map_reads_its_topojson_from_the_app_not_a_cdn():
    """The browser's part (no request leaves the machine) was checked by hand in Chromium; this
    keeps together what it needs: the chart's topojsonURL, the file it names, and static serving."""
    at = open_page("countries")
    element = next(e for e in at.get("plotly_chart") if "chart-country_map" in e.proto.id)
    assert json.loads(element.proto.config)["topojsonURL"] == "app/static/topojson/"
    spec = json.loads(element.proto.spec)
    geo = spec["layout"]["geo"]
    topojson = json.loads((ROOT / "static" / "topojson" / f"world_{geo['resolution']}m.json").read_text())
    known = {g.get("id") for g in topojson["objects"]["countries"]["geometries"]}
    assert set(spec["data"][0]["locations"]) <= known
    assert {"SGP", "BRN", "TLS", "VNM"} <= known
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableStaticServing"] is True
