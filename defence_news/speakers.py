"""Speakers: who says each sentence of an article, and the people and bodies it names.

The press reports speech in a few set patterns; each is a rule here, and the words are data
in `data/speakers.yaml`:
- a reporting verb whose agent stands right before it — at most MAX_GAP words away, no
  punctuation between but the comma closing an appositive — is said by that agent: a person
  ("Thượng tướng Nguyễn Tân Cương cũng nhấn mạnh ..."), a pronoun ("Ông khẳng định ...") or a
  group ("Các trưởng đoàn đều khẳng định ..."); a person after "của" owns the words and says
  nothing; verbs inside a quotation are the quoted words, not the frame;
- "Theo X, ..." is said by X ("Theo Thượng tướng Nguyễn Tân Cương, ...", "Theo đồng chí, ...");
- a quotation closed by ", X phát biểu." is said by X, over every sentence it spans;
- a sentence with no speaker of its own, right after a statement, continues it when it stays
  in the paragraph or opens with a continuation cue ("Đó là ...", "Hai là ...") and names no
  other person.
A pronoun ("Ông", "đồng chí", "Bộ trưởng" alone) is the last person who spoke; a title with a
country and no name ("Bộ trưởng Quốc phòng Nhật Bản") the last person named with both; a short
name ("ông Chiến", "Bộ trưởng Kitazawa") the person named earlier in the article whose name
begins or ends with it. People come from `data/people.csv` (curated: their name and country win)
or, when the table lacks them, from the text: the name as written and the country named in the
title ("Bộ trưởng Bộ Quốc phòng Nhật Bản Toshimi Kitazawa" → JPN). A statement's role is the one
the article gives ("Thứ trưởng Bộ Quốc phòng"), else the curated one.
Groups are speakers of kind "group": the phrase as written is the speaker, its country the one
country the phrase names ("Các quan chức Nhật Bản" → JPN), else blank ("Hai bên", "Bộ trưởng
Quốc phòng các nước ASEAN": ASEAN is no ISO3 country).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, count
from operator import attrgetter

from .gazetteer import Gazetteer
from .matcher import Match, Phrase, PhraseMatcher, is_acronym
from .meetings import SentenceView
from .resources import DataFileError, data_file, fingerprint, numbered_csv_rows, parse_yaml, read_text, split_list
from .text import Token, is_capitalised, nfc, tokens

PEOPLE_COLUMNS = ("person", "country", "roles", "aliases", "note")
LEXICON_LISTS = (
    "reporting_verbs", "not_reporting", "frames", "ranks", "offices", "honorifics", "portfolios", "pronouns",
    "group_quantifiers", "group_heads", "group_markers", "continuation_openers", "meeting_words", "possessives",
    "ministries", "not_bodies", "not_names",
)
# words between an agent and its verb: "Thượng tướng Nguyễn Tân Cương trân trọng mời"
MAX_GAP = 3
# syllables of a name: "Dato’ Astanah Abdul Aziz"
MAX_NAME = 6
# tokens a lexicon phrase may span
WINDOW = 12
OPENING_QUOTES = {"“", "«"}
CLOSING_QUOTES = {"”", "»"}
STRAIGHT_QUOTE = '"'
QUOTE_MARKS = OPENING_QUOTES | CLOSING_QUOTES | {STRAIGHT_QUOTE}
# marks inside a written name: "Dato’ Astanah", "Ahn Gyu-back"
NAME_JOINERS = {"'", "’", "-"}


@dataclass(frozen=True)
class Person:
    """A row of data/people.csv."""

    name: str
    country: str
    roles: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Statement:
    """A sentence said or reported to be said by a speaker.

    speaker_kind is "person" or "group"; how is the rule that found it: explicit, pronoun
    (a pronoun or a title without a name, resolved to a person named before), continuation
    or quote.
    """

    sentence_index: int
    speaker: str
    speaker_kind: str
    speaker_country: str
    role: str
    how: str
    matched: str


@dataclass(frozen=True)
class Named:
    """A person or organisation named in a sentence: kind is person, ministry or body.

    origin is "curated" for people of data/people.csv and bodies of data/speakers.yaml, "text"
    for the others.
    """

    kind: str
    name: str
    country: str
    roles: tuple[str, ...]
    matched: str
    sentence_index: int
    start: int
    end: int
    origin: str


@lru_cache(maxsize=1 << 14)
def name_key(name: str) -> tuple[str, ...]:
    """Return the match key of a name: its syllables case-folded, marks dropped ("Dato' A" = "Dato’ A")."""
    return tuple(t.key for t in _phrase_tokens(name) if t.text[0].isalnum())


@lru_cache(maxsize=1 << 14)
def _phrase_tokens(phrase: str) -> tuple[Token, ...]:
    """Return the tokens of a lexicon phrase or name, memoised: the same few are read again in every sentence."""
    return tuple(tokens(nfc(phrase)))


def _at(matcher: PhraseMatcher, toks: Sequence[Token], i: int) -> Match | None:
    """Return the longest phrase of `matcher` that starts at token i."""
    return matcher.at(toks, i, WINDOW)


def _written_alike(match: Match, toks: Sequence[Token]) -> bool:
    """True when every capitalised word of the phrase is capitalised in the text ("Koizumi", not "koizumi")."""
    words = _phrase_tokens(match.phrase.text)
    return all(not is_capitalised(w.text) or is_capitalised(t.text)
               for w, t in zip(words, toks[match.first : match.last]))


def _is_name_word(tok: Token) -> bool:
    return tok.text[0].isalpha() and is_capitalised(tok.text)


def _words(parsed: dict, name: str, file: str) -> list[str]:
    value = parsed.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataFileError(file, f"'{name}' must be a list of phrases")
    return [v.strip() for v in value if v.strip()]


class SpeakerRules:
    """The words of data/speakers.yaml and the people of data/people.csv, with their matchers."""

    def __init__(self, lexicon: dict, lexicon_file: str, people: list[Person], countries: set[str], version: str):
        self.version = version
        words = {name: _words(lexicon, name, lexicon_file) for name in LEXICON_LISTS}
        self.verbs = PhraseMatcher.of([Phrase(v, "verb") for v in words["reporting_verbs"]]
                                      + [Phrase(v) for v in words["not_reporting"]])
        self.frames = PhraseMatcher.of(Phrase(w, "frame") for w in words["frames"])
        self.titles = PhraseMatcher.of(
            [Phrase(w, "rank") for w in words["ranks"]] + [Phrase(w, "office") for w in words["offices"]]
            + [Phrase(w, "honorific") for w in words["honorifics"]]
        )
        self.portfolios = PhraseMatcher.of([Phrase(w, "portfolio") for w in words["portfolios"]]
                                           + [Phrase(w, "ministry") for w in words["ministries"]])
        self.ministries = PhraseMatcher.of(Phrase(w, w) for w in words["ministries"])
        self.pronouns = {name_key(p) for p in words["pronouns"]}
        self.quantifiers = PhraseMatcher.of(Phrase(w, "quantifier") for w in words["group_quantifiers"])
        self.group_heads = PhraseMatcher.of(Phrase(w, "head") for w in words["group_heads"])
        self.group_markers = PhraseMatcher.of(Phrase(w, "marker") for w in words["group_markers"])
        self.openers = PhraseMatcher.of(Phrase(w, "opener") for w in words["continuation_openers"])
        self.mention_openers = self.quantifiers.first_keys() | self.titles.first_keys()
        self.meeting_words = {name_key(w) for w in words["meeting_words"]}
        self.possessives = {name_key(w) for w in words["possessives"]}
        self.not_names = PhraseMatcher.of(Phrase(w, "not_name") for w in words["not_names"])
        self.body_countries: dict[str, str] = {}
        phrases = []
        for position, body in enumerate(lexicon.get("bodies") or [], 1):
            if not isinstance(body, dict) or not str(body.get("name") or "").strip():
                raise DataFileError(lexicon_file, f"body number {position} has no 'name'")
            name, country = str(body["name"]).strip(), str(body.get("country") or "").strip()
            if country and country not in countries:
                raise DataFileError(lexicon_file, f"body '{name}': unknown country '{country}' "
                                    "(ISO3 of data/countries.csv, or blank)")
            self.body_countries[name] = country
            for form in [name, *(str(a) for a in body.get("aliases") or [])]:
                phrases.append(Phrase(form, name, is_acronym(form)))
        self.bodies = PhraseMatcher.of(phrases + [Phrase(w) for w in words["not_bodies"]])

        self.people = {p.name: p for p in people}
        self._by_key: dict[tuple[str, ...], Person] = {}
        untitled = []
        for p in people:
            for form in (p.name, *p.aliases):
                self._by_key[name_key(form)] = p
                # "ông Chiến" is found with its title; "Koizumi" and "Pete Hegseth" anywhere
                if _at(self.titles, tokens(nfc(form)), 0) is None:
                    untitled.append(Phrase(form, p.name))
                    untitled += [Phrase(form.replace(a, b), p.name)
                                 for a, b in (("'", "’"), ("’", "'")) if a in form]
        self.names = PhraseMatcher.of(untitled)

    def person(self, written: str) -> Person | None:
        """Return the curated person whose name or alias is `written`."""
        return self._by_key.get(name_key(written))

    def person_ending(self, short: tuple[str, ...]) -> Person | None:
        """Return the one curated person whose name begins or ends with the short name, if only one does."""
        matches = {p.name: p for p in self.people.values() if _begins_or_ends(name_key(p.name), short)}
        return next(iter(matches.values())) if len(matches) == 1 else None


def _begins_or_ends(full: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """True when `short` is the first or last syllables of `full`.

    "Chiến" of "Hoàng Xuân Chiến", "Kano" of "Kano Koji".
    """
    n = len(short)
    return 0 < n <= len(full) and (full[:n] == short or full[-n:] == short)


def parse_people(text: str, file: str, countries: set[str]) -> list[Person]:
    """Return the people of a people.csv text; raises DataFileError naming the file, line and problem."""
    people: list[Person] = []
    owner: dict[tuple[str, ...], str] = {}
    for line, row in numbered_csv_rows(text, file, PEOPLE_COLUMNS):
        if not row["person"]:
            raise DataFileError(file, "the 'person' cell is empty", line)
        if row["country"] and row["country"] not in countries:
            raise DataFileError(file, f"unknown country '{row['country']}' (ISO3 of data/countries.csv, or blank)",
                                line)
        person = Person(nfc(row["person"]), row["country"], tuple(nfc(r) for r in split_list(row["roles"])),
                        tuple(nfc(a) for a in split_list(row["aliases"])))
        for form in (person.name, *person.aliases):
            other = owner.setdefault(name_key(form), person.name)
            if other != person.name:
                raise DataFileError(file, f"'{form}' names both {other} and {person.name}", line)
        people.append(person)
    return people


def load_speaker_rules(gazetteer: Gazetteer) -> SpeakerRules:
    """Return the speaker rules of data/speakers.yaml and data/people.csv."""
    lexicon_path, people_path = data_file("speakers.yaml"), data_file("people.csv")
    lexicon_text, people_text = read_text(lexicon_path), read_text(people_path)
    countries = set(gazetteer.countries)
    return SpeakerRules(
        parse_yaml(lexicon_text, str(lexicon_path)), str(lexicon_path),
        parse_people(people_text, str(people_path), countries), countries, fingerprint(lexicon_text, people_text),
    )


@dataclass
class _Role:
    """An office or rank as written: "Bộ trưởng Bộ Quốc phòng Nhật Bản", "Đại tướng"."""

    text: str  # without the country: "Bộ trưởng Bộ Quốc phòng"
    title: tuple[str, ...]  # the office's own words: ("bộ", "trưởng")
    rank: bool
    appositive: bool
    country: str
    last: int
    group: bool
    ministries: list[Match]
    country_at: int | None  # the token where the country begins


@dataclass
class _Mention:
    """Who a span of a sentence names: a person, a pronoun, a title without a name (role) or a group."""

    kind: str
    first: int
    last: int  # appositives included: "Thượng tướng Nguyễn Tân Cương, ..., Thứ trưởng Bộ Quốc phòng"
    written: str  # titles and name, appositives left out
    end: int
    short_start: int  # where the short form begins: the title right before the name, or the name
    name: str = ""
    roles: list[_Role] = field(default_factory=list)
    country: str = ""  # a group's
    person: str = ""  # the person it resolves to


@dataclass
class _Known:
    """A person named in the article so far."""

    name: str
    origin: str
    countries: list[str] = field(default_factory=list)
    offices: list[str] = field(default_factory=list)
    ranks: list[str] = field(default_factory=list)


class _Sentence:
    """One sentence's tokens, with the countries the gazetteer found, by token."""

    def __init__(self, view: SentenceView):
        self.view = view
        self.toks = view.toks
        by_start = dict(zip(map(attrgetter("start"), self.toks), count()))
        by_end = dict(zip(map(attrgetter("end"), self.toks), count()))
        self.countries = {
            by_start[f.start]: (f.key, by_end[f.end] + 1)
            for f in view.found if f.kind == "country" and f.start in by_start and f.end in by_end
        }

    def span(self, first: int, last: int) -> str:
        """Return the text of tokens [first, last) as written."""
        return self.view.text[self.toks[first].start : self.toks[last - 1].end]


@dataclass(frozen=True)
class ArticleSpeakers:
    """What `find_speakers` returns for one article: its statements, and who and what it names."""

    statements: list[Statement]
    named: list[Named]


@dataclass(frozen=True)
class _Said:
    """Who says a sentence, before the whole article tells a person's country and role."""

    speaker: str
    kind: str
    how: str
    matched: str
    country: str  # a group's; a person's is read from the whole article at the end


class _Article:
    """Reads one article's sentences in order, remembering who was named and who spoke."""

    def __init__(self, rules: SpeakerRules, gazetteer: Gazetteer):
        self.rules = rules
        self.gazetteer = gazetteer
        self.known: dict[str, _Known] = {}  # in the order last named
        self.last_speaker = ""

    # --- mentions -------------------------------------------------------------------------------------------
    def role(self, s: _Sentence, i: int, appositive: bool) -> _Role | None:
        """Return the office or rank at token i with what qualifies it, or None.

        After an office come portfolios, ministries, acronyms and a country ("Bộ trưởng Chiến tranh Hoa
        Kỳ", "Phó Tổng thư ký ASEAN"); in an appositive also capitalised words ("Ủy viên Trung ương
        Đảng"), which before a name are the name.
        """
        toks, r = s.toks, self.rules
        title = _at(r.titles, toks, i)
        if title is None or title.phrase.payload == "honorific":
            return None
        j = end = title.last
        country, country_at, group, ministries = "", None, False, []
        while title.phrase.payload == "office" and j < len(toks):
            portfolio = _at(r.portfolios, toks, j)
            if portfolio is not None:
                if portfolio.phrase.payload == "ministry":
                    ministries.append(portfolio)
                j = end = portfolio.last
            elif j in s.countries:
                country_at = j
                country, j = s.countries[j]
                break
            elif (marker := _at(r.group_markers, toks, j)) is not None:
                group, j = True, marker.last
                if j in s.countries:
                    j = s.countries[j][1]
                elif j < len(toks) and is_acronym(toks[j].text):
                    j += 1
                break
            elif is_acronym(toks[j].text) or (appositive and _is_name_word(toks[j])):
                j = end = j + 1
            else:
                break
        return _Role(s.span(i, end), tuple(t.key for t in toks[title.first : title.last]),
                     title.phrase.payload == "rank", appositive, country, j, group, ministries, country_at)

    def group(self, s: _Sentence, i: int) -> _Mention | None:
        """Return a group at token i: "Các Bộ trưởng", "Hai bên", "Các trưởng đoàn", "hai nhà lãnh đạo"."""
        toks, r = s.toks, self.rules
        quantifier = _at(r.quantifiers, toks, i)
        head = _at(r.group_heads, toks, quantifier.last) if quantifier else None
        if head is None:
            return None
        j, country = head.last, ""
        while j < len(toks):
            portfolio = _at(r.portfolios, toks, j) or _at(r.group_markers, toks, j)
            if portfolio is not None:
                j = portfolio.last
            elif j in s.countries:
                country, j = s.countries[j]
                break
            elif is_acronym(toks[j].text):
                j += 1
            else:
                break
        return self._group_mention(s, i, j, country)

    def _group_mention(self, s: _Sentence, first: int, last: int, country: str) -> _Mention:
        written = s.span(first, last)
        phrase = written[:1].upper() + written[1:]
        return _Mention("group", first, last, written, s.toks[last - 1].end, s.toks[first].start, phrase,
                        country=country)

    def chain(self, s: _Sentence, i: int) -> _Mention | None:
        """Return the titles at token i and the name after them, if any.

        "Đồng chí Thượng tướng Hoàng Xuân Chiến" and "ông Kano" are people; "Ông", "đồng chí" and
        "Bộ trưởng" alone are pronouns; "Bộ trưởng Quốc phòng Nhật Bản" is a role to resolve;
        "Bộ trưởng Quốc phòng các nước ASEAN" is a group.
        """
        toks, r = s.toks, self.rules
        j, roles, short = i, [], i
        while j < len(toks):
            title = _at(r.titles, toks, j)
            if title is None:
                break
            if title.phrase.payload == "honorific":
                short, j = j, title.last
                continue
            role = self.role(s, j, appositive=False)
            if role.group:
                return self._group_mention(s, i, role.last, "")
            roles.append(role)
            # "Bộ trưởng Kitazawa" is a short form of a name; "Bộ trưởng Bộ Quốc phòng Nhật Bản Toshimi
            # Kitazawa" is not
            short = j if role.last == title.last else role.last
            j = role.last
        if j == i:
            return None
        k = j
        while k < len(toks) and k - j < MAX_NAME and k not in s.countries and _at(r.not_names, toks, k) is None:
            if _is_name_word(toks[k]):
                k += 1
            elif toks[k].text in NAME_JOINERS and k > j and k + 1 < len(toks) and _is_name_word(toks[k + 1]):
                k += 1
            else:
                break
        written, end = s.span(i, k), toks[k - 1].end
        if k > j:
            return _Mention("person", i, k, written, end, toks[short].start, s.span(j, k), roles)
        if name_key(written) in r.pronouns:
            return _Mention("pronoun", i, j, written, end, toks[i].start)
        if any(not role.rank for role in roles):
            return _Mention("role", i, j, written, end, toks[i].start, roles=roles)
        return None

    def appositives(self, s: _Sentence, m: _Mention) -> None:
        """Extend a person with the titles after a comma.

        "Ông Hoàng Xuân Chiến, Thứ trưởng Bộ Quốc phòng Việt Nam, và ông Kano Koji, ..."
        """
        k = m.last
        while k + 1 < len(s.toks) and s.toks[k].key == ",":
            role = self.role(s, k + 1, appositive=True)
            if role is None or role.group:
                break
            m.roles.append(role)
            k = role.last
        m.last = k

    def _starts_clause(self, s: _Sentence, i: int) -> bool:
        """True at a sentence's or clause's start, or after "theo": where "Ông" or "đồng chí" can be a subject."""
        if i == 0 or not s.toks[i - 1].text[0].isalnum():
            return True
        return _at(self.rules.frames, s.toks, i - 1) is not None

    @staticmethod
    def _after(s: _Sentence, i: int, words: set[tuple[str, ...]]) -> bool:
        """True when one of `words` ends right before token i."""
        return any(i >= n and tuple(t.key for t in s.toks[i - n : i]) in words for n in (1, 2, 3))

    def mentions(self, s: _Sentence) -> list[_Mention]:
        """Return the people, pronouns, roles and groups a sentence names, in order, people resolved."""
        r = self.rules
        untitled = {m.first: m for m in r.names.find(s.toks) if _written_alike(m, s.toks)}
        # a mention opens with a group's quantifier, a title or a name of the table: other tokens are passed by
        opens = sorted({*compress(count(), map(r.mention_openers.__contains__, map(attrgetter("key"), s.toks))),
                        *untitled})
        found: list[_Mention] = []
        free = 0
        for i in opens:
            if i < free:
                continue
            m = self.group(s, i) or self.chain(s, i)
            # "Hội nghị Bộ trưởng Quốc phòng các nước ASEAN", "Cuộc gặp không chính thức Bộ trưởng ...": a meeting
            if m is not None and m.kind != "person" and self._after(s, i, self.rules.meeting_words):
                m = None
            if m is not None and m.kind == "pronoun" and not self._starts_clause(s, i):
                m = None
            if m is None and i in untitled:
                name = untitled[i]
                written = s.span(name.first, name.last)
                m = _Mention("person", name.first, name.last, written, name.end, name.start, written)
            if m is None:
                continue
            if m.kind == "person":
                self.appositives(s, m)
                self.resolve(m)
            found.append(m)
            free = m.last
        return self._coordinated(s, found)

    def _coordinated(self, s: _Sentence, found: list[_Mention]) -> list[_Mention]:
        """Join a title to the group after it: "Bộ trưởng Quốc phòng, lãnh đạo Bộ Quốc phòng các nước ASEAN"."""
        out: list[_Mention] = []
        for m in found:
            before = out[-1] if out else None
            if (m.kind == "group" and before is not None and before.kind in ("role", "pronoun")
                    and before.last + 1 == m.first and s.toks[before.last].key in {",", "và"}):
                out[-1] = self._group_mention(s, before.first, m.last, m.country)
            else:
                out.append(m)
        return out

    # --- who is who -----------------------------------------------------------------------------------------
    def resolve(self, m: _Mention) -> None:
        """Set the person a named mention stands for; remember the person with the mention's titles.

        In order: a curated name or alias ("Phan Văn Giang", "Koizumi"); a person named earlier
        in the article whose name begins or ends with it ("ông Chiến", "ông Kano"); a curated
        alias with its title ("Bộ trưởng Kitazawa"); the one curated person whose name begins or
        ends with it; else a new person, as written.
        """
        short = name_key(m.name)
        curated = self.rules.person(m.name)
        earlier = next((k for k in reversed(self.known.values()) if _begins_or_ends(name_key(k.name), short)), None)
        if curated is None and earlier is None:
            curated = self.rules.person(m.written) or self.rules.person_ending(short)
        if curated is not None:
            name, origin = curated.name, "curated"
        elif earlier is not None:
            name, origin = earlier.name, earlier.origin
        else:
            name, origin = m.name, "text"
        known = self.known.pop(name, None) or _Known(name, origin)
        self.known[name] = known
        m.person = name
        known.countries += [r.country for r in m.roles if r.country][:1]
        first_office = next((r.text for r in m.roles if not r.rank and not r.appositive), "")
        last_office = next((r.text for r in reversed(m.roles) if not r.rank and r.appositive), "")
        if first_office or last_office:
            known.offices.append(first_office or last_office)
        known.ranks += [r.text for r in m.roles if r.rank]

    def country_of(self, name: str) -> str:
        """Return a person's country: the curated one, else the first the article names."""
        curated = self.rules.people.get(name)
        if curated is not None and curated.country:
            return curated.country
        known = self.known.get(name)
        return known.countries[0] if known and known.countries else ""

    def role_of(self, name: str) -> str:
        """Return the role the article gives a person: its first office, else rank, else the curated role."""
        known = self.known.get(name)
        curated = self.rules.people.get(name)
        for roles in (known.offices if known else [], known.ranks if known else [],
                      list(curated.roles) if curated else []):
            if roles:
                return roles[0]
        return ""

    def referent(self, m: _Mention) -> str:
        """Return the person a pronoun or a title without a name stands for, or "".

        "Ông khẳng định" is the last person who spoke (else the last named); "Bộ trưởng Quốc phòng
        Nhật Bản" the last person named with that country and office.
        """
        if m.kind == "pronoun":
            return self.last_speaker or next(reversed(self.known), "")
        for role in m.roles:
            if role.rank or not role.country:
                continue
            for known in reversed(self.known.values()):
                curated = self.rules.people.get(known.name)
                offices = [*known.offices, *(curated.roles if curated else ())]
                if self.country_of(known.name) == role.country and any(
                        name_key(o)[: len(role.title)] == role.title for o in offices):
                    return known.name
        return ""

    # --- statements -----------------------------------------------------------------------------------------
    def agent(self, s: _Sentence, mentions: list[_Mention], quoted: list[bool]) -> _Mention | None:
        """Return who the sentence reports speaking: "Theo X, ..." or the agent of the first reporting verb."""
        candidates = []
        for m in mentions:
            after = s.toks[m.last].key if m.last < len(s.toks) else "."
            if (m.first > 0 and not quoted[m.first] and _at(self.rules.frames, s.toks, m.first - 1) is not None
                    and not after[0].isalnum()):
                candidates.append((m.first, m))
        for verb in self.rules.verbs.find(s.toks):
            if quoted[verb.first]:
                continue
            agent = self._before(s, mentions, verb.first)
            if agent is not None:
                candidates.append((verb.first, agent))
                break
        return min(candidates, key=lambda c: c[0])[1] if candidates else None

    def _before(self, s: _Sentence, mentions: list[_Mention], at: int) -> _Mention | None:
        """Return the agent of the verb at token `at`: the mention right before it, or None.

        At most MAX_GAP words may stand between, and no punctuation but the comma that closes an
        appositive ("Thiếu tướng Lê Văn Hùng, Thứ trưởng Bộ Quốc phòng Việt Nam, đề nghị ..."). A
        person after "của" owns what is said and does not say it: "chuyển lời mời của Đại tướng
        Phùng Quang Thanh, Bộ trưởng Bộ Quốc phòng Việt Nam, mời Bộ trưởng Kitazawa ...".
        """
        m = next((m for m in reversed(mentions) if m.last <= at), None)
        if m is None or self._after(s, m.first, self.rules.possessives):
            return None
        gap = s.toks[m.last : at]
        if gap and gap[0].key == "," and any(r.appositive for r in m.roles):
            gap = gap[1:]
        return m if len(gap) <= MAX_GAP and all(t.text[0].isalnum() for t in gap) else None

    def speaker(self, m: _Mention) -> _Said | None:
        """Return who an agent is, or None when a pronoun has no one to stand for."""
        if m.kind == "group":
            return _Said(m.name, "group", "explicit", m.written, m.country)
        if m.kind == "person":
            return _Said(m.person, "person", "explicit", m.written, "")
        person = self.referent(m)
        return _Said(person, "person", "pronoun", m.written, "") if person else None

    def quotation_speaker(self, s: _Sentence, mentions: list[_Mention], close: int) -> _Mention | None:
        """Return X of "“...”, X phát biểu." after the closing mark at token `close`."""
        k = close + 1 + (close + 1 < len(s.toks) and s.toks[close + 1].key == ",")
        m = next((m for m in mentions if m.first == k), None)
        if m is None:
            return None
        verb = next((v for v in self.rules.verbs.find(s.toks) if v.first >= m.last), None)
        if verb is None or self._before(s, [m], verb.first) is not m:
            return None
        return m if all(not t.text[0].isalnum() for t in s.toks[verb.last :]) else None


def _quotes(toks: Sequence[Token], open_at_start: bool) -> tuple[list[bool], int | None, bool]:
    """Return which tokens are quoted, the last closing mark, and whether a quotation stays open."""
    if not open_at_start and QUOTE_MARKS.isdisjoint(map(attrgetter("text"), toks)):
        return [False] * len(toks), None, False
    inside, quoted, close = open_at_start, [], None
    for i, t in enumerate(toks):
        if t.text in OPENING_QUOTES or (t.text == STRAIGHT_QUOTE and not inside):
            inside = True
            quoted.append(True)
        elif t.text in CLOSING_QUOTES or (t.text == STRAIGHT_QUOTE and inside):
            quoted.append(True)
            inside, close = False, i
        else:
            quoted.append(inside)
    return quoted, close, inside


def find_speakers(views: Sequence[SentenceView], rules: SpeakerRules, gazetteer: Gazetteer) -> ArticleSpeakers:
    """Return the statements of an article's sentences and the people and bodies they name."""
    article = _Article(rules, gazetteer)
    said: dict[int, _Said] = {}
    worded: set[int] = set()
    read: list[tuple[_Sentence, list[_Mention]]] = []
    quote_from: int | None = None
    previous: SentenceView | None = None
    for view in views:
        s = _Sentence(view)
        mentions = article.mentions(s)
        read.append((s, mentions))
        open_before = quote_from is not None
        quoted, close, still_open = _quotes(s.toks, open_before)
        if quote_from is None and any(quoted):
            quote_from = view.index
        before = said.get(previous.index) if previous is not None else None
        agent = article.agent(s, mentions, quoted)
        spoken = article.speaker(agent) if agent is not None else None
        # a closing mark alone ("”") or "/." is cut as a sentence of its own, and says nothing
        if any(t.text[0].isalpha() for t in s.toks):
            worded.add(view.index)
            if spoken is not None:
                said[view.index] = spoken
            elif before is not None and open_before:
                # a quotation opened after "X phát biểu:" goes on in this sentence
                said[view.index] = _Said(before.speaker, before.kind, "quote", "", before.country)
            elif before is not None and _continues(article, s, mentions, previous, quoted):
                said[view.index] = _Said(before.speaker, before.kind, "continuation", "", before.country)
        closer = article.quotation_speaker(s, mentions, close) if close is not None else None
        spoken = article.speaker(closer) if closer is not None else None
        if spoken is not None:
            # "“Việt Nam luôn chủ trương ... bất đồng. Ví dụ như ...”, Thượng tướng Nguyễn Tân Cương phát biểu."
            for index in sorted(worded & set(range(quote_from, view.index + 1))):
                said[index] = _Said(spoken.speaker, spoken.kind, "quote",
                                    spoken.matched if index == view.index else "", spoken.country)
        if not still_open:
            quote_from = None
        if view.index in said and said[view.index].kind == "person":
            article.last_speaker = said[view.index].speaker
        previous = view
    statements = [
        Statement(index, x.speaker, x.kind,
                  article.country_of(x.speaker) if x.kind == "person" else x.country,
                  article.role_of(x.speaker) if x.kind == "person" else "", x.how, x.matched)
        for index, x in sorted(said.items())
    ]
    return ArticleSpeakers(statements, [n for s, mentions in read for n in _named(article, s, mentions)])


def _continues(article: _Article, s: _Sentence, mentions: list[_Mention], previous: SentenceView,
               quoted: list[bool]) -> bool:
    """True when a sentence without a speaker goes on with the statement right before it."""
    if any(m.kind == "person" and not quoted[m.first] for m in mentions):
        return False
    return previous.paragraph == s.view.paragraph or _at(article.rules.openers, s.toks, 0) is not None


def _named(article: _Article, s: _Sentence, mentions: list[_Mention]) -> list[Named]:
    """Return the people, ministries and bodies one sentence names.

    A ministry names its country when one follows it ("Bộ Quốc phòng Nhật Bản"), or, inside a
    person's title, the person's country ("Thứ trưởng Bộ Quốc phòng" of a Vietnamese general);
    a ministry of no country ("lãnh đạo Bộ Quốc phòng các nước ASEAN") is left out.
    """
    index = s.view.index
    named, covered = [], set()
    for m in mentions:
        if m.kind == "person":
            named.append(Named("person", m.person, article.country_of(m.person), tuple(r.text for r in m.roles),
                               s.view.text[m.short_start : m.end], index, m.short_start, m.end,
                               article.known[m.person].origin))
        for role in m.roles:
            for ministry in role.ministries:
                covered.add(ministry.first)
                country = role.country or (article.country_of(m.person) if m.kind == "person" else "")
                last = role.last if role.country_at == ministry.last else ministry.last
                if country:
                    named.append(_ministry(article, s, ministry, country, last))
    for ministry in article.rules.ministries.find(s.toks):
        if ministry.first not in covered and ministry.last in s.countries:
            country, last = s.countries[ministry.last]
            named.append(_ministry(article, s, ministry, country, last))
    for body in article.rules.bodies.find(s.toks):
        if _written_alike(body, s.toks):
            named.append(Named("body", body.phrase.payload, article.rules.body_countries[body.phrase.payload], (),
                               s.span(body.first, body.last), index, body.start, body.end, "curated"))
    return sorted(named, key=lambda n: (n.start, n.kind))


def _ministry(article: _Article, s: _Sentence, ministry: Match, country: str, last: int) -> Named:
    name = f"{ministry.phrase.text} {article.gazetteer.countries[country].name_vi}"
    return Named("ministry", name, country, (), s.span(ministry.first, last), s.view.index, ministry.start,
                 s.toks[last - 1].end, "text")
