"""Curation: `data/articles.csv`, where a curator sets or corrects what extraction got wrong.

Rows are keyed by file name; any of title, date, source, url, location and meetings may be
set, and a set value wins over the extracted one (its origin becomes "curated").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
