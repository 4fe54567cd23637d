"""Query: the selections and aggregates the dashboard shows, computed from the corpus tables.

Every function takes the processed tables (a mapping of DataFrames: a stored corpus whose big
tables are read only as far as needed, or tables in memory) and returns a tidy table; each count
is a sum over the mentions table, so the sentences behind any number can be listed with `evidence`.
The default views read the small tables and the stored summaries (`tables.aggregate`); a big
table is read through `tables.rows` or `tables.totals`, never whole.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy.sparse import csr_matrix

from .lookup import positions
from .matcher import Phrase, PhraseMatcher
from .tables import aggregate, derived, isin, rows, totals
from .text import phrase_keys, tokens
from .topics import MENTION_COLUMNS

Corpus = Mapping[str, pd.DataFrame]


@dataclass(frozen=True)
class Selection:
    """The dashboard's filters; an empty field selects everything."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    series: tuple[str, ...] = ()
    meetings: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def label(self) -> str:
        """Return a short text naming the filters, for file names ("all" when none)."""
        parts = []
        if self.date_from or self.date_to:
            parts.append(f"{self.date_from or ''}_{self.date_to or ''}")
        for values in (self.series, self.meetings, self.countries, self.topics, self.sources):
            if values:
                parts.append("+".join(values))
        text = "-".join(parts) or "all"
        return re.sub(r"[^\w.+-]+", "_", text)[:120]


def of_articles(corpus: Corpus, table: pd.DataFrame, ids) -> pd.DataFrame:
    """Return the rows of `table` whose article_id is among `ids`: the table itself when `ids` are every
    article (the dashboard's default), which spares comparing a million ids with a hundred thousand."""
    ids = ids if isinstance(ids, set) else set(ids)
    if every_article(corpus, ids):
        return table
    return table[isin(table["article_id"], ids)]


def every_article(corpus: Corpus, ids: set) -> bool:
    """True when `ids` are every article of the corpus (the dashboard's default): a big table is then
    read without comparing its rows with a hundred thousand ids."""
    articles = corpus["articles"]
    return len(ids) >= len(articles) and ids.issuperset(
        derived(articles, "article_ids", lambda a: frozenset(a["article_id"].tolist())))


def selected_articles(corpus: Corpus, sel: Selection) -> pd.DataFrame:
    """Return the rows of the articles table that pass every filter of `sel`."""
    articles = corpus["articles"]
    keep = pd.Series(True, index=articles.index)
    if sel.date_from or sel.date_to:
        dates = pd.to_datetime(articles["date"], errors="coerce").dt.date
        if sel.date_from:
            keep &= dates.notna() & (dates >= sel.date_from)
        if sel.date_to:
            keep &= dates.notna() & (dates <= sel.date_to)
    links = corpus["article_meetings"]
    if sel.series:
        meetings = corpus["meetings"].loc[corpus["meetings"]["series"].isin(sel.series), "meeting_id"]
        keep &= isin(articles["article_id"], links.loc[isin(links["meeting_id"], meetings), "article_id"])
    if sel.meetings:
        keep &= isin(articles["article_id"], links.loc[links["meeting_id"].isin(sel.meetings), "article_id"])
    if sel.countries:
        cm = corpus["country_mentions"]
        keep &= isin(articles["article_id"], cm.loc[cm["country"].isin(sel.countries), "article_id"])
    if sel.topics:
        tc = corpus["topic_counts"]
        keep &= isin(articles["article_id"], tc.loc[tc["topic"].isin(sel.topics), "article_id"])
    if sel.sources:
        keep &= articles["source"].isin(sel.sources)
    return articles[keep]


def _period(dates: pd.Series, grain: str) -> pd.Series:
    parsed = pd.to_datetime(dates, errors="coerce")
    return parsed.dt.strftime("%Y-%m") if grain == "month" else parsed.dt.strftime("%Y")


def known_to(precision: pd.Series, grain: str) -> pd.Series:
    """Return, for each date precision, whether the date is known to `grain` ("month" or "year").

    A date known only to its year is stored as YYYY-01-01 and must not count for January.
    """
    return precision.isin(("day", "month")) if grain == "month" else precision.isin(("day", "month", "year"))


def topic_table(corpus: Corpus, ids, by: str) -> pd.DataFrame:
    """Return topic hits grouped by `by`: meeting, series, country, month, year or article.

    Columns: group, topic, hits, words (words of the articles in the group), per_1000_words,
    articles. By meeting and series, an article's topics count for every meeting it reports;
    by country, a hit counts when its sentence names the country; by month, articles dated
    only to the year are left out.
    """
    ids = set(ids)
    # only the columns used: filtering the others would copy their text
    topics = of_articles(corpus, corpus["topic_counts"][["article_id", "topic", "hits"]], ids)
    articles = of_articles(corpus, corpus["articles"][["article_id", "words"]], ids)
    words = articles.set_index("article_id")["words"]
    if by == "country":
        return _topic_by_country(corpus, ids, words)
    return _per_group(topics, article_groups(corpus, ids, by), words)


def article_groups(corpus: Corpus, ids, by: str) -> pd.DataFrame:
    """Return the group of each selected article by meeting, series, month, year, article or "all"
    (one group, "all"): article_id, group.

    An article is in every meeting (and series) it reports; by month, an article dated only
    to the year is in no group.
    """
    ids = set(ids)
    if by in ("meeting", "series"):
        links = of_articles(corpus, corpus["article_meetings"][["article_id", "meeting_id"]], ids)
        meetings = corpus["meetings"]
        at = positions(links["meeting_id"], meetings["meeting_id"])
        # a link to a meeting the meetings table does not hold is in no group
        links, at = links[at >= 0], at[at >= 0]
        group = links["meeting_id"] if by == "meeting" else meetings["series"].iloc[at].set_axis(links.index)
        return pd.DataFrame({"article_id": links["article_id"], "group": group}).drop_duplicates()\
            .reset_index(drop=True)
    articles = of_articles(corpus, corpus["articles"][["article_id", "date", "date_precision"]], ids)
    if by in ("month", "year"):
        dated = articles[known_to(articles["date_precision"], by)]
        return pd.DataFrame({"article_id": dated["article_id"], "group": _period(dated["date"], by)}).dropna()\
            .reset_index(drop=True)
    if by == "all":
        return pd.DataFrame({"article_id": articles["article_id"], "group": "all"}).reset_index(drop=True)
    return pd.DataFrame({"article_id": articles["article_id"], "group": articles["article_id"]}).reset_index(drop=True)


def _words(article_ids: pd.Series, words: pd.Series) -> np.ndarray:
    """Return the words of the article of each of `article_ids`, from `words` (by article_id, which holds them all)."""
    return words.to_numpy(dtype="int64")[positions(article_ids, words.index)]


def _per_group(topics: pd.DataFrame, groups: pd.DataFrame, words: pd.Series) -> pd.DataFrame:
    # groups × articles times articles × topics: a product of sparse matrices, not a join of a
    # million topic counts with every meeting their article reports
    articles = pd.Index(groups["article_id"].unique())
    group_codes, group_keys = pd.factorize(groups["group"], sort=True)
    topic_codes, topic_keys = pd.factorize(topics["topic"], sort=True)
    in_group = csr_matrix((np.ones(len(groups)), (group_codes, positions(groups["article_id"], articles))),
                          shape=(len(group_keys), len(articles)))
    at = positions(topics["article_id"], articles)
    counted = csr_matrix((topics["hits"].to_numpy(dtype=float)[at >= 0], (at[at >= 0], topic_codes[at >= 0])),
                         shape=(len(articles), len(topic_keys)))
    product = (in_group @ counted).tocoo()
    hits = pd.DataFrame({"group": group_keys[product.row], "topic": topic_keys[product.col],
                         "hits": product.data.round().astype("int64")}).sort_values(["group", "topic"])
    group_words = groups.assign(words=_words(groups["article_id"], words)).groupby("group").agg(
        words=("words", "sum"), articles=("article_id", "nunique"))
    out = hits.merge(group_words, left_on="group", right_index=True)
    out["per_1000_words"] = (out["hits"] / out["words"].clip(lower=1) * 1000).round(3)
    return out[["group", "topic", "hits", "words", "per_1000_words", "articles"]].reset_index(drop=True)


def _topic_by_country(corpus: Corpus, ids: set, words: pd.Series) -> pd.DataFrame:
    pairs = aggregate(corpus, "country_topics")
    hits = of_articles(corpus, pairs, ids).groupby(["country", "topic"], as_index=False)["hits"].sum()
    hits.columns = ["group", "topic", "hits"]
    # the articles naming a country: those of its country_mentions rows
    named = corpus["country_mentions"][["article_id", "country"]]
    art = of_articles(corpus, named, ids).assign(words=lambda f: _words(f["article_id"], words))
    group_words = art.groupby("country").agg(words=("words", "sum"), articles=("article_id", "nunique"))
    out = hits.merge(group_words, left_on="group", right_index=True)
    out["per_1000_words"] = (out["hits"] / out["words"].clip(lower=1) * 1000).round(3)
    return out[["group", "topic", "hits", "words", "per_1000_words", "articles"]].reset_index(drop=True)


def with_sentences(mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Return the mentions, in their order, with the text of each one's sentence as a last column, `sentence`.

    `sentences` are the corpus's table or the rows of it that hold the mentions: a mention keeps
    only the number of its sentence, so that a lexicon edit does not copy every sentence's text.
    """
    return mentions.merge(sentences[["article_id", "sentence_index", "sentence"]], on=["article_id", "sentence_index"],
                          how="left")


def evidence(corpus: Corpus, ids, kind: str | None = None, key: str | None = None,
             meeting: str | None = None, series: str | None = None, country: str | None = None,
             period: str | None = None) -> pd.DataFrame:
    """Return the mentions behind a number, with their sentences and articles.

    Columns: article_id, file, title, date, kind, key, matched, sentence_index, start, end, sentence
    (start and end are the character span of `matched` in the sentence).
    `country` keeps only sentences that also name that country; `period` is "YYYY" or "YYYY-MM"
    (a month never holds an article dated only to the year).
    """
    ids = set(ids)
    if meeting or series:
        # the meeting, or those of the series, then their links: not every link joined with its meeting first
        meetings = corpus["meetings"]
        matching = meetings["meeting_id"] == meeting if meeting else meetings["series"] == series
        chosen = meetings.loc[matching, "meeting_id"]
        links = corpus["article_meetings"]
        ids &= set(links.loc[isin(links["meeting_id"], chosen), "article_id"])
    if country:
        ids &= set(corpus["country_mentions"].loc[corpus["country_mentions"]["country"] == country, "article_id"])
    wanted = {"kind": kind, "key": key}
    mentions = rows(corpus, "mentions", MENTION_COLUMNS, article_id=ids,
                    **{column: value for column, value in wanted.items() if value})
    # the text of a sentence once, from the sentences table, not once per mention
    texts = rows(corpus, "sentences", ["article_id", "sentence_index", "sentence"], article_id=set(mentions["article_id"]))
    mentions = with_sentences(mentions, texts)
    if country:
        named = rows(corpus, "mentions", ["article_id", "sentence_index"], article_id=set(mentions["article_id"]),
                     kind="country", key=country)
        mentions = mentions.merge(named.drop_duplicates(), on=["article_id", "sentence_index"])
    articles = corpus["articles"][["article_id", "file", "title", "date", "date_precision"]]
    out = mentions.merge(articles, on="article_id")
    if period:
        grain = "month" if len(period) == 7 else "year"
        out = out[out["date"].astype(str).str.startswith(period) & known_to(out["date_precision"], grain)]
    return out[["article_id", "file", "title", "date", "kind", "key", "matched", "sentence_index", "start", "end",
                "sentence"]]\
        .sort_values(["date", "file", "sentence_index"], ignore_index=True)


def search_articles(corpus: Corpus, ids, text: str) -> pd.DataFrame:
    """Return the articles among `ids` whose title or text holds `text` (whole syllables, any case).

    Columns: those of the articles table, then matching_sentences (how many sentences of the
    text hold it; 0 when only the title does). An empty `text` returns every article of `ids`.
    """
    ids = set(ids)
    articles = corpus["articles"][isin(corpus["articles"]["article_id"], ids)]
    if not phrase_keys(text):
        return articles.assign(matching_sentences=0).reset_index(drop=True)
    matcher = PhraseMatcher.of([Phrase(text, "text")])
    sentences = rows(corpus, "sentences", ["article_id", "sentence"], article_id=ids)
    holds = pd.Series([bool(matcher.find(tokens(s))) for s in sentences["sentence"]], index=sentences.index, dtype=bool)
    per_article = sentences[holds].groupby("article_id").size()
    in_title = pd.Series([bool(matcher.find(tokens(title))) for title in articles["title"]], index=articles.index,
                         dtype=bool)
    out = articles.assign(matching_sentences=articles["article_id"].map(per_article).fillna(0).astype(int))
    return out[in_title | (out["matching_sentences"] > 0)].reset_index(drop=True)


def meetings_of_article(corpus: Corpus, article_id: str) -> pd.DataFrame:
    """Return the meetings one article reports, in the order it first names them.

    Columns: meeting_id, series, edition, date, location, host_country, role (main or sideline),
    mentions, sentences (the numbers of the sentences naming it, "1;3"), matched (its wordings).
    """
    links = corpus["article_meetings"]
    links = links[links["article_id"] == article_id].sort_values("sentence_index")
    per_meeting = links.groupby("meeting_id", sort=False).agg(
        role=("role", "first"), mentions=("matched", "size"),
        sentences=("sentence_index", lambda s: ";".join(str(i) for i in dict.fromkeys(s))),
        matched=("matched", lambda s: "; ".join(dict.fromkeys(s))))
    meetings = corpus["meetings"][["meeting_id", "series", "edition", "date", "location", "host_country"]]
    return meetings.set_index("meeting_id").join(per_meeting, how="inner").loc[per_meeting.index].reset_index()


def term_totals(corpus: Corpus, sets: dict[str, list]) -> dict[str, pd.DataFrame]:
    """Return the keyword hits of each named set of articles: {name: term, n, hits, articles}.

    The whole corpus is keyword_stats; a set of more than half the corpus is the whole less
    the rest; the keywords table is read once for every set that remains.
    """
    everything = set(corpus["articles"]["article_id"])
    whole = corpus["keyword_stats"][["term", "n", "hits", "df"]].rename(columns={"df": "articles"})
    chosen = {name: everything & set(ids) for name, ids in sets.items()}
    rest = {name: everything - ids for name, ids in chosen.items() if len(ids) > len(everything) / 2}
    scan = {name: ids for name, ids in chosen.items() if name not in rest and len(ids) < len(everything)}
    read = totals(corpus, "keywords", ["term", "n"], "hits", {**scan, **{f"rest of {name}": ids
                                                                          for name, ids in rest.items() if ids}})
    out = {}
    for name in sets:
        if name in scan:
            out[name] = read[name]
        elif name in rest and rest[name]:
            less = whole.merge(read[f"rest of {name}"], on=["term", "n"], how="left", suffixes=("", "_rest")).fillna(
                {"hits_rest": 0, "articles_rest": 0})
            less = less.assign(hits=less["hits"] - less["hits_rest"], articles=less["articles"] - less["articles_rest"])
            out[name] = less.loc[less["articles"] > 0, ["term", "n", "hits", "articles"]].reset_index(drop=True)
        else:
            out[name] = whole
        out[name] = out[name].astype({"n": "int64", "hits": "int64", "articles": "int64"})
    return out


def top_terms(corpus: Corpus, ids, n: int, limit: int = 30) -> pd.DataFrame:
    """Return the most frequent terms of n words (1 or 2) in the selection: term, hits, articles."""
    counted = term_totals(corpus, {"selection": ids})["selection"]
    out = counted.loc[counted["n"] == n, ["term", "hits", "articles"]]
    return out.sort_values(["hits", "term"], ascending=[False, True], ignore_index=True).head(limit)


def keyness(corpus: Corpus, target_ids, reference_ids, limit: int = 30, min_hits: int = 2) -> pd.DataFrame:
    """Return the terms most over-used in the target against the reference (log-likelihood G²).

    Columns: term, n, target_hits, reference_hits, target_per_1000, reference_per_1000, g2, direction.
    G² follows Rayson & Garside (2000); 3.84 is p < 0.05, 6.63 is p < 0.01.
    """
    counted = term_totals(corpus, {"target": target_ids, "reference": reference_ids})
    target, reference = (counted[name].set_index(["term", "n"])["hits"] for name in ("target", "reference"))
    words = corpus["articles"].set_index("article_id")["words"]
    t_total = max(int(words.reindex(list(set(target_ids))).sum()), 1)
    r_total = max(int(words.reindex(list(set(reference_ids))).sum()), 1)
    table = pd.concat([target.rename("target_hits"), reference.rename("reference_hits")], axis=1).fillna(0)
    table = table[table["target_hits"] + table["reference_hits"] >= min_hits].reset_index()
    a, b = table["target_hits"], table["reference_hits"]
    expected_a = t_total * (a + b) / (t_total + r_total)
    expected_b = r_total * (a + b) / (t_total + r_total)

    def part(observed, expected):
        return [o * math.log(o / e) if o > 0 else 0.0 for o, e in zip(observed, expected)]

    table["g2"] = [2 * (x + y) for x, y in zip(part(a, expected_a), part(b, expected_b))]
    table["target_per_1000"] = (a / t_total * 1000).round(3)
    table["reference_per_1000"] = (b / r_total * 1000).round(3)
    table["direction"] = ["over" if x > y else "under" for x, y in zip(a / t_total, b / r_total)]
    table["g2"] = table["g2"].round(3)
    table[["target_hits", "reference_hits"]] = table[["target_hits", "reference_hits"]].astype(int)
    over = table[table["direction"] == "over"].sort_values(["g2", "term"], ascending=[False, True])
    return over.head(limit)[["term", "n", "target_hits", "reference_hits", "target_per_1000",
                             "reference_per_1000", "g2", "direction"]].reset_index(drop=True)


def kwic(corpus: Corpus, ids, term: str, width: int = 60) -> pd.DataFrame:
    """Return a keyword-in-context concordance of a term (whole syllables, case-insensitive).

    Columns: article_id, file, date, sentence_index, left, match, right, sentence.
    """
    phrase = term.replace("_", " ").strip()
    if not phrase:
        return pd.DataFrame(columns=["article_id", "file", "date", "sentence_index", "left", "match", "right", "sentence"])
    matcher = PhraseMatcher.of([Phrase(phrase, "term")])
    sentences = rows(corpus, "sentences", ["article_id", "sentence_index", "sentence"], article_id=set(ids))
    meta = corpus["articles"].set_index("article_id")
    found = []
    for s in sentences.itertuples():
        for m in matcher.find(tokens(s.sentence)):
            found.append({
                "article_id": s.article_id, "file": meta.at[s.article_id, "file"], "date": meta.at[s.article_id, "date"],
                "sentence_index": s.sentence_index, "left": s.sentence[max(0, m.start - width):m.start],
                "match": s.sentence[m.start:m.end], "right": s.sentence[m.end:m.end + width], "sentence": s.sentence,
            })
    return pd.DataFrame(found, columns=["article_id", "file", "date", "sentence_index", "left", "match", "right", "sentence"])


def term_counts(concordance: pd.DataFrame, corpus: Corpus, by: str) -> pd.DataFrame:
    """Return how often a concordance's term occurs per meeting or per country (named in the sentence)."""
    if concordance.empty:
        return pd.DataFrame(columns=["group", "hits", "articles"])
    if by == "meeting":
        groups = corpus["article_meetings"][["article_id", "meeting_id"]].drop_duplicates()
        joined = concordance.merge(groups, on="article_id").rename(columns={"meeting_id": "group"})
    else:
        named = rows(corpus, "mentions", ["article_id", "sentence_index", "key"],
                     article_id=set(concordance["article_id"]), kind="country").drop_duplicates()
        joined = concordance.merge(named, on=["article_id", "sentence_index"]).rename(columns={"key": "group"})
    return joined.groupby("group", as_index=False).agg(hits=("match", "size"), articles=("article_id", "nunique"))\
        .sort_values(["hits", "group"], ascending=[False, True], ignore_index=True)


def country_pairs(corpus: Corpus, ids) -> pd.DataFrame:
    """Return countries named together in a sentence: country_a, country_b, sentences, articles."""
    pairs = aggregate(corpus, "country_pairs")
    # one row per article and pair: its rows are its articles
    out = of_articles(corpus, pairs, ids).groupby(["country_a", "country_b"], as_index=False).agg(
        sentences=("sentences", "sum"), articles=("sentences", "size"))
    return out.sort_values(["sentences", "country_a", "country_b"], ascending=[False, True, True], ignore_index=True)


def _meeting_links(corpus: Corpus, meeting_id: str, ids) -> pd.DataFrame:
    links = corpus["article_meetings"]
    return links[(links["meeting_id"] == meeting_id) & isin(links["article_id"], set(ids))]


def meeting_coverage(corpus: Corpus, ids) -> pd.DataFrame:
    """Return the meetings the selected articles report, with how much they report them.

    Columns: those of the meetings table, then plot_date (the first day of `date` at its
    precision, so "2010-03" is drawn on 2010-03-01; NaT when unknown), articles (selected
    articles reporting the meeting) and mentions (their sentences that name it).
    """
    links = corpus["article_meetings"]
    links = of_articles(corpus, links, ids)
    coverage = pd.DataFrame({
        "articles": links.groupby("meeting_id")["article_id"].nunique(),
        "mentions": links.drop_duplicates(["meeting_id", "article_id", "sentence_index"]).groupby("meeting_id").size(),
    })
    meetings = corpus["meetings"]
    out = meetings.merge(coverage, left_on="meeting_id", right_index=True)
    out["plot_date"] = pd.to_datetime(out["date"], format="ISO8601", errors="coerce")
    return out[[*meetings.columns, "plot_date", "articles", "mentions"]].reset_index(drop=True)


def meeting_countries(corpus: Corpus, meeting_id: str, ids) -> pd.DataFrame:
    """Return a meeting's countries: its participants and those named in its selected articles.

    Columns: country, participant (True for the meeting's own `countries`), hits (mentions in
    those articles; 0 for a participant they never name), articles (of them naming it).
    Most named first.
    """
    meetings = corpus["meetings"]
    listed = ";".join(meetings.loc[meetings["meeting_id"] == meeting_id, "countries"])
    participants = {iso3 for iso3 in listed.split(";") if iso3}
    reporting = set(_meeting_links(corpus, meeting_id, ids)["article_id"])
    cm = corpus["country_mentions"]
    named = cm[isin(cm["article_id"], reporting)].groupby("country").agg(
        hits=("hits", "sum"), articles=("article_id", "nunique"))
    out = named.reindex(sorted(set(named.index) | participants), fill_value=0).rename_axis("country").reset_index()
    out.insert(1, "participant", out["country"].isin(participants))
    return out.sort_values(["hits", "participant", "country"], ascending=[False, False, True], ignore_index=True)


def meeting_articles(corpus: Corpus, meeting_id: str, ids) -> pd.DataFrame:
    """Return the selected articles that report a meeting.

    Columns: article_id, file, title, date, role ("main" when it is the first meeting the
    article names, else "sideline"), sentences (how many of its sentences name the meeting).
    """
    per_article = _meeting_links(corpus, meeting_id, ids).groupby("article_id").agg(
        role=("role", "first"), sentences=("sentence_index", "nunique"))
    articles = corpus["articles"][["article_id", "file", "title", "date"]]
    return articles.merge(per_article, left_on="article_id", right_index=True).sort_values(
        ["date", "file"], ignore_index=True)


def meeting_reports(corpus: Corpus, meeting_id: str, ids) -> pd.DataFrame:
    """Return the sentences in which the selected articles name a meeting, shaped like `evidence`.

    Columns: those of `evidence`, with kind "meeting" and key the meeting id; start and end
    locate `matched` in the sentence. A link made by curation ("(curated)"), not by words of
    a sentence, has no sentence to show and is left out.
    """
    links = _meeting_links(corpus, meeting_id, ids)
    sentences = rows(corpus, "sentences", ["article_id", "sentence_index", "sentence"],
                     article_id=set(links["article_id"]))
    reports = links.merge(sentences, on=["article_id", "sentence_index"])
    reports = reports.merge(corpus["articles"][["article_id", "file", "title", "date"]], on="article_id")
    reports["start"] = [sentence.find(matched) for sentence, matched in zip(reports["sentence"], reports["matched"])]
    reports = reports[reports["start"] >= 0]
    reports = reports.assign(end=reports["start"] + reports["matched"].str.len(), kind="meeting", key=meeting_id)
    return reports[["article_id", "file", "title", "date", "kind", "key", "matched", "sentence_index", "start", "end",
                 "sentence"]].sort_values(["date", "file", "sentence_index", "start"], ignore_index=True)


def country_totals(corpus: Corpus, ids) -> pd.DataFrame:
    """Return how often the selected articles name each country: country, hits, articles (most named first)."""
    cm = corpus["country_mentions"]
    out = of_articles(corpus, cm, ids).groupby("country", as_index=False).agg(
        hits=("hits", "sum"), articles=("article_id", "nunique"))
    return out.sort_values(["hits", "country"], ascending=[False, True], ignore_index=True)


def place_totals(corpus: Corpus, ids) -> pd.DataFrame:
    """Return the places the selected articles name, apart from countries (capitals, cities, seas,
    regions, metonyms such as "Nhà Trắng" for the US government).

    Columns: place, kind, country (ISO3 of the country it lies in or stands for; "" for seas
    and regions), hits, articles. Most named first.
    """
    pm = corpus["place_mentions"]
    out = of_articles(corpus, pm, ids).fillna({"country": ""}).groupby(
        ["place", "kind", "country"], as_index=False).agg(hits=("hits", "sum"), articles=("article_id", "nunique"))
    return out.sort_values(["hits", "place"], ascending=[False, True], ignore_index=True)


def circle_layout(keys) -> pd.DataFrame:
    """Return positions for a network drawn on the unit circle: key, x, y.

    The first key is at the top and the others follow clockwise in the order given, so the
    same keys always get the same places (no random spring layout).
    """
    keys = list(keys)
    angles = [math.pi / 2 - 2 * math.pi * i / max(len(keys), 1) for i in range(len(keys))]
    # "+ 0.0" turns the -0.0 that rounding leaves at the left of the circle into 0.0 in the CSV
    return pd.DataFrame({"key": keys, "x": [round(math.cos(a), 6) + 0.0 for a in angles],
                         "y": [round(math.sin(a), 6) + 0.0 for a in angles]}, columns=["key", "x", "y"])


STATEMENT_COLUMNS = ["article_id", "sentence_index", "speaker", "speaker_kind", "speaker_country", "role", "how",
                     "topics", "sentence"]
STATEMENT_ROW_COLUMNS = ["article_id", "file", "title", "date", "sentence_index", "speaker", "speaker_kind",
                         "speaker_country", "role", "how", "topics", "sentence"]


def statement_rows(corpus: Corpus, ids, speaker: str | None = None, country: str | None = None,
                   topic: str | None = None, columns: list[str] = STATEMENT_ROW_COLUMNS) -> pd.DataFrame:
    """Return the statements of the selected articles, by `speaker`, by speakers of `country`, raising `topic`,
    with `columns` (all of those below by default; only those are read: the sentences of the hundreds of
    thousands of statements of a person of a large corpus take hundreds of MB).

    Columns: article_id, file, title, date, sentence_index, speaker, speaker_kind, speaker_country,
    role (as the article gives it), how (the rule that found the speaker), topics (";"), sentence.
    """
    ids = set(ids)
    wanted = {column: value for column, value in (("speaker", speaker), ("speaker_country", country)) if value}
    if not every_article(corpus, ids):
        wanted["article_id"] = ids
    # the article and sentence to sort by, the topics to filter by
    needed = {"article_id", "sentence_index", *columns, *(["topics"] if topic else [])}
    said = rows(corpus, "statements", [column for column in STATEMENT_COLUMNS if column in needed], **wanted)
    if topic:
        said = said[said["topics"].str.split(";").map(lambda topics: topic in topics).astype(bool)]
    out = said.merge(corpus["articles"][["article_id", "file", "title", "date"]], on="article_id")
    return out.sort_values(["date", "file", "sentence_index"], ignore_index=True)[columns]


def _meetings_reported(corpus: Corpus, named: pd.DataFrame, count: int) -> list[str]:
    """Return, for each of `count` rows, the meetings the articles `named` for it (rows of row, article_id)
    report, in the order they met, joined by ";".

    Rows × articles times articles × meetings, a product of sparse matrices: a person of a large corpus
    is named in tens of thousands of articles.
    """
    meetings = corpus["meetings"]["meeting_id"]
    links = corpus["article_meetings"]
    articles = pc.unique(pa.array(named["article_id"], pa.string()))
    # a meeting's place in the meetings table is the order they met (its first place, if listed twice)
    link_article = pc.index_in(pa.array(links["article_id"], pa.string()), value_set=articles)
    link_meeting = pc.index_in(pa.array(links["meeting_id"], pa.string()), value_set=pa.array(meetings, pa.string()))
    known = pc.and_(pc.is_valid(link_article), pc.is_valid(link_meeting))
    link_article, link_meeting = (codes.filter(known).to_numpy() for codes in (link_article, link_meeting))
    named_article = pc.index_in(pa.array(named["article_id"], pa.string()), value_set=articles).to_numpy()
    in_row = csr_matrix((np.ones(len(named)), (named["row"].to_numpy(), named_article)), shape=(count, len(articles)))
    reports = csr_matrix((np.ones(len(link_article)), (link_article, link_meeting)),
                         shape=(len(articles), len(meetings)))
    product = (in_row @ reports).tocsr()
    product.sort_indices()
    ids = meetings.to_numpy(dtype=object)
    return [";".join(ids[product.indices[product.indptr[r]:product.indptr[r + 1]]]) for r in range(count)]


def _named_in(table: pd.DataFrame, ids) -> pd.DataFrame:
    """Return the selected articles that name each row of the people or organisations table: row (its
    position in the table), article_id."""
    cells = pc.split_pattern(pa.array(table["article_ids"], pa.string()), ";")
    items = pc.utf8_trim_whitespace(cells.flatten())
    kept = pc.is_in(items, value_set=pa.array(list(set(ids)), pa.string()))
    return pd.DataFrame({"row": pc.list_parent_indices(cells).filter(kept).to_numpy(),
                         "article_id": items.filter(kept).to_numpy(zero_copy_only=False)})


def people_directory(corpus: Corpus, ids) -> pd.DataFrame:
    """Return the people the selected articles name, most quoted first.

    Columns: person, country, roles, aliases (";"), meeting_ids (the meetings those articles
    report, in the order they met, ";"), articles (how many of them name the person),
    statements (how many of their sentences the person says), origin (curated or text).
    """
    people = corpus["people"]
    named = _named_in(people, ids)
    said = aggregate(corpus, "speaker_statements")
    said = of_articles(corpus, said, ids).groupby("speaker")["statements"].sum()
    out = people.assign(
        meeting_ids=_meetings_reported(corpus, named, len(people)),
        articles=np.bincount(named["row"], minlength=len(people)),
        statements=people["person"].map(said).fillna(0).astype(int),
    )
    out = out[out["articles"] > 0]
    return out[["person", "country", "roles", "aliases", "meeting_ids", "articles", "statements", "origin"]]\
        .sort_values(["statements", "articles", "person"], ascending=[False, False, True], ignore_index=True)


def organisation_directory(corpus: Corpus, ids) -> pd.DataFrame:
    """Return the ministries and bodies the selected articles name, most named first.

    Columns: organisation, country, kind (ministry or body), aliases (";"), meeting_ids (the
    meetings those articles report, in the order they met, ";"), articles (how many name it).
    """
    organisations = corpus["organisations"]
    named = _named_in(organisations, ids)
    out = organisations.assign(meeting_ids=_meetings_reported(corpus, named, len(organisations)),
                               articles=np.bincount(named["row"], minlength=len(organisations)))
    out = out[out["articles"] > 0]
    return out[["organisation", "country", "kind", "aliases", "meeting_ids", "articles"]]\
        .sort_values(["articles", "organisation"], ascending=[False, True], ignore_index=True)
