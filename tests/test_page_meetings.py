"""The Meetings page, run with AppTest on the seed store: the timeline, the table, one meeting in
depth, and what each download serves, against the corpus tables."""

import pytest

from conftest import article_id
from defence_news.export import csv_bytes
from defence_news.query import evidence, meeting_reports
from page_testing import chart_spec, click, download, open_page, served, shown  # noqa: F401 (fixture)

RETREAT = "admm_retreat-2024-03-05"
US_TEA = "asean_us_informal-2025-11-01"


@pytest.fixture(autouse=True)
def seed_store(corpus):
    """The seed store the app reads, built by the `corpus` fixture."""


def drawn(at) -> list[tuple[str, str, str]]:
    """The timeline's points: (hover text, date origin, marker symbol)."""
    return [(hover, origin, symbol) for trace in chart_spec(at, "meeting_timeline")["data"]
            for (hover, origin), symbol in zip(trace["customdata"], trace["marker"]["symbol"])]


def sentences_count(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**Các câu làm căn cứ**")]


def test_the_page_shows_every_meeting_of_the_seeds(corpus, served):
    at = open_page("meetings")
    assert not at.exception
    table = shown(at, "series_name")
    # the newest first
    newest = corpus["meetings"].sort_values(["date", "meeting_id"], ascending=[False, True])
    assert table["meeting_id"].tolist() == newest["meeting_id"].tolist()
    assert table["date"].iloc[0] == "2025-11-01" and table["date"].iloc[-1] == "2010-03-24"
    assert at.selectbox(key="drill").value == table["meeting_id"].iloc[0]
    links = corpus["article_meetings"].drop_duplicates(["meeting_id", "article_id"])
    assert table.set_index("meeting_id")["articles"].to_dict() == links.groupby("meeting_id").size().to_dict()
    assert len(drawn(at)) == len(corpus["meetings"])
    # the download is the table shown, byte for byte
    assert download(at, served, "meetings") == (csv_bytes(table), "meetings__all.csv")


def test_a_series_in_the_link_leaves_its_one_meeting_in_luang_prabang(corpus, served):
    at = open_page("meetings", series="admm_retreat")
    assert not at.exception
    assert at.query_params == {"series": "admm_retreat"}
    table = shown(at, "series_name")
    assert table[["meeting_id", "location"]].values.tolist() == [[RETREAT, "Luang Prabang"]]
    assert len(drawn(at)) == 1
    assert at.selectbox(key="drill").value == RETREAT
    data, name = download(at, served, "meeting_timeline")
    assert name == "meeting_timeline__admm_retreat.csv"
    assert data.decode("utf-8-sig").splitlines()[1].startswith(f"{RETREAT},admm_retreat,")


def test_an_inferred_date_is_an_open_marker_and_says_so(corpus):
    at = open_page("meetings", lang="en")
    points = drawn(at)
    assert {symbol for _, origin, symbol in points if origin == "inferred"} == {"circle-open"}
    assert {symbol for _, origin, symbol in points if origin != "inferred"} == {"circle"}
    assert all("inferred" in hover for hover, origin, _ in points if origin == "inferred")
    # the two meetings dated only by "kỷ niệm 50 năm ... (1973 - 2023)" are drawn on 1 January
    year_only = corpus["meetings"].query("date_precision == 'year'")
    assert len(year_only) == 2
    assert sum("2023 · year only · inferred" in hover for hover, _, _ in points) == 2
    x = [x for trace in chart_spec(at, "meeting_timeline")["data"] for x in trace["x"]]
    assert sum(day.startswith("2023-01-01T00:00:00") for day in x) == 2


def test_the_timeline_colours_by_level_or_by_format():
    at = open_page("meetings", lang="en")
    assert "Ministerial" in {trace["name"] for trace in chart_spec(at, "meeting_timeline")["data"]}
    at.button_group(key="colour").set_value("format").run()
    assert {trace["name"] for trace in chart_spec(at, "meeting_timeline")["data"]} == {
        "ASEAN-wide", "ASEAN+1", "Bilateral"}


def test_one_meeting_in_depth(corpus, served):
    at = open_page("meetings")
    at.selectbox(key="drill").set_value(US_TEA).run()
    assert not at.exception
    countries = shown(at, "participant").set_index("country")
    # seed 002 names Japan 14 times beside the ASEAN-US tea, at which Japan did not sit
    assert countries.loc["JPN", ["participant", "hits"]].tolist() == [False, 14]
    articles = shown(at, "role")
    assert articles[["file", "role", "sentences"]].values.tolist() == [["002_c15a0f1eaf425066.txt", "bên lề", 4]]
    assert download(at, served, f"articles_of_{US_TEA}")[0] == csv_bytes(articles)
    reports = meeting_reports(corpus, US_TEA, list(corpus["articles"]["article_id"]))
    assert sentences_count(at)[0] == f"**Các câu làm căn cứ** ({len(reports)})"
    assert download(at, served, f"reports_of_{US_TEA}")[0] == csv_bytes(reports)


def test_a_clicked_topic_bar_keeps_the_sentences_of_that_topic(corpus, served):
    at = open_page("meetings", series="admm_retreat")
    ids = [article_id(corpus, "004")]
    assert sentences_count(at)[1] == f"**Các câu làm căn cứ** ({len(evidence(corpus, ids, kind='topic'))})"
    at = click(at, f"topics_of_{RETREAT}", {"customdata": ["south_china_sea"]})
    assert not at.exception
    assert at.selectbox(key=f"topic-{RETREAT}").value == "south_china_sea"
    expected = evidence(corpus, ids, kind="topic", key="south_china_sea")
    assert sentences_count(at)[1] == f"**Các câu làm căn cứ** ({len(expected)})"
    assert download(at, served, f"topic_sentences_of_{RETREAT}")[0] == csv_bytes(expected)


def test_a_filter_that_matches_nothing_says_so_plainly():
    # the retreat's article (seed 004) never names Cambodia
    at = open_page("meetings", series="admm_retreat", country="KHM")
    assert not at.exception
    assert at.info[0].value == "Không có dữ liệu cho lựa chọn này. Hãy nới bộ lọc ở thanh bên."
    assert not at.get("plotly_chart")
