"""Overview: the corpus in figures, the top topics, topics by meeting, and the latest meetings."""

import plotly.express as px
import streamlit as st

from defence_news.query import topic_table
from pages.common import (chart, country_name, evidence_rows, meeting_name, selected_ids, series_name,
                          show_evidence, start_page, t, table, topic_name)

c, sel = start_page("overview", "Vietnamese press on ASEAN defence diplomacy: which topics come up, at which "
                    "meeting, with which countries. Every number opens to its sentences.")
ids = selected_ids(c)
articles = c["articles"][c["articles"]["article_id"].isin(ids)]
links = c["article_meetings"][c["article_meetings"]["article_id"].isin(ids)]
meetings = c["meetings"][c["meetings"]["meeting_id"].isin(links["meeting_id"])]
countries = c["country_mentions"][c["country_mentions"]["article_id"].isin(ids)]
dates = articles.loc[articles["date"] != "", "date"]

figures = st.columns(4)
figures[0].metric(t("articles"), len(articles))
figures[0].page_link("pages/articles.py", label=t("articles"), icon="📰")
figures[1].metric(t("meetings"), len(meetings))
figures[1].page_link("pages/meetings.py", label=t("meetings"), icon="🤝")
figures[2].metric(t("countries"), countries["country"].nunique())
figures[2].page_link("pages/countries.py", label=t("countries"), icon="🌏")
figures[3].metric("Thời gian" if st.session_state.get("lang", "vi") == "vi" else "Date span",
                  f"{dates.min()[:4]}–{dates.max()[:4]}" if not dates.empty else "—")
figures[3].page_link("pages/topics.py", label=t("topics"), icon="🏷️")

if articles.empty:
    st.info(t("nothing"))
    st.stop()

left, right = st.columns(2)
with left:
    totals = topic_table(c, ids, by="article").groupby("topic", as_index=False)["hits"].sum()
    totals = totals.sort_values("hits", ascending=False).head(12)
    totals["label"] = totals["topic"].map(topic_name)
    fig = px.bar(totals, x="hits", y="label", orientation="h", title=f"{t('topics')}: {t('hits')}",
                 labels={"hits": t("hits"), "label": t("topic")}, hover_data={"topic": True})
    fig.update_yaxes(autorange="reversed")
    chart(fig, totals[["topic", "label", "hits"]], "top_topics")

with right:
    by_meeting = topic_table(c, ids, by="meeting")
    by_meeting["meeting"] = by_meeting["group"].map(meeting_name)
    by_meeting["label"] = by_meeting["topic"].map(topic_name)
    fig = px.density_heatmap(by_meeting, x="meeting", y="label", z="per_1000_words", histfunc="sum",
                             title=f"{t('topics')} × {t('meetings')}: {t('per_1000_words')}",
                             labels={"meeting": t("meeting"), "label": t("topic"), "per_1000_words": t("per_1000_words")},
                             color_continuous_scale="YlOrRd")
    picked = chart(fig, by_meeting[["group", "meeting", "topic", "label", "hits", "words", "per_1000_words"]],
                   "topics_by_meeting", select=True)
    if picked and picked.get("points"):
        point = picked["points"][0]
        row = by_meeting[(by_meeting["meeting"] == point.get("x")) & (by_meeting["label"] == point.get("y"))]
        if not row.empty:
            show_evidence(evidence_rows(c, kind="topic", key=row["topic"].iloc[0], meeting=row["group"].iloc[0]),
                          "sentences_topic_meeting")

st.subheader(t("meetings"))
latest = meetings.sort_values("date", ascending=False).head(10).assign(
    series_name=lambda f: f["series"].map(series_name),
    countries_named=lambda f: f["countries"].map(lambda s: ", ".join(country_name(x) for x in s.split(";") if x)),
)
table(latest[["meeting_id", "series_name", "edition", "date", "location", "host_country", "countries_named"]],
      "latest_meetings")
st.caption(f"{t('selection')}: {sel.label()}")
