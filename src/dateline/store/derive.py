"""What a stored article gives the corpus, in the batch transaction (schema 7).

An original writes its derived rows (entities with identities, quotes, events) and is
queued for its story and happenings; a syndicated copy of an earlier original is marked
``duplicate_of`` it and writes nothing else, so no count sees it twice
(store/syndication.py decides which).  When an original goes, its first copy takes its
place.  The story queue is worked through in stored order by :func:`decide_queued`; a
schema 6 file finds its copies with :func:`find_copies` on migration.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from . import events, happenings, identities, quotes, stories, syndication
from .base import ArticleLinks, CopyRow
from .dialect import is_postgres


def derive(
    db: sqlite3.Connection, rowid: int, rec: dict[str, Any], cache: dict[str, int], fixes: identities.Fixes
) -> None:
    """Write what an original article gives the corpus: entities with identities, quotes,
    events; and queue it for its story and happenings."""
    ents = identities.assign(db, rowid, rec["entities"], cache, fixes, body=rec["body"])
    db.executemany(
        "INSERT INTO entities(article_rowid, entity_id, name, type, mentions, identity_id,"
        " base_identity_id, type_votes, gender, person_cue) VALUES (?,?,?,?,?,?,?,?,?,?)",
        ents,
    )
    by_entity = {e[1]: e[5] for e in ents}
    db.executemany(quotes.INSERT, quotes.rows(rowid, rec, by_entity))
    evs, args = events.rows(rowid, rec, by_entity)
    db.executemany(events.INSERT, evs)
    db.executemany(events.INSERT_ARG, args)
    db.execute("INSERT OR IGNORE INTO story_queue(article_rowid) VALUES (?)", (rowid,))


def place(
    db: sqlite3.Connection, rowid: int, rec: dict[str, Any], cache: dict[str, int], fixes: identities.Fixes
) -> bool:
    """A stored article is a copy of an earlier original (marked so; nothing derived from
    it is written, so nothing counts twice) or an original (fingerprinted, derived rows
    written).  True for an original."""
    sig = syndication.fingerprint(rec["body"])
    match = syndication.find_original(db, sig) if sig is not None else None
    if match is not None:
        db.execute(
            "UPDATE articles SET duplicate_of = ?, similarity = ? WHERE rowid = ?",
            (match.original, match.similarity, rowid),
        )
        return False
    if sig is not None:
        syndication.index(db, rowid, sig)
    derive(db, rowid, rec, cache, fixes)
    return True


def strip(db: sqlite3.Connection, rowid: int) -> set[int]:
    """Remove what an original gave the corpus (it is being deleted, or found to be a
    copy); returns the identities to refresh."""
    refresh = identities.unassign(db, rowid)
    stories.forget(db, [rowid])
    happenings.forget(db, [rowid])
    for table in ("entity_links", "events", "quotes", "entities", "story_queue", "lsh_bands", "minhashes"):
        db.execute(f"DELETE FROM {table} WHERE article_rowid = ?", (rowid,))
    return refresh


def promote(db: sqlite3.Connection, rowid: int, refresh: set[int]) -> None:
    """The original ``rowid`` is going: its first-stored copy becomes the original (its
    rows derived from its stored record) and the other copies point at it."""
    first = db.execute(
        "SELECT rowid, record FROM articles WHERE duplicate_of = ? ORDER BY rowid LIMIT 1", (rowid,)
    ).fetchone()
    if first is None:
        return
    db.execute("UPDATE articles SET duplicate_of = NULL, similarity = NULL WHERE rowid = ?", (first[0],))
    db.execute("UPDATE articles SET duplicate_of = ? WHERE duplicate_of = ?", (first[0], rowid))
    rec = json.loads(first[1])
    cache: dict[str, int] = {}
    if (sig := syndication.fingerprint(rec["body"])) is not None:
        syndication.index(db, first[0], sig)
    derive(db, first[0], rec, cache, identities.load_fixes(db))
    refresh |= set(cache.values())


def delete_articles(db: sqlite3.Connection, rowids: Sequence[int], refresh: set[int]) -> int:
    """Delete articles with everything derived from them (entities, quotes and events,
    the FTS rows explicitly: external-content FTS5 tables need the old values).  An
    original's first copy takes its place."""
    for rowid in rowids:
        row = db.execute(
            "SELECT title, body, duplicate_of FROM articles WHERE rowid = ?", (rowid,)
        ).fetchone()
        if row is None:
            continue
        if row[2] is None:
            refresh |= strip(db, rowid)
            promote(db, rowid, refresh)
        if not is_postgres(db):  # PostgreSQL's tsvector is a column of the row itself
            db.execute(
                "INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
                (rowid, row[0] or "", row[1]),
            )
        db.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))
    return len(rowids)


STORY_CHUNK = 256  # queued originals decided per transaction


def decide_queued(db: sqlite3.Connection) -> int:
    """Decide the story and happenings of the next chunk of queued originals (inside the
    caller's transaction); the number decided, -1 when the queue is empty."""
    rowids = [
        r[0]
        for r in db.execute(
            "SELECT article_rowid FROM story_queue ORDER BY article_rowid LIMIT ?",
            (STORY_CHUNK,),
        )
    ]
    if not rowids:
        return -1
    live = [
        r[0]
        for r in db.execute(
            "SELECT rowid FROM articles WHERE rowid IN (SELECT CAST(value AS INTEGER) FROM json_each(?))"
            " AND duplicate_of IS NULL ORDER BY rowid",
            (json.dumps(rowids),),
        )
    ]
    stories.assign(db, live)
    happenings.assign(db, live)
    db.executemany("DELETE FROM story_queue WHERE article_rowid = ?", [(r,) for r in rowids])
    return len(live)


def find_copies(db: sqlite3.Connection) -> int:
    """Schema 6 → 7: fingerprint every stored article in the order it was stored; a copy
    of an earlier one is marked and loses its derived rows (so nothing counts twice), an
    original is indexed and queued for its story.  Returns the copies found."""
    found = 0
    refresh: set[int] = set()
    last = 0
    while True:
        batch = db.execute(
            "SELECT rowid, body FROM articles WHERE rowid > ? ORDER BY rowid LIMIT 500", (last,)
        ).fetchall()
        if not batch:
            break
        for rowid, body in batch:
            sig = syndication.fingerprint(body)
            match = syndication.find_original(db, sig) if sig is not None else None
            if match is not None:
                refresh |= strip(db, rowid)
                db.execute(
                    "UPDATE articles SET duplicate_of = ?, similarity = ? WHERE rowid = ?",
                    (match.original, match.similarity, rowid),
                )
                found += 1
                continue
            if sig is not None:
                syndication.index(db, rowid, sig)
            db.execute("INSERT OR IGNORE INTO story_queue(article_rowid) VALUES (?)", (rowid,))
        last = batch[-1][0]
    for rowid, record in db.execute("SELECT rowid, record FROM articles WHERE publisher IS NULL"):
        if (name := syndication.publisher(json.loads(record))) is not None:
            db.execute("UPDATE articles SET publisher = ? WHERE rowid = ?", (name, rowid))
    identities.drop_unused(db, refresh)
    identities.refresh_names(db, refresh)
    return found


def _copy_rows(db: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> list[CopyRow]:
    rows = db.execute(
        "SELECT a.id, a.title, a.published, a.source, a.publisher, a.similarity FROM articles a"
        f" WHERE {where} ORDER BY a.published IS NULL, a.published, a.rowid",
        params,
    ).fetchall()
    return [CopyRow(*r) for r in rows]


def _with_similarity(row: CopyRow, similarity: float | None) -> CopyRow:
    return CopyRow(row.article_id, row.title, row.published, row.source, row.publisher, similarity)


def article_links(db: sqlite3.Connection, article_id: str) -> ArticleLinks | None:
    """The article's original (if it is a copy), copies, story and other reports."""
    row = db.execute(
        "SELECT rowid, duplicate_of, similarity, story_id FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    if row is None:
        return None
    original = None
    if row["duplicate_of"] is not None:
        [first] = _copy_rows(db, "a.rowid = ?", (row["duplicate_of"],))
        original = _with_similarity(first, row["similarity"])  # this copy's similarity to it
    copies = _copy_rows(db, "a.duplicate_of = ?", (row["rowid"],))
    story_id = row["story_id"]
    others: list[CopyRow] = []
    if story_id is not None:
        others = _copy_rows(db, "a.story_id = ? AND a.rowid != ?", (story_id, row["rowid"]))
    return ArticleLinks(original, tuple(copies), story_id, tuple(others))


def copy_counts(db: sqlite3.Connection, ids: Sequence[str]) -> dict[str, int]:
    """How many syndicated copies the store holds of each article id (schema 7 on)."""
    if not ids or "duplicate_of" not in {r[1] for r in db.execute("PRAGMA table_info(articles)")}:
        return {}
    return dict(
        db.execute(
            "SELECT o.id, count(*) FROM articles o JOIN articles c ON c.duplicate_of = o.rowid"
            " WHERE o.id IN (SELECT value FROM json_each(?)) GROUP BY o.id",
            (json.dumps(list(ids)),),
        ).fetchall()
    )
