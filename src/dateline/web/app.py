"""create_app(db): the FastAPI application of ``dateline serve``.

The corpus is opened **read-only** (an ingest may write to it while it is served).
FastAPI runs the sync routes in a thread pool and an sqlite3 connection belongs to the
thread that made it, so ``app.state.corpus`` is a :class:`ThreadCorpus`: it looks like
one :class:`~dateline.store.SQLiteCorpus` (``corpus.search(...)``, ``corpus.db``) but
each thread gets its own read-only connection, opened on first use and reused after.
No lock: readers never wait on each other (WAL), and a page never sees another
request's half-read cursor.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..errors import StoreError
from ..store import SQLiteCorpus, is_postgres_url, open_corpus

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"


class ThreadCorpus:
    """A read-only corpus with one SQLite connection per thread (see the module doc)."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[SQLiteCorpus] = []
        self.current()  # fail now (missing file, not a corpus), not on the first request

    def current(self) -> SQLiteCorpus:
        corpus = getattr(self._local, "corpus", None)
        if corpus is None:
            corpus = open_corpus(self.path, readonly=True)
            self._local.corpus = corpus
            with self._lock:
                self._all.append(corpus)
        return corpus

    def __getattr__(self, name: str) -> Any:
        return getattr(self.current(), name)

    @property
    def connections(self) -> int:
        return len(self._all)

    def close(self) -> None:
        with self._lock:
            opened, self._all = self._all, []
        for corpus in opened:
            try:
                corpus.close()
            except sqlite3.ProgrammingError:  # made in another thread: the process exit closes it
                pass


def templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every {{ }} escaped; article data is never marked |safe
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return Jinja2Templates(env=env)


def create_app(db: Path | str) -> FastAPI:
    """The app over the corpus at ``db`` (read-only); raises StoreError when it is missing."""
    if not is_postgres_url(db) and not Path(db).exists():
        raise StoreError(f"no corpus at {db}; create one with `dateline ingest PATH --db {db}`")
    corpus = ThreadCorpus(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        corpus.close()

    app = FastAPI(title="dateline", summary="A news corpus, read-only", lifespan=lifespan)
    app.state.corpus = corpus
    app.state.templates = templates()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    from .api import router as api_router
    from .pages import router as pages_router

    app.include_router(api_router)
    app.include_router(pages_router)

    from .security import install

    install(app)
    return app
