"""Meetings: when each meeting took place and how much the press reported it; one meeting in depth."""

import html

import pandas as pd
import plotly.express as px
import streamlit as st

from defence_news.query import meeting_articles, meeting_countries, meeting_coverage, meeting_reports, topic_table
from pages.common import (chart, corpus_key, country_name, distinct_names, evidence_rows, format_name, kept_in_session,
                          lang, level_name, meeting_namer, named, new_click, selected_ids, series_name, show_evidence,
                          start_page, t, table, topic_name)

# the intro is drawn after start_page: the language of a shared link is only read there
c, sel = start_page("meetings")
st.caption(t("meetings_intro"))
ids = selected_ids(c)
language = lang()
# the coverage and the sentences of a meeting are kept until the selection changes: at 100,000 articles a meeting
# is reported in thousands of sentences, read from the store
key = (corpus_key(), tuple(ids))
meetings = kept_in_session("meetings_coverage", key, lambda: meeting_coverage(c, ids))


def names_of(countries: str) -> str:
    return ", ".join(country_name(iso3, language) for iso3 in countries.split(";") if iso3)


# the words of the hover text, looked up once for the thousands of meetings of a large corpus
WORDS = {key: t(key) for key in ("edition", "date", "place", "host", "participants", "articles", "naming_sentences",
                                 *(f"precision_{p}" for p in ("day", "month", "year")),
                                 *(f"origin_{o}" for o in ("text", "curated", "inferred")))}


def when(m) -> str:
    """The date as known, how precisely and where it comes from: "2023 · year only · inferred (…)"."""
    if not m.date:
        return "?"
    text = f"{m.date} · {WORDS['precision_' + m.date_precision]} · {WORDS['origin_' + m.date_origin]}"
    return f"{text} ({m.date_note})" if m.date_origin == "inferred" and m.date_note else text


def participant_lines(countries: str) -> str:
    names = names_of(countries).split(", ")
    # four names a line, so that twelve ASEAN members do not make one endless line
    return "<br>".join(", ".join(names[i:i + 4]) for i in range(0, len(names), 4))


def hover(m) -> str:
    edition = f"{WORDS['edition']}: {int(m.edition)}<br>" if pd.notna(m.edition) else ""
    return (f"<b>{html.escape(m.series_name)}</b><br>{edition}"
            f"{WORDS['date']}: {html.escape(when(m))}<br>{WORDS['place']}: {html.escape(m.location or '?')}<br>"
            f"{WORDS['host']}: {html.escape(m.host or '?')}<br>"
            f"{WORDS['participants']}: {html.escape(m.participants)}<br>"
            f"{WORDS['articles']}: {m.articles} · {WORDS['naming_sentences']}: {m.mentions}")


# the most meetings the timeline draws and the box below lists: a large corpus holds hundreds of thousands
MAX_DRAWN = 2000

colour_labels = {"level": t("level"), "format": t("format")}
colour = st.segmented_control(t("colour_by"), list(colour_labels), key="colour", default="level", required=True,
                              format_func=colour_labels.get)
name_of_colour = level_name if colour == "level" else format_name
dated = meetings[meetings["plot_date"].notna()]
dated = dated.assign(series_name=named(dated["series"], lambda s: series_name(s, language)),
                     colour=named(dated[colour], name_of_colour))
timeline = dated
if len(dated) > MAX_DRAWN:
    st.caption(t("drawn_most").format(n=MAX_DRAWN, total=len(dated)))
    timeline = dated.loc[dated["mentions"].nlargest(MAX_DRAWN).index].sort_index()
timeline = timeline.assign(
    host=named(timeline["host_country"], lambda iso3: country_name(iso3, language) if iso3 else ""),
    participants=named(timeline["countries"], participant_lines),
)
timeline = timeline.assign(hover=[hover(m) for m in timeline.itertuples()]).drop(columns=["host", "participants"])
fig = px.scatter(
    timeline, x="plot_date", y="series_name", size="mentions", color="colour", custom_data=["hover", "date_origin"],
    size_max=30, title=t("meeting_timeline"),
    labels={"plot_date": t("meeting_date_axis"), "series_name": t("series"), "colour": colour_labels[colour]},
)
# an inferred date is an open marker, point by point, so that the legend stays one of colours
for trace in fig.data:
    trace.marker.symbol = ["circle-open" if point[1] == "inferred" else "circle" for point in trace.customdata]
# open markers are drawn by their outline: a thicker line keeps an inferred date visible
fig.update_traces(hovertemplate="%{customdata[0]}<extra></extra>", marker_line_width=2)
fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.2})
# the CSV holds every dated meeting, drawn or not
chart(fig, dated[["meeting_id", "series", "series_name", "edition", colour, "colour", "date", "date_precision",
                  "date_origin", "date_note", "plot_date", "location", "host_country", "countries", "articles",
                  "mentions"]], "meeting_timeline")
undated = len(meetings) - len(dated)
if undated:
    st.caption(f"{undated} {t('undated')}")

st.subheader(t("meetings"))
# the newest first, those without a date last: what an analyst opening the page looks for
# (a date is written to its precision, "2024-03-05" or "2024"; none is "", which sorts last)
meetings = meetings.sort_values(["date", "meeting_id"], ascending=[False, True])
listing = meetings.assign(
    series_name=named(meetings["series"], lambda s: series_name(s, language)),
    edition=meetings["edition"].astype("Int64"),
    level=named(meetings["level"], level_name),
    format=named(meetings["format"], format_name),
    host=named(meetings["host_country"], lambda iso3: country_name(iso3, language) if iso3 else ""),
    countries_named=named(meetings["countries"], names_of),
)
table(listing[["meeting_id", "series_name", "edition", "level", "format", "date", "date_precision", "date_origin",
               "location", "host", "countries_named", "articles", "mentions"]], "meetings")

if meetings.empty:
    st.stop()

st.subheader(t("drill"))
listed = meetings
if len(meetings) > MAX_DRAWN:
    st.caption(t("listed_most").format(n=MAX_DRAWN, total=len(meetings)))
    listed = meetings[meetings.index.isin(meetings["articles"].nlargest(MAX_DRAWN).index)]
labels = distinct_names(listed["meeting_id"], meeting_namer(listed, language))
chosen = st.selectbox(t("meeting"), list(labels), key="drill", format_func=labels.get)

articles = meeting_articles(c, chosen, ids)
left, right = st.columns(2)
with left:
    # the articles reporting the meeting are all its topics need
    topics = topic_table(c, articles["article_id"], by="meeting")
    topics = topics[topics["group"] == chosen].sort_values(["hits", "topic"], ascending=[False, True])
    topics = topics.assign(label=topics["topic"].map(lambda k: topic_name(k, language)))
    fig = px.bar(topics, x="hits", y="label", orientation="h", title=t("its_topics"), custom_data=["topic"],
                 labels={"hits": t("hits"), "label": t("topic")})
    fig.update_yaxes(autorange="reversed")
    fig.update_traces(hovertemplate="%{y}: %{x}<extra></extra>")
    what = f"topics_of_{chosen}"
    point = new_click(chart(fig, topics[["group", "topic", "label", "hits"]], what, select=True), what)

with right:
    st.markdown(f"**{t('its_countries')}**")
    countries = meeting_countries(c, chosen, ids)
    table(countries.assign(name=countries["country"].map(lambda iso3: country_name(iso3, language)))[
        ["country", "name", "participant", "hits", "articles"]], f"countries_of_{chosen}")

st.markdown(f"**{t('its_articles')}**")
table(articles.assign(role=articles["role"].map(lambda role: t("role_" + role))), f"articles_of_{chosen}")

st.markdown(f"**{t('its_reports')}**")
show_evidence(kept_in_session("meetings_reports", (key, chosen), lambda: meeting_reports(c, chosen, ids)),
              f"reports_of_{chosen}")
st.markdown(f"**{t('its_topic_sentences')}**")
topic_names = dict(zip(topics["topic"], topics["label"]))
# a new click on a topic bar goes to this box, which can then change the choice
clicked = next(iter((point or {}).get("customdata") or []), None)
if clicked in topic_names:
    st.session_state[f"topic-{chosen}"] = clicked
topic = st.selectbox(t("topic"), list(topic_names), index=None, key=f"topic-{chosen}", format_func=topic_names.get,
                     placeholder=t("all_topics"))
show_evidence(kept_in_session("meetings_topic_sentences", (key, chosen, topic),
                              lambda: evidence_rows(c, kind="topic", key=topic, meeting=chosen)),
              f"topic_sentences_of_{chosen}")
