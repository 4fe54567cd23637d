"""The store: a content-keyed cache of per-article work, and the processed corpus tables.

Three caches, so that each kind of change redoes only what it must:
- articles as read (decoded, cleaned, split into paragraphs), keyed by the bytes of their
  file and the reader's code;
- segments, keyed by the text that was segmented and the segmenter's version;
- extraction rows, keyed by the article's content and the versions of the code rules and
  every data file (a lexicon edit redoes matching, never segmentation).
Each run appends its new rows as one Parquet part; a part that cannot be read is deleted
and its articles are processed again, never a crash. The processed tables are written to
`processed/<name>/` for the dashboard; a build that only adds articles to them adds their rows
(assemble.add_articles), the big tables' as one more part of each.
"""

from __future__ import annotations

import json
import os
import uuid
import warnings
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .assemble import add_articles, assemble, by_article, spelt_out
from .curation import curation_table, read_curation
from .load import READER_VERSION, Article, LoadProblem, Stamps, article_or_problem, read_corpus, stamped_keys
from .engine import Engine, LocalEngine, light
from .metadata import Header, read_header
from .pipeline import TABLE_COLUMNS, Resources, analyse, code_and_data, load_resources
from .resources import DataFileError, cache_dir, data_file, fingerprint
from .segment import SEGMENTER_VERSION, Sentence, segment, warm_up
from .tables import AGGREGATES, BIG_TABLES, StoredCorpus

PER_ARTICLE_TABLES = ("articles", "mentions", "keywords", "meeting_mentions", "statements", "actor_mentions")
DEFAULT_STORE = "default"
# The shape of the processed tables, kept in meta.json: a store of another shape is built again.
# 2: a mention keeps the number of its sentence, no longer its text (the sentences table has it)
# 3: a big table is a folder of parts; keywords without their TF-IDF; keyword_totals and meeting_keys, what
#    adding articles to the store needs (assemble.add_articles)
STORE_FORMAT = 3
# Kept in the processed store beside the corpus tables, which only summarise them, so that a
# session can assemble the corpus again with its user's articles (session.with_uploads):
# stored table → the per-article table it holds. The other per-article tables are columns of
# the corpus tables (mentions, keywords, statements).
RAW_TABLES = {"raw_articles": "articles", "meeting_mentions": "meeting_mentions", "actor_mentions": "actor_mentions"}


# Parts of a big table beyond which articles added to the store are written with the others as one part
MAX_PARTS = 16
# Rows per Parquet row group: a read of a few articles' rows (tables.rows) decodes only the
# groups that hold them, so groups are kept small; the big tables are sorted by article.
ROW_GROUP_ROWS = 32_768


def _write_atomic(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    pq.write_table(table, tmp, row_group_size=ROW_GROUP_ROWS)
    os.replace(tmp, path)


def _rows_where(table: pa.Table, mask: pa.ChunkedArray) -> pa.Table:
    """Return the rows of `table` where `mask` is true: the table itself when all are, as mostly
    (filtering copies every column, millions of strings in a big table)."""
    return table if pc.all(mask, skip_nulls=False, min_count=0).as_py() else table.filter(mask)


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
        if not keys and not compact:
            return pd.DataFrame(columns=[self.key])  # nothing asked for, nothing to compact: no part read
        wanted = pa.array(sorted(keys), pa.string())
        parts: list[pa.Table] = []
        read: list[Path] = []
        stored = 0
        for part in sorted(self.folder.glob("part-*.parquet"), key=lambda p: p.stat().st_mtime):
            try:
                file = pq.ParquetFile(part)
                if self.key not in file.schema_arrow.names:
                    self.problems.append(f"{part}: cache part without '{self.key}' removed and rebuilt")
                    part.unlink(missing_ok=True)
                    continue
                # the keys first: a build adding a few articles asks for none of the rows of most parts
                found = pc.is_in(file.read(columns=[self.key])[self.key], value_set=wanted)
                table = file.read() if pc.any(found).as_py() else file.schema_arrow.empty_table()
            except (OSError, pa.ArrowException) as error:
                self.problems.append(f"{part}: unreadable cache part removed and rebuilt ({error})")
                part.unlink(missing_ok=True)
                continue
            stored += file.metadata.num_rows
            read.append(part)
            parts.append(_rows_where(table, found) if table.num_rows else table)
        if not parts:
            return pd.DataFrame(columns=[self.key])
        # an article processed again (its cache part was damaged) is in an older part too
        newer = pa.array([], pa.string())
        for i in reversed(range(len(parts))):
            parts[i] = _rows_where(parts[i], pc.invert(pc.is_in(parts[i][self.key], value_set=newer)))
            newer = pa.concat_arrays([newer, pc.unique(parts[i][self.key]).cast(pa.string())])
        rows = pd.concat([part.to_pandas() for part in parts], ignore_index=True)
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


READ_COLUMNS = ["bytes_key", "article_id", "file", "text", "paragraphs", "duplicate_paragraphs", "encoding"]


@dataclass
class ReadCache:
    """The articles read from files, decoded, cleaned and split, by the bytes of their file (load.ReadArticles)."""

    parts: PartStore
    # False when a few files are read: their rows are then not the only ones wanted (PartStore.get)
    compact: bool = True

    def get(self, keys: set[str]) -> dict[str, Article]:
        rows = self.parts.get(keys, self.compact)
        if rows.empty:
            return {}
        # a paragraph never holds a line end: the paragraphs are stored as one text
        return {key: Article(article_id, file, text, tuple(paragraphs.split("\n")), duplicates, encoding)
                for key, article_id, file, text, paragraphs, duplicates, encoding
                in zip(*(rows[c].tolist() for c in READ_COLUMNS))}

    def put(self, articles: dict[str, Article]) -> None:
        self.parts.put(pd.DataFrame(
            [(key, a.article_id, a.file, a.text, "\n".join(a.paragraphs), a.duplicate_paragraphs, a.encoding)
             for key, a in articles.items()], columns=READ_COLUMNS))


@dataclass
class BuildReport:
    """What a build did: how many articles, how many were (re)processed, and every problem."""

    articles: int = 0
    segmented: int = 0
    analysed: int = 0
    problems: list[LoadProblem] = field(default_factory=list)
    cache_problems: list[str] = field(default_factory=list)
    unchanged: bool = False

    def lines(self) -> list[str]:
        """Return the report as lines for a person."""
        out = [f"{self.articles} articles: {self.segmented} segmented, {self.analysed} analysed, "
               f"{self.articles - self.analysed} from the cache"]
        if self.unchanged:
            out.append("nothing changed since the last build (code, data files, curation, articles): store kept")
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


def read_file(file: tuple[str, bytes], res: Resources) -> Article | LoadProblem:
    """Return the article of a file's name and bytes, or its problem; runs in a worker process."""
    return article_or_problem(file)


def header_of(article: Article, res: Resources) -> tuple[str, Header]:
    """Return an article's id and its header; runs in a worker process."""
    return article.article_id, read_header(article.paragraphs, res.sources)


Columns = dict[str, list]


def run_job(job: Job, res: Resources) -> tuple[Columns, dict[str, Columns]]:
    """Return the new segment rows and the new per-article rows of one job; runs in a worker process.

    Rows are sent back column by column (SEGMENT_COLUMNS, _stored_columns): lists of values
    are a third smaller than one dict per row, and the build's process unpickles them (while
    the workers run) and makes frames of them a third faster.
    The article row also keeps its seg_key, so that a later build finds its sentences
    without reading its header again.
    """
    seg_columns: Columns = {c: [] for c in SEGMENT_COLUMNS}
    sentences = job.sentences
    if sentences is None:
        sentences = tuple(segment(job.header.body))
        seg_columns = {"seg_key": [job.seg_key] * len(sentences), "sentence_index": [s.index for s in sentences],
                       "paragraph": [s.paragraph for s in sentences], "sentence": [s.text for s in sentences],
                       "words": [list(s.words) for s in sentences]}
    tables: dict[str, Columns] = {}
    if job.analyse:
        for name, rows in analyse(job.article, job.header, list(sentences), res).items():
            tables[name] = {c: [r[c] for r in rows] for c in TABLE_COLUMNS[name]}
            tables[name]["extract_key"] = [job.extract_key] * len(rows)
        tables["articles"]["seg_key"] = [job.seg_key]
    return seg_columns, tables


def _frame(columns: Columns) -> pd.DataFrame:
    """Return rows given by column as a frame, of the dtypes pandas gives the lists; with no rows, of object
    columns as a frame of no records is."""
    if not any(columns.values()):
        return pd.DataFrame([], columns=list(columns))
    return pd.DataFrame({name: _column(values) for name, values in columns.items()}, columns=list(columns))


# The Arrow types whose column in pandas has the dtype pandas infers from the same values: text,
# integers (float64 when some are None), floats, and None alone (object)
_AS_PANDAS = (pa.types.is_string, pa.types.is_integer, pa.types.is_floating, pa.types.is_null)


def _column(values: list) -> pd.Series | list:
    """Return a column of values as `_frame` gives it: text and numbers through Arrow, which reads
    millions of them a few times faster than pandas does (after the last worker, while the other core
    idles); lists of words, and values of mixed types Arrow refuses, as they are."""
    if isinstance(values[0], list):
        return values
    try:
        array = pa.array(values)
    except (pa.ArrowException, OverflowError):  # as pandas reads them: a number beyond int64 is an object
        return values
    return array.to_pandas() if any(is_type(array.type) for is_type in _AS_PANDAS) else values


def _sentences(rows: pd.DataFrame) -> tuple[Sentence, ...]:
    return tuple(Sentence(int(r.sentence_index), int(r.paragraph), r.sentence, tuple(r.words))
                 for r in rows.sort_values("sentence_index").itertuples())


def _stored_columns(name: str) -> list[str]:
    return [*TABLE_COLUMNS[name], "extract_key", *(["seg_key"] if name == "articles" else [])]


def extract_key(article: Article, res: Resources) -> str:
    """Return the cache key of an article's extracted rows.

    The article id is the hash of its text; its header (and so the text segmented) follows
    from that text and the data files in `res.version`, so no header is read to make the key.
    """
    return fingerprint(article.article_id, article.file, res.version, SEGMENTER_VERSION)


def process(
    articles: list[Article], res: Resources, cache: Path, progress: Progress = _no_progress,
    engine: Engine | None = None, whole_corpus: bool = True,
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, BuildReport]:
    """Return the per-article tables and the sentences of `articles`, through the cache.

    Only articles whose segmentation or extraction is not cached are sent to the engine, and
    only their headers are read. Unless `articles` are the `whole_corpus`, the cache keeps
    the rows of other articles.
    """
    engine = engine or LocalEngine()
    report = BuildReport(articles=len(articles))
    segments = PartStore(cache / "segments", "seg_key")
    extracted = {name: PartStore(cache / "extracted" / name, "extract_key") for name in PER_ARTICLE_TABLES}
    ext_keys = {a.article_id: extract_key(a, res) for a in articles}
    cached = {"articles": extracted["articles"].get(set(ext_keys.values()), compact=whole_corpus)}
    # adding articles, the other tables are asked for the rows of those analysed before alone (in the articles
    # table), mostly none: reading the keys of their millions of rows costs more than the rows of a few
    found = set(ext_keys.values()) if whole_corpus else set(cached["articles"]["extract_key"].tolist())
    cached.update({name: store.get(found, compact=whole_corpus) for name, store in extracted.items() if name != "articles"})
    # rows lost with a damaged part cannot be told from rows never written (an article without
    # meetings has none), so a damaged extraction cache is redone whole
    damaged = any(store.problems for store in extracted.values())
    known = cached["articles"]
    done = {} if damaged or known.empty else dict(zip(known["extract_key"].tolist(), known["seg_key"].tolist()))
    # the headers of articles not analysed before are read by the engine: in a cold build, one
    # process reading them all while the workers wait cost as much as a tenth of the build; a few, here (light)
    unread = [a for a in articles if ext_keys[a.article_id] not in done]
    headers: dict[str, Header] = dict(light(engine, unread).map(header_of, unread, res))
    seg_keys = {a.article_id: done[ext_keys[a.article_id]] if ext_keys[a.article_id] in done
                else fingerprint(SEGMENTER_VERSION, *headers[a.article_id].body) for a in articles}
    stored_segments = segments.get(set(seg_keys.values()), compact=whole_corpus)
    have = set(stored_segments["seg_key"].tolist())  # a list first: iterating pyarrow strings is slow
    wanted = [a for a in articles if ext_keys[a.article_id] not in done or seg_keys[a.article_id] not in have]
    for a in wanted:
        # an article analysed before whose sentences were lost (a damaged part) is segmented again;
        # not setdefault: that would read the header of every other article a second time
        if a.article_id not in headers:
            headers[a.article_id] = read_header(a.paragraphs, res.sources)
    needed = {seg_keys[a.article_id] for a in wanted if ext_keys[a.article_id] not in done} & have
    by_seg = dict(tuple(stored_segments[stored_segments["seg_key"].isin(needed)].groupby("seg_key")))
    jobs = [
        Job(a, headers[a.article_id], seg_keys[a.article_id], ext_keys[a.article_id],
            _sentences(by_seg[seg_keys[a.article_id]]) if seg_keys[a.article_id] in by_seg else None,
            ext_keys[a.article_id] not in done)
        for a in wanted
    ]
    new_segments: Columns = {c: [] for c in SEGMENT_COLUMNS}
    new_tables = {name: {c: [] for c in _stored_columns(name)} for name in PER_ARTICLE_TABLES}
    if any(j.sentences is None for j in jobs):
        warm_up()  # forked workers inherit the word model
    for seg_columns, tables in progress(engine.map(run_job, jobs, res), len(jobs), "processing"):
        for into, columns in ((new_segments, seg_columns), *((new_tables[n], c) for n, c in tables.items())):
            for column, values in columns.items():
                into[column] += values
    report.segmented = sum(1 for j in jobs if j.sentences is None)
    report.analysed = sum(1 for j in jobs if j.analyse)

    # two articles with the same body (another header) share their segments
    fresh = _frame(new_segments).drop_duplicates(["seg_key", "sentence_index"])
    # the cache parts are written by two threads while the tables are made (Parquet encodes without the GIL,
    # and after the last worker the other core is idle), waited for before returning
    with ThreadPoolExecutor(2) as writer:
        written = [writer.submit(segments.put, fresh)]
        tables = {}
        for name, store in extracted.items():
            fresh_table = _frame(new_tables[name])
            written.append(writer.submit(store.put, fresh_table))
            # the fresh rows of an article analysed again replace its cached ones
            again = cached[name]["extract_key"].isin(fresh_table["extract_key"].unique())  # each key once: rows are many
            kept = cached[name][~again] if again.any() else cached[name]
            frames = [f for f in (kept, fresh_table) if not f.empty]
            table = pd.concat(frames, ignore_index=True) if frames else fresh_table
            tables[name] = table[TABLE_COLUMNS[name]]
        report.cache_problems = segments.problems + [p for s in extracted.values() for p in s.problems]

        keys = pd.DataFrame({"article_id": pd.Series(list(seg_keys), dtype="str"),
                             "seg_key": pd.Series(list(seg_keys.values()), dtype="str"), "order": range(len(seg_keys))})
        frames = [f for f in (stored_segments, fresh) if not f.empty]
        segmented = pd.concat(frames, ignore_index=True) if frames else fresh
        columns = ["article_id", "sentence_index", "paragraph", "sentence", "words"]
        sentences = keys.merge(segmented, on="seg_key").sort_values(["order", "sentence_index"], ignore_index=True)[columns]
    for write in written:
        write.result()  # a part that could not be written raises here
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
    engine = engine or LocalEngine()
    engine.prepare()  # the word model is readied while the data files and the articles are read
    res = load_resources()
    if curation_file is not None and not curation_file.is_file():
        # data/articles.csv may be absent, but a file asked for by name must exist: a misspelt
        # --curation would otherwise curate nothing without a word
        raise DataFileError(str(curation_file), "the curation file does not exist")
    curation_path = curation_file or (data_file("articles.csv") if default else None)
    built_from = _files_of(processed_dir(store_name)) if store_name else None
    keys, stamps = stamped_keys(folder, _stamps(built_from, folder))
    rules = _rules_fingerprint(curation_path)
    inputs = inputs_fingerprint(folder, rules, keys)
    kept = _unchanged_store(processed_dir(store_name), inputs) if store_name else None
    if kept is not None:
        stored_problems = _problems(kept)
        if strict and stored_problems:
            raise stored_problems[0]
        return kept, BuildReport(articles=len(kept["articles"]), problems=stored_problems, unchanged=True)
    curation, _ = read_curation(curation_path, set(res.catalogue.series)) if curation_path else ({}, "")
    meta = {"input": str(folder), "version": res.version, "rules": rules, "inputs": inputs}
    files = {name: key for name, key in keys.items() if isinstance(key, str)}
    # on this machine's cores whatever the engine: the files are here, and a Dask cluster takes seconds to start
    def read_files(named: list[tuple[str, bytes]]) -> Iterable[Article | LoadProblem]:
        return light(LocalEngine(engine.workers), named).map(read_file, named, res)

    stored = _store_to_add_to(processed_dir(store_name), meta, files, built_from) if store_name else None
    read = ReadCache(PartStore(cache_dir() / "read", "bytes_key"), compact=stored is None)
    if stored is not None:
        # only the files the store was not built from are read
        stored_files = set(built_from["file"].to_pylist())
        articles, problems = read_corpus(folder, read, read_files,
                                         {name: key for name, key in keys.items() if name not in stored_files})
        if articles and not {a.article_id for a in articles} & set(stored["articles"]["article_id"].tolist()):
            problems = sorted([p for p in _problems(stored) if p.file in stored_files] + problems, key=lambda p: p.file)
        else:
            # no new article, or one with the text of a stored one (which of them is counted depends on their names)
            stored = None
    if stored is None:
        read.compact = True
        articles, problems = read_corpus(folder, read, read_files, keys)
    if strict and problems:
        raise problems[0]
    tables, sentences, report = process(articles, res, cache_dir(), progress, engine, whole_corpus=stored is None)
    report.problems = problems
    report.cache_problems = read.parts.problems + report.cache_problems
    corpus = assemble(tables, sentences, curation, res) if stored is None else add_articles(
        stored, tables, sentences, curation, res)
    # in article order, as the other big tables: a table of several parts is read in that order (tables.py)
    corpus.update({stored_name: by_article(tables[name]) for stored_name, name in RAW_TABLES.items()})
    corpus["curation"] = curation_table(curation)
    corpus["problems"] = pd.DataFrame([{"file": p.file, "reason": p.reason} for p in problems], columns=["file", "reason"])
    if stored is not None:
        report.articles += len(stored["articles"])
        write_processed(corpus, processed_dir(store_name), meta, added=True, files=stamps)
        # just written: its tables are read when they are used (a build reports, a page reads)
        return StoredCorpus(processed_dir(store_name), sorted(corpus)), report
    if store_name:
        write_processed(corpus, processed_dir(store_name), meta, files=stamps)
    return corpus, report


def _problems(stored: StoredCorpus) -> list[LoadProblem]:
    return [LoadProblem(file, reason) for file, reason in zip(stored["problems"]["file"].tolist(),
                                                               stored["problems"]["reason"].tolist())]


# the files a processed store was built from, by name, with their bytes_key, size and time (load.Stamps), beside its
# tables; its metadata says when they were taken, from which folder and by which reader
FILES = "files.parquet"
# its columns beside "file": a load.Stamps entry's, in order
STAMP_COLUMNS = ("size", "mtime_ns", "bytes_key")


def _files_of(folder: Path) -> pa.Table | None:
    """Return the FILES table of the processed store in `folder` (file, size, mtime_ns, bytes_key), or None."""
    try:
        return pq.read_table(folder / FILES)
    except (OSError, pa.ArrowException):
        return None


def _stamps(files: pa.Table | None, articles: Path) -> Stamps | None:
    """Return the Stamps of the `files` a store was built from (its FILES table), or None when it was built from
    another folder than `articles` or by another reader (its keys are not this reader's)."""
    meta = (files.schema.metadata or {}) if files is not None else {}
    if meta.get(b"reader") != READER_VERSION.encode() or meta.get(b"input") != str(articles.resolve()).encode():
        return None
    return Stamps(int(meta[b"taken_ns"]), {name: tuple(stamp) for name, *stamp in zip(
        *(files[c].to_pylist() for c in ("file", *STAMP_COLUMNS)))})


def _store_to_add_to(folder: Path, meta: dict, files: dict[str, str], built_from: pa.Table | None) -> StoredCorpus | None:
    """Return the processed store in `folder` when the files it was built from (`built_from`, its FILES table)
    are some of `files` (name: bytes_key), unchanged, and it was built by the same code, data files and curation
    (`meta`): the articles of the other files may be added to it. Else None: a file changed or removed changes
    what is merged and counted, and is built again whole."""
    try:
        written = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if built_from is None or written.get("format") != STORE_FORMAT or any(
            written.get(key) != meta[key] for key in ("version", "rules")):
        return None
    keys = dict(zip(built_from["file"].to_pylist(), built_from["bytes_key"].to_pylist()))
    if len(keys) >= len(files) or any(files.get(name) != key for name, key in keys.items()):
        return None
    with warnings.catch_warnings():
        # a damaged store is built again: that is what its warning would ask for
        warnings.simplefilter("ignore")
        return read_processed(folder, coded=False)


def inputs_fingerprint(folder: Path, rules: str, keys: dict[str, str | LoadProblem]) -> str:
    """Return the fingerprint of all a build reads: the code, data files and curation (`rules`,
    _rules_fingerprint), and the article files of `folder` (`keys`: load.file_keys) by name and key."""
    return fingerprint(str(folder.resolve()), rules, *(part for name, key in keys.items() for part in (name, str(key))))


def _rules_fingerprint(curation_path: Path | None) -> str:
    """Return the fingerprint of what a build reads besides the articles: the package's code, the data files
    and the curation file. A store built with the same can have articles added to it, from any folder (its
    tables hold the names of the article files, not their folder)."""
    curation = [curation_path] if curation_path and curation_path.is_file() else []
    return fingerprint(code_and_data(), *(part for f in curation for part in (f.name, f.read_bytes())))


def _unchanged_store(folder: Path, inputs: str) -> StoredCorpus | None:
    """Return the processed store in `folder` when it was built from exactly `inputs`, else None."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("inputs") != inputs:
        return None
    with warnings.catch_warnings():
        # a damaged store is built again: that is what its warning would ask for
        warnings.simplefilter("ignore")
        return read_processed(folder)


def write_processed(corpus: dict[str, pd.DataFrame], folder: Path, meta: dict, added: bool = False,
                    files: Stamps | None = None) -> None:
    """Write the corpus tables as Parquet files in `folder`, with meta.json last (it marks a complete store),
    and the Stamps of the `files` they were built from, when given (FILES), of the folder meta["input"].

    A big table (tables.BIG_TABLES) is a folder of parts, each sorted by article. With `added`, the big
    tables of `corpus` hold the rows of articles added to those of the store, written as one more part;
    else each is written whole as one part, in place of the others.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meta.json").unlink(missing_ok=True)

    def write(name: str, table: pd.DataFrame) -> None:
        # a keyword's TF-IDF changes with every article added: it is computed where it is read
        table = table.drop(columns=["tfidf"], errors="ignore") if name == "keywords" else table
        # a column read as categories (tables.StoredCorpus) is written as text, as a build writes it
        data = spelt_out(table)
        if name not in BIG_TABLES:
            _write_atomic(data, folder / f"{name}.parquet")
            return
        before = sorted((folder / name).glob("*.parquet"))
        # replaced by the part written, with the file of a store of format 2
        replaced = [*before, folder / f"{name}.parquet"]
        if added and not data.num_rows:
            return
        # without stored rows, whose columns may be of another type, the new rows are the table
        if added and any(pq.read_metadata(part).num_rows for part in before):
            data, replaced = _part_added(before, data)
        _write_atomic(data, folder / name / f"part-{uuid.uuid4().hex}.parquet")
        for part in replaced:
            part.unlink(missing_ok=True)

    # the small tables on two threads (Parquet encodes and writes without the GIL) while the big ones are written
    # here one at a time: two at once would hold both, GBs at 100,000 articles
    with ThreadPoolExecutor(2) as pool:
        small = [pool.submit(write, name, corpus[name]) for name in corpus if name not in BIG_TABLES]
        for name in [name for name in corpus if name in BIG_TABLES]:
            write(name, corpus[name])
        for written in small:
            written.result()  # a table that could not be written raises here, before meta.json marks the store whole
    if files is None:
        (folder / FILES).unlink(missing_ok=True)  # what it says no longer holds
    else:
        names = list(files.files)
        _write_atomic(pa.table({"file": names, **{column: [files.files[n][i] for n in names] for i, column in
                                                  enumerate(STAMP_COLUMNS)}},
                               metadata={"reader": READER_VERSION, "taken_ns": str(files.taken_ns),
                                         "input": str(Path(meta["input"]).resolve())}), folder / FILES)
    (folder / "meta.json").write_text(json.dumps({**meta, "format": STORE_FORMAT, "tables": sorted(corpus)}, indent=1),
                                      encoding="utf-8")


def _part_added(parts: list[Path], data: pa.Table) -> tuple[pa.Table, list[Path]]:
    """Return the part to write for the rows `data` added to a big table of `parts`, and the parts it replaces."""
    schema = pq.read_schema(parts[0])
    # many parts make every read slower; a column of no type in the stored rows (they had no value in it)
    # has one in the new rows: either way the table is written whole again
    if len(parts) >= MAX_PARTS or any(pa.types.is_null(old.type) and not pa.types.is_null(new.type)
                                      for old, new in zip(schema, data.schema)):
        whole = pa.concat_tables([pq.read_table(part) for part in parts] + [data], promote_options="permissive")
        return whole.take(pc.sort_indices(whole, [("article_id", "ascending")])), parts  # a stable sort
    # typed as the parts before it: a column without a value in the new rows has no type of its own
    return data.cast(schema), []


def read_processed(folder: Path | None = None, coded: bool = True) -> StoredCorpus | None:
    """Return the tables of a processed store, or None when it is missing, incomplete or damaged.

    The small tables are read at once, a big one when it is asked for (see tables.StoredCorpus, and `coded`).
    """
    folder = folder or processed_dir()
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        missing = {*RAW_TABLES, "curation", *AGGREGATES} - set(meta["tables"])
        if missing:
            raise ValueError(f"written by an older version, without {', '.join(sorted(missing))}")
        written = meta.get("format", 1)
        if written != STORE_FORMAT:
            raise ValueError(f"written by another version, in store format {written} (this one reads {STORE_FORMAT})")
        for name in meta["tables"]:
            # a big table is read later: its files must be whole now
            parts = sorted((folder / name).glob("*.parquet")) if name in BIG_TABLES else [folder / f"{name}.parquet"]
            if not parts:
                raise ValueError(f"no part of {name}")
            for part in parts:
                pq.read_metadata(part)
        stored = StoredCorpus(folder, meta["tables"], coded)
        stored.small  # read now: a damaged table makes the store unusable here, not on a page
        return stored
    except (OSError, ValueError, KeyError, pa.ArrowException) as error:
        warnings.warn(f"processed store {folder} unusable ({error}); rebuild it", stacklevel=2)
        return None
