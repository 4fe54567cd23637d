"""A synthetic corpus for benchmarks: N articles recombined from the paragraphs of data/articles.

Each article reports a meeting of a calendar (a series of data/meetings.yaml, an edition,
a day), as many articles report each real meeting. It takes a lead paragraph and 3–19
more from the seeds and varies what the pipeline reads: a lead line with the publication
date and an outlet of data/sources.csv (" date 2024-03-05 (VTC News) -", "(Vietnam+) -"),
the meeting series named (an alias of the meeting's series, then of others), its edition
("lần thứ 7", "lần thứ hai") and day ("ngày 5/3"), and the countries named (names of
data/countries.csv, the same for every article on one meeting). Everything is drawn from
random.Random(seed), one article after another, so the first k articles of
generate(n, seed) are those of generate(k, seed): generating a larger n into the same
folder adds new articles and rewrites the old ones unchanged.

    python benchmarks/generate.py --articles 1000 --out benchmarks/out/articles-1000 --seed 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# run as a script (`python benchmarks/generate.py`): the package is beside this folder, not installed
sys.path.insert(0, str(ROOT))

from defence_news.load import read_corpus  # noqa: E402
from defence_news.metadata import SOURCE_COLUMNS, load_sources, read_header  # noqa: E402
from defence_news.resources import data_file, read_csv, read_yaml, split_list  # noqa: E402

HOME = "VNM"  # the press is Vietnamese: Vietnam stays Vietnam, the other countries change
FIRST_DAY, LAST_DAY = dt.date(2010, 1, 1), dt.date(2025, 12, 31)
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 4, 20
LEAD_FROM = 2  # the first two body paragraphs of a seed say who met where: they open an article
MAX_EDITION = 20


@dataclass(frozen=True)
class Material:
    """What articles are made of: seed paragraphs, and the names the generator swaps in."""

    leads: tuple[str, ...]
    paragraphs: tuple[str, ...]
    outlets: tuple[str, ...]  # every name of every outlet that a lead "(...) -" may carry
    series: tuple[tuple[str, tuple[str, ...]], ...]  # (id, aliases) of every specific series
    ordinals: dict[int, list[str]]  # 2 -> ["hai"]: the words that write an edition
    regional: tuple[str, ...]  # Vietnamese names of ASEAN members and ADMM-Plus partners
    countries: tuple[str, ...]  # Vietnamese names of every other country
    names: re.Pattern  # a meeting alias, an edition, a day ("ngày 5/3") or a country name, longest first


@dataclass(frozen=True)
class Event:
    """The meeting an article reports: many articles report each one, as the press does."""

    series: str
    aliases: tuple[str, ...]
    edition: int
    date: dt.date


def _alternatives(phrases) -> str:
    return "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))


def load_material() -> Material:
    """Return the seed paragraphs of data/articles and the names of data/ the articles vary."""
    articles, _ = read_corpus(data_file("articles"))
    sources = load_sources()
    bodies = [read_header(a.paragraphs, sources).body for a in articles]
    outlets = [name for row in read_csv(data_file("sources.csv"), SOURCE_COLUMNS)
               for name in [row["source"], *split_list(row["aliases"])]
               if re.fullmatch(r"[^()]{2,40}", name)]  # what the lead "(...) -" can hold
    catalogue = read_yaml(data_file("meetings.yaml"))
    # generic series (bilateral talks, dialogues) are found from cue words, not from a name to swap
    series = tuple((s["id"], tuple(s["aliases"])) for s in catalogue["series"] if not s.get("generic") and s.get("aliases"))
    ordinals: dict[int, list[str]] = {}
    for word, number in catalogue["ordinals"].items():
        ordinals.setdefault(number, []).append(word)
    regional, others = [], []
    for row in read_csv(data_file("countries.csv"), ("iso3", "name_vi", "asean_since", "admm_plus_since")):
        if row["iso3"] != HOME:
            (regional if row["asean_since"] or row["admm_plus_since"] else others).append(row["name_vi"])
    names = re.compile(
        rf"(?<!\w)(?:(?P<meeting>{_alternatives(a for _, aliases in series for a in aliases)})"
        rf"|lần thứ (?P<edition>\d+|{_alternatives(catalogue['ordinals'])})"
        rf"|(?P<day>[Nn]gày \d{{1,2}}/\d{{1,2}})"
        rf"|(?P<country>{_alternatives(regional + others)}))(?!\w)"
    )
    return Material(
        leads=tuple(p for body in bodies for p in body[:LEAD_FROM]),
        paragraphs=tuple(p for body in bodies for p in body[LEAD_FROM:]),
        outlets=tuple(outlets), series=series, ordinals=ordinals,
        regional=tuple(regional), countries=tuple(others), names=names,
    )


def _event(rng: random.Random, seed: int, material: Material) -> Event:
    """Return a meeting of the calendar: a series, an edition, and the day it was held.

    The day depends only on the seed, series and edition, so every article on one meeting gives the same.
    """
    series, aliases = rng.choice(material.series)
    edition = rng.randint(1, MAX_EDITION)
    calendar = random.Random(f"{seed}/{series}/{edition}")
    year = FIRST_DAY.year + (edition - 1) * (LAST_DAY.year - FIRST_DAY.year) // (MAX_EDITION - 1)
    return Event(series, aliases, edition, dt.date(year, calendar.randint(1, 12), calendar.randint(1, 28)))


def _lead_line(rng: random.Random, material: Material, event: Event) -> str | None:
    outlet = rng.choice(material.outlets)
    form = rng.random()
    if form < 0.45:
        return f" date {event.date.isoformat()} ({outlet}) -"  # the press reports a meeting the day it is held
    if form < 0.75:
        return f"({outlet}) -"
    return None  # a third of the seeds have no lead line either


def _varied(paragraphs: list[str], rng: random.Random, seed: int, material: Material, event: Event) -> list[str]:
    """Return the paragraphs with their meetings, editions, days and countries swapped, the same way throughout.

    The first meeting named becomes the event; the others, other series. The countries are
    those of the event, so that articles on one meeting name the same delegations.
    """
    meetings: dict[str, str] = {}
    edition = rng.choice([str(event.edition)] * 3 + material.ordinals.get(event.edition, []))

    def swap(match: re.Match) -> str:
        if match["meeting"]:
            if match["meeting"] in meetings:
                return meetings[match["meeting"]]
            if meetings:
                meetings[match["meeting"]] = rng.choice(rng.choice(material.series)[1])
                return meetings[match["meeting"]]
            meetings[match["meeting"]] = rng.choice(event.aliases)
            # the meeting reported says which edition it is, so that its articles are merged into one meeting
            said = match.string[match.end():].startswith(" lần thứ")
            return meetings[match["meeting"]] + ("" if said else f" lần thứ {edition}")
        if match["edition"]:
            return f"lần thứ {edition}"
        if match["day"]:
            return f"{match['day'][:4]} {event.date.day}/{event.date.month}"
        delegation = random.Random(f"{seed}/{event.series}/{event.edition}/{match['country']}")
        # most countries in this press are ASEAN members and ADMM-Plus partners
        return delegation.choice(material.regional if delegation.random() < 0.8 else material.countries)

    return [material.names.sub(swap, p) for p in paragraphs]


def article(rng: random.Random, seed: int, material: Material) -> tuple[str | None, list[str]]:
    """Return one synthetic article: its lead line (or None) and 4–20 paragraphs."""
    count = rng.randint(MIN_PARAGRAPHS, MAX_PARAGRAPHS)
    body = [rng.choice(material.leads), *rng.sample(material.paragraphs, count - 1)]
    event = _event(rng, seed, material)
    return _lead_line(rng, material, event), _varied(body, rng, seed, material, event)


def generate(n: int, seed: int, out_dir: Path) -> list[Path]:
    """Write n synthetic articles (synthetic_000000.txt, ...) into out_dir; return their paths.

    No two articles have the same body, so that a cold build segments every one of them
    (the cache keys segmentation by the body, without the lead line).
    """
    material = load_material()
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    seen: set[tuple[str, ...]] = set()
    paths = []
    for index in range(n):
        lead, body = article(rng, seed, material)
        while tuple(body) in seen:
            lead, body = article(rng, seed, material)
        seen.add(tuple(body))
        path = out_dir / f"synthetic_{index:06d}.txt"
        path.write_text("\n\n".join(([lead] if lead else []) + body) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic corpus recombined from data/articles.")
    parser.add_argument("--articles", type=int, required=True, metavar="N", help="how many articles to write")
    parser.add_argument("--out", type=Path, required=True, help="folder to write them into (created if missing)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed writes the same corpus (default 1)")
    args = parser.parse_args(argv)
    paths = generate(args.articles, args.seed, args.out)
    print(f"{len(paths)} articles in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
