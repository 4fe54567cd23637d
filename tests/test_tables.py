"""The store read lazily: small tables in memory, big ones read only as far as a view needs, the
same answers from the stored corpus as from the tables in memory."""

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import all_ids, article_id
from defence_news.export import csv_bytes
from defence_news.query import country_pairs, evidence, keyness, statement_rows, top_terms, topic_table
from defence_news.store import processed_dir, read_processed
from defence_news.tables import AGGREGATES, BIG_TABLES, StoredCorpus, _row_groups, aggregate, rows, totals
from defence_news.trends import positions


@pytest.fixture(scope="module")
def stored(corpus):
    """The seed corpus as the dashboard reads it: from the processed store."""
    return read_processed(processed_dir())


def same(left: pd.DataFrame, right: pd.DataFrame):
    left, right = (frame.sort_values(list(frame.columns), ignore_index=True) for frame in (left, right))
    # the same values: a stored corpus holds its CODED_COLUMNS as categoricals
    pd.testing.assert_frame_equal(left, right, check_dtype=False, check_categorical=False)


def test_the_store_holds_its_small_tables_and_reads_a_big_one_when_asked(stored, corpus):
    assert isinstance(stored, StoredCorpus)
    assert set(stored) == set(corpus)
    assert not set(BIG_TABLES) & set(stored.small)
    assert stored["articles"] is stored["articles"]  # kept, not read again
    for name in ("sentences", "mentions"):
        pd.testing.assert_frame_equal(stored[name].drop(columns=["words"], errors="ignore"),
                                      corpus[name].drop(columns=["words"], errors="ignore"), check_dtype=False)


def test_the_store_holds_a_column_of_few_values_once_and_it_sorts_and_downloads_as_text(stored, corpus):
    topics = stored["topic_counts"]
    assert isinstance(topics["topic"].dtype, pd.CategoricalDtype)
    assert topics.sort_values("topic")["topic"].tolist() == sorted(corpus["topic_counts"]["topic"])
    # a speaker's name is text of the articles: a formula in it is neutralised in a download as in any text
    said = stored["speaker_statements"].assign(speaker=lambda f: f["speaker"].cat.rename_categories(lambda s: "=" + s))
    assert csv_bytes(said) == csv_bytes(said.astype({"speaker": str}))
    assert ",'=Hoàng Xuân Chiến," in csv_bytes(said).decode("utf-8-sig")


@pytest.mark.parametrize("filters", [
    {"kind": "topic"},
    {"kind": "country", "key": "JPN"},
    {"kind": ["country", "place"]},
    {"article_id": "003"},
    {"article_id": ["003", "004"], "kind": "topic"},
    {"article_id": []},
])
def test_rows_are_the_same_from_the_file_and_from_memory(stored, corpus, filters):
    filters = {column: ([article_id(corpus, v) for v in value] if isinstance(value, list) else article_id(corpus, value))
               if column == "article_id" else value for column, value in filters.items()}
    columns = ["article_id", "kind", "key", "sentence_index", "start"]
    from_file, in_memory = rows(stored, "mentions", columns, **filters), rows(corpus, "mentions", columns, **filters)
    mentions = corpus["mentions"]
    keep = pd.Series(True, index=mentions.index)
    for column, value in filters.items():
        keep &= mentions[column].isin(value) if isinstance(value, list) else mentions[column] == value
    assert list(from_file.columns) == list(in_memory.columns) == columns
    same(from_file, mentions.loc[keep, columns])
    same(in_memory, mentions.loc[keep, columns])


def test_totals_sum_a_big_table_over_each_set_of_articles(stored, corpus):
    sets = {"one": [article_id(corpus, "003")], "three": [article_id(corpus, p) for p in ("001", "002", "004")],
            "none": []}
    keywords = corpus["keywords"]
    for found in (totals(stored, "keywords", ["term", "n"], "hits", sets),
                  totals(corpus, "keywords", ["term", "n"], "hits", sets)):
        assert set(found) == set(sets)
        for name, ids in sets.items():
            expected = keywords[keywords["article_id"].isin(ids)].groupby(["term", "n"], as_index=False).agg(
                hits=("hits", "sum"), articles=("article_id", "nunique"))
            same(found[name], expected)


@pytest.mark.parametrize("name", sorted(AGGREGATES))
def test_a_stored_summary_is_the_one_made_from_its_big_table(stored, corpus, name):
    assert name in stored.small
    same(aggregate(stored, name), aggregate(corpus, name))


@pytest.mark.parametrize("picked", [None, ("001", "002", "003", "004"), ("003",)])
def test_top_terms_of_the_corpus_most_of_it_or_a_part_are_their_keyword_sums(stored, corpus, picked):
    ids = all_ids(corpus) if picked is None else [article_id(corpus, p) for p in picked]
    keywords = corpus["keywords"]
    chosen = keywords[keywords["article_id"].isin(ids) & (keywords["n"] == 1)]
    expected = chosen.groupby("term", as_index=False).agg(hits=("hits", "sum"), articles=("article_id", "nunique"))
    expected = expected.sort_values(["hits", "term"], ascending=[False, True], ignore_index=True).head(15)
    for c in (stored, corpus):
        pd.testing.assert_frame_equal(top_terms(c, ids, 1, 15), expected, check_dtype=False)


def test_every_query_answers_the_same_from_the_store_and_from_memory(stored, corpus):
    ids = all_ids(corpus)
    target = [article_id(corpus, "004")]
    for ask in (
        lambda c: evidence(c, ids, kind="topic", key="maritime_security"),
        lambda c: evidence(c, ids, kind="topic", country="JPN"),
        lambda c: statement_rows(c, ids, country="VNM"),
        lambda c: country_pairs(c, ids),
        lambda c: topic_table(c, ids, by="country"),
        lambda c: positions(c, ids, "meeting"),
        lambda c: keyness(c, target, [a for a in ids if a not in target], min_hits=1),
    ):
        from_store, in_memory = ask(stored), ask(corpus)
        assert not in_memory.empty
        pd.testing.assert_frame_equal(from_store, in_memory, check_dtype=False, check_categorical=False)


def test_statements_read_with_only_some_columns_are_the_same_rows_in_the_same_order(stored, corpus):
    ids = all_ids(corpus)
    for asked in ({"speaker": "Phan Văn Giang"}, {"country": "JPN", "topic": "south_china_sea"}):
        every = statement_rows(corpus, ids, **asked)
        assert not every.empty
        for c in (stored, corpus):
            # the topic filtered by, though its column is not asked for
            pd.testing.assert_frame_equal(statement_rows(c, ids, columns=["article_id", "sentence_index"], **asked),
                                          every[["article_id", "sentence_index"]], check_dtype=False)


def test_a_few_articles_are_read_from_the_row_groups_that_hold_them(corpus, tmp_path):
    mentions = corpus["mentions"].sort_values(["article_id", "sentence_index", "start"], ignore_index=True)
    pq.write_table(pa.Table.from_pandas(mentions, preserve_index=False), tmp_path / "mentions.parquet",
                   row_group_size=40)
    small = StoredCorpus(tmp_path, ["mentions"])
    ids = sorted(mentions["article_id"].unique())
    groups = pq.ParquetFile(tmp_path / "mentions.parquet").metadata.num_row_groups
    for wanted in ([ids[0]], [ids[-1], ids[1]], ids, []):
        read = [group for part in _row_groups(small.path("mentions"), wanted).get_fragments() for group in part.row_groups]
        assert len(read) == len({i // 40 for i in mentions.index[mentions["article_id"].isin(wanted)]})
        assert len(read) < groups or wanted == ids
        expected = mentions[mentions["article_id"].isin(wanted) & (mentions["kind"] == "topic")].reset_index(drop=True)
        same(rows(small, "mentions", article_id=wanted, kind="topic"), expected)
