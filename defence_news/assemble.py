"""Assemble: per-article rows into the corpus tables the dashboard and the CSV extracts read.

This is where curation wins over extraction, where a missing year is inferred (and said to
be), where the same meeting reported by two articles becomes one meeting, and where
counts are summed from the mentions table so that every number has its sentences.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .curation import Curation
from .dates import DateMention, DateValue, resolve, year_only
from .keywords import keyword_stats, tfidf
from .pipeline import Resources
from .resources import split_list

ARTICLE_COLUMNS = [
    "article_id", "file", "title", "title_origin", "date", "date_precision", "date_origin", "date_note",
    "source", "source_origin", "source_evidence", "url", "url_origin", "location", "location_origin",
    "host_country", "meetings", "countries", "words", "paragraphs", "sentences", "duplicate_paragraphs",
    "author", "dateline", "cited_sources", "photo_credits", "encoding",
]
MEETING_COLUMNS = [
    "meeting_id", "series", "name_vi", "name_en", "edition", "level", "format", "date", "date_precision",
    "date_origin", "date_note", "location", "host_country", "countries", "article_ids",
]
STATEMENT_COLUMNS = [
    "article_id", "sentence_index", "speaker", "speaker_kind", "speaker_country", "role", "how", "matched", "topics",
    "sentence",
]
PEOPLE_COLUMNS = ["person", "country", "roles", "aliases", "meeting_ids", "article_ids", "origin"]
ORGANISATION_COLUMNS = ["organisation", "country", "kind", "aliases", "meeting_ids", "article_ids"]


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _mention(text: str, day, month, year) -> DateMention | None:
    if _int(month) is None:
        return None
    return DateMention(_int(day), _int(month), _int(year), text, 0)


def article_date(row: dict, curation: Curation) -> tuple[DateValue, DateValue]:
    """Return (the article's date, its reference for years) from curation, publication, lead or signals."""
    signal = (int(row["year_signal"]), row["year_signal_note"]) if _int(row["year_signal"]) else None
    published = DateValue(dt.date.fromisoformat(row["published"]), "day", "text", row["published_note"]) if row[
        "published"] else DateValue()
    reference = curation.date if curation.date.precision == "day" else published
    if curation.date.date:
        return curation.date, reference
    if published.date:
        return published, reference
    event = _mention(row["event_date_text"], row["event_day"], row["event_month"], row["event_year"])
    if event is not None:
        value = resolve(event, reference, signal)
        if value.date:
            return value, reference
        return DateValue(None, "", "", value.note) if not signal else year_only(signal), reference
    return year_only(signal), reference


@dataclass
class _Meeting:
    series: str
    countries: tuple[str, ...]
    edition: int | None
    date: DateValue
    place: str
    host: str
    articles: dict[str, list[dict]] = field(default_factory=dict)

    def compatible(self, other: "_Meeting") -> bool:
        if (self.series, self.countries) != (other.series, other.countries):
            return False
        if self.edition is not None and other.edition is not None:
            return self.edition == other.edition
        if not (self.date.date and other.date.date):
            return False
        mine, theirs = self.date.iso_at_precision(), other.date.iso_at_precision()
        coarse, fine = (mine, theirs) if len(mine) <= len(theirs) else (theirs, mine)
        return fine.startswith(coarse)


class _Merged:
    """The meetings merged so far, in order, indexed so that finding the first compatible one
    looks only at those of the same series and countries with the same edition or year.

    `_Meeting.compatible` needs equal editions, or an edition missing and dates of the same
    year (one date a prefix of the other), so no other meeting can be compatible.
    """

    def __init__(self):
        self.meetings: list[_Meeting] = []
        self._by_edition: dict[tuple, list[int]] = {}
        self._by_year: dict[tuple, list[int]] = {}
        self._position: dict[int, int] = {}

    @staticmethod
    def _key(m: _Meeting) -> tuple:
        return m.series, m.countries

    def first_compatible(self, meeting: _Meeting) -> _Meeting | None:
        key = self._key(meeting)
        found = []
        if meeting.edition is not None and self._by_edition.get((key, meeting.edition)):
            found.append(self._by_edition[(key, meeting.edition)][0])
        if meeting.date.date:
            found += [next((i for i in self._by_year.get((key, meeting.date.date.year), ())
                            if self.meetings[i].compatible(meeting)), len(self.meetings))]
        first = min(found, default=len(self.meetings))
        return self.meetings[first] if first < len(self.meetings) else None

    def add(self, meeting: _Meeting) -> None:
        self._position[id(meeting)] = len(self.meetings)
        self.meetings.append(meeting)
        self._index(meeting)

    def update(self, meeting: _Meeting, edition: int | None, date: DateValue) -> None:
        """Give a merged meeting its new edition and date, and index it by them."""
        i = self._position[id(meeting)]
        if meeting.date.date and date.date and meeting.date.date.year != date.date.year:
            self._by_year[(self._key(meeting), meeting.date.date.year)].remove(i)
        edition_found, meeting.edition, meeting.date = meeting.edition is None and edition is not None, edition, date
        if edition_found or date.date:
            self._index(meeting)

    def _index(self, meeting: _Meeting) -> None:
        i, key = self._position[id(meeting)], self._key(meeting)
        wanted = []
        if meeting.edition is not None:
            wanted.append(self._by_edition.setdefault((key, meeting.edition), []))
        if meeting.date.date:
            wanted.append(self._by_year.setdefault((key, meeting.date.date.year), []))
        for positions in wanted:
            if i not in positions:
                bisect.insort(positions, i)


def _meeting_id(m: _Meeting, first_article: str) -> str:
    parts = [m.series, *m.countries]
    if m.edition is not None:
        parts.append(str(m.edition))
    elif m.date.date:
        parts.append(m.date.iso_at_precision())
    else:
        parts.append(first_article)
    return "-".join(parts)


def assemble(tables: dict[str, pd.DataFrame], sentences: pd.DataFrame, curation: dict[str, Curation],
             res: Resources) -> dict[str, pd.DataFrame]:
    """Return the corpus tables (see ARTICLE_COLUMNS, MEETING_COLUMNS and the docs of each table)."""
    raw = tables["articles"]
    gaz = res.gazetteer
    articles = []
    dates: dict[str, tuple[DateValue, DateValue]] = {}
    raw_rows = _records(raw)
    for row in raw_rows:
        cur = curation.get(row["file"], Curation())
        date, reference = article_date(row, cur)
        dates[row["article_id"]] = (date, reference)
        place_bits = [b for b in (row["place"], gaz.countries[row["host_country"]].name_vi if row["host_country"] in gaz.countries else "") if b]
        extracted_location = ", ".join(place_bits) or row["dateline"]
        articles.append({
            **{k: row[k] for k in ("article_id", "file", "words", "paragraphs", "sentences", "duplicate_paragraphs",
                                   "author", "dateline", "cited_sources", "photo_credits", "encoding", "source_evidence",
                                   "host_country")},
            "title": cur.title or row["title"], "title_origin": "curated" if cur.title else row["title_origin"],
            "date": date.iso(), "date_precision": date.precision, "date_origin": date.origin, "date_note": date.note,
            "source": cur.source or row["source"],
            "source_origin": "curated" if cur.source else ("text" if row["source"] else ""),
            "url": cur.url or row["url"], "url_origin": "curated" if cur.url else ("text" if row["url"] else ""),
            "location": cur.location or extracted_location,
            "location_origin": "curated" if cur.location else ("text" if extracted_location else ""),
        })
    # columns named: a folder whose files are all unreadable gives a table without rows, not a crash
    articles_df = pd.DataFrame(articles, columns=ARTICLE_COLUMNS)

    meetings = _merge_meetings(tables["meeting_mentions"], raw_rows, dates, curation, res)
    meetings_df = pd.DataFrame([m for m, _ in meetings], columns=MEETING_COLUMNS)
    links = pd.DataFrame([link for _, ls in meetings for link in ls],
                         columns=["article_id", "meeting_id", "role", "sentence_index", "matched"])

    # a mention's sentence is the sentences table's: joined where it is shown (query.with_sentences)
    mentions = tables["mentions"]
    words = articles_df.set_index("article_id")["words"]
    topic_counts = _counts(mentions, "topic", "topic")
    topic_counts["label_vi"] = topic_counts["topic"].map({t.id: t.label_vi for t in res.lexicon.topics.values()})
    topic_counts["label_en"] = topic_counts["topic"].map({t.id: t.label_en for t in res.lexicon.topics.values()})
    topic_counts["per_1000_words"] = per_1000_words(topic_counts, words)
    country_counts = _counts(mentions, "country", "country")
    country_counts["name_vi"] = country_counts["country"].map({c.iso3: c.name_vi for c in gaz.countries.values()})
    country_counts["name_en"] = country_counts["country"].map({c.iso3: c.name_en for c in gaz.countries.values()})
    place_counts = _counts(mentions, "place", "place")
    place_counts["kind"] = place_counts["place"].map({p.name: p.kind for p in gaz.places.values()})
    place_counts["country"] = place_counts["place"].map({p.name: p.country for p in gaz.places.values()})

    reported = _meetings_by_article(links)
    articles_df["meetings"] = [_meetings_of(reported, [aid]) for aid in articles_df["article_id"]]
    ranked = country_counts.sort_values(["article_id", "hits", "country"], ascending=[True, False, True])
    named = _grouped(ranked["article_id"], ranked["country"])
    articles_df["countries"] = [";".join(named.get(aid, ())) for aid in articles_df["article_id"].tolist()]

    keywords = tables["keywords"].assign(words=_of_articles(words, tables["keywords"]["article_id"]))
    keywords["tfidf"] = tfidf(keywords, len(articles_df)).round(6)
    stats = keyword_stats(keywords, len(articles_df))
    statements = statements_with_topics(tables["statements"], tables["mentions"], sentences)
    return {
        "articles": articles_df[ARTICLE_COLUMNS].sort_values(["date", "file"], ignore_index=True),
        "meetings": meetings_df.sort_values(["date", "meeting_id"], ignore_index=True),
        "article_meetings": links,
        "topic_counts": topic_counts[["article_id", "topic", "label_vi", "label_en", "hits", "per_1000_words"]],
        "country_mentions": country_counts[["article_id", "country", "name_vi", "name_en", "hits"]],
        "place_mentions": place_counts[["article_id", "place", "kind", "country", "hits"]],
        # the big tables in article order: a store reads the rows of a few articles from a few row groups
        "keywords": _by_article(keywords[["article_id", "term", "n", "hits", "tfidf"]]),
        "keyword_stats": stats,
        "mentions": _by_article(
            mentions[["article_id", "kind", "key", "matched", "sentence_index", "start", "end"]]),
        "sentences": _by_article(sentences),
        "statements": statements,
        "people": _people(tables["actor_mentions"], reported, res),
        "organisations": _organisations(tables["actor_mentions"], reported),
        "country_topics": country_topics(mentions),
        "country_pairs": country_pairs(mentions),
        "statement_topics": statement_topics(statements),
        "speaker_statements": speaker_statements(statements),
        "mention_forms": mention_forms(mentions),
    }


def _of_articles(values: pd.Series, article_ids: pd.Series) -> np.ndarray:
    """Return the value (`values`, indexed by article_id) of each of `article_ids`, every one of them in the index.

    Looked up in Arrow: a merge or a map of millions of pyarrow strings takes a hundred times longer.
    """
    positions = pc.index_in(pa.array(article_ids, pa.large_string()), value_set=pa.array(values.index, pa.large_string()))
    return values.to_numpy()[positions.to_numpy()]


def _by_article(table: pd.DataFrame) -> pd.DataFrame:
    # sorted by the codes of the ids: twice as fast as sorting millions of strings
    codes, _ = pd.factorize(table["article_id"], sort=True)
    return table.take(np.argsort(codes, kind="stable")).reset_index(drop=True)


# Summaries of the big tables, stored beside them so that the dashboard's default views need not
# read those (defence_news.tables.aggregate); each keeps the article, so that its numbers open to
# their sentences.

def _named_countries(mentions: pd.DataFrame) -> pd.DataFrame:
    return mentions.loc[mentions["kind"] == "country", ["article_id", "sentence_index", "key"]].drop_duplicates()


def country_topics(mentions: pd.DataFrame) -> pd.DataFrame:
    """Return the topic mentions of the sentences that name a country: article_id, country, topic, hits."""
    topics = mentions.loc[mentions["kind"] == "topic", ["article_id", "sentence_index", "key"]]
    pairs = topics.merge(_named_countries(mentions), on=["article_id", "sentence_index"], suffixes=("_topic", "_country"))
    out = pairs.groupby(["article_id", "key_country", "key_topic"], as_index=False).size()
    return out.set_axis(["article_id", "country", "topic", "hits"], axis=1)


def country_pairs(mentions: pd.DataFrame) -> pd.DataFrame:
    """Return the countries each article names in one sentence: article_id, country_a, country_b
    (country_a < country_b), sentences."""
    named = _named_countries(mentions)
    pairs = named.merge(named, on=["article_id", "sentence_index"])
    pairs = pairs[pairs["key_x"] < pairs["key_y"]]
    out = pairs.groupby(["article_id", "key_x", "key_y"], as_index=False).size()
    return out.set_axis(["article_id", "country_a", "country_b", "sentences"], axis=1)


def statement_topics(statements: pd.DataFrame) -> pd.DataFrame:
    """Return how many statements of each speaker raise each topic: article_id, speaker, speaker_country,
    topic, statements."""
    said = statements.loc[statements["topics"] != "", ["article_id", "speaker", "speaker_country", "topics"]]
    # a list per row, not .str: a corpus without statements has no text column to split
    raised = said.assign(topic=[topics.split(";") for topics in said["topics"].tolist()]).explode("topic")
    out = raised.groupby(["article_id", "speaker", "speaker_country", "topic"], as_index=False).size()
    return out.rename(columns={"size": "statements"})


def speaker_statements(statements: pd.DataFrame) -> pd.DataFrame:
    """Return how many statements each speaker makes in each article: article_id, speaker, statements."""
    return statements.groupby(["article_id", "speaker"], as_index=False).size().rename(columns={"size": "statements"})


def mention_forms(mentions: pd.DataFrame) -> pd.DataFrame:
    """Return each wording matched for each key, corpus-wide: kind, key, matched, hits."""
    return mentions.groupby(["kind", "key", "matched"], as_index=False).size().rename(columns={"size": "hits"})


def per_1000_words(counts: pd.DataFrame, words: pd.Series) -> pd.Series:
    """Return the hits of each row of `counts` (article_id, hits) per 1,000 words of its article.

    `words` is the word count of each article, indexed by article_id.
    """
    # as floats: when no article has a topic hit ("Đại tướng tham dự ADMM Hẹp." alone) the empty
    # column of words is read as text, and dividing by text fails. Looked up by reindex, three times
    # faster than .map for the hundred thousand counts of a lexicon edit
    article_words = pd.Series(words.reindex(counts["article_id"]).to_numpy(dtype=float), index=counts.index)
    article_words = article_words.clip(lower=1)
    return (counts["hits"] / article_words * 1000).round(3)


def _counts(mentions: pd.DataFrame, kind: str, column: str) -> pd.DataFrame:
    picked = mentions[mentions["kind"] == kind]
    counts = picked.groupby(["article_id", "key"], as_index=False).size().rename(columns={"key": column, "size": "hits"})
    return counts.sort_values(["article_id", "hits", column], ascending=[True, False, True], ignore_index=True)


def _participants(series, text_countries: tuple[str, ...], date: DateValue, res: Resources) -> list[str]:
    named = list(series.participants) + [c for c in text_countries if c not in series.participants]
    members: list[str] = []
    for p in named:
        if p == "ASEAN":
            members += res.gazetteer.asean_members(date.date)
        elif p == "ADMM_PLUS":
            members += res.gazetteer.admm_plus_partners(date.date)
        else:
            members.append(p)
    return sorted(set(members))


def _merge_meetings(rows: pd.DataFrame, raw_rows: list[dict], dates, curation, res: Resources):
    """Return [(meeting row, [article links])]: mentions merged within, then across, articles.

    raw_rows: the rows of the per-article articles table.
    """
    cat = res.catalogue
    per_article: list[_Meeting] = []
    files = {r["article_id"]: r["file"] for r in raw_rows}
    article_rows = {r["article_id"]: r for r in raw_rows}
    records = _records(rows.sort_values(["article_id", "sentence_index"])) if not rows.empty else []
    grouped: dict[str, list[dict]] = {}
    for r in records:
        grouped.setdefault(r["article_id"], []).append(r)
    for aid, arow in article_rows.items():
        cur = curation.get(files[aid], Curation())
        mentions = grouped.get(aid, [])
        if cur.meetings:
            wanted = [(spec.split("#")[0], _int(spec.split("#")[1]) if "#" in spec else None) for spec in cur.meetings]
            kept = [m for m in mentions if m["series"] in {s for s, _ in wanted}]
            known = {m["series"] for m in kept}
            kept += [{"article_id": aid, "series": s, "edition": e, "sentence_index": 0, "matched": "(curated)",
                      "countries": "", "place": "", "host_country": "", "date_text": "", "day": None, "month": None,
                      "year": None} for s, e in wanted if s not in known]
            for m in kept:
                edition = dict(wanted).get(m["series"])
                if edition is not None:
                    m["edition"] = edition
            mentions = kept
        article_date_value, reference = dates[aid]
        signal = (int(arow["year_signal"]), arow["year_signal_note"]) if _int(arow["year_signal"]) else None
        local: list[_Meeting] = []
        for m in mentions:
            written = _mention(m["date_text"], m["day"], m["month"], m["year"])
            date = resolve(written, reference, signal) if written else article_date_value
            if not date.date:
                date = article_date_value
            countries = tuple(c for c in str(m["countries"] or "").split(";") if c)
            candidate = _Meeting(m["series"], countries, _int(m["edition"]), date, m["place"], m["host_country"])
            link = {"article_id": aid, "sentence_index": int(m["sentence_index"]), "matched": m["matched"]}
            same = next((x for x in local if (x.series, x.countries) == (candidate.series, candidate.countries)
                         and (x.edition is None or candidate.edition is None or x.edition == candidate.edition)), None)
            if same is None:
                candidate.articles[aid] = [link]
                local.append(candidate)
                continue
            same.articles[aid].append(link)
            same.edition = same.edition if same.edition is not None else candidate.edition
            same.place = same.place or candidate.place
            same.host = same.host or candidate.host
            if candidate.date.date and len(candidate.date.iso_at_precision()) > len(same.date.iso_at_precision()):
                same.date = candidate.date
        for i, meeting in enumerate(local):
            meeting.place = meeting.place or (local[0].place if i else arow["place"])
            meeting.host = meeting.host or (local[0].host if i else arow["host_country"])
        per_article += local
    merged = _Merged()
    for meeting in per_article:
        same = merged.first_compatible(meeting)
        if same is None:
            merged.add(meeting)
            continue
        for aid, links in meeting.articles.items():
            same.articles.setdefault(aid, []).extend(links)
        same.place, same.host = same.place or meeting.place, same.host or meeting.host
        merged.update(same, same.edition if same.edition is not None else meeting.edition,
                      meeting.date if len(meeting.date.iso_at_precision()) > len(same.date.iso_at_precision())
                      else same.date)
    out = []
    for m in merged.meetings:
        series = cat.series[m.series]
        first_article = next(iter(m.articles))
        meeting_id = _meeting_id(m, first_article)
        roles = [{**l, "meeting_id": meeting_id, "role": ""} for links in m.articles.values() for l in links]
        out.append(({
            "meeting_id": meeting_id, "series": m.series, "name_vi": series.name_vi, "name_en": series.name_en,
            "edition": m.edition, "level": series.level, "format": series.format,
            "date": m.date.iso_at_precision(), "date_precision": m.date.precision, "date_origin": m.date.origin,
            "date_note": m.date.note, "location": m.place, "host_country": m.host,
            "countries": ";".join(_participants(series, m.countries, m.date, res)),
            "article_ids": ";".join(m.articles),
        }, roles))
    _set_roles(out)
    return out


def _set_roles(out) -> None:
    """Mark in each article the meeting it mentions first as 'main', the others as 'sideline'."""
    first: dict[str, tuple[int, str]] = {}
    for _, links in out:
        for l in links:
            key = (l["sentence_index"], l["meeting_id"])
            if l["article_id"] not in first or key < first[l["article_id"]]:
                first[l["article_id"]] = key
    for _, links in out:
        for l in links:
            l["role"] = "main" if first[l["article_id"]][1] == l["meeting_id"] else "sideline"


def statements_with_topics(statements: pd.DataFrame, mentions: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Return the statements (see STATEMENT_COLUMNS) with their sentence and its topics.

    topics: the topic ids found in the sentence, in reading order, joined by ";".
    """
    found = mentions[mentions["kind"] == "topic"].sort_values(["article_id", "sentence_index", "start"], kind="stable")
    topics: dict[tuple[str, int], dict[str, None]] = {}
    # columns as lists: iterating a column of pyarrow strings value by value is slow
    for aid, index, topic in zip(found["article_id"].tolist(), found["sentence_index"].astype(int).tolist(),
                                 found["key"].tolist()):
        topics.setdefault((aid, index), {})[topic] = None
    keys = list(zip(statements["article_id"].tolist(), statements["sentence_index"].astype(int).tolist()))
    # the sentence looked up in Arrow: not a Python string made of each of the corpus's sentences
    texts = pc.take(pa.array(sentences["sentence"], pa.large_string()),
                    pc.index_in(_sentence_keys(statements), value_set=_sentence_keys(sentences)))
    out = statements.assign(topics=[";".join(topics.get(k, ())) for k in keys],
                            sentence=pc.fill_null(texts, "").to_pandas().array)
    return out[STATEMENT_COLUMNS].sort_values(["article_id", "sentence_index"], ignore_index=True)


def _sentence_keys(table: pd.DataFrame) -> pa.Array:
    """Return "article_id:sentence_index" of each row of `table`."""
    return pc.binary_join_element_wise(pa.array(table["article_id"], pa.large_string()),
                                       pa.array(table["sentence_index"].astype(int)).cast(pa.large_string()),
                                       pa.scalar(":", pa.large_string()))


def _unique(values) -> list[str]:
    """Return the values once each, in order, spellings that differ only in case counted once."""
    seen: dict[str, str] = {}
    for value in values:
        if value:
            seen.setdefault(value.casefold(), value)
    return list(seen.values())


def _roles(values) -> list[str]:
    """Return the roles once each, less those that only begin a longer one ("Bộ trưởng" of "Bộ trưởng Chiến tranh")."""
    roles = _unique(values)
    return [r for r in roles if not any(o.casefold().startswith(r.casefold() + " ") for o in roles)]


def _meetings_by_article(links: pd.DataFrame) -> dict[str, list[str]]:
    """Return the meeting ids each article reports, in reading order."""
    ordered = links.sort_values(["article_id", "sentence_index"], kind="stable")
    return _grouped(ordered["article_id"], ordered["meeting_id"])


def _grouped(keys: pd.Series, values: pd.Series) -> dict[str, list]:
    """Return the values of each key, in row order (lists: iterating pyarrow strings value by value is slow)."""
    out: dict[str, list] = {}
    for key, value in zip(keys.tolist(), values.tolist()):
        out.setdefault(key, []).append(value)
    return out


def _records(table: pd.DataFrame) -> list[dict]:
    """Return the rows of `table` as dicts, like to_dict("records") but built from whole columns, many times faster."""
    columns = list(table.columns)
    return [dict(zip(columns, row)) for row in zip(*(table[c].tolist() for c in columns))]


def _meetings_of(by_article: dict[str, list[str]], article_ids: list[str]) -> str:
    """Return the meetings of the (sorted) articles, once each, joined by ";"."""
    return ";".join(dict.fromkeys(m for a in article_ids for m in by_article.get(a, ())))


def _actors_by_name(actors: pd.DataFrame, kinds: list[str], columns: list[str]) -> dict[str, dict[str, list]]:
    """Return the actor mentions of `kinds` by name, names sorted: each of `columns` as a list in row order.

    Lists, not a groupby: reading a column of pyarrow strings value by value is slow.
    """
    picked = actors[actors["kind"].isin(kinds) & actors["name"].notna()]
    grouped: dict[str, dict[str, list]] = {}
    for name, *values in zip(picked["name"].tolist(), *(picked[c].tolist() for c in columns)):
        named = grouped.setdefault(name, {c: [] for c in columns})
        for column, value in zip(columns, values):
            named[column].append(value)
    return dict(sorted(grouped.items()))


def _people(actors: pd.DataFrame, by_article: dict[str, list[str]], res: Resources) -> pd.DataFrame:
    """Return one row per person named (see PEOPLE_COLUMNS): data/people.csv extended by the text.

    A curated person keeps its country, roles and aliases, and the text adds the roles and
    forms it writes ("ông Chiến"); a person only the text names has the country most of its
    mentions give. meeting_ids are the meetings of the articles that name the person.
    """
    rows = []
    for name, named in _actors_by_name(actors, ["person"], ["article_id", "country", "roles", "matched"]).items():
        curated = res.speakers.people.get(name)
        written = Counter(c for c in named["country"] if c).most_common(1)
        roles = [r for cell in named["roles"] for r in split_list(cell)]
        forms = [w for w in named["matched"] if w.casefold() != name.casefold()]
        article_ids = sorted(set(named["article_id"]))
        rows.append({
            "person": name,
            "country": curated.country if curated and curated.country else (written[0][0] if written else ""),
            "roles": ";".join(_roles([*(curated.roles if curated else ()), *roles])),
            "aliases": ";".join(_unique([*(curated.aliases if curated else ()), *forms])),
            "meeting_ids": _meetings_of(by_article, article_ids),
            "article_ids": ";".join(article_ids),
            "origin": "curated" if curated else "text",
        })
    return pd.DataFrame(rows, columns=PEOPLE_COLUMNS)


def _organisations(actors: pd.DataFrame, by_article: dict[str, list[str]]) -> pd.DataFrame:
    """Return one row per ministry or body named (see ORGANISATION_COLUMNS); kind is ministry or body."""
    rows = []
    for name, named in _actors_by_name(actors, ["ministry", "body"], ["article_id", "country", "kind", "matched"]).items():
        article_ids = sorted(set(named["article_id"]))
        rows.append({
            "organisation": name, "country": named["country"][0], "kind": named["kind"][0],
            "aliases": ";".join(_unique(w for w in named["matched"] if w.casefold() != name.casefold())),
            "meeting_ids": _meetings_of(by_article, article_ids), "article_ids": ";".join(article_ids),
        })
    return pd.DataFrame(rows, columns=ORGANISATION_COLUMNS)
