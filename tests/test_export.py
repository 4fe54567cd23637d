"""The CSV extracts: a mention keeps only the number of its sentence, and its extract shows the sentence's text."""

import csv

from conftest import article_id
from defence_news.export import export
from defence_news.query import evidence, with_sentences

# seed 003: "... tăng cường số lượng học bổng cho học viên Việt Nam ..." (scholarships for Vietnamese cadets)
SCHOLARSHIP_SENTENCE = "tăng cường số lượng học bổng cho học viên Việt Nam"


def test_mentions_csv_shows_each_mention_s_own_sentence(corpus, tmp_path):
    assert "sentence" not in corpus["mentions"].columns
    export(corpus, tmp_path)
    with (tmp_path / "mentions.csv").open(encoding="utf-8-sig", newline="") as file:
        shown = list(csv.DictReader(file))
    mentions = corpus["mentions"]
    assert len(shown) == len(mentions) > 0
    # the row of each mention, in the table's order, holds the words it matched where they were matched
    for row, m in zip(shown, mentions.itertuples()):
        assert (row["article_id"], row["matched"], int(row["sentence_index"])) == (m.article_id, m.matched,
                                                                                    m.sentence_index)
        assert row["sentence"][m.start:m.end] == m.matched, row
    seed = article_id(corpus, "003")
    scholarships = [row["sentence"] for row in shown if row["article_id"] == seed and row["matched"] == "học bổng"]
    assert len(scholarships) == 1 and SCHOLARSHIP_SENTENCE in scholarships[0]


def test_with_sentences_keeps_the_mentions_and_their_order(corpus):
    mentions = corpus["mentions"].iloc[::-1]
    joined = with_sentences(mentions, corpus["sentences"])
    assert joined[list(mentions.columns)].values.tolist() == mentions.values.tolist()
    assert [s[a:b] for s, a, b in zip(joined["sentence"], joined["start"], joined["end"])] == joined["matched"].tolist()


def test_evidence_shows_the_sentence_of_each_mention(corpus):
    seed = article_id(corpus, "003")
    found = evidence(corpus, [seed], kind="topic", key="training_education")
    assert "học bổng" in found["matched"].tolist()
    assert [s[a:b] for s, a, b in zip(found["sentence"], found["start"], found["end"])] == found["matched"].tolist()
    assert SCHOLARSHIP_SENTENCE in found.loc[found["matched"] == "học bổng", "sentence"].item()
