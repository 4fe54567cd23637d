"""Ingest: articles that users bring — .txt, .md, .html, .docx, .csv/.xlsx with a text column, or a .zip.

Everything here reads bytes and returns Articles; nothing is executed, nothing is written
but by `add_to_folder`, and no name from an upload ever becomes a path (a member called
"../../etc/passwd" is refused by name). Each bad file gives a LoadProblem that names it and
says why; the rest of the batch goes on.
"""

from __future__ import annotations

import csv
import io
import os
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

from defusedxml import DefusedXmlException, ElementTree

from .load import Article, LoadProblem, article_files, article_from_text, decode_bytes, read_article
from .resources import DataFileError, data_file, read_yaml

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
TABLE_SUFFIXES = (".csv", ".xlsx")
ACCEPTED = (*TEXT_SUFFIXES, *HTML_SUFFIXES, ".docx", *TABLE_SUFFIXES, ".zip")
ARCHIVE_SUFFIXES = (".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar")
TEXT_COLUMNS = ("text", "content", "body", "nội dung", "noi dung", "văn bản")
META_COLUMNS = ("title", "date", "source", "url")
# Letters that only Vietnamese writes among the languages of this press (tones and ă â đ ê ô ơ ư).
_VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.I)


@dataclass(frozen=True)
class Limits:
    """What one upload may hold (data/limits.yaml)."""

    max_file_mb: float = 5
    max_zip_members: int = 200
    max_zip_total_mb: float = 50
    max_rows: int = 5000
    min_vietnamese_share: float = 0.02
    max_session_articles: int = 200


def load_limits() -> Limits:
    """Return the limits of data/limits.yaml."""
    path = data_file("limits.yaml")
    values = read_yaml(path)
    unknown = set(values) - set(Limits.__dataclass_fields__)
    if unknown:
        raise DataFileError(str(path), f"unknown limit(s): {', '.join(sorted(unknown))}")
    return Limits(**values)


@dataclass(frozen=True)
class Upload:
    """An article brought by a user, with what the upload said about it (title, date, source, url)."""

    article: Article
    meta: dict[str, str] = field(default_factory=dict)
    language: str = "vi"


@dataclass
class IngestReport:
    """What an upload gave: the articles, and one problem per file that was refused."""

    uploads: list[Upload] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)


def language_of(text: str, limits: Limits) -> str:
    """Return "vi" when enough letters are Vietnamese-only letters, else "other"."""
    letters = sum(c.isalpha() for c in text)
    if not letters:
        return "other"
    return "vi" if len(_VIETNAMESE.findall(text)) / letters >= limits.min_vietnamese_share else "other"


class _TextOfHtml(HTMLParser):
    """Collects the visible text of an HTML page, one paragraph per block element; drops scripts and styles."""

    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section", "article",
              "header", "footer", "figcaption", "title"}
    HIDDEN = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def html_text(html: str) -> str:
    """Return the visible text of an HTML document, paragraphs on their own lines."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    return re.sub(r"[ \t]*\n[ \t\n]*", "\n", "".join(parser.parts)).strip()


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes, name: str, limits: Limits) -> str:
    """Return the paragraphs of a .docx file (its word/document.xml), read with a hardened XML parser."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as docx:
            info = docx.getinfo("word/document.xml")
            if info.file_size > limits.max_zip_total_mb * 2**20:
                raise LoadProblem(name, f"the document is larger than {limits.max_zip_total_mb:g} MB unpacked")
            root = ElementTree.fromstring(docx.read(info))
    except (zipfile.BadZipFile, KeyError):
        raise LoadProblem(name, "not a readable .docx file (no word/document.xml inside)") from None
    except ElementTree.ParseError as error:
        raise LoadProblem(name, f"the .docx holds malformed XML ({error})") from None
    except DefusedXmlException:
        raise LoadProblem(name, "the .docx declares XML entities or a DTD, which are refused") from None
    paragraphs = ["".join(t.text or "" for t in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p")]
    return "\n".join(p for p in paragraphs if p.strip())


def _rows_of_table(data: bytes, name: str) -> list[dict[str, str]]:
    if name.lower().endswith(".csv"):
        text, _ = decode_bytes(data, name)
        return [{(k or "").strip().casefold(): (v or "") for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]
    from openpyxl import load_workbook  # only for .xlsx uploads

    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception:
        raise LoadProblem(name, "not a readable .xlsx workbook") from None
    rows = sheet.iter_rows(values_only=True)
    header = [str(h or "").strip().casefold() for h in next(rows, [])]
    return [{h: "" if v is None else str(v) for h, v in zip(header, row)} for row in rows]


def table_uploads(data: bytes, name: str, limits: Limits) -> IngestReport:
    """Return one article per row of a .csv/.xlsx with a text column (title, date, source, url optional)."""
    report = IngestReport()
    rows = _rows_of_table(data, name)
    column = next((c for c in TEXT_COLUMNS if rows and c in rows[0]), None)
    if column is None:
        raise LoadProblem(name, f"no text column: name one of {', '.join(TEXT_COLUMNS)}")
    if len(rows) > limits.max_rows:
        raise LoadProblem(name, f"{len(rows)} rows, more than the limit of {limits.max_rows}")
    for number, row in enumerate(rows, 2):
        row_name = f"{name} row {number}"
        try:
            article = article_from_text(row[column], row_name)
        except LoadProblem as problem:
            report.problems.append(problem)
            continue
        meta = {k: row[k].strip() for k in META_COLUMNS if row.get(k, "").strip()}
        report.uploads.append(Upload(article, meta, language_of(article.text, limits)))
    return report


def _safe_member(member: zipfile.ZipInfo) -> str | None:
    """Return why a .zip member is refused, or None when its name is a plain relative path."""
    path = PurePosixPath(member.filename.replace("\\", "/"))
    if member.filename.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", member.filename) or ".." in path.parts:
        return "its name leaves the archive (absolute path or '..')"
    if (member.external_attr >> 16) & 0o170000 == 0o120000:
        return "it is a symbolic link"
    return None


def zip_uploads(data: bytes, name: str, limits: Limits) -> IngestReport:
    """Return the articles inside a .zip, refusing nested archives, unsafe names and oversized contents."""
    report = IngestReport()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise LoadProblem(name, "not a readable .zip archive") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > limits.max_zip_members:
            raise LoadProblem(name, f"{len(members)} files inside, more than the limit of {limits.max_zip_members}")
        total = sum(m.file_size for m in members)
        if total > limits.max_zip_total_mb * 2**20:
            raise LoadProblem(name, f"{total / 2**20:.1f} MB unpacked, more than the limit of {limits.max_zip_total_mb:g} MB")
        for member in members:
            member_name = f"{name}/{member.filename}"
            why = _safe_member(member)
            if why is None and member.filename.lower().endswith(ARCHIVE_SUFFIXES):
                why = "archives inside archives are not opened"
            if why is None and member.file_size > limits.max_file_mb * 2**20:
                why = f"larger than the limit of {limits.max_file_mb:g} MB"
            if why is not None:
                report.problems.append(LoadProblem(member_name, why))
                continue
            inner = read_upload(member_name, archive.read(member), limits, inside_zip=True)
            report.uploads += inner.uploads
            report.problems += inner.problems
    return report


def read_upload(name: str, data: bytes, limits: Limits, inside_zip: bool = False) -> IngestReport:
    """Return the articles of one uploaded file (by its name's ending) and the problems found."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in ACCEPTED or (inside_zip and suffix == ".zip"):
        why = "archives inside archives are not opened" if inside_zip and suffix == ".zip" else \
            f"files of type '{suffix or 'none'}' are not read; accepted: {', '.join(ACCEPTED)}"
        return IngestReport(problems=[LoadProblem(name, why)])
    if len(data) > limits.max_file_mb * 2**20:
        return IngestReport(problems=[LoadProblem(name, f"{len(data) / 2**20:.1f} MB, more than the limit of "
                                                        f"{limits.max_file_mb:g} MB")])
    try:
        if suffix == ".zip":
            return zip_uploads(data, name, limits)
        if suffix in TABLE_SUFFIXES:
            return table_uploads(data, name, limits)
        if suffix == ".docx":
            text, encoding = docx_text(data, name, limits), "docx"
        else:
            text, encoding = decode_bytes(data, name)
            if suffix in HTML_SUFFIXES:
                text = html_text(text)
        article = article_from_text(text, name, encoding)
    except LoadProblem as problem:
        return IngestReport(problems=[problem])
    return IngestReport(uploads=[Upload(article, {}, language_of(article.text, limits))])


def without_duplicates(report: IngestReport, known: dict[str, str]) -> IngestReport:
    """Return the report with articles already known (by content id → name) or repeated turned into problems."""
    seen = dict(known)
    kept = IngestReport(problems=list(report.problems))
    for upload in report.uploads:
        aid = upload.article.article_id
        if aid in seen:
            kept.problems.append(LoadProblem(upload.article.file, f"the same text as {seen[aid]}, already loaded; skipped"))
            continue
        seen[aid] = upload.article.file
        kept.uploads.append(upload)
    return kept


def _file_name(upload: Upload, taken: set[str]) -> str:
    """Return a new file name for an added article: its own base name, made safe, never a path."""
    stem = PurePosixPath(upload.article.file.replace("\\", "/")).stem
    stem = re.sub(r"[^\w-]+", "_", stem).strip("_-")[:80] or "article"
    name = f"{stem}.txt"
    while name in taken:
        name = f"{stem}_{upload.article.article_id[:8]}.txt"
        if name in taken:
            name = f"{stem}_{uuid.uuid4().hex[:8]}.txt"
    return name


def add_to_folder(paths: list[Path], folder: Path, limits: Limits) -> tuple[list[str], IngestReport]:
    """Copy the articles in `paths` into `folder` as UTF-8 .txt files, each written atomically.

    Returns the names written and a report whose problems include every article already
    present by content.
    """
    known = {}
    for path in article_files(folder):
        try:
            known[read_article(path).article_id] = path.name
        except LoadProblem:
            continue
    report = IngestReport()
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as error:
            report.problems.append(LoadProblem(str(path), f"cannot be read ({error.strerror or error})"))
            continue
        found = read_upload(path.name, data, limits)
        report.uploads += found.uploads
        report.problems += found.problems
    report = without_duplicates(report, known)
    written = []
    taken = {p.name for p in folder.iterdir()}
    for upload in report.uploads:
        name = _file_name(upload, taken)
        taken.add(name)
        target = folder / name
        tmp = folder / f".{name}.{uuid.uuid4().hex}.tmp"
        tmp.write_text(upload.article.text + "\n", encoding="utf-8")
        os.replace(tmp, target)
        written.append(name)
    return written, report

