"""The Keywords page, run with AppTest: top terms and their downloads, a term in context (KWIC)
with its counts, keyness of one group against the rest, and an article that tries to inject HTML."""

import pytest

from conftest import all_ids

from defence_news.export import csv_bytes
from defence_news.query import kwic, term_counts, top_terms
from page_testing import (chart_spec, click, download, hostile_corpus, open_page, plotly_values,  # noqa: F401
                          read_csv, served)

TERM = "an ninh hàng hải"


@pytest.fixture
def seed_store(corpus):
    """The seed store the app reads, built by the `corpus` fixture."""
    return corpus



def kwic_html(at):
    return next(h.value for h in at.get("html") if "class='kwic'" in h.value)


def test_top_terms_download_the_bars_they_draw(seed_store, served):
    at = open_page("keywords")
    assert not at.exception
    for n in (1, 2):
        data, name = download(at, served, f"top_terms_{n}")
        assert name == f"top_terms_{n}__all.csv"
        expected = top_terms(seed_store, all_ids(seed_store), n, limit=20)
        table = read_csv(data)
        # the data keeps "_" inside a word; the bars are labelled as a reader writes the term
        assert table["term"].tolist() == expected["term"].tolist()
        assert table["term_display"].tolist() == expected["term"].str.replace("_", " ").tolist()
        bars = chart_spec(at, f"top_terms_{n}")["data"][0]
        assert bars["y"] == table["term_display"].tolist()
        assert plotly_values(bars["x"]) == table["hits"].astype(int).tolist()
    assert "an_ninh khu_vực" in set(read_csv(download(at, served, "top_terms_2")[0])["term"])


def test_a_term_in_context_is_highlighted_and_counted(seed_store, served):
    at = open_page("keywords")
    at.text_input(key="term").input(TERM).run()
    assert not at.exception
    concordance = kwic(seed_store, all_ids(seed_store), TERM)
    # the phrase is written three times in the seeds, in lower case
    assert len(concordance) == seed_store["sentences"]["sentence"].str.lower().str.count(TERM).sum() == 3
    body = kwic_html(at)
    assert body.count("<tr>") == len(concordance)
    assert body.count(f'<mark class="hit" title="{TERM}">') == len(concordance)
    assert any(md.value == f"**Từ trong ngữ cảnh** ({len(concordance)})" for md in at.markdown)
    assert download(at, served, "kwic")[0] == csv_bytes(concordance)
    for by in ("meeting", "country"):
        counts = read_csv(download(at, served, f"term_by_{by}")[0])
        expected = term_counts(concordance, seed_store, by)
        assert counts[["group", "hits"]].values.tolist() == expected[["group", "hits"]].astype(str).values.tolist()


def test_a_clicked_term_opens_in_context(seed_store):
    at = open_page("keywords")
    click(at, "top_terms_2", {"y": "an ninh khu vực", "x": 6, "point_index": 0})
    assert not at.exception
    assert at.text_input(key="term").value == "an ninh khu vực"
    assert kwic_html(at).count("<tr>") == len(kwic(seed_store, all_ids(seed_store), "an ninh khu vực")) > 0


def test_keyness_of_a_series_against_the_rest_of_the_selection(seed_store, served):
    at = open_page("keywords")
    at.selectbox(key="target-series").set_value("admm_retreat").run()
    assert not at.exception
    shown = at.dataframe[0].value
    assert download(at, served, "keyness")[0] == csv_bytes(shown)
    # seed 004 alone reports the retreat: 843 words against the other four seeds
    assert any(caption.value.startswith("Nhóm cần xem: 1 bài, 843 từ · Đối chứng") for caption in at.caption)
    assert shown["g2"].iloc[0] >= 3.84
    assert (shown["target_per_1000"] > shown["reference_per_1000"]).all()
    assert any("3,84" in caption.value for caption in at.caption)


def test_keyness_with_nothing_left_to_compare_says_so(seed_store):
    at = open_page("keywords", series="admm_retreat")
    at.selectbox(key="target-series").set_value("admm_retreat").run()
    assert not at.exception
    assert any(info.value.startswith("Mọi bài của lựa chọn đều thuộc nhóm này") for info in at.info)
    assert at.query_params["series"] in ("admm_retreat", ["admm_retreat"])


def test_the_concordance_shows_markup_in_an_article_as_text(hostile_corpus):
    at = open_page("keywords")
    at.text_input(key="term").input(TERM).run()
    assert not at.exception
    body = kwic_html(at)
    assert body.count(f'<mark class="hit" title="{TERM}">') == 3
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script" not in body and "<img" not in body
