"""Reading and writing happenings for store/happenings.py: the events of an article as
:class:`~.happening_merge.Side` values, the candidate happenings of an event found
through the indexes, and a happening's columns and ``happening_args`` recomputed from
its reports.  Every statement is parametrized; runs inside the caller's transaction."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from . import identities
from .events import period
from .happening_merge import Rules, Side


@dataclass(frozen=True)
class Event:
    """One events row of an article, with what it is compared on."""

    article_rowid: int
    event_id: str
    side: Side
    location_identity_id: int | None
    location_name: str | None


@lru_cache(maxsize=1 << 16)
def _name_key(name: str) -> str:
    """identities.identity_key of a display name (the same names recur in every candidate)."""
    return identities.identity_key(name)


def _roles() -> dict[str, set[str]]:
    return {"actor": set(), "target": set()}


def arg_key(identity_id: int | None, key: str | None) -> str | None:
    """The key an argument is matched on: its identity, else its phrase's key."""
    return f"@{identity_id}" if identity_id is not None else key or None


def place_key(identity_id: int | None, name: str | None) -> str | None:
    if identity_id is not None:
        return f"@{identity_id}"
    return (identities.identity_key(name) or None) if name else None


def article_events(db: sqlite3.Connection, rowid: int, r: Rules) -> list[Event]:
    """The events of an original article that make happenings (a kept modality and a
    PLOVER type), in the order the article tells them."""
    row = db.execute("SELECT published, story_id FROM articles WHERE rowid = ?", (rowid,)).fetchone()
    if row is None:
        return []
    published, story_id = row[0], row[1]
    args: dict[str, dict[str, set[str]]] = defaultdict(_roles)
    names: dict[str, dict[str, set[str]]] = defaultdict(_roles)
    for eid, role, ident, key in db.execute(
        "SELECT event_id, role, identity_id, key FROM event_args WHERE article_rowid = ?", (rowid,)
    ):
        k = arg_key(ident, key)
        if k:
            args[eid][role].add(k)
        if key:
            names[eid][role].add(key)
    out = []
    for eid, ptype, modality, dsort, dend, loc_ident, loc_name in db.execute(
        "SELECT event_id, plover_type, modality, date_sort, date_end, location_identity_id, location_name"
        " FROM events WHERE article_rowid = ? AND plover_type IS NOT NULL"
        " ORDER BY start IS NULL, start, event_id",
        (rowid,),
    ):
        if modality is not None and modality not in r.kept_modalities:
            continue
        a = args[eid]
        side = Side(
            ptype,
            frozenset(a["actor"]),
            frozenset(a["target"]),
            (dsort, dend) if dsort and dend else None,
            published[:10] if published else None,
            place_key(loc_ident, loc_name),
            story_id,
            frozenset({rowid}),
            frozenset(names[eid]["actor"]),
            frozenset(names[eid]["target"]),
        )
        out.append(Event(rowid, eid, side, loc_ident, loc_name))
    return out


def candidate_ids(db: sqlite3.Connection, event: Side, r: Rules) -> set[int]:
    """Happenings that may take ``event``: those naming one of its actors or targets and
    those of its story, of its type, the most recent ``candidates_per_key`` of each
    (bounded work per event however common a key)."""
    found: set[int] = set()
    for key in sorted(event.actors | event.targets):
        found.update(
            h
            for (h,) in db.execute(
                "SELECT ha.happening_id FROM happening_args ha JOIN happenings h ON h.id = ha.happening_id"
                " WHERE ha.key = ? AND h.plover_type = ? ORDER BY ha.happening_id DESC LIMIT ?",
                (key, event.plover_type, r.candidates_per_key),
            )
        )
    if event.story_id is not None:
        found.update(
            h
            for (h,) in db.execute(
                "SELECT id FROM happenings WHERE story_id = ? AND plover_type = ? ORDER BY id DESC LIMIT ?",
                (event.story_id, event.plover_type, r.candidates_per_key),
            )
        )
    return found


def load_sides(db: sqlite3.Connection, ids: Iterable[int]) -> dict[int, Side]:
    """The happenings ``ids`` as they are stored, as sides to compare with."""
    ids = sorted(ids)
    out: dict[int, Side] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        keys: dict[int, dict[str, set[str]]] = defaultdict(_roles)
        names: dict[int, dict[str, set[str]]] = defaultdict(_roles)
        for hid, role, key, name in db.execute(
            f"SELECT happening_id, role, key, name FROM happening_args WHERE happening_id IN ({marks})", chunk
        ):
            keys[hid][role].add(key)
            names[hid][role].add(_name_key(name))
        arts: dict[int, set[int]] = defaultdict(set)
        for hid, rowid in db.execute(
            f"SELECT happening_id, article_rowid FROM happening_reports WHERE happening_id IN ({marks})",
            chunk,
        ):
            arts[hid].add(rowid)
        for hid, ptype, dsort, dend, first, loc_ident, loc_name, story in db.execute(
            "SELECT id, plover_type, date_sort, date_end, first_reported, location_identity_id,"
            f" location_name, story_id FROM happenings WHERE id IN ({marks})",
            chunk,
        ):
            out[hid] = Side(
                ptype,
                frozenset(keys[hid]["actor"]),
                frozenset(keys[hid]["target"]),
                (dsort, dend) if dsort and dend else None,
                first[:10] if first else None,
                place_key(loc_ident, loc_name),
                story,
                frozenset(arts[hid]),
                frozenset(names[hid]["actor"]),
                frozenset(names[hid]["target"]),
            )
    return out


# -- a happening's columns from its reports -------------------------------------------


def _agreed_date(dates: Sequence[str]) -> str | None:
    """The most specific date value the reports agree on: the shortest period that
    overlaps every other report's period; when they disagree, the most reported value
    (the shorter on a tie)."""
    spans = {d: p for d in set(dates) if (p := period(d))}
    if not spans:
        return None
    counts = Counter(d for d in dates if d in spans)

    def days(d: str) -> int:
        first, end = spans[d]
        return (date.fromisoformat(end) - date.fromisoformat(first)).days

    agreeing = [
        d for d in spans if all(spans[d][0] < spans[o][1] and spans[o][0] < spans[d][1] for o in spans)
    ]
    if agreeing:
        return min(agreeing, key=lambda d: (days(d), -counts[d], d))
    return min(spans, key=lambda d: (-counts[d], days(d), d))


def _label(ptype: str, actors: Sequence[str], targets: Sequence[str], n: int) -> str:
    parts = [", ".join(actors[:n]), ptype, ", ".join(targets[:n])]
    return " ".join(p for p in parts if p)


def recompute(db: sqlite3.Connection, hid: int, r: Rules) -> bool:
    """Rewrite happening ``hid``'s columns and ``happening_args`` from its reports;
    delete it when it has none left.  Returns whether it still exists."""
    reports = db.execute(
        "SELECT hr.article_rowid, hr.event_id, e.date, e.location_identity_id, e.location_name,"
        " a.published, a.story_id, coalesce(a.publisher, a.source)"
        " FROM happening_reports hr JOIN events e USING (article_rowid, event_id)"
        " JOIN articles a ON a.rowid = hr.article_rowid WHERE hr.happening_id = ?",
        (hid,),
    ).fetchall()
    db.execute("DELETE FROM happening_args WHERE happening_id = ?", (hid,))
    if not reports:
        db.execute("DELETE FROM happening_reports WHERE happening_id = ?", (hid,))
        db.execute("DELETE FROM happenings WHERE id = ?", (hid,))
        return False
    (ptype,) = db.execute("SELECT plover_type FROM happenings WHERE id = ?", (hid,)).fetchone()
    agreed = _agreed_date([x[2] for x in reports if x[2]])
    days = period(agreed) if agreed else None
    published = sorted(x[5] for x in reports if x[5])
    places = Counter((x[3], x[4]) for x in reports if x[3] is not None or x[4])
    place = min(places, key=lambda p: (-places[p], p[0] is None, str(p[1]))) if places else (None, None)
    stories = Counter(x[6] for x in reports if x[6] is not None)
    story = min(stories, key=lambda s: (-stories[s], s)) if stories else None
    sources = {x[7] for x in reports if x[7]}
    names = _write_args(db, hid, ptype in r.symmetric_types)
    label = _label(ptype, names["actor"], names["target"], r.label_names)
    sort_day = days[0] if days else (published[0][:10] if published else None)
    db.execute(
        "UPDATE happenings SET label = ?, date = ?, date_sort = ?, date_end = ?, sort_day = ?,"
        " location_identity_id = ?, location_name = ?, story_id = ?, first_reported = ?, reports = ?,"
        " sources = ? WHERE id = ?",
        (
            label,
            agreed,
            days[0] if days else None,
            days[1] if days else None,
            sort_day,
            place[0],
            place[1],
            story,
            published[0] if published else None,
            len(reports),
            len(sources),
            hid,
        ),
    )
    return True


def _write_args(db: sqlite3.Connection, hid: int, symmetric: bool) -> dict[str, list[str]]:
    """``happening_args`` of a happening from its reports' event_args: per role and key the
    display name (an identity's name, else the most printed phrase) and the number of
    reporting articles naming it (an article repeating the happening counts once).  For a
    symmetric type ("met") a name on both sides is kept on the side more reports put it
    (the actor's on a tie).  Returns the names per role, most reported first."""
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    forms: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    idents: dict[tuple[str, str], int | None] = {}
    for rowid, role, ident, key, name in db.execute(
        "SELECT ea.article_rowid, ea.role, ea.identity_id, ea.key, coalesce(ea.name, ea.text)"
        " FROM happening_reports hr JOIN event_args ea USING (article_rowid, event_id)"
        " WHERE hr.happening_id = ?",
        (hid,),
    ):
        k = arg_key(ident, key)
        if not k or not name:
            continue
        seen[(role, k)].add(rowid)
        forms[(role, k)][name] += 1
        idents[(role, k)] = ident
    if symmetric:
        for role, k in [rk for rk in seen if rk[0] == "target" and ("actor", rk[1]) in seen]:
            loser = (role, k) if len(seen[("actor", k)]) >= len(seen[(role, k)]) else ("actor", k)
            del seen[loser]
    display = _identity_names(db, {i for i in idents.values() if i is not None})
    rows: list[tuple[Any, ...]] = []
    for (role, k), arts in seen.items():
        ident = idents[(role, k)]
        name = display.get(ident) if ident is not None else None
        name = name or min(forms[(role, k)], key=lambda f: (-forms[(role, k)][f], f))
        rows.append((hid, role, k, ident, name, len(arts)))
    db.executemany(
        "INSERT INTO happening_args(happening_id, role, key, identity_id, name, reports) VALUES (?,?,?,?,?,?)",
        rows,
    )
    out: dict[str, list[str]] = {"actor": [], "target": []}
    for _, role, _, _, name, _ in sorted(rows, key=lambda x: (-x[5], x[4])):
        out[role].append(name)
    return out


def _identity_names(db: sqlite3.Connection, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return dict(db.execute(f"SELECT id, name FROM identities WHERE id IN ({marks})", sorted(ids)).fetchall())
