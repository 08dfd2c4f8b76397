"""The store backends every Corpus test runs on: ``@pytest.fixture(params=BACKENDS)``
and :func:`open_backend` (PostgreSQL from tests/pg.py: skipped with the reason when no
server can start outside CI)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dateline.store import open_corpus

from .pg import fresh_pg_db

BACKENDS = ["sqlite", "postgresql"]


def open_backend(kind: str, tmp_path: Path, name: str = "c.db") -> Any:
    """A new, empty corpus on ``kind``: an SQLite file under tmp_path, or a fresh
    PostgreSQL database."""
    if kind == "postgresql":
        return open_corpus(fresh_pg_db(Path(name).stem))
    return open_corpus(tmp_path / name)


def target(corpus: Any) -> str:
    """What ``--db`` names for this corpus (a second connection opens it)."""
    return getattr(corpus, "url", None) or corpus.path
