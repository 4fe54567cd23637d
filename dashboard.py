"""The dashboard's entry page: the navigation between its pages (each draws the shared filters).

Run with `streamlit run dashboard.py` (or `python3 tasks.py run`).
"""

import streamlit as st

st.set_page_config(page_title="Defence diplomacy · Ngoại giao quốc phòng", page_icon="🛡️", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview · Tổng quan", icon="🏠", url_path="overview", default=True),
    st.Page("pages/topics.py", title="Topics · Chủ đề", icon="🏷️", url_path="topics"),
    st.Page("pages/keywords.py", title="Keywords · Từ khóa", icon="🔤", url_path="keywords"),
    st.Page("pages/meetings.py", title="Meetings · Hội nghị", icon="🤝", url_path="meetings"),
    st.Page("pages/countries.py", title="Countries · Quốc gia", icon="🌏", url_path="countries"),
    st.Page("pages/articles.py", title="Articles · Bài báo", icon="📰", url_path="articles"),
]

st.navigation(PAGES).run()
