"""The Positions page, run with AppTest on the seed store: countries by their own speakers, one
country by meeting or year, the quoted statements behind a square, and what each download serves."""

import pytest

from conftest import all_ids

from defence_news.export import csv_bytes
from defence_news.trends import position_evidence, positions
from page_testing import chart_spec, click, download, open_page, read_csv, served  # noqa: F401 (fixture)

TEA = "asean_japan_informal-2025-11-01"
RETREAT = "admm_retreat-2024-03-05"


@pytest.fixture(autouse=True)
def seed_store(corpus):
    """The seed store the app reads, built by the `corpus` fixture."""



def drawn(at, what: str) -> list[list]:
    """The custom data of every square of chart `what`."""
    return [point for trace in chart_spec(at, what)["data"] for point in trace["customdata"]]


def quoted(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith(("**Các câu được trích**", "**The quoted statements**"))]


def test_every_country_by_its_own_speakers_downloads_exactly_what_it_draws(corpus, served):
    at = open_page("positions")
    assert not at.exception
    data, name = download(at, served, "positions_by_country")
    assert name == "positions_by_country__all.csv"
    table = read_csv(data)
    expected = positions(corpus, all_ids(corpus), "all")
    assert sorted(map(tuple, table[["country", "topic", "statements"]].values.tolist())) == sorted(
        (r.country, r.topic, str(r.statements)) for r in expected.itertuples())
    # customdata: country, topic, statements, speakers, articles, country_name
    assert sorted(tuple(str(v) for v in point) for point in drawn(at, "positions_by_country")) == sorted(
        map(tuple, table[["country", "topic", "statements", "speakers", "articles", "country_name"]].values.tolist()))
    # Cambodia is named but never speaks; the countries read from the most vocal
    assert chart_spec(at, "positions_by_country")["layout"]["xaxis"]["categoryarray"] == [
        "Việt Nam", "Nhật Bản", "Hoa Kỳ", "Lào"]


def test_a_picked_square_opens_to_the_quoted_statements(corpus, served):
    at = open_page("positions", lang="en")
    at.selectbox(key="pick-positions-country").set_value(("JPN", "south_china_sea")).run()
    assert not at.exception
    assert quoted(at) == ["**The quoted statements** (1)"]
    expected = position_evidence(corpus, all_ids(corpus), "JPN", "south_china_sea")
    assert download(at, served, "statements_by_country")[0] == csv_bytes(expected)
    said = [h.proto.body for h in at.get("html") if "Koizumi Shinjiro" in h.proto.body]
    assert len(said) == 1
    # who says it, the role the article gives, and the topic's words highlighted
    assert "Koizumi Shinjiro · Bộ trưởng Bộ Quốc phòng · Japan" in said[0]
    assert '<mark class="topic" title="South China Sea (East Sea)">Biển Đông</mark>' in said[0]


def test_a_clicked_square_is_picked(corpus):
    at = open_page("positions")
    at = click(at, "positions_by_country", {"customdata": ["LAO", "asean_centrality"]})
    assert not at.exception
    assert at.selectbox(key="pick-positions-country").value == ("LAO", "asean_centrality")
    assert quoted(at) == ["**Các câu được trích** (2)"]


def test_one_country_by_meeting_then_by_year(corpus, served):
    at = open_page("positions")
    assert at.selectbox(key="positions_country").value == "VNM"
    vietnam = read_csv(download(at, served, "positions_VNM_by_meeting")[0])
    expected = positions(corpus, all_ids(corpus), "meeting").query("country == 'VNM'")
    assert sorted(map(tuple, vietnam[["group", "topic", "statements"]].values.tolist())) == sorted(
        (r.group, r.topic, str(r.statements)) for r in expected.itertuples())
    at.selectbox(key="positions_country").set_value("JPN").run()
    at.segmented_control(key="positions_by").set_value("year").run()
    assert not at.exception
    japan = read_csv(download(at, served, "positions_JPN_by_year")[0])
    # Japan's speakers raise topics in 2025 only: seed 002 (Koizumi Shinjiro) and seed 003 (Kano Koji)
    assert set(japan["group"]) == {"2025"}
    assert sorted(japan["topic"]) == ["asean_centrality", "international_law", "south_china_sea",
                                      "strategic_competition"]
    at.selectbox(key="pick-positions_JPN_by_year").set_value(("2025", "international_law")).run()
    expected = position_evidence(corpus, all_ids(corpus), "JPN", "international_law", "year", "2025")
    assert expected["speaker"].tolist() == ["Kano Koji"]
    assert download(at, served, "statements_positions_JPN_by_year")[0] == csv_bytes(expected)


def test_a_series_filter_keeps_its_speakers_and_stays_in_the_link(corpus, served):
    at = open_page("positions", series="admm_retreat", lang="en")
    assert not at.exception
    assert at.query_params == {"series": "admm_retreat", "lang": "en"}
    data, name = download(at, served, "positions_by_country")
    assert name == "positions_by_country__admm_retreat.csv"
    # at the retreat (seed 004) only Vietnam's and Laos's delegates speak for a country
    assert set(read_csv(data)["country"]) == {"VNM", "LAO"}
    assert read_csv(download(at, served, "positions_VNM_by_meeting")[0])["group"].unique().tolist() == [RETREAT]


def test_a_selection_without_speakers_says_so_plainly():
    at = open_page("positions", country="KHM", series="admm_retreat")
    assert not at.exception
    assert at.info[0].value == "Không có dữ liệu cho lựa chọn này. Hãy nới bộ lọc ở thanh bên."
    assert not at.get("plotly_chart")
    assert "positions_country" not in [box.key for box in at.selectbox]
