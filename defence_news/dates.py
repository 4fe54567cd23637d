"""Dates: explicit dates, day/month forms without a year, and years inferred from the text.

Vietnamese press often writes "ngày 5/3" or "từ 24-28/3" with no year. The year is taken
only from evidence in the article ("Năm ASEAN 2024", "kỷ niệm 50 năm ... (1973 - 2023)",
or the publication date) and the result says it was inferred and from what; without
evidence the date stays without a year and is never invented.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class DateMention:
    """A date written in a text; `year` is None when the writer left it out."""

    day: int | None
    month: int | None
    year: int | None
    text: str
    start: int
    end_day: int | None = None


@dataclass(frozen=True)
class DateValue:
    """A resolved date: value, precision (day/month/year), origin (text/inferred/curated), evidence."""

    date: dt.date | None = None
    precision: str = ""
    origin: str = ""
    note: str = ""

    def iso(self) -> str:
        """Return YYYY-MM-DD (the first day of the month or year for coarser precision), or ''."""
        return self.date.isoformat() if self.date else ""

    def iso_at_precision(self) -> str:
        """Return the date written to its precision: "2024-03-05", "2010-03" or "2023"; '' if unknown."""
        if not self.date:
            return ""
        if self.precision == "day":
            return self.date.isoformat()
        return self.date.strftime("%Y-%m") if self.precision == "month" else str(self.date.year)


_CUE = r"(?:ngày|hôm|sáng|chiều|tối|trưa|đêm|tới|đến)"
_PATTERNS = [
    # 2025-11-01
    ("iso", re.compile(r"(?<![\d/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/-])")),
    # từ 24-28/3, từ ngày 24 đến 28/3/2010
    ("range", re.compile(
        r"(?i:từ)\s+(?:(?i:ngày)\s+)?(\d{1,2})\s*(?:-|–|(?i:đến))\s*(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?(?![\d/])"
    )),
    # ngày 5 tháng 3 năm 2024
    ("words", re.compile(
        r"(?i:ngày)\s+(\d{1,2})\s+(?i:tháng)\s+(\d{1,2})(?:\s*(?:,\s*)?(?i:năm)\s+(\d{4}))?"
    )),
    # 10/2/2025, 10-2-2025, 10.2.2025
    ("numeric", re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?![\d/.-])")),
    # ngày 10/2, hôm 7/2 (a cue word is required: "2/3" alone may be a fraction)
    ("cued", re.compile(rf"(?i:{_CUE})\s+(\d{{1,2}})\s*/\s*(\d{{1,2}})(?![\d/])")),
    # tháng 11/2023, tháng 12 năm 2023
    ("month", re.compile(r"(?i:tháng)\s+(\d{1,2})(?:\s*/\s*|\s+(?i:năm)\s+)(\d{4})(?![\d/])")),
]


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if day is None:
        return True
    try:
        dt.date(year or 2000, month or 1, day)  # 2000 is a leap year: 29/2 stays valid
    except ValueError:
        return False
    return True


def find_dates(text: str) -> list[DateMention]:
    """Return the dates written in `text`, in order of appearance, each span read once."""
    found: list[DateMention] = []
    taken: list[range] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() in span or m.end() - 1 in span for span in taken):
                continue
            g = m.groups()
            if kind == "iso":
                year, month, day, end_day = int(g[0]), int(g[1]), int(g[2]), None
            elif kind == "range":
                day, end_day, month = int(g[0]), int(g[1]), int(g[2])
                year = int(g[3]) if g[3] else None
            elif kind == "words":
                day, month, year, end_day = int(g[0]), int(g[1]), int(g[2]) if g[2] else None, None
            elif kind == "numeric":
                day, month, year, end_day = int(g[0]), int(g[2]), int(g[3]), None
            elif kind == "cued":
                day, month, year, end_day = int(g[0]), int(g[1]), None, None
            else:
                day, month, year, end_day = None, int(g[0]), int(g[1]), None
            if not _valid(year, month, day) or (end_day is not None and not _valid(year, month, end_day)):
                continue
            taken.append(range(m.start(), m.end()))
            found.append(DateMention(day, month, year, m.group(), m.start(), end_day))
    return sorted(found, key=lambda d: d.start)


_YEAR_SIGNALS = [
    # "Năm ASEAN 2024": the year of the ASEAN chairmanship the meeting belongs to
    (re.compile(r"Năm (?:Chủ tịch )?ASEAN (\d{4})", re.I), "the ASEAN year named in the text"),
    # "kỷ niệm 50 năm thiết lập quan hệ đối tác (1973 - 2023)": an anniversary held this year
    (re.compile(r"kỷ niệm \d+ năm[^()\n]{0,120}\(\s*\d{4}\s*[-–]\s*(\d{4})\s*\)", re.I), "an anniversary in the text"),
    # "năm 2024 là năm bản lề": a claim about the present year
    (re.compile(r"năm (\d{4}) là năm", re.I), "the present year named in the text"),
]


def year_signals(text: str) -> list[tuple[int, str]]:
    """Return (year, evidence) pairs: statements in the text that give its present year."""
    signals = []
    for pattern, why in _YEAR_SIGNALS:
        for m in pattern.finditer(text):
            signals.append((int(m.group(1)), f"{why}: “{m.group(0)}”"))
    return signals


def inferred_year(text: str) -> tuple[int, str] | None:
    """Return the present year of a text with its evidence, or None when signals are absent or disagree."""
    signals = year_signals(text)
    years = {year for year, _ in signals}
    if len(years) != 1:
        return None
    return signals[0]


def resolve(mention: DateMention, published: DateValue, signal: tuple[int, str] | None) -> DateValue:
    """Return the DateValue of a mention; a missing year comes from the publication date or `signal`.

    `signal` is the text's own present year with its evidence (see `inferred_year`).
    """
    precision = "day" if mention.day else "month"
    if mention.year is not None:
        return DateValue(dt.date(mention.year, mention.month, mention.day or 1), precision, "text", mention.text)
    if published.date is not None:
        ref = published.date
        # an event reported after the fact: "ngày 28/12" in a paper of 3 January is last year's
        year = ref.year - 1 if mention.month > ref.month + 1 else ref.year
        # the reference is a curator's date when the text has none: "từ 24-28/3" in seed 001
        which = "curated" if published.origin == "curated" else "publication"
        note = f"“{mention.text}”, year inferred from the {which} date {ref.isoformat()}"
        return DateValue(dt.date(year, mention.month, mention.day or 1), precision, "inferred", note)
    if signal is None:
        return DateValue(None, "", "", f"“{mention.text}”, year unknown")
    year, why = signal
    note = f"“{mention.text}”, year inferred from {why}"
    return DateValue(dt.date(year, mention.month, mention.day or 1), precision, "inferred", note)


def year_only(signal: tuple[int, str] | None) -> DateValue:
    """Return a year-precision DateValue from the text's own present year, or an empty one."""
    if signal is None:
        return DateValue()
    year, why = signal
    return DateValue(dt.date(year, 1, 1), "year", "inferred", f"year inferred from {why}")


def parse_curated(value: str) -> DateValue:
    """Return a curated date given as YYYY-MM-DD, YYYY-MM or YYYY; raises ValueError otherwise."""
    value = value.strip()
    for fmt, precision in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            parsed = dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        return DateValue(parsed, precision, "curated", value)
    raise ValueError(f"“{value}” is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY")

