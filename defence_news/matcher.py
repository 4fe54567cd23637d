"""Whole-syllable phrase matching: leftmost-longest, non-overlapping, with exclusions.

One matcher serves countries, places, topics and meeting names. Exclusions are phrases
entered in the same matcher with no payload: because the longest phrase at a position
wins, "Thái Bình Dương" (the Pacific) consumes its tokens before "Thái" can be read as
Thailand, and "chủ nhật" (Sunday) before "Nhật".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .text import Token, case_key, phrase_keys


@dataclass(frozen=True)
class Phrase:
    """A lexicon entry: its text, what it stands for (None for an exclusion), how it matches."""

    text: str
    payload: Any = None
    case_sensitive: bool = False


@dataclass(frozen=True)
class Match:
    """A phrase found in a token list: tokens [first, last) and characters [start, end)."""

    phrase: Phrase
    first: int
    last: int
    start: int
    end: int


def is_acronym(phrase: str) -> bool:
    """True for all-caps forms such as "ADMM", "IUU", "US", which match case-sensitively."""
    letters = [c for c in phrase if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@dataclass
class PhraseMatcher:
    """Finds phrases in token lists; build it once per lexicon and reuse it."""

    _folded: dict[tuple[str, ...], Phrase] = field(default_factory=dict)
    _exact: dict[tuple[str, ...], Phrase] = field(default_factory=dict)
    _lengths: dict[str, set[int]] = field(default_factory=dict)

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
        table = self._exact if phrase.case_sensitive else self._folded
        table[keys] = phrase
        self._lengths.setdefault(keys[0].casefold(), set()).add(len(keys))

    def __contains__(self, text: str) -> bool:
        return phrase_keys(text) in self._folded or phrase_keys(text, True) in self._exact

    def may_start(self, tok: Token) -> bool:
        """True when some phrase begins with this token: a quick test before `find` at one position."""
        return tok.key in self._lengths

    def find(
        self,
        toks: Sequence[Token],
        accept: Callable[[Match, Sequence[Token]], bool] | None = None,
    ) -> list[Match]:
        """Return the leftmost-longest matches in `toks`, exclusions removed.

        `accept` may veto a candidate (for context rules); the next shorter phrase at the
        same position is then tried.
        """
        found: list[Match] = []
        keys = [t.key for t in toks]
        exact = [case_key(t.text) for t in toks] if self._exact else keys
        i, n = 0, len(toks)
        while i < n:
            lengths = self._lengths.get(keys[i])
            step = 1
            if lengths:
                for length in sorted((l for l in lengths if i + l <= n), reverse=True):
                    phrase = self._exact.get(tuple(exact[i : i + length])) or self._folded.get(
                        tuple(keys[i : i + length])
                    )
                    if phrase is None:
                        continue
                    match = Match(phrase, i, i + length, toks[i].start, toks[i + length - 1].end)
                    if phrase.payload is not None and accept is not None and not accept(match, toks):
                        continue
                    if phrase.payload is not None:
                        found.append(match)
                    step = length
                    break
            i += step
        return found
