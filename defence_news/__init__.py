"""defence_news: Vietnamese press on defence diplomacy, turned into tables of meetings, countries, topics and keywords.

The pipeline reads like the package: load → metadata → segment → gazetteer / topics /
meetings / keywords → assemble → store → export. No module imports streamlit.
"""

__version__ = "0.1.0"
