"""The dashboard's entry page, Overview: the corpus in figures, the top topics, topics by meeting,
and the latest meetings. The other pages are in pages/.

Run with `streamlit run dashboard.py` (or `python3 tasks.py run`).
"""

import plotly.express as px
import streamlit as st

from defence_news.query import topic_table
from pages.common import (ICONS, chart, country_name, evidence_rows, link, meeting_short, selected_ids,
                          series_name, show_evidence, start_page, t, table, topic_name)

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
link(figures[0], "pages/articles.py", t("articles"), ICONS["articles"])
figures[1].metric(t("meetings"), len(meetings))
link(figures[1], "pages/meetings.py", t("meetings"), ICONS["meetings"])
figures[2].metric(t("countries"), countries["country"].nunique())
link(figures[2], "pages/countries.py", t("countries"), ICONS["countries"])
figures[3].metric(t("date_span"),
                  f"{dates.min()[:4]}–{dates.max()[:4]}" if not dates.empty else "—")
link(figures[3], "pages/topics.py", t("topics"), ICONS["topics"])

if articles.empty:
    st.info(t("nothing"))
    st.stop()

left, right = st.columns([2, 3])
with left:
    totals = topic_table(c, ids, by="article").groupby("topic", as_index=False)["hits"].sum()
    totals = totals.sort_values("hits", ascending=False).head(12)
    totals["label"] = totals["topic"].map(topic_name)
    fig = px.bar(totals, x="hits", y="label", orientation="h", title=f"{t('topics')}: {t('hits')}",
                 labels={"hits": t("hits"), "label": t("topic")}, hover_data={"topic": True})
    fig.update_yaxes(autorange="reversed")
    chart(fig, totals[["topic", "label", "hits"]], "top_topics")

with right:
    st.subheader(t("meetings"))
    latest = meetings.sort_values("date", ascending=False).head(10).assign(
        series_name=lambda f: f["series"].map(series_name),
        countries_named=lambda f: f["countries"].map(lambda s: ", ".join(country_name(x) for x in s.split(";") if x)),
    )
    table(latest[["meeting_id", "series_name", "edition", "date", "location", "host_country", "countries_named"]],
          "latest_meetings")

by_meeting = topic_table(c, ids, by="meeting")
by_meeting["meeting"] = by_meeting["group"].map(lambda m: meeting_short(m, c["meetings"]))
by_meeting["label"] = by_meeting["topic"].map(topic_name)
grid = by_meeting.pivot_table(index="label", columns="meeting", values="per_1000_words", fill_value=0)
fig = px.imshow(grid, aspect="auto", color_continuous_scale="YlOrRd",
                title=f"{t('topics')} × {t('meetings')}: {t('per_1000_words')}",
                labels={"x": t("meeting"), "y": t("topic"), "color": t("per_1000_words")})
fig.update_layout(height=max(420, 28 * len(grid)))
fig.update_yaxes(tickmode="array", tickvals=list(grid.index))
fig.update_xaxes(tickangle=-30)
picked = chart(fig, by_meeting[["group", "meeting", "topic", "label", "hits", "words", "per_1000_words"]],
               "topics_by_meeting", select=True)
cells = by_meeting[by_meeting["hits"] > 0].reset_index(drop=True)
cell = st.selectbox(t("pick_cell"), [None, *cells.index], key="overview_cell",
                    format_func=lambda i: "—" if i is None else
                    f"{cells.at[i, 'label']} × {cells.at[i, 'meeting']}: {cells.at[i, 'hits']}")
if picked and picked.get("points"):
    point = picked["points"][0]
    clicked = cells[(cells["meeting"] == point.get("x")) & (cells["label"] == point.get("y"))]
    cell = clicked.index[0] if not clicked.empty else cell
if cell is not None:
    show_evidence(evidence_rows(c, kind="topic", key=cells.at[cell, "topic"], meeting=cells.at[cell, "group"]),
                  "sentences_topic_meeting")

st.caption(f"{t('selection')}: {sel.label()}")
