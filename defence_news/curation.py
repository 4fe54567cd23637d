"""Curation: `data/articles.csv`, where a curator sets or corrects what extraction got wrong.

Rows are keyed by file name; any of title, date, source, url, location and meetings may be
set, and a set value wins over the extracted one (its origin becomes "curated").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .dates import DateValue, parse_curated
from .resources import DataFileError, fingerprint, numbered_csv_rows, read_text, split_list

CURATION_COLUMNS = ("file", "title", "date", "source", "url", "location", "meetings")


@dataclass(frozen=True)
class Curation:
    title: str = ""
    date: DateValue = DateValue()
    source: str = ""
    url: str = ""
    location: str = ""
    meetings: tuple[str, ...] = ()


def read_curation(path: Path, known_series: set[str]) -> tuple[dict[str, Curation], str]:
    """Return the curated values by file name and the file's version ('' when there is no file).

    A bad date or an unknown meeting series raises DataFileError with the line.
    """
    if not path.exists():
        return {}, ""
    text = read_text(path)
    curated: dict[str, Curation] = {}
    for line, row in numbered_csv_rows(text, str(path), CURATION_COLUMNS):
        if not row["file"]:
            raise DataFileError(str(path), "the 'file' cell is empty", line)
        try:
            date = parse_curated(row["date"]) if row["date"] else DateValue()
        except ValueError as error:
            raise DataFileError(str(path), str(error), line) from None
        meetings = tuple(split_list(row["meetings"]))
        unknown = [m for m in meetings if m.split("#")[0] not in known_series]
        if unknown:
            raise DataFileError(str(path), f"unknown meeting series: {', '.join(unknown)} (see data/meetings.yaml)", line)
        curated[row["file"]] = Curation(row["title"], date, row["source"], row["url"], row["location"], meetings)
    return curated, fingerprint(text)


def curation_table(curated: dict[str, Curation]) -> pd.DataFrame:
    """Return curated values as the rows a curator writes: file, title, date, source, url, location, meetings.

    The processed store keeps this table, so that the corpus can be assembled again (with a
    user's uploads) with the curation it was built with.
    """
    rows = [{"file": file, "title": c.title, "date": c.date.note if c.date.date else "", "source": c.source,
             "url": c.url, "location": c.location, "meetings": ";".join(c.meetings)} for file, c in curated.items()]
    return pd.DataFrame(rows, columns=list(CURATION_COLUMNS))


def curation_of_table(table: pd.DataFrame) -> dict[str, Curation]:
    """Return the curated values of a `curation_table` by file name."""
    # a curated date's note is the date as the curator wrote it ("2023-03"): parsed again, it is the same date
    return {r["file"]: Curation(r["title"], parse_curated(r["date"]) if r["date"] else DateValue(), r["source"],
                                r["url"], r["location"], tuple(split_list(r["meetings"])))
            for r in table.fillna("").to_dict("records")}
