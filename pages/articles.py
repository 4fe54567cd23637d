"""Articles: search the selected articles, see where each value of their metadata came from, and
read one with its topic, country and place matches highlighted (every character of it escaped)."""

import html

import pandas as pd
import streamlit as st

from defence_news.query import meetings_of_article, search_articles, with_sentences
from defence_news.render import highlight_html
from defence_news.session import UPLOAD_COLUMNS
from defence_news.tables import rows
from pages.common import (country_name, download, lang, meeting_namer, selected_ids, start_page, t, table,
                          topic_name)

c, sel = start_page("articles")
# the purpose is written after start_page, which reads the language of a shared link
st.caption(t("articles_intro"))
ids = selected_ids(c)
language, meetings = lang(), c["meetings"]

LISTED = ["file", "title", "title_origin", "date", "date_precision", "date_origin", "date_note", "source",
          "source_origin", "source_evidence", "url", "url_origin", "location", "location_origin", "meetings",
          "countries", "words", "matching_sentences"]
# metadata field → (the column saying where it came from, the column holding its evidence)
PROVENANCE = {
    "title": ("title_origin", None), "date": ("date_origin", "date_note"),
    "source": ("source_origin", "source_evidence"), "url": ("url_origin", None),
    "location": ("location_origin", None), "author": (None, None), "dateline": (None, None),
    "cited_sources": (None, None), "photo_credits": (None, None),
}


def shown_date(date: str, precision: str) -> str:
    """Return a date written to its precision: "2023", not the stored 2023-01-01."""
    return date[:{"year": 4, "month": 7}.get(precision, 10)]


search = st.text_input(t("search_articles"), key="q", max_chars=200, help=t("search_help"))
found = search_articles(c, ids, search)
st.caption(t("found").format(n=len(found), total=len(ids)))
# articles added in this session say so (the shared corpus has no such columns)
table(found[LISTED + [column for column in UPLOAD_COLUMNS if column in found]], "articles")
if found.empty:
    st.stop()

st.subheader(t("read"))
# columns as lists, not rows as tuples: a large corpus lists a hundred thousand articles
uploaded = found["uploaded"].tolist() if "uploaded" in found else [False] * len(found)
choices = {article_id: f"{'⬆ ' if mark else ''}{shown_date(date, precision) or '?'} · {title} ({file})"
           for article_id, date, precision, title, file, mark in zip(
               *(found[column].tolist() for column in ("article_id", "date", "date_precision", "title", "file")),
               uploaded)}
article_id = st.selectbox(t("article"), list(choices), key="article", format_func=choices.get)
article = found.set_index("article_id").loc[article_id]
if article.get("uploaded", False):
    st.caption(f"⬆ {t('upload_mark')}" + ("" if article["language"] == "vi" else f" · {t('upload_language_other')}"))

figures = st.columns(4)
for column, (field, key) in zip(figures, (("words", "words"), ("paragraphs", "paragraphs"),
                                          ("sentences", "sentence_count"), ("duplicate_paragraphs", "duplicates"))):
    column.metric(t(key), int(article[field]))

st.markdown(f"**{t('provenance')}**")
values = {**{field: article[field] for field in PROVENANCE},
          "date": shown_date(article["date"], article["date_precision"])}
# header fields (author, dateline, credits) are read from the article's own text
provenance = pd.DataFrame([{
    "field": field, "label": t("source") if field == "source" else t(f"f_{field}"), "value": values[field],
    "origin": article[origin] if origin else ("text" if values[field] else ""),
    "evidence": article[evidence] if evidence else "",
} for field, (origin, evidence) in PROVENANCE.items()])
table(provenance, f"article_metadata_{article_id}")

st.markdown(f"**{t('meetings')}**")
reported = meetings_of_article(c, article_id)
reported.insert(1, "meeting_name", reported["meeting_id"].map(meeting_namer(meetings, language)))
table(reported, f"article_meetings_{article_id}")

of_article = {name: rows(c, name, article_id=article_id) for name in
              ("topic_counts", "country_mentions", "place_mentions", "mentions", "sentences")}
topics_column, countries_column, places_column = st.columns(3)
with topics_column:
    st.markdown(f"**{t('topics')}**")
    topics = of_article["topic_counts"][["topic", "hits", "per_1000_words"]]
    table(topics.assign(topic_name=topics["topic"].map(lambda x: topic_name(x, language)))[
        ["topic", "topic_name", "hits", "per_1000_words"]], f"article_topics_{article_id}")
with countries_column:
    st.markdown(f"**{t('countries')}**")
    countries = of_article["country_mentions"][["country", "hits"]]
    table(countries.assign(country_name=countries["country"].map(lambda x: country_name(x, language)))[
        ["country", "country_name", "hits"]], f"article_countries_{article_id}")
with places_column:
    st.markdown(f"**{t('places')}**")
    table(of_article["place_mentions"][["place", "kind", "country", "hits"]], f"article_places_{article_id}")

st.markdown(f"**{t('text')}**")
# a mark's title names what matched: "Biển Đông · south_china_sea"; a place is its own name
titles = {"topic": lambda k: f"{topic_name(k, language)} · {k}",
          "country": lambda k: f"{country_name(k, language)} · {k}", "place": str}
spans: dict[int, list] = {}
for m in of_article["mentions"].itertuples():
    spans.setdefault(m.sentence_index, []).append((int(m.start), int(m.end), m.kind, titles[m.kind](m.key)))
paragraphs = [
    " ".join(highlight_html(s.sentence, spans.get(s.sentence_index, [])) for s in group.itertuples())
    for _, group in of_article["sentences"].sort_values("sentence_index").groupby("paragraph", sort=True)
]
legend = " ".join(f"<mark class='{kind}'>{html.escape(t(key))}</mark>"
                  for kind, key in (("topic", "topic"), ("country", "country"), ("place", "place_match")))
st.html(f"<div class='article-text'><h3>{html.escape(article['title'])}</h3>"
        f"<p><small>{html.escape(t('legend'))}: {legend}</small></p>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs) + "</div>")
st.markdown(f"**{t('matches')}** ({len(of_article['mentions'])})")
download(with_sentences(of_article["mentions"], of_article["sentences"]), f"article_mentions_{article_id}")
