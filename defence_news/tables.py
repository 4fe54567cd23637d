"""Tables: the processed store read lazily, and the rows of a table read only as far as they are needed.

A store of 100,000 articles holds millions of mentions, sentences and keyword rows: more than
a dashboard may hold in memory. `StoredCorpus` keeps the small tables in memory and reads a big
one from its Parquet file only when it is asked for; `rows` reads the columns and rows a view
needs (pushed down to the file), the same way for a stored corpus and for a corpus held in
memory (a test's, or a session's with its uploads). `aggregate` returns the summaries the
default views draw from, written by the build and computed afresh for a corpus in memory,
whose lexicon may have been edited.
"""

from __future__ import annotations

import bisect
import functools
import weakref
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from .assemble import by_article, country_pairs, country_topics, mention_forms, speaker_statements, statement_topics
from .keywords import tfidf
from .lookup import values_at


def use_returning_memory_pool() -> None:
    """Take Arrow's memory (a store's tables, a view's reads, a build's) from jemalloc, which gives what is
    freed back to the system at once: the default allocator keeps hundreds of MB more of a large store, and
    backs new tables with huge pages whose first touch costs more (a fifth of a build adding 1 % to 10,000
    articles). The dashboard and the command line take it. Windows builds have no jemalloc."""
    if "jemalloc" in pa.supported_memory_backends():
        pa.set_memory_pool(pa.jemalloc_memory_pool())


# tables read from their file each time they are asked for, never kept
BIG_TABLES = ("mentions", "sentences", "keywords", "statements", "raw_articles", "actor_mentions", "meeting_mentions")


# text columns of a few distinct values (topics, countries, speakers, their names) repeated over millions of rows
CODED_COLUMNS = {"topic", "label_vi", "label_en", "country", "name_vi", "name_en", "speaker", "speaker_country",
                 "country_a", "country_b", "place", "kind", "matched"}


def _read_small(path: Path, coded: bool = True) -> pd.DataFrame:
    """Return a small table, its CODED_COLUMNS as categoricals (each value held once) whose categories are in
    sorted order, so that they sort and group as text does; unless not `coded`."""
    coded = [field.name for field in pq.read_schema(path) if coded and field.name in CODED_COLUMNS
             and (pa.types.is_string(field.type) or pa.types.is_large_string(field.type))]
    frame = pq.read_table(path, read_dictionary=coded).to_pandas()
    for column in coded:
        frame[column] = frame[column].cat.reorder_categories(sorted(frame[column].cat.categories))
    return frame


class StoredCorpus(Mapping):
    """The tables of a processed store: the small ones in memory once one of them is asked for, a big
    one (BIG_TABLES) read whole from its file each time it is indexed (`rows` reads only part of it).

    The small tables' CODED_COLUMNS are categoricals unless not `coded`: a build adding articles stacks them
    with rows of text, and spelling out their categories costs more than reading them as text.
    """

    def __init__(self, folder: Path, names, coded: bool = True):
        self.folder = folder
        self.names = tuple(names)
        self.coded = coded

    @functools.cached_property
    def small(self) -> dict[str, pd.DataFrame]:
        """The small tables, read when first used: a build that adds articles to the store returns it unread."""
        return {name: _read_small(self.path(name), self.coded) for name in self.names if name not in BIG_TABLES}

    def path(self, name: str) -> Path:
        """Return the file of a table, or the folder of its parts (a big table of a store, see store.write_processed)."""
        parts = self.folder / name
        return parts if parts.is_dir() else self.folder / f"{name}.parquet"

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name in self.small:
            return self.small[name]
        if name not in self.names:
            raise KeyError(name)
        table = _in_article_order(_row_groups(self.path(name), None).to_table().to_pandas(), self.path(name))
        if name == "keywords":
            # not stored: it changes with every article added
            table["tfidf"] = tfidf(table.assign(words=values_at(self.small["articles"].set_index("article_id")["words"],
                                                                  table["article_id"])),
                                   self.small["keyword_stats"]).round(6)
        return table

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


# what `derived` has made, by the id of its table and what was made
_DERIVED: dict[tuple[int, object], object] = {}


def derived(table: pd.DataFrame, what, make):
    """Return make(table), made once while `table` lives and kept under `what` (tables are never changed in
    place: a session's additions make new ones), so that a page does not make it again on every run."""
    key = (id(table), what)
    if key not in _DERIVED:
        _DERIVED[key] = make(table)
        weakref.finalize(table, _DERIVED.pop, key, None)
    return _DERIVED[key]


def isin(values: pd.Series, wanted) -> pd.Series:
    """Return `values.isin(wanted)`, at once for a column of text: pandas makes a Python object of
    each wanted value, seconds for the hundred thousand article ids of a large selection."""
    if not isinstance(values.dtype, pd.StringDtype):
        return values.isin(wanted)
    column = pa.array(values)
    found = pc.is_in(column, value_set=pa.array(list(wanted), column.type))
    return pd.Series(found.to_numpy(zero_copy_only=False), index=values.index, dtype=bool)


def _on_disk(corpus: Mapping, table: str) -> bool:
    return isinstance(corpus, StoredCorpus) and table in BIG_TABLES


def _values(value) -> list | None:
    """Return the values of a filter given as a collection, None for a single value."""
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        return None
    return list(dict.fromkeys(value))


def _expression(filters: dict, schema: pa.Schema) -> ds.Expression | None:
    expression = None
    for column, value in filters.items():
        values = _values(value)
        # typed as the column, so that an empty collection is a set of no strings, not of nulls
        term = (ds.field(column).isin(pa.array(values, schema.field(column).type)) if values is not None
                else ds.field(column) == value)
        expression = term if expression is None else expression & term
    return expression


@functools.lru_cache(maxsize=16)
def _article_ranges(path: str, stamp: float) -> list[tuple[str | None, str | None]]:
    """Return the first and last article_id of each row group of a file ((None, None) when not recorded)."""
    meta = pq.ParquetFile(path).metadata
    column = meta.schema.to_arrow_schema().get_field_index("article_id")
    ranges = []
    for group in range(meta.num_row_groups):
        stats = meta.row_group(group).column(column).statistics if column >= 0 else None
        known = stats is not None and stats.has_min_max
        ranges.append((stats.min, stats.max) if known else (None, None))
    return ranges


def _row_groups(path: Path, article_ids, dictionaries: list[str] | None = None) -> ds.FileSystemDataset:
    """Return a big table (its file, or the folder of its parts) as a dataset, only the row groups that may
    hold one of `article_ids` (a value or a collection; every group when None). Each part of a big table is
    sorted by article (store.py), so the few articles of a view are in a few of its hundreds of groups. The
    columns named in `dictionaries` are read as the files keep them, dictionary-encoded."""
    file_format = ds.ParquetFileFormat(read_options=ds.ParquetReadOptions(dictionary_columns=dictionaries or []))
    dataset = ds.dataset(path, format=file_format)
    if article_ids is None:
        return dataset
    values = _values(article_ids)
    wanted = sorted([article_ids] if values is None else values)
    fragments = []
    for fragment in dataset.get_fragments():
        groups = []
        for group, (low, high) in enumerate(_article_ranges(fragment.path, Path(fragment.path).stat().st_mtime)):
            if low is None:
                groups.append(group)
                continue
            first = bisect.bisect_left(wanted, low)
            if first < len(wanted) and wanted[first] <= high:
                groups.append(group)
        fragments.append(fragment.subset(row_group_ids=groups))
    return ds.FileSystemDataset(fragments, dataset.schema, file_format)


def _in_article_order(table: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Return the rows read from a big table by article, as a table of one part is: of several parts,
    each sorted by article, they come part after part."""
    return by_article(table) if path.is_dir() and len(list(path.glob("*.parquet"))) > 1 else table


def rows(corpus: Mapping, table: str, columns: list[str] | None = None, **filters) -> pd.DataFrame:
    """Return the rows of `table` that pass every filter, with `columns` (all by default).

    A filter is column=value (rows equal to it) or column=collection (rows with one of its
    values: a list, set, tuple or Series). A big table of a stored corpus is read from its file,
    only those columns and rows; any other table is filtered in memory. The index is 0, 1, …
    """
    if _on_disk(corpus, table):
        path = corpus.path(table)
        dataset = _row_groups(path, filters.get("article_id"))
        # with the article, to put the rows of several parts in its order
        read = columns if columns is None or "article_id" in columns else [*columns, "article_id"]
        # one batch and one part read ahead: pyarrow's defaults hold hundreds of MB of decoded groups at once, most of
        # them filtered out (the sentences of every statement of the groups that hold a few articles' statements)
        scanner = dataset.scanner(columns=read, filter=_expression(filters, dataset.schema), batch_readahead=1,
                                  fragment_readahead=1)
        found = _in_article_order(scanner.to_table().to_pandas(), path)
        return found if read is columns else found[columns]
    frame = corpus[table]
    keep = pd.Series(True, index=frame.index)
    for column, value in filters.items():
        values = _values(value)
        keep &= isin(frame[column], values) if values is not None else frame[column] == value
    return frame.loc[keep, columns or list(frame.columns)].reset_index(drop=True)


def totals(corpus: Mapping, table: str, keys: list[str], value: str, sets: dict[str, list],
           by: str = "article_id") -> dict[str, pd.DataFrame]:
    """Return, for each named set of `by` values (article ids), the sum of `value` per `keys` over the
    rows of `table` in that set and how many rows make it: {name: frame of keys, value, "articles"}.

    "articles" counts articles when the table has one row per article and keys (keywords: an
    article's term, n). A big table of a stored corpus is read once for all the sets, only its row
    groups that hold one of their articles, and summed a million rows at a time, so that memory
    stays bounded whatever the size of the table.
    """
    if not _on_disk(corpus, table):
        frame = corpus[table][[*keys, value, by]]
        return {name: frame[isin(frame[by], set(ids))].groupby(keys, as_index=False).agg(
            **{value: (value, "sum"), "articles": (value, "size")}) for name, ids in sets.items()}
    if not sets:
        return {}
    value_sets = {name: pa.array(list(dict.fromkeys(ids)), pa.string()) for name, ids in sets.items()}
    parts: dict[str, list[pa.Table]] = {name: [] for name in sets}
    every = pa.array(list(dict.fromkeys(a for ids in sets.values() for a in ids)), pa.string())
    path = corpus.path(table)
    schema = _row_groups(path, None).schema
    columns = pa.schema([schema.field(name) for name in [*keys, value, by]])
    text = [f.name for f in columns if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
    # the file read once for all the sets, only the rows of one of them, its text as dictionaries, spelt
    # out for the rows picked only; these are summed a million at a time, not batch by batch: a batch
    # holds few of a set's rows, and summing costs as much for a few rows as for many. Batches of a quarter
    # million rows, one read ahead: pyarrow's default of 16 ahead holds hundreds of MB of keyword rows at once
    scanner = _row_groups(path, every.to_pylist() if by == "article_id" else None, text).scanner(
        columns=columns.names, filter=ds.field(by).isin(every), batch_size=1 << 18, batch_readahead=1)
    picked: list[pa.RecordBatch] = []

    def sum_picked() -> None:
        found = pa.Table.from_batches(picked, schema=scanner.projected_schema).cast(columns)
        for name, value_set in value_sets.items():
            mine = found.filter(pc.is_in(found[by], value_set=value_set))
            parts[name].append(mine.group_by(keys).aggregate([(value, "sum"), (value, "count")]))
        picked.clear()

    count = 0
    for batch in scanner.to_batches():
        picked.append(batch)
        count += len(batch)
        if count >= 1 << 20:
            sum_picked()
            count = 0
    sum_picked()
    out = {}
    for name in sets:
        summed = pa.concat_tables(parts[name]).group_by(keys).aggregate(
            [(f"{value}_sum", "sum"), (f"{value}_count", "sum")])
        out[name] = summed.to_pandas().rename(columns={f"{value}_sum_sum": value, f"{value}_count_sum": "articles"})[
            [*keys, value, "articles"]]
    return out


# The summaries the default views draw from (see assemble.py), by the big table each is made of.
AGGREGATES = {
    "country_topics": (country_topics, "mentions"),
    "country_pairs": (country_pairs, "mentions"),
    "mention_forms": (mention_forms, "mentions"),
    "statement_topics": (statement_topics, "statements"),
    "speaker_statements": (speaker_statements, "statements"),
}


def aggregate(corpus: Mapping, name: str) -> pd.DataFrame:
    """Return a summary of AGGREGATES: the one the build stored for a stored corpus; for a corpus in
    memory (a session's, whose lexicon may have been edited) one made afresh from its big table."""
    if isinstance(corpus, StoredCorpus) and name in corpus.small:
        return corpus.small[name]
    make, table = AGGREGATES[name]
    return make(corpus[table])
