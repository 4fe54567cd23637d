"""Benchmarks of the build, its cache and the dashboard: prints one Markdown table of medians.

    python benchmarks/run.py                                   # builds of 1,000 articles (~15 min here)
    python benchmarks/run.py --articles 1000 10000             # the full run (~35 min here)

Corpora are synthetic (benchmarks/generate.py, deterministic from --seed) and everything is
written under --work (benchmarks/out/, git-ignored). Every measurement runs in a fresh Python
process, so that its peak memory (VmHWM) is its own; a build on all cores also reports its
largest worker. Times are wall-clock medians of --repeat runs (--repeat-large for the slow
ones); CPU seconds are given too, since on a shared machine they move less than wall time.
Benchmarks are not tests: nothing here fails when a target is missed, the table says so.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# run as a script (`python benchmarks/run.py`): the package and the pages are beside this folder
sys.path.insert(0, str(ROOT))

from generate import generate  # noqa: E402

# Builds of this many articles take minutes each and run --repeat-large times, as do pages on stores this big.
LARGE_BUILD, LARGE_STORE = 10_000, 100_000
# The lexicon edit timed by "lexicon edit → topic counts": one term that the seeds use, added to a topic.
NEW_TERM = ("defence_exchanges", "hợp tác thực chất")


# ---------------------------------------------------------------- measurements, each in its own process

@contextlib.contextmanager
def _timed(result: dict):
    """Record the wall and CPU seconds (this process and its workers) of the block in `result`."""

    def cpu() -> float:
        own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime

    cpu_start, start = cpu(), time.perf_counter()
    yield
    result["seconds"] = time.perf_counter() - start
    result["cpu"] = cpu() - cpu_start


def _report_numbers(text: str) -> dict:
    """Return the counts of a BuildReport's first line ("1000 articles: 0 segmented, 0 analysed, ...") in `text`."""
    found = re.search(r"(\d+) articles: (\d+) segmented, (\d+) analysed", text)
    return {"articles": int(found[1]), "segmented": int(found[2]), "analysed": int(found[3])}


def measure_floor(folder: str) -> dict:
    """underthesea's word_tokenize alone over the sentences a build segments, in this one process."""
    from underthesea import word_tokenize

    from defence_news.load import read_corpus
    from defence_news.metadata import load_sources, read_header
    from defence_news.segment import split_sentences, warm_up

    articles, _ = read_corpus(Path(folder))
    sources = load_sources()
    sentences = [s for a in articles for p in read_header(a.paragraphs, sources).body for s in split_sentences(p)]
    word_tokenize("Hội nghị")  # underthesea loads its model before the clock starts
    warm_up()  # and, as in a build, what is loaded is frozen out of the garbage collector's sight
    result = {"articles": len(articles), "chars": sum(len(s) for s in sentences)}
    with _timed(result):
        for sentence in sentences:
            word_tokenize(sentence)
    return result


def measure_build(folder: str, workers: int | None) -> dict:
    """store.build of a folder into the processed store, on `workers` local processes (None: every core), in the
    memory the command line and the dashboard take."""
    from defence_news.engine import LocalEngine
    from defence_news.store import build
    from defence_news.tables import use_returning_memory_pool

    use_returning_memory_pool()
    result: dict = {}
    with _timed(result):
        _, report = build(Path(folder), store_name="default", engine=LocalEngine(workers))
    return {**result, "articles": report.articles, "segmented": report.segmented, "analysed": report.analysed}


def measure_export(folder: str, out: str) -> dict:
    """`python -m defence_news export --input FOLDER --out OUT`, as a user runs it."""
    from defence_news.cli import main

    said = io.StringIO()
    result: dict = {}
    with _timed(result), contextlib.redirect_stderr(said), contextlib.redirect_stdout(io.StringIO()):
        status = main(["export", "--input", folder, "--out", out])
    if status:
        raise RuntimeError(f"export failed: {said.getvalue()}")
    return {**result, **_report_numbers(said.getvalue())}


def _read_store(as_the_dashboard: bool = True) -> dict:
    """Return the tables of $DEFENCE_NEWS_CACHE's processed store, in the memory the dashboard takes them from
    (jemalloc, whose address space reserved goes beyond the --memory-limit replicating 100,000 articles needs
    without it); raise when it cannot be read."""
    from defence_news.store import read_processed
    from defence_news.tables import use_returning_memory_pool

    if as_the_dashboard:
        use_returning_memory_pool()
    with warnings.catch_warnings(record=True) as said:
        tables = read_processed()
    if tables is None:
        raise RuntimeError(f"the benchmark store cannot be read: {said[-1].message if said else ''}")
    return tables


def measure_load() -> dict:
    """store.read_processed of $DEFENCE_NEWS_CACHE's processed store (its big tables are read when asked for)."""
    import pyarrow.dataset as ds

    result: dict = {}
    with _timed(result):
        tables = _read_store()
    return {**result, "articles": len(tables["articles"]), "meetings": len(tables["meetings"]),
            **{name: ds.dataset(tables.path(name)).count_rows() for name in ("mentions", "keywords")}}


def measure_page(script: str) -> dict:
    """A page in streamlit's AppTest on $DEFENCE_NEWS_CACHE's store: its first run (the store is read) and a rerun."""
    from streamlit.testing.v1 import AppTest

    import pages.common  # imported before the clock starts: a running server has done it already

    def unreadable_store(*args, **kwargs):
        raise RuntimeError("the benchmark store cannot be read")

    # a page that cannot read the store would build data/articles instead, and time the wrong thing
    pages.common.build = unreadable_store
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=24 * 3600)  # the runner stops slow pages
    at.switch_page(script)
    first: dict = {}
    with _timed(first):
        at.run()
    result: dict = {}
    with _timed(result):
        at.run()
    errors = [e.message for e in at.exception]
    return {**result, "first": first["seconds"], "first_cpu": first["cpu"], "error": errors[0] if errors else ""}


def measure_recount() -> dict:
    """A lexicon edit as the Lexicon page applies it: the topic with NEW_TERM added, checked as data/topics.yaml
    is, and session.with_lexicon on the store's tables, already in memory (reading them is not timed)."""
    from defence_news.session import with_lexicon
    from defence_news.topics import changed_phrases, load_lexicon, sentences_holding, with_topic

    corpus = dict(_read_store())
    lexicon = load_lexicon()
    entry = next(e for e in lexicon.entries() if e["id"] == NEW_TERM[0])
    result: dict = {}
    with _timed(result):
        edited = with_topic(lexicon, {**entry, "terms_vi": [*entry["terms_vi"], NEW_TERM[1]]})
        mentions = with_lexicon(corpus, edited)["mentions"]
    sentences = corpus["sentences"]
    matched_again = int(sentences_holding(sentences["sentence"], changed_phrases(lexicon, edited)).sum())
    new_hits = int(((mentions["key"] == NEW_TERM[0]) & (mentions["matched"].str.lower() == NEW_TERM[1])).sum())
    return {**result, "articles": int(sentences["article_id"].nunique()), "sentences": len(sentences),
            "matched_again": matched_again, "new_hits": new_hits}


def measure_replicate(articles: int, out: str) -> dict:
    """Write a processed store of `articles` articles into `out`, made by copying $DEFENCE_NEWS_CACHE's."""
    from replicate import ReplicatedStore

    from defence_news.store import write_processed

    tables = _read_store(as_the_dashboard=False)
    store = ReplicatedStore(tables, articles)
    result: dict = {}
    with _timed(result):
        write_processed(store, Path(out) / "processed" / "default",
                        {"input": f"{store.copies} copies of a {len(tables['articles'])}-article build",
                         "version": "replicated"})
    return {**result, "copies": store.copies, "base": len(tables["articles"])}


MEASURES: dict[str, Callable[..., dict]] = {
    "floor": measure_floor, "build": measure_build, "export": measure_export, "load": measure_load,
    "page": measure_page, "recount": measure_recount, "replicate": measure_replicate,
}


def _peak_rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status)[1]) / 1024


def child(kind: str, arguments: str) -> None:
    """Run one measurement and print its result, with this process's peak memory, as the last line."""
    result = MEASURES[kind](**json.loads(arguments))
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # Linux: kilobytes
    print(json.dumps({**result, "rss_mb": _peak_rss_mb(), "worker_rss_mb": workers}))


# ---------------------------------------------------------------- the runner

class Stopped(Exception):
    """A measurement stopped for taking more time or memory than it is given."""


# how a Python process says it ran out of the memory it may use
OUT_OF_MEMORY = ("MemoryError", "std::bad_alloc", "Cannot allocate memory", "alloc of size", "can't start new thread")


@dataclasses.dataclass
class Runner:
    work: Path
    memory_gb: float

    def measure(self, kind: str, cache: Path | None = None, label: str = "", timeout: float | None = None,
                **arguments) -> dict:
        """Run a measurement in a fresh process with $DEFENCE_NEWS_CACHE at `cache`; return its result.

        Raises Stopped when it takes more than `timeout` seconds or more than the memory limit
        (the limit keeps a store too big for this machine from taking it from everyone else).
        """
        env = dict(os.environ)
        if cache is not None:
            env["DEFENCE_NEWS_CACHE"] = str(cache)
        limit = int(self.memory_gb * 2**30)
        try:
            done = subprocess.run([sys.executable, __file__, "--measure", kind, json.dumps(arguments)],
                                  env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                                  preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_DATA, (limit, limit)))
        except subprocess.TimeoutExpired:
            print(f"  {label or kind}: more than {timeout:.0f} s, stopped", file=sys.stderr, flush=True)
            raise Stopped(f"> {timeout:.0f} s") from None
        if done.returncode and any(sign in done.stderr for sign in OUT_OF_MEMORY):
            print(f"  {label or kind}: more than {self.memory_gb:g} GB, stopped", file=sys.stderr, flush=True)
            raise Stopped(f"> {self.memory_gb:g} GB")
        if done.returncode:
            raise RuntimeError(f"{kind} {arguments} failed:\n{done.stderr[-3000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"  {label or kind}: {result['seconds']:.2f} s wall, {result['cpu']:.2f} s CPU, "
              f"{result['rss_mb']:.0f} MB", file=sys.stderr, flush=True)
        return result

    def fresh(self, name: str, like: Path | None = None) -> Path:
        """Return an empty folder under the work folder (or a copy of `like`)."""
        folder = self.work / name
        shutil.rmtree(folder, ignore_errors=True)
        if like is not None:
            shutil.copytree(like, folder)
        return folder


@dataclasses.dataclass
class Row:
    measurement: str
    articles: int
    runs: list[dict]
    rate: str = ""
    ratio: str = ""
    target: str = ""
    rss: str = ""
    stopped: str = ""  # why there is no time: "> 30 s", "> 8 GB", "not run: ..."

    @property
    def seconds(self) -> float:
        return statistics.median(r["seconds"] for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r["cpu"] for r in self.runs)

    def cells(self) -> list[str]:
        wall, cpu = (self.stopped, "") if self.stopped else (_secs(self.seconds), _secs(self.cpu))
        return [self.measurement, f"{self.articles:,}", str(len(self.runs)), wall, cpu,
                self.rate, self.ratio, self.target, self.rss]


HEADER = ["measurement", "articles", "runs", "wall s (median)", "CPU s", "rate", "ratio", "target", "peak RSS MB"]


def _secs(value: float) -> str:
    return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 100 else f"{value:.0f}"


def _rss(runs: list[dict], workers: bool = False) -> str:
    main = max(r["rss_mb"] for r in runs)
    if workers:
        return f"{main:.0f} + workers ≤ {max(r['worker_rss_mb'] for r in runs):.0f}"
    return f"{main:.0f}"


def _verdict(met: bool, text: str) -> str:
    return f"{text}: {'met' if met else '**missed**'}"


def grown_in_place(runner: Runner, built: Path, folder: Path, grown: Path, label: str) -> dict:
    """A build over a copy of the cache `built` (of `folder`) after the files of `grown` that `folder` lacks are
    put into it, as a user adds articles to the folder they built (the others keep their size and time); the
    new files are taken out again afterwards."""
    added = sorted({p.name for p in grown.iterdir()} - {p.name for p in folder.iterdir()})
    for name in added:
        shutil.copy2(grown / name, folder / name)
    try:
        return runner.measure("build", runner.fresh(f"{built.name}-grown", like=built), label, folder=str(folder),
                              workers=None)
    finally:
        for name in added:
            (folder / name).unlink()


def bench_builds(runner: Runner, n: int, seed: int, repeat: int, repeat_large: int) -> tuple[list[Row], Path]:
    """Floor, cold, warm, +1 % and export rows for a corpus of n articles; return them and the built cache."""
    print(f"{n} articles: generating", file=sys.stderr, flush=True)
    folder = runner.fresh(f"articles-{n}")
    generate(n, seed, folder)
    grown = runner.fresh(f"articles-{n}-grown")
    generate(n + max(1, n // 100), seed, grown)  # the same n articles and 1 % new ones

    repeats = repeat_large if n >= LARGE_BUILD else repeat
    floor, one, every = [], [], []
    # floor and cold builds take turns, so that a burst of load from elsewhere hits all three alike
    for run in range(repeats):
        floor.append(runner.measure("floor", label=f"floor, run {run + 1}", folder=str(folder)))
        one.append(runner.measure("build", runner.fresh(f"cache-{n}-one"), f"cold build, 1 core, run {run + 1}",
                                  folder=str(folder), workers=1))
        every.append(runner.measure("build", runner.fresh(f"cache-{n}"), f"cold build, all cores, run {run + 1}",
                                    folder=str(folder), workers=None))
    built = runner.work / f"cache-{n}"
    chars = floor[0]["chars"]
    floor_s = statistics.median(r["seconds"] for r in floor)
    cores = os.cpu_count() or 1

    def rates(rows: list[dict]) -> str:
        seconds = statistics.median(r["seconds"] for r in rows)
        return f"{n / seconds:,.1f} art/s · {chars / seconds / 1000:,.0f} k chars/s"

    rows = [Row("floor: underthesea word_tokenize alone, 1 core", n, floor,
                f"{chars / floor_s / 1000:,.0f} k chars/s", "1.00× floor", "", _rss(floor))]
    cold_one = Row("cold build (empty cache), 1 core", n, one, rates(one), rss=_rss(one))
    cold_one.ratio = f"{floor_s / cold_one.seconds:.2f}× floor"
    cold_one.target = _verdict(floor_s / cold_one.seconds >= 0.85, "≥ 0.85× floor")
    cold_all = Row(f"cold build (empty cache), all {cores} cores", n, every, rates(every), rss=_rss(every, True))
    speedup = cold_one.seconds / cold_all.seconds
    cold_all.ratio = f"{speedup:.2f}× 1 core · {floor_s / cold_all.seconds:.2f}× floor"
    cold_all.target = _verdict(speedup >= 1.7, "≥ 1.7× 1 core")
    rows += [cold_one, cold_all]

    warm = [runner.measure("build", built, f"warm build, run {run + 1}", folder=str(folder), workers=None)
            for run in range(repeats)]
    grow = [grown_in_place(runner, built, folder, grown, f"+1 % new, run {run + 1}") for run in range(repeats)]
    for label, runs, limit in (("warm build, nothing changed", warm, 0.02), ("warm build after adding 1 % new articles to the folder", grow, 0.03)):
        row = Row(f"{label} ({runs[0]['segmented']} segmented, {runs[0]['analysed']} analysed)", runs[0]["articles"],
                  runs, rss=_rss(runs, workers=runs[0]["analysed"] > 0))
        share = row.seconds / cold_all.seconds
        row.ratio = f"{share:.1%} of cold (all cores)"
        row.target = _verdict(share <= limit, f"≤ {limit:.0%} of cold")
        rows.append(row)

    out = runner.fresh(f"export-{n}")
    runner.measure("export", built, "export, first time after the build", folder=str(folder), out=str(out))
    again = [runner.measure("export", built, f"export again, run {run + 1}", folder=str(folder), out=str(out))
             for run in range(repeats)]
    nothing = all(r["segmented"] == 0 and r["analysed"] == 0 for r in again)
    rows.append(Row(f"export --input a second time ({again[0]['segmented']} segmented, {again[0]['analysed']} analysed)",
                    n, again, ratio=f"{statistics.median(r['seconds'] for r in again) / cold_all.seconds:.1%} of cold",
                    target=_verdict(nothing, "no segmentation, no matching"), rss=_rss(again)))
    return rows, built


def store_of(runner: Runner, articles: int, built: dict[int, Path]) -> tuple[Path | None, str]:
    """Return a cache folder whose processed store has `articles` articles (None if it could not be
    made), and how it was made."""
    if articles in built:
        return built[articles], "a real build"
    base = max(built)
    store = runner.fresh(f"store-{articles}-from-{base}")
    how = f"copies of the {base:,}-article build"
    try:
        made = runner.measure("replicate", built[base], f"replicating {base:,} → {articles:,} articles",
                              articles=articles, out=str(store))
    except Stopped as stopped:
        return None, f"{how}: not made, {stopped}"
    return store, f"{made['copies']} {how}"


def bench_pages(runner: Runner, articles: int, store: Path | None, repeat: int, limit: float, timeout: float,
                too_slow: dict[str, str]) -> list[Row]:
    """Load and page rows on a store of `articles` articles.

    A page stopped for time or memory is not run again, here or on larger stores
    (`too_slow` remembers why): the row says so instead of waiting for hours.
    """
    from pages.common import PAGES

    load = Row("load the store (read_processed)", articles, [], stopped="" if store else "not run: no store")
    try:
        for run in range(0 if load.stopped else repeat):
            load.runs.append(runner.measure("load", store, f"load {articles:,}, run {run + 1}"))
    except Stopped as stopped:
        load.stopped = str(stopped)
    if load.runs and not load.stopped:
        first = load.runs[0]
        load.measurement += (f": {first['meetings']:,} meetings, {first['mentions']:,} mentions, "
                             f"{first['keywords']:,} keyword rows")
        load.rss = _rss(load.runs)
    rows = [load]
    for script, key, _ in PAGES:
        row = Row(f"page {key}", articles, [], target=f"≤ {limit} s: **missed**")
        rows.append(row)
        if load.stopped or script in too_slow:
            row.stopped = f"not run: {too_slow.get(script) or 'the store did not load'}"
            continue
        try:
            for run in range(repeat):
                row.runs.append(runner.measure("page", store, f"{script} on {articles:,}, run {run + 1}", timeout,
                                               script=script))
        except Stopped as stopped:
            row.stopped = str(stopped)
            too_slow[script] = f"{stopped} at {articles:,}"
            continue
        row.measurement += f": rerun (first run, store read: {_secs(statistics.median(r['first'] for r in row.runs))} s)"
        row.rss = _rss(row.runs)
        errors = {r["error"] for r in row.runs if r["error"]}
        row.target = f"**error**: {errors.pop()[:80]}" if errors else _verdict(row.seconds <= limit, f"≤ {limit} s")
    if articles >= LARGE_STORE:
        peaks = [r["rss_mb"] for row in rows for r in row.runs]
        finished = "" if all(row.runs for row in rows) else " of the steps that finished"
        load.target = (_verdict(max(peaks) < 1536, f"app peak {max(peaks):,.0f} MB{finished} < 1.5 GB") if peaks
                       else f"app < 1.5 GB: **missed** (more than {runner.memory_gb:g} GB)")
    return rows


def bench_recount(runner: Runner, articles: int, store: Path | None, repeat: int) -> Row:
    row = Row("lexicon edit → topic counts (session.with_lexicon on the loaded store, no segmentation)", articles, [],
              target="< 1 s: **missed**")
    if store is None:
        row.stopped = "not run: no store"
        return row
    try:
        row.runs = [runner.measure("recount", store, f"recount on {articles:,}, run {run + 1}") for run in range(repeat)]
    except Stopped as stopped:
        row.stopped = str(stopped)
        return row
    first = row.runs[0]
    row.measurement = (f"lexicon edit → topic counts (session.with_lexicon on the loaded store: {first['matched_again']:,} "
                       f"of {first['sentences']:,} stored sentences matched again, no segmentation; "
                       f"+{first['new_hits']:,} hits of the new term)")
    row.rss = _rss(row.runs)
    row.target = _verdict(row.seconds < 1, "< 1 s")
    return row


def _machine() -> str:
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    memory = int(re.search(r"MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text())[1]) / 2**20
    return f"{os.cpu_count()} cores ({cpu[1].strip() if cpu else 'unknown CPU'}), {memory:.0f} GB RAM"


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join(" --- " for _ in HEADER) + "|"]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--articles", type=int, nargs="+", default=[1000], metavar="N",
                        help="corpus sizes for the build rows (default: 1000; the full run: 1000 10000)")
    parser.add_argument("--pages-at", type=int, nargs="*", default=[10_000, 100_000], metavar="N",
                        help="store sizes for the load and page rows (default: 10000 100000); a size that was "
                        "not built is made by copying the largest build")
    parser.add_argument("--recount-at", type=int, default=10_000, metavar="N",
                        help="store size for the lexicon-edit row (default: 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (default 3)")
    parser.add_argument("--repeat-large", type=int, default=1,
                        help=f"runs of the floor and builds of {LARGE_BUILD:,}+ articles and of the pages on "
                        f"{LARGE_STORE:,}+ articles (default 1)")
    parser.add_argument("--page-timeout", type=float, default=30, metavar="S",
                        help="stop a page's process after S seconds (start, first run and rerun) and do not run "
                        "that page again, nor on larger stores (default 30)")
    parser.add_argument("--memory-limit", type=float, default=8, metavar="GB",
                        help="stop any measurement that needs more memory than this (default 8)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic corpus (default 1)")
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "out",
                        help="folder for corpora, caches and stores (default benchmarks/out, git-ignored)")
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)  # one measurement, in a child process
    args = parser.parse_args(argv)
    if args.measure:
        child(*args.measure)
        return 0

    started, load_before = time.perf_counter(), os.getloadavg()[1]
    runner = Runner(args.work.resolve(), args.memory_limit)
    runner.work.mkdir(parents=True, exist_ok=True)
    rows: list[Row] = []
    built: dict[int, Path] = {}
    for n in sorted(args.articles):
        try:
            n_rows, built[n] = bench_builds(runner, n, args.seed, args.repeat, args.repeat_large)
        except Stopped as stopped:
            print(f"error: building {n:,} articles needs {stopped} of memory; allow more with --memory-limit",
                  file=sys.stderr)
            return 1
        rows += n_rows
    made = {}
    too_slow: dict[str, str] = {}
    for articles in sorted({*args.pages_at, args.recount_at}):
        store, made[articles] = store_of(runner, articles, built)
        if articles == args.recount_at:
            rows.append(bench_recount(runner, articles, store, args.repeat))
        if articles in args.pages_at:
            repeat = args.repeat_large if articles >= LARGE_STORE else args.repeat
            rows += bench_pages(runner, articles, store, repeat, 1.5 if articles <= 10_000 else 3.0,
                                args.page_timeout, too_slow)

    print(table(rows))
    print()
    print(f"Machine: {_machine()}, Python {sys.version.split()[0]}; load average (5 min) {load_before:.1f} at the "
          f"start, {os.getloadavg()[1]:.1f} at the end; synthetic corpus seed {args.seed}; whole run "
          f"{(time.perf_counter() - started) / 60:.0f} min.")
    print("Stores for the load and page rows: " + "; ".join(f"{a:,} articles: {how}" for a, how in made.items())
          + " (copies have new article and meeting ids and dates moved on by whole years; see benchmarks/replicate.py).")
    print("Page rows: streamlit AppTest of dashboard.py switched to the page; wall s is a rerun with the store "
          "in memory, the first run (reading the store) is in brackets; peak RSS is that process's.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
