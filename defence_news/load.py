"""Load: article files in, cleaned NFC paragraphs out (repeated paragraphs counted once).

A file that cannot be read as an article gives a `LoadProblem` naming the file and the
reason; the caller decides whether that stops the run (`--strict`) or is reported.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from .resources import fingerprint
from .text import clean_text

ARTICLE_SUFFIXES = (".txt", ".md")

# Magic numbers of the binary files people most often drop into a folder by mistake.
_BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or a .docx/.xlsx file)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file",
    b"\x1f\x8b": "a gzip archive",
}
_TERMINAL = tuple('.!?…:;"”’)»/')


class LoadProblem(Exception):
    """An article file that cannot be used, with the reason in words a user can act on."""

    def __init__(self, file: str, reason: str):
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason

    def __reduce__(self):
        # sent back by a worker process (article_or_problem): made again from its file and reason
        return LoadProblem, (self.file, self.reason)


@dataclass(frozen=True)
class Article:
    """One article as read: its stable id, file name, cleaned text and distinct paragraphs."""

    article_id: str
    file: str
    text: str
    paragraphs: tuple[str, ...]
    duplicate_paragraphs: int
    encoding: str


def content_id(text: str) -> str:
    """Return the stable id of an article: 16 hex digits of the SHA-256 of its cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


_ORDINARY = re.compile(r"[\w\s.,;:!?'\"()\[\]/%-]+")


def _looks_like_text(text: str) -> bool:
    """True when almost every character is a letter, digit, space or common punctuation."""
    sample = text[:20000]
    if not sample.strip():
        return True
    # letters, digits, spaces and common punctuation are never odd: only the rest is looked up
    odd = sum(
        1
        for c in _ORDINARY.sub("", sample)
        if unicodedata.category(c)[0] in "CS" and c not in "\n\r\t" and unicodedata.category(c) != "Sm"
    )
    return odd / len(sample) < 0.02


def decode_bytes(data: bytes, file: str) -> tuple[str, str]:
    """Return (text, encoding) of an article's bytes: UTF-8 (BOM or not), UTF-16 with BOM, or Windows-1258."""
    if not data.strip():
        raise LoadProblem(file, "the file is empty")
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        for magic, kind in _BINARY_SIGNATURES.items():
            if data.startswith(magic):
                raise LoadProblem(file, f"this is {kind}, not a text article")
        if b"\x00" in data[:8192]:
            raise LoadProblem(file, "this is a binary file (it contains NUL bytes), not a text article")
        candidates = ["utf-8", "cp1258"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            if not text.strip():
                raise LoadProblem(file, "the file holds only white space")
            return text, encoding
    raise LoadProblem(
        file,
        "the text could not be decoded as UTF-8, UTF-16 (with BOM) or Windows-1258; "
        "save it as UTF-8 and try again",
    )


def split_paragraphs(text: str) -> list[str]:
    """Return the paragraphs of cleaned text: one per line, hard-wrapped lines joined back.

    A line that ends without closing punctuation and is followed by a line starting in
    lower case was wrapped by an editor, not ended by the writer.
    """
    paragraphs: list[str] = []
    joinable = False
    for line in text.split("\n"):
        if not line:
            joinable = False
            continue
        if joinable and line[:1].islower():
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        joinable = not paragraphs[-1].endswith(_TERMINAL)
    return paragraphs


def distinct_paragraphs(paragraphs: list[str]) -> tuple[list[str], int]:
    """Return the paragraphs with exact repeats dropped (first kept) and how many were dropped."""
    seen: set[str] = set()
    kept = []
    for paragraph in paragraphs:
        key = " ".join(paragraph.split())
        if key not in seen:
            seen.add(key)
            kept.append(paragraph)
    return kept, len(paragraphs) - len(kept)


def article_from_text(text: str, file: str, encoding: str = "utf-8") -> Article:
    """Return an Article from decoded text; raises LoadProblem when nothing is left after cleaning."""
    cleaned = clean_text(text).strip()
    paragraphs, repeated = distinct_paragraphs(split_paragraphs(cleaned))
    if not paragraphs:
        raise LoadProblem(file, "the file holds no text")
    return Article(
        article_id=content_id("\n".join(paragraphs)),
        file=file,
        text=cleaned,
        paragraphs=tuple(paragraphs),
        duplicate_paragraphs=repeated,
        encoding=encoding,
    )


def _file_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise LoadProblem(name, f"the file cannot be read ({error.strerror or error})") from None


def _article_of(data: bytes, file: str) -> Article:
    text, encoding = decode_bytes(data, file)
    return article_from_text(text, file, encoding)


def read_article(path: Path, file: str | None = None) -> Article:
    """Return the Article stored at `path`; raises LoadProblem naming the file."""
    name = file or path.name
    return _article_of(_file_bytes(path, name), name)


# What reading an article does is this module's code and text.py's: a change to either reads every file again.
READER_VERSION = fingerprint(Path(__file__).read_bytes(), (Path(__file__).parent / "text.py").read_bytes())


def bytes_key(data: bytes) -> str:
    """Return the key of an article file's bytes as this version of the reader reads them."""
    return fingerprint(READER_VERSION, data)


class ReadArticles(Protocol):
    """Articles read before, by the bytes_key of their file (their `file` is the name they had then)."""

    def get(self, keys: set[str]) -> dict[str, Article]: ...

    def put(self, articles: dict[str, Article]) -> None: ...


def _article_entries(folder: Path) -> list[os.DirEntry]:
    """Return the entries of a folder's article files, sorted by name (hidden files left out)."""
    if not folder.is_dir():
        raise LoadProblem(str(folder), "this folder does not exist")
    # names sorted, not paths, and no Path made of a name to read its suffix: many times faster at 10,000 files
    with os.scandir(folder) as entries:
        return sorted((e for e in entries if e.is_file() and os.path.splitext(e.name)[1].lower() in ARTICLE_SUFFIXES
                       and not e.name.startswith(".")), key=lambda e: e.name)


def article_files(folder: Path) -> list[Path]:
    """Return the article files of a folder, sorted by name (hidden files left out)."""
    return [folder / e.name for e in _article_entries(folder)]


def article_or_problem(file: tuple[str, bytes]) -> Article | LoadProblem:
    """Return the Article of a file's name and bytes, or the LoadProblem that keeps it from being one."""
    try:
        return _article_of(file[1], file[0])
    except LoadProblem as problem:
        return problem


def _one_by_one(files: list[tuple[str, bytes]]) -> Iterable[Article | LoadProblem]:
    return map(article_or_problem, files)


def file_keys(folder: Path) -> dict[str, str | LoadProblem]:
    """Return the bytes_key of each article file of a folder (article_files) by name, or the problem reading it."""
    return stamped_keys(folder)[0]


# A file modified less than this before its size and time were taken may be modified again within the same tick
# of a coarse clock (2 s on FAT), keeping its size and time: its key is then not known from them (git's "racy" files).
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Stamps:
    """The (size, modification time in ns, bytes_key) of article files by name, as taken at `taken_ns`."""

    taken_ns: int
    files: dict[str, tuple[int, int, str]]


def stamped_keys(folder: Path, known: Stamps | None = None) -> tuple[dict[str, str | LoadProblem], Stamps]:
    """Return file_keys of a folder and the Stamps of its readable files.

    A file of `known` whose size and modification time are the same, and were more than RACY_NS older than
    `known`, keeps its key unread, as git's index does: reading and hashing every file would be most of a
    build that finds little or nothing new.
    """
    taken = time.time_ns()
    trusted = {} if known is None else {name: stamp for name, stamp in known.files.items()
                                        if stamp[1] < known.taken_ns - RACY_NS}
    keys: dict[str, str | LoadProblem] = {}
    stamps: dict[str, tuple[int, int, str]] = {}
    for entry in _article_entries(folder):
        name = entry.name
        try:
            # before the bytes are read: a change made in between is too recent to be trusted next time
            stat = entry.stat()
        except OSError:
            stat = None  # read, to say why it cannot be
        stamp = trusted.get(name)
        try:
            if stat is not None and stamp is not None and stamp[:2] == (stat.st_size, stat.st_mtime_ns):
                keys[name] = stamp[2]
            else:
                keys[name] = bytes_key(_file_bytes(Path(entry.path), name))
        except LoadProblem as problem:
            keys[name] = problem
            continue
        if stat is not None:
            stamps[name] = (stat.st_size, stat.st_mtime_ns, keys[name])
    return keys, Stamps(taken, stamps)


def _named_bytes(path: Path) -> tuple[str, bytes] | LoadProblem:
    try:
        return path.name, _file_bytes(path, path.name)
    except LoadProblem as problem:
        return problem


def read_corpus(
    folder: Path, read_before: ReadArticles | None = None,
    read_files: Callable[[list[tuple[str, bytes]]], Iterable[Article | LoadProblem]] = _one_by_one,
    keys: dict[str, str | LoadProblem] | None = None,
) -> tuple[list[Article], list[LoadProblem]]:
    """Return the readable articles of a folder and a problem for every file that was not used.

    Two files with the same text are one article: the second is reported, not counted twice.
    A file whose bytes are in `read_before` is not decoded and cleaned again; the articles
    read anew are added to it. Decoding and cleaning is most of the reading: `read_files`
    maps `article_or_problem` over the (name, bytes) of the other files, in any order, here
    one after the other unless it spreads them over processes. `keys` (file_keys of the folder,
    or of some of its files: only those are read) saves hashing every file again.
    """
    keys = dict(file_keys(folder) if keys is None else keys)
    known = read_before.get({k for k in keys.values() if isinstance(k, str)}) if read_before is not None else {}
    # only the files not read before are read again: their bytes were let go once hashed
    unread = [_named_bytes(folder / name) for name, key in keys.items() if isinstance(key, str) and key not in known]
    keys.update({u.file: u for u in unread if isinstance(u, LoadProblem)})
    read = {r.file: r for r in read_files([u for u in unread if not isinstance(u, LoadProblem)])}
    fresh: dict[str, Article] = {}
    articles: list[Article] = []
    problems: list[LoadProblem] = []
    seen: dict[str, str] = {}
    for name, key in keys.items():
        if isinstance(key, LoadProblem):
            problems.append(key)
            continue
        if key in known:
            article = replace(known[key], file=name)
        elif isinstance(read[name], LoadProblem):
            problems.append(read[name])
            continue
        else:
            article = fresh[key] = read[name]
        if article.article_id in seen:
            problems.append(LoadProblem(name, f"the same text as {seen[article.article_id]}; counted once"))
            continue
        seen[article.article_id] = name
        articles.append(article)
    if read_before is not None and fresh:
        read_before.put(fresh)
    return articles, problems
