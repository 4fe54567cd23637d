"""A session's own additions: uploaded articles and an edited lexicon on top of the shared corpus,
in new tables, never changing the shared ones, never segmenting again for a lexicon edit."""

import json

import pandas as pd
import pytest

from conftest import ROOT, SEEDS, article_id
from defence_news import segment, session, store
from defence_news.assemble import per_1000_words, statements_with_topics
from defence_news.curation import Curation, curation_of_table, curation_table
from defence_news.dates import parse_curated
from defence_news.ingest import Limits
from defence_news.query import with_sentences
from defence_news.resources import DataFileError
from defence_news.session import (admit, pasted, read_files, uploaded_lexicon, vietnamese, with_lexicon, with_uploads)
from defence_news.store import build, processed_dir, read_processed
from defence_news.tables import aggregate
from defence_news.topics import (EDITED, count_topics, lexicon_of, load_lexicon, term_hits, topic_entry, with_topic,
                                 without_topic)

LIMITS = Limits()
# reports the ADMM Retreat of 5 March 2024 in Luang Prabang, which seed 004 reports too
RETREAT = ("Ngày 5/3/2024, Đại tướng Phan Văn Giang tham dự ADMM Hẹp tại Luang Prabang, Lào.\n"
           "Các Bộ trưởng thảo luận về an ninh hàng hải và biến đổi khí hậu.\n")
# for lexicon edits: a longer term over "an ninh biển" (maritime security), and a word in capitals
# written with the old tone placement ("HOÀ", not "HÒA")
SNIPPETS = ("Hai bên nhất trí tăng cường an ninh biển quốc tế và an ninh biển khu vực.\n"
            "Các bên cam kết HOÀ GIẢI mọi bất đồng bằng biện pháp hòa bình.\n")
ENGLISH = ("The ASEAN defence ministers met in Vientiane and discussed maritime security in the South China Sea.\n"
           "They agreed to strengthen cooperation in peacekeeping.\n")


@pytest.fixture(scope="module")
def stored(corpus):
    """The seed corpus as the dashboard reads it: from the processed store."""
    return read_processed(processed_dir())


def uploads_of(files, corpus, limits=LIMITS):
    report = admit(read_files([(name, text.encode("utf-8")) for name, text in files.items()], limits), corpus, limits)
    assert not report.problems, report.problems
    return report.uploads


def without_upload_columns(corpus):
    return {**corpus, "articles": corpus["articles"].drop(columns=list(session.UPLOAD_COLUMNS))}


def assert_same(left, right):
    assert left.keys() == right.keys()
    for name in left:
        # the same values: a stored corpus holds its CODED_COLUMNS as categoricals, a session's new tables as text
        pd.testing.assert_frame_equal(left[name], right[name], check_dtype=False, check_categorical=False, obj=name)


def test_no_uploads_assemble_the_shared_corpus_again_exactly(stored, resources):
    assert_same(without_upload_columns(with_uploads(stored, [], resources)), stored)


def test_an_upload_joins_every_table_and_the_meeting_it_reports(stored, resources):
    before = {name: table.copy(deep=True) for name, table in stored.items()}
    uploads = uploads_of({"retreat.txt": RETREAT}, stored)
    added = uploads[0].article.article_id

    mine = with_uploads(stored, uploads, resources)

    assert_same(stored, before)  # the shared tables are untouched
    articles = mine["articles"].set_index("article_id")
    assert len(articles) == len(stored["articles"]) + 1
    assert articles["uploaded"].tolist().count(True) == 1 and articles.at[added, "uploaded"]
    assert set(articles["language"]) == {"vi"}
    retreat = mine["meetings"].set_index("meeting_id").at["admm_retreat-2024-03-05", "article_ids"].split(";")
    assert sorted(retreat) == sorted([article_id(stored, "004"), added])
    assert {"maritime_security", "climate_environment"} <= set(
        mine["topic_counts"].query("article_id == @added")["topic"])
    assert not mine["keywords"].query("article_id == @added").empty
    assert mine["raw_articles"]["article_id"].tolist()[-1] == added


def test_what_an_upload_says_about_its_article_is_curation(stored, resources):
    report = admit(pasted(RETREAT, {"title": "Bài của tôi", "date": "2024-03", "source": " Báo X ", "url": ""},
                          LIMITS), stored, LIMITS)
    mine = with_uploads(stored, report.uploads, resources)
    row = mine["articles"].set_index("file").loc["pasted.txt"]
    assert (row["title"], row["title_origin"]) == ("Bài của tôi", "curated")
    assert (row["date"], row["date_precision"], row["date_origin"]) == ("2024-03-01", "month", "curated")
    assert (row["source"], row["source_origin"]) == ("Báo X", "curated")


def test_an_article_in_another_language_is_kept_out_of_keyword_statistics(stored, resources):
    uploads = uploads_of({"english.txt": ENGLISH}, stored)
    assert uploads[0].language == "other"
    other = uploads[0].article.article_id

    mine = with_uploads(stored, uploads, resources)

    assert mine["articles"].set_index("article_id").at[other, "language"] == "other"
    assert mine["keywords"].query("article_id == @other").empty
    assert other not in set(mine["keyword_stats"]["term"])
    assert mine["topic_counts"].query("article_id == @other")["topic"].tolist()  # its topics still count
    ids = mine["articles"]["article_id"].tolist()
    assert vietnamese(mine, ids) == [a for a in ids if a != other]
    assert vietnamese(stored, ids[:3]) == ids[:3]


def test_admit_refuses_duplicates_bad_dates_and_more_than_the_session_holds(stored, resources):
    seed = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    report = read_files([("copy.txt", seed.encode()), ("a.txt", RETREAT.encode()), ("b.txt", RETREAT.encode())],
                        LIMITS)
    report.uploads += pasted(ENGLISH, {"date": "5/3/2024"}, LIMITS).uploads
    admitted = admit(report, stored, LIMITS)
    reasons = {p.file: p.reason for p in admitted.problems}
    assert reasons["copy.txt"].startswith(f"the same text as {next(SEEDS.glob('003_*.txt')).name}, already loaded")
    assert reasons["b.txt"] == "the same text as a.txt, already loaded; skipped"
    assert "“5/3/2024” is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY" in reasons["pasted.txt"]
    assert [u.article.file for u in admitted.uploads] == ["a.txt"]

    mine = with_uploads(stored, admitted.uploads, resources)
    full = admit(read_files([("c.txt", ENGLISH.encode())], LIMITS), mine, Limits(max_session_articles=1))
    assert not full.uploads
    assert full.problems[0].reason == "this session already holds 1 added articles, the limit; remove some first"


def test_a_name_already_taken_gets_a_number(stored):
    seed_file = stored["articles"]["file"].iloc[0]
    report = read_files([(seed_file, RETREAT.encode()), (seed_file, ENGLISH.encode())], LIMITS)
    assert [u.article.file for u in admit(report, stored, LIMITS).uploads] == [f"{seed_file} (2)", f"{seed_file} (3)"]


def test_uploads_leave_the_shared_cache_whole(tmp_path, monkeypatch, resources):
    """A session asks the cache for a few articles: it must not compact away the rows of the others."""
    monkeypatch.setenv("DEFENCE_NEWS_CACHE", str(tmp_path / "cache"))
    corpus, _ = build(store_name=None)
    for name, text in (("a.txt", RETREAT), ("b.txt", ENGLISH), ("c.txt", RETREAT.replace("5/3", "6/3"))):
        with_uploads(corpus, uploads_of({name: text}, corpus), resources)
    again, report = build(store_name=None)
    assert report.analysed == report.segmented == 0
    assert_same(again, corpus)


def in_reading_order(mentions):
    return mentions.sort_values(["article_id", "sentence_index", "start"], kind="stable", ignore_index=True)


def test_the_same_lexicon_recounts_the_build_s_topics(stored):
    recounted = with_lexicon(stored, lexicon_of(load_lexicon().entries()))
    assert_same(recounted, {**stored, "mentions": in_reading_order(stored["mentions"])})


def _forbidden(*args, **kwargs):
    raise AssertionError("a lexicon edit segmented or processed an article again")


def test_a_lexicon_edit_recounts_topics_without_segmenting(stored, resources, monkeypatch):
    monkeypatch.setattr(segment, "segment_words", _forbidden)
    monkeypatch.setattr(session, "process", _forbidden)
    training = resources.lexicon.topics["training_education"]
    entry = {**resources.lexicon.entries()[list(resources.lexicon.topics).index("training_education")],
             "terms_vi": [term for term in training.terms_vi if term != "học bổng"]}
    edited = with_topic(resources.lexicon, entry)

    mine = with_lexicon(stored, edited)

    seed = article_id(stored, "003")
    counts = mine["topic_counts"].set_index(["article_id", "topic"])
    before = stored["topic_counts"].set_index(["article_id", "topic"])
    assert counts.at[(seed, "training_education"), "hits"] == before.at[(seed, "training_education"), "hits"] - 1
    words = stored["articles"].set_index("article_id").at[seed, "words"]
    assert counts.at[(seed, "training_education"), "per_1000_words"] == round(
        counts.at[(seed, "training_education"), "hits"] / words * 1000, 3)
    places_and_countries = [in_reading_order(c["mentions"].query("kind != 'topic'")) for c in (mine, stored)]
    pd.testing.assert_frame_equal(*places_and_countries)
    assert_same({k: v for k, v in mine.items() if k not in ("mentions", "topic_counts", "statements")},
                {k: v for k, v in stored.items() if k not in ("mentions", "topic_counts", "statements")})


def recounted_in_full(corpus, lexicon):
    """The corpus with every stored sentence matched again by `lexicon`: what an edit must give."""
    found, counts = count_topics(corpus["sentences"], lexicon)
    others = corpus["mentions"].query("kind != 'topic'")
    mentions = in_reading_order(pd.concat([others, found[list(others.columns)]], ignore_index=True))
    counts["per_1000_words"] = per_1000_words(counts, corpus["articles"].set_index("article_id")["words"])
    statements = statements_with_topics(corpus["statements"], mentions, corpus["sentences"])
    return {**corpus, "mentions": mentions, "topic_counts": counts, "statements": statements}


@pytest.fixture(scope="module")
def with_snippets(stored, resources):
    return with_uploads(stored, uploads_of({"snippets.txt": SNIPPETS}, stored), resources)


def edited(lexicon, topic_id, **lists):
    """The lexicon with the term lists of one topic changed: field=function of the old list."""
    entry = next(e for e in lexicon.entries() if e["id"] == topic_id)
    return with_topic(lexicon, {**entry, **{field: change(entry[field]) for field, change in lists.items()}})


def moved(lexicon, term, source, target):
    without = edited(lexicon, source, terms_vi=lambda terms: [t for t in terms if t != term])
    return edited(without, target, terms_vi=lambda terms: [*terms, term])


def hits(corpus, prefix, topic):
    counts = corpus["topic_counts"].query("article_id == @article_id(@corpus, @prefix) and topic == @topic")
    return int(counts["hits"].sum())


def matched(corpus, prefix, topic):
    found = corpus["mentions"].query(
        "kind == 'topic' and key == @topic and article_id == @article_id(@corpus, @prefix)")
    return found["matched"].tolist()


PEACE = {"id": "peace", "label_vi": "Hòa bình", "label_en": "Peace", "terms_vi": ["hòa bình"]}
SETTLEMENT = {"id": "dispute_settlement", "label_vi": "Hòa giải", "label_en": "Dispute settlement",
              "terms_vi": ["hòa giải"]}

# (edit of data/topics.yaml, what it must change in the seed corpus with SNIPPETS uploaded)
EDITS = {
    "a term added": (
        lambda lex: edited(lex, "defence_exchanges", terms_vi=lambda terms: [*terms, "hợp tác thực chất"]),
        lambda before, after: matched(after, "000", "defence_exchanges").count("hợp tác thực chất") == 2),
    "a term removed": (
        lambda lex: edited(lex, "training_education", terms_vi=lambda terms: [t for t in terms if t != "học bổng"]),
        lambda before, after:
        hits(after, "003", "training_education") == hits(before, "003", "training_education") - 1),
    # "gìn giữ hòa bình Liên Hiệp Quốc" in seed 003 is now read as one phrase that is no topic
    "an exclusion that kills a hit": (
        lambda lex: edited(lex, "peacekeeping", exclusions=lambda terms: [*terms, "gìn giữ hòa bình Liên Hiệp Quốc"]),
        lambda before, after: hits(before, "003", "peacekeeping") == 1 and hits(after, "003", "peacekeeping") == 0),
    "a term moved to another topic": (
        lambda lex: moved(lex, "học bổng", "training_education", "capacity_building"),
        lambda before, after: "học bổng" in matched(after, "003", "capacity_building")
        and "học bổng" not in matched(after, "003", "training_education")),
    # "an ninh biển quốc tế" holds "an ninh biển" (maritime security): the longer term wins where it is
    "a longer term over an existing one": (
        lambda lex: edited(lex, "international_law", terms_vi=lambda terms: [*terms, "an ninh biển quốc tế"]),
        lambda before, after: matched(before, "snippets", "maritime_security") == ["an ninh biển"] * 2
        and matched(after, "snippets", "maritime_security") == ["an ninh biển"]
        and "an ninh biển quốc tế" in matched(after, "snippets", "international_law")),
    # "hòa bình" alone is no topic; as one, it leaves "gìn giữ hòa bình" to peacekeeping
    "a new topic": (
        lambda lex: with_topic(lex, PEACE, new=True),
        lambda before, after: matched(after, "003", "peace") == ["hòa bình"] * 4
        and matched(after, "003", "peacekeeping") == ["gìn giữ hòa bình"]),
    "a new topic written otherwise in the text": (
        lambda lex: with_topic(lex, SETTLEMENT, new=True),
        lambda before, after: matched(after, "snippets", "dispute_settlement") == ["HOÀ GIẢI"]),
    "a topic removed": (
        lambda lex: without_topic(lex, "peacekeeping"),
        lambda before, after: hits(before, "003", "peacekeeping") == 1 and "peacekeeping" not in set(
            after["mentions"]["key"]) | set(after["topic_counts"]["topic"])),
    "labels only": (
        lambda lex: with_topic(lex, {**lex.entries()[list(lex.topics).index("hadr")], "label_en": "Disaster relief"}),
        lambda before, after: set(after["topic_counts"].query("topic == 'hadr'")["label_en"]) == {"Disaster relief"}),
}


@pytest.mark.parametrize("edit", EDITS)
def test_a_lexicon_edit_gives_what_matching_every_sentence_gives(with_snippets, resources, edit, monkeypatch):
    make, changed = EDITS[edit]
    lexicon = make(resources.lexicon)
    matched_again = []
    find = session.find_topics
    monkeypatch.setattr(session, "find_topics", lambda s, lex: matched_again.append(len(s)) or find(s, lex))

    mine = with_lexicon(with_snippets, lexicon, counted_with=resources.lexicon)

    assert_same(mine, recounted_in_full(with_snippets, lexicon))
    assert changed(with_snippets, mine)
    # only the sentences that hold a term or exclusion edited are matched again
    assert matched_again[0] < len(with_snippets["sentences"]) / 4
    if edit == "labels only":
        assert matched_again == [0]


def test_edits_one_after_another_recount_from_the_last(with_snippets, resources):
    first = with_topic(resources.lexicon, PEACE, new=True)
    second = edited(first, "peacekeeping", terms_vi=lambda terms: [t for t in terms if t != "gìn giữ hòa bình"])
    mine = with_lexicon(with_lexicon(with_snippets, first), second, counted_with=first)
    assert_same(mine, recounted_in_full(with_snippets, second))
    assert matched(mine, "003", "peace") == ["hòa bình"] * 5


def test_a_corpus_counted_with_another_lexicon_is_counted_again_in_full(with_snippets, resources):
    counted_with_peace = with_lexicon(with_snippets, with_topic(resources.lexicon, PEACE, new=True))
    # told the corpus was counted with data/topics.yaml, which has no topic "peace"
    mine = with_lexicon(counted_with_peace, resources.lexicon)
    assert_same(mine, recounted_in_full(with_snippets, resources.lexicon))
    assert "peace" not in set(mine["topic_counts"]["topic"])


def test_a_removed_topic_leaves_every_count_and_statement(stored, resources):
    mine = with_lexicon(stored, without_topic(resources.lexicon, "peacekeeping"))
    assert "peacekeeping" in set(stored["topic_counts"]["topic"])
    assert "peacekeeping" not in set(mine["topic_counts"]["topic"])
    assert "peacekeeping" not in set(mine["mentions"]["key"])
    assert not mine["statements"]["topics"].str.contains("peacekeeping").any()
    assert stored["statements"]["topics"].str.contains("peacekeeping").any()


def test_term_hits_add_up_to_the_topic_counts(stored, resources):
    hits = term_hits(resources.lexicon, aggregate(stored, "mention_forms"))
    per_topic = hits.groupby("topic")["hits"].sum()
    counted = stored["topic_counts"].groupby("topic")["hits"].sum()
    assert per_topic[per_topic > 0].sort_index().to_dict() == counted.sort_index().to_dict()
    assert hits.query("field == 'exclusions'")["hits"].isna().all()
    assert hits.set_index(["topic", "term"]).at[("south_china_sea", "Biển Đông"), "hits"] > 0


def test_term_hits_after_an_edit_count_the_new_term(stored, resources):
    lexicon = edited(resources.lexicon, "defence_exchanges", terms_vi=lambda terms: [*terms, "hợp tác thực chất"])
    mine = with_lexicon(stored, lexicon)
    hits = term_hits(lexicon, aggregate(mine, "mention_forms")).set_index(["topic", "term"])["hits"]
    found = mine["mentions"].query("key == 'defence_exchanges'")["matched"].str.lower()
    assert hits[("defence_exchanges", "hợp tác thực chất")] == (found == "hợp tác thực chất").sum() >= 2
    assert hits.xs("defence_exchanges").sum() == len(found)


def test_editing_topics_checks_the_result_as_a_lexicon_file_is_checked(resources):
    lexicon = resources.lexicon
    terms = pd.DataFrame({"field": ["terms_vi", "acronyms", None], "term": [" tuần tra chung ", "JP", "ignored"]})
    entry = topic_entry("joint_patrols", {"label_vi": "Tuần tra chung", "label_en": "Joint patrols"}, terms)
    assert entry["terms_vi"] == ["tuần tra chung"] and entry["acronyms"] == ["JP"]
    added = with_topic(lexicon, entry, new=True)
    assert list(added.topics)[-1] == "joint_patrols" and len(added.topics) == len(lexicon.topics) + 1
    with pytest.raises(DataFileError, match="a topic 'joint_patrols' exists already"):
        with_topic(added, entry, new=True)
    with pytest.raises(DataFileError) as empty:
        with_topic(lexicon, {**entry, "id": "hadr", "terms_vi": [], "acronyms": []})
    assert str(empty.value) == f"{EDITED}: topic 'hadr' has no terms"
    assert empty.value.line is None
    only = lexicon_of(lexicon.entries()[:1])
    with pytest.raises(DataFileError, match="non-empty list"):
        without_topic(only, only.entries()[0]["id"])


def test_an_uploaded_lexicon_is_read_safely_and_named_with_its_line(resources):
    text = resources.lexicon.to_yaml()
    assert uploaded_lexicon("mine.yaml", text.encode(), LIMITS).entries() == resources.lexicon.entries()
    broken = text.replace("  label_vi: An ninh hàng hải", "  label_vi: [An ninh hàng hải", 1)
    with pytest.raises(DataFileError) as error:
        uploaded_lexicon("broken.yaml", broken.encode(), LIMITS)
    assert error.value.file == "broken.yaml" and error.value.line is not None
    assert str(error.value).startswith(f"broken.yaml, line {error.value.line}: not valid YAML")
    code = "!!python/object/apply:os.system ['echo pwned']\n"
    with pytest.raises(DataFileError, match="not valid YAML"):
        uploaded_lexicon("code.yaml", code.encode(), LIMITS)
    with pytest.raises(DataFileError, match="more than the limit of 0.001 MB"):
        uploaded_lexicon("big.yaml", text.encode(), Limits(max_file_mb=0.001))
    with pytest.raises(DataFileError, match="not UTF-8"):
        uploaded_lexicon("latin.yaml", "topics: é".encode("latin-1"), LIMITS)


def test_curation_round_trips_through_its_table():
    curated = {"a.txt": Curation("T", parse_curated("2023-3"), "S", "u", "L", ("admm", "admm_plus#7")),
               "b.txt": Curation(title="only a title")}
    assert curation_of_table(curation_table(curated)) == curated


def test_a_store_without_the_raw_tables_is_built_again(corpus, tmp_path):
    old = tmp_path / "old"
    store.write_processed({name: table for name, table in corpus.items() if name != "raw_articles"}, old, {})
    with pytest.warns(UserWarning, match="written by an older version, without raw_articles"):
        assert read_processed(old) is None


def test_a_store_whose_mentions_hold_their_sentences_is_built_again(corpus):
    """Store format 1 (no "format" in meta.json) kept each mention's sentence in the mentions table."""
    build(store_name="format-1")
    folder = processed_dir("format-1")
    store.write_processed({**corpus, "mentions": with_sentences(corpus["mentions"], corpus["sentences"])}, folder,
                          json.loads((folder / "meta.json").read_text(encoding="utf-8")))
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    (folder / "meta.json").write_text(json.dumps({k: v for k, v in meta.items() if k != "format"}), encoding="utf-8")
    with pytest.warns(UserWarning, match="in store format 1"):
        assert read_processed(folder) is None

    _, report = build(store_name="format-1")

    assert not report.unchanged
    assert "sentence" not in read_processed(folder)["mentions"].columns


def test_counting_topics_again_matches_the_build_for_uploads_too(stored, resources):
    mine = with_uploads(stored, uploads_of({"retreat.txt": RETREAT}, stored), resources)
    mentions, counts = count_topics(mine["sentences"], resources.lexicon)
    built = mine["mentions"].query("kind == 'topic'")
    assert len(mentions) == len(built)
    assert counts["hits"].sum() == mine["topic_counts"]["hits"].sum()


def test_nothing_is_written_to_data(stored, resources):
    before = sorted((p.relative_to(ROOT / "data"), p.stat().st_mtime) for p in (ROOT / "data").rglob("*"))
    with_lexicon(with_uploads(stored, uploads_of({"x.txt": RETREAT}, stored), resources),
                 without_topic(resources.lexicon, "hadr"))
    assert sorted((p.relative_to(ROOT / "data"), p.stat().st_mtime) for p in (ROOT / "data").rglob("*")) == before
