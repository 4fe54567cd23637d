"""The per-article pipeline: header → segmentation → countries, places, topics, meetings, keywords.

`analyse` turns one Article (and its sentences) into rows of the per-article tables; it is
what the cache stores, keyed by the article's content and the versions of the data files.
Everything that needs the whole corpus (curation, dates of meetings, merging meetings
across articles, TF-IDF) happens afterwards in `assemble`.
"""

from __future__ import annotations

import gc
import pickle
from dataclasses import dataclass
from pathlib import Path

from .dates import find_dates, inferred_year
from .gazetteer import Gazetteer, load_gazetteer
from .keywords import StopWords, count_terms, load_stopwords
from .load import Article
from .meetings import LEAD_PARAGRAPHS, Catalogue, SentenceView, find_meetings, load_catalogue, meeting_place
from .metadata import Header, Sources, cited_sources, load_sources
from .resources import cache_dir, data_dir, fingerprint, save_in_cache
from .segment import Sentence
from .speakers import SpeakerRules, find_speakers, load_speaker_rules
from .text import tokens
from .topics import TopicLexicon, load_lexicon

TABLE_COLUMNS = {
    "articles": [
        "article_id", "file", "title", "title_origin", "source", "source_evidence", "author", "dateline", "url",
        "published", "published_note", "event_date_text", "event_day", "event_month", "event_year", "year_signal",
        "year_signal_note", "place", "host_country", "words", "paragraphs", "sentences", "duplicate_paragraphs",
        "encoding", "photo_credits", "cited_sources", "chars",
    ],
    "mentions": ["article_id", "kind", "key", "matched", "sentence_index", "start", "end"],
    "keywords": ["article_id", "term", "n", "hits"],
    "meeting_mentions": [
        "article_id", "series", "edition", "sentence_index", "matched", "countries", "place", "host_country",
        "date_text", "day", "month", "year",
    ],
    "statements": ["article_id", "sentence_index", "speaker", "speaker_kind", "speaker_country", "role", "how",
                   "matched"],
    "actor_mentions": ["article_id", "kind", "name", "country", "roles", "matched", "sentence_index", "start", "end",
                       "origin"],
}

# Bump when a rule in the code changes what `analyse` returns, so cached rows are redone.
PIPELINE_VERSION = "3"


@dataclass(frozen=True)
class Resources:
    """Every data file the pipeline reads, loaded once."""

    gazetteer: Gazetteer
    lexicon: TopicLexicon
    catalogue: Catalogue
    sources: Sources
    stopwords: StopWords
    speakers: SpeakerRules

    @property
    def version(self) -> str:
        """Return the combined version of the code rules and every data file."""
        return fingerprint(
            PIPELINE_VERSION, self.gazetteer.version, self.lexicon.version, self.catalogue.version,
            self.sources.version, self.stopwords.version, self.speakers.version,
        )


def code_and_data() -> str:
    """Return the fingerprint of the package's code and the data files, by name and content: what the Resources,
    and all a build does, are made of."""
    # without a data folder, none: loading the data files then says which is missing
    data = sorted(p for p in data_dir().iterdir() if p.is_file()) if data_dir().is_dir() else []
    return fingerprint(*(part for f in [*sorted(Path(__file__).parent.glob("*.py")), *data]
                         for part in (f.name, f.read_bytes())))


def _unpickled(path: Path) -> Resources | None:
    """Return the Resources pickled in `path`, or None when none are, or they are damaged."""
    collecting = gc.isenabled()
    gc.disable()  # unpickling makes tens of thousands of objects, none of them garbage: collections would walk them
    try:
        return pickle.loads(path.read_bytes())
    except Exception:  # none kept yet, or damaged: any error unpickling means the data files are read again
        return None
    finally:
        if collecting:
            gc.enable()


# whether this process has frozen what it loaded out of the garbage collector's sight (load_resources)
_frozen = False


def load_resources() -> Resources:
    """Return the Resources read from data/, through the cache: the matchers of the gazetteer, lexicon and
    catalogue take a few times longer to build than to unpickle, each build and each dashboard start.

    The first time in a process, all it holds by then (its modules and the data files: a hundred thousand
    objects that live as long as it does) is frozen out of the garbage collector's sight, once: each full
    collection walking them again cost a build adding a few articles a tenth of a second.
    """
    global _frozen
    kept = cache_dir() / "resources" / f"{code_and_data()}.pickle"
    res = _unpickled(kept)
    if res is None:
        gazetteer = load_gazetteer()
        res = Resources(gazetteer, load_lexicon(), load_catalogue(), load_sources(), load_stopwords(),
                        load_speaker_rules(gazetteer))
        # the pickles of other code or data files are deleted
        save_in_cache(kept, pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL), replacing="*.pickle")
    if not _frozen:
        gc.freeze()
        _frozen = True
    return res


def analyse(article: Article, header: Header, sentences: list[Sentence], res: Resources) -> dict[str, list[dict]]:
    """Return the per-article rows: article, mentions, keywords, meeting_mentions, statements, actor_mentions.

    mentions: kind (country/place/topic), key, matched, sentence_index, start, end
    keywords: term, n (1 word or 2), hits
    meeting_mentions: series, edition, sentence_index, matched, countries, place, host_country,
    date_text, day, month, year (the date written in the sentence, year possibly missing)
    statements: sentence_index, speaker, speaker_kind (person/group), speaker_country, role,
    how (explicit/pronoun/continuation/quote), matched (who the sentence names as speaker)
    actor_mentions: kind (person/ministry/body), name, country, roles, matched, sentence_index,
    start, end, origin (curated/text)
    """
    aid = article.article_id
    mentions: list[dict] = []
    views: list[SentenceView] = []
    for s in sentences:
        toks = tokens(s.text)
        found = res.gazetteer.find(toks, s.text)
        views.append(SentenceView(s.index, s.paragraph, s.text, toks, found))
        mentions += [
            {"article_id": aid, "kind": f.kind, "key": f.key, "matched": f.matched, "sentence_index": s.index,
             "start": f.start, "end": f.end}
            for f in found
        ]
        mentions += [
            {"article_id": aid, "kind": "topic", "key": h.topic, "matched": h.matched, "sentence_index": s.index,
             "start": h.start, "end": h.end}
            for h in res.lexicon.find(toks, s.text)
        ]
    meeting_rows = []
    for m in find_meetings(views, res.catalogue, res.gazetteer):
        written = find_dates(views[m.sentence_index - 1].text)
        date = written[0] if written else None
        meeting_rows.append({
            "article_id": aid, "series": m.series, "edition": m.edition, "sentence_index": m.sentence_index,
            "matched": m.matched, "countries": ";".join(m.countries), "place": m.place,
            "host_country": m.host_country, "date_text": date.text if date else "",
            "day": date.day if date else None, "month": date.month if date else None,
            "year": date.year if date else None,
        })
    counts = count_terms((s.words for s in sentences), res.stopwords)
    keywords = [{"article_id": aid, "term": term, "n": n, "hits": hits} for (term, n), hits in counts.items()]
    body_text = "\n".join(header.body)
    lead = [d for v in views if v.paragraph <= LEAD_PARAGRAPHS for d in find_dates(v.text)]
    signal = inferred_year(body_text)
    place, host = "", ""
    for v in views:
        place, host = meeting_place(v.toks, v.found, res.gazetteer)
        if place or host:
            break
    words = sum(1 for s in sentences for w in s.words if any(map(str.isalnum, w)))
    row = {
        "article_id": aid, "file": article.file, "title": header.title, "title_origin": header.title_origin,
        "source": header.source, "source_evidence": header.source_evidence, "author": header.author,
        "dateline": header.dateline, "url": header.url,
        "published": header.published.iso(), "published_note": header.published.note,
        "event_date_text": lead[0].text if lead else "", "event_day": lead[0].day if lead else None,
        "event_month": lead[0].month if lead else None, "event_year": lead[0].year if lead else None,
        "year_signal": signal[0] if signal else None, "year_signal_note": signal[1] if signal else "",
        "place": place, "host_country": host,
        "words": words, "paragraphs": len(header.body), "sentences": len(sentences),
        "duplicate_paragraphs": article.duplicate_paragraphs, "encoding": article.encoding,
        "photo_credits": ";".join(header.photo_credits), "cited_sources": ";".join(cited_sources(header, res.sources)),
        "chars": len(body_text),
    }
    spoken = find_speakers(views, res.speakers, res.gazetteer)
    statements = [{"article_id": aid, **s.__dict__} for s in spoken.statements]
    actors = [{"article_id": aid, **{**n.__dict__, "roles": ";".join(n.roles)}} for n in spoken.named]
    return {"articles": [row], "mentions": mentions, "keywords": keywords, "meeting_mentions": meeting_rows,
            "statements": statements, "actor_mentions": actors}
