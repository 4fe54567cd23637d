"""People: the people and bodies the articles name, with their roles, the meetings of those articles
and what each person says."""

import re

import pandas as pd
import streamlit as st

from defence_news.query import organisation_directory, people_directory, statement_rows
from defence_news.resources import split_list
from pages.common import (corpus_key, country_name, kept_in_session, lang, meeting_namer, selected_ids, show_statements,
                          start_page, t, table)

c, sel = start_page("people")
# the purpose is written after start_page, which reads the language of a shared link
st.caption(t("people_intro"))
ids = selected_ids(c)
language, meetings = lang(), c["meetings"]


name_of = meeting_namer(meetings, language)
# the most meetings a cell names: a person of a large corpus is reported at thousands
MAX_NAMED = 20


def meetings_named(meeting_ids: str) -> str:
    """The names of the meetings, the first MAX_NAMED of more ("…; +N"): meeting_ids holds them all."""
    first = split_list(";".join(meeting_ids.split(";", MAX_NAMED)[:MAX_NAMED]))
    left = meeting_ids.count(";") + 1 - MAX_NAMED
    return "; ".join(name_of(m) for m in first) + (f"; … +{left}" if left > 0 else "")


def say_if_named_first(meeting_ids: pd.Series) -> None:
    if (meeting_ids.str.count(";") >= MAX_NAMED).any():
        st.caption(t("named_first").format(n=MAX_NAMED))


# the directories and a person's statements are kept until the selection changes: at 100,000 articles the most
# quoted person says hundreds of thousands of them, which take seconds to read
key = (corpus_key(), tuple(ids))
people = kept_in_session("people_directory", key, lambda: people_directory(c, ids))
shown = people.assign(
    country_name=people["country"].map(lambda iso3: country_name(iso3, language) if iso3 else ""),
    meetings=people["meeting_ids"].map(meetings_named),
    origin=people["origin"].map(lambda origin: t(f"origin_{origin}")),
)
say_if_named_first(people["meeting_ids"])
table(shown[["person", "country_name", "roles", "meetings", "statements", "articles", "origin", "aliases", "country",
             "meeting_ids"]], "people")

if not people.empty:
    # the most quoted person first, so that the statements below are never empty on arrival
    person = st.selectbox(t("pick_person"), list(people["person"]), key="person")
    # which statements the person says, not what: the sentences are read for those listed only, and for all
    # when they are downloaded (at 100,000 articles the most quoted person says hundreds of thousands)
    said = kept_in_session("people_statements", (key, person),
                           lambda: statement_rows(c, ids, speaker=person, columns=["article_id", "sentence_index"]))

    def said_in(articles: set | None) -> pd.DataFrame:
        """The person's statements in `articles` (all of them, given None); those listed are kept until the
        selection or the person changes (reading them takes a third of a second at 100,000 articles)."""
        if articles is None:
            return statement_rows(c, ids, speaker=person)
        return kept_in_session("people_listed", (key, person, frozenset(articles)),
                               lambda: statement_rows(c, articles, speaker=person))

    # the file is named after the person, in the characters a file name can hold
    show_statements(c, said, "statements_of_" + re.sub(r"\W+", "_", person), read=said_in)

st.subheader(t("organisations"))
organisations = kept_in_session("people_organisations", key, lambda: organisation_directory(c, ids))
organisations = organisations.assign(
    country_name=organisations["country"].map(lambda iso3: country_name(iso3, language) if iso3 else ""),
    kind=organisations["kind"].map(lambda kind: t(f"kind_{kind}")),
    meetings=organisations["meeting_ids"].map(meetings_named),
)
say_if_named_first(organisations["meeting_ids"])
table(organisations[["organisation", "country_name", "kind", "meetings", "articles", "aliases", "country",
                     "meeting_ids"]], "organisations")
