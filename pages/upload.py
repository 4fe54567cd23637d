"""Add articles: a user's own files or pasted text join the analysis of this browser session only,
on every page at once; each file refused is named with the reason, and the rest go on."""

import pandas as pd
import streamlit as st

from defence_news.ingest import ACCEPTED, IngestReport, load_limits
from defence_news.load import LoadProblem
from defence_news.session import admit, pasted, read_files
from pages.common import LEXICON, UPLOADS, session_corpus, start_page, t, table

c, _ = start_page("upload")
# the purpose is written after start_page, which reads the language of a shared link
st.caption(t("upload_intro"))
st.info(t("upload_session_only"), icon=":material/lock:")
limits = load_limits()


def add(report: IngestReport) -> None:
    """Add what the report holds to this session, and keep what to tell the user on the next run."""
    admitted = admit(report, c, limits)
    problems = admitted.problems
    added = admitted.uploads
    if added:
        uploads = [*(st.session_state.get(UPLOADS) or []), *added]
        try:
            session_corpus(uploads, st.session_state.get(LEXICON))
        # whatever an article does to the analysis, the session keeps the corpus it had
        except Exception as error:
            problems += [LoadProblem(u.article.file, t("upload_failed").format(error=error)) for u in added]
            added = []
        else:
            st.session_state[UPLOADS] = uploads
    st.session_state["upload_report"] = {
        "added": len(added),
        "other_language": [u.article.file for u in added if u.language != "vi"],
        "refused": [{"file": p.file, "reason": p.reason} for p in problems],
    }
    st.rerun()


with st.form("upload-files", clear_on_submit=True):
    # no `type=`: Streamlit would refuse a file of another type with an exception of its own; here
    # it gets the message every refused file gets, with its name and the types accepted
    files = st.file_uploader(
        t("upload_files"), accept_multiple_files=True, key="upload-files-picked",
        help=t("upload_help").format(types=", ".join(ACCEPTED), mb=f"{limits.max_file_mb:g}",
                                     members=limits.max_zip_members, zip_mb=f"{limits.max_zip_total_mb:g}",
                                     rows=limits.max_rows, session=limits.max_session_articles))
    if st.form_submit_button(t("upload_add"), icon=":material/upload:") and files:
        add(read_files([(f.name, f.getvalue()) for f in files], limits))

with st.form("upload-paste", clear_on_submit=True):
    text = st.text_area(t("upload_paste"), key="upload-text", height=200,
                        max_chars=int(limits.max_file_mb * 2**20))
    title_column, date_column, source_column, url_column = st.columns(4)
    meta = {"title": title_column.text_input(t("f_title"), key="upload-title", max_chars=500),
            "date": date_column.text_input(t("f_date"), key="upload-date", max_chars=10,
                                           help=t("upload_date_help"), placeholder="2024-03-05"),
            "source": source_column.text_input(t("source"), key="upload-source", max_chars=200),
            "url": url_column.text_input(t("f_url"), key="upload-url", max_chars=2000)}
    if st.form_submit_button(t("upload_add_pasted"), icon=":material/content_paste:") and text.strip():
        add(pasted(text, meta, limits))

report = st.session_state.pop("upload_report", None)
if report:
    if report["added"]:
        st.success(t("upload_added").format(n=report["added"]))
    for file in report["other_language"]:
        st.warning(t("upload_other_language").format(file=file))
    if report["refused"]:
        st.error(t("upload_refused").format(n=len(report["refused"])))
        table(pd.DataFrame(report["refused"], columns=["file", "reason"]), "upload_refused")

st.subheader(t("upload_yours"))
uploads = st.session_state.get(UPLOADS) or []
if not uploads:
    st.info(t("upload_none"))
articles = c["articles"].set_index("article_id")
for upload in uploads:
    aid = upload.article.article_id
    name_column, title_column, language_column, remove_column = st.columns([3, 4, 1, 1], vertical_alignment="center")
    name_column.text(upload.article.file)
    title_column.text(articles.at[aid, "title"] if aid in articles.index else "")
    language_column.text(upload.language)
    if remove_column.button(t("upload_remove"), key=f"remove-{aid}", icon=":material/delete:"):
        st.session_state[UPLOADS] = [u for u in uploads if u.article.article_id != aid]
        st.rerun()
