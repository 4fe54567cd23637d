"""The store: a content-keyed cache of per-article work, and the processed corpus tables.

Two caches, so that each kind of change redoes only what it must:
- segments, keyed by the text that was segmented and the segmenter's version;
- extraction rows, keyed by the article's content and the versions of the code rules and
  every data file (a lexicon edit redoes matching, never segmentation).
Each run appends its new rows as one Parquet part; a part that cannot be read is deleted
and its articles are processed again, never a crash. The processed tables are written to
`processed/<name>/` for the dashboard.
"""

from __future__ import annotations

import json
import os
import uuid
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .assemble import assemble
from .curation import curation_table, read_curation
from .load import Article, LoadProblem, read_corpus
from .engine import Engine, LocalEngine
from .metadata import Header, read_header
from .pipeline import TABLE_COLUMNS, Resources, analyse, load_resources
from .resources import DataFileError, cache_dir, data_file, fingerprint
from .segment import SEGMENTER_VERSION, Sentence, segment

PER_ARTICLE_TABLES = ("articles", "mentions", "keywords", "meeting_mentions", "statements", "actor_mentions")
DEFAULT_STORE = "default"
# Kept in the processed store beside the corpus tables, which only summarise them, so that a
# session can assemble the corpus again with its user's articles (session.with_uploads):
# stored table → the per-article table it holds. The other per-article tables are columns of
# the corpus tables (mentions, keywords, statements).
RAW_TABLES = {"raw_articles": "articles", "meeting_mentions": "meeting_mentions", "actor_mentions": "actor_mentions"}


def _write_atomic(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


@dataclass
class PartStore:
    """Rows keyed by a column, kept as Parquet parts in one folder."""

    folder: Path
    key: str
    problems: list[str] = field(default_factory=list)

    def get(self, keys: set[str], compact: bool = True) -> pd.DataFrame:
        """Return the stored rows whose key is in `keys` (the newest copy of each key).

        With `compact`, the parts read are rewritten as one when most of their rows were not
        asked for: right when `keys` are the whole corpus, wrong when they are a few articles.
        """
        frames = []
        read: list[Path] = []
        stored = 0
        for part in sorted(self.folder.glob("part-*.parquet"), key=lambda p: p.stat().st_mtime):
            try:
                frame = pq.read_table(part).to_pandas()
            except (OSError, pa.ArrowException) as error:
                self.problems.append(f"{part}: unreadable cache part removed and rebuilt ({error})")
                part.unlink(missing_ok=True)
                continue
            if self.key not in frame.columns:
                self.problems.append(f"{part}: cache part without '{self.key}' removed and rebuilt")
                part.unlink(missing_ok=True)
                continue
            stored += len(frame)
            read.append(part)
            frames.append(frame[frame[self.key].isin(keys)])
        if not frames:
            return pd.DataFrame(columns=[self.key])
        # an article processed again (its cache part was damaged) is in an older part too
        newer: set[str] = set()
        for i in reversed(range(len(frames))):
            frames[i] = frames[i][~frames[i][self.key].isin(newer)]
            newer.update(frames[i][self.key])
        rows = pd.concat(frames, ignore_index=True)
        if compact:
            self._compact_if_sparse(rows, stored, read)
        return rows

    def put(self, rows: pd.DataFrame) -> None:
        """Store new rows as one part."""
        if not rows.empty:
            _write_atomic(pa.Table.from_pandas(rows, preserve_index=False), self.folder / f"part-{uuid.uuid4().hex}.parquet")

    def _compact_if_sparse(self, rows: pd.DataFrame, stored: int, read: list[Path]) -> None:
        """Rewrite the parts read as one part when most of their rows are no longer wanted.

        Only the parts read are replaced: one that another process (a dashboard session) wrote
        meanwhile holds rows this one never saw.
        """
        if len(read) > 1 and stored > 2 * len(rows) + 1000 or len(read) > 64:
            self.put(rows)
            for part in read:
                part.unlink(missing_ok=True)


@dataclass
class BuildReport:
    """What a build did: how many articles, how many were (re)processed, and every problem."""

    articles: int = 0
    segmented: int = 0
    analysed: int = 0
    problems: list[LoadProblem] = field(default_factory=list)
    cache_problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Return the report as lines for a person."""
        out = [f"{self.articles} articles: {self.segmented} segmented, {self.analysed} analysed, "
               f"{self.articles - self.analysed} from the cache"]
        out += [f"skipped {p.file}: {p.reason}" for p in self.problems]
        out += [f"cache: {c}" for c in self.cache_problems]
        return out


Progress = Callable[[Iterable, int, str], Iterable]


def _no_progress(items: Iterable, total: int, label: str) -> Iterable:
    return items


SEGMENT_COLUMNS = ["seg_key", "sentence_index", "paragraph", "sentence", "words"]


@dataclass(frozen=True)
class Job:
    """One article's work: segment it unless its sentences are given, analyse it when asked."""

    article: Article
    header: Header
    seg_key: str
    extract_key: str
    sentences: tuple[Sentence, ...] | None
    analyse: bool


def run_job(job: Job, res: Resources) -> tuple[list[dict], dict[str, list[dict]]]:
    """Return (new segment rows, new per-article rows) of one job; runs in a worker process."""
    seg_rows: list[dict] = []
    sentences = job.sentences
    if sentences is None:
        sentences = tuple(segment(job.header.body))
        seg_rows = [{"seg_key": job.seg_key, "sentence_index": s.index, "paragraph": s.paragraph,
                     "sentence": s.text, "words": list(s.words)} for s in sentences]
    tables: dict[str, list[dict]] = {}
    if job.analyse:
        for name, rows in analyse(job.article, job.header, list(sentences), res).items():
            tables[name] = [{**r, "extract_key": job.extract_key} for r in rows]
    return seg_rows, tables


def _sentences(rows: pd.DataFrame) -> tuple[Sentence, ...]:
    return tuple(Sentence(int(r.sentence_index), int(r.paragraph), r.sentence, tuple(r.words))
                 for r in rows.sort_values("sentence_index").itertuples())


def process(
    articles: list[Article], res: Resources, cache: Path, progress: Progress = _no_progress,
    engine: Engine | None = None, whole_corpus: bool = True,
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, BuildReport]:
    """Return the per-article tables and the sentences of `articles`, through the cache.

    Only articles whose segmentation or extraction is not cached are sent to the engine.
    Unless `articles` are the `whole_corpus`, the cache keeps the rows of other articles.
    """
    engine = engine or LocalEngine()
    report = BuildReport(articles=len(articles))
    segments = PartStore(cache / "segments", "seg_key")
    extracted = {name: PartStore(cache / "extracted" / name, "extract_key") for name in PER_ARTICLE_TABLES}
    headers = {a.article_id: read_header(a.paragraphs, res.sources) for a in articles}
    seg_keys = {a.article_id: fingerprint(SEGMENTER_VERSION, *headers[a.article_id].body) for a in articles}
    ext_keys = {a.article_id: fingerprint(a.article_id, a.file, res.version, seg_keys[a.article_id]) for a in articles}

    cached_segments = segments.get(set(seg_keys.values()), compact=whole_corpus)
    by_seg = dict(tuple(cached_segments.groupby("seg_key"))) if not cached_segments.empty else {}
    cached = {name: store.get(set(ext_keys.values()), compact=whole_corpus) for name, store in extracted.items()}
    # rows lost with a damaged part cannot be told from rows never written (an article without
    # meetings has none), so a damaged extraction cache is redone whole
    damaged = any(store.problems for store in extracted.values())
    done = set() if damaged else set(cached["articles"]["extract_key"])
    jobs = [
        Job(a, headers[a.article_id], seg_keys[a.article_id], ext_keys[a.article_id],
            _sentences(by_seg[seg_keys[a.article_id]]) if seg_keys[a.article_id] in by_seg else None,
            ext_keys[a.article_id] not in done)
        for a in articles
        if seg_keys[a.article_id] not in by_seg or ext_keys[a.article_id] not in done
    ]
    new_segments: list[dict] = []
    new_tables: dict[str, list[dict]] = {name: [] for name in PER_ARTICLE_TABLES}
    for seg_rows, tables in progress(engine.map(run_job, jobs, res), len(jobs), "processing"):
        new_segments += seg_rows
        for name, rows in tables.items():
            new_tables[name] += rows
    report.segmented = sum(1 for j in jobs if j.sentences is None)
    report.analysed = sum(1 for j in jobs if j.analyse)

    fresh = pd.DataFrame(new_segments, columns=SEGMENT_COLUMNS)
    segments.put(fresh)
    by_seg.update(dict(tuple(fresh.groupby("seg_key"))) if not fresh.empty else {})
    tables = {}
    for name, store in extracted.items():
        fresh_table = pd.DataFrame(new_tables[name], columns=[*TABLE_COLUMNS[name], "extract_key"])
        store.put(fresh_table)
        # the fresh rows of an article analysed again replace its cached ones
        kept = cached[name][~cached[name]["extract_key"].isin(fresh_table["extract_key"])]
        frames = [f for f in (kept, fresh_table) if not f.empty]
        table = pd.concat(frames, ignore_index=True) if frames else fresh_table
        tables[name] = table[TABLE_COLUMNS[name]]
    report.cache_problems = segments.problems + [p for s in extracted.values() for p in s.problems]

    sentence_rows = [
        by_seg[seg_keys[a.article_id]].drop(columns=["seg_key"]).assign(article_id=a.article_id)
        for a in articles if seg_keys[a.article_id] in by_seg
    ]
    columns = ["article_id", "sentence_index", "paragraph", "sentence", "words"]
    sentences = pd.concat(sentence_rows, ignore_index=True)[columns] if sentence_rows else pd.DataFrame(columns=columns)
    return tables, sentences, report


def processed_dir(name: str = DEFAULT_STORE) -> Path:
    """Return the folder of a processed store."""
    return cache_dir() / "processed" / name


def build(
    folder: Path | None = None,
    curation_file: Path | None = None,
    strict: bool = False,
    progress: Progress = _no_progress,
    store_name: str | None = DEFAULT_STORE,
    engine: Engine | None = None,
) -> tuple[dict[str, pd.DataFrame], BuildReport]:
    """Return the corpus tables of a folder of articles (data/articles by default), through the cache.

    Beside them: the per-article tables of RAW_TABLES, the curation applied (`curation_table`)
    and the files that could not be read (problems: file, reason). With `strict`, the first
    unreadable file raises LoadProblem. The tables are also written as the processed store
    `store_name` unless it is None.
    """
    default = folder is None
    folder = folder or data_file("articles")
    res = load_resources()
    if curation_file is not None and not curation_file.is_file():
        # data/articles.csv may be absent, but a file asked for by name must exist: a misspelt
        # --curation would otherwise curate nothing without a word
        raise DataFileError(str(curation_file), "the curation file does not exist")
    curation_path = curation_file or (data_file("articles.csv") if default else None)
    curation, _ = read_curation(curation_path, set(res.catalogue.series)) if curation_path else ({}, "")
    articles, problems = read_corpus(folder)
    if strict and problems:
        raise problems[0]
    tables, sentences, report = process(articles, res, cache_dir(), progress, engine)
    report.problems = problems
    corpus = assemble(tables, sentences, curation, res)
    corpus.update({stored: tables[name] for stored, name in RAW_TABLES.items()})
    corpus["curation"] = curation_table(curation)
    corpus["problems"] = pd.DataFrame([{"file": p.file, "reason": p.reason} for p in problems], columns=["file", "reason"])
    if store_name:
        write_processed(corpus, processed_dir(store_name), {"input": str(folder), "version": res.version})
    return corpus, report


def write_processed(corpus: dict[str, pd.DataFrame], folder: Path, meta: dict) -> None:
    """Write the corpus tables as Parquet files in `folder`, with meta.json last (it marks a complete store)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meta.json").unlink(missing_ok=True)
    for name, table in corpus.items():
        _write_atomic(pa.Table.from_pandas(table, preserve_index=False), folder / f"{name}.parquet")
    (folder / "meta.json").write_text(json.dumps({**meta, "tables": sorted(corpus)}, indent=1), encoding="utf-8")


def read_processed(folder: Path | None = None) -> dict[str, pd.DataFrame] | None:
    """Return the tables of a processed store, or None when it is missing, incomplete or damaged."""
    folder = folder or processed_dir()
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        missing = {*RAW_TABLES, "curation"} - set(meta["tables"])
        if missing:
            raise ValueError(f"written by an older version, without {', '.join(sorted(missing))}")
        return {name: pq.read_table(folder / f"{name}.parquet").to_pandas() for name in meta["tables"]}
    except (OSError, ValueError, KeyError, pa.ArrowException) as error:
        warnings.warn(f"processed store {folder} unusable ({error}); rebuild it", stacklevel=2)
        return None
