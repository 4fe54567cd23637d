"""Discovery: candidate topics found without the lexicon, and the lexicon entries they suggest.

NMF (scikit-learn) factorises the TF-IDF of the articles' segmented words and two-word terms
(the `keywords` table) into a few candidate topics, each a list of weighted terms. Names of
people, countries, cities and bodies are left out, since they say who and where, not what about
(seas and regions stay: "Biển Đông" and "Ấn Độ Dương - Thái Bình Dương" are what is discussed),
and so are terms found in every article, which tell no theme from another. For each term, the lexicon
topic it most often shares a sentence with is its suggested home, so that a reader can add
"tuần tra chung" to maritime security in one click; a term the lexicon already lists says so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfTransformer

from .matcher import is_acronym
from .query import Corpus
from .resources import split_list
from .tables import aggregate, rows
from .text import phrase_keys, tokens
from .topics import TopicLexicon, with_topic

# NMF needs two articles to tell one theme from another
MIN_ARTICLES = 2
# and reads at most this many, so that a large selection stays quick (see `discovery_articles`)
MAX_ARTICLES = 200
DISCOVERY_COLUMNS = ["component", "rank", "term", "phrase", "weight", "suggested_topic", "shared_sentences",
                     "in_lexicon"]


class TooFewArticles(ValueError):
    """The selection holds fewer articles than topic discovery needs."""

    def __init__(self, articles: int):
        super().__init__(f"topic discovery needs at least {MIN_ARTICLES} articles with words; the selection has "
                         f"{articles}")
        self.articles = articles


def discovery_articles(ids) -> list[str]:
    """Return the articles topic discovery reads: every selected one, or MAX_ARTICLES of a larger selection,
    the first by id (a fingerprint of the article's content: in effect a random sample, the same on every run)."""
    return sorted(set(ids))[:MAX_ARTICLES]


def discover_terms(corpus: Corpus, ids, lexicon: TopicLexicon, n_topics: int = 5, n_terms: int = 8) -> pd.DataFrame:
    """Return candidate topics of the selected articles (those of `discovery_articles`) and, for each of
    their top terms, a lexicon suggestion.

    Columns: component (1, 2, …), rank (1 = heaviest term of the component), term (as in the
    keywords table: "an_ninh hàng_hải"), phrase (as a lexicon entry: "an ninh hàng hải"), weight,
    suggested_topic (the lexicon topic mentioned in most sentences that hold the phrase; "" when
    none), shared_sentences (how many), in_lexicon (the topic that lists the phrase as a term or
    an exclusion; "" when none). There are at most as many components as articles; raises
    TooFewArticles below MIN_ARTICLES. The result is the same on every run (NNDSVDa start, fixed seed).
    """
    keywords = rows(corpus, "keywords", ["article_id", "term", "n", "hits"], article_id=discovery_articles(ids),
                    n=[1, 2])
    articles = sorted(keywords["article_id"].unique())
    if len(articles) < MIN_ARTICLES:
        raise TooFewArticles(len(articles))
    names = _Names(corpus)
    spread = keywords.groupby("term")["article_id"].nunique()
    named = {term: term in names for term in spread.index}
    keywords = keywords[keywords["term"].map(spread).lt(len(articles)) & ~keywords["term"].map(named)]
    if keywords.empty:
        return pd.DataFrame(columns=DISCOVERY_COLUMNS)
    terms = sorted(keywords["term"].unique())
    row = {a: i for i, a in enumerate(articles)}
    column = {term: j for j, term in enumerate(terms)}
    counts = csr_matrix((keywords["hits"].astype(float), (keywords["article_id"].map(row), keywords["term"].map(column))),
                        shape=(len(articles), len(terms)))
    weights = TfidfTransformer().fit_transform(counts)
    model = NMF(n_components=min(n_topics, len(articles)), init="nndsvda", random_state=0, max_iter=1000)
    model.fit(weights)
    ranked = []
    for component, loadings in enumerate(model.components_, 1):
        # a stable sort over alphabetical columns: ties always fall the same way
        top = [j for j in np.argsort(-loadings, kind="stable")[:n_terms] if loadings[j] > 0]
        ranked += [{"component": component, "rank": rank, "term": terms[j], "weight": round(float(loadings[j]), 4)}
                   for rank, j in enumerate(top, 1)]
    out = pd.DataFrame(ranked, columns=["component", "rank", "term", "weight"])
    found = _in_sentences(corpus, articles, out["term"].unique())
    listed = _listed(lexicon)
    order = {topic: i for i, topic in enumerate(lexicon.topics)}
    out["phrase"] = out["term"].map(lambda term: found[term].phrase)
    suggestion = out["term"].map(lambda term: found[term].suggestion(order))
    out["suggested_topic"] = suggestion.str[0]
    out["shared_sentences"] = suggestion.str[1]
    out["in_lexicon"] = out["term"].map(lambda term: listed.get(_key(term), ""))
    return out[DISCOVERY_COLUMNS]


def with_suggestion(lexicon: TopicLexicon, topic_id: str, phrase: str) -> TopicLexicon:
    """Return the lexicon with a suggested phrase added to a topic: to its acronyms when written in
    capitals ("ADMM", matched in that case only), else to its Vietnamese terms."""
    entry = next(e for e in lexicon.entries() if e["id"] == topic_id)
    field = "acronyms" if is_acronym(phrase) else "terms_vi"
    return with_topic(lexicon, {**entry, field: [*entry[field], phrase]})


def _key(term: str) -> tuple[str, ...]:
    """Return the match key of a keywords term ("an_ninh hàng_hải" → ("an", "ninh", "hàng", "hải"))."""
    return phrase_keys(term.replace("_", " "))


# places that say where, not what about: "Viêng Chăn", "Nhà Trắng" (the US government)
LOCATIONS = ("capital", "city", "metonym")


class _Names:
    """The names the corpus writes: countries, cities and bodies, and people with their titles."""

    def __init__(self, corpus: Corpus):
        forms = aggregate(corpus, "mention_forms")
        places = corpus["place_mentions"]
        locations = set(places.loc[places["kind"].isin(LOCATIONS), "place"])
        written = [*forms.loc[(forms["kind"] == "country") | ((forms["kind"] == "place") & forms["key"].isin(locations)),
                              "matched"],
                   *corpus["organisations"]["organisation"], *_aliases(corpus["organisations"])]
        self.names = {keys for keys in map(phrase_keys, written) if keys}
        people = corpus["people"]
        self.people = {keys for keys in map(phrase_keys, [*people["person"], *_aliases(people)]) if keys}

    def __contains__(self, term: str) -> bool:
        """True when the term holds a name ("đại_tướng phan_văn_giang") or is part of how a person is
        written ("thượng_tướng" of "Thượng tướng Nguyễn Tân Cương", "kitazawa" of "Bộ trưởng Kitazawa")."""
        keys = _key(term)
        n = len(keys)
        return (any(keys[i:j] in self.names or keys[i:j] in self.people for i in range(n) for j in range(i + 1, n + 1))
                or any(_runs_in(keys, person) for person in self.people))


def _aliases(table: pd.DataFrame) -> list[str]:
    return [alias for cell in table["aliases"] for alias in split_list(cell)]


def _runs_in(keys: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """True when `keys` is a run of syllables of `name`."""
    n = len(keys)
    return any(name[i:i + n] == keys for i in range(len(name) - n + 1))


def _listed(lexicon: TopicLexicon) -> dict[tuple[str, ...], str]:
    """Return the topic of every term and exclusion of the lexicon, by its match key."""
    return {phrase_keys(term): topic.id for topic in lexicon.topics.values()
            for term in (*topic.terms_vi, *topic.terms_en, *topic.acronyms, *topic.exclusions)}


@dataclass
class _Found:
    """How a term is written in the sentences that hold it, and the topics those sentences mention."""

    written: Counter = field(default_factory=Counter)
    topics: Counter = field(default_factory=Counter)

    @property
    def phrase(self) -> str:
        """The commonest spelling ("Biển Đông", "ASEAN"): the keywords table keeps only lower case."""
        return min(self.written.items(), key=lambda item: (-item[1], item[0]))[0]

    def suggestion(self, order: dict[str, int]) -> tuple[str, int]:
        """The topic of most sentences and how many; ties go to the topic the lexicon lists first."""
        if not self.topics:
            return "", 0
        return min(self.topics.items(), key=lambda item: (-item[1], order.get(item[0], len(order)), item[0]))


def _in_sentences(corpus: Corpus, ids, terms) -> dict[str, _Found]:
    """Return, for each term, its spellings and co-mentioned topics over the sentences of the articles.

    Whole syllables match, as the lexicon matches them.
    """
    starting: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for term in terms:
        keys = _key(term)
        starting.setdefault(keys[0], []).append((term, keys))
    mentions = rows(corpus, "mentions", ["article_id", "sentence_index", "key"], article_id=set(ids), kind="topic")
    # a dict, and the sentences as lists: thousands of look-ups and sentences
    topics_of = mentions.groupby(["article_id", "sentence_index"])["key"].agg(set).to_dict()
    found = {term: _Found() for term in terms}
    sentences = rows(corpus, "sentences", ["article_id", "sentence_index", "sentence"], article_id=set(ids))
    for article_id, sentence_index, sentence in zip(*(sentences[column].tolist() for column in sentences.columns)):
        toks = tokens(sentence)
        keys = [t.key for t in toks]
        holding = set()
        for i, key in enumerate(keys):
            for term, term_keys in starting.get(key, ()):
                if tuple(keys[i:i + len(term_keys)]) == term_keys:
                    found[term].written[sentence[toks[i].start:toks[i + len(term_keys) - 1].end]] += 1
                    holding.add(term)
        for term in holding:
            found[term].topics.update(topics_of.get((article_id, sentence_index), set()))
    for term, seen in found.items():
        # a term the segmenter joined across punctuation is found in no sentence: keep it as the data writes it
        if not seen.written:
            seen.written[term.replace("_", " ")] = 1
    return found
