"""Metadata: publisher, byline, publication date, title and photo credits of an article.

Vietnamese outlets mark their articles with a lead such as "(VTC News) -", a closing
byline such as "Thanh Tùng/Tokyo (Vietnam+)" or "Theo TTXVN", or a URL. These lines are
taken out of the body, so that they add nothing to keyword or topic counts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .dates import DateValue, find_dates
from .matcher import Phrase, PhraseMatcher, is_acronym
from .resources import data_file, fingerprint, parse_csv, read_text, split_list
from .text import tokens

SOURCE_COLUMNS = ("source", "aliases", "domains", "kind")

# "date 2025-11-01 (VTC News) -", "HÀ NỘI (TTXVN) -", "(Vietnam+) - Ngày 5/3 ..."
_LEAD = re.compile(
    r"^(?:date\s+(?P<date>\d{4}-\d{1,2}-\d{1,2})\s*)?(?:(?P<dateline>[^\W\d_][^()]{0,40}?)\s*)?"
    r"\((?P<source>[^()]{2,40})\)\s*[-–—:]\s*(?P<rest>.*)$",
    re.I,
)
_DATE_ONLY = re.compile(r"^date\s+(?P<date>\d{4}-\d{1,2}-\d{1,2})\s*[-–—:]?$", re.I)
# "Thanh Tùng/Tokyo (Vietnam+)", "(TTXVN)", "Hồng Pha (QĐND)"
_BYLINE = re.compile(r"^(?:(?P<author>[^()/\n]{2,60}?)\s*(?:/\s*(?P<dateline>[^()/\n]{2,40}?))?\s*)?\((?P<source>[^()]{2,40})\)\.?$")
# "Theo TTXVN", "Nguồn: VnExpress"
_SOURCE_LINE = re.compile(r"^(?:Theo|Nguồn\s*:)\s*(?P<source>.{2,60}?)\.?$", re.I)
# "Ảnh: TTXVN", "(Ảnh: QĐND)." — a caption's closing period may follow the parenthesis
_PHOTO = re.compile(r"\s*\(?\b(?:Ảnh|Ảnh minh họa|Nguồn ảnh)\s*:\s*(?P<credit>[^()\n]{1,40}?)\)?\.?\s*$")
_URL = re.compile(r"https?://[^\s<>\"')]+")
# "Nguồn: https://vnexpress.net/..." marks the source as a byline does: a line that is only an address
# leaves the body like a byline, so that it is never counted as a sentence or a keyword
_URL_LINE = re.compile(r"^(?:(?:Theo|Nguồn)\s*:?\s*)?https?://\S+$", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s")


@dataclass(frozen=True)
class Sources:
    """The outlets of data/sources.csv and the matchers that find their names in text.

    Some outlets are named like the institutions they write about: "Nhân Dân" is also "the
    people" ("Quân đội nhân dân"), "Hải quân Việt Nam" the navy, "Thanh Niên" the youth. Such
    a bare name (the `source` column) is read only as a whole marker, "(Nhân Dân)" or "Theo
    Thanh Niên"; in running text only the aliases ("Báo Nhân Dân", "NDO") name the outlet.
    """

    matcher: PhraseMatcher  # the aliases, for running text
    markers: PhraseMatcher  # the aliases and the bare names, for a lead, byline or "Theo ..." line
    domains: dict[str, str]
    version: str

    def name_in(self, text: str) -> str:
        """Return the outlet named by `text` as a whole ("VTC News", "Thông tấn xã Việt Nam"), or ''."""
        toks = tokens(text)
        found = self.markers.find(toks)
        if len(found) == 1 and found[0].first == 0 and found[0].last == len(toks):
            return found[0].phrase.payload
        return ""

    def named_in(self, text: str) -> list[str]:
        """Return the outlets named anywhere in `text`, in order, each once."""
        return list(dict.fromkeys(m.phrase.payload for m in self.matcher.find(tokens(text))))

    def by_url(self, url: str) -> str:
        """Return the outlet that publishes at `url`, or ''."""
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        return next((source for domain, source in self.domains.items() if host == domain or host.endswith("." + domain)), "")


def load_sources() -> Sources:
    """Return the outlets of data/sources.csv."""
    path = data_file("sources.csv")
    text = read_text(path)
    aliases, names, domains = [], [], {}
    for row in parse_csv(text, str(path), SOURCE_COLUMNS):
        aliases += [Phrase(alias, row["source"], is_acronym(alias)) for alias in split_list(row["aliases"])]
        names.append(Phrase(row["source"], row["source"], is_acronym(row["source"])))
        for domain in split_list(row["domains"]):
            domains[domain.lower()] = row["source"]
    return Sources(PhraseMatcher.of(aliases), PhraseMatcher.of(names + aliases), domains, fingerprint(text))


@dataclass
class Header:
    """What the lead and byline lines say about an article, and its body without them."""

    body: list[str]
    source: str = ""
    source_evidence: str = ""
    published: DateValue = field(default_factory=DateValue)
    author: str = ""
    dateline: str = ""
    url: str = ""
    title: str = ""
    title_origin: str = ""
    photo_credits: list[str] = field(default_factory=list)


def _published(value: str) -> DateValue:
    found = find_dates(value)
    if not found or found[0].year is None:
        return DateValue()
    d = found[0]
    return DateValue(dt.date(d.year, d.month, d.day or 1), "day", "text", value)


def _title(body: list[str]) -> tuple[str, str]:
    """Return (title, origin): a headline line is the text's own; else the first sentence, inferred."""
    if not body:
        return "", ""
    first = body[0]
    if len(first) <= 200 and not first.endswith((".", "!", "?", "…", ":", ";")):
        return first, "text"
    sentence = _SENTENCE_END.split(first, maxsplit=1)[0].rstrip(".")
    if len(sentence) > 120:
        sentence = sentence[:120].rsplit(" ", 1)[0] + "…"
    return sentence, "inferred"


def read_header(paragraphs: list[str] | tuple[str, ...], sources: Sources) -> Header:
    """Return the Header of an article: lead and byline lines taken out of the body, then read."""
    body = list(paragraphs)
    header = Header(body=body)
    for i, paragraph in enumerate(body[:3]):
        only_date = _DATE_ONLY.match(paragraph)
        lead = _LEAD.match(paragraph)
        if only_date:
            header.published = _published(only_date.group("date"))
            body[i] = ""
        elif lead and sources.name_in(lead.group("source")):
            header.source = sources.name_in(lead.group("source"))
            header.source_evidence = paragraph[: lead.start("rest")].strip()
            header.dateline = (lead.group("dateline") or "").strip()
            if lead.group("date"):
                header.published = _published(lead.group("date"))
            body[i] = lead.group("rest").strip()
            break
    if body and body[-1]:
        last = body[-1]
        byline, source_line = _BYLINE.match(last), _SOURCE_LINE.match(last)
        if byline and sources.name_in(byline.group("source")):
            header.source = header.source or sources.name_in(byline.group("source"))
            header.source_evidence = header.source_evidence or last
            header.author = (byline.group("author") or "").strip()
            header.dateline = header.dateline or (byline.group("dateline") or "").strip()
            body[-1] = ""
        elif source_line and sources.name_in(source_line.group("source")):
            header.source = header.source or sources.name_in(source_line.group("source"))
            header.source_evidence = header.source_evidence or last
            body[-1] = ""
    for i, paragraph in enumerate(body):
        url = _URL.search(paragraph)
        if url and not header.url:
            header.url = url.group(0)
            if not header.source and sources.by_url(header.url):
                header.source = sources.by_url(header.url)
                header.source_evidence = header.url
        if _URL_LINE.match(paragraph):
            body[i] = ""
            continue
        photo = _PHOTO.search(paragraph)
        if photo:
            header.photo_credits.append(photo.group("credit").strip())
            body[i] = paragraph[: photo.start()].strip()
    header.body = [p for p in body if p]
    header.title, header.title_origin = _title(header.body)
    return header


def cited_sources(header: Header, sources: Sources) -> list[str]:
    """Return the outlets the body of an article names, in order, each once, but its own source.

    Not part of the Header: matching the whole body is most of reading a header, which a build does in its
    own process for the few articles it adds, while their analysis runs on the workers.
    """
    return [s for s in sources.named_in("\n".join(header.body)) if s != header.source]
