"""The command line as a user runs it: `python -m defence_news ...` in a shell, checked by its output files."""

import csv
import os
import re
import subprocess
import sys
from collections import Counter

import pytest

from conftest import ROOT
from defence_news import export

# The extracts and their columns, as the issue states them.
EXTRACTS = {
    "articles.csv": ["article_id", "file", "title", "date", "date_precision", "date_origin", "source", "location",
                     "meetings", "countries", "words"],
    "meetings.csv": ["meeting_id", "series", "name_vi", "name_en", "edition", "level", "format", "date", "location",
                     "host_country", "countries", "article_ids"],
    "topic_counts.csv": ["article_id", "topic", "label_vi", "label_en", "hits", "per_1000_words"],
    "country_mentions.csv": ["article_id", "country", "name_vi", "name_en", "hits"],
    "keywords.csv": ["article_id", "term", "hits"],
    "mentions.csv": ["article_id", "kind", "key", "matched", "sentence_index", "sentence"],
    "statements.csv": ["article_id", "sentence_index", "speaker", "speaker_country", "role", "topics", "sentence"],
    "people.csv": ["person", "country", "roles", "aliases", "meeting_ids", "article_ids"],
}
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Run `python -m defence_news ARGS` from the project folder with a cache of its own."""
    env = {**os.environ, "DEFENCE_NEWS_CACHE": str(tmp_path_factory.mktemp("cli-cache"))}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "defence_news", *map(str, args)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300)

    return run


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    ("args", "documented"),
    [
        (["--help"], ["build", "export"]),
        (["build", "--help"], ["--input", "--curation", "--strict"]),
        (["export", "--help"], ["--input", "--out", "--curation", "--strict", *EXTRACTS]),
    ],
)
def test_help_documents_the_commands(run, args, documented):
    result = run(*args)
    assert result.returncode == 0
    for word in documented:
        assert word in result.stdout, word


def test_a_missing_out_folder_is_a_usage_error(run):
    result = run("export", "--input", "data/articles")
    assert result.returncode == 2 and "--out" in result.stderr


@pytest.fixture(scope="module")
def seeds_export(run, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    result = run("export", "--input", "data/articles", "--out", out)
    assert result.returncode == 0, result.stderr
    return out, result


def test_export_writes_exactly_the_declared_extracts(seeds_export):
    out, result = seeds_export
    # the six of the issue, and any extract added since, each declared in export.EXTRACTS: no stray file
    assert set(EXTRACTS) <= set(export.EXTRACTS)
    assert sorted(p.name for p in out.iterdir()) == sorted(export.EXTRACTS)
    assert sorted(result.stdout.split()) == sorted(str(out / name) for name in export.EXTRACTS)
    assert "5 articles" in result.stderr


@pytest.mark.parametrize("name", list(EXTRACTS))
def test_each_extract_has_the_columns_of_the_issue(seeds_export, name):
    out, _ = seeds_export
    with open(out / name, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == EXTRACTS[name]
    assert rows[1:] and all(len(row) == len(EXTRACTS[name]) for row in rows)


@pytest.mark.parametrize("name", list(export.EXTRACTS))
def test_each_extract_is_utf8_with_bom_and_one_header_row(seeds_export, name):
    out, _ = seeds_export
    data = (out / name).read_bytes()
    assert data.startswith(BOM) and not data[3:].startswith(BOM)
    with open(out / name, encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    assert header == export.EXTRACTS[name][1]
    assert header not in rows


def test_articles_extract(seeds_export):
    out, _ = seeds_export
    rows = {row["file"][:3]: row for row in read(out / "articles.csv")}
    assert sorted(rows) == ["000", "001", "002", "003", "004"]
    for row in rows.values():
        assert row["date"] == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"])
    assert (rows["001"]["date"], rows["001"]["date_origin"]) == ("2010-03-24", "curated")
    assert (rows["004"]["date"], rows["004"]["location"]) == ("2024-03-05", "Luang Prabang, Lào")
    assert rows["002"]["meetings"].split(";") == ["asean_japan_informal-2025-11-01", "asean_us_informal-2025-11-01"]
    assert set(rows["003"]["countries"].split(";")) == {"JPN", "VNM", "USA", "CHN"}
    # Vietnamese survives the trip: the title is read back letter for letter
    assert rows["003"]["title"] == "Đối thoại chính sách quốc phòng Việt - Nhật lần thứ 11"


def test_every_country_count_is_its_mention_rows(seeds_export):
    out, _ = seeds_export
    mentions = Counter((m["article_id"], m["key"]) for m in read(out / "mentions.csv") if m["kind"] == "country")
    counts = {(c["article_id"], c["country"]): int(c["hits"]) for c in read(out / "country_mentions.csv")}
    assert counts == dict(mentions)
    topics = Counter((m["article_id"], m["key"]) for m in read(out / "mentions.csv") if m["kind"] == "topic")
    assert {(t["article_id"], t["topic"]): int(t["hits"]) for t in read(out / "topic_counts.csv")} == dict(topics)


def test_every_mention_shows_its_sentence(seeds_export):
    out, _ = seeds_export
    for m in read(out / "mentions.csv"):
        assert m["matched"] in m["sentence"], m


def test_meetings_extract_names_its_articles(seeds_export):
    out, _ = seeds_export
    articles = {row["article_id"] for row in read(out / "articles.csv")}
    meetings = {row["meeting_id"]: row for row in read(out / "meetings.csv")}
    assert meetings["vnm_jpn_defence_policy_dialogue-11"]["edition"] == "11"
    assert meetings["admm_retreat-2024-03-05"]["edition"] == ""
    for row in meetings.values():
        assert set(row["article_ids"].split(";")) <= articles


def test_statements_and_people_extracts(seeds_export):
    out, _ = seeds_export
    statements = read(out / "statements.csv")
    kano = [s for s in statements if s["sentence"].startswith("Về phần mình, ông Kano nhấn mạnh")]
    assert [(s["speaker"], s["speaker_country"], s["role"]) for s in kano] == [
        ("Kano Koji", "JPN", "Thứ trưởng Bộ Quốc phòng")]
    people = {row["person"]: row for row in read(out / "people.csv")}
    assert people["Pete Hegseth"]["country"] == "USA"
    assert set(people["Pete Hegseth"]["meeting_ids"].split(";")) == {"asean_japan_informal-2025-11-01",
                                                                      "asean_us_informal-2025-11-01"}
    assert {s["speaker"] for s in statements if s["speaker_country"]} <= set(people)


GOOD = '=HYPERLINK("http://example.com","Bấm vào đây")\nNgày 5/3/2024, Đại tướng tham dự ADMM Hẹp tại Luang Prabang, Lào.\n'


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory):
    """One empty file and one good article whose title looks like a spreadsheet formula (and no topic)."""
    folder = tmp_path_factory.mktemp("mixed")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def mixed_export(run, mixed_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("mixed-out")
    return out, run("export", "--input", mixed_folder, "--out", out)


def test_an_empty_file_is_named_and_the_others_exported(mixed_export):
    out, result = mixed_export
    assert result.returncode == 0, result.stderr
    assert "skipped empty.txt: the file is empty" in result.stderr
    assert "Traceback" not in result.stderr
    assert [row["file"] for row in read(out / "articles.csv")] == ["good.txt"]
    assert [row["meeting_id"] for row in read(out / "meetings.csv")] == ["admm_retreat-2024-03-05"]


def test_strict_makes_the_empty_file_fatal(run, mixed_folder, tmp_path):
    result = run("export", "--input", mixed_folder, "--out", tmp_path / "out", "--strict")
    assert result.returncode == 1
    assert result.stderr.strip() == "error: empty.txt: the file is empty"
    assert not (tmp_path / "out").exists()


def test_a_missing_input_folder_is_an_error_not_a_traceback(run, tmp_path):
    result = run("export", "--input", tmp_path / "nowhere", "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "this folder does not exist" in result.stderr and "Traceback" not in result.stderr


def test_a_formula_in_a_title_is_exported_as_text(mixed_export):
    out, _ = mixed_export
    (article,) = read(out / "articles.csv")
    assert article["title"] == "'" + GOOD.split("\n")[0]
    sentences = {m["sentence"] for m in read(out / "mentions.csv")}
    assert not any(s.startswith(("=", "+", "-", "@")) for s in sentences)


def test_a_folder_without_a_usable_article_gives_empty_extracts(run, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "report.txt").write_bytes(b"%PDF-1.7 binary")
    result = run("export", "--input", tmp_path / "in", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "skipped report.txt: this is a PDF document, not a text article" in result.stderr
    for name, columns in EXTRACTS.items():
        with open(tmp_path / "out" / name, encoding="utf-8-sig", newline="") as handle:
            assert list(csv.reader(handle)) == [columns]


def test_a_curation_file_that_does_not_exist_is_an_error(run, tmp_path):
    result = run("export", "--input", "data/articles", "--out", tmp_path / "out", "--curation", tmp_path / "curaton.csv")
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'curaton.csv'}: the curation file does not exist"
    assert not (tmp_path / "out").exists()
