"""The Corpus protocol every store backend implements, and the values it passes.

Backends: :mod:`dateline.store.sqlite` (embedded default).  A PostgreSQL backend
implements the same protocol; the contract tests in ``tests/test_store.py`` are written
against the protocol so they can be parametrized over every backend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class FileMark:
    """An input file fully read: skipped unread by later runs while unchanged."""

    path: str
    size: int
    mtime_ns: int
    articles: int
    failures: int


@dataclass(frozen=True)
class Failure:
    path: str
    reason: str
    message: str


@dataclass(frozen=True)
class BatchResult:
    added: int
    present: int  # already in the store (same content id)


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str | None
    published: str | None
    source: str | None
    snippet: str
    score: float


@dataclass(frozen=True)
class Stats:
    articles: int
    analysed: int
    entities: int
    failures: int
    files: int
    by_source: tuple[tuple[str, int], ...] = ()
    by_language: tuple[tuple[str, int], ...] = ()
    failures_by_reason: tuple[tuple[str, int], ...] = ()
    first_published: str | None = None
    last_published: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Corpus(Protocol):
    """A store of article records.  One writer at a time; any number of readers."""

    def add_batch(
        self,
        records: Sequence[dict[str, Any]],
        failures: Sequence[Failure] = (),
        files: Sequence[FileMark] = (),
    ) -> BatchResult:
        """Store a batch atomically: all of it, or (on any error or kill) none of it."""
        ...

    def file_done(self, path: str, size: int, mtime_ns: int) -> bool: ...

    def get(self, article_id: str) -> dict[str, Any] | None: ...

    def search(
        self,
        query: str,
        *,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 20,
    ) -> list[SearchHit]: ...

    def stats(self) -> Stats: ...

    def close(self) -> None: ...
