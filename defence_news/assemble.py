"""Assemble: per-article rows into the corpus tables the dashboard and the CSV extracts read.

This is where curation wins over extraction, where a missing year is inferred (and said to
be), where the same meeting reported by two articles becomes one meeting, and where
counts are summed from the mentions table so that every number has its sentences.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .curation import Curation
from .dates import DateMention, DateValue, resolve, year_only
from .lookup import values_at
from .keywords import added_totals, keyword_totals, stats_of_totals, tfidf
from .pipeline import Resources
from .resources import split_list
from .topics import topic_counts

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
    # its place among the meetings its article reports: with the article's, the order meetings are made in
    local: int = 0

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
            # found by bisection: the lists of a series of thousands of meetings are long
            at = bisect.bisect_left(positions, i)
            if at == len(positions) or positions[at] != i:
                positions.insert(at, i)


def _meeting_id(series: str, countries: tuple[str, ...], edition: int | None, date: str, first_article: str) -> str:
    """Return a meeting's id: its series and countries, then its edition, else its date (as written to its
    precision), else its first article. Two meetings may have one (`_unique_ids`)."""
    return "-".join([series, *countries, str(edition) if edition is not None else date or first_article])


def _text(table: pd.DataFrame, column: str) -> pa.Array:
    """Return a column of text of `table` in Arrow, a missing value as ""."""
    return pc.fill_null(pa.array(table[column], pa.large_string()), "")


def _edition_text(table: pd.DataFrame) -> pa.Array:
    """Return the edition of each row of `table` as a meeting id writes it, null where there is none."""
    edition = pd.to_numeric(table["edition"]).to_numpy(dtype=float)
    numbered = ~np.isnan(edition)
    written = pa.array(np.where(numbered, edition, 0).astype(np.int64)).cast(pa.large_string())
    return pc.if_else(pa.array(numbered), written, pa.scalar(None, pa.large_string()))


def _meeting_ids(table: pd.DataFrame) -> list[str]:
    """Return the `_meeting_id` of each row of `table` (series, key_countries, edition, date, article_ids), made
    column by column: a build adding articles names all the meetings again (`_unique_ids`)."""
    date, countries = _text(table, "date"), _text(table, "key_countries")
    first = pc.list_element(pc.split_pattern(_text(table, "article_ids"), ";", max_splits=1), 0)
    last = pc.coalesce(_edition_text(table), pc.if_else(pc.equal(date, ""), first, date))
    # no countries, no part for them
    countries = pc.if_else(pc.equal(countries, ""), pa.scalar(None, pa.large_string()),
                           pc.replace_substring(countries, ";", "-"))
    return pc.binary_join_element_wise(_text(table, "series"), countries, last, pa.scalar("-", pa.large_string()),
                                       null_handling="skip").to_pylist()


def _unique_ids(meetings: pd.DataFrame, keys: pd.DataFrame, links: pd.DataFrame) -> tuple[pd.DataFrame, ...]:
    """Return `meetings`, their `keys` and the `links` to them with an id of its own for each meeting.

    Reports that cannot be one meeting (another date or place) may give two the same edition, hence one id:
    each of those gets its date after it ("acdfm-13-2019-01-14"), else its first article, else that and its
    place among the meetings of that article. Made from the rows alone, whatever their order, so that a build
    adding articles names them as a build of all of them does.
    """
    table = meetings[["meeting_id", "series", "edition", "date", "article_ids"]].merge(
        keys[["meeting_id", "article_ids", "key_countries", "local"]], on=["meeting_id", "article_ids"])
    ids, articles, dates = table["meeting_id"].tolist(), table["article_ids"].tolist(), table["date"].tolist()
    bases = _meeting_ids(table)
    shared = Counter(bases)
    groups: dict[str, list[int]] = {}
    # only a meeting whose id is shared, or was when it was stored, may be renamed
    for i in (i for i, (old, base) in enumerate(zip(ids, bases)) if shared[base] > 1 or old != base):
        groups.setdefault(bases[i], []).append(i)
    renamed = {}
    for base, group in groups.items():
        if len(group) == 1:
            suffixes = [""]
        else:
            # per meeting: its date, its first article, that and its place there; the first no other has alike
            tried = [[dates[i], articles[i].split(";", 1)[0], f"{articles[i].split(';', 1)[0]}-{table['local'].iat[i]}"]
                     for i in group]
            suffixes = ["-" + next(c for at, c in enumerate(mine) if c and [t[at] for t in tried].count(c) == 1)
                        for mine in tried]
        renamed.update({(ids[i], articles[i]): base + suffix for i, suffix in zip(group, suffixes)
                        if base + suffix != ids[i]})
    if not renamed:
        return meetings, keys, links
    by_link = {(old, aid): new for (old, members), new in renamed.items() for aid in members.split(";")}

    def with_ids(frame: pd.DataFrame, column: str, lookup: dict) -> pd.DataFrame:
        # only the rows of the ids renamed are looked up
        ids, at = frame["meeting_id"].copy(), frame["meeting_id"].isin({old for old, _ in lookup}).to_numpy()
        ids[at] = [lookup.get(key, key[0]) for key in zip(ids[at].tolist(), frame.loc[at, column].tolist())]
        return frame.assign(meeting_id=ids)

    return with_ids(meetings, "article_ids", renamed), with_ids(keys, "article_ids", renamed), with_ids(
        links, "article_id", by_link)


LINK_COLUMNS = ["article_id", "meeting_id", "role", "sentence_index", "matched"]
# what merging more meetings into a stored one needs (meeting_keys): the countries that make its key with its
# series, its place among the meetings of its first article (_Meeting.local), its date to the day
KEY_COLUMNS = ["meeting_id", "article_ids", "key_countries", "local", "date_value"]
# A stored meeting is known by its id and articles, and a link by its meeting's id and its article: the id of
# a meeting changes when it merges with another, or when another takes the same edition (_unique_ids).


def assemble(tables: dict[str, pd.DataFrame], sentences: pd.DataFrame, curation: dict[str, Curation],
             res: Resources) -> dict[str, pd.DataFrame]:
    """Return the corpus tables (see ARTICLE_COLUMNS, MEETING_COLUMNS and the docs of each table).

    keyword_totals, beside keyword_stats, keeps what the statistics of more articles add to (`add_articles`).
    """
    own, raw_rows, dates = _per_article(tables, sentences, curation, res)
    meetings = _merge_meetings(_candidates(tables["meeting_mentions"], raw_rows, dates, curation, res), res)
    meetings_df, keys, links = _unique_ids(
        pd.DataFrame([m for m, _ in meetings], columns=MEETING_COLUMNS),
        pd.DataFrame([m for m, _ in meetings], columns=KEY_COLUMNS),
        pd.DataFrame([link for _, ls in meetings for link in ls], columns=LINK_COLUMNS))
    # the place of each article by file: the order meetings are merged in (_in_file_order)
    position = {r["article_id"]: i for i, r in enumerate(raw_rows)}
    links = _links_table(links, keys, position)
    reported = _meetings_by_article(links)
    keywords = own.pop("keywords")
    totals = keyword_totals(keywords)
    stats = stats_of_totals(totals, len(raw_rows))
    keywords["tfidf"] = tfidf(keywords, stats).round(6)
    actors = _in_order(tables["actor_mentions"], position)
    return {
        **own,
        "articles": _with_meetings(own["articles"], reported),
        "meetings": _sorted(meetings_df, ["date", "meeting_id"]),
        "meeting_keys": _sorted(keys, ["meeting_id", "article_ids"]),
        "article_meetings": links,
        "keywords": keywords[["article_id", "term", "n", "hits", "tfidf"]],
        "keyword_stats": stats,
        "keyword_totals": totals,
        "people": _people(actors, reported, res),
        "organisations": _organisations(actors, reported),
    }


def add_articles(stored: Mapping, tables: dict[str, pd.DataFrame], sentences: pd.DataFrame,
                 curation: dict[str, Curation], res: Resources) -> dict[str, pd.DataFrame]:
    """Return the corpus tables of `stored` (as assemble returned them, with the raw tables) with the
    articles of the per-article `tables` added, none of them in `stored`: every table as assemble
    would return it for all the articles, except that the big ones (keywords, mentions, sentences,
    statements and the raw tables) hold the new articles' rows only, to be stored beside the others.

    Only what the new articles touch is made again: the meetings they report (merged into the stored
    meetings when they come after every stored article by file, else merged again with the stored
    meetings of their series and countries), the roles and meeting lists of the articles, the people and
    organisations named in the new articles or in those whose meetings changed (their stored rows gaining
    what the new mentions add when the new articles come after every stored one, else made again of all
    their mentions); the per-article tables gain the new rows, and the keyword statistics and mention
    forms add theirs.
    """
    own, new_rows, new_dates = _per_article(tables, sentences, curation, res)
    new_candidates = _candidates(tables["meeting_mentions"], new_rows, new_dates, curation, res)
    known = stored["articles"]  # in memory, unlike raw_articles
    files = [*known["file"].tolist(), *tables["articles"]["file"].tolist()]
    ids = [*known["article_id"].tolist(), *tables["articles"]["article_id"].tolist()]
    # the place of each article by file: the order meetings are merged in (_in_file_order)
    position = {aid: i for i, (_, aid) in enumerate(sorted(zip(files, ids)))}
    after = bool(new_rows) and position[new_rows[0]["article_id"]] == len(known)
    if after:
        meetings, moved, dropped = _merged_after(stored, new_candidates, position, res)
    else:
        meetings, dropped = _merged_again(stored, new_candidates, tables["meeting_mentions"], new_rows, new_dates,
                                          curation, res)
        moved = pd.DataFrame(columns=LINK_COLUMNS)
    stored_meetings, stored_keys, stored_links = stored["meetings"], stored["meeting_keys"], stored["article_meetings"]
    gone = {(meeting, aid) for meeting, ids in dropped for aid in ids.split(";")}
    meetings_df = pd.concat([spelt_out(_without(stored_meetings, dropped)).to_pandas(),
                             pd.DataFrame([m for m, _ in meetings], columns=MEETING_COLUMNS)], ignore_index=True)
    keys = pd.concat([_without(stored_keys, dropped), pd.DataFrame([m for m, _ in meetings], columns=KEY_COLUMNS)],
                     ignore_index=True)
    meetings_df, keys, links = _unique_ids(meetings_df, keys, pd.concat(
        [spelt_out(_without(stored_links, gone, "article_id")).to_pandas(), moved,
         pd.DataFrame([link for _, ls in meetings for link in ls], columns=LINK_COLUMNS)], ignore_index=True))
    links = _links_table(links, keys, position)
    reported = _meetings_by_article(links)
    articles = _with_meetings(pd.concat([stored["articles"], own["articles"]], ignore_index=True), reported)
    # a person's or an organisation's row is made of its mentions and the meetings of their articles: made again
    # for those named in the new articles and in stored ones whose meetings changed, the others' rows kept
    meetings_now = dict(zip(articles["article_id"].tolist(), articles["meetings"].tolist()))
    changed = [aid for aid, was in zip(known["article_id"].tolist(), known["meetings"].tolist()) if meetings_now[aid] != was]
    people, organisations = (_named_after if after else _named_again)(stored, tables["actor_mentions"], changed,
                                                                      position, reported, res)
    keywords = own.pop("keywords")
    totals = added_totals(stored["keyword_totals"], keyword_totals(keywords)) if not keywords.empty else stored["keyword_totals"]
    forms = pd.concat([stored["mention_forms"], own.pop("mention_forms")], ignore_index=True)
    return {
        **{name: _by_article_stacked(stored[name], table) for name, table in own.items()
           if name not in ("articles", "mentions", "sentences", "statements")},
        "mentions": own["mentions"], "sentences": own["sentences"], "statements": own["statements"],
        "articles": articles,
        "meetings": _sorted(meetings_df, ["date", "meeting_id"]),
        "meeting_keys": _sorted(keys, ["meeting_id", "article_ids"]),
        "article_meetings": links,
        "keywords": keywords[["article_id", "term", "n", "hits"]],
        "keyword_stats": stats_of_totals(totals, len(position)),
        "keyword_totals": totals,
        "mention_forms": forms.groupby(["kind", "key", "matched"], as_index=False)["hits"].sum(),
        "people": people,
        "organisations": organisations,
    }


def _named_again(stored: Mapping, new_actors: pd.DataFrame, changed: list[str], position: dict[str, int],
                 reported: dict[str, list[str]], res: Resources) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the people and organisations tables with the rows of those named in the new articles (their
    `new_actors` mentions) or in the `changed` stored articles made again of all their mentions."""
    actors = pd.concat([stored["actor_mentions"], new_actors], ignore_index=True)
    touched = {*new_actors["article_id"].tolist(), *changed}
    names = set(actors.loc[actors["article_id"].isin(touched), "name"].dropna().tolist())
    named = _in_order(actors[actors["name"].isin(names)], position)
    return (_replaced(stored["people"], _people(named, reported, res), "person"),
            _replaced(stored["organisations"], _organisations(named, reported), "organisation"))


def _named_after(stored: Mapping, new_actors: pd.DataFrame, changed: list[str], position: dict[str, int],
                 reported: dict[str, list[str]], res: Resources) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return what `_named_again` returns when the new articles come after every stored one in file order:
    the stored row of a name gains what the new mentions add, which come after its stored mentions, as in a
    build of all the articles. The stored mentions (a big table, read from disk) are read only for the names
    in the `changed` articles and to count again the countries of a person's mentions."""
    new_actors = _in_order(new_actors, position)
    names = set(new_actors["name"].dropna().tolist())
    if changed:
        stored_actors = stored["actor_mentions"]
        names |= set(stored_actors.loc[stored_actors["article_id"].isin(changed), "name"].dropna().tolist())
    people, organisations = stored["people"], stored["organisations"]
    was_people = {r["person"]: r for r in _records(people[people["person"].isin(names)])}
    was_organisations = {r["organisation"]: r
                         for r in _records(organisations[organisations["organisation"].isin(names)])}
    # a stored person's country stays the one most of its mentions give unless a new mention gives another: only
    # then are its stored mentions counted again (a stored person without one has the country its new ones give)
    written = _countries_written(new_actors)
    persons = new_actors[(new_actors["kind"] == "person") & new_actors["country"].notna()
                         & (new_actors["country"] != "")]
    given = _grouped(persons["name"], persons["country"])
    curated = res.speakers.people
    countries = {name: row["country"] for name, row in was_people.items()
                 if not (name in curated and curated[name].country)}
    recounted = [name for name, country in countries.items() if country and set(given.get(name, ())) - {country}]
    written.update({name: country for name, country in countries.items() if country})
    if recounted:
        stored_actors = stored["actor_mentions"]
        written.update(_countries_written(_in_order(pd.concat(
            [stored_actors[stored_actors["name"].isin(recounted)], new_actors[new_actors["name"].isin(recounted)]],
            ignore_index=True), position)))
    return (_replaced(people, _people(new_actors, reported, res, was_people, written), "person"),
            _replaced(organisations, _organisations(new_actors, reported, was_organisations), "organisation"))


def _replaced(stored: pd.DataFrame, made: pd.DataFrame, key: str) -> pd.DataFrame:
    """Return the rows of `stored` and `made`, those of `made` in place of the stored rows of their `key`, by key."""
    kept = stored[~stored[key].isin(set(made[key].tolist()))]
    frames = [f for f in (kept, made) if not f.empty]
    return pd.concat(frames, ignore_index=True).sort_values(key, ignore_index=True) if frames else made


def _merged_after(stored: Mapping, candidates: list[_Meeting], position: dict[str, int],
                  res: Resources) -> tuple[list, pd.DataFrame, set[tuple[str, str]]]:
    """Return the meetings the `candidates` of articles that come after every stored one in file order
    make or change, merged into the stored meetings as a build of all the articles would merge them (in
    file order: after the stored ones); the stored links to the changed meetings, under their new ids;
    and the stored id and articles of each changed meeting."""
    merged, ids = _restored(stored, candidates, position)
    changed = _merge_into(merged, candidates)
    meetings = _meeting_rows(changed, res)
    renamed = {(ids[id(m)][0], aid): row["meeting_id"] for m, (row, _) in zip(changed, meetings) if id(m) in ids
               for aid in ids[id(m)][1].split(";")}
    links = stored["article_meetings"]
    # the links to the changed meetings' stored ids, then those of their articles
    links = links[links["meeting_id"].isin({meeting for meeting, _ in renamed})]
    pairs = list(zip(links["meeting_id"].tolist(), links["article_id"].tolist()))
    moved = links[np.array([pair in renamed for pair in pairs], dtype=bool)]  # rows, even when there is none
    moved = moved.assign(meeting_id=[renamed[pair] for pair in pairs if pair in renamed])
    return meetings, moved, {ids[id(m)] for m in changed if id(m) in ids}


def _merged_again(stored: Mapping, new_candidates: list[_Meeting], new_mentions: pd.DataFrame, new_rows: list[dict],
                  new_dates: dict, curation: dict[str, Curation], res: Resources) -> tuple[list, set[tuple[str, str]]]:
    """Return the meetings of the series and countries the `new_candidates` (made of `new_mentions`) report,
    merged again with those of the stored articles (a meeting of other series and countries cannot merge
    with theirs), and the stored id and articles of each meeting they replace."""
    touched = {(m.series, m.countries) for m in new_candidates}
    series = {s for s, _ in touched}
    stored_mentions = stored["meeting_mentions"]
    raw = stored["raw_articles"]
    curated = {file for file, c in curation.items() if any(spec.split("#")[0] in series for spec in c.meetings)}
    reporting = raw[raw["article_id"].isin(set(stored_mentions.loc[stored_mentions["series"].isin(series), "article_id"]))
                    | raw["file"].isin(curated)]
    old_rows = _records(reporting)
    dates = {**{r["article_id"]: article_date(r, curation.get(r["file"], Curation())) for r in old_rows}, **new_dates}
    mentions = pd.concat([stored_mentions[stored_mentions["article_id"].isin(reporting["article_id"])], new_mentions],
                         ignore_index=True)
    candidates = [m for m in _candidates(mentions, _in_file_order(old_rows + new_rows), dates, curation, res)
                  if (m.series, m.countries) in touched]
    meetings = _meeting_rows(_merge_into(_Merged(), candidates), res)
    # the stored meetings of those series and countries are those the stored articles' links to them make
    again = {(aid, link["sentence_index"], link["matched"]) for m in candidates for aid, links in m.articles.items()
             for link in links}
    links = stored["article_meetings"]
    dropped = {meeting for *key, meeting in zip(links["article_id"].tolist(), links["sentence_index"].tolist(),
                                                 links["matched"].tolist(), links["meeting_id"].tolist())
               if tuple(key) in again}
    # meetings of one id are of one series and countries: merged again, all of them
    stored_meetings = stored["meetings"]
    replaced = stored_meetings[stored_meetings["meeting_id"].isin(dropped)]
    return meetings, set(zip(replaced["meeting_id"].tolist(), replaced["article_ids"].tolist()))


def _per_article(tables: dict[str, pd.DataFrame], sentences: pd.DataFrame, curation: dict[str, Curation],
                 res: Resources) -> tuple[dict[str, pd.DataFrame], list[dict], dict[str, tuple[DateValue, DateValue]]]:
    """Return the corpus tables made of each article alone (the articles without their meetings,
    keywords with the article's words, mention_forms of these articles), the rows of the per-article
    articles table in file order, and each article's date and reference for years."""
    gaz = res.gazetteer
    articles = []
    dates: dict[str, tuple[DateValue, DateValue]] = {}
    raw_rows = _in_file_order(_records(tables["articles"]))
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
    articles_df = pd.DataFrame(articles, columns=[c for c in ARTICLE_COLUMNS if c != "meetings"])

    # a mention's sentence is the sentences table's: joined where it is shown (query.with_sentences)
    mentions = tables["mentions"]
    words = articles_df.set_index("article_id")["words"]
    # as a lexicon edit counts them again (session.with_lexicon)
    topics = topic_counts(mentions[mentions["kind"] == "topic"], res.lexicon)
    topics["per_1000_words"] = per_1000_words(topics, words)
    country_counts = _counts(mentions, "country", "country")
    country_counts["name_vi"] = country_counts["country"].map({c.iso3: c.name_vi for c in gaz.countries.values()})
    country_counts["name_en"] = country_counts["country"].map({c.iso3: c.name_en for c in gaz.countries.values()})
    place_counts = _counts(mentions, "place", "place")
    place_counts["kind"] = place_counts["place"].map({p.name: p.kind for p in gaz.places.values()})
    place_counts["country"] = place_counts["place"].map({p.name: p.country for p in gaz.places.values()})

    ranked = country_counts.sort_values(["article_id", "hits", "country"], ascending=[True, False, True])
    named = _grouped(ranked["article_id"], ranked["country"])
    articles_df["countries"] = [";".join(named.get(aid, ())) for aid in articles_df["article_id"].tolist()]

    keywords = tables["keywords"].assign(words=values_at(words, tables["keywords"]["article_id"]))
    statements = statements_with_topics(tables["statements"], tables["mentions"], sentences)
    return {
        "articles": articles_df,
        "topic_counts": topics[["article_id", "topic", "label_vi", "label_en", "hits", "per_1000_words"]],
        "country_mentions": country_counts[["article_id", "country", "name_vi", "name_en", "hits"]],
        "place_mentions": place_counts[["article_id", "place", "kind", "country", "hits"]],
        # the big tables in article order: a store reads the rows of a few articles from a few row groups
        "keywords": by_article(keywords),
        "mentions": by_article(
            mentions[["article_id", "kind", "key", "matched", "sentence_index", "start", "end"]]),
        "sentences": by_article(sentences),
        "statements": statements,
        "country_topics": country_topics(mentions),
        "country_pairs": country_pairs(mentions),
        "statement_topics": statement_topics(statements),
        "speaker_statements": speaker_statements(statements),
        "mention_forms": mention_forms(mentions),
    }, raw_rows, dates


def _in_file_order(raw_rows: list[dict]) -> list[dict]:
    """Return the rows of articles by file (and id): the order meetings are merged in, whatever the
    order the cache gave them in, so that a build with more articles merges as one of them all."""
    return sorted(raw_rows, key=lambda r: (r["file"], r["article_id"]))


def _in_order(table: pd.DataFrame, position: dict[str, int]) -> pd.DataFrame:
    """Return the rows of `table` in the order of their articles' `position`, each article's in their order."""
    if table.empty:
        return table
    return table.take(np.argsort(values_at(pd.Series(position), table["article_id"]), kind="stable")).reset_index(drop=True)


def _with_meetings(articles: pd.DataFrame, reported: dict[str, list[str]]) -> pd.DataFrame:
    """Return the articles table with the meetings each reports, by date and file."""
    articles = articles.assign(meetings=[";".join(dict.fromkeys(reported.get(aid, ())))
                                         for aid in articles["article_id"].tolist()])
    return _sorted(articles[ARTICLE_COLUMNS], ["date", "file"])


def _sorted(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Return the rows of `table` sorted by its text `columns`, which tell every row from the others: sorted
    in Arrow, twice as fast as pandas sorts strings."""
    order = pc.sort_indices(pa.table({c: pa.array(table[c], pa.large_string()) for c in columns}),
                            [(c, "ascending") for c in columns])
    return table.take(order.to_numpy()).reset_index(drop=True)


def spelt_out(frame: pd.DataFrame) -> pa.Table:
    """Return `frame` in Arrow with its columns of categories (a stored table's, tables.StoredCorpus) as text:
    spelt out in Arrow, several times faster than pandas spells them out."""
    # one thread: starting a pool costs more than converting these columns
    table = pa.Table.from_pandas(frame, preserve_index=False, nthreads=1)
    if not any(pa.types.is_dictionary(f.type) for f in table.schema):
        return table
    return table.cast(pa.schema([f.with_type(f.type.value_type) if pa.types.is_dictionary(f.type) else f
                                 for f in table.schema]))


def _by_article_stacked(stored: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of a per-article table of the stored articles and of new ones, each by article (as
    by_article or a groupby leaves them), by article (each article's in their order). Stacked in Arrow:
    pandas spells out a stored column of categories slowly."""
    # a table without rows may have columns of no type, or of another: numbers where no value says it is text
    if new.empty or stored.empty:
        return stored if new.empty else new
    old, added = spelt_out(stored), spelt_out(new)
    ids = old["article_id"].combine_chunks()
    # the first row of each stored article; each new article's rows go before those of the next one by id
    firsts = np.flatnonzero(np.concatenate([[True], pc.not_equal(ids[1:], ids[:-1]).to_numpy(zero_copy_only=False)]))
    at = np.append(firsts, len(old))[np.searchsorted(ids.take(firsts).to_numpy(zero_copy_only=False),
                                                     added["article_id"].to_numpy())]
    # slices of the stored rows and of the new ones in turn, not copied: a column of text stays in its pieces
    points, starts = np.unique(at, return_index=True)
    ends, parts, done = [*starts[1:], len(added)], [], 0
    for point, start, end in zip(points.tolist(), starts.tolist(), ends):
        parts += [old.slice(done, point - done), added.slice(start, end - start)]
        done = point
    parts.append(old.slice(done))
    return pa.concat_tables(parts, promote_options="permissive").to_pandas()


def by_article(table: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of `table` by article_id, each article's in their order."""
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


def _candidates(rows: pd.DataFrame, raw_rows: list[dict], dates, curation, res: Resources) -> list[_Meeting]:
    """Return the meetings each article reports (its meeting mentions `rows` merged within it), article by
    article in the order of `raw_rows` (rows of the per-article articles table)."""
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
            meeting.local = i
            meeting.place = meeting.place or (local[0].place if i else arow["place"])
            meeting.host = meeting.host or (local[0].host if i else arow["host_country"])
        per_article += local
    return per_article


def _merge_into(merged: _Merged, per_article: list[_Meeting]) -> list[_Meeting]:
    """Merge the meetings of `_candidates` into `merged`, in order; return the meetings they made or
    merged into, in the order of `merged`."""
    touched: set[int] = set()
    for meeting in per_article:
        same = merged.first_compatible(meeting)
        if same is None:
            merged.add(meeting)
            touched.add(id(meeting))
            continue
        touched.add(id(same))
        for aid, links in meeting.articles.items():
            same.articles.setdefault(aid, []).extend(links)
        same.place, same.host = same.place or meeting.place, same.host or meeting.host
        merged.update(same, same.edition if same.edition is not None else meeting.edition,
                      meeting.date if len(meeting.date.iso_at_precision()) > len(same.date.iso_at_precision())
                      else same.date)
    return [m for m in merged.meetings if id(m) in touched]


def _merge_meetings(per_article: list[_Meeting], res: Resources):
    """Return [(meeting row, [article links])]: the meetings of `_candidates` merged across articles."""
    return _meeting_rows(_merge_into(_Merged(), per_article), res)


def _restored(stored: Mapping, candidates: list[_Meeting],
              position: dict[str, int]) -> tuple[_Merged, dict[int, tuple[str, str]]]:
    """Return the stored meetings the `candidates` may merge into as the merge left them, in the order it
    made them (`_links_table`), without their links (their articles only), and the stored id and articles of
    each (by the id() of the meeting). Those are the meetings of the series and countries of a candidate and
    of its edition or year: `_Merged.first_compatible` looks at no other."""
    # keys of series, countries and edition or year as text: the stored meetings' are made column by column
    editions = pa.array({f"{m.series}|{';'.join(m.countries)}|{m.edition}" for m in candidates
                         if m.edition is not None}, pa.large_string())
    years = pa.array({f"{m.series}|{';'.join(m.countries)}|{m.date.date.year}" for m in candidates if m.date.date},
                     pa.large_string())
    table = stored["meetings"].merge(stored["meeting_keys"], on=["meeting_id", "article_ids"])
    bar = pa.scalar("|", pa.large_string())
    key = pc.binary_join_element_wise(_text(table, "series"), _text(table, "key_countries"), bar)
    day = _text(table, "date_value")
    wanted = pc.or_(pc.is_in(pc.binary_join_element_wise(key, _edition_text(table), bar), value_set=editions),
                    pc.and_(pc.not_equal(day, ""), pc.is_in(pc.binary_join_element_wise(
                        key, pc.utf8_slice_codeunits(day, 0, 4), bar), value_set=years)))
    merged, ids = _Merged(), {}
    for r in sorted(_records(table[wanted.to_numpy(zero_copy_only=False)]),
                    key=lambda r: (position[r["article_ids"].split(";")[0]], r["local"])):
        countries = tuple(c for c in r["key_countries"].split(";") if c)
        date = DateValue(dt.date.fromisoformat(r["date_value"]) if r["date_value"] else None, r["date_precision"],
                         r["date_origin"], r["date_note"])
        meeting = _Meeting(r["series"], countries, _int(r["edition"]), date, r["location"], r["host_country"],
                           {aid: [] for aid in r["article_ids"].split(";")}, r["local"])
        merged.add(meeting)
        ids[id(meeting)] = (r["meeting_id"], r["article_ids"])
    return merged, ids


def _meeting_rows(meetings: list[_Meeting], res: Resources):
    """Return [(meeting row, [article links])] of `meetings`; a row also has the columns of KEY_COLUMNS,
    what merging more meetings into them needs (`_restored`)."""
    cat = res.catalogue
    out = []
    for m in meetings:
        series = cat.series[m.series]
        first_article = next(iter(m.articles))
        meeting_id = _meeting_id(m.series, m.countries, m.edition, m.date.iso_at_precision(), first_article)
        roles = [{**l, "meeting_id": meeting_id, "role": ""} for links in m.articles.values() for l in links]
        out.append(({
            "meeting_id": meeting_id, "series": m.series, "name_vi": series.name_vi, "name_en": series.name_en,
            "edition": m.edition, "level": series.level, "format": series.format,
            "date": m.date.iso_at_precision(), "date_precision": m.date.precision, "date_origin": m.date.origin,
            "date_note": m.date.note, "location": m.place, "host_country": m.host,
            "countries": ";".join(_participants(series, m.countries, m.date, res)),
            "article_ids": ";".join(m.articles),
            "key_countries": ";".join(m.countries), "local": m.local, "date_value": m.date.iso(),
        }, roles))
    return out


def _without(table: pd.DataFrame, dropped: set[tuple[str, str]], column: str = "article_ids") -> pd.DataFrame:
    """Return the rows of `table` (meeting_id, `column`, …) but those whose (meeting_id, `column`) is `dropped`:
    the rows of the meetings dropped (meeting_id, article_ids), or of their links (meeting_id, article_id)."""
    # only the rows of the ids dropped are looked at one by one
    maybe = table["meeting_id"].isin({meeting for meeting, _ in dropped}).to_numpy()
    kept = ~maybe
    kept[maybe] = [pair not in dropped for pair in zip(table.loc[maybe, "meeting_id"].tolist(),
                                                       table.loc[maybe, column].tolist())]
    return table[kept]


def _links_table(links: list[dict] | pd.DataFrame, keys: pd.DataFrame, position: dict[str, int]) -> pd.DataFrame:
    """Return the links of articles to meetings (LINK_COLUMNS) in the order of the merge: by meeting in the
    order they were made (in the order of the articles, `position` by file, and of the meetings each reports:
    KEY_COLUMNS `keys`, an id of its own for each meeting), then article and sentence. In each article the
    meeting it mentions first is 'main', the others 'sideline'."""
    table = pd.DataFrame(links, columns=LINK_COLUMNS) if isinstance(links, list) else links
    if table.empty:  # no article to look up: a corpus without a meeting
        return table.assign(role=[])
    # in that order whatever the order of `links`: adding articles merges only some meetings again
    at = pd.Series(position)
    meeting = pd.Index(keys["meeting_id"]).get_indexer(table["meeting_id"])
    made = values_at(at, [ids.split(";", 1)[0] for ids in keys["article_ids"].tolist()])
    # a stable sort, as sorting rows by the last key first
    order = np.lexsort((table["sentence_index"].to_numpy(), values_at(at, table["article_id"]),
                        keys["local"].to_numpy()[meeting], made[meeting]))
    table = table.take(order).reset_index(drop=True)
    # the first link of each article by sentence, then meeting id: sorted by codes, not by strings
    articles, _ = pd.factorize(table["article_id"])
    meetings, _ = pd.factorize(table["meeting_id"], sort=True)
    first = np.lexsort((meetings, table["sentence_index"].to_numpy(), articles))
    starts = first[np.flatnonzero(np.diff(articles[first], prepend=-1))]
    main = np.empty(len(starts), meetings.dtype)
    main[articles[starts]] = meetings[starts]
    table["role"] = ["main" if is_main else "sideline" for is_main in (meetings == main[articles]).tolist()]
    return table


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
    # a stable sort by codes, not by strings
    order = np.lexsort((links["sentence_index"].to_numpy(), pd.factorize(links["article_id"])[0]))
    return _grouped(links["article_id"].take(order), links["meeting_id"].take(order))


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
    # chained in C, not a generator: a person is named in thousands of articles
    return ";".join(dict.fromkeys(itertools.chain.from_iterable(
        map(by_article.get, article_ids, itertools.repeat((), len(article_ids))))))


def _actors_by_name(actors: pd.DataFrame, kinds: list[str], columns: list[str]) -> dict[str, dict[str, list]]:
    """Return the actor mentions of `kinds` by name, names sorted: each of `columns` as the list of its
    values in the order of their first mention, each once (a name's mentions repeat a few values)."""
    picked = actors[actors["kind"].isin(kinds) & actors["name"].notna()]
    grouped: dict[str, dict[str, list]] = {}
    for column in columns:
        distinct = picked[["name", column]].drop_duplicates()
        for name, values in _grouped(distinct["name"], distinct[column]).items():
            grouped.setdefault(name, {})[column] = values
    return dict(sorted(grouped.items()))


def _countries_written(actors: pd.DataFrame) -> dict[str, str]:
    """Return the country most of the mentions of each person give (of those that give one), the first
    given of those given as often."""
    persons = actors[(actors["kind"] == "person") & actors["name"].notna()]
    persons = persons[persons["country"].notna() & (persons["country"] != "")]
    best: dict[str, tuple[int, str]] = {}
    # groups in the order of their first row
    for (name, country), count in persons.groupby(["name", "country"], sort=False).size().items():
        if count > best.get(name, (0, ""))[0]:
            best[name] = (count, country)
    return {name: country for name, (_, country) in best.items()}


def _people(actors: pd.DataFrame, by_article: dict[str, list[str]], res: Resources,
            stored: dict[str, dict] | None = None, written: dict[str, str] | None = None) -> pd.DataFrame:
    """Return one row per person named (see PEOPLE_COLUMNS): data/people.csv extended by the text.

    A curated person keeps its country, roles and aliases, and the text adds the roles and
    forms it writes ("ông Chiến"); a person only the text names has the country most of its
    mentions give. meeting_ids are the meetings of the articles that name the person.

    With `stored` (rows of the people table by person) the `actors` are mentions after all of theirs:
    each stored row, and the row of each person they name, gains their roles, forms and articles;
    `written` is then the country of each person's mentions (`_countries_written` of all of them).
    """
    rows = []
    stored = stored or {}
    written = _countries_written(actors) if written is None else written
    mentioned = _actors_by_name(actors, ["person"], ["article_id", "roles", "matched"])
    for name in sorted({*mentioned, *stored}):
        named, was = mentioned.get(name, {"article_id": [], "roles": [], "matched": []}), stored.get(name)
        curated = res.speakers.people.get(name)
        # a stored row's roles and aliases begin with the curated ones
        roles = [*(was["roles"].split(";") if was else curated.roles if curated else ()),
                 *(r for cell in named["roles"] for r in split_list(cell))]
        forms = [w for w in named["matched"] if w.casefold() != name.casefold()]
        article_ids = sorted([*(was["article_ids"].split(";") if was else ()), *named["article_id"]])
        rows.append({
            "person": name,
            "country": curated.country if curated and curated.country else written.get(name, ""),
            "roles": ";".join(_roles(roles)),
            "aliases": ";".join(_unique([*(was["aliases"].split(";") if was else curated.aliases if curated else ()),
                                         *forms])),
            "meeting_ids": _meetings_of(by_article, article_ids),
            "article_ids": ";".join(article_ids),
            "origin": "curated" if curated else "text",
        })
    return pd.DataFrame(rows, columns=PEOPLE_COLUMNS)


def _organisations(actors: pd.DataFrame, by_article: dict[str, list[str]],
                   stored: dict[str, dict] | None = None) -> pd.DataFrame:
    """Return one row per ministry or body named (see ORGANISATION_COLUMNS); kind is ministry or body,
    as the first mention gives it, and so is the country.

    With `stored` (rows of the organisations table by organisation) the `actors` are mentions after all
    of theirs: each stored row, and the row of each organisation they name, gains their forms and articles.
    """
    rows = []
    stored = stored or {}
    mentioned = _actors_by_name(actors, ["ministry", "body"], ["article_id", "country", "kind", "matched"])
    for name in sorted({*mentioned, *stored}):
        named, was = mentioned.get(name, {"article_id": [], "matched": []}), stored.get(name)
        article_ids = sorted([*(was["article_ids"].split(";") if was else ()), *named["article_id"]])
        forms = [w for w in named["matched"] if w.casefold() != name.casefold()]
        rows.append({
            "organisation": name, "country": was["country"] if was else named["country"][0],
            "kind": was["kind"] if was else named["kind"][0],
            "aliases": ";".join(_unique([*(was["aliases"].split(";") if was else ()), *forms])),
            "meeting_ids": _meetings_of(by_article, article_ids), "article_ids": ";".join(article_ids),
        })
    return pd.DataFrame(rows, columns=ORGANISATION_COLUMNS)
