"""Keywords: word and two-word counts from underthesea words, stop words and numbers dropped.

A term is written with "_" between the syllables of one word and a space between words:
"an_ninh" is one word, "an_ninh hàng_hải" two. Statistics across articles (document
frequency, TF-IDF) are made from each term's totals (`keyword_totals`, `stats_of_totals`), which the
totals of two sets of articles add up to (`added_totals`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from .lookup import values_at
from .resources import data_file, fingerprint, read_text


class StopWords:
    """The stop-word list of data/stopwords_vi.txt, as underthesea words ("bên_cạnh")."""

    def __init__(self, text: str):
        self.words = frozenset(
            "_".join(line.casefold().split())
            for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        )
        self.version = fingerprint(text)

    def keep(self, word: str) -> bool:
        """True when a lower-cased word is a content word: has a letter, no digit, not a stop word."""
        return any(c.isalpha() for c in word) and not any(c.isdigit() for c in word) and word not in self.words


def load_stopwords() -> StopWords:
    """Return the stop words of data/stopwords_vi.txt."""
    return StopWords(read_text(data_file("stopwords_vi.txt")))


@lru_cache(maxsize=1 << 16)
def _content_word(word: str, stopwords: StopWords) -> str | None:
    """Return an underthesea word as a term ("An ninh" → "an_ninh"), or None when it is no content word."""
    term = "_".join(word.casefold().split())
    return term if stopwords.keep(term) else None


def sentence_terms(words: Iterable[str], stopwords: StopWords) -> list[tuple[str, int]]:
    """Return (term, n) for the words (n=1) and adjacent word pairs (n=2) of one sentence."""
    kept = [_content_word(w, stopwords) for w in words]
    terms = [(w, 1) for w in kept if w]
    terms += [(f"{a} {b}", 2) for a, b in zip(kept, kept[1:]) if a and b]
    return terms


def count_terms(sentences_words: Iterable[Iterable[str]], stopwords: StopWords) -> Counter:
    """Return a Counter of (term, n) over an article's sentences."""
    counts: Counter = Counter()
    for words in sentences_words:
        counts.update(sentence_terms(words, stopwords))
    return counts


def tfidf(keywords: pd.DataFrame, stats: pd.DataFrame) -> pd.Series:
    """Return the TF-IDF of each (article, term) row of `keywords` (same index), with the idf
    of its term in `stats` (the corpus's keyword_stats, every term of `keywords` in it).

    `keywords` has columns article_id, term, hits, words (the article's word count).
    """
    if keywords.empty:
        return pd.Series(dtype=float)
    idf = values_at(stats.set_index("term")["idf"], keywords["term"])
    return _weighted(keywords, pd.Series(idf, index=keywords.index))


def _weighted(keywords: pd.DataFrame, weight: pd.Series) -> pd.Series:
    """Return each row's hits per word of its article times its term's `weight` (idf)."""
    return keywords["hits"] / keywords["words"].clip(lower=1) * weight


TOTAL_COLUMNS = ["term", "n", "hits", "df", "tf_max"]


def keyword_totals(keywords: pd.DataFrame) -> pd.DataFrame:
    """Return per term what `stats_of_totals` needs: term, n, hits, df (articles using it) and tf_max
    (the largest hits per word of one article). The totals of two sets of articles add up (`added_totals`).

    `keywords` has columns article_id, term, n, hits, words, one row per article and term, so that
    a term's rows count its articles (nunique over millions of rows took seconds).
    """
    if keywords.empty:
        return pd.DataFrame(columns=TOTAL_COLUMNS)
    table = keywords.assign(tf=_weighted(keywords, 1.0))
    return table.groupby(["term", "n"], as_index=False).agg(
        hits=("hits", "sum"), df=("article_id", "size"), tf_max=("tf", "max"))


def added_totals(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Return the term totals of two sets of articles with none in common."""
    both = pd.concat([first, second], ignore_index=True)
    return both.groupby(["term", "n"], as_index=False).agg(hits=("hits", "sum"), df=("df", "sum"), tf_max=("tf_max", "max"))


def stats_of_totals(totals: pd.DataFrame, articles: int) -> pd.DataFrame:
    """Return one row per term: term, n, hits, df (articles using it), idf, tfidf_max.

    tfidf_max is the largest TF-IDF of a row of the term: its largest hits per word times its idf
    (idf is at least 1, so the largest product is that of the largest factor, to the last bit).
    """
    weight = np.log((1 + articles) / (1 + totals["df"])) + 1
    table = totals.assign(idf=weight, tfidf_max=totals["tf_max"] * weight)
    return table[["term", "n", "hits", "df", "idf", "tfidf_max"]].sort_values(
        ["hits", "term"], ascending=[False, True], ignore_index=True)
