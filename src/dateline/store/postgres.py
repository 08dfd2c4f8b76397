"""PostgreSQL corpus (``--db postgresql://user@host:port/dbname``): the same Corpus as
SQLite, for a corpus that outgrows one file or is written by many machines.

One schema, one code path: the tables are schema.sql's, translated once on open
(:func:`pg_schema`: integer keys become identity columns, REAL double precision, TEXT
compares byte-wise like SQLite (``COLLATE "C"``), the FTS5 tables give way to a weighted
``tsvector`` column — title A, body B — with a GIN index); every store module's query
runs through the dialect adapter (store/pg_sql.py); full text search is
store/pg_search.py (``websearch_to_tsquery``, ``ts_rank``).

Writers: every batch is one transaction holding ``pg_advisory_xact_lock`` — any number
of ingest processes (or machines) may write to the same database; their batches follow
one another, and articles are upserted by content id (``ON CONFLICT (id) DO NOTHING``),
so a batch written twice (a retried task, a resumed run) adds nothing the second time.
A killed writer's transaction is rolled back by the server.

Versions: ``meta.schema_version`` as on SQLite.  A database of this version is used as
is; a newer one is refused; :data:`MIGRATIONS` holds the steps from each older version
(none yet: version 7 is the first PostgreSQL schema).
"""

from __future__ import annotations

import re
import sqlite3
from importlib import resources
from typing import Any

import psycopg

from ..errors import StoreError
from .base import SearchHit
from .pg_search import index_text
from .pg_sql import Connection
from .sqlite import SCHEMA_VERSION, SQLiteCorpus, _statements

# Steps from an older PostgreSQL schema version to the next: {from_version: [SQL, …]}.
MIGRATIONS: dict[int, list[str]] = {}
FIRST_VERSION = 7

# What a word index holds of a body: tsvector has a 1 MB limit; the first 500,000
# characters of a (rare) giant body are indexed, all of it is stored.
INDEXED_CHARS = 500_000

_FUNCTIONS = [
    # SQLite's substr takes any integers; PostgreSQL's wants int4, and the store's integer
    # columns and parameters are bigint.
    "CREATE OR REPLACE FUNCTION substr(s text, i bigint, n bigint) RETURNS text"
    " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT pg_catalog.substr(s, i::int, n::int)'",
    "CREATE OR REPLACE FUNCTION substr(s text, i bigint) RETURNS text"
    " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT pg_catalog.substr(s, i::int)'",
]

# The word index's text search configuration: words lower-cased, never stemmed (as
# SQLite's unicode61), and with diacritics removed (remove_diacritics 2: "Zürich" finds
# "zurich") where the server has the unaccent extension (PostgreSQL's contrib, trusted
# since version 13, so the database's owner may create it); else 'simple', which keeps
# them.  Chosen when the corpus is created and kept in meta.text_search_config.
TS_CONFIG = "dateline_words"


def words_sql(config: str, column: str) -> str:
    """The tsvector a word index holds of a text column.  The text goes through
    pg_search.index_text so the index holds FTS5's words (``bbc.co.uk`` is three words,
    as SQLite's tokenizer splits it; diacritics removed under 'simple' too)."""
    return f"to_tsvector('{config}', {index_text(column, fold=config == 'simple')})"


def _text_columns(config: str) -> list[str]:
    title = words_sql(config, "coalesce(title, '')")
    body = words_sql(config, f"left(body, {INDEXED_CHARS})")
    return [
        "ALTER TABLE articles ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS"
        f" (setweight({title}, 'A') || setweight({body}, 'B')) STORED",
        "CREATE INDEX IF NOT EXISTS articles_tsv ON articles USING GIN (tsv)",
        "ALTER TABLE quotes ADD COLUMN IF NOT EXISTS tsv tsvector"
        f" GENERATED ALWAYS AS ({words_sql(config, 'text')}) STORED",
        "CREATE INDEX IF NOT EXISTS quotes_tsv ON quotes USING GIN (tsv)",
        # search --sort date, and the newest-first relevance window
        "CREATE INDEX IF NOT EXISTS articles_published_desc ON articles (published DESC NULLS LAST, rowid DESC)",
    ]


def _text_config(db: Connection) -> str:
    """The word index's configuration (see TS_CONFIG), made if it can be."""
    if db.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = ?", (TS_CONFIG,)).fetchone():
        return TS_CONFIG
    db.execute("SAVEPOINT unaccent")
    try:
        db.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    except sqlite3.DatabaseError:
        db.execute("ROLLBACK TO SAVEPOINT unaccent")
        return "simple"
    db.execute("RELEASE SAVEPOINT unaccent")
    db.execute(f"CREATE TEXT SEARCH CONFIGURATION {TS_CONFIG} (COPY = simple)")
    db.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {TS_CONFIG} ALTER MAPPING FOR"
        " asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple"
    )
    return TS_CONFIG


def _column(line: str) -> str:
    if re.search(r"\bINTEGER PRIMARY KEY\b", line) and "REFERENCES" not in line:
        line = line.replace("INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
    # A reference without a cascade only documents the link (SQLite does not check them
    # either when they point forward in the file); PostgreSQL would need the table first.
    line = re.sub(r"\s+REFERENCES\s+\w+\s*\([\w, ]+\)(?!\s*ON DELETE)", "", line)
    line = re.sub(r"\bINTEGER\b", "BIGINT", line)
    line = re.sub(r"\bREAL\b", "DOUBLE PRECISION", line)
    line = re.sub(r"\bBLOB\b", "BYTEA", line)
    return re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', line)


def pg_schema() -> list[str]:
    """schema.sql's statements in PostgreSQL's dialect, then its own text indexes."""
    sql = resources.files(__package__).joinpath("schema.sql").read_text("utf-8")
    out: list[str] = []
    for stmt in _statements(sql):
        stmt = "\n".join(line.split("--")[0].rstrip() for line in stmt.splitlines()).strip()
        if not stmt or re.match(r"CREATE (VIRTUAL TABLE|TRIGGER)", stmt):
            continue
        if stmt.startswith("CREATE TABLE"):
            stmt = "\n".join(_column(line) for line in stmt.splitlines())
            stmt = re.sub(r"\)\s*WITHOUT ROWID\s*;", ");", stmt)
        stmt = re.sub(r"\((\w+) COLLATE NOCASE\)", r"(lower(\1))", stmt)
        out.append(stmt.rstrip(";"))
    return out + _FUNCTIONS


def _reason(e: Exception) -> str:
    return " ".join(str(e).split())[:300] or type(e).__name__


class PostgresCorpus(SQLiteCorpus):
    """The :class:`~dateline.store.base.Corpus` on a PostgreSQL database."""

    def __init__(self, url: str, *, readonly: bool = False) -> None:
        from . import redact

        self.url = url
        self.path = redact(url)
        self._vocab = False
        self._text_config: str | None = None
        try:
            self.db = Connection(url, readonly=readonly)  # type: ignore[assignment]
        except psycopg.Error as e:
            raise StoreError(
                f"could not connect to {self.path}: {_reason(e)}; check that the server runs and the"
                " URL names a database you may use (postgresql://user@host:port/dbname)"
            ) from None
        try:
            version = self._version()
            if readonly:
                if version is None:
                    raise StoreError(
                        f"no dateline corpus in {self.path}; create one with"
                        f" `dateline ingest PATH --db {self.path}`"
                    )
                self._check_version(version)
            else:
                self._migrate()
        except StoreError:
            self.db.close()
            raise
        except psycopg.Error as e:
            self.db.close()
            raise StoreError(f"{self.path} is not a usable dateline database ({_reason(e)})") from None

    def _version(self) -> str | None:
        if self.db.execute("SELECT to_regclass('meta')").fetchone()[0] is None:
            return None
        row = self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return row[0] if row else None

    def _check_version(self, version: str | None) -> None:
        if version is not None and not (
            version.isdigit() and FIRST_VERSION <= int(version) <= int(SCHEMA_VERSION)
        ):
            raise StoreError(
                f"{self.path} has schema version {version}, this dateline reads {SCHEMA_VERSION}; "
                "upgrade dateline or ingest into a new database"
            )

    def _migrate(self) -> None:
        """Create the schema, or bring an older one up to date, in one transaction."""
        if self._version() == SCHEMA_VERSION:
            # Up to date: no DDL at all, which would wait for every open reader (an ALTER
            # or CREATE INDEX locks the table against a running export or web page).
            return
        with self._tx() as db:
            version = self._version()
            self._check_version(version)
            if version == SCHEMA_VERSION:  # another writer migrated it meanwhile
                return
            if version is not None:
                for step in range(int(version), int(SCHEMA_VERSION)):
                    for stmt in MIGRATIONS.get(step, []):
                        db.execute(stmt)
            for stmt in pg_schema():
                db.execute(stmt)
            row = db.execute("SELECT value FROM meta WHERE key = 'text_search_config'").fetchone()
            config = row[0] if row else _text_config(db)
            for stmt in _text_columns(config):
                db.execute(stmt)
            db.execute(
                "INSERT INTO meta(key, value) VALUES ('text_search_config', ?) ON CONFLICT(key) DO NOTHING",
                (config,),
            )
            db.execute(
                "INSERT INTO meta(key, value) VALUES ('schema_version', ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (SCHEMA_VERSION,),
            )

    @property
    def text_config(self) -> str:
        """The text search configuration of this corpus's word index (see TS_CONFIG)."""
        if self._text_config is None:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'text_search_config'").fetchone()
            self._text_config = row[0] if row else "simple"
        return self._text_config

    def _needs(self, version: int, what: str) -> None:
        return None  # every PostgreSQL corpus has every table

    def _tx(self) -> Connection:  # type: ignore[override]
        return self.db  # type: ignore[return-value]  # `with db:` is a locked transaction

    def _index_text(self, db: Any, rowid: int, rec: dict[str, Any]) -> None:
        return None  # articles.tsv is a generated column

    # -- full text ----------------------------------------------------------------
    def search(
        self,
        query: str | None = None,
        *,
        entity: str | None = None,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 20,
        offset: int = 0,
        sort: str = "relevance",
    ) -> list[SearchHit]:
        from . import pg_search

        return pg_search.search(
            self,
            query,
            entity=entity,
            source=source,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
            sort=sort,
        )

    def _expand(self, prefix: str) -> list[str] | None:
        from . import pg_search

        return pg_search.expand(self.db, prefix)
