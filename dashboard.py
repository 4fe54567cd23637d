"""The dashboard's entry page, Overview: the corpus in figures, the top topics, topics by meeting,
and the latest meetings. The other pages are in pages/.

Run with `streamlit run dashboard.py` (or `python3 tasks.py run`).
"""

import plotly.express as px
import streamlit as st

from defence_news.query import of_articles, topic_table
from defence_news.tables import isin
from pages.common import (ICONS, chart, country_name, link, meeting_namer, selected_ids, series_name, start_page, t,
                          table, topic_grid, topic_name)

c, sel = start_page("overview", "Vietnamese press on ASEAN defence diplomacy: which topics come up, at which "
                    "meeting, with which countries. Every number opens to its sentences.")
ids = selected_ids(c)
articles = of_articles(c, c["articles"], ids)
links = of_articles(c, c["article_meetings"], ids)
meetings = c["meetings"][isin(c["meetings"]["meeting_id"], links["meeting_id"].unique())]
countries = of_articles(c, c["country_mentions"], ids)
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

topic_grid(c, ids, "meeting", t("meeting"), meeting_namer(c["meetings"]), "per_1000_words")

st.caption(f"{t('selection')}: {sel.label()}")
