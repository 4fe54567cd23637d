"""Keywords: words and two-word terms from underthesea words, stop words, numbers and punctuation dropped; df, idf, TF-IDF."""

import math

import pandas as pd
import pytest
from underthesea import word_tokenize

from conftest import SEEDS, article_id
from defence_news.keywords import StopWords, count_terms, keyword_totals, sentence_terms, stats_of_totals, tfidf


@pytest.fixture(scope="module")
def stopwords(resources):
    return resources.stopwords


def test_words_are_joined_with_underscores_and_pairs_with_a_space(stopwords):
    # underthesea's words of "Việt Nam và Nhật Bản tổ chức đối thoại lần thứ 11, tại Fukuoka!"
    words = ["Việt Nam", "và", "Nhật Bản", "tổ chức", "đối thoại", "lần", "thứ", "11", ",", "tại", "Fukuoka", "!"]
    assert sentence_terms(words, stopwords) == [
        ("việt_nam", 1), ("nhật_bản", 1), ("tổ_chức", 1), ("đối_thoại", 1), ("fukuoka", 1),
        # a pair never reaches over a dropped word: no "việt_nam nhật_bản", no "đối_thoại fukuoka"
        ("nhật_bản tổ_chức", 2), ("tổ_chức đối_thoại", 2),
    ]


def test_stop_words_numbers_and_punctuation_are_dropped(stopwords):
    words = word_tokenize("Hai bên nhất trí tăng cường hợp tác an ninh hàng hải trong năm 2024.")
    terms = dict(sentence_terms(words, stopwords))
    assert terms["an_ninh"] == 1 and terms["an_ninh hàng_hải"] == 2
    for dropped in ("hai", "bên", "trong", "năm", "2024", "."):
        assert dropped in words or dropped.capitalize() in words
        assert dropped not in terms
    assert not any(c.isdigit() for term in terms for c in term)


def test_stop_words_are_read_as_underthesea_words():
    stop = StopWords("# a comment\nbên cạnh\nvà\n\n")
    assert stop.words == {"bên_cạnh", "và"}
    assert sentence_terms(["Bên cạnh", "đó", ",", "an ninh", "và", "quốc phòng"], stop) == [
        ("đó", 1), ("an_ninh", 1), ("quốc_phòng", 1),
    ]


def test_counts_add_up_over_the_sentences_of_an_article(stopwords):
    counts = count_terms([["an ninh", "biển"], ["an ninh", "mạng"], ["an ninh", "biển"]], stopwords)
    assert counts[("an_ninh", 1)] == 3
    assert counts[("an_ninh biển", 2)] == 2
    assert counts[("an_ninh mạng", 2)] == 1


TOY = pd.DataFrame(
    [
        ("A", "an_ninh", 1, 3, 10),
        ("A", "hàng_hải", 1, 1, 10),
        ("B", "an_ninh", 1, 1, 20),
        ("B", "khủng_bố", 1, 2, 20),
    ],
    columns=["article_id", "term", "n", "hits", "words"],
)


def keyword_stats(keywords, articles):
    return stats_of_totals(keyword_totals(keywords), articles)


def test_idf_and_tfidf_by_hand():
    # N = 2 articles; "an_ninh" is in both (df 2), the others in one (df 1)
    # idf = log((1 + N) / (1 + df)) + 1: 1 for df 2, log(3/2) + 1 for df 1
    rare = math.log(3 / 2) + 1
    scores = tfidf(TOY, keyword_stats(TOY, 2))
    assert scores.tolist() == pytest.approx([3 / 10 * 1, 1 / 10 * rare, 1 / 20 * 1, 2 / 20 * rare])
    stats = keyword_stats(TOY, 2).set_index("term")
    assert stats.loc["an_ninh", ["hits", "df"]].tolist() == [4, 2]
    assert stats.loc["an_ninh", "idf"] == pytest.approx(1.0)
    assert stats.loc["an_ninh", "tfidf_max"] == pytest.approx(0.3)
    assert stats.loc["khủng_bố", ["hits", "df"]].tolist() == [2, 1]
    assert stats.loc["khủng_bố", "idf"] == pytest.approx(rare)
    assert stats.loc["khủng_bố", "tfidf_max"] == pytest.approx(2 / 20 * rare)
    # most hits first
    assert list(keyword_stats(TOY, 2)["term"]) == ["an_ninh", "khủng_bố", "hàng_hải"]


def test_no_keywords_give_empty_tables():
    empty = TOY.iloc[0:0]
    assert tfidf(empty, keyword_stats(empty, 0)).empty
    assert list(keyword_stats(empty, 0).columns) == ["term", "n", "hits", "df", "idf", "tfidf_max"]


def test_seed_003_counts_per_article(corpus):
    text = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    aid = article_id(corpus, "003")
    hits = corpus["keywords"].query("article_id == @aid").set_index("term")["hits"]
    assert hits["nhật_bản"] == text.count("Nhật Bản") == 8
    assert hits["biển_đông"] == text.count("Biển Đông") == 4
    assert "chính_sách quốc_phòng" in hits.index


def test_corpus_tfidf_and_stats_agree_with_the_formula(corpus):
    articles = len(corpus["articles"])
    words = corpus["articles"].set_index("article_id")["words"]
    keywords = corpus["keywords"]
    df = keywords.groupby("term")["article_id"].nunique()
    idf = ((1 + articles) / (1 + keywords["term"].map(df))).map(math.log) + 1
    expected = (keywords["hits"] / keywords["article_id"].map(words) * idf).round(6)
    assert (keywords["tfidf"] == expected).all()
    stats = corpus["keyword_stats"].set_index("term")
    assert stats.loc["nhật_bản", "df"] == df["nhật_bản"] == 4  # every seed but 004 names Japan
    assert stats.loc["nhật_bản", "hits"] == keywords.query("term == 'nhật_bản'")["hits"].sum()
