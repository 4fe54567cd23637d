"""Topics: the lexicon in data/topics.yaml, its hits in Vietnamese sentences, and per-article counts."""

import unicodedata

import pandas as pd
import pytest

from conftest import ROOT, article_id
from defence_news.resources import DataFileError
from defence_news.text import phrase_keys, tokens
from defence_news.topics import changed_phrases, lexicon_of, parse_lexicon, sentences_holding

REQUIRED = [
    "maritime_security", "south_china_sea", "hadr", "cybersecurity", "counter_terrorism", "climate_environment",
    "health_security", "peacekeeping", "training_education", "defence_industry", "war_legacy", "asean_centrality",
    "non_traditional_security",
]


@pytest.fixture(scope="module")
def lexicon(resources):
    return resources.lexicon


def hits(lexicon, sentence):
    return [(h.topic, h.matched) for h in lexicon.find(tokens(sentence), sentence)]


def test_peacekeeping_is_not_peace(lexicon):
    assert hits(lexicon, "Việt Nam tham gia hoạt động gìn giữ hòa bình Liên hợp quốc.") == [
        ("peacekeeping", "hoạt động gìn giữ hòa bình"),
    ]
    assert hits(lexicon, "Hai nước hợp tác vì hòa bình và phát triển.") == []


def test_old_tone_placement_is_the_same_term(lexicon):
    assert hits(lexicon, "lực lượng gìn giữ hoà bình") == [("peacekeeping", "lực lượng gìn giữ hoà bình")]


def test_security_environment_is_not_the_natural_environment(lexicon):
    assert hits(lexicon, "Các bộ trưởng trao đổi về môi trường an ninh quốc tế và khu vực.") == []
    assert hits(lexicon, "nỗ lực xây dựng môi trường hòa bình, hữu nghị") == []
    assert hits(lexicon, "ứng phó với biến đổi khí hậu") == [("climate_environment", "biến đổi khí hậu")]


def test_longest_term_wins_across_topics_and_counts_once(lexicon):
    # "an ninh không gian mạng" (cyber) holds "an ninh không gian" (space) and "không gian mạng" (cyber)
    for term, topic in [("an ninh không gian mạng", "cybersecurity"), ("an ninh không gian", "emerging_technology_space"),
                        ("không gian mạng", "cybersecurity")]:
        assert term in lexicon.topics[topic].terms_vi
    assert hits(lexicon, "bảo đảm an ninh không gian mạng") == [("cybersecurity", "an ninh không gian mạng")]
    # "bệnh viện dã chiến cấp 2" (peacekeeping) holds "bệnh viện dã chiến" (health security)
    assert "bệnh viện dã chiến" in lexicon.topics["health_security"].terms_vi
    assert hits(lexicon, "triển khai bệnh viện dã chiến cấp 2 tại Nam Sudan") == [
        ("peacekeeping", "bệnh viện dã chiến cấp 2"), ("peacekeeping", "Nam Sudan"),
    ]


def test_a_phrase_inside_a_longer_term_of_the_same_topic_is_one_hit(lexicon):
    assert hits(lexicon, "các thách thức an ninh phi truyền thống") == [
        ("non_traditional_security", "thách thức an ninh phi truyền thống"),
    ]


def test_acronyms_are_case_sensitive(lexicon):
    assert "IUU" in lexicon.topics["maritime_security"].acronyms
    assert hits(lexicon, "nghề cá IUU") == [("maritime_security", "IUU")]
    assert hits(lexicon, "nghề cá iuu") == []
    assert hits(lexicon, "hợp tác HADR") == [("hadr", "HADR")]
    assert hits(lexicon, "hợp tác hadr") == []


def test_required_topics_have_labels_and_a_definition(lexicon):
    for topic_id in REQUIRED:
        topic = lexicon.topics[topic_id]
        assert topic.label_vi and topic.label_en and topic.label_vi != topic_id, topic_id
        assert topic.definition_vi and topic.definition_en, topic_id
        assert topic.terms_vi, topic_id


def test_malformed_yaml_names_the_file_and_the_line():
    text = "version: 1\ntopics:\n  - id: hadr\n    terms_vi: [cứu trợ, thiên tai\n  - id: peacekeeping\n"
    with pytest.raises(DataFileError) as error:
        parse_lexicon(text, "data/topics.yaml")
    assert error.value.file == "data/topics.yaml"
    assert error.value.line == 5
    assert str(error.value).startswith("data/topics.yaml, line 5: not valid YAML")


def test_a_topic_without_terms_is_refused_with_its_id():
    text = (
        "version: 1\ntopics:\n"
        "  - id: hadr\n    label_vi: Cứu trợ\n    terms_vi: [cứu trợ]\n"
        "  - id: peacekeeping\n    label_vi: Gìn giữ hòa bình\n    terms_vi: []\n    acronyms: []\n"
    )
    with pytest.raises(DataFileError) as error:
        parse_lexicon(text, "topics.yaml")
    assert "'peacekeeping' has no terms" in str(error.value)
    assert error.value.line == 6


def test_the_lexicon_file_round_trips(lexicon):
    # what `to_yaml` writes is a lexicon that reads back to the same topics and terms
    again = parse_lexicon(lexicon.to_yaml(), "again.yaml")
    assert again.topics == lexicon.topics
    assert parse_lexicon((ROOT / "data" / "topics.yaml").read_text(encoding="utf-8"), "t").version == lexicon.version


def topic_hits(corpus, prefix):
    aid = article_id(corpus, prefix)
    return corpus["topic_counts"].query("article_id == @aid").set_index("topic")


def matched(corpus, prefix, topic):
    aid = article_id(corpus, prefix)
    return list(corpus["mentions"].query("article_id == @aid and kind == 'topic' and key == @topic")["matched"])


def test_topics_of_seed_003(corpus):
    # "hỗ trợ Việt Nam trong lĩnh vực gìn giữ hòa bình Liên Hiệp Quốc, khắc phục hậu quả chiến tranh",
    # "mở rộng loại hình đào tạo, tăng cường số lượng học bổng cho học viên Việt Nam"
    counts = topic_hits(corpus, "003")
    assert counts.loc["peacekeeping", "hits"] == 1
    assert counts.loc["war_legacy", "hits"] == 1
    assert matched(corpus, "003", "training_education") == ["đào tạo", "học bổng", "học viên"]
    # "hòa bình" occurs five times in seed 003: once in "gìn giữ hòa bình", four times alone, no topic
    assert matched(corpus, "003", "peacekeeping") == ["gìn giữ hòa bình"]
    assert "climate_environment" not in counts.index  # "môi trường hòa bình" is not the environment


def test_topics_of_seed_002(corpus):
    assert "HADR" in matched(corpus, "002", "hadr")
    assert {"IUU", "chống khai thác IUU"} <= set(matched(corpus, "002", "maritime_security"))
    assert topic_hits(corpus, "002").loc["hadr", "hits"] == len(matched(corpus, "002", "hadr"))


def test_hits_per_thousand_words(corpus):
    words = corpus["articles"].set_index("article_id")["words"]
    counts = corpus["topic_counts"]
    expected = (counts["hits"] / counts["article_id"].map(words) * 1000).round(3)
    assert (counts["per_1000_words"] == expected).all()
    # seed 003: one peacekeeping hit in 359 words
    row = topic_hits(corpus, "003").loc["peacekeeping"]
    assert words[article_id(corpus, "003")] == 359
    assert row["per_1000_words"] == round(1 / 359 * 1000, 3)


def edited(lexicon, topic_id, **fields):
    return lexicon_of([{**e, **fields} if e["id"] == topic_id else e for e in lexicon.entries()])


def test_changed_phrases_are_the_terms_and_exclusions_an_edit_touches(lexicon):
    hadr = lexicon.topics["hadr"]
    assert changed_phrases(lexicon, edited(lexicon, "hadr", label_vi="Cứu trợ", definition_en="Relief.")) == set()
    added = edited(lexicon, "hadr", terms_vi=[*hadr.terms_vi, "cứu hộ cứu nạn trên biển"],
                   exclusions=["cứu trợ tài chính"])
    assert changed_phrases(lexicon, added) == {phrase_keys("cứu hộ cứu nạn trên biển"),
                                               phrase_keys("cứu trợ tài chính")}
    # a term moved to another topic: the same words, another topic
    moved = edited(edited(lexicon, "hadr", terms_vi=list(hadr.terms_vi[1:])), "peacekeeping",
                   terms_vi=[*lexicon.topics["peacekeeping"].terms_vi, hadr.terms_vi[0]])
    assert changed_phrases(lexicon, moved) == {phrase_keys(hadr.terms_vi[0])}
    # a topic removed: every term it had
    without = lexicon_of([e for e in lexicon.entries() if e["id"] != "hadr"])
    assert changed_phrases(lexicon, without) == {
        phrase_keys(t, t in hadr.acronyms) for t in (*hadr.terms_vi, *hadr.terms_en, *hadr.acronyms)}


def holds(text, phrase):
    return bool(sentences_holding(pd.Series([text]), {phrase})[0])


def own_keys(text):
    return tuple(t.key for t in tokens(text))


WRITTEN_OTHERWISE = [
    "Các bên cam kết HOÀ GIẢI bất đồng.", "hoà bình", "Hòa Bình", "thuỷ quân", "QUÝ", "khoẻ mạnh",
    "quan hệ ASEAN–Mỹ", "quan hệ ASEAN - Mỹ", "an_ninh  biển", "chống\tkhủng bố",
    "Tổng thống Bolsonaro nói: “hợp tác”…",
]


@pytest.mark.parametrize("text", WRITTEN_OTHERWISE)
def test_the_filter_finds_a_phrase_however_the_sentence_writes_it(text):
    # the sentence's own token keys are the phrase: the matcher would find it there
    assert holds(text, own_keys(text))


def test_the_filter_finds_every_character_as_the_matcher_reads_it():
    chars = [chr(c) for c in [*range(0x20, 0x7F), *range(0xA0, 0x250), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070)]]
    glides = [g + v for g in "oOuU" for v in "àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ"]
    texts = [f"x{c}y" for c in chars] + [f"h{pair} {pair}" for pair in glides]
    for text in texts:
        assert holds(text, own_keys(text)), text


def test_the_filter_takes_what_it_cannot_read_and_leaves_the_rest():
    assert not holds("Hai nước hợp tác toàn diện.", phrase_keys("hợp tác thực chất"))
    # "ß" folds to "ss", a decomposed "à" is two characters: such sentences are always matched again
    assert holds("Straße", phrase_keys("hợp tác"))
    assert holds(unicodedata.normalize("NFD", "hoà bình"), phrase_keys("hợp tác"))
    assert not sentences_holding(pd.Series(["hoà bình", "hợp tác"]), set()).any()


def test_the_filter_finds_every_sentence_of_the_seed_corpus_a_term_matches_in(corpus, lexicon):
    texts = corpus["sentences"]["sentence"]
    hit_in: dict[tuple, set[int]] = {}
    for position, text in enumerate(texts):
        for hit in lexicon.find(tokens(text), text):
            hit_in.setdefault(own_keys(hit.matched), set()).add(position)
    assert len(hit_in) > 50
    for phrase, positions in hit_in.items():
        found = sentences_holding(texts, {phrase})
        assert found[sorted(positions)].all(), phrase
        assert found.sum() < len(texts), phrase
