"""Dates written in Vietnamese press, and years inferred only from evidence."""

import datetime as dt

from defence_news.dates import DateValue, find_dates, inferred_year, resolve, year_only


def first(text):
    return find_dates(text)[0]


def test_day_month_without_year():
    d = first("Việt Nam và Nhật Bản vào ngày 10/2 tổ chức đối thoại")
    assert (d.day, d.month, d.year) == (10, 2, None)


def test_range_keeps_its_first_and_last_day():
    d = first("trong các ngày từ 24-28/3, Trung tướng Nguyễn Chí Vịnh thăm Nhật Bản")
    assert (d.day, d.end_day, d.month, d.year) == (24, 28, 3, None)


def test_explicit_dates_in_every_usual_form():
    assert (lambda d: (d.day, d.month, d.year))(first("ngày 5 tháng 3 năm 2024")) == (5, 3, 2024)
    assert (lambda d: (d.day, d.month, d.year))(first("Hà Nội, 12/10/2023")) == (12, 10, 2023)
    assert (lambda d: (d.day, d.month, d.year))(first("date 2025-11-01 (VTC News)")) == (1, 11, 2025)
    assert (lambda d: (d.day, d.month, d.year))(first("được nâng cấp vào tháng 11/2023")) == (None, 11, 2023)


def test_fractions_and_impossible_dates_are_not_dates():
    assert find_dates("khoảng 2/3 số đại biểu") == []
    assert find_dates("ngày 31/2 không tồn tại") == []


def test_year_inferred_from_asean_year_and_said_so():
    text = "Ngày 5/3 tại Luang Prabang, Lào ... các hội nghị trong Năm ASEAN 2024."
    value = resolve(first(text), DateValue(), inferred_year(text))
    assert value.date == dt.date(2024, 3, 5)
    assert value.origin == "inferred" and "Năm ASEAN 2024" in value.note


def test_year_inferred_from_an_anniversary():
    text = "ASEAN và Nhật Bản kỷ niệm 50 năm thiết lập quan hệ đối tác (1973 - 2023)."
    value = year_only(inferred_year(text))
    assert (value.date, value.precision, value.origin) == (dt.date(2023, 1, 1), "year", "inferred")


def test_no_evidence_no_year():
    text = "trong các ngày từ 24-28/3, đoàn thăm Nhật Bản"
    value = resolve(first(text), DateValue(), inferred_year(text))
    assert value.date is None and "year unknown" in value.note


def test_conflicting_signals_give_no_year():
    assert inferred_year("Năm ASEAN 2024 ... năm 2023 là năm bản lề") is None


def test_year_from_publication_date_wraps_over_new_year():
    published = DateValue(dt.date(2025, 1, 3), "day", "text")
    assert resolve(first("hôm 28/12"), published, None).date == dt.date(2024, 12, 28)
    assert resolve(first("ngày 2/1"), published, None).date == dt.date(2025, 1, 2)
