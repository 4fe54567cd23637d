"""The Topics page, run with AppTest on the seed store: its charts, their downloads, the filters
and the sentences behind a cell (picked in the box or clicked in the chart)."""

import pytest

from conftest import article_id
from defence_news.export import csv_bytes
from defence_news.query import evidence
from page_testing import chart_spec, click, download, open_page, read_csv, served  # noqa: F401 (fixture)

CHARTS = ("topics_by_meeting", "topics_by_series", "topics_by_country", "topics_by_year")


@pytest.fixture(autouse=True)
def seed_store(corpus):
    """The seed store the app reads, built by the `corpus` fixture."""


def rows(table, columns=("group", "topic", "hits")):
    return sorted(tuple(str(value) for value in row) for row in table[list(columns)].values.tolist())


def test_every_chart_downloads_exactly_the_cells_it_draws(served):
    at = open_page("topics")
    assert not at.exception
    for what in CHARTS:
        data, name = download(at, served, what)
        assert name == f"{what}__all.csv"
        table = read_csv(data)
        drawn = [point for trace in chart_spec(at, what)["data"] for point in trace["customdata"]]
        # customdata: group, topic, hits, per_1000_words, articles, words, group_name
        assert sorted(tuple(str(v) for v in point) for point in drawn) == rows(
            table, ("group", "topic", "hits", "per_1000_words", "articles", "words", "group_name"))


def test_a_country_filter_keeps_the_articles_that_name_it(corpus, served):
    everything = read_csv(download(open_page("topics"), served, "topics_by_meeting")[0])
    at = open_page("topics", country="KHM")
    assert not at.exception
    assert at.query_params["country"] in ("KHM", ["KHM"])
    data, name = download(at, served, "topics_by_meeting")
    assert name == "topics_by_meeting__KHM.csv"
    # only seed 000 names Cambodia; by meeting, its topics count for each meeting it reports
    seed = article_id(corpus, "000")
    assert set(corpus["country_mentions"].query("country == 'KHM'")["article_id"]) == {seed}
    meetings = corpus["article_meetings"].query("article_id == @seed")["meeting_id"].unique()
    topics = corpus["topic_counts"].query("article_id == @seed")
    expected = sorted((m, t, str(h)) for m in meetings for t, h in zip(topics["topic"], topics["hits"]))
    assert rows(read_csv(data)) == expected
    assert rows(read_csv(data)) != rows(everything)


def test_by_country_a_hit_counts_when_its_sentence_names_the_country(corpus, served):
    at = open_page("topics", country="KHM")
    table = read_csv(download(at, served, "topics_by_country")[0])
    m = corpus["mentions"]
    seed = article_id(corpus, "000")
    named = m[(m["kind"] == "country") & (m["key"] == "KHM")][["article_id", "sentence_index"]].drop_duplicates()
    topics = m[(m["kind"] == "topic") & (m["article_id"] == seed)].merge(named, on=["article_id", "sentence_index"])
    expected = topics.groupby("key").size()
    shown = table[table["group"] == "KHM"].set_index("topic")["hits"].astype(int)
    assert shown.sort_index().to_dict() == expected.sort_index().to_dict()


def test_a_filter_that_matches_nothing_says_so(served):
    # Cambodia is named only in seed 000, which reports no ADMM Retreat
    at = open_page("topics", country="KHM", series="admm_retreat")
    assert not at.exception
    assert len(at.info) == len(CHARTS)
    assert all("Không có dữ liệu" in info.value for info in at.info)
    assert not at.download_button


def test_the_measure_switch_draws_hits_per_1000_words():
    at = open_page("topics")
    at.segmented_control(key="measure").set_value("per_1000_words").run()
    assert not at.exception
    spec = chart_spec(at, "topics_by_meeting")
    assert spec["layout"]["title"]["text"].endswith("Số lần / 1.000 từ")
    assert spec["layout"]["coloraxis"]["colorbar"]["title"]["text"] == "Số lần / 1.000 từ"


def test_a_picked_cell_lists_its_sentences(corpus, served):
    at = open_page("topics")
    cell = ("admm_retreat-2024-03-05", "south_china_sea")
    at.selectbox(key="pick-meeting").set_value(cell).run()
    assert not at.exception
    sentences = evidence(corpus, list(corpus["articles"]["article_id"]), kind="topic", key=cell[1], meeting=cell[0])
    # seed 004 reports the retreat; "Biển Đông" comes up in its sentences
    m = corpus["mentions"]
    in_seed = m[m["article_id"] == article_id(corpus, "004")]
    assert len(sentences) == (in_seed["key"] == "south_china_sea").sum() > 0
    assert any(md.value == f"**Các câu làm căn cứ** ({len(sentences)})" for md in at.markdown)
    assert download(at, served, "sentences_topic_meeting")[0] == csv_bytes(sentences)


def test_a_click_on_a_cell_picks_it_and_the_box_can_still_change_it():
    at = open_page("topics")
    click(at, "topics_by_series", {"customdata": ["admm_retreat", "south_china_sea"], "point_index": 0})
    assert not at.exception
    assert at.selectbox(key="pick-series").value == ("admm_retreat", "south_china_sea")
    at.selectbox(key="pick-series").set_value(("admm_retreat", "hadr")).run()
    assert at.selectbox(key="pick-series").value == ("admm_retreat", "hadr")
    assert any(md.value == "**Các câu làm căn cứ** (1)" for md in at.markdown)


def test_the_monthly_view_leaves_out_a_date_known_only_to_the_year(corpus, served):
    at = open_page("topics")
    at.segmented_control(key="grain").set_value("month").run()
    assert not at.exception
    groups = set(read_csv(download(at, served, "topics_by_month")[0])["group"])
    articles = corpus["articles"]
    dated = articles[articles["date_precision"].isin(["day", "month"])]
    assert groups == {date[:7] for date in dated["date"]}
    assert "2023-01" not in groups
    assert any(caption.value.endswith("không rõ đến tháng: 1.") for caption in at.caption)


def test_english_names_in_the_chart_and_its_download(corpus, served):
    at = open_page("topics", lang="en")
    assert at.title[0].value == "Topics"
    table = read_csv(download(at, served, "topics_by_meeting")[0])
    labels = corpus["topic_counts"].drop_duplicates("topic").set_index("topic")["label_en"]
    assert table["topic_name"].tolist() == table["topic"].map(labels).tolist()
    assert "Japan-ASEAN Defense Vice-Ministerial Forum #12 (2023)" in set(table["group_name"])


def test_a_grid_of_more_columns_than_it_draws_keeps_the_heaviest_and_says_so(corpus, served, monkeypatch):
    import pages.common

    everything = read_csv(download(open_page("topics"), served, "topics_by_meeting")[0])
    monkeypatch.setattr(pages.common, "MAX_COLUMNS", 2)
    at = open_page("topics", lang="en")
    assert not at.exception
    assert any("draws the 2 heaviest of" in caption.value for caption in at.caption)
    table = read_csv(download(at, served, "topics_by_meeting")[0])
    weight = everything.astype({"hits": int}).groupby("group")["hits"].sum()
    assert sorted(table["group"].unique()) == sorted(weight.nlargest(2).index)
    assert rows(table) == rows(everything[everything["group"].isin(weight.nlargest(2).index)])
