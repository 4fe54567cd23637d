"""Fixtures: a private cache per test session, and the seed corpus built once through it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "articles"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """Keep every test away from the developer's own .cache/."""
    folder = tmp_path_factory.mktemp("cache")
    old = os.environ.get("DEFENCE_NEWS_CACHE")
    os.environ["DEFENCE_NEWS_CACHE"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("DEFENCE_NEWS_CACHE", None)
    else:
        os.environ["DEFENCE_NEWS_CACHE"] = old


@pytest.fixture(scope="session")
def resources():
    from defence_news.pipeline import load_resources

    return load_resources()


@pytest.fixture(scope="session")
def corpus(private_cache):
    """The five seed articles, built as `python -m defence_news build` builds them."""
    from defence_news.store import build

    tables, _ = build()
    return tables


def article_id(corpus, prefix: str) -> str:
    """Return the id of the seed article whose file name starts with `prefix` ("003")."""
    files = corpus["articles"].set_index("file")["article_id"]
    return next(aid for file, aid in files.items() if file.startswith(prefix))


def all_ids(corpus) -> list[str]:
    """Return the ids of every article of the corpus: a selection with no filter."""
    return list(corpus["articles"]["article_id"])
