"""The engines give the same tables: one process, forked workers, and a Dask LocalCluster."""

import pandas as pd
import pytest

from conftest import SEEDS
from defence_news import engine, segment
from defence_news.engine import DaskEngine, LocalEngine
from defence_news.store import build, run_job

TABLES = ["articles", "meetings", "topic_counts", "country_mentions", "keywords", "mentions", "sentences"]


def _sorted(table: pd.DataFrame) -> pd.DataFrame:
    plain = table.map(lambda v: tuple(v) if hasattr(v, "__len__") and not isinstance(v, str) else v)
    return plain.sort_values(list(plain.columns)).reset_index(drop=True)


@pytest.fixture
def corpus_folder(tmp_path):
    """The seeds plus copies with one changed line: enough articles for the engines to fan out."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in SEEDS.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        for copy in range(3):
            (folder / f"{path.stem}_{copy}.txt").write_text(f"{text}\nBản sao số {copy}.", encoding="utf-8")
    return folder


def _build(folder, cache, monkeypatch, engine):
    monkeypatch.setenv("DEFENCE_NEWS_CACHE", str(cache))
    tables, report = build(folder, store_name=None, engine=engine)
    assert report.segmented == report.analysed == 15
    return tables


def test_worker_processes_give_the_tables_of_one_process(corpus_folder, tmp_path, monkeypatch):
    one = _build(corpus_folder, tmp_path / "one", monkeypatch, LocalEngine(1))
    two = _build(corpus_folder, tmp_path / "two", monkeypatch, LocalEngine(2))
    for name in TABLES:
        pd.testing.assert_frame_equal(_sorted(one[name]), _sorted(two[name]), obj=name)


def test_dask_cluster_gives_the_tables_of_the_local_engine(corpus_folder, tmp_path, monkeypatch):
    pytest.importorskip("dask.distributed")
    local = _build(corpus_folder, tmp_path / "local", monkeypatch, LocalEngine(1))
    dask = _build(corpus_folder, tmp_path / "dask", monkeypatch, DaskEngine(workers=2))
    for name in TABLES:
        pd.testing.assert_frame_equal(_sorted(local[name]), _sorted(dask[name]), obj=name)


def test_files_that_are_no_articles_are_reported_alike_from_worker_processes(corpus_folder, tmp_path, monkeypatch):
    (corpus_folder / "empty.txt").write_bytes(b"")
    (corpus_folder / "scan.txt").write_bytes(b"%PDF-1.7 binary")
    reports = []
    for engine in (LocalEngine(1), LocalEngine(2)):
        monkeypatch.setenv("DEFENCE_NEWS_CACHE", str(tmp_path / str(engine.workers)))
        reports.append(build(corpus_folder, store_name=None, engine=engine)[1])
    assert [(p.file, p.reason) for p in reports[1].problems] == [(p.file, p.reason) for p in reports[0].problems]
    assert [p.file for p in reports[1].problems] == ["empty.txt", "scan.txt"]


def test_only_an_engine_of_several_processes_converts_the_word_model_on_the_side(tmp_path, monkeypatch):
    monkeypatch.setenv("DEFENCE_NEWS_CACHE", str(tmp_path))
    monkeypatch.setattr(segment, "_tagger", None)
    LocalEngine(1).prepare()
    assert segment._converting is None
    LocalEngine(2).prepare()
    assert segment._converting is not None
    segment.warm_up()
    assert list((tmp_path / "models").glob("words-*.pickle"))


def test_only_the_articles_work_is_spread_over_workers_when_the_files_are_few(corpus_folder, tmp_path, monkeypatch):
    forked = []

    class Recorded(engine.ProcessPoolExecutor):
        def map(self, fn, *iterables, **options):
            forked.append(fn.args[0])  # partial(_call, func, version)
            return super().map(fn, *iterables, **options)

    monkeypatch.setattr(engine, "ProcessPoolExecutor", Recorded)
    # 15 files and headers are read here: forking a process holding a store costs more than reading them
    _build(corpus_folder, tmp_path / "cache", monkeypatch, LocalEngine(2))
    assert forked == [run_job]
    monkeypatch.setattr(engine, "MIN_PARALLEL_LIGHT_JOBS", 8)
    _build(corpus_folder, tmp_path / "again", monkeypatch, LocalEngine(2))
    assert [f.__name__ for f in forked[1:]] == ["read_file", "header_of", "run_job"]
