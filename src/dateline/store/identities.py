"""Identities across the corpus: one row per (normalized canonical name, type).

Every article entity row (``entities``) points at an identity (``entities.identity_id``).
Two articles whose entities carry the same canonical ``name`` and ``type`` — compared
case-, whitespace- and diacritics-insensitively (:func:`identity_key`) — share one
identity; its display ``name`` is the surface form most articles used.

Surname links (``identity_links``): a bare single-token PERSON identity ("Putin") is
linked to the multi-token PERSON identity whose last name token equals it ("Vladimir
Putin").  ``confidence`` is that full name's share of the articles naming any full
name with this surname (1.0 when it is the only one).  When several full names share
the surname ("George Bush", "Jeb Bush") the bare name stays unlinked unless one of them
holds at least :data:`SURNAME_DOMINANCE` of those articles.

Assignment (:func:`assign`) runs inside the caller's article-batch transaction and
keeps ``identities.articles`` and ``identity_forms`` as exact counters (an article's
entity rows are written exactly once, when the article is new).  Links
(:func:`link`) are recomputed from scratch: idempotent, callable at any time.
Every statement is parametrized.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from .base import IdentityRow

#: A bare surname links to the dominant full name only when that full name accounts for
#: at least this share of the articles naming any full name with the surname.  0.9
#: means 9 to 1: "Bush" in a corpus with 45 articles on George Bush and 5 on Jeb Bush
#: links to George Bush (0.9); with 40 and 10 it stays unlinked.
SURNAME_DOMINANCE = 0.9

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_PUNCT = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-"}
)


def identity_key(name: str) -> str:
    """The comparison key of a name: casefolded, diacritics removed, whitespace folded.

    >>> identity_key("  Anna  BERGSTRÖM ")
    'anna bergstrom'
    """
    decomposed = unicodedata.normalize("NFKD", name.translate(_PUNCT))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def name_parts(key: str) -> tuple[str | None, int]:
    """(surname, number of name tokens) of a key; generational suffixes are not names."""
    tokens = [t for t in (t.strip(".,") for t in key.split()) if t]
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens.pop()
    return (tokens[-1] if tokens else None), len(tokens)


# -- writing (inside the caller's transaction) ---------------------------------------


def _identity_id(db: sqlite3.Connection, cache: dict[tuple[str, str], int], name: str, type_: str) -> int:
    key = identity_key(name) or name
    hit = cache.get((key, type_))
    if hit is not None:
        return hit
    surname, tokens = name_parts(key)
    db.execute(
        "INSERT INTO identities(key, type, name, surname, tokens, articles) VALUES (?,?,?,?,?,0)"
        " ON CONFLICT(key, type) DO NOTHING",
        (key, type_, name, surname, tokens),
    )
    ident = db.execute("SELECT id FROM identities WHERE key=? AND type=?", (key, type_)).fetchone()[0]
    cache[(key, type_)] = ident
    return ident


def assign(
    db: sqlite3.Connection, article_rowid: int, entities: Sequence[dict[str, Any]], cache: dict
) -> list[tuple[int, str, str, str, int, int]]:
    """Identities for one new article's entities; returns the ``entities`` rows to insert
    and bumps the article and surface-form counters (once per article, not per entity)."""
    rows = []
    forms: set[tuple[int, str]] = set()
    for e in entities:
        ident = _identity_id(db, cache, e["name"], e["type"])
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


def unassign(db: sqlite3.Connection, article_rowid: int) -> set[int]:
    """Undo :func:`assign` for an article about to be deleted (its file changed or is
    gone): the counters go down, identities no article names any more go; returns the
    identities whose display name must be refreshed."""
    rows = db.execute(
        "SELECT DISTINCT identity_id, name FROM entities WHERE article_rowid = ? AND identity_id IS NOT NULL",
        (article_rowid,),
    ).fetchall()
    ids = sorted({r[0] for r in rows})
    db.executemany("UPDATE identities SET articles = articles - 1 WHERE id = ?", [(i,) for i in ids])
    db.executemany(
        "UPDATE identity_forms SET articles = articles - 1 WHERE identity_id = ? AND form = ?",
        sorted({(r[0], r[1]) for r in rows}),
    )
    db.execute("DELETE FROM identity_forms WHERE articles <= 0")
    return set(ids)


def drop_unused(db: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Delete the identities among ``ids`` that no article names and no quote cites."""
    for i in sorted(set(ids)):
        used = db.execute(
            "SELECT 1 FROM entities WHERE identity_id = ? UNION ALL"
            " SELECT 1 FROM quotes WHERE speaker_identity_id = ? LIMIT 1",
            (i, i),
        ).fetchone()
        if used is None:
            db.execute("DELETE FROM identity_links WHERE identity_id = ? OR target_id = ?", (i, i))
            db.execute("DELETE FROM identity_forms WHERE identity_id = ?", (i,))
            db.execute("DELETE FROM identities WHERE id = ?", (i,))


# Most frequent surface form; ties: not ALL CAPS, then more bytes (keeps diacritics),
# then code-point order — independent of the order articles arrived in.
_REFRESH_NAME = (
    "UPDATE identities SET name = (SELECT form FROM identity_forms f WHERE f.identity_id = identities.id"
    " ORDER BY f.articles DESC, f.form = upper(f.form), length(CAST(f.form AS BLOB)) DESC, f.form"
    " LIMIT 1)"
)


def refresh_names(db: sqlite3.Connection, ids: Iterable[int]) -> None:
    db.executemany(_REFRESH_NAME + " WHERE id = ?", [(i,) for i in sorted(set(ids))])


def backfill(db: sqlite3.Connection) -> None:
    """Build identities, forms and counts from the ``entities`` table (schema 1 → 2)."""
    cache: dict[tuple[str, str], int] = {}
    pairs = db.execute("SELECT DISTINCT name, type FROM entities WHERE identity_id IS NULL").fetchall()
    for name, type_ in pairs:
        ident = _identity_id(db, cache, name, type_)
        db.execute(
            "UPDATE entities SET identity_id=? WHERE name=? AND type=? AND identity_id IS NULL",
            (ident, name, type_),
        )
    db.execute("DELETE FROM identity_forms")
    db.execute(
        "INSERT INTO identity_forms(identity_id, form, articles)"
        " SELECT identity_id, name, count(DISTINCT article_rowid) FROM entities"
        " WHERE identity_id IS NOT NULL GROUP BY identity_id, name"
    )
    db.execute(
        "UPDATE identities SET articles ="
        " (SELECT count(DISTINCT article_rowid) FROM entities e WHERE e.identity_id = identities.id)"
    )
    db.execute(_REFRESH_NAME)


def link(db: sqlite3.Connection, dominance: float = SURNAME_DOMINANCE) -> int:
    """Recompute every surname link; returns how many bare surnames are linked."""
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


# -- reading ------------------------------------------------------------------------


def listing(db: sqlite3.Connection, type_: str | None, top: int, query: str | None) -> list[IdentityRow]:
    """Identities by article count; a linked surname's articles count toward its target."""
    like = None
    if query and identity_key(query):
        esc = identity_key(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{esc}%"
    type_ = type_.strip().upper() if type_ else None
    rows = db.execute(
        "WITH members(target, member) AS ("
        "   SELECT target_id, target_id FROM identity_links"
        "   UNION SELECT target_id, identity_id FROM identity_links),"
        " folded(id, n) AS ("
        "   SELECT m.target, count(DISTINCT e.article_rowid)"
        "   FROM members m JOIN entities e ON e.identity_id = m.member GROUP BY m.target)"
        " SELECT i.id, i.name, i.type, coalesce(f.n, i.articles) AS n, t.name AS linked_to, l.confidence"
        " FROM identities i"
        " LEFT JOIN folded f ON f.id = i.id"
        " LEFT JOIN identity_links l ON l.identity_id = i.id"
        " LEFT JOIN identities t ON t.id = l.target_id"
        " WHERE (? IS NULL OR i.type = ?) AND (? IS NULL OR i.key LIKE ? ESCAPE '\\')"
        " ORDER BY n DESC, i.name COLLATE NOCASE, i.id LIMIT ?",
        (type_, type_, like, like, top),
    ).fetchall()
    return [IdentityRow(r[0], r[1], r[2], r[3], r[4], None if r[5] is None else round(r[5], 4)) for r in rows]


def group(db: sqlite3.Connection, name: str) -> list[int]:
    """The identities an ``--entity NAME`` search covers: those named NAME (any type),
    their link targets, and every bare surname linked to one of those."""
    key = identity_key(name)
    canon = {
        r[1] if r[1] is not None else r[0]
        for r in db.execute(
            "SELECT i.id, l.target_id FROM identities i"
            " LEFT JOIN identity_links l ON l.identity_id = i.id WHERE i.key = ?",
            (key,),
        )
    }
    if not canon:
        return []
    marks = ",".join("?" * len(canon))
    linked = {
        r[0]
        for r in db.execute(
            f"SELECT identity_id FROM identity_links WHERE target_id IN ({marks})", sorted(canon)
        )
    }
    return sorted(canon | linked)


def snippet(body: str, span: tuple[int, int] | None, width: int = 90) -> str:
    """Text around a mention, the mention in «», cut at word boundaries."""
    if span is None:
        cut = body[: 2 * width]
        return cut if len(cut) == len(body) else cut.rsplit(None, 1)[0] + "…"
    s, t = span
    left, right = body[max(0, s - width) : s], body[t : t + width]
    if s > width:  # cut inside the text: drop the partial first word
        parts = left.split(None, 1)
        left = "…" + (left.lstrip() if left[:1].isspace() or len(parts) < 2 else parts[1])
    if t + width < len(body):
        parts = right.rsplit(None, 1)
        right = (parts[0] if len(parts) == 2 else right) + "…"
    return f"{left}«{body[s:t]}»{right}"
