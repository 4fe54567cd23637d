"""Reading article files: encodings, repeated paragraphs, and bad files with clear messages."""

import codecs
import unicodedata

import pytest

from defence_news.load import LoadProblem, article_or_problem, bytes_key, file_keys, read_article, read_corpus

TEXT = "Hội nghị Bộ trưởng Quốc phòng ASEAN (ADMM) diễn ra tại Viêng Chăn.\nHai bên nhất trí tăng cường hợp tác."


@pytest.mark.parametrize(
    "encoded",
    [TEXT.encode("utf-8"), codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT.encode("utf-16")],  # utf-16 has a BOM
)
def test_every_supported_encoding_reads_the_same_text(tmp_path, encoded):
    path = tmp_path / "a.txt"
    path.write_bytes(encoded)
    article = read_article(path)
    assert article.paragraphs[0].startswith("Hội nghị Bộ trưởng Quốc phòng ASEAN")


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: letters precomposed (ô, ư, đ), tone marks combining after them."""
    out = b""
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        letter = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        out += (letter + "".join(c for c in decomposed if c in TONE_MARKS)).encode("cp1258")
    return out


def test_windows_1258_legacy_text(tmp_path):
    # Windows-1258 writes tones as combining marks; the result must be NFC like any other file
    legacy = to_cp1258(TEXT)
    assert legacy != TEXT.encode("utf-8")
    path = tmp_path / "legacy.txt"
    path.write_bytes(legacy)
    article = read_article(path)
    assert article.encoding == "cp1258"
    assert article.paragraphs[0] == TEXT.split("\n")[0]


def test_repeated_paragraphs_count_once(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("Đoạn một.\nĐoạn hai.\nĐoạn một.\nĐoạn hai.\nKết.", encoding="utf-8")
    article = read_article(path)
    assert article.paragraphs == ("Đoạn một.", "Đoạn hai.", "Kết.")
    assert article.duplicate_paragraphs == 2


def test_seed_that_repeats_its_body_is_read_once():
    from conftest import SEEDS

    article = read_article(SEEDS / "001_b1f821e9ad48bc8e.txt")
    assert article.duplicate_paragraphs == 7
    assert sum("lần này gồm các thứ trưởng" in p for p in article.paragraphs) == 1


def test_hard_wrapped_lines_are_joined(tmp_path):
    path = tmp_path / "w.txt"
    path.write_text("Đại tướng Phan Văn Giang đề xuất hợp tác\nquốc phòng ASEAN - Nhật Bản.\nĐoạn sau.", encoding="utf-8")
    assert read_article(path).paragraphs == ("Đại tướng Phan Văn Giang đề xuất hợp tác quốc phòng ASEAN - Nhật Bản.", "Đoạn sau.")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"%PDF-1.7 binary", "PDF"),
        (b"\x00\x01\x02\x03" * 50, "binary"),
        (bytes(range(0x80, 0x100)) * 20, "could not be decoded"),
    ],
)
def test_bad_files_name_the_file_and_the_reason(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(LoadProblem) as problem:
        read_article(path)
    assert problem.value.file == "bad.txt"
    assert reason in problem.value.reason


def test_a_bad_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_text(TEXT, encoding="utf-8")  # same text as a.txt
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")  # not an article file type: not read
    articles, problems = read_corpus(tmp_path)
    assert [a.file for a in articles] == ["a.txt"]
    assert {(p.file, "empty" in p.reason or "same text" in p.reason) for p in problems} == {("b.txt", True), ("c.txt", True)}


class _ReadBefore(dict):
    """The read cache as a dict: get and put, like the store's ReadCache."""

    def get(self, keys):
        return {k: self[k] for k in keys if k in self}

    def put(self, articles):
        self.update(articles)


def test_only_files_not_read_before_are_handed_to_the_reader_and_its_problems_are_reported(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    handed: list[list[str]] = []

    def backwards(files):  # a reader on workers may give its results in any order
        handed.append([name for name, _ in files])
        return reversed([article_or_problem(f) for f in files])

    read_before = _ReadBefore()
    first, problems = read_corpus(tmp_path, read_before, backwards)
    assert handed == [["a.txt", "b.txt"]]
    assert [a.file for a in first] == ["a.txt"] and [(p.file, p.reason) for p in problems] == [("b.txt", "the file is empty")]
    (tmp_path / "c.txt").write_text(TEXT.replace("Viêng Chăn", "Hà Nội"), encoding="utf-8")
    again, problems = read_corpus(tmp_path, read_before, backwards)
    assert handed[1] == ["b.txt", "c.txt"]  # a.txt is in the read cache; a problem is never kept there
    assert again == read_corpus(tmp_path)[0] and [p.file for p in problems] == ["b.txt"]


def test_only_the_files_of_the_keys_given_are_read(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT.replace("Viêng Chăn", "Hà Nội"), encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"")
    keys = file_keys(tmp_path)
    assert list(keys) == ["a.txt", "b.txt", "c.txt"]
    assert keys["a.txt"] == bytes_key(TEXT.encode("utf-8")) != keys["b.txt"]
    articles, problems = read_corpus(tmp_path, keys={name: keys[name] for name in keys if name != "a.txt"})
    assert [a.file for a in articles] == ["b.txt"] and "Hà Nội" in articles[0].text
    assert [(p.file, p.reason) for p in problems] == [("c.txt", "the file is empty")]
