"""Corrections that last: ``dateline entities merge | split | retype``.

A fix is a row of ``identity_fixes`` keyed by identity key, applied at once to what is
stored and honoured by every later batch (identities.parts reads the fixes):

    merge A B     every entity whose key is A's belongs to B's identity from now on
                  ("Lib Dem" into "Liberal Democrats"); A's identity goes
    split NAME    entities named exactly NAME keep an identity of their own under their
                  exact key: not folded as a person's name ("George H. W. Bush" apart
                  from "George Bush"), never surname-linked ("Bush" stays "Bush")
    retype A T    A's identity has type T whatever the vote

Later fixes win over earlier ones for the same key (a split undoes a merge).  Every
statement is parametrized; each fix is one transaction with the caller's.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from ..errors import StoreError, UsageError
from . import identities, links
from .identities import identity_key

TYPES = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def find(db: sqlite3.Connection, name: str) -> tuple[int, str, str]:
    """(id, key, display name) of the identity a name given on the command line means."""
    for key in identities.keys_of(name):
        row = db.execute("SELECT id, key, name FROM identities WHERE key = ?", (key,)).fetchone()
        if row is not None:
            return row[0], row[1], row[2]
    raise StoreError(f"no identity is named {name!r}; list them with: dateline entities --query {name!r}")


def _repoint(db: sqlite3.Connection, old: int, new: int) -> None:
    for table, col in (
        ("entities", "identity_id"),
        ("entities", "base_identity_id"),
        ("quotes", "speaker_identity_id"),
        ("event_args", "identity_id"),
        ("events", "location_identity_id"),
        ("entity_links", "target_id"),
    ):
        db.execute(f"UPDATE {table} SET {col} = ? WHERE {col} = ?", (new, old))


def merge(db: sqlite3.Connection, a: str, b: str) -> str:
    ida, key_a, name_a = find(db, a)
    idb, key_b, name_b = find(db, b)
    if ida == idb:
        raise UsageError(f"{a!r} and {b!r} are already one identity ({name_b})")
    db.execute(
        "INSERT INTO identity_fixes(kind, key, other, created_at) VALUES ('merge', ?, ?, ?)",
        (key_a, key_b, _now()),
    )
    _repoint(db, ida, idb)
    db.execute("DELETE FROM identity_links WHERE identity_id = ? OR target_id = ?", (ida, ida))
    identities.recount_ids(db, {ida, idb})
    identities.drop_unused(db, {ida})
    identities.queue_surnames(db, {idb})
    links.relink(db)
    return f"merged {name_a} into {name_b}"


def split(db: sqlite3.Connection, name: str) -> str:
    key = identity_key(name)
    rows = (
        [
            r
            for r in db.execute(
                "SELECT article_rowid, entity_id, name, identity_id, base_identity_id FROM entities"
            )
            if identity_key(r[2]) == key
        ]
        if key
        else []
    )
    if not rows:
        raise StoreError(f"no entity is named {name!r}; list them with: dateline entities --query {name!r}")
    db.execute("INSERT INTO identity_fixes(kind, key, created_at) VALUES ('split', ?, ?)", (key, _now()))
    surname, tokens = identities.name_parts(key)
    type_ = db.execute(
        "SELECT type FROM entities WHERE article_rowid = ? AND entity_id = ?", rows[0][:2]
    ).fetchone()[0]
    db.execute(
        "INSERT INTO identities(key, type, name, surname, tokens, articles) VALUES (?,?,?,?,?,0)"
        " ON CONFLICT(key) DO NOTHING",
        (key, type_, rows[0][2], surname, tokens),
    )
    ident = db.execute("SELECT id FROM identities WHERE key = ?", (key,)).fetchone()[0]
    touched = {ident}
    for rowid, eid, _, cur, base in rows:
        touched |= {cur, base}
        db.execute(
            "UPDATE entities SET identity_id = ?, base_identity_id = ? WHERE article_rowid = ? AND entity_id = ?",
            (ident, ident, rowid, eid),
        )
        for table, col, ecol in (
            ("quotes", "speaker_identity_id", "speaker_entity_id"),
            ("event_args", "identity_id", "entity_id"),
        ):
            db.execute(
                f"UPDATE {table} SET {col} = ? WHERE article_rowid = ? AND {ecol} = ?", (ident, rowid, eid)
            )
        db.execute("DELETE FROM entity_links WHERE article_rowid = ? AND entity_id = ?", (rowid, eid))
    db.execute("DELETE FROM identity_links WHERE identity_id = ?", (ident,))
    touched.discard(None)
    identities.recount_ids(db, touched)
    identities.drop_unused(db, touched - {ident})
    return f"{len(rows)} entities named {rows[0][2]} are an identity of their own"


def retype(db: sqlite3.Connection, name: str, type_: str) -> str:
    t = type_.strip().upper()
    if t not in TYPES:
        raise UsageError(f"type must be one of {', '.join(sorted(TYPES))}, not {type_!r}")
    ident, key, display = find(db, name)
    db.execute(
        "INSERT INTO identity_fixes(kind, key, type, created_at) VALUES ('retype', ?, ?, ?)", (key, t, _now())
    )
    identities.refresh_names(db, {ident})
    identities.queue_surnames(db, {ident})
    links.relink(db)
    return f"{display} is {t}"
