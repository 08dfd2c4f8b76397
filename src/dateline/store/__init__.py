"""store/: the Corpus protocol and its backends: SQLite embedded by default
(:mod:`dateline.store.sqlite`), PostgreSQL for a corpus that outgrows one file
(:mod:`dateline.store.postgres`, ``--db postgresql://…``)."""

from __future__ import annotations

import re
from pathlib import Path

from .base import BatchResult, Corpus, EventRow, Failure, FileMark, IdentityRow, QuoteRow, SearchHit, Stats
from .sqlite import SQLiteCorpus

_PG_URL = re.compile(r"^postgres(?:ql)?://", re.IGNORECASE)


def is_postgres_url(db: str | Path) -> bool:
    return isinstance(db, str) and _PG_URL.match(db) is not None


def redact(db: str | Path) -> str:
    """A --db value fit to print: a URL's password replaced by ***."""
    return re.sub(r"^(postgres(?:ql)?://[^:/@]*:)[^@]*@", r"\1***@", str(db), flags=re.IGNORECASE)


def open_corpus(db: str | Path, *, readonly: bool = False) -> SQLiteCorpus:
    """The corpus ``--db`` names: a ``postgresql://`` URL, else an SQLite file."""
    if is_postgres_url(db):
        from .postgres import PostgresCorpus

        return PostgresCorpus(str(db), readonly=readonly)
    return SQLiteCorpus(db, readonly=readonly)


__all__ = [
    "BatchResult",
    "Corpus",
    "EventRow",
    "Failure",
    "FileMark",
    "IdentityRow",
    "QuoteRow",
    "SQLiteCorpus",
    "SearchHit",
    "Stats",
    "is_postgres_url",
    "open_corpus",
    "redact",
]
