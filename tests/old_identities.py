"""Identity assignment as schema versions 2–5 wrote it (one identity per key and type,
no votes, no link queue), frozen here so tests can build old databases to migrate."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from dateline.store.identities import identity_key, name_parts


def assign(
    db: sqlite3.Connection, article_rowid: int, entities: Sequence[dict[str, Any]], cache: dict
) -> list[tuple[int, str, str, str, int, int]]:
    rows, forms = [], set()
    for e in entities:
        key = identity_key(e["name"]) or e["name"]
        ident = cache.get((key, e["type"]))
        if ident is None:
            surname, tokens = name_parts(key)
            db.execute(
                "INSERT INTO identities(key, type, name, surname, tokens, articles) VALUES (?,?,?,?,?,0)"
                " ON CONFLICT(key, type) DO NOTHING",
                (key, e["type"], e["name"], surname, tokens),
            )
            ident = db.execute(
                "SELECT id FROM identities WHERE key=? AND type=?", (key, e["type"])
            ).fetchone()[0]
            cache[(key, e["type"])] = ident
        rows.append((article_rowid, e["id"], e["name"], e["type"], len(e["mentions"]), ident))
        forms.add((ident, e["name"]))
    db.executemany(
        "UPDATE identities SET articles = articles + 1 WHERE id = ?",
        [(i,) for i in sorted({i for i, _ in forms})],
    )
    db.executemany(
        "INSERT INTO identity_forms(identity_id, form, articles) VALUES (?,?,1)"
        " ON CONFLICT(identity_id, form) DO UPDATE SET articles = articles + 1",
        sorted(forms),
    )
    return rows


_REFRESH_NAME = (
    "UPDATE identities SET name = (SELECT form FROM identity_forms f WHERE f.identity_id = identities.id"
    " ORDER BY f.articles DESC, f.form = upper(f.form), length(CAST(f.form AS BLOB)) DESC, f.form"
    " LIMIT 1)"
)


def refresh_names(db: sqlite3.Connection, ids) -> None:
    db.executemany(_REFRESH_NAME + " WHERE id = ?", [(i,) for i in sorted(set(ids))])


def link(db: sqlite3.Connection, dominance: float = 0.9) -> int:
    """Surname links as versions 2–5 made them: the dominant full name by article share."""
    db.execute("DELETE FROM identity_links")
    db.execute(
        "INSERT INTO identity_links(identity_id, target_id, confidence)"
        " SELECT bare_id, full_id, share FROM ("
        "   SELECT b.id AS bare_id, f.id AS full_id,"
        "     f.articles * 1.0 / sum(f.articles) OVER (PARTITION BY b.id) AS share,"
        "     row_number() OVER (PARTITION BY b.id ORDER BY f.articles DESC, f.id) AS rank"
        "   FROM identities b JOIN identities f"
        "     ON f.type = 'PERSON' AND f.surname = b.surname AND f.tokens > 1"
        "   WHERE b.type = 'PERSON' AND b.tokens = 1"
        " ) WHERE rank = 1 AND share >= ?",
        (dominance,),
    )
    return db.execute("SELECT count(*) FROM identity_links").fetchone()[0]
