"""Happenings: one record per real happening, merged from events of several articles.

Interface fixed by the store (sqlite.py calls these):

    assign(db, rowids) -> int        merge each queued original's events, in order
                                     (runs after stories.assign for the same rowids)
    forget(db, rowids) -> None       before those articles are deleted
    listing(db, ...) -> list[HappeningRow]
    detail(db, happening_id) -> HappeningDetail | None

**What merges.**  Each event of an original article, in the order the articles were
stored and then the order the article tells them, joins the happening it agrees with
best or starts one (store/happening_merge.py has the rules, data/happenings.json the
thresholds): the same PLOVER type; a shared actor or target and no one in swapped roles
(except for types whose sides do the same thing: "met", "agreed"); dates from the text
that overlap, or an undated report published soon after; the same place or one unknown.
Within one story (or one article: a happening told twice in a report is one happening)
a shared name is enough; across stories only a shared actor and target and overlapping
dates from the text.  Each report keeps its score and the evidence that matched
(``happening_reports.evidence``).

**What is a happening.**  Only events told as having happened (modality asserted or
reported, or none given): a planned meeting, a denied attack or a possible strike stay
on the events timeline but are not counted as happenings, so a plan and the meeting it
announced are not two happenings, and a happening that never happened is not one.

**Counts.**  ``reports`` counts events rows, ``sources`` distinct publishers of the
reporting articles (``coalesce(articles.publisher, articles.source)``: four papers
printing one wire story are one source); ``happening_args.reports`` counts the articles
naming each actor or target.  Candidates come from the indexes (actor/target keys, the
story), a bounded number per key, so each event costs the same however big the corpus.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from . import events as events_mod
from .base import HappeningDetail, HappeningReport, HappeningRow
from .happening_merge import Side, best, joined, rules
from .happening_write import article_events, candidate_ids, load_sides, recompute


def assign(db: sqlite3.Connection, rowids: Sequence[int]) -> int:
    """Merge the events of the original articles ``rowids`` (in this order) into
    happenings; returns the number of reports written.  An article already merged is
    first forgotten, so a re-queued article is merged once."""
    r = rules()
    rowids = list(dict.fromkeys(rowids))
    forget(db, rowids)
    sides: dict[int, Side] = {}  # happenings touched in this call, as they now stand
    stored: dict[int, Side] = {}  # happenings as stored, loaded once per call
    by_key: dict[Any, set[int]] = {}  # their keys, articles and stories: candidates not yet written
    written = 0
    for rowid in rowids:
        for ev in article_events(db, rowid, r):
            ids = candidate_ids(db, ev.side, r)
            for key in [*ev.side.actors, *ev.side.targets, ("article", rowid), ("story", ev.side.story_id)]:
                ids |= by_key.get(key, set())
            stored.update(load_sides(db, ids - sides.keys() - stored.keys()))
            cands = {h: sides.get(h) or stored[h] for h in ids if h in sides or h in stored}
            cands = {h: s for h, s in cands.items() if s.plover_type == ev.side.plover_type}
            found = best(ev.side, cands, r)
            if found is None:
                hid = _start(db, ev)
                score, evidence = None, {"started": True}
                side = ev.side
            else:
                hid, verdict = found
                score, evidence = verdict.score, verdict.evidence
                side = joined(cands[hid], ev.side)
            db.execute(
                "INSERT INTO happening_reports(article_rowid, event_id, happening_id, score, evidence)"
                " VALUES (?,?,?,?,?)",
                (ev.article_rowid, ev.event_id, hid, score, json.dumps(evidence, sort_keys=True)),
            )
            sides[hid] = side
            for key in [*ev.side.actors, *ev.side.targets, ("article", rowid)]:
                by_key.setdefault(key, set()).add(hid)
            if side.story_id is not None:
                by_key.setdefault(("story", side.story_id), set()).add(hid)
            written += 1
    for hid in sorted(sides):
        recompute(db, hid, r)
    return written


def _start(db: sqlite3.Connection, ev: Any) -> int:
    """A new happening for event ``ev`` (its columns are filled by ``recompute``)."""
    cur = db.execute(
        "INSERT INTO happenings(plover_type, location_identity_id, location_name, story_id) VALUES (?,?,?,?)",
        (ev.side.plover_type, ev.location_identity_id, ev.location_name, ev.side.story_id),
    )
    return int(cur.lastrowid)


def forget(db: sqlite3.Connection, rowids: Sequence[int]) -> None:
    """Remove the reports of articles ``rowids``; the happenings they reported are
    recomputed from the reports left, and deleted when none are."""
    r = rules()
    rowids = list(rowids)
    affected: set[int] = set()
    for i in range(0, len(rowids), 500):
        chunk = rowids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        affected.update(
            h
            for (h,) in db.execute(
                f"SELECT DISTINCT happening_id FROM happening_reports WHERE article_rowid IN ({marks})", chunk
            )
        )
        db.execute(f"DELETE FROM happening_reports WHERE article_rowid IN ({marks})", chunk)
    for hid in sorted(affected):
        recompute(db, hid, r)


# -- reading ------------------------------------------------------------------------

_COLUMNS = (
    "h.id, h.plover_type, h.label, h.date, h.sort_day, h.location_name, h.story_id,"
    " h.first_reported, h.reports, h.sources"
)


def listing(
    db: sqlite3.Connection,
    *,
    plover_type: str | None,
    entity_ids: Sequence[int] | None,
    entity_key: str | None,
    story: int | None,
    since: str | None,
    until: str | None,
    min_sources: int,
    limit: int,
    offset: int,
) -> list[HappeningRow]:
    """Happenings matching every filter, in the order they happened (as the events
    timeline: by day, the shorter period first, then id).  ``entity_ids`` is the identity
    group of a name (surname links followed), ``entity_key`` its key: a happening naming
    one of those identities, or an actor called that (a word of a generic phrase when no
    identity has the name, as events.find does).  ``since``/``until`` (YYYY, YYYY-MM,
    YYYY-MM-DD) keep happenings whose period (else their day) overlaps them."""
    where: list[str] = ["h.sources >= ?"]
    params: list[Any] = [min_sources]
    if plover_type:
        where.append("h.plover_type = ?")
        params.append(events_mod.plover_type(plover_type))
    if entity_key or entity_ids:
        group = list(entity_ids or ())
        if not group and entity_key:
            group = events_mod._only_full_name(db, entity_key)
        cond, p = events_mod._named_match("identity_id", "key", group, entity_key or "")
        if not group and entity_key:
            cond = f"({cond} OR (identity_id IS NULL AND instr(key, ?) > 0))"
            p.append(entity_key)
        where.append(f"h.id IN (SELECT happening_id FROM happening_args WHERE {cond})")
        params.extend(p)
    if story is not None:
        where.append("h.story_id = ?")
        params.append(story)
    if since:
        where.append("coalesce(h.date_end, date(h.sort_day, '+1 day')) > ?")
        params.append(events_mod.day_range(since)[0])
    if until:
        where.append("h.sort_day < ?")
        params.append(events_mod.day_range(until)[1])
    sql = (
        f"SELECT {_COLUMNS} FROM happenings h WHERE {' AND '.join(where)}"
        " ORDER BY h.sort_day IS NULL, h.sort_day, h.date_end IS NULL, h.date_end, h.id LIMIT ? OFFSET ?"
    )
    found = db.execute(sql, (*params, limit, offset)).fetchall()
    return _rows(db, found)


def _rows(db: sqlite3.Connection, found: Sequence[Sequence[Any]]) -> list[HappeningRow]:
    """HappeningRows of rows of ``_COLUMNS``, with actor and target names, most reported first."""
    names: dict[tuple[int, str], list[str]] = {}
    ids = [r[0] for r in found]
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for hid, role, name in db.execute(
            "SELECT happening_id, role, name FROM happening_args"
            f" WHERE happening_id IN ({','.join('?' * len(chunk))})"
            " ORDER BY happening_id, role, reports DESC, name",
            chunk,
        ):
            names.setdefault((hid, role), []).append(name)
    return [
        HappeningRow(
            *r, actors=tuple(names.get((r[0], "actor"), ())), targets=tuple(names.get((r[0], "target"), ()))
        )
        for r in found
    ]


def detail(db: sqlite3.Connection, happening_id: int) -> HappeningDetail | None:
    """A happening with its reports in the order they were published (the sentence of
    each, its trigger, date, merge score and evidence)."""
    found = db.execute(f"SELECT {_COLUMNS} FROM happenings h WHERE h.id = ?", (happening_id,)).fetchall()
    if not found:
        return None
    [row] = _rows(db, found)
    reports = [
        HappeningReport(
            aid,
            eid,
            title,
            published,
            source,
            publisher,
            sentence or "",
            (start, end) if start is not None else None,
            trigger,
            date,
            score,
            json.loads(evidence),
        )  # fmt: skip
        for aid, eid, title, published, source, publisher, sentence, start, end, trigger, date, score, evidence in db.execute(
            "SELECT a.id, hr.event_id, a.title, a.published, a.source, a.publisher,"
            ' substr(a.body, e.start + 1, e."end" - e.start), e.start, e."end", e.trigger_text, e.date,'
            " hr.score, hr.evidence FROM happening_reports hr"
            " JOIN events e USING (article_rowid, event_id) JOIN articles a ON a.rowid = hr.article_rowid"
            " WHERE hr.happening_id = ?"
            " ORDER BY a.published IS NULL, a.published, a.rowid, e.start, hr.event_id",
            (happening_id,),
        )
    ]
    return HappeningDetail(row, tuple(reports))
