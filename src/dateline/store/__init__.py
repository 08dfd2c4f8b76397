"""store/: the Corpus protocol and its backends (SQLite embedded by default)."""

from .base import BatchResult, Corpus, EventRow, Failure, FileMark, IdentityRow, QuoteRow, SearchHit, Stats
from .sqlite import SQLiteCorpus

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
]
