"""dateline: raw news articles in, structured time-anchored records out.

read/ (bytes → Article) → nlp/ (Article → Record) → store/ (Corpus) → cli / export
"""

from .errors import DatelineError, InputError
from .models import SCHEMA, Analysis, Article, Entity, Event, Quote, Record, Timex
from .read import read_bytes, read_path
from .store import Corpus, SQLiteCorpus

__version__ = "0.1.0"

_LAZY = {"analyze", "analyze_batch", "load_nlp"}  # importing spaCy costs ~1 s: only on use


def __getattr__(name: str):  # PEP 562
    if name in _LAZY:
        from .nlp import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'dateline' has no attribute {name!r}")


__all__ = [
    "SCHEMA",
    "Analysis",
    "Article",
    "Corpus",
    "DatelineError",
    "Entity",
    "Event",
    "InputError",
    "Quote",
    "Record",
    "SQLiteCorpus",
    "Timex",
    "analyze",
    "analyze_batch",
    "load_nlp",
    "read_bytes",
    "read_path",
]
