"""The one writer both engines store through (this process), and the run's report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .read.ranges import ByteRange
from .store.base import Corpus, Failure, FileMark

if TYPE_CHECKING:
    from .ingest import GroupResult


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


@dataclass
class _Split:
    """A split file while its ranges come in: counts, the ids its ranges stored, and its
    failures (held back: the batch with its mark replaces a file's earlier failures)."""

    first: ByteRange
    seen: int = 0
    articles: int = 0
    failures: int = 0
    ids: set[str] = field(default_factory=set)
    held: list[Failure] = field(default_factory=list)


def _of(where: str | None, path: str) -> bool:
    return where is not None and (where == path or (where.startswith(path) and where[len(path)] in ":#"))


class Writer:
    """The one writer both engines store through, results in submission order.  A split
    file's mark is stored with the batch of its last range to arrive, with its totals,
    its held-back failures and the ids its earlier ranges stored (so "edited file: drop
    what it no longer holds" sees every range)."""

    def __init__(
        self, corpus: Corpus, report: IngestReport, on_progress: Callable[[int], None] | None
    ) -> None:
        self.corpus, self.report, self.on_progress = corpus, report, on_progress
        self.split: dict[str, _Split] = {}

    def __call__(self, result: GroupResult) -> None:
        failures, marks = list(result.failures), list(result.marks)
        held: dict[str, set[str]] = {}
        for done in result.ranges:
            sp = self.split.setdefault(done.range.path, _Split(done.range))
            sp.seen, sp.articles, sp.failures = (
                sp.seen + 1,
                sp.articles + done.articles,
                sp.failures + done.failures,
            )
        open_now = [p for p in self.split if any(d.range.path == p for d in result.ranges)]
        for path in open_now:
            sp = self.split[path]
            mine = [f for f in failures if _of(f.path, path)]
            failures = [f for f in failures if not _of(f.path, path)]
            if sp.seen < sp.first.count:
                sp.held.extend(mine)
                continue
            first = sp.first
            marks.append(FileMark(path, first.size, first.mtime_ns, sp.articles, sp.failures))
            failures.extend(sp.held + mine)
            held[path] = sp.ids
            del self.split[path]
        if held:
            res = self.corpus.add_batch(result.records, failures, marks, held=held)
        else:
            res = self.corpus.add_batch(result.records, failures, marks)
        for path in open_now:
            if path in self.split:
                self.split[path].ids.update(r["id"] for r in result.records if _of(r.get("origin"), path))
        report = self.report
        report.added += res.added
        report.present += res.present
        report.recovered += res.recovered
        report.replaced += res.replaced
        report.copies += res.copies
        for f in failures:
            report.failed[f.reason] += 1
            report.failures.append(f)
        if self.on_progress:
            self.on_progress(len(marks))


__all__ = ["IngestReport", "Writer"]
