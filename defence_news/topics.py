"""Topics: the bilingual lexicon in `data/topics.yaml` and its hits in sentences.

Terms are matched on whole syllables, case-insensitively (acronyms such as "IUU" keep
their case), the longest term across all topics wins and overlapping terms count once:
"gìn giữ hòa bình" (peacekeeping) is one hit of `peacekeeping`, while the bare "hòa bình"
(peace) is no topic at all.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from .matcher import Phrase, PhraseMatcher
from .resources import DataFileError, data_file, fingerprint, parse_yaml, read_text
from .text import Token, case_key, phrase_keys, tokens

TERM_FIELDS = ("terms_vi", "terms_en", "acronyms", "exclusions")


@dataclass(frozen=True)
class Topic:
    id: str
    label_vi: str
    label_en: str
    definition_vi: str
    definition_en: str
    terms_vi: tuple[str, ...]
    terms_en: tuple[str, ...]
    acronyms: tuple[str, ...]
    exclusions: tuple[str, ...]


class TopicHit(NamedTuple):
    """One hit of a topic in a sentence (a tuple: a lexicon edit makes tens of thousands at once)."""

    topic: str
    matched: str
    start: int
    end: int


class TopicLexicon:
    """The topics, in file order, with one matcher over all their terms."""

    def __init__(self, topics: list[Topic], version: str):
        self.topics = {t.id: t for t in topics}
        self.version = version
        phrases = []
        for t in topics:
            phrases += [Phrase(term, t.id) for term in (*t.terms_vi, *t.terms_en)]
            phrases += [Phrase(term, t.id, case_sensitive=True) for term in t.acronyms]
        # exclusions last, so that a phrase listed as an exclusion is never a term
        phrases += [Phrase(term) for t in topics for term in t.exclusions]
        self.phrases = tuple(phrases)
        self.matcher = PhraseMatcher.of(phrases)

    def find(self, toks: Sequence[Token], sentence: str) -> list[TopicHit]:
        """Return the topic hits of a tokenised sentence, in order."""
        return [TopicHit(m.phrase.payload, sentence[m.start:m.end], m.start, m.end) for m in self.matcher.find(toks)]

    def looked_up(self) -> dict[tuple[bool, tuple[str, ...]], str | None]:
        """Return what the matcher looks up: (case-sensitive, token keys) → topic, None for an exclusion.

        As in the matcher, a later phrase with the same tokens replaces an earlier one.
        """
        entries = ((p.case_sensitive, phrase_keys(p.text, p.case_sensitive), p.payload) for p in self.phrases)
        return {(case_sensitive, keys): topic for case_sensitive, keys, topic in entries if keys}

    def entries(self) -> list[dict]:
        """Return the topics as the entries of data/topics.yaml: id, labels, definitions and term lists."""
        return [{k: (list(v) if isinstance(v, tuple) else v) for k, v in t.__dict__.items()}
                for t in self.topics.values()]

    def to_yaml(self) -> str:
        """Return the lexicon as YAML in the shape of data/topics.yaml."""
        return _yaml(self.entries(), width=100)


def _yaml(entries: list[dict], **options) -> str:
    """Return topic entries as the YAML of data/topics.yaml; written by libyaml when PyYAML has it:
    the same text, five times faster."""
    return yaml.dump({"version": 1, "topics": entries}, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                     allow_unicode=True, sort_keys=False, **options)


def _id_lines(text: str) -> dict[str, int]:
    """Return the line number of each topic id written in YAML `text` (the first, when written twice)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().lstrip("- ").startswith("id:"):
            lines.setdefault(line.split(":", 1)[1].strip().strip("'\""), number)
    return lines


def parse_lexicon(text: str, file: str) -> TopicLexicon:
    """Return the lexicon in YAML `text`; raises DataFileError naming the file, line and problem."""
    parsed = parse_yaml(text, file)
    entries = parsed.get("topics")
    if not isinstance(entries, list) or not entries:
        raise DataFileError(file, "expected a non-empty list under 'topics:'")
    topics: list[Topic] = []
    id_lines = _id_lines(text)
    for position, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"].strip():
            raise DataFileError(file, f"topic number {position} has no 'id'")
        topic_id = entry["id"].strip()
        line = id_lines.get(topic_id)
        if topic_id in {t.id for t in topics}:
            raise DataFileError(file, f"topic '{topic_id}' is defined twice", line)
        lists = {}
        for field in TERM_FIELDS:
            value = entry.get(field) or []
            if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
                raise DataFileError(file, f"topic '{topic_id}': '{field}' must be a list of words", line)
            lists[field] = tuple(str(v).strip() for v in value if str(v).strip())
        if not (lists["terms_vi"] or lists["terms_en"] or lists["acronyms"]):
            raise DataFileError(file, f"topic '{topic_id}' has no terms", line)
        topics.append(
            Topic(
                id=topic_id,
                label_vi=str(entry.get("label_vi") or topic_id),
                label_en=str(entry.get("label_en") or topic_id),
                definition_vi=str(entry.get("definition_vi") or ""),
                definition_en=str(entry.get("definition_en") or ""),
                **lists,
            )
        )
    return TopicLexicon(topics, fingerprint(text))


MENTION_COLUMNS = ["article_id", "kind", "key", "matched", "sentence_index", "start", "end"]


def count_topics(sentences: pd.DataFrame, lexicon: TopicLexicon) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (mentions, topic_counts) of `lexicon` in stored sentences, without segmenting them again.

    After a lexicon edit, this matches the cached sentences (the store's `sentences` table:
    article_id, sentence_index, sentence) with the new lexicon, the way a build does, and
    redoes nothing else.
    mentions: see find_topics
    topic_counts: article_id, topic, label_vi, label_en, hits (topics with no hit in an article have no row)
    """
    mentions, _ = find_topics(sentences, lexicon)
    return mentions, topic_counts(mentions, lexicon)


def find_topics(sentences: pd.DataFrame, lexicon: TopicLexicon) -> tuple[pd.DataFrame, list[str]]:
    """Return the topic mentions of `lexicon` in stored sentences (article_id, sentence_index, sentence)
    and, for each sentence, its topics: their ids in reading order, each once, joined by ";" (as
    assemble.statements_with_topics gives a statement's).

    mentions: article_id, kind ("topic"), key (the topic), matched, sentence_index, start, end
    """
    # a sentence written alike in several articles (a wire story reprinted) is matched once
    texts, distinct = pd.factorize(sentences["sentence"])
    found = [lexicon.find(tokens(text), text) for text in distinct.tolist()]
    # each sentence's hits are those of its text, taken by position: no Python object per mention
    # (tens of thousands of them would set off a full pass of the garbage collector)
    per_text = np.array([len(hits) for hits in found], dtype=np.int64)
    per_sentence = per_text[texts]
    sentence = np.repeat(np.arange(len(texts)), per_sentence)
    # the position of a sentence's first hit among its text's, then among all texts'
    shift = (np.cumsum(per_text) - per_text)[texts] - (np.cumsum(per_sentence) - per_sentence)
    picked = pd.DataFrame([hit for hits in found for hit in hits], columns=list(TopicHit._fields)).iloc[
        np.arange(len(sentence)) + np.repeat(shift, per_sentence)]
    mentions = pd.DataFrame({"article_id": sentences["article_id"].array.take(sentence), "kind": "topic",
                             "key": picked["topic"].array, "matched": picked["matched"].array,
                             "sentence_index": sentences["sentence_index"].to_numpy()[sentence],
                             "start": picked["start"].to_numpy(), "end": picked["end"].to_numpy()})
    topics = [";".join(dict.fromkeys(hit.topic for hit in hits)) for hits in found]
    return mentions, [topics[text] for text in texts]


def topic_counts(mentions: pd.DataFrame, lexicon: TopicLexicon) -> pd.DataFrame:
    """Return the topic_counts of topic mentions: article_id, topic, label_vi, label_en, hits."""
    # counted on codes: grouping the strings of a corpus's hundreds of thousands of mentions is slower
    articles, article_ids = pd.factorize(mentions["article_id"], sort=True)
    keys, topics = pd.factorize(mentions["key"], sort=True)
    hits = np.bincount(articles * len(topics) + keys, minlength=len(article_ids) * len(topics))
    pairs = np.flatnonzero(hits)
    article, topic = np.divmod(pairs, max(len(topics), 1))
    hits = hits[pairs]
    # the order of the build's topic_counts: each article's most frequent topics first (the pairs
    # are by article, then topic)
    order = np.argsort(article * (int(hits.max(initial=0)) + 1) - hits, kind="stable")
    article, topic = article[order], topic[order]
    return pd.DataFrame({
        "article_id": article_ids.take(article),
        "topic": topics.take(topic),
        "label_vi": topics.map({t.id: t.label_vi for t in lexicon.topics.values()}).take(topic),
        "label_en": topics.map({t.id: t.label_en for t in lexicon.topics.values()}).take(topic),
        "hits": hits[order],
    })


def changed_phrases(old: TopicLexicon, new: TopicLexicon) -> set[tuple[str, ...]]:
    """Return the token keys of the phrases `new` matches otherwise than `old`: terms and exclusions
    added, removed or moved to another topic (a topic added or removed adds or removes its terms).

    The matcher reads a sentence by looking up its runs of tokens, so a sentence that holds none
    of these phrases is read the same way by both lexicons, hit for hit; labels and definitions
    change no phrase.
    """
    before, after = old.looked_up(), new.looked_up()
    return {keys for (_, keys), _ in before.items() ^ after.items()}


# `sentences_holding` reads every stored sentence in one pass of pyarrow's regular expressions
# (RE2) rather than cutting it into tokens: it compares characters without case or tone marks,
# and takes every sentence with a character whose tokens it does not read as `tokens` and
# `token_key` do, so that it may take a sentence that holds no phrase, never miss one.
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# what lies between two tokens in text of _PLAIN characters: Python's \s among them, and "_"
_GAP = " \t\n\r\f\v_"


def _fold(char: str) -> str:
    """Return a character as the filter compares it: dashes unified, no tone mark, lower case ("Ồ" → "ô")."""
    bare = "".join(c for c in unicodedata.normalize("NFD", case_key(char)) if c not in _TONE_MARKS)
    return unicodedata.normalize("NFC", bare).lower()


def _is_plain(char: str) -> bool:
    """True for a character the filter reads as `token_key` does: one that NFC keeps and composes
    with nothing, whose lower case is its case fold ("ß" folds to "ss") and one character."""
    return (unicodedata.normalize("NFC", char) == char and not unicodedata.combining(char)
            and len(char.lower()) == 1 and char.casefold() == char.lower() and _fold(char.lower()) == _fold(char)
            and (not char.isspace() or char in _GAP))


# ASCII, the Latin letters of Vietnamese and of foreign names, typographic dashes, quotes and "…"
_PLAIN = [c for c in map(chr, [*range(0x20, 0x7F), *range(0xC0, 0x250), *range(0x1E00, 0x1F00),
                              *range(0x2010, 0x2028), 0x2212]) if _is_plain(c)] + list("\t\n\r\f\v")


def _by_fold(chars: list[str]) -> dict[str, list[str]]:
    alike: dict[str, list[str]] = {}
    for char in chars:
        alike.setdefault(_fold(char), []).append(char)
    return alike


_ALIKE = _by_fold(_PLAIN)


def _regex_class(chars) -> str:
    """Return an RE2 character class of `chars`, with runs of code points as ranges."""
    points = sorted(set(map(ord, chars)))
    runs, first = [], 0
    for i in range(1, len(points) + 1):
        if i == len(points) or points[i] != points[i - 1] + 1:
            a, b = points[first], points[i - 1]
            runs.append(f"\\x{{{a:x}}}" if a == b else f"\\x{{{a:x}}}-\\x{{{b:x}}}")
            first = i
    return "[" + "".join(runs) + "]"


_NOT_PLAIN = "[^" + _regex_class(_PLAIN)[1:]


def _phrase_pattern(keys: tuple[str, ...]) -> str:
    """Return an RE2 pattern found in every sentence of _PLAIN characters that holds the token keys,
    whatever their case and tone placement ("hòa" written "Hoà")."""
    gap = _regex_class(_GAP) + "*"
    return gap.join("".join(_regex_class([c, *_ALIKE.get(_fold(c), [])]) for c in key) for key in keys)


# RE2 builds its automaton as it reads; with a few hundred phrases in one pattern it runs out of
# room and reads a hundred times slower, so the phrases are looked for this many at a time
_PHRASES_PER_PASS = 32


def sentences_holding(sentences: pd.Series, phrases: set[tuple[str, ...]]) -> np.ndarray:
    """Return, for each sentence text, False when it cannot hold any of the phrases (token keys).

    True is a candidate for the matcher: tones and case are not compared, and a sentence with
    a character outside ASCII, Latin letters and common punctuation is always one.
    """
    found = np.zeros(len(sentences), dtype=bool)
    if not phrases:
        return found
    texts = pa.array(sentences, pa.large_string())
    patterns = [_NOT_PLAIN, *(_phrase_pattern(keys) for keys in sorted(phrases))]
    for first in range(0, len(patterns), _PHRASES_PER_PASS):
        found |= pc.match_substring_regex(texts, "|".join(patterns[first:first + _PHRASES_PER_PASS])).to_numpy(
            zero_copy_only=False)
    return found


EDITED = "the edited lexicon"


def lexicon_of(entries: list[dict]) -> TopicLexicon:
    """Return the lexicon of topic entries, checked as data/topics.yaml is (DataFileError on a problem)."""
    text = _yaml(entries)
    try:
        return parse_lexicon(text, EDITED)
    except DataFileError as error:
        # the line is one of YAML written here, which the person editing never sees
        raise DataFileError(EDITED, error.problem) from None


def with_topic(lexicon: TopicLexicon, entry: dict, new: bool = False) -> TopicLexicon:
    """Return the lexicon with the topic of `entry["id"]` replaced by `entry`, or added last when `new`."""
    entries = lexicon.entries()
    at = next((i for i, e in enumerate(entries) if e["id"] == entry["id"]), None)
    if new and at is not None:
        raise DataFileError(EDITED, f"a topic '{entry['id']}' exists already; choose another id")
    if at is None:
        at = len(entries)
    return lexicon_of([*entries[:at], entry, *entries[at + 1:]])


def without_topic(lexicon: TopicLexicon, topic_id: str) -> TopicLexicon:
    """Return the lexicon without one topic (DataFileError when it is the last one)."""
    return lexicon_of([e for e in lexicon.entries() if e["id"] != topic_id])


def topic_entry(topic_id: str, texts: dict[str, str], terms: pd.DataFrame) -> dict:
    """Return a topic entry from its labels and definitions (`texts`) and a table of its terms (field, term)."""
    terms = terms.dropna(subset=["field", "term"])
    lists = {field: [str(term).strip() for term in terms.loc[terms["field"] == field, "term"] if str(term).strip()]
             for field in TERM_FIELDS}
    return {"id": topic_id, **texts, **lists}


def term_hits(lexicon: TopicLexicon, forms: pd.DataFrame) -> pd.DataFrame:
    """Return every term of the lexicon with how often it matched: topic, field, term, hits.

    `forms` are the wordings matched (the corpus's `mention_forms`: kind, key, matched, hits).
    A topic mention counts for the term of its topic written with the same syllables, in any
    case and tone placement ("Biển Đông" matched as "biển Đông"), so the hits of a topic's terms
    add up to its count. An exclusion matches nothing by design: its hits are empty.
    """
    found = forms[forms["kind"] == "topic"]
    matched = Counter()
    for topic, wording, hits in zip(found["key"], found["matched"], found["hits"]):
        matched[topic, phrase_keys(wording)] += int(hits)
    terms = [(t.id, field, term)
             for t in lexicon.topics.values() for field in TERM_FIELDS for term in getattr(t, field)]
    # two spellings of one phrase ("Chính trị - An ninh", "Chính trị-An ninh") are one entry of
    # the matcher, the one listed last: its hits are not counted twice
    counted_by = {(topic, phrase_keys(term)): i
                  for i, (topic, field, term) in enumerate(terms) if field != "exclusions"}
    rows = []
    for i, (topic, field, term) in enumerate(terms):
        key = (topic, phrase_keys(term))
        hits = None if field == "exclusions" else matched.get(key, 0) if counted_by[key] == i else 0
        rows.append({"topic": topic, "field": field, "term": term, "hits": hits})
    return pd.DataFrame(rows, columns=["topic", "field", "term", "hits"]).astype({"hits": "Int64"})


# parsed once per text: a lexicon edit compares the edited lexicon with this one (session.with_lexicon)
_parsed = lru_cache(maxsize=4)(parse_lexicon)


def load_lexicon() -> TopicLexicon:
    """Return the lexicon of data/topics.yaml."""
    path = data_file("topics.yaml")
    return _parsed(read_text(path), str(path))
