"""Ingest: files → (workers: read + analyse) → (this process: the one writer) → Corpus.

    iter_paths ─► unchanged files skipped ─► work items: whole files, or byte ranges of a
        large JSON Lines file (read/ranges.py) ─► groups ─► engine: process pool
        (ingest_pool.py) or Dask (ingest_dask.py), both running analyze_partition():
        worker: read by path ─► analyze_batch() ─► record dicts + failures
    main: Writer (ingest_write.py) ─► Corpus.add_batch(records, failures, file marks)
          one transaction a group, in submission order whatever the engine
    end:  Corpus.link_identities()                           surname links, whole corpus
          Corpus.assign_stories()                            stories, happenings of the queued

Resumable by construction: a group's articles, failures and "file done" marks commit
together (a split file's mark with its last range), and articles are keyed by content
id, so a run killed at any point and run again ends with the rows of an uninterrupted run.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError, UsageError
from .ingest_write import IngestReport, Writer
from .models import Article
from .read import iter_paths, read_path
from .read.ranges import ByteRange, plan, read_range
from .store.base import Corpus, Failure, FileMark

log = logging.getLogger(__name__)

# JSON Lines files larger than this (or than the file limit) are read in byte ranges.
RANGE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class PartitionSettings:
    """What a worker needs besides its items: plain values, picklable (no spaCy objects)."""

    max_bytes: int = 20 * 1024 * 1024
    batch_size: int = 32
    max_chars: int = 200_000
    model: str = ""  # DATELINE_SPACY_MODEL; "" = the pinned default


@dataclass(frozen=True)
class RangeDone:
    """One byte range of a split file read: its counts, added to the file's mark later."""

    range: ByteRange
    articles: int
    failures: int


@dataclass(frozen=True)
class GroupResult:
    records: list[dict[str, Any]]
    failures: list[Failure]
    marks: list[FileMark]
    ranges: list[RangeDone] = field(default_factory=list)


# A work item: a whole file (path, size, mtime_ns), or a byte range of a JSON Lines file.
Item = tuple[str, int, int] | ByteRange


def analyze_partition(items: Sequence[Item], settings: PartitionSettings) -> GroupResult:
    """Read and analyse a group of work items: the one function every engine runs.  Pure
    apart from reading the files by path: safe in any worker process (the pipeline is
    loaded once per process); returns plain data.  An input that cannot be read, or a
    record that cannot be encoded, becomes a failure, never an exception that loses the
    group."""
    from .nlp.pipeline import analyze_batch, load_nlp

    articles: list[Article] = []
    failures: list[Failure] = []
    counts: list[tuple[int, int]] = []
    for item in items:
        n_ok = n_bad = 0
        if isinstance(item, ByteRange):
            path, found = item.path, read_range(item, max_bytes=settings.max_bytes)
        else:
            path, found = item[0], read_path(item[0], max_bytes=settings.max_bytes)
        for got in found:
            if isinstance(got, InputError):
                failures.append(Failure(got.path or path, got.reason, str(got)))
                n_bad += 1
            else:
                articles.append(got)
                n_ok += 1
        counts.append((n_ok, n_bad))
    records = []
    done = []
    if articles:
        nlp = load_nlp(settings.model)
        done = analyze_batch(articles, nlp=nlp, batch_size=settings.batch_size, max_chars=settings.max_chars)
    for rec in done:
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
    marks, ranges = [], []
    for item, (a, b) in zip(items, counts, strict=True):
        if isinstance(item, ByteRange):
            ranges.append(RangeDone(item, a, b))
        else:
            marks.append(FileMark(item[0], item[1], item[2], a, b))
    return GroupResult(records, failures, marks, ranges)


def process_group(
    paths: Sequence[tuple[str, int, int]], max_bytes: int, batch_size: int, max_chars: int = 200_000
) -> GroupResult:
    """:func:`analyze_partition` of whole files, with the settings given one by one."""
    model = os.environ.get("DATELINE_SPACY_MODEL", "")
    return analyze_partition(paths, PartitionSettings(max_bytes, batch_size, max_chars, model))


def worker_died(group: Sequence[Item]) -> GroupResult:
    """The result of a group that killed its worker twice: a failure for each of its items."""
    message = "worker died while reading or analysing it, twice (out of memory?); it is tried again next run"
    failures, marks, ranges = [], [], []
    for item in group:
        if isinstance(item, ByteRange):
            where = f"{item.path}:{item.first_line}"
            failures.append(
                Failure(item.path, "worker-died", f"{where}: {message} (bytes {item.start}-{item.end})")
            )
            ranges.append(RangeDone(item, 0, 1))
        else:
            path, size, mtime = item
            failures.append(Failure(path, "worker-died", f"{path}: {message}"))
            marks.append(FileMark(path, size, mtime, 0, 1))
    return GroupResult([], failures, marks, ranges)


def _groups(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Whole files ``size`` at a time; a byte range (thousands of articles) alone."""
    group: list[Item] = []
    for it in items:
        if isinstance(it, ByteRange):
            if group:
                yield group
                group = []
            yield [it]
            continue
        group.append(it)
        if len(group) >= size:
            yield group
            group = []
    if group:
        yield group


def _work(todo: Iterable[tuple[str, int, int]], chunk: int) -> Iterator[Item]:
    """Each file to read as one item, or a large JSON Lines file as its byte ranges
    (planned lazily, one file at a time, as the engine asks for work)."""
    for path, size, mtime in todo:
        ranges = plan(path, size, mtime, chunk) if size > chunk else None
        if ranges:
            yield from ranges
        else:
            yield (path, size, mtime)


def ingest(
    corpus: Corpus,
    paths: Iterable[str],
    *,
    workers: int = 0,
    batch_size: int = 32,
    max_bytes: int = 20 * 1024 * 1024,
    max_chars: int = 200_000,
    prune: bool = False,
    engine: str = "pool",
    scheduler: str | None = None,
    range_bytes: int = RANGE_BYTES,
    on_total: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Ingest every file under ``paths`` into ``corpus``; returns what happened.
    ``prune``: also remove the articles of files under ``paths`` that no longer exist.
    ``engine``: "pool" (local processes) or "dask" (a LocalCluster of ``workers``, or the
    cluster of ``scheduler``); both run :func:`analyze_partition` and store identically.
    JSON Lines files over ``min(range_bytes, max_bytes)`` are read in byte ranges."""
    if engine not in ("pool", "dask"):
        raise UsageError(f"unknown engine {engine!r}; use pool or dask")
    paths = list(paths)
    report = IngestReport()
    if on_total:
        # A first walk only counts (nothing is kept): the progress total, all files.
        on_total(sum(1 for _ in iter_paths(paths)))

    workers = workers or os.cpu_count() or 1
    settings = PartitionSettings(max_bytes, batch_size, max_chars, os.environ.get("DATELINE_SPACY_MODEL", ""))
    store = Writer(corpus, report, on_progress)
    chunk = max(1, min(range_bytes, max_bytes))
    # The files to read, lazily: memory stays flat however many files the walk finds.
    todo = _changed(corpus, paths, report, on_progress)
    head = list(itertools.islice(todo, batch_size + 1))
    groups = _groups(_work(itertools.chain(head, todo), chunk), batch_size)
    if not head:
        pass  # nothing changed: no cluster, no pool
    elif engine == "dask":
        from .ingest_dask import run_dask

        run_dask(groups, settings, store, workers=workers, scheduler=scheduler)
    elif workers == 1 or (len(head) <= batch_size and not any(size > chunk for _p, size, _m in head)):
        for group in groups:
            store(analyze_partition(group, settings))
    else:
        from .ingest_pool import run_pool

        run_pool(groups, workers, settings, store)
    _finish(corpus, report, paths, prune)
    return report


def _changed(
    corpus: Corpus, paths: Sequence[str], report: IngestReport, on_progress: Callable[[int], None] | None
) -> Iterator[tuple[str, int, int]]:
    """(path, size, mtime_ns) of each file not read unchanged before, as the walk finds it."""
    for p in iter_paths(paths):
        report.files_seen += 1
        try:
            st = p.stat()
        except OSError:
            yield (str(p), -1, -1)  # the reader reports it as unreadable
            continue
        if corpus.file_done(str(p), st.st_size, st.st_mtime_ns):
            report.files_unchanged += 1
            if on_progress:
                on_progress(1)
        else:
            yield (str(p), st.st_size, st.st_mtime_ns)


def _finish(corpus: Corpus, report: IngestReport, paths: Sequence[str], prune: bool) -> None:
    if prune:
        report.pruned = corpus.prune([p for p in paths if not any(ch in p for ch in "*?[")])
    # Surname links depend on the whole corpus: recomputed once per run (idempotent, so
    # a killed run's links are made by the next one).
    corpus.link_identities()
    # Stories and happenings of the originals stored (queued in their batch, so a killed
    # run's are decided by the next one), after the links they read.
    corpus.assign_stories()


__all__ = [
    "GroupResult",
    "IngestReport",
    "Item",
    "PartitionSettings",
    "RangeDone",
    "Writer",
    "analyze_partition",
    "ingest",
    "process_group",
    "worker_died",
]
