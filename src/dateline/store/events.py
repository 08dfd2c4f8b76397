"""Events across the corpus: the timeline.  One ``events`` row per event of each stored
article and one ``event_args`` row per actor or target.

Rows are made from the article's record (:func:`rows`) inside its own batch
transaction, once its entities have their corpus identities, so an actor or target
naming an entity of the article resolves to an identity there and then (a capital or
seat whose ``refers_to`` names a country entity takes that country's identity, as a
quote speaker does, store/quotes.py); a generic actor ("police") keeps its text and
sector.  The place keeps its own entity's identity (an event "at the Kremlin" happened
in Moscow, not all over Russia).

**When it happened.**  Each event's own ``date`` (a TIMEX3 value from the text) is read
as the period of days it names (:func:`period`): "2019-05-14" one day, "2018-07" a
month, "2014" a year, also weeks, quarters, halves, seasons, decades.  The timeline
orders by the first day of that period; an event whose text gives no calendar date
sits at its article's publication day instead, and ``EventRow.when_from`` says which
("text" or "publication").  Among events placed on the same first day, the shorter
period comes first (a day before its month before its year), then text dates before
publication days, then article publication time, article id and the position in the
article.  Events with neither sort last.  ``since``/``until`` (YYYY, YYYY-MM or
YYYY-MM-DD) keep the events whose period overlaps [first day of since, last day of
until]: "2018-07" is kept by ``since="2018-07-15"``.

:func:`backfill` rebuilds both tables from ``articles.record`` (schema 3 → 4).
:func:`find` is the query behind ``Corpus.events``.  Every statement is parametrized.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from ..errors import StoreError
from . import identities
from .base import EventRow

#: The 16 PLOVER event types, in the order of the PLOVER manual.
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

INSERT = (
    "INSERT INTO events(article_rowid, event_id, type, cameo, date, location, plover_type, plover_mode,"
    " goldstein, modality, date_source, date_timex, historical, said_by, said_by_name, quote_id,"
    ' trigger_text, start, "end", location_identity_id, location_name, location_key,'
    " date_sort, date_end, sort_day, sort_end, sort_from)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)
INSERT_ARG = (
    "INSERT INTO event_args(article_rowid, event_id, role, position, entity_id, identity_id, name, text,"
    " key, sector) VALUES (?,?,?,?,?,?,?,?,?,?)"
)
ROLES = ("actor", "target")

# -- dates ---------------------------------------------------------------------------

_SEASONS = {"SP": (3, 6), "SU": (6, 9), "FA": (9, 12), "AU": (9, 12), "WI": (12, 15)}  # months [from, to)
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"(\d{4})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})(?:-WE)?")
_PART = re.compile(r"(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|AU|WI)")
_DECADE = re.compile(r"(\d{3})X?")
_CENTURY = re.compile(r"(\d{2})(?:XX)?")
_BOUND = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _month(y: int, m: int) -> date:
    """The first day of month ``m`` of year ``y``; months past 12 run into later years."""
    return date(y + (m - 1) // 12, (m - 1) % 12 + 1, 1)


def _days(value: str) -> tuple[date, date] | None:
    if m := _DAY.fullmatch(value):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d + timedelta(days=1)
    if m := _MONTH.fullmatch(value):
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            return None
        return _month(y, mo), _month(y, mo + 1)
    if m := _YEAR.fullmatch(value):
        return date(int(m[1]), 1, 1), date(int(m[1]) + 1, 1, 1)
    if m := _WEEK.fullmatch(value):
        d = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return d, d + timedelta(days=7)
    if m := _PART.fullmatch(value):
        y, part = int(m[1]), m[2]
        if part[0] in "QH":
            n = int(part[1])
            size = 3 if part[0] == "Q" else 6
            return _month(y, 1 + (n - 1) * size), _month(y, 1 + n * size)
        a, b = _SEASONS[part]
        return _month(y, a), _month(y, b)
    if m := _DECADE.fullmatch(value):
        y = int(m[1]) * 10
        return date(y, 1, 1), date(y + 10, 1, 1)
    if m := _CENTURY.fullmatch(value):
        y = int(m[1]) * 100
        return date(max(y, 1), 1, 1), date(y + 100, 1, 1)
    return None


def period(value: Any) -> tuple[str, str] | None:
    """The days a TIMEX3 date value covers, as ``[first, end)`` ISO days, or None when it
    is not a calendar date (``PRESENT_REF``, ``XXXX-05-14``, a duration, None …).

    >>> period("2018-07")
    ('2018-07-01', '2018-08-01')
    >>> period("2014")
    ('2014-01-01', '2015-01-01')
    """
    if not isinstance(value, str):
        return None
    try:
        days = _days(value.strip())
    except (ValueError, OverflowError):  # 2019-02-30, week 54, year 9999's successor …
        return None
    return None if days is None else (days[0].isoformat(), days[1].isoformat())


def day_range(value: str) -> tuple[str, str]:
    """A ``--since``/``--until`` value (YYYY, YYYY-MM or YYYY-MM-DD) as ``[first, end)``."""
    v = value.strip()
    days = period(v) if _BOUND.fullmatch(v) else None
    if days is None:
        raise StoreError(
            f"{value!r} is not a date; give YYYY, YYYY-MM or YYYY-MM-DD (2019, 2019-05, 2019-05-14)"
        )
    return days


def plover_type(value: str) -> str:
    """A ``--type`` value as a PLOVER type (case-insensitive), or a StoreError listing them."""
    t = value.strip().upper()
    if t not in PLOVER_TYPES:
        raise StoreError(f"unknown PLOVER type {value!r}; use one of {', '.join(PLOVER_TYPES)}")
    return t


def cameo_range(prefix: str) -> tuple[str, str]:
    """A ``--cameo`` prefix ("04") as the code range it covers, ``[04, 05)``: every code
    that starts with it ("04", "040" … "046", "0461"), for the index."""
    p = prefix.strip()
    if not re.fullmatch(r"\d{1,4}", p):
        raise StoreError(f"{prefix!r} is not a CAMEO code; give its first 1 to 4 digits (04 finds 040 … 046)")
    return p, p[:-1] + chr(ord(p[-1]) + 1)  # "9" + 1 is ":", which sorts after every digit


# -- writing (inside the caller's transaction) ---------------------------------------


def _named(
    eid: Any, ents: Mapping[str, Mapping[str, Any]], idents: Mapping[str, int], *, follow: bool = True
) -> tuple[str | None, int | None, str | None]:
    """(entity id, identity id, canonical name) of an entity id of the record; a seat or
    capital speaking for a country follows ``refers_to`` when ``follow``."""
    ent = ents.get(eid) if isinstance(eid, str) else None
    if ent is None:
        return None, None, None
    ident, name = idents.get(ent["id"]), ent["name"]
    ref = ent.get("refers_to") if follow else None
    if ref:
        name = ref.get("name") or name
        target = ref.get("entity")
        if isinstance(target, str) and target in idents:
            ident = idents[target]
    return ent["id"], ident, name


def _key(text: str | None) -> str | None:
    return (identities.identity_key(text) or None) if text else None


def _arg_rows(
    article_rowid: int,
    ev: Mapping[str, Any],
    role: str,
    ents: Mapping[str, Mapping[str, Any]],
    idents: Mapping[str, int],
) -> list[tuple]:
    """The actors (or targets) of one event: the entity ids in their order, each with the
    phrase that names it, then the phrases that name no entity (generic actors)."""
    spans = [s for s in ev.get(f"{role}_spans") or () if isinstance(s, Mapping)]
    by_entity = {s.get("entity"): s for s in reversed(spans) if s.get("entity")}
    ids = list(dict.fromkeys(i for i in ev.get(f"{role}s") or () if isinstance(i, str)))
    args = [(i, by_entity.get(i, {})) for i in ids]
    args += [(s.get("entity"), s) for s in spans if s.get("entity") not in ids]
    out = []
    for pos, (eid, span) in enumerate(args):
        ent_id, ident, name = _named(eid, ents, idents)
        text = span.get("text") or None
        if ent_id is None and text is None:
            continue  # a dangling id with no phrase: nothing to show or find
        out.append(
            (
                article_rowid,
                ev["id"],
                role,
                pos,
                ent_id,
                ident,
                name,
                text,
                _key(name or text),
                span.get("sector"),
            )
        )
    return out


def _event_row(
    article_rowid: int,
    rec: Mapping[str, Any],
    ev: Mapping[str, Any],
    ents: Mapping[str, Mapping[str, Any]],
    idents: Mapping[str, int],
) -> tuple:
    plover = ev.get("plover") or {}
    trigger = ev.get("trigger")
    trigger_text = trigger.get("text") if isinstance(trigger, Mapping) else trigger
    span = ev.get("span")
    start, end = (span[0], span[1]) if span else (None, None)
    loc_id, loc_ident, loc_name = _named(ev.get("location"), ents, idents, follow=False)
    loc_name = loc_name or ev.get("location_text") or None
    said = _named(ev.get("said_by"), ents, idents)[2]
    own = period(ev.get("date"))
    published = period((ev.get("publication_date") or rec.get("published") or "")[:10])
    when, when_from = (own, "text") if own else (published, "publication") if published else (None, None)
    ptype = plover.get("type")
    return (
        article_rowid,
        ev["id"],
        ev.get("type") or "",
        ev.get("cameo"),
        ev.get("date"),
        ev.get("location"),
        ptype.upper() if isinstance(ptype, str) else None,
        plover.get("mode"),
        ev.get("goldstein"),
        ev.get("modality"),
        ev.get("date_source"),
        ev.get("date_timex"),
        int(bool(ev.get("historical"))),
        ev.get("said_by"),
        said,
        ev.get("quote"),
        trigger_text,
        start,
        end,
        loc_ident if loc_id else None,
        loc_name,
        _key(loc_name),
        own[0] if own else None,
        own[1] if own else None,
        when[0] if when else None,
        when[1] if when else None,
        when_from,
    )


def rows(
    article_rowid: int, rec: Mapping[str, Any], idents: Mapping[str, int]
) -> tuple[list[tuple], list[tuple]]:
    """The ``events`` rows (in :data:`INSERT` order) and ``event_args`` rows (in
    :data:`INSERT_ARG` order) of one article; ``idents`` maps the article's entity ids to
    their identity ids.  A malformed event raises a StoreError naming the article."""
    ents = {e["id"]: e for e in rec.get("entities") or ()}
    events, args = [], []
    try:
        for ev in rec.get("events") or ():
            events.append(_event_row(article_rowid, rec, ev, ents, idents))
            for role in ROLES:
                args += _arg_rows(article_rowid, ev, role, ents, idents)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as e:
        raise StoreError(
            f"cannot index the events of article {rec.get('id')}: malformed event ({e!r})"
        ) from None
    return events, args


def backfill(db: sqlite3.Connection) -> int:
    """Fill ``events`` and ``event_args`` from every stored record, with the identities
    ``entities`` already holds; returns the number of events.  A malformed event stops it
    with a StoreError (the caller's transaction rolls back, leaving the file as it was)."""
    db.execute("DELETE FROM event_args")
    db.execute("DELETE FROM events")
    n = 0
    for rowid, record in db.execute("SELECT rowid, record FROM articles ORDER BY rowid").fetchall():
        rec = json.loads(record)
        if not rec.get("events"):
            continue
        idents = dict(
            db.execute(
                "SELECT entity_id, identity_id FROM entities WHERE article_rowid = ?", (rowid,)
            ).fetchall()
        )
        events, args = rows(rowid, rec, idents)
        db.executemany(INSERT, events)
        db.executemany(INSERT_ARG, args)
        n += len(events)
    return n


# -- reading ------------------------------------------------------------------------


def _named_match(col_ident: str, col_key: str, group: Sequence[int], key: str) -> tuple[str, list[Any]]:
    """SQL (and parameters) for "names this identity group, or is called ``key``"."""
    if group:
        marks = ",".join("?" * len(group))
        return f"({col_ident} IN ({marks}) OR {col_key} = ?)", [*group, key]
    return f"{col_key} = ?", [key]


def _only_full_name(db: sqlite3.Connection, key: str) -> list[int]:
    """A bare surname no identity is named by ("Putin" in a corpus that only ever says
    "Vladimir Putin"): the one PERSON full name with that surname, if there is exactly
    one (two "… Bush" names leave "Bush" finding neither, as surname links do)."""
    surname, tokens = identities.name_parts(key)
    if tokens != 1:
        return []
    rows = db.execute(
        "SELECT id FROM identities WHERE type = 'PERSON' AND surname = ? AND tokens > 1 LIMIT 2", (surname,)
    ).fetchall()
    return [rows[0][0]] if len(rows) == 1 else []


def find(
    db: sqlite3.Connection,
    *,
    entity: str | None = None,
    type: str | None = None,
    cameo: str | None = None,
    place: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
) -> list[EventRow]:
    """Events matching every filter given, in the order they happened (module docstring).

    ``entity`` names an actor or target: an identity (surname links followed both ways,
    like ``search(entity=)``; a bare surname no identity has finds the one full name
    with it; a seat acting for its state is found by either name) or the canonical name
    of an argument; when no identity has that name, also
    a word of a generic actor's phrase ("police").  ``place`` names the
    location the same way (identity or name).  ``type`` is a PLOVER type, ``cameo`` a
    code prefix."""
    where: list[str] = []
    params: list[Any] = []
    if entity is not None and entity.strip():
        key = identities.identity_key(entity)
        if not key:
            return []
        group = identities.group(db, entity) or _only_full_name(db, key)
        named, p = _named_match("identity_id", "key", group, key)
        cond = f"(entity_id IS NOT NULL AND {named})"
        if group:  # the entity's own identity too: "Kremlin" finds the Kremlin acting for Russia
            marks = ",".join("?" * len(group))
            cond = (
                f"({cond} OR (article_rowid, entity_id) IN"
                f" (SELECT article_rowid, entity_id FROM entities WHERE identity_id IN ({marks})))"
            )
            p.extend(group)
        else:
            cond = f"({cond} OR (entity_id IS NULL AND instr(key, ?) > 0))"
            p.append(key)
        where.append(
            f"(e.article_rowid, e.event_id) IN (SELECT article_rowid, event_id FROM event_args WHERE {cond})"
        )
        params.extend(p)
    if place is not None and place.strip():
        key = identities.identity_key(place)
        if not key:
            return []
        cond, p = _named_match("e.location_identity_id", "e.location_key", identities.group(db, place), key)
        where.append(cond)
        params.extend(p)
    if type is not None and type.strip():
        where.append("e.plover_type = ?")
        params.append(plover_type(type))
    if cameo is not None and cameo.strip():
        where.append("e.cameo >= ? AND e.cameo < ?")
        params.extend(cameo_range(cameo))
    if since:
        where.append("e.sort_end > ?")
        params.append(day_range(since)[0])
    if until:
        where.append("e.sort_day < ?")
        params.append(day_range(until)[1])
    sql = (
        "SELECT a.id, a.title, a.published, a.source, e.article_rowid, e.event_id, e.date, e.sort_day,"
        ' e.sort_from, substr(a.body, e.start + 1, e."end" - e.start), e.start, e."end", e.trigger_text,'
        " e.type, e.plover_type, e.plover_mode, e.cameo, e.goldstein, e.modality, e.historical,"
        " e.location_name, e.said_by_name"
        " FROM events e JOIN articles a ON a.rowid = e.article_rowid"
        f" WHERE {' AND '.join(where) or '1'}"
        " ORDER BY e.sort_day IS NULL, e.sort_day, e.sort_end, e.sort_from = 'publication',"
        " a.published IS NULL, a.published, a.id, e.start, e.event_id LIMIT ?"
    )
    found = db.execute(sql, (*params, limit)).fetchall()
    names = _arg_names(db, sorted({r[4] for r in found}))
    return [_event(r, names) for r in found]


def _event(r: Sequence[Any], names: Mapping[tuple[int, str, str], list[str]]) -> EventRow:
    """An :class:`EventRow` from a row of :func:`find`'s query."""
    aid, title, published, source, rowid, eid, day, when, when_from, sentence, start, end, *coded = r
    trigger, type_, ptype, pmode, cameo, goldstein, modality, historical, location, said_by = coded
    return EventRow(
        aid, title, published, source, eid, day, when, when_from, sentence or "",
        (start, end) if start is not None else None,
        trigger, type_, ptype, pmode, cameo, goldstein, modality, bool(historical),
        tuple(names.get((rowid, eid, "actor"), ())), tuple(names.get((rowid, eid, "target"), ())),
        location, said_by,
    )  # fmt: skip


def _arg_names(db: sqlite3.Connection, rowids: Sequence[int]) -> dict[tuple[int, str, str], list[str]]:
    """The display names (canonical name, else the phrase) of the arguments of the events
    of these articles, by (article rowid, event id, role), in their order."""
    out: dict[tuple[int, str, str], list[str]] = {}
    for i in range(0, len(rowids), 500):
        chunk = rowids[i : i + 500]
        for rowid, eid, role, name in db.execute(
            "SELECT article_rowid, event_id, role, coalesce(name, text) FROM event_args"
            f" WHERE article_rowid IN ({','.join('?' * len(chunk))}) ORDER BY article_rowid, event_id, role, position",
            chunk,
        ):
            out.setdefault((rowid, eid, role), []).append(name)
    return out
