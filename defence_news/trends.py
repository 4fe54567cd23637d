"""Trends: what each country's speakers push for, at which meetings and over time; how the topics
of a meeting series shift from edition to edition; and what a period or meeting brings that the
articles before it did not.

Every figure is a count of statements (the `statements` table: a sentence and who says it) or of
topic mentions, so the sentences behind it can be listed with `position_evidence` or
`query.evidence`.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pandas as pd

from .query import Corpus, article_groups, keyness, of_articles, statement_rows, topic_table
from .tables import aggregate, isin


def _raised(corpus: Corpus, ids) -> pd.DataFrame:
    """Return how many statements of the selected articles each speaker with a country makes on each topic
    (`statement_topics`).

    A group without one country ("Hai bên", "Các trưởng đoàn") or an ASEAN official speaks for
    no country and is left out.
    """
    said = aggregate(corpus, "statement_topics")
    said = of_articles(corpus, said, ids)
    return said[said["speaker_country"] != ""]


def positions(corpus: Corpus, ids, by: str = "meeting", country: str | None = None) -> pd.DataFrame:
    """Return the topics each country's speakers raise, by meeting, series, year, month or "all" (one group).

    Columns: country (the speakers' ISO3), group, topic, statements (sentences its speakers say
    that raise the topic), speakers (their names, ";"), articles. A statement counts for every
    meeting its article reports; by month, articles dated only to the year are left out. `country`
    keeps that country's speakers only.
    """
    raised = _raised(corpus, ids)
    if country:
        raised = raised[raised["speaker_country"] == country]
    # every selected article is in the one group "all"
    raised = raised.assign(group="all") if by == "all" else raised.merge(article_groups(corpus, ids, by),
                                                                         on="article_id")
    cell = ["speaker_country", "group", "topic"]
    # grouped and sorted by the codes of categories, not by the strings of a million rows
    raised = raised.astype({column: "category" for column in [*cell, "speaker"]})
    out = raised.groupby(cell, observed=True).agg(statements=("statements", "sum"), articles=("article_id", "nunique"))
    out = out.join(_names_joined(raised, cell, "speaker").rename("speakers")).reset_index().rename(
        columns={"speaker_country": "country"}).astype({"country": str, "group": str, "topic": str})
    return out[["country", "group", "topic", "statements", "speakers", "articles"]].sort_values(
        ["country", "group", "statements", "topic"], ascending=[True, True, False, True], ignore_index=True)


def _names_joined(frame: pd.DataFrame, keys: list[str], column: str) -> pd.Series:
    """Return the distinct values of `column` of each group of `keys`, sorted and joined by ";".

    Slices of one sorted list, not a function called per group: one country's positions by
    meeting are tens of thousands of groups in a large corpus.
    """
    names = frame[[*keys, column]].drop_duplicates().sort_values([*keys, column], ignore_index=True)
    starts = (names[keys] != names[keys].shift()).any(axis=1).to_numpy().nonzero()[0]
    ends = [*starts[1:], len(names)]
    values = names[column].tolist()
    index = pd.MultiIndex.from_frame(names.loc[starts, keys]) if len(starts) else pd.MultiIndex.from_tuples([], names=keys)
    return pd.Series([";".join(values[a:b]) for a, b in zip(starts, ends)], index=index, dtype=object)


def position_evidence(corpus: Corpus, ids, country: str, topic: str, by: str | None = None,
                      group: str | None = None) -> pd.DataFrame:
    """Return the statements behind a cell of `positions`: those of `country`'s speakers raising `topic`
    in the articles of `group` (of grouping `by`; every selected article when no group is given).

    Columns: those of `query.statement_rows` (speaker, role and sentence among them).
    """
    if by and group:
        groups = article_groups(corpus, ids, by)
        ids = groups.loc[groups["group"] == group, "article_id"]
    return statement_rows(corpus, ids, country=country, topic=topic)


def series_trend(corpus: Corpus, series: str, ids=None) -> pd.DataFrame:
    """Return each edition's topic shares for a meeting series, in the order the meetings took place.

    Columns: meeting_id, edition (blank when the press gives none), date, topic, hits, share
    (hits / all topic hits of that meeting, 0–1), articles (reporting the meeting). `ids` limits
    the articles read (all by default); a meeting counts every topic of the articles that report it.
    """
    ids = corpus["articles"]["article_id"] if ids is None else ids
    meetings = corpus["meetings"]
    meetings = meetings[meetings["series"] == series][["meeting_id", "edition", "date"]]
    # the articles reporting the series are all its editions need
    links = corpus["article_meetings"]
    reporting = set(links.loc[isin(links["meeting_id"], meetings["meeting_id"]), "article_id"])
    hits = topic_table(corpus, reporting.intersection(ids), by="meeting").rename(columns={"group": "meeting_id"})
    out = meetings.merge(hits, on="meeting_id")
    out["share"] = (out["hits"] / out.groupby("meeting_id")["hits"].transform("sum")).round(4)
    out["edition"] = out["edition"].astype("Int64")
    return out[["meeting_id", "edition", "date", "topic", "hits", "share", "articles"]].sort_values(
        ["date", "edition", "meeting_id", "hits", "topic"], ascending=[True, True, True, False, True],
        ignore_index=True)


class WhatsNew(NamedTuple):
    """What a target brings against the articles dated before it (see `whats_new`)."""

    before: dt.date | None
    reference_ids: list[str]
    terms: pd.DataFrame
    topics: pd.DataFrame


TOPIC_CHANGE_COLUMNS = ["topic", "target_hits", "target_share", "reference_hits", "reference_share", "change"]


def _last_day(dates: pd.Series, precision: pd.Series) -> pd.Series:
    """Return the last day each date may stand for: "2023-01-01" known to the year only is 2023-12-31."""
    parsed = pd.to_datetime(dates, errors="coerce")
    year_end = parsed + pd.offsets.YearEnd(0)
    month_end = parsed + pd.offsets.MonthEnd(0)
    return year_end.where(precision == "year", month_end.where(precision == "month", parsed))


def whats_new(corpus: Corpus, target_ids, before_date: dt.date | None = None, limit: int = 30) -> WhatsNew:
    """Return the terms and topics the target articles use more than the articles dated before `before_date`.

    `before_date` defaults to the earliest date of the target. The reference is every article of
    the corpus known to be older (an article dated only to 2023 is before 2024-01-01, not before
    2023-06-01), the target left out; with no reference, both tables are empty.
    terms: those of `query.keyness` (G² of the target against the reference).
    topics: the topics whose share of all topic hits rose, most risen first — topic, target_hits,
    target_share, reference_hits, reference_share, change (target_share − reference_share; 0–1 scale).
    """
    target_ids = list(dict.fromkeys(target_ids))
    articles = corpus["articles"]
    if before_date is None:
        dates = pd.to_datetime(articles.loc[isin(articles["article_id"], target_ids), "date"], errors="coerce")
        before_date = dates.min().date() if dates.notna().any() else None
    older = pd.Series(False, index=articles.index)
    if before_date is not None:
        older = _last_day(articles["date"], articles["date_precision"]) < pd.Timestamp(before_date)
    reference_ids = list(articles.loc[older & ~isin(articles["article_id"], target_ids), "article_id"])
    if not reference_ids or not target_ids:
        return WhatsNew(before_date, reference_ids, keyness(corpus, [], []), pd.DataFrame(columns=TOPIC_CHANGE_COLUMNS))
    return WhatsNew(before_date, reference_ids, keyness(corpus, target_ids, reference_ids, limit=limit),
                    _topic_change(corpus, target_ids, reference_ids))


def _topic_change(corpus: Corpus, target_ids, reference_ids) -> pd.DataFrame:
    counts = corpus["topic_counts"]
    target = counts[isin(counts["article_id"], set(target_ids))].groupby("topic")["hits"].sum()
    reference = counts[isin(counts["article_id"], set(reference_ids))].groupby("topic")["hits"].sum()
    out = pd.concat([target.rename("target_hits"), reference.rename("reference_hits")], axis=1).fillna(0)
    out = out.astype(int).rename_axis("topic").reset_index()
    out["target_share"] = (out["target_hits"] / max(out["target_hits"].sum(), 1)).round(4)
    out["reference_share"] = (out["reference_hits"] / max(out["reference_hits"].sum(), 1)).round(4)
    out["change"] = (out["target_share"] - out["reference_share"]).round(4)
    return out[out["change"] > 0][TOPIC_CHANGE_COLUMNS].sort_values(
        ["change", "topic"], ascending=[False, True], ignore_index=True)
