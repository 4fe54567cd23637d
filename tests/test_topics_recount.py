"""Recounting topics from the stored sentences after a lexicon edit, without segmenting again."""

import pandas as pd

from conftest import ROOT, article_id
from defence_news import segment
from defence_news.query import with_sentences
from defence_news.assemble import statements_with_topics
from defence_news.topics import count_topics, find_topics, parse_lexicon

TOPICS_YAML = ROOT / "data" / "topics.yaml"
# seed 003: "... tăng cường số lượng học bổng cho học viên Việt Nam ..." (scholarships for Vietnamese cadets)
SCHOLARSHIP_SENTENCE = "tăng cường số lượng học bổng cho học viên Việt Nam"


def _sorted(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame[columns].sort_values(columns, ignore_index=True)


def test_the_same_lexicon_gives_the_build_s_topic_mentions_and_counts(corpus, resources):
    mentions, counts = count_topics(corpus["sentences"], resources.lexicon)
    built = corpus["mentions"][corpus["mentions"]["kind"] == "topic"]
    columns = ["article_id", "key", "matched", "sentence_index", "start", "end"]
    pd.testing.assert_frame_equal(_sorted(mentions, columns), _sorted(built, columns), check_dtype=False)
    columns = ["article_id", "topic", "label_vi", "label_en", "hits"]
    pd.testing.assert_frame_equal(_sorted(counts, columns), _sorted(corpus["topic_counts"], columns),
                                  check_dtype=False)


def test_the_counts_come_in_the_build_s_order(corpus, resources):
    _, counts = count_topics(corpus["sentences"], resources.lexicon)
    built = corpus["topic_counts"][["article_id", "topic", "label_vi", "label_en", "hits"]]
    pd.testing.assert_frame_equal(counts, built, check_dtype=False, check_categorical=False)


def test_each_sentence_s_topics_are_those_its_statements_get(corpus, resources):
    sentences = corpus["sentences"]
    mentions, topics = find_topics(sentences, resources.lexicon)
    of_sentence = dict(zip(zip(sentences["article_id"], sentences["sentence_index"]), topics))
    statements = statements_with_topics(corpus["statements"], mentions, sentences)
    assert [of_sentence[key] for key in zip(statements["article_id"], statements["sentence_index"])] == list(
        statements["topics"])
    assert any(";" in found for found in statements["topics"])


def _segmenting(*args, **kwargs):
    raise AssertionError("a sentence was segmented again")


def test_a_removed_term_is_no_longer_counted_and_nothing_is_segmented(corpus, monkeypatch):
    text = TOPICS_YAML.read_text(encoding="utf-8")
    edited = text.replace("khóa tập huấn, học bổng, học viên", "khóa tập huấn, học viên")
    assert edited != text
    monkeypatch.setattr(segment, "segment_words", _segmenting)

    mentions, counts = count_topics(corpus["sentences"], parse_lexicon(edited, str(TOPICS_YAML)))

    seed = article_id(corpus, "003")
    mentions = with_sentences(mentions, corpus["sentences"])
    in_sentence = mentions[(mentions["article_id"] == seed) & mentions["sentence"].str.contains(SCHOLARSHIP_SENTENCE)]
    assert list(in_sentence["matched"]) == ["đào tạo", "học viên", "gìn giữ hòa bình", "khắc phục hậu quả chiến tranh"]
    before = corpus["topic_counts"].set_index(["article_id", "topic"])["hits"]
    after = counts.set_index(["article_id", "topic"])["hits"]
    assert after[(seed, "training_education")] == before[(seed, "training_education")] - 1


def test_a_sentence_written_alike_in_two_articles_counts_in_each(resources):
    maritime = "Hai bên nhất trí tăng cường an ninh biển quốc tế và an ninh biển khu vực."
    other = "Các bên cam kết tăng cường đào tạo và hợp tác an ninh biển."
    sentences = pd.DataFrame({"article_id": ["a", "a", "b", "c"], "sentence_index": [1, 2, 7, 1],
                              "sentence": [maritime, other, maritime, other]})

    mentions, counts = count_topics(sentences, resources.lexicon)

    for row in range(len(sentences)):
        alone, _ = count_topics(sentences.iloc[[row]], resources.lexicon)
        found = mentions[(mentions["article_id"] == sentences["article_id"][row])
                         & (mentions["sentence_index"] == sentences["sentence_index"][row])]
        pd.testing.assert_frame_equal(found.reset_index(drop=True), alone)
    # a topic found twice in a sentence is one of its topics, once
    assert find_topics(sentences, resources.lexicon)[1] == ["maritime_security", "training_education;maritime_security",
                                                            "maritime_security", "training_education;maritime_security"]
    hits = counts.set_index(["article_id", "topic"])["hits"]
    assert hits[("b", "maritime_security")] == 2
    assert hits[("a", "maritime_security")] == 3 and hits[("c", "maritime_security")] == 1
