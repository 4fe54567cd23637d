"""A big processed store made from a real one: its tables copied with new articles, meetings and dates.

Building 100,000 articles for real takes hours on a small machine; the dashboard only reads
the processed tables, so a store of that size is made by copying the tables of a real build:
copy k gives every article a new id and file name, every meeting a new id, and moves the
dates of both k years on (within the years of the synthetic corpus). Text, counts per
article and TF-IDF values stay those of the copied articles.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterator, Mapping

import pandas as pd

from defence_news.resources import fingerprint
from defence_news.tables import BIG_TABLES

from generate import FIRST_DAY, LAST_DAY

FIRST_YEAR, YEARS = FIRST_DAY.year, LAST_DAY.year - FIRST_DAY.year + 1


def shifted_date(text: str, years: int) -> str:
    """Return a date written to its precision ("2024-02-29", "2024-02", "2024" or "") `years` on, wrapped
    into the synthetic corpus's years; 29 February becomes the 28th in a year without it."""
    if not text:
        return text
    year = FIRST_YEAR + (int(text[:4]) - FIRST_YEAR + years) % YEARS
    if text[4:] == "-02-29" and not calendar.isleap(year):
        return f"{year}-02-28"
    return f"{year}{text[4:]}"


# columns holding ";"-joined ids, and which ids they hold
ID_LISTS = {"article_ids": "article", "meeting_ids": "meeting", "meetings": "meeting"}
# corpus-wide counts, and their columns that grow with the copies
CORPUS_COUNTS = {"keyword_stats": ("hits", "df"), "keyword_totals": ("hits", "df"), "mention_forms": ("hits",)}
# columns holding a date, moved on with each copy
DATES = ("date", "date_value")


def _renamed(cell: str, new: Mapping[str, str]) -> str:
    """Return ";"-joined ids renamed, leaving out ids that the copy does not have."""
    return ";".join(new[v] for v in cell.split(";") if v in new)


class ReplicatedStore(Mapping):
    """The tables of a processed store with enough copies of its articles to reach `articles`.

    A table is made when it is asked for and is not kept, so that writing the store
    (store.write_processed walks the tables one by one) holds one big table at a time.
    """

    def __init__(self, base: Mapping[str, pd.DataFrame], articles: int):
        self.base = base
        self.articles = articles
        per_copy = len(base["articles"])
        self.copies = math.ceil(articles / per_copy)
        ids = list(base["articles"]["article_id"])
        self.ids: dict[str, list[dict[str, str]]] = {"article": [dict(zip(ids, ids))] + [
            {a: fingerprint(a, str(k)) for a in ids} for k in range(1, self.copies)
        ]}
        # the last copy is cut short to reach exactly `articles`
        kept = articles - per_copy * (self.copies - 1)
        self.ids["article"][-1] = dict(list(self.ids["article"][-1].items())[:kept])
        meeting_ids = list(base["meetings"]["meeting_id"])
        self.ids["meeting"] = [dict(zip(meeting_ids, meeting_ids))] + [
            {m: f"{m}~{k}" for m in meeting_ids} for k in range(1, self.copies)
        ]

    def __iter__(self) -> Iterator[str]:
        return iter(self.base)

    def __len__(self) -> int:
        return len(self.base)

    def __getitem__(self, name: str) -> pd.DataFrame:
        base = self.base[name]
        if name in CORPUS_COUNTS:
            # each term (wording) is used `copies` times as often, by `copies` times as many articles
            return base.assign(**{column: base[column] * self.copies for column in CORPUS_COUNTS[name]})
        if "article_id" in base.columns or "meeting_id" in base.columns:
            table = pd.concat([self._copy(base, k) for k in range(self.copies)], ignore_index=True)
            # in article order, as a build writes them (assemble.py)
            return table.sort_values("article_id", kind="stable", ignore_index=True) if name in BIG_TABLES else table
        # corpus-wide rows (people, organisations): their lists of articles and meetings hold every copy's
        table = base.copy()
        for column in set(ID_LISTS) & set(table.columns):
            ids = self.ids[ID_LISTS[column]]
            table[column] = table[column].map(lambda cell: ";".join(filter(None, (_renamed(cell, new) for new in ids))))
        return table

    def _copy(self, base: pd.DataFrame, k: int) -> pd.DataFrame:
        articles, meetings = self.ids["article"][k], self.ids["meeting"][k]
        if "article_id" in base.columns:
            table = base[base["article_id"].isin(articles.keys())].copy()
            table["article_id"] = table["article_id"].map(articles)
        else:  # meetings: those that an article of this copy reports
            table = base[base["article_ids"].map(lambda cell: any(a in articles for a in cell.split(";")))].copy()
        if "meeting_id" in table.columns:
            table["meeting_id"] = table["meeting_id"].map(meetings)
        for column in set(ID_LISTS) & set(table.columns):
            new = self.ids[ID_LISTS[column]][k]
            table[column] = table[column].map(lambda cell: _renamed(cell, new))
        if "file" in table.columns and k:
            table["file"] = f"copy{k:03d}_" + table["file"]
        for column in set(DATES) & set(table.columns):
            table[column] = table[column].map(lambda d: shifted_date(d, k))
        return table
