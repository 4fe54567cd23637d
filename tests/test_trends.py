"""Trends on the seeds: what each country's speakers raise, a meeting series over its editions, and
what the 2023–2025 articles bring that the 2010 one did not."""

import datetime as dt

from conftest import all_ids, article_id
from defence_news.query import article_groups, topic_table
from defence_news.trends import position_evidence, positions, series_trend, whats_new

TEA = "asean_japan_informal-2025-11-01"
FORUM = "japan_asean_vice_ministerial_forum"



def test_japan_raises_the_south_china_sea_through_its_minister_at_the_asean_japan_meeting(corpus):
    # seed 002, sentence 7: "Bộ trưởng Bộ Quốc phòng Nhật Bản Koizumi Shinjiro khẳng định ... an ninh, an toàn ở
    # Biển Hoa Đông và Biển Đông có vị trí đặc biệt quan trọng ..."
    table = positions(corpus, all_ids(corpus), by="meeting")
    assert list(table.columns) == ["country", "group", "topic", "statements", "speakers", "articles"]
    japan = table[table["country"] == "JPN"]
    cell = japan[(japan["group"] == TEA) & (japan["topic"] == "south_china_sea")]
    assert cell[["statements", "speakers", "articles"]].values.tolist() == [[1, "Koizumi Shinjiro", 1]]
    rows = position_evidence(corpus, all_ids(corpus), "JPN", "south_china_sea", "meeting", TEA)
    assert rows[["speaker", "role", "sentence_index"]].values.tolist() == [
        ["Koizumi Shinjiro", "Bộ trưởng Bộ Quốc phòng", 7]]
    assert "Biển Đông" in rows["sentence"].iloc[0]


def test_a_country_is_counted_by_its_speakers_not_by_mention(corpus):
    table = positions(corpus, all_ids(corpus), by="year")
    # Cambodia is named in seed 000 but none of its people speaks there
    assert "KHM" in set(corpus["country_mentions"]["country"])
    assert "KHM" not in set(table["country"])
    # "Hai bên" (both sides) speaks for no one country: its sentences are in no cell
    said = corpus["statements"]
    both = said[said["speaker"] == "Hai bên"]
    assert not both.empty and set(both["speaker_country"]) == {""}
    assert table["statements"].sum() == sum(
        len(topics.split(";")) for topics, country in zip(said["topics"], said["speaker_country"]) if topics and country)


def test_every_cell_opens_to_as_many_statements_as_it_counts(corpus):
    ids = all_ids(corpus)
    for by in ("meeting", "year"):
        for cell in positions(corpus, ids, by).itertuples():
            rows = position_evidence(corpus, ids, cell.country, cell.topic, by, cell.group)
            assert len(rows) == cell.statements
            assert set(rows["speaker"]) == set(cell.speakers.split(";"))
            assert all(cell.topic in topics.split(";") for topics in rows["topics"])


def test_by_year_laos_speaks_in_2024_and_a_year_only_date_has_no_month(corpus):
    ids = all_ids(corpus)
    by_year = positions(corpus, ids, by="year")
    assert by_year.loc[by_year["country"] == "LAO", ["group", "topic", "statements"]].values.tolist() == [
        ["2024", "asean_centrality", 2]]
    # seed 000 is dated only "2023": its speakers are in 2023 by year and in no month
    assert "2023" in set(by_year["group"])
    assert not positions(corpus, ids, by="month")["group"].str.startswith("2023").any()


def test_an_empty_selection_has_no_positions(corpus):
    assert positions(corpus, [], by="meeting").empty
    assert position_evidence(corpus, [], "JPN", "south_china_sea").empty


def test_article_groups_are_those_topic_table_counts_by(corpus):
    ids = all_ids(corpus)
    seed = article_id(corpus, "000")
    groups = article_groups(corpus, ids, "meeting")
    assert sorted(groups.loc[groups["article_id"] == seed, "group"]) == [
        "bilateral_talks-KHM-VNM-2023", "japan_asean_vice_ministerial_forum-12"]
    assert set(article_groups(corpus, ids, "year")["group"]) == set(topic_table(corpus, ids, "year")["group"])


def test_the_forum_series_has_editions_2_and_12_with_shares_that_sum_to_one(corpus):
    trend = series_trend(corpus, FORUM)
    assert list(trend.columns) == ["meeting_id", "edition", "date", "topic", "hits", "share", "articles"]
    assert trend.drop_duplicates("meeting_id")[["edition", "date"]].values.tolist() == [[2, "2010-03-24"], [12, "2023"]]
    for _, edition in trend.groupby("meeting_id"):
        assert abs(edition["share"].sum() - 1) < 0.001
    # the 12th edition's article (seed 000) names the South China Sea three times; the 2nd's never does
    twelfth = trend[trend["edition"] == 12].set_index("topic")
    assert twelfth.loc["south_china_sea", "hits"] == 3
    assert "south_china_sea" not in set(trend.loc[trend["edition"] == 2, "topic"])
    assert twelfth["hits"].sum() == topic_table(corpus, [article_id(corpus, "000")], "article")["hits"].sum()


def test_a_series_outside_the_selection_has_no_editions(corpus):
    assert series_trend(corpus, FORUM, [article_id(corpus, "004")]).empty


def test_what_2023_to_2025_brings_against_2010(corpus):
    ids = all_ids(corpus)
    old = article_id(corpus, "001")
    recent = [a for a in ids if a != old]
    new = whats_new(corpus, recent, dt.date(2020, 1, 1))
    assert new.reference_ids == [old]
    terms = new.terms.set_index("term")
    # "Biển Đông" is never written in the 2010 article, thirteen times after it
    assert terms.loc["biển_đông", ["target_hits", "reference_hits"]].tolist() == [13, 0]
    assert (terms["direction"] == "over").all()
    topics = new.topics.set_index("topic")
    assert topics.index[0] == "south_china_sea"
    assert topics.loc["south_china_sea", "reference_hits"] == 0
    assert (topics["change"] > 0).all()


def test_the_reference_holds_only_articles_known_to_be_older(corpus):
    ids = all_ids(corpus)
    retreat = article_id(corpus, "004")
    # seed 000 is dated only to 2023: before 2024-03-05, but not known to be before 2023-06-01
    assert set(whats_new(corpus, [retreat]).reference_ids) == {article_id(corpus, "000"), article_id(corpus, "001")}
    assert whats_new(corpus, [retreat], dt.date(2023, 6, 1)).reference_ids == [article_id(corpus, "001")]
    # the earliest article has nothing before it
    first = whats_new(corpus, ids)
    assert first.before == dt.date(2010, 3, 24)
    assert first.reference_ids == [] and first.terms.empty and first.topics.empty
