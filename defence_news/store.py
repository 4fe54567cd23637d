"""The store: a content-keyed cache of per-article work, and the processed corpus tables.

Three caches, so that each kind of change redoes only what it must:
- articles as read (decoded, cleaned, split into paragraphs), keyed by the bytes of their
  file and the reader's code;
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
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .assemble import assemble
from .curation import curation_table, read_curation
from .load import Article, LoadProblem, article_files, read_corpus
from .engine import Engine, LocalEngine
from .metadata import Header, read_header
from .pipeline import TABLE_COLUMNS, Resources, analyse, load_resources
from .resources import DataFileError, cache_dir, data_dir, data_file, fingerprint
from .segment import SEGMENTER_VERSION, Sentence, segment
from .tables import AGGREGATES, StoredCorpus

PER_ARTICLE_TABLES = ("articles", "mentions", "keywords", "meeting_mentions", "statements", "actor_mentions")
DEFAULT_STORE = "default"
# The shape of the processed tables, kept in meta.json: a store of another shape is built again.
# 2: a mention keeps the number of its sentence, no longer its text (the sentences table has it)
STORE_FORMAT = 2
# Kept in the processed store beside the corpus tables, which only summarise them, so that a
# session can assemble the corpus again with its user's articles (session.with_uploads):
# stored table → the per-article table it holds. The other per-article tables are columns of
# the corpus tables (mentions, keywords, statements).
RAW_TABLES = {"raw_articles": "articles", "meeting_mentions": "meeting_mentions", "actor_mentions": "actor_mentions"}


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
        wanted = pa.array(sorted(keys), pa.string())
        parts: list[pa.Table] = []
        read: list[Path] = []
        stored = 0
        for part in sorted(self.folder.glob("part-*.parquet"), key=lambda p: p.stat().st_mtime):
            try:
                table = pq.read_table(part)
            except (OSError, pa.ArrowException) as error:
                self.problems.append(f"{part}: unreadable cache part removed and rebuilt ({error})")
                part.unlink(missing_ok=True)
                continue
            if self.key not in table.column_names:
                self.problems.append(f"{part}: cache part without '{self.key}' removed and rebuilt")
                part.unlink(missing_ok=True)
                continue
            stored += table.num_rows
            read.append(part)
            parts.append(_rows_where(table, pc.is_in(table[self.key], value_set=wanted)))
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

    def get(self, keys: set[str]) -> dict[str, Article]:
        rows = self.parts.get(keys)
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


def header_of(article: Article, res: Resources) -> tuple[str, Header]:
    """Return an article's id and its header; runs in a worker process."""
    return article.article_id, read_header(article.paragraphs, res.sources)


def run_job(job: Job, res: Resources) -> tuple[list[dict], dict[str, list[dict]]]:
    """Return (new segment rows, new per-article rows) of one job; runs in a worker process.

    The article row also keeps its seg_key, so that a later build finds its sentences
    without reading its header again.
    """
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
        tables["articles"] = [{**r, "seg_key": job.seg_key} for r in tables["articles"]]
    return seg_rows, tables


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
    cached = {name: store.get(set(ext_keys.values()), compact=whole_corpus) for name, store in extracted.items()}
    # rows lost with a damaged part cannot be told from rows never written (an article without
    # meetings has none), so a damaged extraction cache is redone whole
    damaged = any(store.problems for store in extracted.values())
    known = cached["articles"]
    done = {} if damaged or known.empty else dict(zip(known["extract_key"].tolist(), known["seg_key"].tolist()))
    # the headers of articles not analysed before are read by the engine: in a cold build, one
    # process reading them all while the workers wait cost as much as a tenth of the build
    headers: dict[str, Header] = dict(
        engine.map(header_of, [a for a in articles if ext_keys[a.article_id] not in done], res))
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
    new_segments: list[dict] = []
    new_tables: dict[str, list[dict]] = {name: [] for name in PER_ARTICLE_TABLES}
    for seg_rows, tables in progress(engine.map(run_job, jobs, res), len(jobs), "processing"):
        new_segments += seg_rows
        for name, rows in tables.items():
            new_tables[name] += rows
    report.segmented = sum(1 for j in jobs if j.sentences is None)
    report.analysed = sum(1 for j in jobs if j.analyse)

    # two articles with the same body (another header) share their segments
    fresh = pd.DataFrame(new_segments, columns=SEGMENT_COLUMNS).drop_duplicates(["seg_key", "sentence_index"])
    segments.put(fresh)
    tables = {}
    for name, store in extracted.items():
        fresh_table = pd.DataFrame(new_tables[name], columns=_stored_columns(name))
        store.put(fresh_table)
        # the fresh rows of an article analysed again replace its cached ones
        again = cached[name]["extract_key"].isin(fresh_table["extract_key"])
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
    inputs = inputs_fingerprint(folder, curation_path)
    kept = _unchanged_store(processed_dir(store_name), inputs) if store_name else None
    if kept is not None:
        stored_problems = [LoadProblem(p.file, p.reason) for p in kept["problems"].itertuples()]
        if strict and stored_problems:
            raise stored_problems[0]
        return kept, BuildReport(articles=len(kept["articles"]), problems=stored_problems, unchanged=True)
    curation, _ = read_curation(curation_path, set(res.catalogue.series)) if curation_path else ({}, "")
    read = ReadCache(PartStore(cache_dir() / "read", "bytes_key"))
    articles, problems = read_corpus(folder, read)
    if strict and problems:
        raise problems[0]
    tables, sentences, report = process(articles, res, cache_dir(), progress, engine)
    report.problems = problems
    report.cache_problems = read.parts.problems + report.cache_problems
    corpus = assemble(tables, sentences, curation, res)
    corpus.update({stored: tables[name] for stored, name in RAW_TABLES.items()})
    corpus["curation"] = curation_table(curation)
    corpus["problems"] = pd.DataFrame([{"file": p.file, "reason": p.reason} for p in problems], columns=["file", "reason"])
    if store_name:
        write_processed(corpus, processed_dir(store_name), {"input": str(folder), "version": res.version,
                                                           "inputs": inputs})
    return corpus, report


def inputs_fingerprint(folder: Path, curation_path: Path | None) -> str:
    """Return the fingerprint of all a build reads: the package's code, the data files, the
    curation file and the article files of `folder`, each by name and content."""
    package = Path(__file__).parent
    files = [*sorted(package.glob("*.py")), *sorted(p for p in data_dir().iterdir() if p.is_file()),
             *([curation_path] if curation_path and curation_path.is_file() else []), *article_files(folder)]
    return fingerprint(str(folder.resolve()), *(part for f in files for part in (f.name, f.read_bytes())))


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


def write_processed(corpus: dict[str, pd.DataFrame], folder: Path, meta: dict) -> None:
    """Write the corpus tables as Parquet files in `folder`, with meta.json last (it marks a complete store)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meta.json").unlink(missing_ok=True)
    for name, table in corpus.items():
        _write_atomic(pa.Table.from_pandas(table, preserve_index=False), folder / f"{name}.parquet")
    (folder / "meta.json").write_text(json.dumps({**meta, "format": STORE_FORMAT, "tables": sorted(corpus)}, indent=1),
                                      encoding="utf-8")


def read_processed(folder: Path | None = None) -> StoredCorpus | None:
    """Return the tables of a processed store, or None when it is missing, incomplete or damaged.

    The small tables are read at once, a big one when it is asked for (see tables.StoredCorpus).
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
            # a big table is read later: its file must be whole now
            pq.read_metadata(folder / f"{name}.parquet")
        return StoredCorpus(folder, meta["tables"])
    except (OSError, ValueError, KeyError, pa.ArrowException) as error:
        warnings.warn(f"processed store {folder} unusable ({error}); rebuild it", stacklevel=2)
        return None
