"""Countries and places: the gazetteer in `data/` and the rules that find them in sentences.

Countries (ISO 3166-1 alpha-3) and places (capitals, cities, metonyms such as "Nhà
Trắng", seas and regions) are matched together so that a place consumes its words before
a country can: "Thái Bình Dương" is the Pacific, not Thailand; "Ấn Độ Dương" is the Indian
Ocean, not India; "Biển Hoa Đông" is a sea, not China. Places are reported apart from
countries and never add to a country's count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, count
from operator import attrgetter

from .matcher import Match, Phrase, PhraseMatcher, is_acronym
from .resources import data_file, fingerprint, parse_csv, read_text, split_list
from .text import Token, is_capitalised

COUNTRY_COLUMNS = ("iso3", "iso2", "name_en", "name_vi", "aliases_vi", "aliases_en", "compound_forms",
                   "asean_since", "admm_plus_since")
PLACE_COLUMNS = ("name", "aliases", "kind", "country", "name_en")
EXCLUSION_COLUMNS = ("phrase", "country", "note")
OPENER_COLUMNS = ("word", "note")


@dataclass(frozen=True)
class Country:
    iso3: str
    name_vi: str
    name_en: str
    asean_since: dt.date | None
    admm_plus_since: dt.date | None


@dataclass(frozen=True)
class Place:
    name: str
    name_en: str
    kind: str
    country: str  # ISO3, or "" for seas and regions


@dataclass(frozen=True)
class Found:
    """A country or place found in a sentence: kind is "country" or "place"."""

    kind: str
    key: str  # ISO3 for a country, the place's Vietnamese name for a place
    matched: str
    start: int
    end: int


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class Gazetteer:
    """Countries, places and exclusions read from data/, with the matcher built once."""

    def __init__(self, countries: list[dict], places: list[dict], exclusions: list[dict], openers: list[dict],
                 version: str):
        self.version = version
        self._openers = frozenset(r["word"].casefold() for r in openers)
        self.countries = {
            r["iso3"]: Country(r["iso3"], r["name_vi"], r["name_en"], _date(r["asean_since"]),
                               _date(r["admm_plus_since"]))
            for r in countries
        }
        self.places = {r["name"]: Place(r["name"], r["name_en"], r["kind"], r["country"]) for r in places}
        phrases = [Phrase(r["phrase"]) for r in exclusions]
        self._compound: dict[str, str] = {}
        for r in countries:
            names = [r["name_vi"], r["name_en"], *split_list(r["aliases_vi"]), *split_list(r["aliases_en"])]
            phrases += [Phrase(n, ("country", r["iso3"]), is_acronym(n)) for n in names]
            for form in split_list(r["compound_forms"]) + [n for n in names if len(n.split()) == 1]:
                self._compound.setdefault(form.casefold(), r["iso3"])
        for r in places:
            for name in [r["name"], *split_list(r["aliases"])]:
                phrases.append(Phrase(name, ("place", r["name"]), is_acronym(name)))
        self.matcher = PhraseMatcher.of(phrases)

    def asean_members(self, on: dt.date | None) -> list[str]:
        """Return the ISO3 codes of ASEAN members on a date (today's members when the date is unknown)."""
        day = on or dt.date.today()
        return sorted(c.iso3 for c in self.countries.values() if c.asean_since and c.asean_since <= day)

    def admm_plus_partners(self, on: dt.date | None) -> list[str]:
        """Return the ISO3 codes of the ADMM-Plus partners on a date."""
        day = on or dt.date.today()
        return sorted(c.iso3 for c in self.countries.values() if c.admm_plus_since and c.admm_plus_since <= day)

    def _compounds(self, toks: Sequence[Token]) -> list[tuple[int, int, list[Found]]]:
        """Return hyphenated pairs of short forms ("Việt-Nhật", "Mỹ - Trung - Nga") as token spans."""
        spans: list[tuple[int, int, list[Found]]] = []
        free = 0
        # a compound begins right before a dash
        for i in compress(count(-1), map("-".__eq__, map(attrgetter("key"), toks))):
            if i < free:
                continue
            j, parts = i, []
            while j < len(toks) and is_capitalised(toks[j].text) and toks[j].text.casefold() in self._compound:
                parts.append(j)
                if j + 2 < len(toks) and toks[j + 1].key == "-":
                    j += 2
                else:
                    break
            # "Campuchia - Việt Nam": the last part opens a longer name, which the main matcher reads
            if len(parts) >= 2 and self._opens_longer_name(toks, parts[-1]):
                parts.pop()
            if len(parts) >= 2:
                found = [Found("country", self._compound[toks[p].text.casefold()], toks[p].text, toks[p].start,
                               toks[p].end) for p in parts]
                spans.append((i, parts[-1] + 1, found))
                free = parts[-1] + 1
        return spans

    def _opens_longer_name(self, toks: Sequence[Token], at: int) -> bool:
        found = self.matcher.at(toks, at, 8)
        return found is not None and found.last - found.first > 1

    def _accept(self, match: Match, toks: Sequence[Token]) -> bool:
        """Context rules for names that are also ordinary words.

        A name written with a capital in the gazetteer must be written so in the text:
        "luật pháp quốc tế" (international law) holds "pháp quốc" but no France. A
        one-syllable country name that follows another capitalised word inside a sentence
        is part of a person's or place's name: "Lê Minh Đức", "Thúy Nga" are people, not
        Germany or Russia, unless that word opens the sentence and is one of
        data/sentence_openers.csv, capitalised only for its place: "Tại Nga, ..." (in Russia).
        """
        kind, _ = match.phrase.payload
        word = toks[match.first].text
        if is_capitalised(match.phrase.text) and not is_capitalised(word):
            return False
        if kind != "country" or match.last - match.first != 1 or match.first == 0:
            return True
        before = toks[match.first - 1].text
        if not (before[:1].isalpha() and is_capitalised(before)):
            return True
        opens = not any(t.text[:1].isalnum() for t in toks[:match.first - 1])
        return opens and before.casefold() in self._openers

    def find(self, toks: Sequence[Token], sentence: str) -> list[Found]:
        """Return the countries and places named in a tokenised sentence, in order."""
        found: list[Found] = []
        start = 0
        for first, last, compound in self._compounds(toks) + [(len(toks), len(toks), [])]:
            for m in self.matcher.find(toks[start:first], self._accept):
                kind, key = m.phrase.payload
                found.append(Found(kind, key, sentence[m.start:m.end], m.start, m.end))
            found += compound
            start = last
        return found


def load_gazetteer() -> Gazetteer:
    """Return the gazetteer from data/countries.csv, places.csv, country_exclusions.csv and sentence_openers.csv."""
    paths = [data_file(n) for n in ("countries.csv", "places.csv", "country_exclusions.csv", "sentence_openers.csv")]
    texts = [read_text(p) for p in paths]
    return Gazetteer(
        parse_csv(texts[0], str(paths[0]), COUNTRY_COLUMNS),
        parse_csv(texts[1], str(paths[1]), PLACE_COLUMNS),
        parse_csv(texts[2], str(paths[2]), EXCLUSION_COLUMNS),
        parse_csv(texts[3], str(paths[3]), OPENER_COLUMNS),
        fingerprint(*texts),
    )
