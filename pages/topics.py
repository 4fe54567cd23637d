"""Topics: how often each topic comes up by meeting, meeting series, country and period, in hits or
hits per 1,000 words, with the sentences behind any cell one click (or one pick) away."""

import streamlit as st

from defence_news.query import known_to, of_articles
from pages.common import (country_name, lang, measure_names, meeting_namer, selected_ids, series_name, start_page, t,
                          topic_grid)

c, sel = start_page("topics")
# the purpose is written after start_page, which reads the language of a shared link
st.caption(t("topics_intro"))
ids = selected_ids(c)
language, meetings = lang(), c["meetings"]

measures = measure_names()
measure = st.segmented_control(t("measure"), list(measures), key="measure", default="hits", required=True,
                               format_func=measures.get)
st.caption(t("per_1000_note"))

by_meeting, by_series, by_country, over_time = st.tabs(
    [t("by_meeting"), t("by_series"), t("by_country"), t("over_time")])
with by_meeting:
    topic_grid(c, ids, "meeting", t("meeting"), meeting_namer(meetings, language), measure)
with by_series:
    topic_grid(c, ids, "series", t("series"), lambda s: series_name(s, language), measure)
with by_country:
    topic_grid(c, ids, "country", t("country"), lambda iso3: country_name(iso3, language), measure)
with over_time:
    grains = {"year": t("year"), "month": t("month")}
    grain = st.segmented_control(t("grain"), list(grains), key="grain", default="year", required=True,
                                 format_func=grains.get)
    articles = of_articles(c, c["articles"], ids)
    left_out = int((~known_to(articles["date_precision"], grain)).sum())
    if left_out:
        st.caption(t("left_out").format(n=left_out, grain=grains[grain].lower()))
    topic_grid(c, ids, grain, grains[grain], str, measure)
