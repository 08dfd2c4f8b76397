"""Ingest: files → (workers: read + analyse) → (this process: the one writer) → Corpus.

    iter_paths ─► unchanged files skipped ─► groups of files ─► process pool
        worker: read_path() ─► analyze_batch() ─► record dicts + failures
    main: Corpus.add_batch(records, failures, file marks)   one transaction per group
    end:  Corpus.link_identities()                           surname links, whole corpus
          Corpus.assign_stories()                            stories, happenings of the queued

Resumable by construction: a group's articles, failures and "file done" marks commit
together, and articles are keyed by content id, so a run killed at any point and run
again ends with the rows of an uninterrupted run.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError
from .models import Article
from .read import iter_paths, read_path
from .store.base import Corpus, Failure, FileMark

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    files_seen: int = 0
    files_unchanged: int = 0
    added: int = 0
    present: int = 0
    recovered: int = 0  # files that failed in an earlier run and were read cleanly now
    replaced: int = 0  # old articles of edited files, removed
    pruned: int = 0  # articles of files that are gone, removed (--prune)
    copies: int = 0  # of added: syndicated copies of an earlier article
    failed: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)

    def line(self) -> str:
        failed = sum(self.failed.values())
        why = ", ".join(f"{r} {n}" for r, n in sorted(self.failed.items()))
        extra = [
            (self.copies, "syndicated copy", "syndicated copies", "among them, not counted twice"),
            (self.recovered, "earlier failure", "earlier failures", "now read"),
            (self.replaced, "old version", "old versions", "of edited files removed"),
            (self.pruned, "article", "articles", "of deleted files pruned"),
        ]
        return (
            f"added {self.added}, skipped as already present {self.present}"
            f" (+{self.files_unchanged} unchanged files not re-read),"
            f" failed {failed}"
            + (f" ({why})" if why else "")
            + "".join(f"; {n} {one if n == 1 else many} {what}" for n, one, many, what in extra if n)
        )


@dataclass(frozen=True)
class GroupResult:
    records: list[dict[str, Any]]
    failures: list[Failure]
    marks: list[FileMark]


def process_group(
    paths: Sequence[tuple[str, int, int]],
    max_bytes: int,
    batch_size: int,
    max_chars: int = 200_000,
) -> GroupResult:
    """Read and analyse a group of files. Pure apart from reading the files: safe to run
    in any worker process; returns plain data.  A record that cannot be encoded becomes a
    failure of its article, never an exception that loses the group."""
    from .nlp.pipeline import analyze_batch

    articles: list[Article] = []
    failures: list[Failure] = []
    counts: list[tuple[int, int]] = []
    for path, _size, _mtime in paths:
        n_ok = n_bad = 0
        for item in read_path(path, max_bytes=max_bytes):
            if isinstance(item, InputError):
                failures.append(Failure(item.path or path, item.reason, str(item)))
                n_bad += 1
            else:
                articles.append(item)
                n_ok += 1
        counts.append((n_ok, n_bad))
    records = []
    for rec in analyze_batch(articles, batch_size=batch_size, max_chars=max_chars):
        try:
            row = rec.to_json()
            json.dumps(row, ensure_ascii=False).encode("utf-8")  # what the store will do
        except Exception as e:  # noqa: BLE001 - one article's record, reported by name
            origin = rec.article.origin or "?"
            message = " ".join(f"{type(e).__name__}: {e}".split())[:300]
            failures.append(
                Failure(origin, "record", f"{origin}: the record could not be encoded ({message})")
            )
            continue
        records.append(row)
    marks = [FileMark(p, s, m, a, b) for (p, s, m), (a, b) in zip(paths, counts, strict=True)]
    return GroupResult(records, failures, marks)


def _init_worker(model: str) -> None:
    from .logs import configure_from_env
    from .nlp.pipeline import load_nlp

    configure_from_env()  # the parent's -v: libraries stay quiet in workers too
    if model:
        os.environ["DATELINE_SPACY_MODEL"] = model
    load_nlp(model)


def _groups(items: Iterable[tuple[str, int, int]], size: int) -> Iterator[list[tuple[str, int, int]]]:
    group: list[tuple[str, int, int]] = []
    for it in items:
        group.append(it)
        if len(group) >= size:
            yield group
            group = []
    if group:
        yield group


def ingest(
    corpus: Corpus,
    paths: Iterable[str],
    *,
    workers: int = 0,
    batch_size: int = 32,
    max_bytes: int = 20 * 1024 * 1024,
    max_chars: int = 200_000,
    prune: bool = False,
    on_total: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest every file under ``paths`` into ``corpus``; returns what happened.
    ``prune``: also remove the articles of files under ``paths`` that no longer exist."""
    paths = list(paths)
    report = IngestReport()
    todo: list[tuple[str, int, int]] = []
    for p in iter_paths(paths):
        report.files_seen += 1
        try:
            st = p.stat()
        except OSError:
            todo.append((str(p), -1, -1))  # the reader reports it as unreadable
            continue
        if corpus.file_done(str(p), st.st_size, st.st_mtime_ns):
            report.files_unchanged += 1
        else:
            todo.append((str(p), st.st_size, st.st_mtime_ns))
    if on_total:
        on_total(len(todo))

    def store(result: GroupResult) -> None:
        res = corpus.add_batch(result.records, result.failures, result.marks)
        report.added += res.added
        report.present += res.present
        report.recovered += res.recovered
        report.replaced += res.replaced
        report.copies += res.copies
        for f in result.failures:
            report.failed[f.reason] += 1
            report.failures.append(f)
        if on_progress:
            on_progress(len(result.marks))

    workers = workers or os.cpu_count() or 1
    groups = _groups(todo, batch_size)
    if workers == 1 or len(todo) <= batch_size:
        for group in groups:
            store(process_group(group, max_bytes, batch_size, max_chars))
        _finish(corpus, report, paths, prune)
        return report

    model = os.environ.get("DATELINE_SPACY_MODEL", "")
    args = (max_bytes, batch_size, max_chars)
    suspects = _run_pool(groups, workers, model, args, store)
    # A worker died (the OOM killer, a crash in a compiled library): every group it had in
    # flight is retried once, alone, in a fresh worker; a group that kills that one too is
    # recorded as failures, file by file, and tried again by the next run.
    for group in suspects:
        retried = _run_pool(iter([group]), 1, model, args, store)
        if retried:
            store(_worker_died(group))
    _finish(corpus, report, paths, prune)
    return report


def _finish(corpus: Corpus, report: IngestReport, paths: Sequence[str], prune: bool) -> None:
    if prune:
        report.pruned = corpus.prune([p for p in paths if not any(ch in p for ch in "*?[")])
    # Surname links depend on the whole corpus: recomputed once per run (idempotent, so
    # a killed run's links are made by the next one).
    corpus.link_identities()
    # Stories and happenings of the originals stored (queued in their batch, so a killed
    # run's are decided by the next one), after the links they read.
    corpus.assign_stories()


def _run_pool(
    groups: Iterator[list[tuple[str, int, int]]],
    workers: int,
    model: str,
    args: tuple[int, int, int],
    store: Callable[[GroupResult], None],
) -> list[list[tuple[str, int, int]]]:
    """Process the groups in a pool, storing each result; returns the groups that were in
    flight when a worker died (the pool is restarted and the rest go on)."""
    # forkserver: workers start from a clean process (no threads inherited from the
    # progress display), with spaCy pre-imported once in the server.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["dateline.nlp.pipeline"])
    suspects: list[list[tuple[str, int, int]]] = []

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(model,))

    pool = new_pool()
    # Results are stored in the order the groups were submitted (a finished group waits
    # for the ones before it): the store's order is the input's order on every run, so
    # "first seen" (the original of a syndicated copy) does not depend on which worker
    # was faster, and a killed run resumed gives what an uninterrupted one gives.
    pending: dict[Future[GroupResult], list[tuple[str, int, int]]] = {}

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
            pending[pool.submit(process_group, group, *args)] = group
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


def _worker_died(group: Sequence[tuple[str, int, int]]) -> GroupResult:
    message = "worker died while reading or analysing it, twice (out of memory?); it is tried again next run"
    failures = [Failure(path, "worker-died", f"{path}: {message}") for path, _s, _m in group]
    marks = [FileMark(path, size, mtime, 0, 1) for path, size, mtime in group]
    return GroupResult([], failures, marks)


__all__ = ["IngestReport", "ingest", "process_group"]
