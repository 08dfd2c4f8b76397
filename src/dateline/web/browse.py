"""Read-only queries the pages (and the JSON API) need that the store does not offer.

Plain functions over a corpus connection (``corpus.db``, rows as ``sqlite3.Row``)
returning dataclasses and dicts.  Every value reaches SQLite as a parameter; an
``ORDER BY`` is chosen from a whitelist (:data:`ORDERS`), never built from input.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

#: Orders for article lists: name → SQL (the only ORDER BY clauses ever used).
ORDERS = {
    "date": "a.published DESC, a.id",
    "oldest": "a.published ASC, a.id",
    "title": "a.title COLLATE NOCASE, a.id",
}
PLACE_TYPES = ("GPE", "LOC", "FAC")
_CHUNK = 500  # ids per IN (...) list, below SQLite's parameter limit


def marks(n: int) -> str:
    return ",".join("?" * n)


def chunks(items: Sequence[Any], n: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


# -- articles ------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleView:
    rowid: int
    record: dict[str, Any]
    identities: dict[str, int]  # record entity id → corpus identity id


def article(db: sqlite3.Connection, article_id: str) -> ArticleView | None:
    row = db.execute("SELECT rowid, record FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    idents = {
        r[0]: r[1]
        for r in db.execute(
            "SELECT entity_id, identity_id FROM entities WHERE article_rowid = ? AND identity_id IS NOT NULL",
            (row[0],),
        )
    }
    return ArticleView(row[0], json.loads(row[1]), idents)


def identity_names(db: sqlite3.Connection, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    ids = list(ids)
    out: dict[int, tuple[str, str]] = {}
    for part in chunks(ids):
        for r in db.execute(f"SELECT id, name, type FROM identities WHERE id IN ({marks(len(part))})", part):
            out[r[0]] = (r[1], r[2])
    return out


def sources(db: sqlite3.Connection, limit: int = 200) -> list[tuple[str, int]]:
    return [
        (r[0], r[1])
        for r in db.execute(
            "SELECT source, count(*) n FROM articles WHERE source IS NOT NULL GROUP BY source"
            " ORDER BY n DESC, source LIMIT ?",
            (limit,),
        )
    ]


# -- identities ----------------------------------------------------------------------


@dataclass(frozen=True)
class IdentityView:
    id: int
    name: str
    type: str
    articles: int
    group: tuple[int, ...]  # this identity and the bare surnames linked to it
    forms: tuple[tuple[str, int], ...]
    linked_to: tuple[int, str] | None  # a bare surname's full name
    roles: tuple[tuple[str, int], ...]


def identity(db: sqlite3.Connection, identity_id: int, *, role_sample: int = 100) -> IdentityView | None:
    row = db.execute(
        "SELECT id, name, type, articles FROM identities WHERE id = ?", (identity_id,)
    ).fetchone()
    if row is None:
        return None
    # Schema 6 moves each linked surname's rows to the full name itself; an older file
    # links whole identities, whose rows are counted in here.
    per_article = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'entity_links'").fetchone()
    linked = (
        []
        if per_article
        else [
            r[0] for r in db.execute("SELECT identity_id FROM identity_links WHERE target_id = ?", (row[0],))
        ]
    )
    group = (row[0], *linked)
    m = marks(len(group))
    forms = tuple(
        (r[0], r[1])
        for r in db.execute(
            f"SELECT form, sum(articles) n FROM identity_forms WHERE identity_id IN ({m})"
            " GROUP BY form ORDER BY n DESC, form",
            group,
        )
    )
    up = db.execute(
        "SELECT i.id, i.name FROM identity_links l JOIN identities i ON i.id = l.target_id WHERE l.identity_id = ?",
        (row[0],),
    ).fetchone()
    roles: Counter[str] = Counter()
    for r in db.execute(
        "SELECT a.record, group_concat(e.entity_id, ' ') FROM entities e JOIN articles a ON a.rowid = e.article_rowid"
        f" WHERE e.identity_id IN ({m}) GROUP BY e.article_rowid ORDER BY e.article_rowid DESC LIMIT ?",
        (*group, role_sample),
    ):
        eids = set(r[1].split())
        for ent in json.loads(r[0]).get("entities", []):
            if ent.get("id") in eids:
                roles.update(set(ent.get("roles") or ()))
    articles = db.execute(
        f"SELECT count(DISTINCT article_rowid) FROM entities WHERE identity_id IN ({m})", group
    ).fetchone()[0]
    return IdentityView(
        row[0],
        row[1],
        row[2],
        articles,
        group,
        forms,
        (up[0], up[1]) if up else None,
        tuple(roles.most_common(20)),
    )


def articles_by_month(db: sqlite3.Connection, group: Sequence[int]) -> list[tuple[str, int]]:
    """(YYYY-MM, articles) for the months articles naming the identity were published."""
    return [
        (r[0], r[1])
        for r in db.execute(
            "SELECT substr(a.published, 1, 7) m, count(DISTINCT a.rowid) FROM entities e"
            " JOIN articles a ON a.rowid = e.article_rowid"
            f" WHERE e.identity_id IN ({marks(len(group))}) AND a.published IS NOT NULL GROUP BY m ORDER BY m",
            tuple(group),
        )
    ]


def entity_articles(db: sqlite3.Connection, group: Sequence[int], limit: int = 50) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in db.execute(
            "SELECT a.id, a.title, a.published, a.source, sum(e.mentions) AS mentions FROM entities e"
            f" JOIN articles a ON a.rowid = e.article_rowid WHERE e.identity_id IN ({marks(len(group))})"
            " GROUP BY a.rowid ORDER BY a.published DESC, a.id LIMIT ?",
            (*group, limit),
        )
    ]


def entity_quotes(db: sqlite3.Connection, group: Sequence[int], limit: int = 50) -> list[dict[str, Any]]:
    return [
        dict(r)
        for r in db.execute(
            "SELECT a.id AS article_id, a.title, a.published, a.source, q.quote_id, q.kind, q.text, q.cue,"
            " q.speaker_name AS speaker FROM quotes q JOIN articles a ON a.rowid = q.article_rowid"
            f" WHERE q.speaker_identity_id IN ({marks(len(group))})"
            " ORDER BY a.published DESC, a.id, q.start LIMIT ?",
            (*group, limit),
        )
    ]


def entity_events(
    db: sqlite3.Connection, group: Sequence[int], role: str, limit: int = 50
) -> list[dict[str, Any]]:
    """Events where the identity is the actor (``role="actor"``) or the target."""
    if role not in ("actor", "target"):
        raise ValueError(f"role is actor or target, not {role!r}")
    rows = db.execute(
        "SELECT DISTINCT a.id AS article_id, a.title, ev.article_rowid, ev.event_id, ev.type, ev.plover_type,"
        " ev.trigger_text, ev.date, ev.sort_day, ev.sort_from, ev.location_name"
        " FROM event_args g JOIN events ev ON ev.article_rowid = g.article_rowid AND ev.event_id = g.event_id"
        " JOIN articles a ON a.rowid = ev.article_rowid"
        f" WHERE g.role = ? AND g.identity_id IN ({marks(len(group))})"
        " ORDER BY ev.sort_day IS NULL, ev.sort_day, a.id, ev.event_id LIMIT ?",
        (role, *group, limit),
    ).fetchall()
    out = [dict(r) for r in rows]
    names = event_arg_names(db, [(r["article_rowid"], r["event_id"]) for r in out])
    for r in out:
        r["actors"] = names.get((r["article_rowid"], r["event_id"], "actor"), [])
        r["targets"] = names.get((r["article_rowid"], r["event_id"], "target"), [])
    return out


def event_arg_names(
    db: sqlite3.Connection, keys: Sequence[tuple[int, str]]
) -> dict[tuple[int, str, str], list[tuple[str, int | None]]]:
    """(display name, identity id or None) of each event's actors and targets, in order."""
    out: dict[tuple[int, str, str], list[tuple[str, int | None]]] = {}
    rowids = sorted({k[0] for k in keys})
    wanted = set(keys)
    for part in chunks(rowids):
        for r in db.execute(
            "SELECT article_rowid, event_id, role, coalesce(name, text), identity_id FROM event_args"
            f" WHERE article_rowid IN ({marks(len(part))}) ORDER BY article_rowid, event_id, role, position",
            part,
        ):
            if (r[0], r[1]) in wanted:
                out.setdefault((r[0], r[1], r[2]), []).append((r[3] or "", r[4]))
    return out


def cooccurring(
    db: sqlite3.Connection, group: Sequence[int], *, places: bool = False, limit: int = 20
) -> list[dict[str, Any]]:
    """Identities named in the same articles, by shared articles; ``places``: only places."""
    m = marks(len(group))
    kind = f"AND i.type IN ({marks(len(PLACE_TYPES))})" if places else ""
    return [
        dict(r)
        for r in db.execute(
            "SELECT i.id, i.name, i.type, count(DISTINCT o.article_rowid) AS articles FROM entities e"
            " JOIN entities o ON o.article_rowid = e.article_rowid JOIN identities i ON i.id = o.identity_id"
            f" WHERE e.identity_id IN ({m}) AND o.identity_id NOT IN ({m}) {kind}"
            " GROUP BY i.id ORDER BY articles DESC, i.name LIMIT ?",
            (*group, *group, *(PLACE_TYPES if places else ()), limit),
        )
    ]


# -- places --------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    identity_id: int
    name: str
    type: str
    articles: int
    lat: float
    lon: float
    country: str | None


def places(db: sqlite3.Connection, limit: int = 400) -> list[Place]:
    """Places (GPE, LOC, FAC identities) with article counts and the coordinates their
    entities' ``geo`` gives; places without coordinates are left out."""
    rows = db.execute(
        "SELECT i.id, i.name, i.type, count(DISTINCT e.article_rowid) AS n, max(e.article_rowid) AS last_rowid,"
        " max(e.entity_id) AS eid FROM entities e JOIN identities i ON i.id = e.identity_id"
        f" WHERE e.type IN ({marks(len(PLACE_TYPES))}) GROUP BY i.id ORDER BY n DESC, i.name LIMIT ?",
        (*PLACE_TYPES, limit),
    ).fetchall()
    out: list[Place] = []
    for r in rows:
        geo = _geo(db, r["id"], r["last_rowid"])
        if geo is None:
            continue
        out.append(Place(r["id"], r["name"], r["type"], r["n"], geo[0], geo[1], geo[2]))
    return out


def _geo(db: sqlite3.Connection, identity_id: int, rowid: int) -> tuple[float, float, str | None] | None:
    eids = {
        r[0]
        for r in db.execute(
            "SELECT entity_id FROM entities WHERE article_rowid = ? AND identity_id = ?", (rowid, identity_id)
        )
    }
    row = db.execute("SELECT record FROM articles WHERE rowid = ?", (rowid,)).fetchone()
    if row is None:
        return None
    for ent in json.loads(row[0]).get("entities", []):
        geo = ent.get("geo")
        if ent.get("id") in eids and isinstance(geo, dict):
            lat, lon = geo.get("lat"), geo.get("lon")
            if isinstance(lat, int | float) and isinstance(lon, int | float):
                return float(lat), float(lon), geo.get("country")
    return None


# -- status --------------------------------------------------------------------------


def failures_by_reason(db: sqlite3.Connection, per_reason: int = 100) -> list[dict[str, Any]]:
    """Each reason with its count and (up to ``per_reason``) files and messages."""
    out = []
    for r in db.execute("SELECT reason, count(*) n FROM failures GROUP BY reason ORDER BY n DESC, reason"):
        files = [
            (f[0], f[1])
            for f in db.execute(
                "SELECT path, message FROM failures WHERE reason = ? ORDER BY path LIMIT ?",
                (r[0], per_reason),
            )
        ]
        out.append({"reason": r[0], "count": r[1], "files": files})
    return out


def counts(db: sqlite3.Connection) -> dict[str, int]:
    one = db.execute
    return {
        "identities": one("SELECT count(*) FROM identities").fetchone()[0],
        "quotes": one("SELECT count(*) FROM quotes").fetchone()[0],
        "events": one("SELECT count(*) FROM events").fetchone()[0],
    }
