"""Export: the corpus tables as CSV extracts, UTF-8 with BOM so that Excel shows Vietnamese.

Every text cell that a spreadsheet would read as a formula (it starts with =, +, -, @, a
tab or a carriage return) is prefixed with an apostrophe, so an article cannot smuggle a
formula into an analyst's spreadsheet.
"""

from __future__ import annotations

import io
import os
import uuid
from pathlib import Path

import pandas as pd

from .query import with_sentences

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

EXTRACTS = {
    "articles.csv": ("articles", ["article_id", "file", "title", "date", "date_precision", "date_origin", "source",
                                  "location", "meetings", "countries", "words"]),
    "meetings.csv": ("meetings", ["meeting_id", "series", "name_vi", "name_en", "edition", "level", "format", "date",
                                  "location", "host_country", "countries", "article_ids"]),
    "topic_counts.csv": ("topic_counts", ["article_id", "topic", "label_vi", "label_en", "hits", "per_1000_words"]),
    "country_mentions.csv": ("country_mentions", ["article_id", "country", "name_vi", "name_en", "hits"]),
    "keywords.csv": ("keywords", ["article_id", "term", "hits"]),
    "mentions.csv": ("mentions", ["article_id", "kind", "key", "matched", "sentence_index", "sentence"]),
    "statements.csv": ("statements", ["article_id", "sentence_index", "speaker", "speaker_country", "role", "topics",
                                      "sentence"]),
    "people.csv": ("people", ["person", "country", "roles", "aliases", "meeting_ids", "article_ids"]),
}


def neutralise(value):
    """Return a cell safe for spreadsheets: text that starts like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(table: pd.DataFrame) -> bytes:
    """Return a table as CSV bytes: UTF-8 with BOM, one header row, formulas neutralised.

    Written into one buffer, from the table's own columns but those neutralised: the statements of a
    speaker of 100,000 articles make a CSV of 500 MB, which held as text and then encoded once took
    four times that.
    """
    safe = table.set_axis(range(table.shape[1]), axis=1)  # no copy: a column neutralised replaces its own
    for i in range(table.shape[1]):
        values = table.iloc[:, i]
        if isinstance(values.dtype, pd.CategoricalDtype):
            # a stored column of few values (tables.CODED_COLUMNS): its text, neutralised as any other
            values = values.astype(values.cat.categories.dtype)
        if isinstance(values.dtype, pd.StringDtype):
            # a text column at once: a table of 100,000 articles is a download too
            formula = values.str.startswith(FORMULA_STARTS).fillna(False).astype(bool)
            values = values.where(~formula, "'" + values) if formula.any() else values
        elif values.dtype == object:
            values = values.map(neutralise)
        safe[i] = values
    buffer = io.BytesIO()
    safe.to_csv(buffer, index=False, header=[neutralise(str(c)) for c in table.columns], lineterminator="\n",
                encoding="utf-8-sig")
    return buffer.getvalue()


def export(corpus: dict[str, pd.DataFrame], out: Path) -> list[Path]:
    """Write the CSV extracts of EXTRACTS into `out` (each atomically) and return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for file, (table, columns) in EXTRACTS.items():
        frame = corpus[table]
        if table == "mentions":
            frame = with_sentences(frame, corpus["sentences"])
        frame = frame[columns]
        if "edition" in frame.columns:
            frame = frame.assign(edition=frame["edition"].astype("Int64"))
        path = out / file
        tmp = path.with_name(f".{file}.{uuid.uuid4().hex}.tmp")
        tmp.write_bytes(csv_bytes(frame))
        os.replace(tmp, path)
        written.append(path)
    return written
