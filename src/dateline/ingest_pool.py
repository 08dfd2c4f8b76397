"""The local engine: a process pool running :func:`~dateline.ingest.analyze_partition`.

Bounded: at most 2 × workers groups in flight; results stored in submission order (a
finished group waits for the ones before it); a worker that dies (the OOM killer, a crash
in a compiled library) costs a restart of the pool, and the groups it had in flight are
retried once, alone, in a fresh worker.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from .ingest import GroupResult, Item, PartitionSettings, analyze_partition, worker_died

log = logging.getLogger("dateline.ingest")


def _init_worker(model: str) -> None:
    from .logs import configure_from_env
    from .nlp.pipeline import load_nlp

    configure_from_env()  # the parent's -v: libraries stay quiet in workers too
    if model:
        os.environ["DATELINE_SPACY_MODEL"] = model
    load_nlp(model)


def run_pool(
    groups: Iterator[list[Item]],
    workers: int,
    settings: PartitionSettings,
    store: Callable[[GroupResult], None],
) -> None:
    suspects = _run_pool(groups, workers, settings, store)
    # A worker died (the OOM killer, a crash in a compiled library): every group it had in
    # flight is retried once, alone, in a fresh worker; a group that kills that one too is
    # recorded as failures, file by file, and tried again by the next run.
    for group in suspects:
        retried = _run_pool(iter([group]), 1, settings, store)
        if retried:
            store(worker_died(group))


def _run_pool(
    groups: Iterator[list[Item]],
    workers: int,
    settings: PartitionSettings,
    store: Callable[[GroupResult], None],
) -> list[list[Item]]:
    """Process the groups in a pool, storing each result; returns the groups that were in
    flight when a worker died (the pool is restarted and the rest go on)."""
    # forkserver: workers start from a clean process (no threads inherited from the
    # progress display), with spaCy pre-imported once in the server.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["dateline.nlp.pipeline"])
    suspects: list[list[Item]] = []

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            workers, mp_context=ctx, initializer=_init_worker, initargs=(settings.model,)
        )

    pool = new_pool()
    # Results are stored in the order the groups were submitted (a finished group waits
    # for the ones before it): the store's order is the input's order on every run, so
    # "first seen" (the original of a syndicated copy) does not depend on which worker
    # was faster, and a killed run resumed gives what an uninterrupted one gives.
    pending: dict[Future[GroupResult], list[Item]] = {}

    def drain(done: Iterable[Future[GroupResult]]) -> bool:
        """Store the finished groups at the head of the queue; True when the pool broke."""
        broken = False
        done = set(done)
        for fut in list(pending):
            if fut not in done:
                break
            group = pending.pop(fut)
            try:
                result = fut.result()
            except BrokenProcessPool:
                suspects.append(group)
                broken = True
                continue
            store(result)
        return broken

    try:
        for group in groups:
            pending[pool.submit(analyze_partition, group, settings)] = group
            while len(pending) >= 2 * workers:  # bounded: memory stays flat on any corpus size
                head = next(iter(pending))
                wait([head])
                if drain(f for f in pending if f.done()):
                    drain(wait(pending).done)  # the others of a broken pool fail at once
                    pool.shutdown(wait=True, cancel_futures=True)
                    log.warning("a worker process died; restarting the pool (its files are retried)")
                    pool = new_pool()
        if drain(wait(pending).done):
            log.warning("a worker process died; its files are retried in a fresh worker")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return suspects
