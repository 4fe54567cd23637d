"""The store: a second run redoes only what changed, a damaged cache is rebuilt, the processed store round-trips."""

import os
import shutil
import time

import pandas as pd
import pyarrow.parquet as pq
import pytest

from defence_news import load
from defence_news.load import read_corpus
from defence_news.pipeline import load_resources
from defence_news.resources import data_dir
from defence_news.metadata import read_header
from defence_news.store import Job, PartStore, ReadCache, _frame, build, processed_dir, read_processed, run_job
from defence_news.text import clean_text, tokens

ARTICLES = {
    "a.txt": "(VTC News) - Ngày 5/3/2024, Đại tướng Phan Văn Giang tham dự ADMM Hẹp tại Luang Prabang, Lào.\n"
             "Các Bộ trưởng thảo luận về an ninh hàng hải và biến đổi khí hậu.\n",
    "b.txt": "Ngày 10/2/2025, Việt Nam và Nhật Bản tổ chức đối thoại chính sách quốc phòng lần thứ 11.\n"
             "Hai bên nhất trí hợp tác gìn giữ hòa bình.\nTheo TTXVN\n",
}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache of its own, so that counts of processed articles do not depend on other tests."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("DEFENCE_NEWS_CACHE", str(folder))
    return folder


@pytest.fixture
def folder(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, text in ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    return articles


def counts(report):
    return report.articles, report.segmented, report.analysed


def comparable(corpus):
    """Return the tables in a fixed row order, for comparing two builds."""
    out = {}
    for name, table in corpus.items():
        table = table.drop(columns=["words"]) if name == "sentences" else table
        # a stored small table's text of a few values is read as categories (tables.CODED_COLUMNS)
        table = table.astype({c: "str" for c in table.columns if isinstance(table[c].dtype, pd.CategoricalDtype)})
        out[name] = table.sort_values(list(table.columns)).reset_index(drop=True) if not table.empty else table
    return out


def assert_same_tables(left, right):
    left, right = comparable(left), comparable(right)
    assert left.keys() == right.keys()
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], check_dtype=False, obj=name)


def test_a_second_build_processes_nothing(cache, folder):
    first, report = build(folder, store_name=None)
    assert counts(report) == (2, 2, 2)
    again, report = build(folder, store_name=None)
    assert counts(report) == (2, 0, 0)
    assert report.lines()[0] == "2 articles: 0 segmented, 0 analysed, 2 from the cache"
    assert_same_tables(first, again)


def test_a_changed_article_is_the_only_one_redone(cache, folder):
    build(folder, store_name=None)
    (folder / "b.txt").write_text(ARTICLES["b.txt"].replace("lần thứ 11", "lần thứ 12"), encoding="utf-8")
    corpus, report = build(folder, store_name=None)
    assert counts(report) == (2, 1, 1)
    assert set(corpus["meetings"]["meeting_id"]) == {"admm_retreat-2024-03-05", "vnm_jpn_defence_policy_dialogue-12"}


def test_an_added_article_is_the_only_one_processed(cache, folder):
    build(folder, store_name=None)
    (folder / "c.txt").write_text("Bộ trưởng Quốc phòng Úc thăm Việt Nam.\n", encoding="utf-8")
    corpus, report = build(folder, store_name=None)
    assert counts(report) == (3, 1, 1)
    assert len(corpus["articles"]) == 3


def test_a_file_read_before_is_not_cleaned_again(tmp_path, folder, monkeypatch):
    read = ReadCache(PartStore(tmp_path / "read", "bytes_key"))
    first, _ = read_corpus(folder, read)
    (folder / "a.txt").rename(folder / "renamed.txt")
    (folder / "c.txt").write_text("Bộ trưởng Quốc phòng Úc thăm Việt Nam.\n", encoding="utf-8")
    cleaned = []
    monkeypatch.setattr(load, "clean_text", lambda text: cleaned.append(text) or clean_text(text))
    again, problems = read_corpus(folder, read)
    assert cleaned == ["Bộ trưởng Quốc phòng Úc thăm Việt Nam.\n"] and not problems
    assert [a.file for a in again] == ["b.txt", "c.txt", "renamed.txt"]
    assert again == read_corpus(folder)[0]  # as read without the cache, the renamed file under its new name
    assert again[2].paragraphs == first[0].paragraphs and again[2].article_id == first[0].article_id


@pytest.mark.parametrize("part", ["read", "segments", "extracted/articles", "extracted/mentions", "extracted/keywords"])
def test_a_damaged_cache_part_is_rebuilt(cache, folder, part):
    first, _ = build(folder, store_name=None)
    damaged = list((cache / part).glob("part-*.parquet"))
    assert damaged
    for path in damaged:
        path.write_bytes(b"not a parquet file")
    corpus, report = build(folder, store_name=None)
    assert report.cache_problems and all("unreadable cache part removed and rebuilt" in p for p in report.cache_problems)
    assert any(str(path) in line for path in damaged for line in report.lines())
    assert_same_tables(first, corpus)
    # and the rebuilt cache serves the next run whole
    again, report = build(folder, store_name=None)
    assert counts(report) == (2, 0, 0) and not report.cache_problems
    assert_same_tables(first, again)


def test_the_processed_store_round_trips(cache, folder):
    corpus, _ = build(folder, store_name="round-trip")
    stored = read_processed(processed_dir("round-trip"))
    assert stored is not None
    assert set(stored) == set(corpus)
    for name in corpus:
        expected = corpus[name].drop(columns=["words"]) if name == "sentences" else corpus[name]
        got = stored[name].drop(columns=["words"]) if name == "sentences" else stored[name]
        # a stored small table's text of a few values is read as categories (tables.CODED_COLUMNS)
        got = got.astype({c: expected[c].dtype for c in got.columns if isinstance(got[c].dtype, pd.CategoricalDtype)})
        pd.testing.assert_frame_equal(got, expected, check_dtype=False, obj=name)
    assert [list(w) for w in stored["sentences"]["words"]] == [list(w) for w in corpus["sentences"]["words"]]


def test_a_missing_or_damaged_processed_store_reads_as_none(cache, folder, tmp_path):
    with pytest.warns(UserWarning, match="rebuild it"):
        assert read_processed(tmp_path / "nowhere") is None
    build(folder, store_name="damaged")
    (processed_dir("damaged") / "meetings.parquet").write_bytes(b"garbage")
    with pytest.warns(UserWarning, match="unusable"):
        assert read_processed(processed_dir("damaged")) is None
    build(folder, store_name="incomplete")
    (processed_dir("incomplete") / "meta.json").unlink()
    with pytest.warns(UserWarning):
        assert read_processed(processed_dir("incomplete")) is None


def test_compacting_keeps_a_part_another_process_wrote_meanwhile(tmp_path, monkeypatch):
    parts = PartStore(tmp_path / "rows", "key")
    parts.put(pd.DataFrame({"key": [f"gone-{i}" for i in range(1500)]}))
    parts.put(pd.DataFrame({"key": ["wanted"]}))
    parquet_file = pq.ParquetFile

    def read_while_a_session_writes(path):
        if not list((tmp_path / "rows").glob("part-*.parquet"))[2:]:
            PartStore(tmp_path / "rows", "key").put(pd.DataFrame({"key": ["fresh"]}))
        return parquet_file(path)

    monkeypatch.setattr(pq, "ParquetFile", read_while_a_session_writes)
    assert parts.get({"wanted"})["key"].tolist() == ["wanted"]  # sparse: the parts read are compacted
    monkeypatch.setattr(pq, "ParquetFile", parquet_file)
    assert sorted(parts.get({"wanted", "fresh"}, compact=False)["key"]) == ["fresh", "wanted"]


def test_a_build_with_nothing_changed_keeps_the_store_and_reads_no_article(cache, folder, monkeypatch):
    first, _ = build(folder, store_name="unchanged")

    def no_reading(*args):
        raise AssertionError("an unchanged build read the articles")

    monkeypatch.setattr("defence_news.store.read_corpus", no_reading)
    again, report = build(folder, store_name="unchanged")
    assert report.unchanged and counts(report) == (2, 0, 0)
    assert "nothing changed since the last build" in report.lines()[1]
    assert_same_tables(first, dict(again))


@pytest.mark.parametrize("change", ["new article", "edited article", "curation"])
def test_any_change_of_input_builds_again(cache, folder, tmp_path, change):
    curation = tmp_path / "curation.csv"
    header = "file,title,date,source,url,location,meetings,note\n"
    curation.write_text(header, encoding="utf-8")
    build(folder, curation_file=curation, store_name="changed")
    if change == "new article":
        (folder / "c.txt").write_text("Bộ trưởng Quốc phòng Nhật Bản thăm Hà Nội.\n", encoding="utf-8")
    elif change == "edited article":
        (folder / "b.txt").write_text(ARTICLES["b.txt"].replace("lần thứ 11", "lần thứ 12"), encoding="utf-8")
    else:
        curation.write_text(header + "b.txt,,2025-02-11,,,,,\n", encoding="utf-8")
    corpus, report = build(folder, curation_file=curation, store_name="changed")
    assert not report.unchanged
    articles = corpus["articles"].set_index("file")
    if change == "new article":
        assert counts(report) == (3, 1, 1) and "c.txt" in articles.index
    elif change == "edited article":
        editions = set(corpus["meetings"]["edition"].dropna())
        assert counts(report) == (2, 1, 1) and editions == {12}
    else:
        assert counts(report) == (2, 0, 0) and articles.loc["b.txt", "date"] == "2025-02-11"


def topics_in(res, text):
    return [hit.topic for hit in res.lexicon.find(tokens(text), text)]


def test_the_resources_are_kept_in_the_cache_until_a_data_file_changes(cache, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data, ignore=shutil.ignore_patterns("articles"))
    monkeypatch.setenv("DEFENCE_NEWS_DATA", str(data))
    text = "Hai bên bàn về tuần tra chung trên biển và tác chiến điện tử."
    first = load_resources()
    assert topics_in(first, text) == ["maritime_security"]
    with monkeypatch.context() as patched:
        patched.setattr("defence_news.pipeline.load_gazetteer", lambda: pytest.fail("the data files were read again"))
        kept = load_resources()
    assert kept.version == first.version and topics_in(kept, text) == ["maritime_security"]
    lexicon = data / "topics.yaml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8").replace("cướp biển, hải tặc,", "cướp biển, hải tặc, tác chiến điện tử,"),
                       encoding="utf-8")
    edited = load_resources()
    assert edited.version != first.version and topics_in(edited, text) == ["maritime_security", "maritime_security"]
    assert len(list((cache / "resources").glob("*.pickle"))) == 1  # the Resources of the old lexicon let go
    next((cache / "resources").glob("*.pickle")).write_bytes(b"damaged")
    assert load_resources().version == edited.version


def test_the_rows_of_jobs_become_the_frames_pandas_makes_of_them(folder):
    """_frame reads text and numbers through Arrow: the values and dtypes pandas gives the same lists
    (a number column with a None is float64, one of None alone object), the lists of words as they are."""
    res = load_resources()
    articles, _ = read_corpus(folder)
    rows: dict[str, dict[str, list]] = {}
    for article in articles:
        seg_columns, tables = run_job(Job(article, read_header(article.paragraphs, res.sources), article.file, "extract",
                                          None, True), res)
        for name, columns in {"segments": seg_columns, **tables}.items():
            for column, values in columns.items():
                rows.setdefault(name, {}).setdefault(column, []).extend(values)
    nullable = set()
    for columns in rows.values():
        got = _frame(columns)
        pd.testing.assert_frame_equal(got, pd.DataFrame(columns), check_exact=True)
        nullable |= {(c, str(got[c].dtype)) for c in got if None in columns[c]}
    # the meeting of a.txt has no edition, that of b.txt its 11th; neither article names a year beside its date
    assert {("edition", "float64"), ("year_signal", "object")} <= nullable
    assert {type(words) for words in _frame(rows["segments"])["words"]} == {list}


def test_files_unchanged_since_well_before_the_last_build_are_not_read_again(cache, folder, monkeypatch):
    an_hour_ago = time.time_ns() - 3600 * 10**9
    for path in folder.iterdir():
        os.utime(path, ns=(an_hour_ago, an_hour_ago))
    build(folder)
    (folder / "c.txt").write_text("Ngày 3/4/2025, Bộ trưởng Quốc phòng Việt Nam tiếp Đại sứ Úc.\n", encoding="utf-8")
    read = []
    file_bytes = load._file_bytes
    monkeypatch.setattr(load, "_file_bytes", lambda path, name: read.append(name) or file_bytes(path, name))
    _, report = build(folder)
    assert counts(report) == (3, 1, 1) and set(read) == {"c.txt"}


def test_a_same_size_edit_in_the_tick_of_the_last_build_is_seen(cache, folder):
    """A clock that ticks by seconds gives a file edited just after a build the time it had then (git's
    "racy" files): it is read again, not taken as unchanged from its size and time."""
    build(folder)
    edited = folder / "b.txt"
    stat = edited.stat()
    edited.write_bytes(edited.read_bytes().replace("lần thứ 11".encode(), "lần thứ 12".encode()))
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert edited.stat().st_size == stat.st_size
    tables, report = build(folder)
    assert counts(report) == (2, 1, 1) and "lần thứ 12" in tables["articles"].set_index("file").loc["b.txt", "title"]
