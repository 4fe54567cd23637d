"""Keywords: the most frequent words and two-word terms of the selection, any term in context (KWIC)
with its counts by meeting and country, and the terms that set one group of articles apart (G²)."""

import html
import math
import textwrap

import plotly.express as px
import streamlit as st

from defence_news.query import Selection, keyness, kwic, of_articles, selected_articles, term_counts, top_terms
from defence_news.render import highlight_html
from defence_news.session import vietnamese
from defence_news.tables import isin
from pages.common import (chart, corpus_key, country_name, distinct_names, download, kept_in_session, lang,
                          meeting_namer, new_click, readable, selected_ids, series_name, start_page, t, table)

c, sel = start_page("keywords")
# the purpose is written after start_page, which reads the language of a shared link
st.caption(t("keywords_intro"))
selected = selected_ids(c)
# the statistics of Vietnamese words: an article a user added in another language is left out, and said to be
ids = vietnamese(c, selected)
if len(ids) < len(selected):
    st.caption(t("keywords_other_language").format(n=len(selected) - len(ids)))
language, meetings = lang(), c["meetings"]
NAMES = {
    "series": lambda s: series_name(s, language),
    "meeting": meeting_namer(meetings, language),
    "country": lambda iso3: country_name(iso3, language),
}


limit = st.slider(t("how_many"), 10, 60, 20, step=5, key="limit")
for column, n, title_key in zip(st.columns(2), (1, 2), ("top_words", "top_pairs")):
    with column:
        terms = top_terms(c, ids, n, limit)
        terms.insert(1, "term_display", readable(terms["term"]))
        fig = px.bar(terms, x="hits", y="term_display", orientation="h", title=t(title_key),
                     labels={"hits": t("hits"), "term_display": t("term"), "articles": t("articles")},
                     hover_data={"articles": True}, height=140 + 22 * len(terms))
        fig.update_yaxes(autorange="reversed")
        what = f"top_terms_{n}"
        point = new_click(chart(fig, terms, what, select=True), what)
        # a clicked term goes to the search box below, which is drawn later in this run
        if point and point.get("y"):
            st.session_state["term"] = point["y"]

st.subheader(t("find_term"))
term = st.text_input(t("term"), key="term", max_chars=100, help=t("term_help"), placeholder="an ninh hàng hải")
if not term.strip():
    st.info(t("term_empty"))
else:
    concordance = kwic(c, ids, term)
    for column, by, title_key in zip(st.columns(2), ("meeting", "country"), ("term_by_meeting", "term_by_country")):
        with column:
            counts = term_counts(concordance, c, by)
            counts.insert(1, "group_name", counts["group"].map(distinct_names(counts["group"], NAMES[by])))
            # long meeting names wrap on the axis, so that the labels leave room for the bars
            bars = counts.assign(label=["<br>".join(textwrap.wrap(name, 32)) for name in counts["group_name"]])
            # plotly reads tags in a title: the term is shown as typed, never as markup
            fig = px.bar(bars, x="hits", y="label", orientation="h",
                         title=f"{t(title_key)}: “{html.escape(term.strip())}”",
                         labels={"hits": t("hits"), "label": t(by), "articles": t("articles")},
                         hover_name="group_name", hover_data={"label": False, "articles": True},
                         height=140 + 40 * len(counts))
            fig.update_yaxes(autorange="reversed")
            fig.update_xaxes(dtick=max(1, math.ceil(counts["hits"].max() / 6)) if len(counts) else None)
            chart(fig, counts, f"term_by_{by}")
    st.markdown(f"**{t('kwic')}** ({len(concordance)})")
    if concordance.empty:
        st.info(t("nothing"))
    else:
        rows = "".join(
            f"<tr><td style='white-space:nowrap;color:#5b6678'>"
            f"{highlight_html(f'{r.date} · {r.file} · #{r.sentence_index}', [])}</td>"
            f"<td style='text-align:right'>{highlight_html(r.left, [])}</td>"
            f"<td style='white-space:nowrap'>{highlight_html(r.match, [(0, len(r.match), 'hit', term.strip())])}</td>"
            f"<td>{highlight_html(r.right, [])}</td></tr>"
            for r in concordance.itertuples()
        )
        st.html(f"<div class='kwic' style='max-height:32rem;overflow:auto'><table style='font-size:0.9rem'>{rows}"
                "</table></div>")
        download(concordance, "kwic")

st.subheader(t("keyness"))
kinds = {"series": t("series"), "meeting": t("meeting"), "country": t("country")}
kind = st.segmented_control(t("compare_by"), list(kinds), key="target_kind", default="series", required=True,
                            format_func=kinds.get)
links = of_articles(c, c["article_meetings"], ids)
named = of_articles(c, c["country_mentions"], ids)
reported = isin(meetings["meeting_id"], links["meeting_id"].unique())
groups = {
    "series": meetings.loc[reported, "series"].unique(),
    "meeting": list(meetings.loc[reported, "meeting_id"]),
    "country": named["country"].unique(),
}[kind]
target_names = distinct_names(groups, NAMES[kind])
# meetings in the order they met, series and countries by name
options = list(groups) if kind == "meeting" else sorted(groups, key=target_names.get)
target = st.selectbox(t("target"), options, key=f"target-{kind}", format_func=target_names.get)
if target is None:
    st.info(t("nothing"))
else:
    field = {"series": "series", "meeting": "meetings", "country": "countries"}[kind]
    in_group = set(selected_articles(c, Selection(**{field: (target,)}))["article_id"])
    target_ids = [a for a in ids if a in in_group]
    reference_ids = [a for a in ids if a not in in_group]
    words = c["articles"].set_index("article_id")["words"]
    st.caption(t("keyness_sizes").format(ta=len(target_ids), tw=int(words[target_ids].sum()),
                                         ra=len(reference_ids), rw=int(words[reference_ids].sum())))
    if not reference_ids:
        st.info(t("no_reference"))
    else:
        # kept for the next run while the groups stay the same: a click reruns the page
        distinctive = kept_in_session("keywords_keyness", (corpus_key(), tuple(target_ids), tuple(reference_ids)),
                                      lambda: keyness(c, target_ids, reference_ids)).copy()
        distinctive.insert(1, "term_display", readable(distinctive["term"]))
        table(distinctive, "keyness")
st.caption(t("g2_note"))
