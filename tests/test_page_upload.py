"""The Add articles page, run with AppTest: uploads join every page of this session only, each bad or
hostile file is refused by name with its reason while the rest goes on, markup stays text and
formulas are neutralised in downloads."""

import io
import zipfile

import pytest

import pages.common
from conftest import ROOT, SEEDS
from defence_news import ingest
from defence_news.ingest import Limits
from page_testing import HOSTILE, download, open_page, read_csv, served  # noqa: F401 (fixture)
from pages.common import UPLOADS

LIMITS = Limits(max_file_mb=0.05, max_zip_members=3, max_zip_total_mb=0.1, max_rows=3, max_session_articles=20)
RETREAT = ("Ngày 5/3/2024, Đại tướng Phan Văn Giang tham dự ADMM Hẹp tại Luang Prabang, Lào.\n"
           "Các Bộ trưởng thảo luận về an ninh hàng hải và biến đổi khí hậu.\n")
ENGLISH = "The ASEAN defence ministers met in Vientiane and discussed maritime security and peacekeeping.\n"


@pytest.fixture(autouse=True)
def small_limits(corpus, monkeypatch):
    """Limits small enough to cross in a test (the page reads them on every run), over the seed store."""
    monkeypatch.setattr(ingest, "load_limits", lambda: LIMITS)


def zipped(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def press(at, label: str):
    next(button for button in at.button if button.label == label).click()
    return at.run()


def add_files(at, files: dict[str, bytes | str]):
    at.file_uploader(key="upload-files-picked").set_value(
        [(name, data.encode("utf-8") if isinstance(data, str) else data, "application/octet-stream")
         for name, data in files.items()])
    return press(at, "Thêm")


def refused(at) -> dict[str, str]:
    """Return the refused files shown, file → reason."""
    shown = next((d.value for d in at.dataframe if list(d.value.columns) == ["file", "reason"]), None)
    return {} if shown is None else dict(zip(shown["file"], shown["reason"]))


def listing(at):
    return next(d.value for d in at.dataframe if d.value.columns[0] == "file" and "title" in d.value.columns)


def articles_shown(at):
    at.switch_page("pages/articles.py").run()
    assert not at.exception
    return listing(at)


def test_files_of_every_kind_join_every_page_marked_as_uploaded(corpus):
    table = "title,date,source,url,text\nBài từ bảng,2024-03,Báo X,https://example.org/a,\"" + \
            RETREAT.replace("5/3", "7/3").replace("\n", " ") + "\"\n"
    at = add_files(open_page("upload"), {
        "retreat.txt": RETREAT,
        "batch.zip": zipped({"note.md": RETREAT.replace("ADMM Hẹp", "ADMM"),
                             "page.html": f"<html><body><p>{RETREAT.replace('Lào', 'Campuchia')}</p></body></html>"}),
        "table.csv": table,
    })
    assert not at.exception
    assert [s.value for s in at.success] == ["Đã thêm 4 bài."]
    assert not refused(at)
    files = [u.article.file for u in at.session_state[UPLOADS]]
    assert files == ["retreat.txt", "batch.zip/note.md", "batch.zip/page.html", "table.csv row 2"]

    shown = articles_shown(at).set_index("file")
    assert shown.loc[files, "uploaded"].all() and not shown.drop(index=files)["uploaded"].any()
    assert (shown.at["table.csv row 2", "title"], shown.at["table.csv row 2", "source"]) == ("Bài từ bảng", "Báo X")
    assert shown.at["table.csv row 2", "title_origin"] == "curated"
    at.switch_page("dashboard.py").run()
    assert at.metric[0].value == str(len(corpus["articles"]) + 4)
    at.switch_page("pages/meetings.py").run()
    assert not at.exception


def test_every_bad_or_hostile_file_is_named_with_its_reason_and_the_rest_goes_on(corpus):
    seed = next(SEEDS.glob("003_*.txt"))
    at = add_files(open_page("upload"), {
        "empty.txt": b"",
        "binary.txt": b"\x00\x01" * 100,
        "image.txt": b"\x89PNG\r\n\x1a\n" + b"\x00" * 50,
        "broken.txt": b"\xff\xfe\x00\xd8",
        "huge.txt": "a " * 30000,
        "many.zip": zipped({f"{i}.txt": RETREAT + str(i) for i in range(4)}),
        "bomb.zip": zipped({"big.txt": "a " * 60000}),
        "nested.zip": zipped({"inner.zip": zipped({"x.txt": RETREAT}), "ok.txt": RETREAT.replace("2024", "2023")}),
        "escape.zip": zipped({"../evil.txt": RETREAT + "1", "/etc/abs.txt": RETREAT + "2"}),
        "no_text.csv": "title,date\nA,2024\n",
        "copy.txt": seed.read_bytes(),
        "program.exe": b"MZ\x90\x00",
        "good.txt": RETREAT,
    })
    assert not at.exception
    reasons = refused(at)
    assert reasons["empty.txt"] == "the file is empty"
    assert "binary file" in reasons["binary.txt"]
    assert reasons["image.txt"] == "this is a PNG image, not a text article"
    assert reasons["broken.txt"].startswith("the text could not be decoded")
    assert reasons["huge.txt"] == "0.1 MB, more than the limit of 0.05 MB"
    assert reasons["many.zip"] == "4 files inside, more than the limit of 3"
    assert reasons["bomb.zip"] == "0.1 MB unpacked, more than the limit of 0.1 MB"
    assert reasons["nested.zip/inner.zip"] == "archives inside archives are not opened"
    assert "leaves the archive" in reasons["escape.zip/../evil.txt"]
    assert "leaves the archive" in reasons["escape.zip//etc/abs.txt"]
    assert reasons["no_text.csv"].startswith("no text column")
    assert reasons["copy.txt"] == f"the same text as {seed.name}, already loaded; skipped"
    assert reasons["program.exe"].startswith("files of type '.exe' are not read")
    assert [s.value for s in at.success] == ["Đã thêm 2 bài."]
    assert [u.article.file for u in at.session_state[UPLOADS]] == ["nested.zip/ok.txt", "good.txt"]
    assert len(articles_shown(at)) == len(corpus["articles"]) + 2


def test_a_refused_batch_changes_nothing_already_loaded(corpus):
    at = add_files(open_page("upload"), {"good.txt": RETREAT})
    before = articles_shown(at)
    uploads = list(at.session_state[UPLOADS])
    at.switch_page("pages/upload.py").run()
    at = add_files(at, {"again.txt": RETREAT, "empty.txt": b"", "no_text.csv": "title\nA\n"})
    assert set(refused(at)) == {"again.txt", "empty.txt", "no_text.csv"}
    assert refused(at)["again.txt"] == "the same text as good.txt, already loaded; skipped"
    assert not at.success
    assert at.session_state[UPLOADS] == uploads
    assert articles_shown(at).equals(before)


def test_an_article_in_another_language_is_said_and_kept_out_of_keywords(corpus):
    at = add_files(open_page("upload"), {"english.txt": ENGLISH})
    assert [w.value for w in at.warning] == [
        "english.txt: không phải tiếng Việt; đã thêm, nhưng không tính vào thống kê từ khóa."]
    assert articles_shown(at).set_index("file").at["english.txt", "language"] == "other"
    at.switch_page("pages/keywords.py").run()
    assert not at.exception
    assert "Không tính 1 bài không phải tiếng Việt vào thống kê từ khóa." in [c.value for c in at.caption]
    terms = next(d.value for d in at.dataframe if d.value.columns[0] == "term")
    assert not {"ministers", "ASEAN_defence"} & set(terms["term"])


def test_a_pasted_article_takes_its_title_date_and_source(corpus):
    at = open_page("upload")
    at.text_area(key="upload-text").input(RETREAT)
    at.text_input(key="upload-title").input("Bài dán")
    at.text_input(key="upload-date").input("2024-03-05")
    at.text_input(key="upload-source").input("Báo Y")
    at = press(at, "Thêm bài đã dán")
    assert [s.value for s in at.success] == ["Đã thêm 1 bài."]
    row = articles_shown(at).set_index("file").loc["pasted.txt"]
    assert (row["title"], row["date"], row["date_origin"], row["source"]) == ("Bài dán", "2024-03-05", "curated",
                                                                               "Báo Y")


def test_a_pasted_article_with_a_bad_date_is_refused_with_the_form_it_needs(corpus):
    at = open_page("upload")
    at.text_area(key="upload-text").input(RETREAT)
    at.text_input(key="upload-date").input("5/3/2024")
    at = press(at, "Thêm bài đã dán")
    assert refused(at) == {"pasted.txt": "“5/3/2024” is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY; "
                                         "correct the date or leave it blank"}
    assert len(articles_shown(at)) == len(corpus["articles"])


def test_an_upload_can_be_removed(corpus):
    at = add_files(open_page("upload"), {"good.txt": RETREAT})
    aid = at.session_state[UPLOADS][0].article.article_id
    at.button(key=f"remove-{aid}").click().run()
    assert at.session_state[UPLOADS] == []
    assert any(i.value == "Chưa có bài nào." for i in at.info)
    assert len(articles_shown(at)) == len(corpus["articles"])


def test_uploads_stay_in_their_own_session_and_out_of_data(corpus):
    data = ROOT / "data"
    before = sorted((p.relative_to(data), p.stat().st_mtime_ns) for p in data.rglob("*"))
    mine = add_files(open_page("upload"), {"good.txt": RETREAT})
    assert len(articles_shown(mine)) == len(corpus["articles"]) + 1
    other = open_page("articles")
    assert len(listing(other)) == len(corpus["articles"])
    assert "good.txt" not in set(listing(other)["file"])
    assert sorted((p.relative_to(data), p.stat().st_mtime_ns) for p in data.rglob("*")) == before


def test_markup_in_an_uploaded_article_is_shown_as_text(corpus):
    at = add_files(open_page("upload"), {"hostile.txt": HOSTILE})
    aid = at.session_state[UPLOADS][0].article.article_id
    articles_shown(at)
    at.selectbox(key="article").set_value(aid).run()
    assert not at.exception
    body = next(h.value for h in at.get("html") if "class='article-text'" in h.value)
    assert "<script" not in body and "<img" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "&lt;img src=x onerror=alert(2)&gt;" in body
    assert any("⬆" in c.value for c in at.caption)


def test_a_formula_in_an_upload_comes_out_neutralised_in_a_download(corpus, served):
    text, formula = RETREAT.replace("\n", " "), '"=HYPERLINK(""http://x"",""y"")"'
    table = f'text,title,source\n"{text}",{formula},+cmd\n'
    at = add_files(open_page("upload"), {"formula.csv": table})
    articles_shown(at)
    rows = read_csv(download(at, served, "articles")[0]).set_index("file")
    assert rows.at["formula.csv row 2", "title"] == "'=HYPERLINK(\"http://x\",\"y\")"
    assert rows.at["formula.csv row 2", "source"] == "'+cmd"


def test_an_analysis_that_fails_refuses_the_batch_and_keeps_the_session(corpus, monkeypatch):
    at = add_files(open_page("upload"), {"good.txt": RETREAT})
    uploads = list(at.session_state[UPLOADS])

    def failing(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(pages.common, "with_uploads", failing)
    at = add_files(at, {"other.txt": RETREAT.replace("2024", "2022")})
    assert refused(at) == {"other.txt": "không phân tích được (boom); lô này không được thêm"}
    assert at.session_state[UPLOADS] == uploads
    assert not at.exception


@pytest.mark.parametrize("script", [script for script, _, _ in pages.common.PAGES])
def test_markup_in_an_uploaded_article_stays_text_on_every_page(corpus, script):
    at = add_files(open_page("upload"), {"hostile.txt": HOSTILE})
    at.switch_page(script).run()
    assert not at.exception
    shown = [e.value for e in [*at.get("html"), *at.markdown, *at.caption]]
    assert not [value for value in shown if "<script" in value or "<img" in value]
