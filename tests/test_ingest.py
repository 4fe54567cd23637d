"""Articles users bring: every accepted format, and every bad or hostile input refused by name."""

import io
import os
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT, SEEDS
from defence_news.ingest import Limits, add_to_folder, html_text, language_of, read_upload, without_duplicates

LIMITS = Limits(max_file_mb=0.05, max_zip_members=3, max_zip_total_mb=0.1, max_rows=3)
VI = "Hội nghị Bộ trưởng Quốc phòng ASEAN (ADMM) diễn ra tại Viêng Chăn. Hai bên nhất trí tăng cường hợp tác."


def docx(paragraphs, doctype=""):
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = (f'<?xml version="1.0"?>{doctype}<w:document xmlns:w="http://schemas.openxmlformats.org/'
           f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", xml)
    return buffer.getvalue()


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def test_text_markdown_html_and_docx_give_the_same_first_paragraph():
    html = f"<html><head><title>x</title><script>alert(1)</script></head><body><p>{VI}</p><p>Đoạn hai.</p></body></html>"
    for name, data in [("a.txt", VI.encode()), ("a.md", VI.encode()), ("a.html", html.encode()),
                       ("a.docx", docx([VI, "Đoạn hai."]))]:
        report = read_upload(name, data, LIMITS)
        assert not report.problems, name
        assert report.uploads[0].article.paragraphs[0] == VI, name


def test_html_drops_scripts_and_styles_and_keeps_paragraphs():
    text = html_text("<style>p{}</style><p>Một.</p><script>document.write('x')</script><div>Hai &amp; ba</div>")
    assert text == "Một.\nHai & ba"


def test_csv_rows_become_articles_with_their_metadata():
    data = f"title,date,source,text\nBài A,2024-03-05,VTC News,\"{VI}\"\nBài B,,,\n".encode("utf-8-sig")
    report = read_upload("batch.csv", data, LIMITS)
    assert [u.meta for u in report.uploads] == [{"title": "Bài A", "date": "2024-03-05", "source": "VTC News"}]
    assert [p.file for p in report.problems] == ["batch.csv row 3"]  # the empty text


def test_xlsx_rows_become_articles():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Nội dung", "title"])
    book.active.append([VI, "Bài A"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = read_upload("batch.xlsx", buffer.getvalue(), Limits())
    assert report.uploads[0].meta == {"title": "Bài A"} and report.uploads[0].article.paragraphs[0] == VI


def test_table_without_a_text_column_is_refused_by_name():
    report = read_upload("bad.csv", b"title,date\nA,2024\n", LIMITS)
    assert report.problems[0].file == "bad.csv" and "no text column" in report.problems[0].reason


def test_zip_members_are_read_and_unsafe_ones_refused():
    data = zipped({"ok.txt": VI, "../evil.txt": VI + " x", "inner.zip": b"PK", "notes.exe": b"MZ"})
    report = read_upload("batch.zip", data, Limits(max_file_mb=1, max_zip_members=10, max_zip_total_mb=1))
    assert [u.article.file for u in report.uploads] == ["batch.zip/ok.txt"]
    reasons = {p.file: p.reason for p in report.problems}
    assert "leaves the archive" in reasons["batch.zip/../evil.txt"]
    assert "inside archives" in reasons["batch.zip/inner.zip"]
    assert "not read" in reasons["batch.zip/notes.exe"]


def test_zip_with_too_many_or_too_large_members_is_refused_with_the_limit():
    many = read_upload("many.zip", zipped({f"{i}.txt": VI for i in range(4)}), LIMITS)
    assert "more than the limit of 3" in many.problems[0].reason
    bomb = read_upload("bomb.zip", zipped({"big.txt": "a " * 60000}), Limits(max_zip_total_mb=0.1))
    assert "MB unpacked, more than the limit of 0.1 MB" in bomb.problems[0].reason


def test_file_over_the_size_limit_names_the_limit():
    report = read_upload("huge.txt", b"a" * 60000, LIMITS)
    assert report.problems[0].file == "huge.txt" and "limit of 0.05 MB" in report.problems[0].reason


def test_docx_with_entities_is_refused():
    doctype = '<!DOCTYPE w [<!ENTITY lol "lol">]>'
    report = read_upload("bomb.docx", docx(["&lol;"], doctype), LIMITS)
    assert "refused" in report.problems[0].reason


def test_binary_empty_and_undecodable_files_are_named():
    for name, data, reason in [("e.txt", b"", "empty"), ("b.txt", b"\x00\x01" * 100, "binary"),
                               ("p.txt", b"%PDF-1.4", "PDF")]:
        report = read_upload(name, data, LIMITS)
        assert report.problems[0].file == name and reason in report.problems[0].reason


def test_another_language_is_said():
    assert language_of("The ASEAN defence ministers met in Vientiane and agreed to cooperate.", Limits()) == "other"
    assert language_of(VI, Limits()) == "vi"


def test_duplicates_of_loaded_articles_are_skipped_with_a_message():
    report = read_upload("a.txt", VI.encode(), LIMITS)
    again = without_duplicates(report, {report.uploads[0].article.article_id: "seed.txt"})
    assert not again.uploads and "same text as seed.txt" in again.problems[0].reason


def test_add_copies_new_articles_atomically_and_skips_present_ones(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "seed.txt").write_text(VI, encoding="utf-8")
    new = tmp_path / "Bài mới (1).html"
    new.write_text("<p>Hội nghị ADMM Hẹp diễn ra tại Luang Prabang.</p>", encoding="utf-8")
    same = tmp_path / "copy.txt"
    same.write_text(VI, encoding="utf-8")
    written, report = add_to_folder([new, same], folder, Limits())
    assert written == ["Bài_mới_1.txt"]
    assert (folder / "Bài_mới_1.txt").read_text(encoding="utf-8").startswith("Hội nghị ADMM Hẹp")
    assert "same text as seed.txt" in report.problems[0].reason
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_cli_add_reports_what_it_did(tmp_path):
    data = tmp_path / "data"
    (data / "articles").mkdir(parents=True)
    for f in ("limits.yaml",):
        (data / f).write_bytes((ROOT / "data" / f).read_bytes())
    seed = next(SEEDS.glob("003_*.txt"))
    env = {**os.environ, "DEFENCE_NEWS_DATA": str(data)}
    first = subprocess.run([sys.executable, "-m", "defence_news", "add", str(seed)], cwd=ROOT, env=env,
                           capture_output=True, text=True)
    second = subprocess.run([sys.executable, "-m", "defence_news", "add", str(seed)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert first.returncode == 0 and "added 003_1e85aa855a60971f.txt" in first.stdout
    assert second.returncode == 1 and "already loaded" in second.stderr
