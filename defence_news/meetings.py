"""Meetings: the catalogue of meeting series in `data/meetings.yaml`, and the meetings an article reports.

An article names many meeting series; it reports only some of them. A series name counts
as a reported meeting when it stands in the lead or in a sentence that says the meeting
took place ("tham dự", "diễn ra", "bên lề" ...), and not right after words that only refer
to the series ("trong khuôn khổ ADMM+", "tầm quan trọng của Hội nghị ..."). Bilateral talks
("hội đàm", "gặp song phương") and ASEAN+1 informal meetings ("tiệc trà giữa các Bộ trưởng
Quốc phòng ASEAN và Bộ trưởng ... Hoa Kỳ") are found from their cue words and the
countries named in the same sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .gazetteer import Found, Gazetteer
from .matcher import Match, Phrase, PhraseMatcher, is_acronym
from .resources import DataFileError, data_file, fingerprint, parse_yaml, read_text
from .text import Token

CUE_KINDS = ("held", "reference", "sideline", "bilateral", "informal")
# how far before a series name a reference cue reaches: "trong khuôn khổ Hội nghị ..."
REFERENCE_WINDOW = 4
# how far after a series name its edition may stand: "Đối thoại ... Việt-Nhật lần thứ 11"
EDITION_WINDOW = 8
LEAD_PARAGRAPHS = 2
HOME = "VNM"  # the press read here is Vietnamese: one side of a bilateral meeting is Vietnam


@dataclass(frozen=True)
class Series:
    id: str
    acronym: str
    name_vi: str
    name_en: str
    level: str
    format: str
    participants: tuple[str, ...]
    aliases: tuple[str, ...]
    generic: bool


@dataclass(frozen=True)
class MeetingMention:
    """A meeting reported in one sentence of an article, before meetings are merged across articles."""

    series: str
    edition: int | None
    sentence_index: int
    matched: str
    countries: tuple[str, ...]  # named in the text, for series whose participants come from the text
    place: str
    host_country: str


class Catalogue:
    """Meeting series, levels, formats, cue words and ordinals, with their matchers."""

    def __init__(self, parsed: dict, file: str, version: str):
        self.version = version
        self.levels: dict[str, dict] = parsed.get("levels") or {}
        self.formats: dict[str, dict] = parsed.get("formats") or {}
        self.series: dict[str, Series] = {}
        for position, entry in enumerate(parsed.get("series") or [], 1):
            if not isinstance(entry, dict) or not entry.get("id"):
                raise DataFileError(file, f"series number {position} has no 'id'")
            series = Series(
                id=str(entry["id"]),
                acronym=str(entry.get("acronym") or ""),
                name_vi=str(entry.get("name_vi") or entry["id"]),
                name_en=str(entry.get("name_en") or entry["id"]),
                level=str(entry.get("level") or ""),
                format=str(entry.get("format") or ""),
                participants=tuple(str(p) for p in entry.get("participants") or []),
                aliases=tuple(str(a) for a in entry.get("aliases") or []),
                generic=bool(entry.get("generic")),
            )
            for field, known in (("level", self.levels), ("format", self.formats)):
                if getattr(series, field) not in known:
                    raise DataFileError(file, f"series '{series.id}': unknown {field} '{getattr(series, field)}'")
            self.series[series.id] = series
        if not self.series:
            raise DataFileError(file, "expected a non-empty list under 'series:'")
        self.names = PhraseMatcher.of(
            Phrase(alias, s.id, is_acronym(alias))
            for s in self.series.values()
            for alias in (s.acronym, s.name_vi, s.name_en, *s.aliases)
            if alias
        )
        cues = parsed.get("cues") or {}
        self.cues = {
            kind: PhraseMatcher.of(
                [Phrase(c, kind) for c in cues.get(kind) or []] + [Phrase(c) for c in cues.get("not_cues") or []]
            )
            for kind in CUE_KINDS
        }
        self.ordinals = {str(k).casefold(): int(v) for k, v in (parsed.get("ordinals") or {}).items()}

    def specific(self, format_: str, level: str, countries: set[str]) -> Series | None:
        """Return the non-generic series of this format and level whose named participants are `countries`."""
        for s in self.series.values():
            named = {p for p in s.participants if p not in ("ASEAN", "ADMM_PLUS")}
            if not s.generic and s.format == format_ and s.level == level and named and named == countries:
                return s
        return None

    def edition(self, toks: Sequence[Token], after: int) -> int | None:
        """Return the edition written just after a series name: "lần thứ 12", "lần thứ hai", "lần đầu tiên"."""
        window = [t.key for t in toks[after : after + EDITION_WINDOW]]
        for i, key in enumerate(window):
            if key in {",", ".", ";", ":"}:
                return None
            if key != "lần" or i + 1 >= len(window):
                continue
            rest = window[i + 1 :]
            if rest[:2] == ["đầu", "tiên"]:
                return 1
            if rest[:1] == ["thứ"]:
                if len(rest) > 1 and rest[1].isdigit():
                    return int(rest[1])
                for size in (3, 2, 1):
                    words = " ".join(rest[1 : 1 + size])
                    if len(rest) > size and words in self.ordinals:
                        return self.ordinals[words]
        return None


def load_catalogue() -> Catalogue:
    """Return the catalogue of data/meetings.yaml."""
    path = data_file("meetings.yaml")
    text = read_text(path)
    return Catalogue(parse_yaml(text, str(path)), str(path), fingerprint(text))


def meeting_place(toks: Sequence[Token], found: Sequence[Found], gazetteer: Gazetteer) -> tuple[str, str]:
    """Return (place, host ISO3) from "tại <place>[, <country>]" or "tại <place> (<country>)" in a sentence.

    A place counts when the gazetteer knows it, or when a country follows it: "tại Luang
    Prabang, Lào" names a city the gazetteer may not hold.
    """
    if all(t.key != "tại" for t in toks):
        return "", ""
    by_start = {f.start: f for f in found}
    for i, tok in enumerate(toks):
        if tok.key != "tại" or i + 1 >= len(toks):
            continue
        nxt = by_start.get(toks[i + 1].start)
        if nxt is not None and nxt.kind == "country":
            return "", nxt.key
        if nxt is not None and nxt.kind == "place":
            place = gazetteer.places[nxt.key]
            after = [f for f in found if f.start > nxt.start and f.kind == "country"]
            host = place.country or (after[0].key if after else "")
            return place.name, host
        # an unknown capitalised name followed by ", Country" or "(Country)"
        j = i + 1
        while j < len(toks) and (toks[j].text[:1].isupper() or (toks[j].key == "-" and j + 1 < len(toks))):
            j += 1
        if j == i + 1 or j + 1 >= len(toks) or toks[j].key not in {",", "("}:
            continue
        country = by_start.get(toks[j + 1].start)
        if country is not None and country.kind == "country":
            return " ".join(t.text for t in toks[i + 1 : j]).replace(" - ", "-"), country.key
    return "", ""


@dataclass(frozen=True)
class SentenceView:
    """What meeting extraction needs of one sentence."""

    index: int
    paragraph: int
    text: str
    toks: list[Token]
    found: list[Found]


# Tokens that join two series names into one mention: "ADMM và ADMM+", "Hội nghị ... (ADMM)".
CONNECTORS = {"(", ")", "và", ",", "-", "/", "hoặc"}
# how far after a series name a reference cue reaches: "để ADMM+ sớm được tổ chức"
REFERENCE_AFTER = 3


def _chained(toks: Sequence[Token], previous_end: int, start: int) -> bool:
    return 0 < start - previous_end <= 2 and all(t.key in CONNECTORS for t in toks[previous_end:start])


def _referred(m: Match, references: list[Match], toks: Sequence[Token]) -> bool:
    """True when a series name is only referred to.

    A reference cue just before it ("trong khuôn khổ", "tầm quan trọng của") or just after
    it ("sớm được tổ chức"), or a possessive "của" right before it ("thành tựu của ADMM").
    """
    if m.first > 0 and toks[m.first - 1].key == "của":
        return True
    return any(
        m.first - REFERENCE_WINDOW < c.last <= m.first or m.last <= c.first < m.last + REFERENCE_AFTER
        for c in references
    )


def _countries(view: SentenceView, exclude: Sequence[str] = ()) -> list[str]:
    return list(dict.fromkeys(f.key for f in view.found if f.kind == "country" and f.key not in exclude))


def _names_asean(view: SentenceView) -> bool:
    return any(t.text == "ASEAN" for t in view.toks)


def find_meetings(views: Sequence[SentenceView], catalogue: Catalogue, gazetteer: Gazetteer) -> list[MeetingMention]:
    """Return the meetings reported in an article's sentences, main meeting first."""
    asean = set(gazetteer.asean_members(None))
    mentions: list[MeetingMention] = []
    for view in views:
        cues = {kind: catalogue.cues[kind].find(view.toks) for kind in CUE_KINDS if kind != "reference"}
        happened = bool(cues["held"] or cues["sideline"]) or view.paragraph <= LEAD_PARAGRAPHS
        # a series named where nothing happened is no reported meeting: its name is not even looked for
        names = catalogue.names.find(view.toks) if happened else []
        references = catalogue.cues["reference"].find(view.toks) if names else []
        candidates: list[tuple[Series, int, str]] = []
        previous, previous_referred = None, False
        for m in names:
            if previous is not None and _chained(view.toks, previous.last, m.first):
                referred = previous_referred  # "ADMM và ADMM+", "Hội nghị ... (ADMM)": one mention, one status
            else:
                referred = _referred(m, references, view.toks)
            previous, previous_referred = m, referred
            if referred:
                continue
            candidates.append((catalogue.series[m.phrase.payload], m.last, view.text[m.start:m.end]))
        if cues["bilateral"] and not any(s.level == "bilateral_talks" for s, _, _ in candidates):
            cue = cues["bilateral"][0]
            candidates.append((_generic(catalogue, "bilateral_talks"), cue.last, view.text[cue.start:cue.end]))
        if cues["informal"] and _names_asean(view) and not any(s.level == "informal_meeting" for s, _, _ in candidates):
            cue = cues["informal"][0]
            candidates.append((_generic(catalogue, "informal_meeting"), cue.last, view.text[cue.start:cue.end]))
        if not candidates:
            continue
        place, host = meeting_place(view.toks, view.found, gazetteer)
        for series, end, matched in candidates:
            countries: tuple[str, ...] = ()
            if series.generic:
                series, countries = _resolve_generic(series, view, catalogue, asean)
                if series is None:
                    continue
            mentions.append(
                MeetingMention(series.id, catalogue.edition(view.toks, end), view.index, matched, countries, place, host)
            )
    return mentions


def _generic(catalogue: Catalogue, level: str) -> Series:
    found = next((s for s in catalogue.series.values() if s.generic and s.level == level), None)
    if found is None:
        raise DataFileError("meetings.yaml", f"no generic series of level '{level}'")
    return found


def _resolve_generic(series: Series, view: SentenceView, catalogue: Catalogue, asean: set[str]):
    """Return the specific series a generic mention stands for, with the countries named.

    "tiệc trà giữa các Bộ trưởng Quốc phòng ASEAN và Bộ trưởng Chiến tranh Hoa Kỳ" is the
    ASEAN–US informal meeting; "đối thoại chính sách quốc phòng" between Việt Nam and Nhật
    Bản is the Vietnam–Japan Defence Policy Dialogue.
    """
    if series.format == "asean_plus_one":
        partners = _countries(view, exclude=sorted(asean))
        if len(partners) != 1:
            return None, ()
        specific = catalogue.specific(series.format, series.level, set(partners))
        return (specific, ()) if specific else (series, ("ASEAN", partners[0]))
    named = _countries(view)
    others = [c for c in named if c != HOME]
    if not others:
        return None, ()
    pair = {HOME, others[0]}
    specific = catalogue.specific(series.format, series.level, pair)
    return (specific, ()) if specific else (series, tuple(sorted(pair)))
