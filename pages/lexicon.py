"""Lexicon: each topic's terms and how often each matched; add, remove or rename terms and topics for
this browser session (every page recounts at once, from the stored sentences); download the edited
lexicon, bring it back later, or go back to the default."""

import streamlit as st

from defence_news.ingest import load_limits
from defence_news.resources import DataFileError
from defence_news.session import uploaded_lexicon
from defence_news.tables import aggregate
from defence_news.topics import TERM_FIELDS, term_hits, topic_entry, with_topic, without_topic
from pages.common import LEXICON, lang, lexicon, start_page, t, table, topic_name

c, _ = start_page("lexicon")
# the purpose is written after start_page, which reads the language of a shared link
st.caption(t("lexicon_intro"))
st.info(t("lexicon_session_only"), icon=":material/lock:")
language, current = lang(), lexicon()
TEXTS = ("label_vi", "label_en", "definition_vi", "definition_en")
NEW = ""


def use(make, chosen: str | None = None) -> None:
    """Put the lexicon that make() returns in force for this session, showing the topic `chosen` next;
    when it cannot be made, say why and keep the lexicon in force."""
    try:
        st.session_state[LEXICON] = make()
    except DataFileError as error:
        st.session_state["lexicon_message"] = ("error", t("lexicon_problem").format(problem=error))
    else:
        st.session_state["lexicon_message"] = ("success", t("lexicon_applied"))
        if chosen is not None:
            st.session_state["lexicon_chosen"] = chosen
    st.rerun()


message = st.session_state.pop("lexicon_message", None)
if message:
    kind, text = message
    (st.error if kind == "error" else st.success)(text)
st.caption(t("lexicon_edited" if st.session_state.get(LEXICON) is not None else "lexicon_default"))

hits = term_hits(current, aggregate(c, "mention_forms"))
overview = hits.groupby("topic", sort=False).agg(terms=("term", "size"), hits=("hits", "sum")).reset_index()
overview.insert(1, "topic_name", overview["topic"].map(lambda topic: topic_name(topic, language)))
st.subheader(t("lexicon_topics"))
table(overview, "lexicon_topics")

st.subheader(t("lexicon_edit"))
# names of this run: a format_func must not read the session itself
names = {**{k: f"{topic_name(k, language)} ({k})" for k in current.topics}, NEW: t("lexicon_new")}
options = list(names)
# keys carry the lexicon's version, so that once an edit is applied every field shows the new
# lexicon; the topic chosen is kept apart, since a renamed topic's label is another option to Streamlit
chosen = st.session_state.get("lexicon_chosen")
choice = st.selectbox(t("topic"), options, index=options.index(chosen) if chosen in options else 0,
                      key=f"lexicon-topic-{current.version}", format_func=names.get)
st.session_state["lexicon_chosen"] = choice
topic = current.topics.get(choice)
suffix = f"{choice}-{current.version}"
topic_id = st.text_input(t("lexicon_id"), value=choice, key=f"lexicon-id-{suffix}", disabled=topic is not None,
                         max_chars=80, help=t("lexicon_id_help"))
left, right = st.columns(2)
texts = {}
for column, field in zip((left, right, left, right), TEXTS):
    widget = column.text_input if field.startswith("label") else column.text_area
    texts[field] = widget(t(field), value=getattr(topic, field, ""), key=f"lexicon-{field}-{suffix}", max_chars=2000)
st.caption(t("lexicon_terms_help"))
terms = st.data_editor(
    hits.loc[hits["topic"] == choice, ["field", "term", "hits"]], key=f"lexicon-terms-{suffix}", num_rows="dynamic",
    hide_index=True, width="stretch",
    column_config={"field": st.column_config.SelectboxColumn(options=list(TERM_FIELDS), required=True,
                                                             default="terms_vi"),
                   "term": st.column_config.TextColumn(required=True, max_chars=200),
                   "hits": st.column_config.NumberColumn(disabled=True)})
apply_column, remove_column = st.columns(2)
if apply_column.button(t("lexicon_apply"), key=f"lexicon-apply-{suffix}", type="primary", icon=":material/check:"):
    use(lambda: with_topic(current, topic_entry(topic_id.strip(), texts, terms), new=topic is None), topic_id.strip())
if topic is not None and remove_column.button(t("lexicon_remove"), key=f"lexicon-remove-{suffix}",
                                              icon=":material/delete:"):
    use(lambda: without_topic(current, choice))

st.divider()
st.download_button(t("lexicon_download"), current.to_yaml().encode("utf-8"), file_name="topics.yaml",
                   mime="application/x-yaml", key="download-lexicon", on_click="ignore", icon=":material/download:")
with st.form("lexicon-upload", clear_on_submit=True):
    uploaded = st.file_uploader(t("lexicon_upload"), type=["yaml", "yml"], key="lexicon-file")
    if st.form_submit_button(t("lexicon_use")) and uploaded is not None:
        use(lambda: uploaded_lexicon(uploaded.name, uploaded.getvalue(), load_limits()))
if st.session_state.get(LEXICON) is not None and st.button(t("lexicon_reset"), key="lexicon-reset",
                                                           icon=":material/restart_alt:"):
    del st.session_state[LEXICON]
    st.rerun()
