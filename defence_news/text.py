"""Text normalisation shared by every stage: NFC, whitespace, tone placement, syllable tokens.

Matching in this package never looks at substrings: text is cut into syllable tokens
(runs of letters and digits) and single punctuation marks, and phrases are compared
token by token, so "Úc" (Australia) is never found inside "cấu trúc".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache, partial
from itertools import accumulate
from typing import NamedTuple

# Characters that scraped pages carry in place of plain spaces or hyphens.
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})

# A token, in a group: splitting on it keeps the tokens between the text around them.
_TOKEN = re.compile(r"([^\W_]+|[^\w\s])", re.UNICODE)

# Old and new tone placement both occur ("hoà" / "hòa", "thuỷ" / "thủy"): match keys use
# the placement of most Vietnamese press, the tone on the first vowel of an open
# "oa", "oe", "uy" ending.
_TONED = {
    "a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ", "o": "òóỏõọ", "u": "ùúủũụ",
}
_OPEN_GLIDE = re.compile(r"(?<![qQ])([oOuU])([àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])(?![^\W\d_])")


def _move_tone(match: re.Match) -> str:
    glide, vowel = match.group(1), match.group(2)
    base = next(b for b, toned in _TONED.items() if vowel.lower() in toned)
    tone = _TONED[base].index(vowel.lower())
    if glide.lower() == "o" and base not in "ae":
        return match.group(0)
    if glide.lower() == "u" and base != "y":
        return match.group(0)
    moved = _TONED[glide.lower()][tone]
    moved = moved.upper() if glide.isupper() else moved
    plain = base.upper() if vowel.isupper() else base
    return moved + plain


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def normalise_tones(text: str) -> str:
    """Return NFC text with "oà/oè/uỳ"-style tone marks moved to the first vowel ("hoà" → "hòa")."""
    return _OPEN_GLIDE.sub(_move_tone, nfc(text))


def clean_text(text: str) -> str:
    """Return NFC text with Unix line ends and every line cleaned (blank lines kept): invisible
    characters dropped, runs of spaces folded, each line stripped."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    # neither pattern matches a line end, so the whole text is cleaned at once, not line by line
    text = _SPACES.sub(" ", _INVISIBLE.sub("", text))
    while "  " in text:  # faster than a regular expression when, as mostly, there is no run to fold
        text = text.replace("  ", " ")
    return "\n".join(map(str.strip, text.split("\n")))


class Token(NamedTuple):
    """One syllable or punctuation mark of a text, with its character span."""

    text: str  # as written (NFC)
    key: str  # case-folded, tone placement normalised, dashes unified: what matching compares
    start: int
    end: int


# Keys are memoised: an article is a few thousand tokens but a few hundred distinct syllables,
# and the same syllables recur from article to article.
@lru_cache(maxsize=1 << 16)
def case_key(token_text: str) -> str:
    """Return the case-sensitive match key of one token (tones and dashes unified)."""
    return normalise_tones(token_text).translate(_DASHES)


@lru_cache(maxsize=1 << 16)
def token_key(token_text: str) -> str:
    """Return the case-insensitive match key of one token."""
    return case_key(token_text).casefold()


# Tokens are made by the million: split and measured in C, each Token built without the
# Python-level constructor of a NamedTuple.
_MAKE_TOKEN = partial(tuple.__new__, Token)


def tokens(text: str) -> list[Token]:
    """Return the syllable and punctuation tokens of `text` (expected NFC)."""
    pieces = _TOKEN.split(text)  # the text between tokens, a token, the text between, ..., the text after
    words = pieces[1::2]
    ends = list(accumulate(map(len, pieces)))  # where each piece ends: a token starts where the text before it ends
    return list(map(_MAKE_TOKEN, zip(words, map(token_key, words), ends[0::2], ends[1::2])))


# memoised: a lexicon edit builds the matcher of a lexicon whose phrases are mostly those of the last one
@lru_cache(maxsize=1 << 14)
def phrase_keys(phrase: str, case_sensitive: bool = False) -> tuple[str, ...]:
    """Return the token keys of a lexicon phrase; case kept when `case_sensitive`."""
    toks = tokens(nfc(phrase))
    if case_sensitive:
        return tuple(case_key(t.text) for t in toks)
    return tuple(t.key for t in toks)


def is_capitalised(token_text: str) -> bool:
    """True when the token starts with an upper-case letter ("Nhật", not "nhật")."""
    return token_text[:1].isupper()
