"""Session: what one user adds on top of the shared corpus — articles they upload, a lexicon they edit.

The shared corpus is read by every dashboard session: nothing here changes it. Each function
returns new tables, and the only thing written is the content-keyed cache, where an
article's rows are the same whoever brings it. Nothing is written to data/.

Uploaded articles get the columns `uploaded` (True) and `language` ("vi" or "other"); the
articles of the shared corpus are the project's Vietnamese press (False, "vi"). A title,
date, source or url given with an upload (a CSV column, the paste form) is applied as
curation is, so its origin reads "curated": a person gave it, the text did not.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping
from dataclasses import replace

import numpy as np
import pandas as pd

from .assemble import assemble, per_1000_words
from .curation import Curation, curation_of_table, curation_table
from .dates import DateValue, parse_curated
from .engine import LocalEngine
from .ingest import IngestReport, Limits, Upload, read_upload, without_duplicates
from .load import LoadProblem
from .pipeline import TABLE_COLUMNS, Resources
from .query import Corpus
from .resources import DataFileError, cache_dir
from .store import RAW_TABLES, process
from .tables import rows
from .topics import (TopicLexicon, changed_phrases, find_topics, load_lexicon, parse_lexicon, sentences_holding,
                     topic_counts)

UPLOAD_COLUMNS = ("uploaded", "language")
PASTED = "pasted.txt"


def read_files(files: list[tuple[str, bytes]], limits: Limits) -> IngestReport:
    """Return the articles of uploaded files (name, bytes) and one problem per file or row refused."""
    report = IngestReport()
    for name, data in files:
        found = read_upload(name, data, limits)
        report.uploads += found.uploads
        report.problems += found.problems
    return report


def pasted(text: str, meta: dict[str, str], limits: Limits) -> IngestReport:
    """Return the article of a pasted text, with its title, date, source or url when given."""
    report = read_upload(PASTED, text.encode("utf-8"), limits)
    given = {key: value.strip() for key, value in meta.items() if value and value.strip()}
    return IngestReport([replace(u, meta=given) for u in report.uploads], report.problems)


def upload_curation(upload: Upload) -> Curation:
    """Return what an upload says about its article as curation; a date not written YYYY-MM-DD,
    YYYY-MM or YYYY raises ValueError."""
    meta = upload.meta
    date = parse_curated(meta["date"]) if meta.get("date") else DateValue()
    return Curation(meta.get("title", ""), date, meta.get("source", ""), meta.get("url", ""))


def _unique_name(name: str, taken: set[str]) -> str:
    """Return `name`, or "name (2)", "name (3)"… when it is taken: curation and the pages tell articles by file name."""
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{name} ({number})"
    return candidate


def admit(report: IngestReport, corpus: Corpus, limits: Limits) -> IngestReport:
    """Return the report with the articles that cannot join `corpus` (a session's) turned into problems.

    Refused by name: the same text as an article already loaded, a date in another form than
    YYYY-MM-DD, YYYY-MM or YYYY, an article over the session's limit of added articles.
    Each article kept is given a file name no article of the corpus has.
    """
    articles = corpus["articles"]
    checked = without_duplicates(report, dict(zip(articles["article_id"], articles["file"])))
    kept = IngestReport(problems=list(checked.problems))
    taken = set(articles["file"])
    room = limits.max_session_articles - (int(articles["uploaded"].sum()) if "uploaded" in articles else 0)
    for upload in checked.uploads:
        file = upload.article.file
        try:
            upload_curation(upload)
        except ValueError as error:
            kept.problems.append(LoadProblem(file, f"{error}; correct the date or leave it blank"))
            continue
        if room <= 0:
            kept.problems.append(LoadProblem(file, f"this session already holds {limits.max_session_articles} added "
                                                   "articles, the limit; remove some first"))
            continue
        name = _unique_name(file, taken)
        taken.add(name)
        kept.uploads.append(replace(upload, article=replace(upload.article, file=name)))
        room -= 1
    return kept


def _raw_tables(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """Return the per-article tables the corpus was assembled from (store.process's, by name)."""
    raw = {name: corpus[stored] for stored, name in RAW_TABLES.items()}
    for name in ("mentions", "keywords", "statements"):
        raw[name] = corpus[name][TABLE_COLUMNS[name]]
    return raw


def _stacked(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    frames = [frame for frame in (first, second) if not frame.empty]
    return pd.concat(frames, ignore_index=True) if frames else first


def with_uploads(corpus: Corpus, uploads: list[Upload], res: Resources) -> Corpus:
    """Return the corpus with the uploaded articles analysed and assembled in, as if they had been in data/.

    Every table is new: the same meeting reported by an upload and a shared article is one
    meeting, counts and TF-IDF are over all articles. The articles table gains `uploaded` and
    `language`; the keyword rows of an article in another language are left out, so that
    Vietnamese keyword statistics stay Vietnamese. `uploads` need file names of their own
    (see `admit`).
    """
    # in this process: a web server is not forked, its other threads serve other sessions
    tables, sentences, _ = process([u.article for u in uploads], res, cache_dir(), engine=LocalEngine(1),
                                   whole_corpus=False)
    language = {u.article.article_id: u.language for u in uploads}
    other = [aid for aid, code in language.items() if code != "vi"]
    tables["keywords"] = tables["keywords"][~tables["keywords"]["article_id"].isin(other)]
    raw = _raw_tables(corpus)
    combined = {name: _stacked(raw[name], tables[name]) for name in raw}
    sentences = _stacked(corpus["sentences"], sentences)
    shared_files = set(corpus["articles"]["file"])
    curation = {file: c for file, c in curation_of_table(corpus["curation"]).items() if file in shared_files}
    curation.update({u.article.file: upload_curation(u) for u in uploads})

    out = {**corpus, **assemble(combined, sentences, curation, res),
           **{stored: combined[name] for stored, name in RAW_TABLES.items()}, "curation": curation_table(curation)}
    before = corpus["articles"].set_index("article_id")
    uploaded = set(language) | (set(before.index[before["uploaded"]]) if "uploaded" in before else set())
    languages = {**(before["language"].to_dict() if "language" in before else {}), **language}
    ids = out["articles"]["article_id"]
    out["articles"] = out["articles"].assign(uploaded=ids.isin(uploaded),
                                             language=[languages.get(aid, "vi") for aid in ids])
    return out


def _sentence_keys(*tables: pd.DataFrame) -> list[np.ndarray]:
    """Return, for each table, the sentence (article_id, sentence_index) of each row as one number;
    numbers in reading order: by article id, then sentence."""
    codes, _ = pd.factorize(pd.concat([t["article_id"] for t in tables], ignore_index=True), sort=True)
    stride = 1 + max((int(t["sentence_index"].max()) for t in tables if len(t)), default=0)
    ends = np.cumsum([len(t) for t in tables])
    return [codes[end - len(t):end] * stride + t["sentence_index"].to_numpy() for t, end in zip(tables, ends)]


def with_lexicon(corpus: Mapping, lexicon: TopicLexicon, counted_with: TopicLexicon | None = None) -> Mapping:
    """Return the corpus with its topics counted again by `lexicon`, from the stored sentences.

    Nothing is segmented again: the topic mentions, topic counts (per_1000_words too) and the
    topics of statements are new; country and place mentions and every other table are kept.
    `counted_with` is the lexicon the corpus was counted with (by default data/topics.yaml's, the
    build's): only the sentences that may hold a phrase the two match differently are matched
    again (topics.changed_phrases), and the result is the same as from matching them all.
    """
    before = counted_with or load_lexicon()
    # of a stored corpus's sentences, only the columns matched: not the words of each one
    sentences = rows(corpus, "sentences", ["article_id", "sentence_index", "sentence"])
    mentions, statements = corpus["mentions"], corpus["statements"]
    is_topic = (mentions["kind"] == "topic").to_numpy()
    if set(mentions["key"][is_topic].unique()) <= set(before.topics):
        again = sentences_holding(sentences["sentence"], changed_phrases(before, lexicon))
    else:
        # a topic `before` does not have: the corpus was counted with another lexicon
        again = np.ones(len(sentences), dtype=bool)
    recounted = sentences[again]
    found, recounted_topics = find_topics(recounted, lexicon)
    both = _stacked(mentions, found[list(mentions.columns)])
    in_sentence, in_statement, in_recounted = _sentence_keys(both, statements, recounted)
    # the topic mentions of the sentences matched again give way to those found now
    topic = np.concatenate([is_topic, np.ones(len(found), dtype=bool)])
    kept = np.concatenate([~(is_topic & np.isin(in_sentence[:len(mentions)], in_recounted)),
                           np.ones(len(found), dtype=bool)])
    # reading order, as find_topics's rows sorted after the others: a country or place found
    # where a topic is comes first
    within = both["start"].to_numpy() * 2 + topic
    order = np.argsort(in_sentence * (int(within.max(initial=0)) + 1) + within, kind="stable")
    order = order[kept[order]]
    new_mentions = both.iloc[order].reset_index(drop=True)
    counts = topic_counts(new_mentions.loc[topic[order], ["article_id", "key"]], lexicon)
    counts["per_1000_words"] = per_1000_words(counts, corpus["articles"].set_index("article_id")["words"])
    # a statement's topics are those of its sentence (assemble.statements_with_topics)
    said = np.isin(in_statement, in_recounted)
    topics_of = dict(zip(in_recounted.tolist(), recounted_topics))
    topics = statements["topics"].copy()
    topics[said] = [topics_of[key] for key in in_statement[said].tolist()]
    statements = statements.assign(topics=topics)
    # in the order statements_with_topics gives them, by article, then sentence: a stored corpus's already is
    if (np.diff(in_statement) < 0).any():
        statements = statements.iloc[np.argsort(in_statement, kind="stable")]
    statements = statements.reset_index(drop=True)
    # the other tables are the corpus's own: a stored corpus keeps reading its big ones when asked
    return ChainMap({"mentions": new_mentions, "topic_counts": counts, "statements": statements}, corpus)


def uploaded_lexicon(name: str, data: bytes, limits: Limits) -> TopicLexicon:
    """Return the lexicon of an uploaded YAML file (read with the safe loader, checked as data/topics.yaml is).

    DataFileError names the file, the line when known, and the problem.
    """
    if len(data) > limits.max_file_mb * 2**20:
        raise DataFileError(name, f"{len(data) / 2**20:.1f} MB, more than the limit of {limits.max_file_mb:g} MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataFileError(name, f"not UTF-8 text (byte {error.start})") from None
    return parse_lexicon(text, name)


def vietnamese(corpus: Corpus, ids) -> list[str]:
    """Return the ids among `ids` of the articles in Vietnamese: those keyword statistics are about."""
    articles = corpus["articles"]
    if "language" not in articles:
        return list(ids)
    other = set(articles.loc[articles["language"] != "vi", "article_id"])
    return [aid for aid in ids if aid not in other]
