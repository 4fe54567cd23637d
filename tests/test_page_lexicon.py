"""The Lexicon page, run with AppTest: each topic's terms and hits; edits recount every page at once
without segmenting; a lexicon that cannot be used is refused with its file and line while the
previous one stays; download, upload and reset."""

import pytest

from defence_news import segment, session, store
from defence_news.export import csv_bytes
from page_testing import download, edit_table, open_page, read_csv, served  # noqa: F401 (fixture)
from pages.common import LEXICON


def _forbidden(*args, **kwargs):
    raise AssertionError("a lexicon edit segmented or processed an article again")


@pytest.fixture
def no_segmenting(monkeypatch):
    """Fail the test if anything is segmented or processed again."""
    monkeypatch.setattr(segment, "segment_words", _forbidden)
    monkeypatch.setattr(session, "process", _forbidden)
    monkeypatch.setattr(store, "process", _forbidden)


def press(at, label: str):
    next(button for button in at.button if button.label == label).click()
    return at.run()


def choose(at, topic: str):
    picker = next(box for box in at.selectbox if box.key and box.key.startswith("lexicon-topic-"))
    return picker.set_value(topic).run()


def terms_key(at) -> str:
    """Return the key of the terms editor of the topic chosen (it carries the lexicon's version)."""
    return next(node.proto.id for node in at.dataframe if "-lexicon-terms-" in node.proto.id).split("-", 2)[2]


def terms(at):
    return next(node.value for node in at.dataframe if "-lexicon-terms-" in node.proto.id)


def top_topics(at, served):
    """Return the Overview's topic totals as its download serves them: topic → (label, hits)."""
    at.switch_page("dashboard.py").run()
    assert not at.exception
    rows = read_csv(download(at, served, "top_topics")[0])
    return {r.topic: (r.label, int(r.hits)) for r in rows.itertuples()}


def topics_by_year(at, served):
    """Return the hits of each topic on the Topics page (over time, by year), as its download serves them."""
    at.switch_page("pages/topics.py").run()
    assert not at.exception
    rows = read_csv(download(at, served, "topics_by_year")[0])
    return rows.assign(hits=rows["hits"].astype(int)).groupby("topic")["hits"].sum().to_dict()


def messages(at):
    return [e.value for e in at.error], [s.value for s in at.success]


def test_each_topic_shows_its_terms_and_how_often_each_matched(corpus, served):
    at = open_page("lexicon")
    assert not at.exception
    overview = next(d.value for d in at.dataframe if d.value.columns[0] == "topic")
    totals = corpus["topic_counts"].groupby("topic")["hits"].sum()
    assert overview.set_index("topic")["hits"][totals.index].tolist() == totals.tolist()
    assert download(at, served, "lexicon_topics")[0] == csv_bytes(overview)
    shown = choose(at, "south_china_sea")
    found = terms(shown).set_index("term")
    assert found.at["Biển Đông", "hits"] > 0 and found.at["Biển Đông", "field"] == "terms_vi"
    assert found.query("field == 'exclusions'")["hits"].isna().all()
    assert found["hits"].sum() == totals["south_china_sea"]
    assert any(c.value == "Đang dùng từ điển mặc định (data/topics.yaml)." for c in at.caption)


def test_a_removed_term_lowers_the_counts_on_every_page_without_segmenting(corpus, served, no_segmenting):
    at = open_page("lexicon")
    before, before_by_year = top_topics(at, served), topics_by_year(at, served)
    at.switch_page("pages/lexicon.py").run()
    at = choose(at, "training_education")
    row = terms(at)["term"].tolist().index("học bổng")
    at = press(edit_table(at, terms_key(at), {"deleted_rows": [row]}), "Áp dụng")
    assert messages(at) == ([], ["Đã áp dụng: mọi trang dùng từ điển mới."])
    assert "học bổng" not in terms(choose(at, "training_education"))["term"].tolist()

    after = top_topics(at, served)
    assert after["training_education"][1] == before["training_education"][1] - 1
    assert {k: v for k, v in after.items() if k != "training_education"} == \
        {k: v for k, v in before.items() if k != "training_education"}
    by_year = topics_by_year(at, served)
    assert by_year == {**before_by_year, "training_education": before_by_year["training_education"] - 1}


def field(at, name: str):
    """Return the text field `name` (id, label_vi, definition_en, …) of the topic being edited."""
    return next(w for w in [*at.text_input, *at.text_area] if w.key and w.key.startswith(f"lexicon-{name}-"))


def test_a_topic_can_be_added_renamed_and_removed(corpus, resources, served, no_segmenting):
    peacekeeping = resources.lexicon.topics["peacekeeping"].label_vi
    before = open_page("topics")
    at = choose(open_page("lexicon"), "")
    field(at, "id").input("substance")
    field(at, "label_vi").input("Thực chất")
    field(at, "label_en").input("Substance")
    at = edit_table(at.run(), terms_key(at), {"added_rows": [{"field": "terms_vi", "term": "thực chất"}]})
    at = press(at, "Áp dụng")
    assert messages(at) == ([], ["Đã áp dụng: mọi trang dùng từ điển mới."])
    label, hits = top_topics(at, served)["substance"]
    assert label == "Thực chất" and hits > 0

    at.switch_page("pages/lexicon.py").run()
    at = choose(at, "hadr")
    field(at, "label_vi").input("Cứu trợ")
    at = press(at.run(), "Áp dụng")
    assert top_topics(at, served)["hadr"][0] == "Cứu trợ"

    at.switch_page("pages/lexicon.py").run()
    at = press(choose(at, "peacekeeping"), "Bỏ chủ đề này")
    assert "peacekeeping" not in at.session_state[LEXICON].topics
    assert "peacekeeping" not in top_topics(at, served)
    # the sidebar's topic filter no longer offers it
    assert peacekeeping in before.multiselect(key="topic").options
    assert peacekeeping not in at.multiselect(key="topic").options


def test_an_edit_that_cannot_make_a_lexicon_is_refused_and_the_previous_stays(corpus):
    at = choose(open_page("lexicon"), "war_legacy")
    at = press(edit_table(at, terms_key(at), {"deleted_rows": list(range(len(terms(at))))}), "Áp dụng")
    assert messages(at) == (["Không áp dụng; từ điển trước vẫn giữ nguyên. "
                             "the edited lexicon: topic 'war_legacy' has no terms"], [])
    assert LEXICON not in at.session_state
    at = choose(at, "")
    field(at, "id").input("hadr")
    at = edit_table(at.run(), terms_key(at), {"added_rows": [{"field": "terms_vi", "term": "cứu hộ"}]})
    at = press(at, "Áp dụng")
    assert messages(at)[0] == ["Không áp dụng; từ điển trước vẫn giữ nguyên. "
                               "the edited lexicon: a topic 'hadr' exists already; choose another id"]
    assert LEXICON not in at.session_state


def upload_lexicon(at, name: str, data: bytes):
    at.file_uploader(key="lexicon-file").set_value((name, data, "application/x-yaml"))
    return press(at, "Dùng từ điển này")


def test_a_malformed_lexicon_names_its_file_and_line_and_the_previous_stays(corpus):
    at = press(choose(open_page("lexicon"), "peacekeeping"), "Bỏ chủ đề này")
    edited = at.session_state[LEXICON]
    at = upload_lexicon(at, "broken.yaml", b"version: 1\ntopics:\n  - id: a\n    terms_vi: [unclosed\n")
    (error,), _ = messages(at)
    assert error.startswith("Không áp dụng; từ điển trước vẫn giữ nguyên. broken.yaml, line 5: not valid YAML")
    assert at.session_state[LEXICON] is edited
    at = upload_lexicon(at, "code.yaml", b"!!python/object/apply:os.system ['echo pwned']\n")
    assert messages(at)[0][0].startswith("Không áp dụng; từ điển trước vẫn giữ nguyên. code.yaml, line 1: not valid "
                                         "YAML")
    at = upload_lexicon(at, "empty_topic.yaml", "topics:\n  - id: x\n    label_vi: X\n".encode())
    assert messages(at)[0] == ["Không áp dụng; từ điển trước vẫn giữ nguyên. empty_topic.yaml, line 2: "
                               "topic 'x' has no terms"]
    assert at.session_state[LEXICON] is edited


def test_the_edited_lexicon_downloads_and_comes_back_and_resets(corpus, served):
    at = press(choose(open_page("lexicon"), "peacekeeping"), "Bỏ chủ đề này")
    edited = at.session_state[LEXICON]
    data, name = served[at.download_button(key="download-lexicon").proto.url]
    assert name == "topics.yaml" and data == edited.to_yaml().encode("utf-8")
    at = press(at, "Về từ điển mặc định")
    assert LEXICON not in at.session_state
    assert any(c.value == "Đang dùng từ điển mặc định (data/topics.yaml)." for c in at.caption)
    at = upload_lexicon(at, name, data)
    assert messages(at) == ([], ["Đã áp dụng: mọi trang dùng từ điển mới."])
    assert at.session_state[LEXICON].entries() == edited.entries()
    assert any(c.value == "Đang dùng từ điển đã sửa trong phiên này." for c in at.caption)
