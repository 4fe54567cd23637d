"""Whole-syllable phrase matching: leftmost-longest, non-overlapping, with exclusions.

One matcher serves countries, places, topics and meeting names. Exclusions are phrases
entered in the same matcher with no payload: because the longest phrase at a position
wins, "Thái Bình Dương" (the Pacific) consumes its tokens before "Thái" can be read as
Thailand, and "chủ nhật" (Sunday) before "Nhật".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, count
from operator import attrgetter
from typing import Any, NamedTuple

from .text import Token, case_key, phrase_keys


@dataclass(frozen=True)
class Phrase:
    """A lexicon entry: its text, what it stands for (None for an exclusion), how it matches."""

    text: str
    payload: Any = None
    case_sensitive: bool = False


class Match(NamedTuple):
    """A phrase found in a token list: tokens [first, last) and characters [start, end)
    (a tuple, made faster than a frozen dataclass: the build makes one for each phrase it reads)."""

    phrase: Phrase
    first: int
    last: int
    start: int
    end: int


def is_acronym(phrase: str) -> bool:
    """True for all-caps forms such as "ADMM", "IUU", "US", which match case-sensitively."""
    letters = [c for c in phrase if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


_KEY = attrgetter("key")


@dataclass(slots=True)
class _Node:
    """A node of the phrase trie, reached by the case-folded keys of a phrase's tokens."""

    next: dict[str, "_Node"] = field(default_factory=dict)
    folded: Phrase | None = None  # the case-insensitive phrase with these keys
    exact: bool = False  # whether a case-sensitive phrase has these keys once folded


@dataclass
class PhraseMatcher:
    """Finds phrases in token lists; build it once per lexicon and reuse it."""

    _root: _Node = field(default_factory=_Node)
    _exact: dict[tuple[str, ...], Phrase] = field(default_factory=dict)

    @classmethod
    def of(cls, phrases: Iterable[Phrase]) -> "PhraseMatcher":
        matcher = cls()
        for phrase in phrases:
            matcher.add(phrase)
        return matcher

    def add(self, phrase: Phrase) -> None:
        """Enter a phrase; a later entry with the same tokens replaces an earlier one."""
        keys = phrase_keys(phrase.text, phrase.case_sensitive)
        if not keys:
            return
        node = self._root
        for key in phrase_keys(phrase.text):  # the trie is walked by case-insensitive keys
            node = node.next.setdefault(key, _Node())
        if phrase.case_sensitive:
            self._exact[keys] = phrase
            node.exact = True
        else:
            node.folded = phrase

    def __contains__(self, text: str) -> bool:
        node: _Node | None = self._root
        for key in phrase_keys(text):
            node = node.next.get(key)
            if node is None:
                break
        return (node is not None and node.folded is not None) or phrase_keys(text, True) in self._exact

    def first_keys(self) -> set[str]:
        """Return the keys of the tokens that some phrase begins with."""
        return set(self._root.next)

    def _read(
        self,
        toks: Sequence[Token],
        i: int,
        stop: int,
        accept: Callable[[Match, Sequence[Token]], bool] | None,
    ) -> Match | None:
        """Return the longest phrase at token i, ending by token `stop`, that `accept` does not veto.

        Exclusions are returned too. A case-sensitive phrase wins over a case-insensitive one of
        the same tokens.
        """
        node, ends = self._root, []
        for j in range(i, stop):
            node = node.next.get(toks[j].key)
            if node is None:
                break
            if node.folded is not None or node.exact:
                ends.append((j + 1, node))
        for last, node in reversed(ends):
            phrase = self._exact.get(tuple(case_key(t.text) for t in toks[i:last])) if node.exact else None
            phrase = phrase or node.folded
            if phrase is None:
                continue
            match = Match(phrase, i, last, toks[i].start, toks[last - 1].end)
            if phrase.payload is not None and accept is not None and not accept(match, toks):
                continue
            return match
        return None

    def at(self, toks: Sequence[Token], i: int, window: int) -> Match | None:
        """Return the longest phrase of at most `window` tokens that starts at token i; None for an exclusion."""
        if i >= len(toks) or toks[i].key not in self._root.next:
            return None
        match = self._read(toks, i, min(i + window, len(toks)), None)
        return match if match is not None and match.phrase.payload is not None else None

    def find(
        self,
        toks: Sequence[Token],
        accept: Callable[[Match, Sequence[Token]], bool] | None = None,
    ) -> list[Match]:
        """Return the leftmost-longest matches in `toks`, exclusions removed.

        `accept` may veto a candidate (for context rules); the next shorter phrase at the
        same position is then tried.
        """
        starts = self._root.next
        found: list[Match] = []
        free, n = 0, len(toks)
        # only the tokens that begin some phrase are read further: picked out in C
        for i in compress(count(), map(starts.__contains__, map(_KEY, toks))):
            if i < free:
                continue
            match = self._read(toks, i, n, accept)
            if match is not None:
                free = match.last
                if match.phrase.payload is not None:
                    found.append(match)
        return found
