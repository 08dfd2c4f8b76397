"""Quotes across the corpus: one ``quotes`` row per quote of each stored article.

Rows are made from the article's record (:func:`rows`) inside its own batch
transaction, once its entities have their corpus identities, so the speaker resolves
to an identity there and then:

* a quote attributed to an article entity gets that entity's identity, and
  ``speaker_name`` = the entity's canonical name;
* a capital or seat speaking for its state ("the Kremlin said": ``refers_to``) gets
  the identity of the country entity ``refers_to.entity`` points at, and
  ``speaker_name`` = ``refers_to.name``; when the article never names the country
  (``refers_to.entity`` is None) the identity stays the seat's own and the country is
  still found by its name (``speaker_key``);
* an anonymous or unattributed quote has no entity or identity; ``speaker_name`` is
  the record's ``speaker_text`` ("a State Department official").

``quotes_fts`` follows ``quotes`` by trigger (schema.sql).  :func:`backfill` rebuilds
the table from ``articles.record`` (schema 2 → 3).  :func:`find` is the query behind
``Corpus.quotes``.  Every statement is parametrized.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import StoreError
from .base import QuoteRow
from .dialect import is_postgres
from .identities import identity_key
from .query import Node, to_fts

KINDS = ("direct", "partial", "indirect")

INSERT = (
    "INSERT INTO quotes(article_rowid, quote_id, kind, speaker_entity_id, speaker_identity_id,"
    ' speaker_name, speaker_key, speaker_text, cue, text, start, "end") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)'
)


def _speaker(
    q: Mapping[str, Any], ents: Mapping[str, Mapping[str, Any]], idents: Mapping[str, int]
) -> tuple[str | None, int | None, str | None]:
    """(speaker entity id, speaker identity id, speaker name) of one quote."""
    sid = q.get("speaker")
    ent = ents.get(sid) if isinstance(sid, str) else None
    if ent is None:  # anonymous, unattributed, or a dangling id: the description only
        return None, None, q.get("speaker_text") or None
    ident, name = idents.get(ent["id"]), ent["name"]
    ref = ent.get("refers_to")
    if ref:
        name = ref.get("name") or name
        target = ref.get("entity")
        if isinstance(target, str) and target in idents:
            ident = idents[target]
    return ent["id"], ident, name


def _cue(cue: Any) -> str | None:
    if isinstance(cue, Mapping):
        return cue.get("text")
    return cue if isinstance(cue, str) else None


def rows(article_rowid: int, rec: Mapping[str, Any], idents: Mapping[str, int]) -> list[tuple]:
    """The ``quotes`` rows (in :data:`INSERT` order) of one article; ``idents`` maps the
    article's entity ids to their identity ids."""
    ents = {e["id"]: e for e in rec.get("entities") or ()}
    out = []
    for q in rec.get("quotes") or ():
        eid, ident, name = _speaker(q, ents, idents)
        start, end = q["span"]
        out.append(
            (
                article_rowid,
                q["id"],
                q["kind"],
                eid,
                ident,
                name,
                (identity_key(name) or None) if name else None,
                q.get("speaker_text"),
                _cue(q.get("cue")),
                q["text"],
                start,
                end,
            )
        )
    return out


def backfill(db: sqlite3.Connection) -> int:
    """Fill ``quotes`` (and, by trigger, ``quotes_fts``) from every stored record, with
    the identities ``entities`` already holds; returns the number of quotes.  A record
    whose quotes break the contract stops it with a StoreError (the caller's transaction
    rolls back, leaving the file as it was)."""
    db.execute("DELETE FROM quotes")
    n = 0
    for rowid, record in db.execute("SELECT rowid, record FROM articles ORDER BY rowid"):
        rec = json.loads(record)
        if not rec.get("quotes"):
            continue
        idents = dict(
            db.execute(
                "SELECT entity_id, identity_id FROM entities WHERE article_rowid = ?", (rowid,)
            ).fetchall()
        )
        try:
            batch = rows(rowid, rec, idents)
        except (KeyError, TypeError, ValueError) as e:
            raise StoreError(
                f"cannot index the quotes of stored article {rec.get('id')}: malformed quote ({e!r})"
            ) from None
        db.executemany(INSERT, batch)
        n += len(batch)
    return n


def find(
    db: sqlite3.Connection,
    *,
    group: Sequence[int] | None,
    key: str | None,
    match: str | Node | None,
    kind: str | None,
    since: str | None,
    until: str | None,
    source: str | None,
    limit: int,
) -> list[QuoteRow]:
    """Quotes matching every filter given, newest article first.

    ``key`` (an :func:`identity_key`) with ``group`` (the identities it names, surname
    links followed): quotes whose speaker identity is in the group, or whose named
    speaker is called ``key`` (a seat speaking for a country the article never names).
    With an empty group — no identity has that name — the named-speaker test plus a
    substring test on anonymous speakers' descriptions.  ``match`` is an FTS5 query
    (already made safe by ``sqlite.fts_query``) over the quote text, or the parsed query
    (store/query.py); on PostgreSQL either becomes a tsquery over ``quotes.tsv``
    (store/pg_search.py)."""
    where: list[str] = []
    params: list[Any] = []
    if key is not None:
        named = "(q.speaker_entity_id IS NOT NULL AND q.speaker_key = ?)"
        if group:
            marks = ",".join("?" * len(group))
            where.append(f"(q.speaker_identity_id IN ({marks}) OR {named})")
            params.extend([*group, key])
        else:
            where.append(f"({named} OR (q.speaker_entity_id IS NULL AND instr(q.speaker_key, ?) > 0))")
            params.extend([key, key])
    if match is not None and is_postgres(db):  # quotes.tsv (GIN) for quotes_fts
        from .pg_search import fts_tsquery

        q = fts_tsquery(db, match)
        where.append(f"q.tsv @@ {q.text}")
        params.extend(q.params)
    elif match is not None:
        where.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
        params.append(match if isinstance(match, str) else to_fts(match))
    if kind is not None:
        where.append("q.kind = ?")
        params.append(kind)
    if source:
        where.append("a.source = ? COLLATE NOCASE")
        params.append(source)
    if since:
        where.append("a.published >= ?")
        params.append(since)
    if until:
        where.append("a.published < ?")
        params.append(until)
    sql = (
        "SELECT a.id, a.title, a.published, a.source, q.quote_id, q.kind,"
        " CASE WHEN q.speaker_entity_id IS NULL THEN NULL ELSE q.speaker_name END AS speaker,"
        ' q.speaker_text, q.text, q.cue, q.start, q."end"'
        " FROM quotes q JOIN articles a ON a.rowid = q.article_rowid"
        f" WHERE {' AND '.join(where) or '1'}"
        " ORDER BY a.published IS NULL, a.published DESC, a.id, q.start, q.quote_id LIMIT ?"
    )
    return [
        QuoteRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], (r[10], r[11]))
        for r in db.execute(sql, (*params, limit))
    ]
