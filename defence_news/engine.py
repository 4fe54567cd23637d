"""Engines: where the per-article work runs — this process, local worker processes, or a Dask cluster.

Every engine maps `func(job, resources)` over jobs and yields the results (in any order: each
result carries its own cache keys). Workers hold the data files (lexicon, gazetteer, catalogue)
once per process, not once per job: a forked local worker inherits them; a Dask worker loads
them from its own data folder and refuses to work when their version differs from the
client's, so that a cluster never mixes two lexicons in one store.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any, Protocol

from .pipeline import Resources, load_resources
from .segment import convert_in_background

# Below this many jobs, starting worker processes costs more than it saves.
MIN_PARALLEL_JOBS = 8
# The same for a light step of a millisecond or so a job (reading a file, a header), in a process that may hold
# a store: forking it costs a tenth of a second or more.
MIN_PARALLEL_LIGHT_JOBS = 400
# Jobs sent to a Dask worker at once: fewer, larger tasks keep the scheduler's overhead small.
DASK_BATCH = 16

_RESOURCES: dict[str, Resources] = {}


class EngineError(RuntimeError):
    """An engine that cannot run: Dask missing, or workers with other data files."""


class Engine(Protocol):
    workers: int

    def prepare(self) -> None: ...

    def map(self, func: Callable[[Any, Resources], Any], jobs: Sequence, res: Resources) -> Iterator: ...


def _worker_resources(version: str) -> Resources:
    """Return this process's resources of `version`, loading them from the data folder once."""
    if version not in _RESOURCES:
        res = load_resources()
        if res.version != version:
            raise EngineError(
                f"this worker's data files (version {res.version}) differ from the client's ({version}): "
                "give every worker the same data/ folder (DEFENCE_NEWS_DATA)"
            )
        _RESOURCES[version] = res
    return _RESOURCES[version]


def _call(func: Callable, version: str, job: Any) -> Any:
    return func(job, _worker_resources(version))


def _call_batch(func: Callable, version: str, jobs: list) -> list:
    res = _worker_resources(version)
    return [func(job, res) for job in jobs]


class LocalEngine:
    """This machine: the calling process alone, or `workers` forked processes (default: all cores)."""

    def __init__(self, workers: int | None = None):
        self.workers = workers or os.cpu_count() or 1

    def prepare(self) -> None:
        """Start readying, on a core the workers do not use yet, what they will inherit (the word model),
        while the caller reads its data files and its articles. One process alone does it all itself."""
        if self.workers > 1:
            convert_in_background()

    def map(self, func: Callable[[Any, Resources], Any], jobs: Sequence, res: Resources) -> Iterator:
        if self.workers <= 1 or len(jobs) < MIN_PARALLEL_JOBS:
            yield from (func(job, res) for job in jobs)
            return
        _RESOURCES[res.version] = res  # forked workers inherit what is loaded here (the word model when it is)
        chunk = max(1, min(32, len(jobs) // (self.workers * 8)))
        with ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork")) as pool:
            yield from pool.map(partial(_call, func, res.version), jobs, chunksize=chunk)


def light(engine: Engine, jobs: Sequence) -> Engine:
    """Return the engine to map a light step over `jobs` with: `engine`, or this process alone when they are few."""
    return engine if len(jobs) >= MIN_PARALLEL_LIGHT_JOBS else LocalEngine(1)


class DaskEngine:
    """A Dask distributed cluster at `scheduler` ("tcp://host:8786"), or a LocalCluster when None."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None):
        self.scheduler = scheduler
        self.workers = workers or os.cpu_count() or 1

    def prepare(self) -> None:
        """Nothing: each Dask worker loads its data files and the word model itself."""

    def map(self, func: Callable[[Any, Resources], Any], jobs: Sequence, res: Resources) -> Iterator:
        try:
            from dask.distributed import Client, LocalCluster, as_completed
        except ImportError:
            raise EngineError("the dask engine needs Dask: pip install 'dask[distributed]'") from None
        if not jobs:
            return
        batches = [list(jobs[i:i + DASK_BATCH]) for i in range(0, len(jobs), DASK_BATCH)]
        if self.scheduler:
            client = Client(self.scheduler)
            cluster = None
        else:
            cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        try:
            futures = client.map(partial(_call_batch, func, res.version), batches, pure=False)
            for future in as_completed(futures):
                yield from future.result()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
