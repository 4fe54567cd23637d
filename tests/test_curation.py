"""Curation: data/articles.csv wins over extraction and says so; a bad row names the file and the line."""

import pytest

from conftest import SEEDS, article_id
from defence_news.curation import CURATION_COLUMNS, read_curation
from defence_news.resources import DataFileError
from defence_news.store import build

HEADER = ",".join(CURATION_COLUMNS)


def seed(corpus, prefix):
    return corpus["articles"].set_index("article_id").loc[article_id(corpus, prefix)]


def test_curated_date_wins_and_says_curated(corpus):
    # seed 001 writes only "từ 24-28/3"; data/articles.csv gives 2010-03-24
    row = seed(corpus, "001")
    assert (row["date"], row["date_precision"], row["date_origin"]) == ("2010-03-24", "day", "curated")
    assert (row["title_origin"], row["source_origin"]) == ("curated", "text")


def test_a_meeting_dated_from_the_curated_date_says_so(corpus):
    forum = corpus["meetings"].set_index("meeting_id").loc["japan_asean_vice_ministerial_forum-2"]
    assert (forum["date"], forum["date_origin"]) == ("2010-03-24", "inferred")
    assert forum["date_note"] == "“từ 24-28/3”, year inferred from the curated date 2010-03-24"


def test_a_year_inferred_from_an_anniversary_says_so(corpus):
    # seed 000: "kỷ niệm 50 năm thiết lập quan hệ đối tác (1973 - 2023)" and no other date
    row = seed(corpus, "000")
    assert (row["date"], row["date_precision"], row["date_origin"]) == ("2023-01-01", "year", "inferred")
    assert "kỷ niệm 50 năm" in row["date_note"] and "(1973 - 2023)" in row["date_note"]


def write_curation(tmp_path, *rows):
    path = tmp_path / "articles.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_every_curated_value_wins_over_the_text(tmp_path):
    curation = write_curation(
        tmp_path,
        "000_8908b26d2d66a97a.txt,Thứ trưởng Hoàng Xuân Chiến dự Hội nghị tại Tokyo,2023-11,TTXVN,"
        "https://vnanet.vn/a.html,Tokyo,japan_asean_vice_ministerial_forum#12",
    )
    corpus, _ = build(SEEDS, curation_file=curation, store_name=None)
    row = seed(corpus, "000")
    assert (row["title"], row["title_origin"]) == ("Thứ trưởng Hoàng Xuân Chiến dự Hội nghị tại Tokyo", "curated")
    assert (row["date"], row["date_precision"], row["date_origin"]) == ("2023-11-01", "month", "curated")
    assert (row["source"], row["source_origin"]) == ("TTXVN", "curated")
    assert (row["url"], row["url_origin"]) == ("https://vnanet.vn/a.html", "curated")
    assert (row["location"], row["location_origin"]) == ("Tokyo", "curated")
    # the curated list of meetings replaces the extracted one: the sideline talks with Cambodia go
    assert row["meetings"] == "japan_asean_vice_ministerial_forum-12"
    # without its curation row, seed 001 ("từ 24-28/3", no year anywhere) has no date: none is invented
    row = seed(corpus, "001")
    assert (row["date"], row["date_precision"], row["date_origin"]) == ("", "", "")
    assert "“từ 24-28/3”, year unknown" in row["date_note"]


def test_a_curated_meeting_the_text_missed_is_added_with_its_edition(tmp_path):
    curation = write_curation(tmp_path, "004_a7a3af67e305c8bc.txt,,,,,,admm_retreat;admm#18")
    corpus, _ = build(SEEDS, curation_file=curation, store_name=None)
    assert set(seed(corpus, "004")["meetings"].split(";")) == {"admm_retreat-2024-03-05", "admm-18"}
    added = corpus["meetings"].set_index("meeting_id").loc["admm-18"]
    assert (added["series"], added["edition"]) == ("admm", 18)


def test_a_bad_curated_date_names_the_file_and_the_line(tmp_path):
    curation = write_curation(
        tmp_path,
        "001_b1f821e9ad48bc8e.txt,,2010-03-24,,,,",
        "003_1e85aa855a60971f.txt,,10/2/2025,,,,",
    )
    with pytest.raises(DataFileError) as error:
        build(SEEDS, curation_file=curation, store_name=None)
    assert (error.value.file, error.value.line) == (str(curation), 3)
    assert "10/2/2025" in error.value.problem and "YYYY-MM-DD" in error.value.problem


def test_the_line_counts_blank_lines_and_multi_line_notes(tmp_path):
    # a curator's note may run over two lines, and a blank line may separate rows
    path = tmp_path / "articles.csv"
    path.write_text(
        f"{HEADER},note\n"
        '001_b1f821e9ad48bc8e.txt,,2010-03-24,,,,,"Kitazawa held office 2009-2011:\nthe year is 2010."\n'
        "\n"
        "003_1e85aa855a60971f.txt,,2025-02-30,,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as error:
        read_curation(path, {"admm"})
    assert error.value.line == 5


def test_an_unknown_meeting_series_is_refused(tmp_path):
    curation = write_curation(tmp_path, "004_a7a3af67e305c8bc.txt,,,,,,admm_retreat;admm_hep")
    with pytest.raises(DataFileError) as error:
        build(SEEDS, curation_file=curation, store_name=None)
    assert error.value.line == 2
    assert "unknown meeting series: admm_hep" in error.value.problem


def test_the_project_curation_file_is_valid(resources):
    from defence_news.resources import data_file

    curated, version = read_curation(data_file("articles.csv"), set(resources.catalogue.series))
    assert {"001_b1f821e9ad48bc8e.txt", "003_1e85aa855a60971f.txt"} <= set(curated)
    assert version
