"""Read-only queries behind the search page (and /api, which may share them): the
articles a query matches as rowids (for facet counts and totals, without snippets),
what the facets count for each, display rows for a page the facets narrowed, and the
article list when there are no search words.  Every value is a parameter; ORDER BY
comes from browse.ORDERS."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .browse import ORDERS, chunks, marks


def recent(
    db: sqlite3.Connection,
    *,
    order: str = "date",
    source: str | None = None,
    language: str | None = None,
    offset: int = 0,
    limit: int = 20,
) -> tuple[list[dict[str, Any]], int]:
    """Articles (no search words): a page of them and the total."""
    where, params = ["1"], []
    if source:
        where.append("a.source = ? COLLATE NOCASE")
        params.append(source)
    if language:
        where.append("a.language = ?")
        params.append(language)
    cond = " AND ".join(where)
    total = db.execute(f"SELECT count(*) FROM articles a WHERE {cond}", params).fetchone()[0]
    rows = db.execute(
        "SELECT a.id, a.title, a.published, a.source, a.language, substr(a.body, 1, 240) AS lead"
        f" FROM articles a WHERE {cond} ORDER BY {ORDERS.get(order, ORDERS['date'])} LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    return [dict(r) for r in rows], total


@dataclass
class Facts:
    """What the facets of search count, for one article."""

    language: str | None = None
    published: str | None = None
    source: str | None = None
    types: set[str] = field(default_factory=set)
    plovers: set[str] = field(default_factory=set)
    identities: set[int] = field(default_factory=set)


def facts(db: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Facts]:
    """Language, entity types, PLOVER types and identities of each article id."""
    out: dict[str, Facts] = {}
    for part in chunks(list(ids)):
        m = marks(len(part))
        rowid_of: dict[int, str] = {}
        for r in db.execute(
            f"SELECT rowid, id, language, published, source FROM articles WHERE id IN ({m})", part
        ):
            rowid_of[r[0]] = r[1]
            out[r[1]] = Facts(language=r[2], published=r[3], source=r[4])
        rowids = list(rowid_of)
        if not rowids:
            continue
        rm = marks(len(rowids))
        for r in db.execute(
            f"SELECT article_rowid, type, identity_id FROM entities WHERE article_rowid IN ({rm})", rowids
        ):
            f = out[rowid_of[r[0]]]
            f.types.add(r[1])
            if r[2] is not None:
                f.identities.add(r[2])
        for r in db.execute(
            f"SELECT DISTINCT article_rowid, plover_type FROM events WHERE article_rowid IN ({rm})"
            " AND plover_type IS NOT NULL",
            rowids,
        ):
            out[rowid_of[r[0]]].plovers.add(r[1])
    return out


@dataclass(frozen=True)
class Matches:
    """The articles a search matches, in the store's order (relevance or date), up to a
    cap: rowids and ids; ``plan`` is the compiled query (None for an entity-only search)."""

    rowids: tuple[int, ...]
    ids: tuple[str, ...]
    capped: bool
    plan: Any


def matching(
    corpus: Any,
    query: str | None,
    *,
    entity: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    sort: str = "relevance",
    cap: int = 5000,
) -> Matches:
    """What ``corpus.search`` would return, as rowids only (no snippets: cheap enough to
    count facets over thousands of hits).  The query goes through the store's own
    compiler (store/query.py) and page query (store/search.py; on PostgreSQL
    store/pg_search.py); the filters are the ones ``SQLiteCorpus.search`` applies.
    Raises what search raises on a bad query."""
    from ..store import identities as idents
    from ..store import search as fulltext
    from ..store.dialect import is_postgres
    from ..store.query import compile_query
    from ..store.sqlite import article_filters

    plan = compile_query(query) if query is not None else None
    db = corpus.db
    where, params = article_filters(source=source, since=since, until=until)
    group: list[int] = []
    if entity is not None:
        group = idents.group(db, entity)
        if not group:
            return Matches((), (), False, plan)
        where.append(
            f"a.rowid IN (SELECT article_rowid FROM entities WHERE identity_id IN ({marks(len(group))}))"
        )
        params.extend(group)
    if plan is not None and is_postgres(db):  # the tsvector columns (store/pg_search.py)
        from ..store import pg_search

        pg_plan = pg_search.compile_query(query, db)  # type: ignore[arg-type]
        rows = [r[0] for r in pg_search.page(db, pg_plan, where, params, sort, cap + 1, 0)]
    elif plan is not None:
        rows = [r[0] for r in fulltext._page(db, plan, where, params, sort, cap + 1, 0)]
    else:
        order = ORDERS["date"] if sort == "date" else "n DESC, a.published DESC, a.id"
        rows = [
            r[0]
            for r in db.execute(
                "SELECT a.rowid, (SELECT sum(mentions) FROM entities e WHERE e.article_rowid = a.rowid"
                f" AND e.identity_id IN ({marks(len(group))})) AS n FROM articles a"
                f" WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ?",
                (*group, *params, cap + 1),
            )
        ]
    capped = len(rows) > cap
    rows = rows[:cap]
    ids: dict[int, str] = {}
    for part in chunks(rows):
        ids.update(
            db.execute(f"SELECT rowid, id FROM articles WHERE rowid IN ({marks(len(part))})", part).fetchall()
        )
    return Matches(tuple(rows), tuple(ids[r] for r in rows), capped, plan)


def hits_for(db: sqlite3.Connection, ids: Sequence[str], plan: Any) -> list[dict[str, Any]]:
    """Display rows for chosen article ids (in that order), the snippet computed around
    the query's positive terms by the store's own helper (marks in «»)."""
    from ..store.search import computed_snippet

    terms = tuple(getattr(plan, "terms", ())) if plan is not None else ()
    out = []
    for i in ids:
        r = db.execute(
            "SELECT id, title, published, source, body FROM articles WHERE id = ?", (i,)
        ).fetchone()
        if r is None:
            continue
        snip = (computed_snippet(r[4], terms) if terms else None) or r[4][:200]
        out.append({"id": r[0], "title": r[1], "published": r[2], "source": r[3], "snippet": snip})
    return out
