"""Query: the aggregates the dashboard shows, checked against the seed tables they are computed from."""

import pandas as pd

from conftest import all_ids, article_id
from defence_news.lookup import positions
from defence_news.query import (circle_layout, country_totals, evidence, known_to, meeting_articles,
                                 meeting_countries, meeting_coverage, meeting_reports, meetings_of_article,
                                 place_totals, search_articles, topic_table)



def test_a_date_known_only_to_the_year_belongs_to_no_month(corpus):
    # seed 000 gives no date; its year comes from "kỷ niệm 50 năm ... (1973 - 2023)" and is stored as 2023-01-01
    seed = article_id(corpus, "000")
    assert corpus["articles"].set_index("article_id").loc[seed, ["date", "date_precision"]].tolist() == [
        "2023-01-01", "year"]
    by_month = topic_table(corpus, [seed], by="month")
    by_year = topic_table(corpus, [seed], by="year")
    assert by_month.empty
    assert set(by_year["group"]) == {"2023"}
    assert evidence(corpus, [seed], kind="topic", period="2023-01").empty
    assert len(evidence(corpus, [seed], kind="topic", period="2023")) == by_year["hits"].sum()


def test_known_to_grain():
    precision = pd.Series(["day", "month", "year", ""])
    assert known_to(precision, "month").tolist() == [True, True, False, False]
    assert known_to(precision, "year").tolist() == [True, True, True, False]


def test_an_empty_selection_gives_empty_tables_not_errors(corpus):
    for by in ("meeting", "series", "country", "month", "year", "article"):
        table = topic_table(corpus, [], by=by)
        assert table.empty
        assert list(table.columns) == ["group", "topic", "hits", "words", "per_1000_words", "articles"]
    assert search_articles(corpus, [], "ASEAN").empty


def test_search_finds_whole_syllables_in_any_case(corpus):
    ids = all_ids(corpus)
    sentences = corpus["sentences"]
    # "Campuchia" is in two sentences of seed 000 and nowhere else
    found = search_articles(corpus, ids, "campuchia")
    assert found["article_id"].tolist() == [article_id(corpus, "000")]
    assert found["matching_sentences"].tolist() == [sentences["sentence"].str.contains("Campuchia").sum()]
    # "Úc" (Australia) is never read inside "cấu trúc" or "thúc đẩy"
    assert sentences["sentence"].str.contains("úc").any()
    assert search_articles(corpus, ids, "Úc").empty


def test_search_keeps_every_article_for_an_empty_text(corpus):
    found = search_articles(corpus, all_ids(corpus), "  ")
    assert len(found) == len(corpus["articles"])
    assert list(found.columns) == [*corpus["articles"].columns, "matching_sentences"]


def test_search_finds_a_word_of_the_title_only(corpus):
    # seed 003's title is curated: "Đối thoại chính sách quốc phòng Việt - Nhật lần thứ 11"
    found = search_articles(corpus, all_ids(corpus), "Việt - Nhật lần thứ 11")
    assert found["file"].str.startswith("003").tolist() == [True]


def test_meetings_of_an_article_in_the_order_it_names_them(corpus):
    # seed 000: the forum in its first sentence, "cuộc gặp song phương" with Cambodia in sentence 9
    meetings = meetings_of_article(corpus, article_id(corpus, "000"))
    assert meetings[["meeting_id", "role", "sentences"]].values.tolist() == [
        ["japan_asean_vice_ministerial_forum-12", "main", "1"],
        ["bilateral_talks-KHM-VNM-2023", "sideline", "9"],
    ]
    assert meetings["matched"].tolist() == ["Hội nghị Thứ trưởng Quốc phòng Nhật bản - ASEAN", "cuộc gặp song phương"]
    assert meetings_of_article(corpus, "no such article").empty


RETREAT = "admm_retreat-2024-03-05"
US_TEA = "asean_us_informal-2025-11-01"


def test_meeting_coverage_counts_articles_and_the_sentences_naming_the_meeting(corpus):
    coverage = meeting_coverage(corpus, all_ids(corpus)).set_index("meeting_id")
    assert len(coverage) == len(corpus["meetings"])
    # seed 004 names the retreat in sentences 1 (twice: "Hội nghị hẹp ..." and "ADMM Hẹp"), 4 and 19
    assert coverage.loc[RETREAT, ["articles", "mentions"]].tolist() == [1, 3]
    assert coverage["mentions"].sum() == len(corpus["article_meetings"].drop_duplicates(
        ["meeting_id", "article_id", "sentence_index"]))


def test_meeting_coverage_draws_a_coarse_date_on_the_first_day_of_its_period(corpus):
    coverage = meeting_coverage(corpus, all_ids(corpus)).set_index("meeting_id")
    # the twelfth forum is dated only by "kỷ niệm 50 năm ... (1973 - 2023)"
    assert coverage.loc["japan_asean_vice_ministerial_forum-12", ["date", "date_precision", "date_origin"]].tolist() \
        == ["2023", "year", "inferred"]
    assert coverage.loc["japan_asean_vice_ministerial_forum-12", "plot_date"] == pd.Timestamp("2023-01-01")
    assert coverage.loc[RETREAT, "plot_date"] == pd.Timestamp("2024-03-05")
    month = {**corpus, "meetings": corpus["meetings"].assign(date="2010-03", date_precision="month")}
    assert set(meeting_coverage(month, all_ids(corpus))["plot_date"]) == {pd.Timestamp("2010-03-01")}


def test_meeting_coverage_of_no_articles_is_empty_with_its_columns(corpus):
    coverage = meeting_coverage(corpus, [])
    assert coverage.empty
    assert list(coverage.columns) == [*corpus["meetings"].columns, "plot_date", "articles", "mentions"]


def test_meeting_countries_are_its_participants_and_the_countries_its_articles_name(corpus):
    ids = all_ids(corpus)
    retreat = meeting_countries(corpus, RETREAT, ids)
    # Vietnam and Laos are named in seed 004; the other ASEAN members take part unnamed
    assert retreat.head(2).values.tolist() == [["VNM", True, 11, 1], ["LAO", True, 3, 1]]
    participants = corpus["meetings"].set_index("meeting_id").at[RETREAT, "countries"].split(";")
    assert set(retreat["country"]) == set(participants)
    assert retreat.set_index("country").at["KHM", "hits"] == 0
    # seed 002 names Japan at the ASEAN-US tea, where Japan did not sit
    tea = meeting_countries(corpus, US_TEA, ids).set_index("country")
    assert tea.loc["JPN", ["participant", "hits"]].tolist() == [False, 14]
    assert tea.loc["USA", "participant"]


def test_meeting_articles_give_the_role_of_the_meeting_in_each_article(corpus):
    articles = meeting_articles(corpus, US_TEA, all_ids(corpus))
    assert articles[["file", "role", "sentences"]].values.tolist() == [["002_c15a0f1eaf425066.txt", "sideline", 4]]
    assert meeting_articles(corpus, US_TEA, []).empty


def test_meeting_reports_locate_the_words_that_name_the_meeting(corpus):
    reports = meeting_reports(corpus, RETREAT, all_ids(corpus))
    assert reports["sentence_index"].tolist() == [1, 1, 4, 19]
    spans = zip(reports["sentence"], reports["start"], reports["end"])
    assert [sentence[start:end] for sentence, start, end in spans] == reports["matched"].tolist()
    assert list(reports.columns) == list(evidence(corpus, [], kind="topic").columns)
    assert set(reports["kind"]) == {"meeting"} and set(reports["key"]) == {RETREAT}


def test_country_totals_sum_the_country_mentions(corpus):
    totals = country_totals(corpus, all_ids(corpus))
    assert totals.iloc[0].tolist() == ["JPN", 43, 4]
    assert totals["hits"].sum() == corpus["country_mentions"]["hits"].sum()
    # only seed 000 names Cambodia
    seed = article_id(corpus, "000")
    assert country_totals(corpus, [seed]).values.tolist() == [["JPN", 7, 1], ["KHM", 3, 1], ["VNM", 3, 1]]


def test_place_totals_keep_places_apart_from_countries(corpus):
    places = place_totals(corpus, all_ids(corpus)).set_index("place")
    assert places.loc["Biển Đông", ["kind", "country", "hits", "articles"]].tolist() == ["sea", "", 13, 4]
    # "Nhà Trắng" stands for the US government: a place of kind metonym, never a mention of the USA
    assert places.loc["Nhà Trắng", ["kind", "country"]].tolist() == ["metonym", "USA"]
    assert not set(places.index) & set(corpus["country_mentions"]["name_vi"])


def test_circle_layout_puts_the_first_key_on_top_and_goes_clockwise():
    layout = circle_layout(["JPN", "VNM", "USA", "KHM"])
    assert layout.values.tolist() == [["JPN", 0.0, 1.0], ["VNM", 1.0, 0.0], ["USA", 0.0, -1.0], ["KHM", -1.0, 0.0]]
    assert layout.equals(circle_layout(["JPN", "VNM", "USA", "KHM"]))
    assert circle_layout([]).empty


def test_topics_by_meeting_and_series_count_an_article_once_in_each_group_it_reports(corpus):
    # the groups an article's links make, joined with the meetings table as a reader would
    links = corpus["article_meetings"].merge(corpus["meetings"][["meeting_id", "series"]], on="meeting_id")
    for by, column in (("meeting", "meeting_id"), ("series", "series")):
        reported = links[["article_id", column]].drop_duplicates().rename(columns={column: "group"})
        expected = reported.merge(corpus["topic_counts"], on="article_id").groupby(["group", "topic"])["hits"].sum()
        table = topic_table(corpus, all_ids(corpus), by).set_index(["group", "topic"])["hits"]
        assert table.to_dict() == expected.to_dict()


def test_evidence_of_a_series_is_that_of_the_articles_reporting_its_meetings(corpus):
    meetings = corpus["meetings"]
    series = meetings.set_index("meeting_id").at[RETREAT, "series"]
    links = corpus["article_meetings"]
    reporting = set(links.loc[links["meeting_id"].isin(meetings.loc[meetings["series"] == series, "meeting_id"]),
                              "article_id"])
    found = evidence(corpus, all_ids(corpus), kind="topic", series=series)
    assert not found.empty
    pd.testing.assert_frame_equal(found, evidence(corpus, reporting, kind="topic"))
    assert evidence(corpus, all_ids(corpus), kind="topic", meeting="no such meeting").empty


def test_positions_find_each_value_among_the_keys():
    keys = pd.Series(["Hà Nội", "Huế", "Đà Nẵng"])
    assert positions(pd.Series(["Đà Nẵng", "Sài Gòn", "Hà Nội", "Hà Nội"]), keys).tolist() == [2, -1, 0, 0]
