"""Positions: the topics each country's own speakers raise, across the selection and, for one country,
by meeting or by year, with the quoted statements behind every square one click (or one pick) away."""

import pandas as pd
import streamlit as st

from defence_news.query import Corpus, of_articles
from defence_news.tables import aggregate
from defence_news.trends import position_evidence, positions
from pages.common import (country_name, distinct_names, heaviest_groups, lang, meeting_dates, meeting_namer, named,
                          selected_ids, show_statements, start_page, t, topic_name, topic_squares)

c, sel = start_page("positions")
# the purpose is written after start_page, which reads the language of a shared link
st.caption(t("positions_intro"))
ids = selected_ids(c)
language, meetings = lang(), c["meetings"]


def heaviest_positions(c: Corpus, ids: list[str], country: str, by: str) -> pd.DataFrame:
    """Return `positions` of `country` by `by` in the MAX_COLUMNS groups where its speakers say the most
    (heaviest_groups): one country by meeting is hundreds of thousands of cells at scale."""
    said = of_articles(c, aggregate(c, "statement_topics"), ids)
    per_article = said[said["speaker_country"] == country].groupby("article_id")["statements"].sum()
    return heaviest_groups(c, ids, by, per_article, lambda chosen: positions(c, chosen, by, country))


HOVER = (f"<b>%{{y}}</b><br>%{{customdata[5]}}<br>{t('statements')}: %{{customdata[2]}}<br>"
         f"{t('speakers')}: %{{customdata[3]}}<br>{t('articles')}: %{{customdata[4]}}<extra></extra>")

overall = positions(c, ids, "all").drop(columns="group")
# the most vocal country first
weight = overall.groupby("country")["statements"].sum()
countries = sorted(weight.index, key=lambda iso3: (-weight[iso3], iso3))
country_names = {iso3: country_name(iso3, language) for iso3 in countries}
overall.insert(1, "country_name", overall["country"].map(country_names))
overall.insert(3, "topic_name", named(overall["topic"], lambda topic: topic_name(topic, language)))
cell = topic_squares(
    overall, ["country"], {(iso3,): country_names[iso3] for iso3 in countries}, "statements",
    title=t("positions_overview"),
    labels={"column": t("country"), "topic_name": t("topic"), "statements": t("statements")},
    custom=["country", "topic", "statements", "speakers", "articles", "country_name"], hover=HOVER,
    what="positions_by_country", pick="pick-positions-country",
    cell_names=[f"{r.topic_name} · {r.country_name} ({t('statements')}: {r.statements})" for r in overall.itertuples()],
)
if cell:
    country, topic = cell
    show_statements(c, position_evidence(c, ids, country, topic), "statements_by_country", topic)

if countries:
    st.subheader(t("one_country"))
    left, right = st.columns(2)
    country = left.selectbox(t("country"), countries, key="positions_country", format_func=country_names.get)
    groupings = {"meeting": t("meeting"), "year": t("year")}
    by = right.segmented_control(t("columns_by"), list(groupings), key="positions_by", default="meeting",
                                 required=True, format_func=groupings.get)
    frame = heaviest_positions(c, ids, country, by)
    groups = distinct_names(frame["group"].unique(),
                            meeting_namer(meetings, language) if by == "meeting" else str)
    frame.insert(2, "group_name", frame["group"].map(groups))
    frame.insert(4, "topic_name", named(frame["topic"], lambda topic: topic_name(topic, language)))
    # meetings and years read left to right in time
    dates = meeting_dates(meetings, groups)
    order = sorted(groups, key=lambda g: (dates.get(g, g), g))
    what = f"positions_{country}_by_{by}"
    cell = topic_squares(
        frame, ["group"], {(g,): groups[g] for g in order}, "statements",
        title=t("positions_country").format(country=country_names[country], by=groupings[by].lower()),
        labels={"column": groupings[by], "topic_name": t("topic"), "statements": t("statements")},
        custom=["group", "topic", "statements", "speakers", "articles", "group_name"], hover=HOVER,
        what=what, pick=f"pick-{what}",
        cell_names=[f"{r.topic_name} · {r.group_name} ({t('statements')}: {r.statements})"
                    for r in frame.itertuples()],
    )
    if cell:
        group, topic = cell
        show_statements(c, position_evidence(c, ids, country, topic, by, group), f"statements_{what}", topic)
