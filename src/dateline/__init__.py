"""dateline: raw news articles in, structured time-anchored records out.

read/ (bytes → Article) → nlp/ (Article → Record) → store/ (Corpus) → cli / export
"""

from .errors import DatelineError, InputError
from .models import SCHEMA, Analysis, Article, Entity, Event, Quote, Record, Timex
from .nlp.pipeline import analyze, analyze_batch, load_nlp
from .read import read_bytes, read_path
from .store import Corpus, SQLiteCorpus

__version__ = "0.1.0"

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
