"""Trends: a meeting series' topic shares from edition to edition, what a period or a meeting brings
that the articles before it did not, and lexicon entries suggested by topic discovery (NMF)."""

import pandas as pd
import plotly.express as px
import streamlit as st

from defence_news.discovery import (MIN_ARTICLES, TooFewArticles, discover_terms, discovery_articles,
                                   with_suggestion)
from defence_news.query import meeting_articles, meeting_coverage
from defence_news.trends import series_trend, whats_new
from pages.common import (LEXICON, MAX_COLUMNS, MAX_MEETINGS, chart, corpus_key, distinct_names, evidence_rows,
                          kept_in_session, lang, lexicon, meeting_namer, named, new_click, pick_cell, readable,
                          selected_ids, series_name, show_evidence, start_page, t, table, topic_name)

c, sel = start_page("trends")
# the purpose is written after start_page, which reads the language of a shared link
st.caption(t("trends_intro"))
ids = selected_ids(c)
language = lang()
covered = meeting_coverage(c, ids)

st.subheader(t("series_trend"))
# series with numbered editions first: they are the ones a reader follows over time
editions = covered.groupby("series").agg(numbered=("edition", "count"), meetings=("meeting_id", "size"))
series_options = sorted(editions.index, key=lambda s: (-editions.at[s, "numbered"], -editions.at[s, "meetings"],
                                                       series_name(s, language)))
series = st.selectbox(t("series"), series_options, key="trend_series", format_func=lambda s: series_name(s, language))
if series is None:
    st.info(t("nothing"))
else:
    trend = series_trend(c, series, ids)
    # "#12 · 2023" for an edition the press numbers, its date for one it does not
    editions_of = {r.meeting_id: f"#{r.edition} · {r.date}" if pd.notna(r.edition) else r.date or r.meeting_id
                   for r in trend.drop_duplicates("meeting_id").itertuples()}
    labels = distinct_names(list(editions_of), editions_of.get)
    trend.insert(1, "edition_label", trend["meeting_id"].map(labels))
    trend.insert(5, "topic_name", named(trend["topic"], lambda topic: topic_name(topic, language)))
    # the latest editions of a long series are drawn; the CSV holds them all
    drawn = trend
    if len(labels) > MAX_COLUMNS:
        st.caption(t("editions_latest").format(n=MAX_COLUMNS, total=len(labels)))
        drawn = trend[trend["meeting_id"].isin(list(labels)[-MAX_COLUMNS:])]
    fig = px.bar(drawn, x="edition_label", y="share", color="topic_name", custom_data=["meeting_id", "topic", "hits"],
                 category_orders={"edition_label": list(drawn["edition_label"].unique())}, title=t("share_title"),
                 labels={"edition_label": t("edition"), "share": t("share"), "topic_name": t("topic")},
                 # 26 colours: the lexicon's twenty-odd topics each get their own
                 color_discrete_sequence=px.colors.qualitative.Alphabet, height=520)
    fig.update_traces(hovertemplate=(f"<b>%{{fullData.name}}</b><br>%{{x}}<br>{t('share')}: %{{y:.1%}}<br>"
                                     f"{t('hits')}: %{{customdata[2]}}<extra></extra>"))
    fig.update_layout(barmode="stack", yaxis_tickformat=".0%")
    fig.update_xaxes(type="category")
    what = f"series_trend_{series}"
    point = new_click(chart(fig, trend, what, select=True), what)
    cells = {(r.meeting_id, r.topic): f"{r.topic_name} · {r.edition_label} ({t('share')}: {r.share:.1%}, "
                                      f"{t('hits')}: {r.hits})" for r in drawn.itertuples()}
    cell = pick_cell(point, cells, f"pick-trend-{series}")
    if cell:
        meeting, topic = cell
        show_evidence(evidence_rows(c, kind="topic", key=topic, meeting=meeting), f"sentences_trend_{series}")

st.subheader(t("whats_new"))
targets = {"meeting": t("target_meeting"), "selection": t("selection")}
target = st.segmented_control(t("new_target"), list(targets), key="new_target", default="meeting", required=True,
                              format_func=targets.get)
target_ids = ids
if target == "meeting":
    # the latest meetings of a large corpus are listed: a box cannot hold hundreds of thousands
    listed = covered
    if len(covered) > MAX_MEETINGS:
        st.caption(t("meetings_latest").format(n=MAX_MEETINGS, total=len(covered)))
        listed = covered.tail(MAX_MEETINGS)
    names = distinct_names(listed["meeting_id"], meeting_namer(listed, language))
    # the latest meeting by default: it has the most before it to be compared with
    meeting = st.selectbox(t("meeting"), list(names), index=len(names) - 1 if names else None, key="new_meeting",
                           format_func=names.get)
    target_ids = list(meeting_articles(c, meeting, ids)["article_id"]) if meeting else []
# what a run computed is kept for the next while the selection stays the same: a click reruns the page
new = kept_in_session("trends_whats_new", (corpus_key(), tuple(target_ids)), lambda: whats_new(c, target_ids))
if not target_ids or new.before is None:
    st.info(t("nothing"))
elif not new.reference_ids:
    st.info(t("nothing_before").format(before=new.before))
else:
    st.caption(t("new_sizes").format(ta=len(target_ids), ra=len(new.reference_ids), before=new.before))
    st.markdown(f"**{t('new_terms')}**")
    terms = new.terms.copy()
    terms.insert(1, "term_display", readable(terms["term"]))
    table(terms, "new_terms")
    st.caption(t("g2_note"))
    st.markdown(f"**{t('rising_topics')}**")
    rising = new.topics.copy()
    rising.insert(1, "topic_name", rising["topic"].map(lambda topic: topic_name(topic, language)))
    table(rising, "rising_topics")

st.subheader(t("discovery"))
st.caption(t("discovery_intro"))
left, right = st.columns(2)
n_topics = left.slider(t("n_topics"), 2, 10, 5, key="n_topics")
n_terms = right.slider(t("n_terms"), 3, 15, 8, key="n_terms")


def accept(topic: str, phrase: str) -> None:
    """Put the phrase in the session's lexicon, which every page then counts with."""
    st.session_state[LEXICON] = with_suggestion(lexicon(), topic, phrase)


read = discovery_articles(ids)
if len(read) < len(set(ids)):
    st.caption(t("discovery_sample").format(n=len(read), total=len(set(ids))))
try:
    found = kept_in_session("trends_discovery", (corpus_key(), tuple(read), n_topics, n_terms),
                            lambda: discover_terms(c, ids, lexicon(), n_topics, n_terms))
except TooFewArticles as few:
    st.info(t("too_few").format(need=MIN_ARTICLES, n=few.articles))
else:
    table(found.assign(suggested_name=found["suggested_topic"].map(lambda k: topic_name(k, language) if k else "")),
          "discovered_terms")
    columns = st.columns(3)
    for component, terms in found.groupby("component"):
        with columns[(component - 1) % 3].container(border=True):
            st.markdown(f"**{t('candidate').format(k=component)}**")
            for r in terms.itertuples():
                if r.in_lexicon:
                    st.caption(t("in_lexicon").format(term=r.phrase, topic=topic_name(r.in_lexicon, language)))
                elif not r.suggested_topic:
                    st.caption(t("no_suggestion").format(term=r.phrase))
                else:
                    st.button(t("add_to").format(term=r.phrase, topic=topic_name(r.suggested_topic, language)),
                              key=f"add-{component}-{r.rank}", icon=":material/add:",
                              help=t("add_help").format(n=r.shared_sentences),
                              on_click=accept, args=(r.suggested_topic, r.phrase))
