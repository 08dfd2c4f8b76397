"""SQLite corpus: WAL, FTS5 with bm25, one writer, every batch one transaction.

Crash safety comes from SQLite itself: a batch is written inside ``BEGIN IMMEDIATE …
COMMIT``, so a process killed at any instant leaves either the whole batch or none of
it; articles are keyed by content id (``INSERT OR IGNORE``), so a re-run after a kill
adds exactly what is missing.  Corpus-level identities (store/identities.py) are
assigned in the article's own batch transaction, and its quotes stored with their
speakers' identities (store/quotes.py; ``quotes_fts`` follows by trigger) and its events
with their actors and targets (store/events.py) — unless it is a syndicated copy of an
earlier article, which is marked and derives nothing (store/derive.py,
store/syndication.py).  Surname links are recomputed by ``link_identities()``, stories
and happenings decided by ``assign_stories()``.  Every query is parametrized.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import StoreError, UsageError
from . import derive, events, happenings, identities, links, quotes, stories, syndication
from . import search as fulltext
from .base import (
    ArticleLinks,
    BatchResult,
    EventRow,
    Failure,
    FileMark,
    HappeningDetail,
    HappeningRow,
    IdentityRow,
    LinkRow,
    QuoteRow,
    SearchHit,
    Stats,
    StoryDetail,
    StoryRow,
)
from .query import (
    CJK_GLOB,
    MAX_EXPANSION,
    OPERATORS,
    QueryError,
    compile_query,
    fts_string,
    index_key,
    parse,
    to_fts,
)

SCHEMA_VERSION = "7"
_KNOWN_VERSIONS = ("1", "2", "3", "4", "5", "6", "7")  # older ones are migrated on the next writable open
_BUSY_TIMEOUT_S = 30  # a second writer waits this long for the lock, then fails clearly


# What came from one file: the file itself, its lines "path:N", its articles "path#N"
# (parameters: _of_file(path)).
_FROM_FILE = "{col} = ? OR substr({col}, 1, length(?) + 1) IN (? || ':', ? || '#')"
_ARTICLES_OF_FILE = "SELECT rowid, id FROM articles WHERE " + _FROM_FILE.format(col="origin")
_DELETE_FAILURES_OF_FILE = "DELETE FROM failures WHERE " + _FROM_FILE.format(col="path")


def _of_file(path: str) -> tuple[str, str, str, str]:
    return (path, path, path, path)


def _file_of(origin: str | None, paths: Sequence[str]) -> str | None:
    if origin is None:
        return None
    for p in paths:
        if origin == p or (origin.startswith(p) and origin[len(p)] in ":#"):
            return p
    return None


def _ids_by_file(records: Sequence[dict[str, Any]], paths: Sequence[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for rec in records:
        f = _file_of(rec.get("origin"), paths)
        if f is not None:
            out.setdefault(f, set()).add(rec["id"])
    return out


def _under(path: str, roots: Sequence[str]) -> bool:
    norm = os.path.normpath(path)
    return any(norm == r or norm.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def _has_failures(db: sqlite3.Connection, path: str) -> bool:
    """Failures recorded for a file that never got a "done" row (it could not be opened)."""
    row = db.execute(
        "SELECT 1 FROM failures WHERE " + _FROM_FILE.format(col="path") + " LIMIT 1", _of_file(path)
    ).fetchone()
    return row is not None


# The tables every dateline corpus has had since schema version 1.
_CORE_TABLES = frozenset({"articles", "files", "failures"})


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """Open for reading only.  A WAL database in a folder this user cannot write (a corpus
    shared read-only) cannot create its -shm file: it is then opened immutable, which is
    safe because nobody can be writing to it there."""
    uri = f"file:{path.resolve()}?mode=ro"
    db = sqlite3.connect(uri, uri=True, timeout=_BUSY_TIMEOUT_S)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError:
        db.close()
        if os.access(path.parent, os.W_OK) and os.access(path, os.W_OK):
            raise
    return sqlite3.connect(uri + "&immutable=1", uri=True, timeout=_BUSY_TIMEOUT_S)


def _tables(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def _check_dateline(db: sqlite3.Connection, path: str) -> None:
    missing = _CORE_TABLES - _tables(db)
    if missing:
        raise StoreError(
            f"{path} is an SQLite database but not a dateline corpus (no {', '.join(sorted(missing))} "
            "table); point --db at a dateline corpus"
        )


def _refuse_foreign(path: str) -> None:
    """Refuse to write into an SQLite file of another application (it stays as it was)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except OSError:
        return  # sqlite3 will report it
    if not head:
        return  # an empty file: a new corpus
    if head != b"SQLite format 3\x00":
        raise StoreError(
            f"{path} is not a usable dateline database (not an SQLite file); point --db at another file or move this one away"
        )
    con = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    try:
        tables = _tables(con)
    finally:
        con.close()
    if tables and not _CORE_TABLES <= tables:
        raise StoreError(
            f"{path} is an SQLite database of another application, not a dateline corpus; "
            "it was left untouched: point --db at a new file"
        )


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class SQLiteCorpus:
    """The embedded default :class:`~dateline.store.base.Corpus`."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        self._vocab = False  # the TEMP vocabulary table exists on this connection
        try:
            if readonly:
                if not Path(self.path).exists():
                    raise StoreError(
                        f"no corpus at {self.path}; create one with `dateline ingest PATH --db {self.path}`"
                    )
                self.db = _connect_readonly(Path(self.path))
            else:
                if Path(self.path).exists():
                    _refuse_foreign(self.path)  # before the first write: a foreign file stays untouched
                self.db = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            if readonly:
                _check_dateline(self.db, self.path)
            if not readonly:
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.db.execute("PRAGMA foreign_keys=ON")
                self._migrate()
            else:
                self.db.execute("SELECT count(*) FROM articles").fetchone()
                self._check_version(self._version())
        except sqlite3.DatabaseError as e:
            raise StoreError(
                f"{self.path} is not a usable dateline database ({e}); "
                "point --db at another file or move this one away"
            ) from None

    # -- schema -------------------------------------------------------------------
    def _version(self) -> str | None:
        has_meta = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
        ).fetchone()
        row = has_meta and self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return row[0] if row else None

    def _check_version(self, version: str | None) -> None:
        if version is not None and version not in _KNOWN_VERSIONS:
            raise StoreError(
                f"{self.path} has schema version {version}, this dateline reads {SCHEMA_VERSION}; "
                "upgrade dateline or ingest into a new --db"
            )

    def _migrate(self) -> None:
        """Create or upgrade the schema in one transaction: all of it or none of it.

        Version 1 → 2: ``entities`` gains ``identity_id`` (detected by the missing
        column, so a v1 file whose version row was never written upgrades too), the
        identity tables are created, then filled from ``entities`` and linked.
        Version 2 → 3 (detected by the missing ``quotes.speaker_identity_id``): the old
        ``quotes`` table is dropped, schema.sql creates the new one with ``quotes_fts``
        and its triggers, and quotes are rebuilt from the stored records once the
        identities exist.  Version 3 → 4 (detected by the missing ``events.plover_type``):
        the old ``events`` table is dropped, schema.sql creates the new one with
        ``event_args``, and both are rebuilt from the stored records' ``events``, after
        the identities.  Version 4 → 5 (detected by the missing ``articles_tri``):
        schema.sql creates the trigram index and its triggers, and the stored articles
        holding CJK text are indexed.  Version 5 → 6 (detected by the missing
        ``entities.base_identity_id``): the new columns are added, schema.sql creates the
        vote, link, queue and fix tables, identities are re-keyed and merged
        (identities.rekey), and every surname is linked by context (links.relink), after
        quotes and events are in place.  An older file takes every step in the same
        transaction."""
        sql = resources.files(__package__).joinpath("schema.sql").read_text("utf-8")
        with self._tx() as db:
            self._check_version(self._version())
            cols = {r[1] for r in db.execute("PRAGMA table_info(entities)")}
            upgrade = bool(cols) and "identity_id" not in cols
            if upgrade:
                db.execute("ALTER TABLE entities ADD COLUMN identity_id INTEGER REFERENCES identities(id)")
            qcols = {r[1] for r in db.execute("PRAGMA table_info(quotes)")}
            requote = bool(qcols) and "speaker_identity_id" not in qcols
            if requote:
                db.execute("DROP TABLE quotes")
            ecols = {r[1] for r in db.execute("PRAGMA table_info(events)")}
            reevent = bool(ecols) and "plover_type" not in ecols
            if reevent:
                db.execute("DROP TABLE events")
            tables = _tables(db)
            retri = "articles" in tables and "articles_tri" not in tables
            cols = {r[1] for r in db.execute("PRAGMA table_info(entities)")}
            rekey = bool(cols) and "base_identity_id" not in cols
            if rekey:
                for col in (
                    "base_identity_id INTEGER REFERENCES identities(id)",
                    "type_votes TEXT",
                    "person_cue INTEGER",
                    "gender TEXT",
                ):
                    db.execute(f"ALTER TABLE entities ADD COLUMN {col}")
            acols = {r[1] for r in db.execute("PRAGMA table_info(articles)")}
            dedupe = bool(acols) and "duplicate_of" not in acols
            if dedupe:
                for col in (
                    "duplicate_of INTEGER REFERENCES articles(rowid)",
                    "similarity REAL",
                    "publisher TEXT",
                    "story_id INTEGER REFERENCES stories(id)",
                ):
                    db.execute(f"ALTER TABLE articles ADD COLUMN {col}")
            icols = {r[1] for r in db.execute("PRAGMA table_info(identities)")}
            if icols and "type_margin" not in icols:
                db.execute("ALTER TABLE identities ADD COLUMN type_margin REAL")
                db.execute("ALTER TABLE identities ADD COLUMN gender TEXT")
            for stmt in _statements(sql):
                db.execute(stmt)
            if upgrade:
                identities.backfill(db)
            if rekey:
                identities.rekey(db)
            if requote:
                quotes.backfill(db)
            if reevent:
                events.backfill(db)
            if retri:
                db.execute(
                    "INSERT INTO articles_tri(rowid, title, body) SELECT rowid, title, body"
                    " FROM articles WHERE coalesce(title, '') || body GLOB ?",
                    (CJK_GLOB,),
                )
            if dedupe:
                derive.find_copies(db)
            if rekey or dedupe:
                links.relink(db)
            if dedupe:
                while derive.decide_queued(db) >= 0:
                    pass
            db.execute(
                "INSERT INTO meta(key, value) VALUES ('schema_version', ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (SCHEMA_VERSION,),
            )

    def _needs(self, version: int, what: str) -> None:
        """Refuse a query a read-only open of an older, not yet migrated file can't answer."""
        have = self._version()
        if have is None or int(have) < version:
            raise StoreError(
                f"{self.path} has schema version {have} (no {what} yet); "
                f"run `dateline ingest PATH --db {self.path}` once to upgrade it"
            )

    class _Tx:
        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def __enter__(self) -> sqlite3.Connection:
            self.db.execute("BEGIN IMMEDIATE")
            return self.db

        def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
            self.db.execute("ROLLBACK" if exc_type else "COMMIT")

    def _tx(self) -> SQLiteCorpus._Tx:
        return SQLiteCorpus._Tx(self.db)

    # -- writing ------------------------------------------------------------------
    def add_batch(
        self,
        records: Sequence[dict[str, Any]],
        failures: Sequence[Failure] = (),
        files: Sequence[FileMark] = (),
        *,
        held: Mapping[str, set[str]] | None = None,
    ) -> BatchResult:
        """Store a batch in one transaction.  ``held``: for a file read in parts (byte
        ranges of a large JSON Lines file), the ids its earlier parts stored — with the
        file's mark, an article the file no longer holds is removed, and those are held."""
        added = present = recovered = replaced = copies = 0
        now = _now()
        cache: dict[str, int] = {}
        refresh: set[int] = set()
        try:
            with self._tx() as db:
                fixes = identities.load_fixes(db)
                for rec in records:
                    cur = db.execute(
                        "INSERT INTO articles (id, title, published, published_local, source,"
                        " url, language, analysed, origin, format, body, record, added_at, publisher)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING",
                        (
                            rec["id"],
                            rec["title"],
                            rec["published"],
                            rec["published_local"],
                            rec["source"],
                            rec["url"],
                            rec["language"],
                            int(bool(rec.get("analysed"))),
                            rec.get("origin"),
                            rec.get("format"),
                            rec["body"],
                            json.dumps(rec, ensure_ascii=False),
                            now,
                            syndication.publisher(rec),
                        ),
                    )
                    if cur.rowcount == 0:
                        present += 1
                        continue
                    added += 1
                    rowid = cur.lastrowid
                    self._index_text(db, rowid, rec)
                    copies += not derive.place(db, rowid, rec, cache, fixes)
                # A file read again replaces what its earlier run gave: articles it no
                # longer holds (it was edited) are removed with their rows, in this same
                # transaction, and its old failures go.
                kept = _ids_by_file(records, [m.path for m in files])
                for path, ids in (held or {}).items():
                    kept.setdefault(path, set()).update(ids)
                for m in files:
                    if db.execute("SELECT 1 FROM files WHERE path=?", (m.path,)).fetchone():
                        stale = [
                            r[0]
                            for r in db.execute(_ARTICLES_OF_FILE, _of_file(m.path))
                            if r[1] not in kept.get(m.path, ())
                        ]
                        replaced += derive.delete_articles(db, stale, refresh)
                    recovered += int(_has_failures(db, m.path) and m.failures == 0)
                    db.execute(_DELETE_FAILURES_OF_FILE, _of_file(m.path))
                db.executemany(
                    "INSERT OR IGNORE INTO failures(path, reason, message, at) VALUES (?,?,?,?)",
                    [(f.path, f.reason, f.message, now) for f in failures],
                )
                db.executemany(
                    "INSERT OR REPLACE INTO files(path, size, mtime_ns, articles, failures, done_at)"
                    " VALUES (?,?,?,?,?,?)",
                    [(m.path, m.size, m.mtime_ns, m.articles, m.failures, now) for m in files if m.size >= 0],
                )
                # Unused identities go first: one whose last article went has no surface
                # form left to take its name from.
                identities.drop_unused(db, refresh)
                identities.refresh_names(db, set(cache.values()) | refresh)
        except sqlite3.Error as e:
            raise StoreError(
                f"could not write to {self.path}: {e}; nothing of this batch was stored"
            ) from None
        return BatchResult(
            added=added, present=present, recovered=recovered, replaced=replaced, copies=copies
        )

    def _index_text(self, db: sqlite3.Connection, rowid: int, rec: dict[str, Any]) -> None:
        """Put a new article in the word index (the trigram index follows by trigger)."""
        db.execute(
            "INSERT INTO articles_fts(rowid, title, body) VALUES (?,?,?)",
            (rowid, rec["title"] or "", rec["body"]),
        )

    def prune(self, under: Sequence[str]) -> int:
        """Remove the articles (and marks and failures) of files under ``under`` that no
        longer exist; returns how many articles went.  One transaction: all or nothing."""
        roots = [os.path.normpath(u) for u in under]
        gone = [
            r[0]
            for r in self.db.execute("SELECT path FROM files ORDER BY path")
            if _under(r[0], roots) and not os.path.lexists(r[0])
        ]
        removed = 0
        refresh: set[int] = set()
        try:
            with self._tx() as db:
                for path in gone:
                    rows = [r[0] for r in db.execute(_ARTICLES_OF_FILE, _of_file(path))]
                    removed += derive.delete_articles(db, rows, refresh)
                    db.execute("DELETE FROM files WHERE path = ?", (path,))
                    db.execute(_DELETE_FAILURES_OF_FILE, _of_file(path))
                identities.drop_unused(db, refresh)
                identities.refresh_names(db, refresh)
        except sqlite3.Error as e:
            raise StoreError(f"could not prune {self.path}: {e}; nothing was removed") from None
        return removed

    def fix_identity(self, kind: str, name: str, other: str | None = None) -> str:
        """Apply and keep a correction (``merge`` NAME into OTHER, ``split`` NAME,
        ``retype`` NAME to type OTHER); returns what was done, in words."""
        from . import corrections

        actions = {
            "merge": lambda db: corrections.merge(db, name, other or ""),
            "split": lambda db: corrections.split(db, name),
            "retype": lambda db: corrections.retype(db, name, other or ""),
        }
        if kind not in actions:
            raise UsageError(f"unknown correction {kind!r}; use merge, split or retype")
        self._needs(6, "corrections")
        try:
            with self._tx() as db:
                return actions[kind](db)
        except sqlite3.Error as e:
            raise StoreError(
                f"could not correct identities in {self.path}: {e}; nothing was changed"
            ) from None

    def link_identities(self) -> int:
        try:
            with self._tx() as db:
                return links.relink(db)
        except sqlite3.Error as e:
            raise StoreError(f"could not link identities in {self.path}: {e}") from None

    # -- reading ------------------------------------------------------------------
    def file_done(self, path: str, size: int, mtime_ns: int) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM files WHERE path=? AND size=? AND mtime_ns=? AND failures=0",
            (path, size, mtime_ns),
        ).fetchone()
        return row is not None

    def get(self, article_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT record FROM articles WHERE id=?", (article_id,)).fetchone()
        return json.loads(row["record"]) if row else None

    def ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY id")]

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
        if query is None and entity is None:
            raise StoreError("search needs words to find, an entity name, or both")
        if sort not in fulltext.SORTS:
            raise UsageError(f"unknown sort {sort!r}; use one of {', '.join(fulltext.SORTS)}")
        if offset < 0 or limit < 0:
            raise UsageError("limit and offset must be 0 or more")
        plan = compile_query(query, self._expand) if query is not None else None  # a bad query fails first
        if plan is not None and plan.uses_trigram:
            self._needs(5, "index for Chinese, Japanese and Korean words")
        group: list[int] = []
        if entity is not None:
            self._needs(2, "identities")
            group = identities.group(self.db, entity)
            if not group:
                return []
        where, params = article_filters(source=source, since=since, until=until)
        if plan is None:
            return self._entity_hits(group, ["1", *where], params, limit, offset, sort)
        if group:
            marks = ",".join("?" * len(group))
            where.append(f"a.rowid IN (SELECT article_rowid FROM entities WHERE identity_id IN ({marks}))")
            params.extend(group)
        if self._has_copies():
            # A copy is collapsed under its original when the original matches too; a copy
            # matching alone (its added paragraph) is shown.
            if plan.match is not None:
                where.append(_COLLAPSE.format(index="articles_fts"))
                params.append(plan.match)
            elif plan.trigram is not None:
                where.append(_COLLAPSE.format(index="articles_tri"))
                params.append(plan.trigram)
        try:
            hits = fulltext.find(
                self.db, plan, where=where, params=params, sort=sort, limit=limit, offset=offset
            )
        except sqlite3.OperationalError as e:
            raise StoreError(f"search failed: {e}") from None
        return self._with_copies(hits)

    def _has_copies(self) -> bool:
        if self._version() != SCHEMA_VERSION:
            return False
        row = self.db.execute("SELECT 1 FROM articles WHERE duplicate_of IS NOT NULL LIMIT 1").fetchone()
        return row is not None

    def _with_copies(self, hits: list[SearchHit]) -> list[SearchHit]:
        """Each hit with the number of syndicated copies stored of it."""
        if not hits or not self._has_copies():
            return hits
        counts = derive.copy_counts(self.db, [h.id for h in hits])
        return [replace(h, copies=counts.get(h.id, 0)) for h in hits]

    def _expand(self, prefix: str) -> list[str] | None:
        """The indexed words starting with ``prefix`` (at most MAX_EXPANSION), from the
        word index's vocabulary (a TEMP fts5vocab table: works on read-only opens)."""
        key = index_key(prefix)
        if key is None:
            return None
        if not self._vocab:
            self.db.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.articles_fts_vocab USING fts5vocab(main, articles_fts, 'row')"
            )
            self._vocab = True
        rows = self.db.execute(
            "SELECT term FROM temp.articles_fts_vocab WHERE term >= ? AND term < ? LIMIT ?",
            (key, key + "\U0010ffff", MAX_EXPANSION + 1),
        ).fetchall()
        return [r[0] for r in rows] if 0 < len(rows) <= MAX_EXPANSION else None

    def _entity_hits(
        self, group: list[int], where: list[str], params: list[Any], limit: int, offset: int, sort: str
    ) -> list[SearchHit]:
        """Articles mentioning an identity group, most mentions first (``sort="date"``:
        newest first), then newest; the snippet surrounds the first mention.  ``score``
        is the number of mentions."""
        order = "n.mentions DESC, a.published DESC" if sort == "relevance" else "a.published DESC"
        marks = ",".join("?" * len(group))
        rows = self.db.execute(
            "SELECT a.record, n.mentions, n.eids FROM articles a JOIN ("
            "  SELECT article_rowid, sum(mentions) AS mentions, group_concat(entity_id, ' ') AS eids"
            f"  FROM entities WHERE identity_id IN ({marks}) GROUP BY article_rowid"
            f") n ON n.article_rowid = a.rowid WHERE {' AND '.join(where)}"
            f" ORDER BY {order}, a.id LIMIT ? OFFSET ?",
            (*group, *params, limit, offset),
        ).fetchall()
        hits = []
        for r in rows:
            rec = json.loads(r[0])
            eids = set(r[2].split())
            spans = [tuple(m) for e in rec["entities"] if e["id"] in eids for m in e["mentions"]]
            first = min(spans) if spans else None
            hits.append(
                SearchHit(
                    rec["id"],
                    rec["title"],
                    rec["published"],
                    rec["source"],
                    identities.snippet(rec["body"], first),
                    float(r[1]),
                )
            )
        return hits

    def entities(
        self, type: str | None = None, *, top: int = 50, query: str | None = None
    ) -> list[IdentityRow]:
        self._needs(2, "identities")
        return identities.listing(self.db, type, top, query)

    def identity_links(self, *, top: int = 100, name: str | None = None) -> list[LinkRow]:
        self._needs(6, "surname links by context")
        return links.listing(self.db, top, name)

    def link_evidence(self, name: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Why each article's bare ``name`` was linked (or not): candidates, features."""
        self._needs(6, "surname links by context")
        return links.evidence(self.db, name, limit)

    def quotes(
        self,
        *,
        speaker: str | None = None,
        about: str | None = None,
        kind: str | None = None,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        limit: int = 50,
    ) -> list[QuoteRow]:
        self._needs(3, "quote index")
        if kind is not None:
            kind = kind.strip().lower()
            if kind not in quotes.KINDS:
                raise StoreError(f"unknown quote kind {kind!r}; use one of {', '.join(quotes.KINDS)}")
        key = group = None
        if speaker is not None and speaker.strip():
            key = identities.identity_key(speaker)
            if not key:
                return []
            group = identities.group(self.db, speaker)
        match = fts_query(about) if about is not None and about.strip() else None
        try:
            return quotes.find(
                self.db,
                group=group,
                key=key,
                match=match,
                kind=kind,
                since=_bound(since, end=False) if since else None,
                until=_bound(until, end=True) if until else None,
                source=source,
                limit=limit,
            )
        except sqlite3.OperationalError as e:
            raise StoreError(f"quote search failed: {e}") from None

    def events(
        self,
        *,
        entity: str | None = None,
        type: str | None = None,
        cameo: str | None = None,
        place: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
    ) -> list[EventRow]:
        self._needs(4, "event index")
        try:
            return events.find(
                self.db,
                entity=entity,
                type=type,
                cameo=cameo,
                place=place,
                since=since,
                until=until,
                limit=limit,
            )
        except sqlite3.OperationalError as e:
            raise StoreError(f"event search failed: {e}") from None

    # -- stories (v7) -------------------------------------------------------------
    def assign_stories(self) -> int:
        """Decide the queued originals' stories, then their happenings, a chunk per
        transaction in the order they were stored."""
        done = 0
        try:
            while True:
                with self._tx() as db:
                    n = derive.decide_queued(db)
                if n < 0:
                    return done
                done += n
        except sqlite3.Error as e:
            raise StoreError(f"could not group stories in {self.path}: {e}") from None

    def links(self, article_id: str) -> ArticleLinks | None:
        self._needs(7, "syndicated copies and stories")
        return derive.article_links(self.db, article_id)

    def stories(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        entity: str | None = None,
        min_articles: int = 2,
        limit: int = 50,
        offset: int = 0,
    ) -> list[StoryRow]:
        self._needs(7, "stories")
        group = identities.group(self.db, entity) if entity else None
        if entity and not group:
            return []
        return stories.listing(
            self.db,
            since=_bound(since, end=False) if since else None,
            until=_bound(until, end=True) if until else None,
            entity_ids=group,
            min_articles=min_articles,
            limit=limit,
            offset=offset,
        )

    def story(self, story_id: int) -> StoryDetail | None:
        self._needs(7, "stories")
        return stories.detail(self.db, story_id)

    def happenings(
        self,
        *,
        type: str | None = None,
        entity: str | None = None,
        story: int | None = None,
        since: str | None = None,
        until: str | None = None,
        min_sources: int = 1,
        limit: int = 50,
        offset: int = 0,
    ) -> list[HappeningRow]:
        self._needs(7, "happenings")
        group = key = None
        if entity is not None and entity.strip():
            key = identities.identity_key(entity)
            if not key:
                return []
            group = identities.group(self.db, entity)
        return happenings.listing(
            self.db,
            plover_type=events.plover_type(type) if type else None,
            entity_ids=group,
            entity_key=key,
            story=story,
            since=since,
            until=until,
            min_sources=min_sources,
            limit=limit,
            offset=offset,
        )

    def happening(self, happening_id: int) -> HappeningDetail | None:
        self._needs(7, "happenings")
        return happenings.detail(self.db, happening_id)

    def failures(self, reason: str | None = None) -> list[Failure]:
        sql = "SELECT path, reason, message FROM failures"
        rows = (
            self.db.execute(sql + " WHERE reason = ? ORDER BY id", (reason,))
            if reason
            else self.db.execute(sql + " ORDER BY id")
        )
        return [Failure(r["path"], r["reason"], r["message"]) for r in rows]

    def stats(self) -> Stats:
        one = self.db.execute
        v7 = self._version() == SCHEMA_VERSION
        return Stats(
            copies=one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0]
            if v7
            else 0,
            stories=one("SELECT count(*) FROM stories WHERE articles >= 2").fetchone()[0] if v7 else 0,
            happenings=one("SELECT count(*) FROM happenings").fetchone()[0] if v7 else 0,
            articles=one("SELECT count(*) FROM articles").fetchone()[0],
            analysed=one("SELECT count(*) FROM articles WHERE analysed=1").fetchone()[0],
            entities=one("SELECT count(*) FROM entities").fetchone()[0],
            failures=one("SELECT count(*) FROM failures").fetchone()[0],
            files=one("SELECT count(*) FROM files").fetchone()[0],
            by_source=tuple(
                (r[0] or "(unknown)", r[1])
                for r in one(
                    "SELECT source, count(*) n FROM articles GROUP BY source ORDER BY n DESC, source LIMIT 10"
                )
            ),
            by_language=tuple(
                (r[0] or "(unknown)", r[1])
                for r in one("SELECT language, count(*) n FROM articles GROUP BY language ORDER BY n DESC, language")
            ),
            failures_by_reason=tuple(
                (r[0], r[1])
                for r in one("SELECT reason, count(*) n FROM failures GROUP BY reason ORDER BY n DESC, reason")
            ),
            first_published=one("SELECT min(published) FROM articles").fetchone()[0],
            last_published=one("SELECT max(published) FROM articles").fetchone()[0],
        )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SQLiteCorpus:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


# Hides a copy whose original matches the same query ({index}: articles_fts or articles_tri).
_COLLAPSE = (
    "(a.duplicate_of IS NULL OR a.duplicate_of NOT IN (SELECT rowid FROM {index} WHERE {index} MATCH ?))"
)


def _statements(script: str) -> list[str]:
    """The statements of an SQL script, split where SQLite itself says one is complete
    (so a ``;`` inside a comment or string never splits)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return out


def fts_query(query: str) -> str:
    """A user's query (the store/query.py language) as one FTS5 MATCH expression over a
    word index (quotes_fts for ``quotes(about=)``): every term a quoted string, so no
    input is FTS5 syntax.  A query the language cannot parse (unbalanced quote, a bare
    operator …) is taken as plain words here, all of which must match; article search
    (:meth:`SQLiteCorpus.search`) raises the QueryError instead."""
    try:
        return to_fts(parse(query))
    except QueryError:
        pass
    out: list[str] = []
    for word in "".join(ch if ch.isprintable() else " " for ch in query).split():
        if word not in OPERATORS and (word := word.replace('"', "")):
            out.append(fts_string(word))
    return " ".join(out) or '""'


def article_filters(
    *, source: str | None = None, since: str | None = None, until: str | None = None
) -> tuple[list[str], list[Any]]:
    """WHERE clauses over ``articles a`` (and their parameters) for the source and date
    filters every listing shares: search, the search page, the API and export."""
    where: list[str] = []
    params: list[Any] = []
    if source:
        where.append("a.source = ? COLLATE NOCASE")
        params.append(source)
    if since:
        where.append("a.published >= ?")
        params.append(_bound(since, end=False))
    if until:
        where.append("a.published < ?")
        params.append(_bound(until, end=True))
    return where, params


def _bound(value: str, *, end: bool) -> str:
    """A --since/--until value as a comparable UTC string; a bare date covers its whole day."""
    value = value.strip()
    try:
        d = date.fromisoformat(value)
    except ValueError:
        try:
            dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise StoreError(f"{value!r} is not a date; give YYYY-MM-DD or an ISO timestamp") from None
        dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
        return dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    if end:
        d += timedelta(days=1)
    return d.strftime("%Y-%m-%dT00:00:00Z")
