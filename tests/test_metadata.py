"""Publisher, byline, title and photo credits: read from the lead and closing lines, then taken out of the body."""

import datetime as dt

import pytest

from conftest import article_id
from defence_news.metadata import cited_sources, read_header


@pytest.fixture(scope="module")
def sources(resources):
    return resources.sources


def test_source_from_the_lead_marker(sources):
    header = read_header(["(VTC News) - Ngày 5/3, Hội nghị ADMM Hẹp diễn ra tại Luang Prabang.", "Đoạn hai."], sources)
    assert (header.source, header.source_evidence) == ("VTC News", "(VTC News) -")
    assert header.body[0] == "Ngày 5/3, Hội nghị ADMM Hẹp diễn ra tại Luang Prabang."


def test_dateline_and_publication_date_in_the_lead(sources):
    header = read_header(["HÀ NỘI (TTXVN) - Sáng 5/3, hội nghị diễn ra.", "Đoạn hai."], sources)
    assert (header.source, header.dateline) == ("TTXVN", "HÀ NỘI")
    header = read_header(["date 2025-11-01 (VTC News) -", "Đoàn đại biểu tham dự."], sources)
    assert (header.source, header.published.date, header.published.origin) == ("VTC News", dt.date(2025, 11, 1), "text")
    assert header.body == ["Đoàn đại biểu tham dự."]


def test_closing_byline_gives_author_dateline_and_source_and_leaves_the_body(sources):
    header = read_header(["Hội nghị ADMM Hẹp tại Lào", "Ngày 5/3, hội nghị diễn ra.", "Thanh Tùng/Tokyo (Vietnam+)"], sources)
    assert (header.source, header.author, header.dateline) == ("Vietnam+", "Thanh Tùng", "Tokyo")
    assert header.body == ["Hội nghị ADMM Hẹp tại Lào", "Ngày 5/3, hội nghị diễn ra."]


def test_closing_theo_line(sources):
    header = read_header(["Ngày 5/3, hội nghị diễn ra. Các bộ trưởng tham dự.", "Theo TTXVN"], sources)
    assert (header.source, header.source_evidence) == ("TTXVN", "Theo TTXVN")
    assert header.body == ["Ngày 5/3, hội nghị diễn ra. Các bộ trưởng tham dự."]


def test_source_from_the_domain_of_a_url(sources):
    url = "https://vnexpress.net/viet-nam-du-hoi-nghi-admm-4700000.html"
    header = read_header(["Ngày 5/3, hội nghị diễn ra.", f"Nguồn: {url}"], sources)
    assert (header.source, header.url, header.source_evidence) == ("VnExpress", url, url)
    # the address is a marker, not text: it adds nothing to keywords or topics
    assert header.body == ["Ngày 5/3, hội nghị diễn ra."]
    assert read_header(["Tin bài.", "https://www.qdnd.vn/quoc-phong/abc"], sources).source == "QĐND"


def test_photo_credit_is_not_the_publisher(sources):
    header = read_header(["Hội nghị Thứ trưởng Quốc phòng Nhật Bản - ASEAN lần thứ 12. Ảnh: TTXVN",
                          "Tại Hội nghị, hai bên trao đổi."], sources)
    assert header.source == ""
    assert header.photo_credits == ["TTXVN"]
    assert header.body[0] == "Hội nghị Thứ trưởng Quốc phòng Nhật Bản - ASEAN lần thứ 12."
    assert cited_sources(header, sources) == []


@pytest.mark.parametrize("caption", ["Hai bộ trưởng hội đàm (Ảnh: QĐND).", "Hai bộ trưởng hội đàm. (Ảnh: QĐND)",
                                     "Hai bộ trưởng hội đàm. Ảnh: QĐND."])
def test_photo_credit_in_parentheses_or_before_a_period(sources, caption):
    header = read_header([caption, "Tại Hội nghị, hai bên trao đổi."], sources)
    assert header.photo_credits == ["QĐND"]
    assert header.body[0].rstrip(".") == "Hai bộ trưởng hội đàm"


@pytest.mark.parametrize(
    "sentence",
    [
        "Thượng tướng Nguyễn Tân Cương, Tổng Tham mưu trưởng Quân đội nhân dân Việt Nam, phát biểu.",
        "Hải quân Việt Nam và lực lượng Biên phòng phối hợp tuần tra.",
        "Đoàn Thanh niên tổ chức hoạt động nâng cao dân trí cho người lao động.",
        "Hội nghị đóng góp cho hòa bình của khu vực, thế giới và Việt Nam.",
    ],
)
def test_institutions_and_common_words_are_not_cited_outlets(sources, sentence):
    assert cited_sources(read_header(["Tin bài.", sentence], sources), sources) == []


@pytest.mark.parametrize(
    ("closing", "outlet"),
    [("Hồng Pha (Nhân Dân)", "Nhân Dân"), ("Theo Thanh Niên", "Thanh Niên"), ("Theo Báo Nhân Dân", "Nhân Dân"),
     ("Minh Anh (Dân trí)", "Dân trí")],
)
def test_an_outlet_named_like_an_institution_is_read_from_its_byline(sources, closing, outlet):
    header = read_header(["Hội nghị diễn ra tại Hà Nội.", closing], sources)
    assert header.source == outlet
    assert header.body == ["Hội nghị diễn ra tại Hà Nội."]


def test_title_from_a_headline_line_or_the_first_sentence(sources):
    header = read_header(["Đối thoại chính sách quốc phòng Việt - Nhật lần thứ 11", "Ngày 10/2, hai bên đối thoại."], sources)
    assert (header.title, header.title_origin) == ("Đối thoại chính sách quốc phòng Việt - Nhật lần thứ 11", "text")
    header = read_header(["Ngày 10/2, hai bên tổ chức đối thoại. Đoàn Việt Nam do Thứ trưởng dẫn đầu."], sources)
    assert (header.title, header.title_origin) == ("Ngày 10/2, hai bên tổ chức đối thoại", "inferred")


def seed(corpus, prefix):
    return corpus["articles"].set_index("article_id").loc[article_id(corpus, prefix)]


def test_seed_003_cites_its_sources_but_names_no_publisher(corpus):
    # "theo Thông Tấn xã Việt Nam (TTXVN)", "theo trang Quân Đội Nhân Dân (QĐND)"
    row = seed(corpus, "003")
    assert row["source"] == ""
    assert row["cited_sources"].split(";") == ["TTXVN", "QĐND"]


def test_the_army_is_not_its_newspaper(corpus):
    # seed 004: "Tổng Tham mưu trưởng Quân đội nhân dân Việt Nam" names the army, not the paper QĐND
    assert seed(corpus, "004")["cited_sources"] == ""


def test_seed_001_byline(corpus):
    row = seed(corpus, "001")
    assert (row["source"], row["author"], row["dateline"]) == ("Vietnam+", "Thanh Tùng", "Tokyo")
    aid = article_id(corpus, "001")
    sentences = corpus["sentences"].query("article_id == @aid")["sentence"]
    assert not sentences.str.contains("Thanh Tùng").any()


def test_seed_000_photo_credit_and_seed_002_lead(corpus):
    assert (seed(corpus, "000")["source"], seed(corpus, "000")["photo_credits"]) == ("", "TTXVN")
    row = seed(corpus, "002")
    assert (row["source"], row["source_evidence"], row["date"], row["date_origin"]) == (
        "VTC News", "date 2025-11-01 (VTC News) -", "2025-11-01", "text",
    )
