"""What every page shares: the corpus (cached), the sidebar filters (in the URL), names in two
languages, tables and charts that come with their CSV download, and the sentences behind a number.

Pages stay short: they call `defence_news.query` for their tables and the helpers below to
show them. No analysis happens here.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections import Counter
from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from defence_news import tables
from defence_news.export import csv_bytes
from defence_news.pipeline import load_resources
from defence_news.lookup import positions
from defence_news.query import Corpus, Selection, article_groups, evidence, of_articles, selected_articles, topic_table
from defence_news.render import highlight_html
from defence_news.store import build, processed_dir, read_processed
from defence_news.session import with_lexicon, with_uploads
from defence_news.topics import TopicLexicon

tables.use_returning_memory_pool()

# UI strings: (Tiếng Việt, English)
TEXT = {
    "app_title": ("Ngoại giao quốc phòng", "Defence diplomacy"),
    "language": ("Ngôn ngữ", "Language"),
    "filters": ("Bộ lọc", "Filters"),
    "date_from": ("Từ ngày", "From"),
    "date_to": ("Đến ngày", "To"),
    "date_span": ("Khoảng thời gian", "Date span"),
    "series": ("Chuỗi hội nghị", "Meeting series"),
    "meeting": ("Hội nghị", "Meeting"),
    "country": ("Quốc gia", "Country"),
    "topic": ("Chủ đề", "Topic"),
    "source": ("Nguồn báo", "Source"),
    "drawn_most": ("Biểu đồ chỉ vẽ {n} hội nghị được nhắc đến trong nhiều câu nhất trong {total}; tệp CSV có đủ "
                   "{total}. Hãy thu hẹp bộ lọc ở thanh bên để xem các hội nghị khác.",
                   "The chart draws the {n} meetings named in the most sentences, of {total}; the CSV holds all "
                   "{total}. Narrow the filters in the sidebar to see the others."),
    "listed_most": ("Danh sách chỉ có {n} hội nghị có nhiều bài đưa tin nhất trong {total}; hãy thu hẹp bộ lọc ở "
                    "thanh bên để chọn các hội nghị khác.",
                    "The list holds the {n} meetings most articles report, of {total}; narrow the filters in the "
                    "sidebar to pick another."),
    "editions_latest": ("Biểu đồ chỉ vẽ {n} kỳ gần nhất trong {total}; tệp CSV có đủ {total} kỳ.",
                        "The chart draws the latest {n} of {total} editions; the CSV holds all {total}."),
    "meetings_latest": ("Danh sách chỉ có {n} hội nghị gần nhất trong {total}; hãy thu hẹp bộ lọc ở thanh bên để "
                        "chọn các hội nghị khác.",
                        "The list holds the latest {n} of {total} meetings; narrow the filters in the sidebar to pick "
                        "another."),
    "named_first": ("Cột hội nghị chỉ nêu tên {n} hội nghị đầu tiên của mỗi ô (“… +số còn lại”); cột meeting_ids "
                    "có đủ mã của mọi hội nghị.",
                    "The meetings column names the first {n} meetings of a cell (“… +the number left”); meeting_ids "
                    "holds the ids of them all."),
    "meetings_capped": ("Danh sách chỉ có {n} hội nghị được nhắc đến trong nhiều câu nhất trong {total}; hãy chọn "
                        "chuỗi hội nghị để thu hẹp.",
                        "The list holds the {n} meetings named in the most sentences, of {total}; choose a meeting "
                        "series to narrow it."),
    "clear": ("Xóa bộ lọc", "Clear filters"),
    "ignored": ("Bỏ qua giá trị không hợp lệ trong đường dẫn", "Ignored from the link (not in the data)"),
    "download": ("Tải CSV", "Download CSV"),
    "nothing": ("Không có dữ liệu cho lựa chọn này. Hãy nới bộ lọc ở thanh bên.",
                "Nothing matches this selection. Widen the filters in the sidebar."),
    "sentences": ("Các câu làm căn cứ", "The sentences behind it"),
    "pick_cell": ("Bấm vào một cột hoặc ô để xem các câu, hoặc chọn ở đây", "Click a bar or cell to see its sentences, or pick here"),
    "articles": ("Bài báo", "Articles"),
    "meetings": ("Hội nghị", "Meetings"),
    "countries": ("Quốc gia", "Countries"),
    "topics": ("Chủ đề", "Topics"),
    "keywords": ("Từ khóa", "Keywords"),
    "overview": ("Tổng quan", "Overview"),
    "hits": ("Số lần nhắc", "Hits"),
    "per_1000_words": ("Số lần / 1.000 từ", "Hits per 1,000 words"),
    "selection": ("Lựa chọn hiện tại", "Current selection"),
    "no_store": ("Chưa có dữ liệu đã xử lý; đang xây dựng từ data/articles…", "No processed store yet; building it from data/articles…"),
    # the Topics page
    "topics_intro": ("Mỗi chủ đề được nhắc bao nhiêu lần theo hội nghị, chuỗi hội nghị, quốc gia và thời gian; "
                     "bấm vào một ô để đọc các câu làm căn cứ.",
                     "How often each topic comes up by meeting, meeting series, country and over time; "
                     "click a cell to read the sentences behind it."),
    "measure": ("Thước đo", "Measure"),
    "by_meeting": ("Theo hội nghị", "By meeting"),
    "by_series": ("Theo chuỗi hội nghị", "By meeting series"),
    "by_country": ("Theo quốc gia", "By country"),
    "over_time": ("Theo thời gian", "Over time"),
    "grain": ("Đơn vị thời gian", "Time unit"),
    "month": ("Tháng", "Month"),
    "year": ("Năm", "Year"),
    "words": ("Số từ", "Words"),
    "pick_none": ("Chọn một ô…", "Choose a cell…"),
    "columns_capped": ("Biểu đồ chỉ vẽ {n} cột nặng nhất trong {total}; hãy thu hẹp bộ lọc ở thanh bên để xem các cột khác.",
                       "The chart draws the {n} heaviest of {total} columns; narrow the filters in the sidebar to see "
                       "the others."),
    "per_1000_note": ("Số lần / 1.000 từ: số lần nhắc chia cho tổng số từ của các bài trong cột (với một quốc gia: "
                      "các bài nêu tên nước đó). Theo quốc gia, một lần nhắc được tính khi câu chứa nó nêu tên nước đó.",
                      "Hits per 1,000 words: hits divided by the words of the articles in the column (for a country, "
                      "the articles that name it). By country, a hit counts when its sentence names the country."),
    "left_out": ("Số bài của lựa chọn không có trong biểu đồ này vì ngày của bài không rõ đến {grain}: {n}.",
                 "Articles of the selection not in this chart, their date not being known to the {grain}: {n}."),
    # the Keywords page
    "keywords_intro": ("Các từ và cụm hai từ thường gặp nhất, một từ bất kỳ trong ngữ cảnh, và những từ làm một nhóm "
                       "bài khác với phần còn lại.",
                       "The most frequent words and two-word terms, any term in its context, and the terms that set "
                       "one group of articles apart from the rest."),
    "top_words": ("Từ thường gặp nhất", "Most frequent words"),
    "top_pairs": ("Cụm hai từ thường gặp nhất", "Most frequent two-word terms"),
    "how_many": ("Số từ hiển thị", "Terms shown"),
    "term": ("Từ", "Term"),
    "find_term": ("Tìm một từ hoặc cụm từ", "Find a word or phrase"),
    "term_help": ("Gõ ở đây hoặc bấm vào một từ ở biểu đồ trên. So khớp trọn âm tiết, không phân biệt hoa thường "
                  "(“Úc” không bị tìm thấy trong “cấu trúc”).",
                  "Type here or click a term in the charts above. Whole syllables match, in any case "
                  "(“Úc” is not found inside “cấu trúc”)."),
    "term_empty": ("Gõ một từ để xem nó trong ngữ cảnh.", "Type a term to see it in context."),
    "kwic": ("Từ trong ngữ cảnh", "Keyword in context"),
    "term_by_meeting": ("Số lần xuất hiện theo hội nghị", "Occurrences by meeting"),
    "term_by_country": ("Số lần xuất hiện trong câu nêu tên quốc gia", "Occurrences in sentences naming a country"),
    "keyness": ("Từ đặc trưng", "Distinctive terms"),
    "compare_by": ("So sánh theo", "Compare by"),
    "target": ("Nhóm cần xem", "Target"),
    "keyness_sizes": ("Nhóm cần xem: {ta} bài, {tw} từ · Đối chứng (phần còn lại của lựa chọn): {ra} bài, {rw} từ",
                      "Target: {ta} articles, {tw} words · Reference (the rest of the selection): {ra} articles, "
                      "{rw} words"),
    "no_reference": ("Mọi bài của lựa chọn đều thuộc nhóm này nên không còn gì để so sánh; hãy nới bộ lọc ở thanh bên.",
                     "Every article of the selection is in this group, so there is nothing to compare it with; "
                     "widen the filters in the sidebar."),
    "g2_note": ("G² (log-likelihood, Rayson & Garside 2000) đo mức một từ được dùng nhiều hơn ở nhóm cần xem so với "
                "đối chứng: G² ≥ 3,84 ứng với p < 0,05; ≥ 6,63 với p < 0,01; ≥ 10,83 với p < 0,001 (một bậc tự do). "
                "Với vài bài báo, hãy coi đó là gợi ý để đọc kỹ hơn, không phải bằng chứng.",
                "G² (log-likelihood, Rayson & Garside 2000) measures how much more a term is used in the target than "
                "in the reference: G² ≥ 3.84 means p < 0.05, ≥ 6.63 p < 0.01, ≥ 10.83 p < 0.001 (one degree of "
                "freedom). On a handful of articles, read it as a pointer to what to read closely, not as proof."),
    # the Articles page
    "articles_intro": ("Danh sách và tìm kiếm bài báo, nguồn gốc của từng thông tin, và đọc một bài với chủ đề, quốc gia, "
                       "địa danh được tô màu.",
                       "List and search the articles, see where each value came from, and read one article with its "
                       "topics, countries and places highlighted."),
    "search_articles": ("Tìm trong tiêu đề và nội dung", "Search titles and text"),
    "search_help": ("So khớp trọn âm tiết, không phân biệt hoa thường.", "Whole syllables match, in any case."),
    "found": ("{n} / {total} bài", "{n} of {total} articles"),
    "read": ("Đọc bài", "Read an article"),
    "article": ("Bài báo", "Article"),
    "provenance": ("Thông tin của bài và nguồn gốc", "Metadata and where it came from"),
    "place_match": ("Địa danh", "Place"),
    "paragraphs": ("Số đoạn", "Paragraphs"),
    "sentence_count": ("Số câu", "Sentences"),
    "duplicates": ("Đoạn lặp đã bỏ", "Repeated paragraphs dropped"),
    "legend": ("Tô màu", "Highlighted"),
    "text": ("Nội dung", "Text"),
    "matches": ("Các chỗ khớp trong bài", "Matches in the article"),
    "f_title": ("Tiêu đề", "Title"),
    "f_date": ("Ngày", "Date"),
    "f_url": ("Đường dẫn", "URL"),
    "f_location": ("Địa điểm", "Location"),
    "f_author": ("Tác giả", "Author"),
    "f_dateline": ("Nơi đưa tin", "Dateline"),
    "f_cited_sources": ("Nguồn được trích", "Cited sources"),
    "f_photo_credits": ("Ảnh", "Photo credits"),
    # the Meetings page
    "meetings_intro": ("Các hội nghị theo thời gian và mức độ báo chí đưa tin; rồi từng hội nghị: chủ đề, quốc gia, "
                       "bài báo và các câu.", "Meetings over time and how much the press reported them; then one "
                       "meeting in depth: its topics, countries, articles and sentences."),
    "colour_by": ("Tô màu theo", "Colour by"),
    "level": ("Cấp", "Level"),
    "format": ("Hình thức", "Format"),
    "meeting_timeline": ("Các hội nghị theo thời gian (cỡ điểm: số câu nhắc đến hội nghị; điểm rỗng: ngày suy ra)",
                         "Meetings over time (marker size: sentences naming the meeting; open marker: date inferred)"),
    "meeting_date_axis": ("Ngày họp (ngày đầu kỳ khi chỉ biết tháng hoặc năm)",
                          "Meeting date (first day of the period when only the month or year is known)"),
    "date": ("Ngày", "Date"),
    "date_origin": ("Nguồn của ngày", "Date from"),
    "origin_text": ("ghi trong bài", "stated in the text"),
    "origin_curated": ("hiệu đính", "curated"),
    "origin_inferred": ("suy ra", "inferred"),
    "precision_day": ("đến ngày", "to the day"),
    "precision_month": ("chỉ biết tháng", "month only"),
    "precision_year": ("chỉ biết năm", "year only"),
    "edition": ("Lần thứ", "Edition"),
    "place": ("Địa điểm", "Place"),
    "host": ("Nước chủ nhà", "Host"),
    "participants": ("Thành phần", "Participants"),
    "naming_sentences": ("Số câu nhắc đến", "Sentences naming it"),
    "undated": ("hội nghị không rõ ngày nên không có trên trục thời gian",
                "meeting(s) without a known date, so not on the timeline"),
    "drill": ("Xem một hội nghị", "One meeting in depth"),
    "its_topics": ("Chủ đề trong các bài đưa tin", "Topics in the articles reporting it"),
    "its_countries": ("Quốc gia: thành phần và các nước được nhắc đến trong bài", "Countries: participants and those the articles name"),
    "its_articles": ("Các bài đưa tin", "The articles reporting it"),
    "its_reports": ("Các câu đưa tin về hội nghị", "The sentences that report the meeting"),
    "its_topic_sentences": ("Các câu nhắc đến chủ đề trong các bài đưa tin (bấm một cột chủ đề để chỉ giữ chủ đề đó)",
                            "Topic mentions in the articles reporting it (click a topic bar to keep that topic only)"),
    "all_topics": ("Mọi chủ đề", "All topics"),
    "role_main": ("chính", "main"),
    "role_sideline": ("bên lề", "sideline"),
    # the Countries page
    "countries_intro": ("Các nước được báo chí nhắc đến: cùng chủ đề nào, cùng nước nào; địa danh để riêng.",
                        "The countries the press names: with which topics and which other countries; places apart."),
    "country_mentions": ("Số lần nhắc đến mỗi quốc gia", "Mentions per country"),
    "count": ("Số lần / số bài", "Mentions / articles"),
    "country_topics": ("Chủ đề trong các câu nhắc đến quốc gia (số lần nhắc chủ đề)",
                       "Topics in the sentences that name a country (topic hits)"),
    "together": ("Các nước được nhắc trong cùng một câu (độ dày nét: số câu)",
                 "Countries named in the same sentence (line width: sentences)"),
    "pairs": ("Các cặp quốc gia", "Country pairs"),
    "together_sentences": ("Số câu nhắc cả hai", "Sentences naming both"),
    "map": ("Bản đồ số lần nhắc", "Map of mentions"),
    "places": ("Địa danh (để riêng với quốc gia)", "Places (kept apart from countries)"),
    "kind": ("Loại", "Kind"),
    "kind_capital": ("thủ đô", "capital"),
    "kind_city": ("thành phố", "city"),
    "kind_metonym": ("hoán dụ (tên nơi chỉ chính quyền)", "metonym (a place standing for a government)"),
    "kind_sea": ("biển", "sea"),
    "kind_ocean": ("đại dương", "ocean"),
    "kind_region": ("khu vực", "region"),
    # the Positions page
    "positions": ("Lập trường", "Positions"),
    "positions_intro": ("Mỗi nước nêu chủ đề nào, ở hội nghị nào và qua thời gian, theo lời những người phát biểu của "
                        "chính nước đó (không phải khi nước đó chỉ được nhắc tên); bấm một ô để đọc các câu được trích. "
                        "Chỉ tính câu của người nói thuộc một nước: một nhóm như “Hai bên” hay một quan chức ASEAN "
                        "không thuộc nước nào.",
                        "Which topics each country raises, at which meeting and over time, by what its own speakers "
                        "say (not by mere mention); click a cell to read the quoted sentences. Only statements by a "
                        "speaker with a country count: a group such as “Hai bên” (both sides) or an ASEAN official "
                        "speaks for no country."),
    "columns_by": ("Cột theo", "Columns by"),
    "statements": ("Số câu phát biểu", "Statements"),
    "speakers": ("Người phát biểu", "Speakers"),
    "positions_overview": ("Chủ đề × nước, theo người phát biểu của nước đó: số câu phát biểu",
                           "Topics × country, by the country's own speakers: statements"),
    "one_country": ("Một nước theo hội nghị hoặc theo năm", "One country by meeting or by year"),
    "positions_country": ("{country}: chủ đề × {by} (số câu phát biểu)", "{country}: topics × {by} (statements)"),
    "quoted": ("Các câu được trích", "The quoted statements"),
    "listed_first": ("Hiển thị {n} câu đầu trong {total}; tệp CSV có đủ {total}.",
                     "Showing the first {n} of {total} sentences; the CSV holds all {total}."),
    # the Trends page
    "trends": ("Xu hướng", "Trends"),
    "trends_intro": ("Chủ đề của một chuỗi hội nghị thay đổi thế nào qua các kỳ; một giai đoạn hay một hội nghị có gì "
                     "mới so với các bài trước đó; và những từ gợi ý bổ sung vào bộ từ vựng chủ đề.",
                     "How the topics of a meeting series shift from edition to edition; what a period or a meeting "
                     "brings that the articles before it did not; and terms suggested for the topic lexicon."),
    "series_trend": ("Một chuỗi hội nghị qua các kỳ", "A meeting series over its editions"),
    "share": ("Tỉ trọng", "Share"),
    "share_title": ("Tỉ trọng của mỗi chủ đề trong số lần nhắc chủ đề của từng kỳ",
                    "Each topic's share of the topic hits of each edition"),
    "whats_new": ("Có gì mới", "What is new"),
    "new_target": ("Nhóm cần xem", "Target"),
    "target_meeting": ("Một hội nghị", "One meeting"),
    "new_sizes": ("Nhóm cần xem: {ta} bài · Đối chứng: {ra} bài của toàn bộ dữ liệu có ngày trước {before}",
                  "Target: {ta} articles · Reference: {ra} articles of the whole corpus dated before {before}"),
    "nothing_before": ("Không có bài nào có ngày trước {before} để so sánh. Hãy chọn một hội nghị muộn hơn hoặc đặt "
                       "“Từ ngày” ở thanh bên muộn hơn.",
                       "No article is dated before {before}, so there is nothing earlier to compare with. Pick a "
                       "later meeting, or set a later “From” date in the sidebar."),
    "new_terms": ("Từ được dùng nhiều hơn trước đó (G²)", "Terms used more than before (G²)"),
    "rising_topics": ("Chủ đề có tỉ trọng tăng", "Topics whose share rose"),
    "discovery": ("Chủ đề gợi ý từ dữ liệu (NMF)", "Topics suggested by the data (NMF)"),
    "discovery_intro": ("NMF tách các bài đã chọn thành vài nhóm từ hay đi cùng nhau, không dựa vào bộ từ vựng; tên "
                        "người, nước, thành phố, tổ chức và các từ có trong mọi bài được bỏ qua. Mỗi từ được gợi ý vào "
                        "chủ đề được nhắc trong nhiều câu chứa nó nhất; bấm để thêm từ vào chủ đề đó.",
                        "NMF splits the selected articles into a few groups of terms that go together, without the "
                        "lexicon; names of people, countries, cities and bodies, and terms found in every article, are "
                        "left out. Each term is suggested for the topic mentioned in most of the sentences that hold "
                        "it; click to add the term to that topic."),
    "n_topics": ("Số nhóm", "Candidate topics"),
    "n_terms": ("Số từ mỗi nhóm", "Terms per candidate"),
    "candidate": ("Nhóm {k}", "Candidate {k}"),
    "discovery_sample": ("Chỉ đọc {n} trong {total} bài được chọn (những bài đầu theo mã bài, tức một mẫu ngẫu nhiên cố "
                         "định) để việc khám phá chủ đề vẫn nhanh.",
                         "Reads {n} of the {total} selected articles (the first by article id: in effect a fixed random "
                         "sample), so that topic discovery stays quick."),
    "too_few": ("Quá ít bài để tìm chủ đề: cần ít nhất {need} bài có từ, lựa chọn có {n}. Hãy nới bộ lọc ở thanh bên.",
                "Too few articles to discover topics: it needs at least {need} articles with words, the selection "
                "has {n}. Widen the filters in the sidebar."),
    "add_to": ("“{term}” → {topic}", "“{term}” → {topic}"),
    "add_help": ("Thêm vào chủ đề; {n} câu chứa từ này nhắc đến chủ đề đó",
                 "Add to the topic; {n} sentences holding the term mention it"),
    "in_lexicon": ("✓ “{term}” đã có trong {topic}", "✓ “{term}” is already in {topic}"),
    "no_suggestion": ("“{term}”: không câu nào chứa từ này nhắc đến một chủ đề",
                      "“{term}”: no sentence holding it mentions a topic"),
    # the People page
    "people": ("Nhân vật", "People"),
    "people_intro": ("Những người và tổ chức được nhắc tên: chức vụ, các hội nghị mà bài báo nhắc đến họ đưa tin, và "
                     "những gì họ phát biểu.",
                     "The people and bodies the articles name: their roles, the meetings of the articles that name "
                     "them, and what they say."),
    "pick_person": ("Xem phát biểu của", "Statements of"),
    "organisations": ("Tổ chức", "Organisations"),
    "kind_ministry": ("bộ", "ministry"),
    "kind_body": ("cơ quan, tổ chức", "body"),
    # the Add articles page
    "upload": ("Thêm bài báo", "Add articles"),
    "upload_intro": ("Thêm bài của riêng bạn vào phân tích: bài có mặt ngay trên mọi trang, được đánh dấu là bài tải lên.",
                     "Add your own articles to the analysis: they join every page at once, marked as uploaded."),
    "upload_session_only": ("Bài bạn thêm chỉ có trong phiên trình duyệt này: người khác không thấy, dữ liệu chung "
                            "(data/) không đổi, và bài mất đi khi bạn đóng hoặc tải lại trang.",
                            "What you add lives only in this browser session: nobody else sees it, the shared data "
                            "(data/) is untouched, and it is gone when you close or reload the page."),
    "upload_files": ("Tệp bài báo", "Article files"),
    "upload_help": ("Nhận {types}. Mỗi tệp tối đa {mb} MB; một .zip tối đa {members} tệp và {zip_mb} MB khi giải nén, "
                    "không lồng .zip; .csv/.xlsx cần một cột text (title, date, source, url nếu có), tối đa {rows} "
                    "dòng; tối đa {session} bài mỗi phiên.",
                    "Accepted: {types}. At most {mb} MB a file; a .zip at most {members} files and {zip_mb} MB "
                    "unpacked, no archive inside; a .csv/.xlsx needs a text column (title, date, source, url "
                    "optional), at most {rows} rows; at most {session} articles a session."),
    "upload_add": ("Thêm", "Add"),
    "upload_paste": ("Hoặc dán nội dung một bài", "Or paste an article"),
    "upload_add_pasted": ("Thêm bài đã dán", "Add the pasted article"),
    "upload_date_help": ("YYYY-MM-DD, YYYY-MM hoặc YYYY; để trống thì ngày được đọc từ bài",
                         "YYYY-MM-DD, YYYY-MM or YYYY; left blank, the date is read from the text"),
    "upload_added": ("Đã thêm {n} bài.", "Added {n} article(s)."),
    "upload_refused": ("Không thêm: {n}", "Not added: {n}"),
    "upload_other_language": ("{file}: không phải tiếng Việt; đã thêm, nhưng không tính vào thống kê từ khóa.",
                              "{file}: not in Vietnamese; added, but kept out of the keyword statistics."),
    "upload_failed": ("không phân tích được ({error}); lô này không được thêm",
                      "could not be analysed ({error}); this batch was not added"),
    "upload_yours": ("Bài bạn đã thêm trong phiên này", "Articles you added in this session"),
    "upload_none": ("Chưa có bài nào.", "None yet."),
    "upload_remove": ("Bỏ", "Remove"),
    "upload_mark": ("Bài bạn tải lên trong phiên này", "An article you uploaded in this session"),
    "upload_language_other": ("không phải tiếng Việt: không tính vào thống kê từ khóa",
                              "not in Vietnamese: kept out of the keyword statistics"),
    "keywords_other_language": ("Không tính {n} bài không phải tiếng Việt vào thống kê từ khóa.",
                                "{n} article(s) not in Vietnamese left out of the keyword statistics."),
    # the Lexicon page
    "lexicon": ("Từ điển chủ đề", "Topic lexicon"),
    "lexicon_intro": ("Mỗi chủ đề gồm những từ nào và mỗi từ khớp bao nhiêu lần; thêm, bỏ, đổi tên từ và chủ đề cho "
                      "phiên này: mọi số đếm cập nhật ngay mà không tách câu lại.",
                      "Which terms make each topic and how often each matched; add, remove or rename terms and "
                      "topics for this session: every count updates at once, without segmenting the text again."),
    "lexicon_session_only": ("Chỉnh sửa chỉ có hiệu lực trong phiên trình duyệt này; tải từ điển đã sửa về để dùng "
                             "lại sau.", "Edits hold in this browser session only; download the edited lexicon to "
                             "use it again later."),
    "lexicon_default": ("Đang dùng từ điển mặc định (data/topics.yaml).", "The default lexicon (data/topics.yaml) is in force."),
    "lexicon_edited": ("Đang dùng từ điển đã sửa trong phiên này.", "The lexicon edited in this session is in force."),
    "lexicon_topics": ("Các chủ đề", "Topics"),
    "lexicon_terms": ("Số từ", "Terms"),
    "lexicon_edit": ("Sửa một chủ đề", "Edit a topic"),
    "lexicon_new": ("＋ Chủ đề mới", "＋ New topic"),
    "lexicon_id": ("Mã chủ đề", "Topic id"),
    "lexicon_id_help": ("Đường dẫn và tệp CSV gọi chủ đề bằng mã này; đổi tên là đổi tên hiển thị.",
                        "Links and CSV files name the topic by this id; renaming a topic changes its labels."),
    "label_vi": ("Tên tiếng Việt", "Vietnamese label"),
    "label_en": ("Tên tiếng Anh", "English label"),
    "definition_vi": ("Định nghĩa tiếng Việt", "Vietnamese definition"),
    "definition_en": ("Định nghĩa tiếng Anh", "English definition"),
    "lexicon_terms_help": ("Thêm, bỏ hoặc sửa từ ở bảng; hits là số lần từ khớp với từ điển đang dùng (exclusions: "
                           "những cụm không bao giờ được tính).",
                           "Add, remove or edit terms in the table; hits is how often each matched with the lexicon "
                           "in force (exclusions: phrases never counted)."),
    "lexicon_apply": ("Áp dụng", "Apply"),
    "lexicon_remove": ("Bỏ chủ đề này", "Remove this topic"),
    "lexicon_applied": ("Đã áp dụng: mọi trang dùng từ điển mới.", "Applied: every page uses the new lexicon."),
    "lexicon_problem": ("Không áp dụng; từ điển trước vẫn giữ nguyên. {problem}",
                        "Not applied; the previous lexicon stays in force. {problem}"),
    "lexicon_download": ("Tải từ điển (YAML)", "Download the lexicon (YAML)"),
    "lexicon_upload": ("Dùng một từ điển đã tải về (YAML)", "Use a lexicon you downloaded (YAML)"),
    "lexicon_use": ("Dùng từ điển này", "Use this lexicon"),
    "lexicon_reset": ("Về từ điển mặc định", "Back to the default lexicon"),
}
LANGS = ("vi", "en")


def lang() -> str:
    """Return the language chosen in the sidebar ("vi" or "en")."""
    return st.session_state.get("lang") or "vi"


def t(key: str) -> str:
    """Return a UI string in the chosen language."""
    vi, en = TEXT[key]
    return vi if lang() == "vi" else en


@st.cache_resource(show_spinner=False)
def resources():
    """Return the lexicon, gazetteer and catalogue (for names and labels), loaded once per process."""
    return load_resources()


def _store_stamp() -> float:
    meta = processed_dir() / "meta.json"
    return meta.stat().st_mtime if meta.exists() else 0.0


# one corpus for the whole process, never copied: its small tables are in memory, its big ones are
# read as far as a view needs (defence_news.tables). Nothing changes it: a session's additions
# make new tables (defence_news.session).
@st.cache_resource(show_spinner=False, max_entries=1)
def _load(stamp: float) -> Corpus:
    tables = read_processed()
    if tables is None:
        tables, _ = build()
    return tables


def shared_corpus() -> Corpus:
    """Return the processed corpus tables (built on first use), cached until the store changes."""
    if _store_stamp() == 0.0:
        with st.spinner(t("no_store")):
            return _load(0.0)
    return _load(_store_stamp())


# What one browser session adds to the shared corpus: kept in st.session_state, so that no
# other session sees it and nothing is written to data/.
UPLOADS = "session_uploads"  # the articles the user added (pages/upload.py): list of ingest.Upload
LEXICON = "session_lexicon"  # the lexicon the user edited (pages/lexicon.py): TopicLexicon, or absent


def kept_in_session(name: str, key, make):
    """Return make(), computed again only when `key` changes; kept in this session's state."""
    kept = st.session_state.get(name)
    if kept is None or kept[0] != key:
        kept = (key, make())
        st.session_state[name] = kept
    return kept[1]


def session_corpus(uploads: list, edited: TopicLexicon | None) -> Corpus:
    """Return the shared corpus with `uploads` added and the `edited` lexicon applied.

    A lexicon edit recounts the topics of the corpus with uploads kept from the last run, so
    that it neither segments nor analyses anything again.
    """
    shared = shared_corpus()
    uploaded_key = (_store_stamp(), _uploads_key(uploads))
    with_added = kept_in_session("session_uploaded", uploaded_key,
                       lambda: with_uploads(shared, uploads, resources()) if uploads else shared)
    if edited is None:
        return with_added
    return kept_in_session("session_corpus", (uploaded_key, edited.version), lambda: with_lexicon(with_added, edited))


def _uploads_key(uploads: list) -> tuple:
    return tuple((u.article.article_id, u.article.file) for u in uploads)


def corpus_key() -> tuple:
    """Return what this session's corpus is made of (the store, the articles added, the lexicon edited): the key
    of a result kept for the next run, which the corpus's id is not (a new corpus may take a freed one's id)."""
    uploads, edited = st.session_state.get(UPLOADS) or [], st.session_state.get(LEXICON)
    return _store_stamp(), _uploads_key(uploads), edited.version if edited is not None else None


def corpus() -> Corpus:
    """Return this session's corpus: the shared one, with the articles its user added and the lexicon they edited."""
    uploads, edited = st.session_state.get(UPLOADS) or [], st.session_state.get(LEXICON)
    if not uploads and edited is None:
        return shared_corpus()
    return session_corpus(uploads, edited)


def lexicon() -> TopicLexicon:
    """Return the lexicon in force in this session: the one its user edited, else data/topics.yaml."""
    return st.session_state.get(LEXICON) or resources().lexicon


def topic_name(topic_id: str, language: str | None = None) -> str:
    topic = lexicon().topics.get(topic_id)
    if topic is None:
        return topic_id
    return topic.label_vi if (language or lang()) == "vi" else topic.label_en


def country_name(iso3: str, language: str | None = None) -> str:
    country = resources().gazetteer.countries.get(iso3)
    if country is None:
        return iso3
    return country.name_vi if (language or lang()) == "vi" else country.name_en


def place_name(place: str, language: str | None = None) -> str:
    """Return a place's name ("Nhà Trắng" in Vietnamese, "White House" in English)."""
    found = resources().gazetteer.places.get(place)
    if found is None or (language or lang()) == "vi":
        return place
    return found.name_en or place


def series_name(series_id: str, language: str | None = None) -> str:
    series = resources().catalogue.series.get(series_id)
    if series is None:
        return series_id
    name = series.name_vi if (language or lang()) == "vi" else series.name_en
    return f"{series.acronym} · {name}" if series.acronym and series.acronym not in name else name


NAMED = ["meeting_id", "series", "edition", "date", "location"]


def _meeting_names(meetings: pd.DataFrame, language: str) -> dict[str, str]:
    names = {s: series_name(s, language) for s in meetings["series"].unique()}
    # columns as lists, not rows as tuples: a large corpus names hundreds of thousands of meetings
    return {meeting_id: f"{names[series]}{f' #{int(edition)}' if pd.notna(edition) else ''} "
                        f"({date or '?'}{f', {location}' if location else ''})"
            for meeting_id, series, edition, date, location in zip(*(meetings[column].tolist() for column in NAMED))}


def meeting_namer(meetings: pd.DataFrame | None = None, language: str | None = None):
    """Return a function that names a meeting of `meetings` (the corpus's by default), its id when unknown.

    The names of a meetings table are made once per language (tables.derived): a page names thousands."""
    meetings = corpus()["meetings"] if meetings is None else meetings
    language = language or lang()
    names = tables.derived(meetings, ("names", language), lambda m: _meeting_names(m, language))
    return lambda meeting_id: names.get(meeting_id, meeting_id)


def meeting_dates(meetings: pd.DataFrame, meeting_ids) -> dict[str, str]:
    """Return the date of each of `meeting_ids` that `meetings` holds. Only theirs: going through every meeting
    of a large corpus takes tenths of a second, and a page draws a few dozen."""
    drawn = meetings[tables.isin(meetings["meeting_id"], meeting_ids)]
    return dict(zip(drawn["meeting_id"], drawn["date"]))


def level_name(level: str) -> str:
    labels = resources().catalogue.levels.get(level) or {}
    return labels.get(lang(), level)


def format_name(fmt: str) -> str:
    labels = resources().catalogue.formats.get(fmt) or {}
    return labels.get(lang(), fmt)


def _options(c: Corpus) -> dict[str, list[str]]:
    """Return the values each filter of the sidebar may take, but the meetings (see `_listed_meetings`)."""
    articles = c["articles"]
    found = set(c["topic_counts"]["topic"].unique())
    return {
        "series": sorted(c["meetings"]["series"].unique()),
        "country": sorted(c["country_mentions"]["country"].unique()),
        "topic": [t_ for t_ in lexicon().topics if t_ in found],
        "source": sorted(s for s in articles["source"].unique() if s),
    }


# the most meetings the sidebar lists: a large corpus holds hundreds of thousands
MAX_MEETINGS = 1000


def _listed_meetings(c: Corpus, series: list[str]) -> pd.DataFrame:
    """Return the meetings the sidebar lists, in date order: every one up to MAX_MEETINGS; beyond, those
    of the chosen series, the MAX_MEETINGS of them named in the most sentences (saying so on screen), and
    those already chosen."""
    every = c["meetings"]
    meetings = every
    if len(every) > MAX_MEETINGS:
        if series:
            meetings = every[every["series"].isin(series)]
        if len(meetings) > MAX_MEETINGS:
            st.caption(t("meetings_capped").format(n=MAX_MEETINGS, total=len(meetings)))
            links = c["article_meetings"]["meeting_id"]
            named = links[tables.isin(links, meetings["meeting_id"])] if series else links
            meetings = meetings[tables.isin(meetings["meeting_id"], named.value_counts().nlargest(MAX_MEETINGS).index)]
        chosen = every[tables.isin(every["meeting_id"], st.session_state.get("meeting") or [])]
        meetings = pd.concat([meetings, chosen]).drop_duplicates("meeting_id")
    return meetings.sort_values("date")


def _date_or_none(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


MULTI_FILTERS = ("series", "meeting", "country", "topic", "source")
DATE_FILTERS = ("from", "to")


def _url_ignored(options: dict[str, list[str]]) -> list[str]:
    """Return the "key=value" pairs of the address that name nothing in the data."""
    ignored = [f"{key}={v}" for key, valid in options.items() for v in st.query_params.get_all(key)
               if v and v not in valid]
    ignored += [f"{key}={v}" for key in DATE_FILTERS for v in st.query_params.get_all(key)
                if v and _date_or_none(v) is None]
    ignored += [f"lang={v}" for v in st.query_params.get_all("lang") if v not in LANGS]
    return ignored


def _read_language_once() -> None:
    """On a session's first run, take the language from the address, before any text is written."""
    if "kept_lang" not in st.session_state:
        lang_in_url = st.query_params.get("lang")
        st.session_state["kept_lang"] = lang_in_url if lang_in_url in LANGS else "vi"
    if st.session_state.get("lang") not in LANGS:
        st.session_state["lang"] = st.session_state["kept_lang"]


def _read_url_once(c: Corpus, options: dict[str, list[str]]) -> None:
    """On a session's first run, start the filters from the address (a shared link)."""
    if st.session_state.get("url_read"):
        return
    st.session_state["url_read"] = True
    options = {"series": options["series"], "meeting": set(c["meetings"]["meeting_id"]),
               **{key: options[key] for key in ("country", "topic", "source")}}
    st.session_state["url_ignored"] = _url_ignored(options)
    for key, valid in options.items():
        st.session_state[f"kept_{key}"] = [v for v in dict.fromkeys(st.query_params.get_all(key)) if v in valid]
    for key in DATE_FILTERS:
        st.session_state[f"kept_{key}"] = _date_or_none(st.query_params.get(key) or "")


def _restore_filters(page: str) -> None:
    """On arriving at another page, give each filter widget the value it had on the last page.

    The same key on another page is another widget to Streamlit, which starts it empty;
    the kept_* copies are plain session values, which survive the switch.
    """
    if st.session_state.get("page") == page:
        return
    st.session_state["page"] = page
    for key in (*MULTI_FILTERS, *DATE_FILTERS, "lang"):
        if f"kept_{key}" in st.session_state:
            st.session_state[key] = st.session_state[f"kept_{key}"]


def _keep_filters() -> None:
    for key in (*MULTI_FILTERS, *DATE_FILTERS, "lang"):
        st.session_state[f"kept_{key}"] = st.session_state.get(key)


def _write_url() -> dict[str, str | list[str]]:
    """Keep the address equal to the filters, so that copying it shares this exact view.

    The filters are synced by hand, with codes ("country=JPN"): a widget bound to the URL
    would put its label, which changes with the language, there. The whole address is
    written on every run because a page switch clears it.
    """
    params: dict[str, str | list[str]] = {
        key: st.session_state[key].isoformat() for key in DATE_FILTERS if st.session_state.get(key)
    }
    params.update({key: st.session_state[key] for key in MULTI_FILTERS if st.session_state.get(key)})
    if lang() != "vi":
        params["lang"] = lang()
    st.query_params.from_dict(params)
    return params


# The pages, in the order of the sidebar: (script, UI string key, icon).
# Material icons ship with Streamlit, so they show without any font or network.
PAGES = [
    ("dashboard.py", "overview", ":material/home:"),
    ("pages/topics.py", "topics", ":material/label:"),
    ("pages/keywords.py", "keywords", ":material/match_word:"),
    ("pages/meetings.py", "meetings", ":material/groups:"),
    ("pages/countries.py", "countries", ":material/public:"),
    ("pages/positions.py", "positions", ":material/record_voice_over:"),
    ("pages/trends.py", "trends", ":material/trending_up:"),
    ("pages/people.py", "people", ":material/badge:"),
    ("pages/articles.py", "articles", ":material/article:"),
    ("pages/upload.py", "upload", ":material/upload_file:"),
    ("pages/lexicon.py", "lexicon", ":material/menu_book:"),
]
ICONS = {key: icon for _, key, icon in PAGES}


def link(where, script: str, label: str, icon: str) -> None:
    """A link to another page that carries the current filters, so the view stays the same."""
    where.page_link(script, label=label, icon=icon, query_params=st.session_state.get("url_params") or None)


def _navigation(where) -> None:
    for script, key, icon in PAGES:
        link(where, script, t(key), icon)


def sidebar(c: Corpus, page: str) -> Selection:
    """Draw the language switch and the filters in the sidebar; return the Selection they make.

    Every filter lives in the URL, so the address bar is a link to this exact view, and
    in the session, so it stays the same from page to page. Values in a link that the
    data does not hold are named in a notice and ignored.
    """
    options = _options(c)
    _read_url_once(c, options)
    _restore_filters(page)
    with st.sidebar:
        st.markdown(f"### :material/shield: {t('app_title')}")
        nav = st.container()
        st.segmented_control(t("language"), LANGS, key="lang", required=True,
                             format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code])
        st.header(t("filters"))
        dates = pd.to_datetime(c["articles"]["date"], errors="coerce").dropna()
        low = dates.min().date() if not dates.empty else None
        high = dates.max().date() if not dates.empty else None
        col_from, col_to = st.columns(2)
        date_from = col_from.date_input(t("date_from"), min_value=low, max_value=high, key="from",
                                        format="YYYY-MM-DD")
        date_to = col_to.date_input(t("date_to"), min_value=low, max_value=high, key="to",
                                    format="YYYY-MM-DD")
        # names in the language of this run: a format_func must not read the session itself
        language = lang()
        names = {
            "series": lambda v: series_name(v, language),
            "country": lambda v: country_name(v, language),
            "topic": lambda v: topic_name(v, language),
            "source": str,
        }
        chosen = {}
        for key in MULTI_FILTERS:
            if key == "meeting":
                # the meetings listed depend on the series chosen just above
                listed = _listed_meetings(c, chosen["series"])
                options["meeting"], names["meeting"] = list(listed["meeting_id"]), meeting_namer(listed, language)
            chosen[key] = st.multiselect(t(key), options[key], key=key, format_func=names[key])
        if st.session_state.get("url_ignored"):
            st.warning(f"{t('ignored')}: {', '.join(st.session_state['url_ignored'])}")
    _keep_filters()
    st.session_state["url_params"] = _write_url()
    _navigation(nav)
    return Selection(date_from, date_to, tuple(chosen["series"]), tuple(chosen["meeting"]),
                     tuple(chosen["country"]), tuple(chosen["topic"]), tuple(chosen["source"]))


def start_page(title_key: str, intro: str = "") -> tuple[Corpus, Selection]:
    """Start a page: the sidebar filters, the page title and purpose; return the corpus and selection."""
    _read_language_once()
    st.set_page_config(page_title=f"{t(title_key)} · {t('app_title')}", page_icon="🛡️", layout="wide")
    c = corpus()
    sel = sidebar(c, title_key)
    st.session_state["selection"] = sel
    page_header(title_key, intro)
    return c, sel


def selection() -> Selection:
    """Return the Selection the sidebar made on this run (set by dashboard.py)."""
    return st.session_state.get("selection", Selection())


def selected_ids(c: Corpus) -> list[str]:
    """Return the ids of the articles in the current selection."""
    return list(selected_articles(c, selection())["article_id"])


def file_name(what: str) -> str:
    """Return a CSV file name saying what the table is and which filters made it."""
    return f"{what}__{selection().label()}.csv"


def download(table: pd.DataFrame | Callable[[], pd.DataFrame], what: str, key: str | None = None) -> None:
    """Offer `table` as a CSV download (UTF-8 with BOM, formulas neutralised), exactly as given; or the table
    a function returns, made when the button is clicked (one too large to keep).

    The CSV is written when the button is clicked, not on every run: a table of a large corpus takes
    seconds to write. The button keeps a copy of the table as it is now (a shallow one: pandas copies
    a column only when one of the two frames changes it).
    """
    kept = None if callable(table) else table.copy(deep=False)
    st.download_button(f"⬇ {t('download')}", lambda: csv_bytes(table() if kept is None else kept),
                       file_name=file_name(what), mime="text/csv", key=key or f"download-{what}", on_click="ignore")


def table(frame: pd.DataFrame, what: str, **kwargs) -> None:
    """Show a table with its download, or say plainly that it is empty."""
    if frame.empty:
        st.info(t("nothing"))
        return
    # a column of categories (the store's few-valued text, tables.CODED_COLUMNS) is shown as its text: Streamlit
    # shows a blank category as "None", as if the value were missing
    coded = {c: frame[c].cat.categories.dtype for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)}
    st.dataframe(frame.astype(coded) if coded else frame, hide_index=True, **kwargs)
    download(frame, what)


def chart(fig: go.Figure, data: pd.DataFrame, what: str, select: bool = False) -> dict | None:
    """Show a plotly chart with the download of the exact data it draws; return the clicked points."""
    if data.empty:
        st.info(t("nothing"))
        return None
    fig.update_layout(margin={"l": 10, "r": 10, "t": 60, "b": 10})
    state = st.plotly_chart(fig, key=f"chart-{what}", on_select="rerun" if select else "ignore",
                            selection_mode="points", config={"displaylogo": False})
    download(data, what)
    if select and state and state.get("selection"):
        return state["selection"]
    return None


# the most sentences listed on a page: a number of a large corpus stands on thousands
MAX_LISTED = 100


def _listed(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Return the rows of the first MAX_LISTED sentences (by `keys`), saying so when there are more."""
    sentences = rows[keys].drop_duplicates()
    if len(sentences) <= MAX_LISTED:
        return rows
    st.caption(t("listed_first").format(n=MAX_LISTED, total=len(sentences)))
    return rows.merge(sentences.head(MAX_LISTED), on=keys)


def show_evidence(rows: pd.DataFrame, what: str) -> None:
    """List the sentences behind a number (the first MAX_LISTED), with the matched words highlighted, and
    offer them all as CSV."""
    st.markdown(f"**{t('sentences')}** ({len(rows)})")
    if rows.empty:
        st.info(t("nothing"))
        return
    for (file, sentence_index), group in _listed(rows, ["file", "sentence_index"]).groupby(
            ["file", "sentence_index"], sort=False):
        sentence = group["sentence"].iloc[0]
        spans = [(int(r.start), int(r.end), r.kind, r.key) for r in group.itertuples()]
        # st.html, not st.markdown: an escaped "*" or "[x](y)" in a sentence must stay text
        st.html(f"<div class='evidence'><small>{highlight_html(f'{file} · #{sentence_index}', [])}</small><br>"
                f"{highlight_html(sentence, spans)}</div>")
    download(rows, what, key=f"download-{what}")


def show_statements(c: Corpus, rows: pd.DataFrame, what: str, topic: str | None = None,
                    read: Callable[[set | None], pd.DataFrame] | None = None) -> None:
    """List statements (rows of `query.statement_rows`; the first MAX_LISTED) with who says them and their
    topic words highlighted (those of `topic` only, when given), and offer them all as CSV.

    With `read`, `rows` hold only the article_id and sentence_index of each statement, and read(article_ids)
    returns the whole rows of those articles' statements (of all, given None): read for the statements
    listed, and for all only when the CSV is downloaded. A person of a large corpus says hundreds of
    thousands of statements, whose sentences take hundreds of MB.
    """
    st.markdown(f"**{t('quoted')}** ({len(rows)})")
    if rows.empty:
        st.info(t("nothing"))
        return
    shown = _listed(rows, ["article_id", "sentence_index"])
    if read is not None:
        shown = read(set(shown["article_id"])).merge(shown.drop_duplicates(), on=["article_id", "sentence_index"])
    language = lang()
    # the topic words of the sentences shown: their places only, the sentences are in `rows`
    marks = tables.rows(c, "mentions", ["article_id", "sentence_index", "start", "end", "key"],
                        article_id=set(shown["article_id"]), kind="topic", **({"key": topic} if topic else {})).merge(
        shown[["article_id", "sentence_index"]].drop_duplicates(), on=["article_id", "sentence_index"])
    marks = marks.assign(name=named(marks["key"], lambda key: topic_name(key, language)))
    spans: dict[tuple, list] = {}
    for m in marks.itertuples():
        spans.setdefault((m.article_id, m.sentence_index), []).append((int(m.start), int(m.end), "topic", m.name))
    for r in shown.itertuples():
        who = " · ".join(part for part in (r.speaker, r.role, country_name(r.speaker_country, language)
                                          if r.speaker_country else "") if part)
        st.html(f"<div class='evidence'><b>{highlight_html(who, [])}</b> "
                f"<small>{highlight_html(f'{r.date} · {r.file} · #{r.sentence_index}', [])}</small><br>"
                f"{highlight_html(r.sentence, spans.get((r.article_id, r.sentence_index), []))}</div>")
    download(rows if read is None else lambda: read(None), what, key=f"download-{what}")


def evidence_rows(c: Corpus, **kwargs) -> pd.DataFrame:
    """Return `query.evidence` for the current selection."""
    return evidence(c, selected_ids(c), **kwargs)


def new_click(selection: dict | None, what: str) -> dict | None:
    """Return the first point clicked in chart `what` when the click is new on this run, else None.

    A click stays in the chart's state on every later run; acting on it once lets a "pick a
    cell" box beside the chart change the choice afterwards.
    """
    points = (selection or {}).get("points") or []
    point = dict(points[0]) if points else None
    seen = f"click-seen-{what}"
    if point == st.session_state.get(seen):
        return None
    st.session_state[seen] = point
    return point


def readable(terms: pd.Series) -> pd.Series:
    """Return terms as a reader writes them: the data joins the syllables of a word with "_"
    ("an_ninh hàng_hải"), the page shows "an ninh hàng hải"."""
    return terms.str.replace("_", " ", regex=False)


def named(values: pd.Series, name_of) -> pd.Series:
    """Return the name of each value, naming each distinct value once (a column of thousands of rows
    holds a few topics or countries)."""
    return values.map({value: name_of(value) for value in values.unique()})


def distinct_names(keys, name_of) -> dict[str, str]:
    """Return a display name for each key, the key added where two names would be the same
    (two bilateral talks on the same day in the same city share a meeting name)."""
    names = {key: name_of(key) for key in keys}
    counts = Counter(names.values())
    return {key: f"{name} [{key}]" if counts[name] > 1 else name for key, name in names.items()}


STYLE = """
<style>
mark.hit, mark.topic { background: #ffe08a; padding: 0 2px; border-radius: 3px; }
mark.country { background: #b9e3ff; padding: 0 2px; border-radius: 3px; }
mark.place { background: #d9f2d0; padding: 0 2px; border-radius: 3px; }
div.evidence { border-left: 3px solid #c9d3e0; padding: 2px 10px; margin: 6px 0; }
</style>
"""


def page_header(title_key: str, intro: str = "") -> None:
    """Start a page: its title, a one-line purpose, and the shared styles."""
    st.markdown(STYLE, unsafe_allow_html=True)
    st.title(t(title_key))
    if intro:
        st.caption(intro)


# the evidence filter that matches each grouping of topic_table
EVIDENCE_BY = {"meeting": "meeting", "series": "series", "country": "country", "month": "period", "year": "period"}


def measure_names() -> dict[str, str]:
    """Return the two measures of topic charts with their names in the chosen language."""
    return {"hits": t("hits"), "per_1000_words": t("per_1000_words")}


# the most columns a grid of squares draws
MAX_COLUMNS = 60


def heaviest(frame: pd.DataFrame, column: str, measure: str) -> pd.DataFrame:
    """Return the rows of the MAX_COLUMNS values of `column` with the most `measure`, and say so on screen
    when others are left out: thousands of columns draw nothing a reader can see."""
    weight = frame.groupby(column)[measure].sum()
    if len(weight) <= MAX_COLUMNS:
        return frame
    st.caption(t("columns_capped").format(n=MAX_COLUMNS, total=len(weight)))
    return frame[frame[column].isin(weight.nlargest(MAX_COLUMNS).index)].reset_index(drop=True)


def heaviest_groups(c: Corpus, ids, by: str, per_article: pd.Series, table) -> pd.DataFrame:
    """Return table(article ids) of the MAX_COLUMNS groups of `article_groups(c, ids, by)` that weigh the most
    (the sum of `per_article`, a weight by article_id, over their articles), saying so on screen when others
    are left out. The groups are weighed first, so that only the articles of those drawn are tabled."""
    groups = article_groups(c, ids, by)
    at = positions(groups["article_id"], per_article.index)
    weight = groups.assign(weight=np.where(at >= 0, per_article.to_numpy()[at], 0)).groupby("group")["weight"].sum()
    weight = weight[weight > 0]
    if len(weight) <= MAX_COLUMNS:
        return table(ids)
    st.caption(t("columns_capped").format(n=MAX_COLUMNS, total=len(weight)))
    top = weight.nlargest(MAX_COLUMNS).index
    frame = table(groups.loc[groups["group"].isin(top), "article_id"].unique())
    return frame[frame["group"].isin(top)].reset_index(drop=True)


def grid_table(c: Corpus, ids, by: str) -> pd.DataFrame:
    """Return `topic_table` of the MAX_COLUMNS groups with the most topic hits (heaviest_groups); by country,
    an article counts in several groups, so the whole table is made first."""
    if by == "country":
        return heaviest(topic_table(c, ids, by), "group", "hits")
    per_article = of_articles(c, c["topic_counts"][["article_id", "hits"]], ids).groupby("article_id")["hits"].sum()
    return heaviest_groups(c, ids, by, per_article, lambda chosen: topic_table(c, chosen, by))


def topic_squares(frame: pd.DataFrame, keys: list[str], names: dict[tuple, str], measure: str, title: str,
                  labels: dict[str, str], custom: list[str], hover: str, what: str, pick: str,
                  cell_names: list[str]) -> tuple | None:
    """Draw topics × columns as clickable squares sized and coloured by `measure` (a plotly heatmap cannot
    be clicked in Streamlit), offer the data as CSV, and return the cell clicked or picked in the box below.

    Each row of `frame` is a square: its grid column is the values of `keys` ("group", or "country" and
    "group"), drawn in the order of `names` and under its name; its grid row is "topic_name", heaviest
    first. `custom` (the data of `hover`, a plotly template) begins with keys and "topic", which make a
    cell; `cell_names` (one per row of frame) name the cells in the box.
    """
    column_of = pd.Series(list(zip(*(frame[key] for key in keys))), index=frame.index, dtype=object)
    topics = list(frame.groupby("topic_name")[measure].sum().sort_values(ascending=False).index)
    cells = dict(zip(zip(*(frame[key] for key in [*keys, "topic"])), cell_names))
    order = pd.DataFrame({"column": column_of.map({key: i for i, key in enumerate(names)}),
                          "row": frame["topic_name"].map({name: i for i, name in enumerate(topics)})})
    frame = frame.loc[order.sort_values(["column", "row"]).index].reset_index(drop=True)
    # a few columns get their names wrapped under them; many get them slanted, whole, since a
    # shortened name could merge two columns
    few = len(names) <= 10
    axis = {key: "<br>".join(textwrap.wrap(name, max(10, 100 // len(names)))) if few else name
            for key, name in names.items()}
    fig = px.scatter(
        frame.assign(column=[axis[key] for key in zip(*(frame[key] for key in keys))]), x="column", y="topic_name",
        size=measure, color=measure, size_max=22, custom_data=custom,
        category_orders={"column": [axis[key] for key in names], "topic_name": topics},
        color_continuous_scale="YlOrRd", title=title, labels=labels, height=220 + 30 * len(topics),
    )
    fig.update_traces(marker={"symbol": "square", "line": {"width": 0.5, "color": "#8a6d3b"}}, hovertemplate=hover)
    # "2010-03" is a period here, not a point on a date axis
    fig.update_xaxes(type="category", tickangle=0 if few else -45)
    point = new_click(chart(fig, frame, what, select=True), what)
    return pick_cell(point, cells, pick)


def pick_cell(point: dict | None, cells: dict[tuple, str], pick: str) -> tuple | None:
    """Return the cell chosen in the box `pick` under a chart (no box without cells): a new click on
    the chart chooses the cell its custom data begins with, and the box can change the choice afterwards."""
    if not cells:
        return None
    clicked = tuple((point or {}).get("customdata", [])[:len(next(iter(cells)))])
    if clicked in cells:
        st.session_state[pick] = clicked
    return st.selectbox(t("pick_cell"), list(cells), index=None, key=pick, format_func=cells.get,
                        placeholder=t("pick_none"))


def topic_grid(c: Corpus, ids, by: str, group_label: str, name_of, measure: str) -> None:
    """Draw topic × group for one grouping of `topic_table` as clickable squares, then the sentences
    of the cell clicked or picked."""
    language, measures = lang(), measure_names()
    frame = grid_table(c, ids, by)
    names = distinct_names(frame["group"].unique(), name_of)
    frame.insert(1, "group_name", frame["group"].map(names))
    frame.insert(3, "topic_name", named(frame["topic"], lambda topic: topic_name(topic, language)))
    # meetings and periods read left to right in time; series and countries by weight
    if by == "meeting":
        dates = meeting_dates(c["meetings"], names)
        groups = sorted(names, key=lambda m: (dates.get(m, ""), m))
    elif by in ("month", "year"):
        groups = sorted(names)
    else:
        groups = list(frame.groupby("group")[measure].sum().sort_values(ascending=False).index)
    cell = topic_squares(
        frame, ["group"], {(g,): names[g] for g in groups}, measure,
        title=f"{t('topics')} × {group_label}: {measures[measure]}",
        labels={"column": group_label, "topic_name": t("topic"), measure: measures[measure]},
        custom=["group", "topic", "hits", "per_1000_words", "articles", "words", "group_name"],
        hover=(f"<b>%{{y}}</b><br>%{{customdata[6]}}<br>{t('hits')}: %{{customdata[2]}}<br>"
               f"{t('per_1000_words')}: %{{customdata[3]}}<br>{t('articles')}: %{{customdata[4]}} · "
               f"{t('words')}: %{{customdata[5]}}<extra></extra>"),
        what=f"topics_by_{by}", pick=f"pick-{by}",
        cell_names=[f"{r.topic_name} · {r.group_name} ({measures[measure]}: {getattr(r, measure)})"
                    for r in frame.itertuples()],
    )
    if cell:
        group, topic = cell
        show_evidence(evidence_rows(c, kind="topic", key=topic, **{EVIDENCE_BY[by]: group}), f"sentences_topic_{by}")
