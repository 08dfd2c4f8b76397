"""Story clusters: the original articles reporting one happening share a story.

The store calls these (sqlite.py):

    assign(db, rowids) -> int        decide each queued original's story, in order
    forget(db, rowids) -> None       before those articles are deleted (or become copies)
    listing(db, ...) -> list[StoryRow]
    detail(db, story_id) -> StoryDetail | None
    of_article(db, rowid) -> (story_id, [rowid of other members by time])

Each original, in the order given, gets its key terms (store/story_terms.py), is compared
with the earlier members sharing its rarest terms within the time window
(store/story_match.py), and joins the story scoring best when that score reaches the
named threshold of data/stories.json, else starts a story.  Nothing is reclustered: a
member keeps its story until it is forgotten.  story_members.evidence records each
decision: the member matched, its features, the score, the threshold and the runner-up."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from . import happenings
from .base import StoryDetail, StoryMember, StoryRow
from .story_match import Doc, Memo, candidates, compare, load_docs
from .story_terms import StoryConfig, config, drop_terms, key_terms, store_terms

Pair = tuple[Doc, dict[str, float], float]


def assign(db: sqlite3.Connection, rowids: Sequence[int], *, cfg: StoryConfig | None = None) -> int:
    """Decide the story of each original in ``rowids`` (those without one yet), in order;
    returns how many were decided."""
    cfg = cfg or config()
    n_docs = db.execute("SELECT count(*) FROM story_members").fetchone()[0]
    memo = Memo()
    touched: set[int] = set()
    done = 0
    for rowid in rowids:
        row = db.execute("SELECT story_id, duplicate_of FROM articles WHERE rowid = ?", (rowid,)).fetchone()
        if row is None or row[0] is not None or row[1] is not None:
            continue
        n_docs += 1
        terms = key_terms(db, rowid, n_docs - 1, cfg, memo.frequencies)
        store_terms(db, rowid, terms)
        memo.counted(list(terms))
        doc = load_docs(db, [rowid], {rowid: terms}, cfg)[rowid]
        df = memo.frequencies(db, list(terms))
        others = load_docs(db, candidates(db, doc, df, n_docs, cfg), {}, cfg, memo)
        pairs = compare(db, doc, list(others.values()), n_docs, cfg, memo)
        story_id, score, evidence = decide(db, doc, pairs, cfg)
        if story_id is None:
            story_id = db.execute(
                "INSERT INTO stories (created_at) VALUES (?)",
                (datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),),
            ).lastrowid
        db.execute(
            "INSERT INTO story_members (article_rowid, story_id, score, evidence) VALUES (?,?,?,?)",
            (rowid, story_id, score, json.dumps(evidence, ensure_ascii=False)),
        )
        db.execute("UPDATE articles SET story_id = ? WHERE rowid = ?", (story_id, rowid))
        touched.add(story_id)
        done += 1
    for sid in sorted(touched):
        refresh(db, sid)
    return done


def story_scores(
    pairs: Sequence[Pair], sizes: dict[int, int], how: str, gates: dict[str, float]
) -> list[tuple[int, float, Pair]]:
    """Each candidate story with its score from its members' (``max``, or ``top2``: the mean
    of the two best, a story of one member counting that one) and its best pair, best
    first; a pair under one of the ``gates`` (feature: least value) scores 0."""
    by_story: dict[int, list[Pair]] = defaultdict(list)
    for member, feats, s in pairs:
        if member.story_id is not None:
            passed = all(feats[k] >= v for k, v in gates.items())
            by_story[member.story_id].append((member, feats, s if passed else 0.0))
    out = []
    for sid, ps in by_story.items():
        ps.sort(key=lambda p: (-p[2], p[0].rowid))
        if how == "top2" and sizes.get(sid, 1) >= 2:
            s = (ps[0][2] + (ps[1][2] if len(ps) > 1 else 0.0)) / 2
        else:
            s = ps[0][2]
        out.append((sid, s, ps[0]))
    out.sort(key=lambda x: (-x[1], x[0]))
    return out


def threshold(doc: Doc, member: Doc, cfg: StoryConfig) -> float:
    """The join threshold of a pair: stricter when either side has no publication time."""
    undated = doc.published is None or member.published is None
    return cfg.join_threshold + (cfg.undated_margin if undated else 0.0)


def decide(
    db: sqlite3.Connection, doc: Doc, pairs: Sequence[Pair], cfg: StoryConfig
) -> tuple[int | None, float | None, dict[str, Any]]:
    """(story to join or None, join score, evidence)."""
    sids = sorted({p[0].story_id for p in pairs if p[0].story_id is not None})
    sizes: dict[int, int] = {}
    if sids:
        marks = ",".join("?" * len(sids))
        sizes = dict(
            db.execute(
                f"SELECT story_id, count(*) FROM story_members WHERE story_id IN ({marks}) GROUP BY story_id",
                sids,
            ).fetchall()
        )
    ranked = story_scores(pairs, sizes, cfg.story_score, cfg.gates)
    option = [_option(db, sid, s, p, doc, cfg) for sid, s, p in ranked[:2]]
    evidence: dict[str, Any] = {"candidates": len(pairs), "aggregate": cfg.story_score}
    if option and option[0]["score"] >= option[0]["threshold"]:
        evidence.update(option[0])
        evidence["runner_up"] = option[1] if len(option) > 1 else None
        return ranked[0][0], option[0]["score"], evidence
    evidence["best"] = option[0] if option else None
    evidence["threshold"] = cfg.join_threshold if not option else option[0]["threshold"]
    return None, None, evidence


def _option(
    db: sqlite3.Connection, sid: int, s: float, pair: Pair, doc: Doc, cfg: StoryConfig
) -> dict[str, Any]:
    member, feats, pair_score = pair
    (article_id,) = db.execute("SELECT id FROM articles WHERE rowid = ?", (member.rowid,)).fetchone()
    return {
        "story": sid,
        "matched": article_id,
        "features": feats,
        "member_score": round(pair_score, 4),
        "gated": [k for k, v in cfg.gates.items() if feats[k] < v],
        "score": round(s, 4),
        "threshold": round(threshold(doc, member, cfg), 4),
    }


def refresh(db: sqlite3.Connection, story_id: int) -> None:
    """Recount a story from its members (label: the earliest report's title); a story
    left without members goes (its happenings keep no story)."""
    n, first, last, sources = db.execute(
        "SELECT count(*), min(a.published), max(a.published), count(DISTINCT coalesce(a.publisher, a.source))"
        " FROM story_members m JOIN articles a ON a.rowid = m.article_rowid WHERE m.story_id = ?",
        (story_id,),
    ).fetchone()
    if n == 0:
        db.execute("UPDATE happenings SET story_id = NULL WHERE story_id = ?", (story_id,))
        db.execute("DELETE FROM stories WHERE id = ?", (story_id,))
        return
    (label,) = db.execute(
        "SELECT a.title FROM story_members m JOIN articles a ON a.rowid = m.article_rowid"
        " WHERE m.story_id = ? ORDER BY a.published IS NULL, a.published, a.rowid LIMIT 1",
        (story_id,),
    ).fetchone()
    db.execute(
        "UPDATE stories SET label = ?, first_published = ?, last_published = ?, articles = ?, sources = ?"
        " WHERE id = ?",
        (label, first, last, n, sources, story_id),
    )


def forget(db: sqlite3.Connection, rowids: Sequence[int]) -> None:
    """Undo the stories of articles about to be deleted (or become copies): their terms
    leave term_df, they leave their stories, which are recounted or go when empty."""
    touched: set[int] = set()
    for rowid in rowids:
        row = db.execute("SELECT story_id FROM story_members WHERE article_rowid = ?", (rowid,)).fetchone()
        drop_terms(db, rowid)
        if row is not None:
            touched.add(row[0])
            db.execute("DELETE FROM story_members WHERE article_rowid = ?", (rowid,))
        db.execute("UPDATE articles SET story_id = NULL WHERE rowid = ?", (rowid,))
    for sid in sorted(touched):
        refresh(db, sid)


def listing(
    db: sqlite3.Connection,
    *,
    since: str | None,
    until: str | None,
    entity_ids: Sequence[int] | None,
    min_articles: int,
    limit: int,
    offset: int,
) -> list[StoryRow]:
    """Stories latest first whose [first, last] publication span meets [since, until)
    (bounds normalized by the caller), with a member naming one of ``entity_ids``."""
    where = ["s.articles >= ?"]
    params: list[Any] = [min_articles]
    if since is not None:
        where.append("s.last_published >= ?")
        params.append(since)
    if until is not None:
        where.append("s.first_published < ?")
        params.append(until)
    if entity_ids is not None:
        ids = list(entity_ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        where.append(
            "s.id IN (SELECT a.story_id FROM entities e JOIN articles a ON a.rowid = e.article_rowid"
            f" WHERE e.identity_id IN ({marks}) AND a.story_id IS NOT NULL)"
        )
        params.extend(ids)
    rows = db.execute(
        "SELECT s.id, s.label, s.first_published, s.last_published, s.articles, s.sources FROM stories s"
        f" WHERE {' AND '.join(where)}"
        " ORDER BY s.last_published IS NULL, s.last_published DESC, s.id DESC LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    n = config().label_entities
    return [_row(db, tuple(r), n) for r in rows]


def _row(db: sqlite3.Connection, r: tuple[Any, ...], n_entities: int) -> StoryRow:
    outlets = tuple(
        o
        for (o,) in db.execute(
            "SELECT coalesce(a.publisher, a.source) AS o FROM story_members m"
            " JOIN articles a ON a.rowid = m.article_rowid"
            " WHERE m.story_id = ? AND coalesce(a.publisher, a.source) IS NOT NULL"
            " GROUP BY o ORDER BY min(CASE WHEN a.published IS NULL THEN 1 ELSE 0 END), min(a.published), o",
            (r[0],),
        )
    )
    names = tuple(name for name, _type, _n in shared_entities(db, r[0])[:n_entities])
    return StoryRow(r[0], r[1], r[2], r[3], r[4], r[5], outlets, names)


def shared_entities(db: sqlite3.Connection, story_id: int) -> list[tuple[str, str, int]]:
    """(name, type, members naming it) of the identities two or more members name."""
    rows = db.execute(
        "SELECT i.name, i.type, count(DISTINCT e.article_rowid) AS n FROM story_members m"
        " JOIN entities e ON e.article_rowid = m.article_rowid JOIN identities i ON i.id = e.identity_id"
        " WHERE m.story_id = ? GROUP BY i.id HAVING count(DISTINCT e.article_rowid) >= 2 ORDER BY n DESC, i.name",
        (story_id,),
    ).fetchall()
    return [(name, t, n) for name, t, n in rows]


def detail(db: sqlite3.Connection, story_id: int) -> StoryDetail | None:
    r = db.execute(
        "SELECT id, label, first_published, last_published, articles, sources FROM stories WHERE id = ?",
        (story_id,),
    ).fetchone()
    if r is None:
        return None
    members = tuple(
        StoryMember(aid, title, pub, src, publisher, score, json.loads(ev), copies)
        for aid, title, pub, src, publisher, score, ev, copies in db.execute(
            "SELECT a.id, a.title, a.published, a.source, a.publisher, m.score, m.evidence,"
            " (SELECT count(*) FROM articles c WHERE c.duplicate_of = a.rowid)"
            " FROM story_members m JOIN articles a ON a.rowid = m.article_rowid WHERE m.story_id = ?"
            " ORDER BY a.published IS NULL, a.published, a.rowid",
            (story_id,),
        )
    )
    return StoryDetail(
        _row(db, tuple(r), config().label_entities),
        members,
        tuple(shared_entities(db, story_id)),
        _happenings(db, story_id),
    )


def _happenings(db: sqlite3.Connection, story_id: int) -> tuple[Any, ...]:
    """The story's happenings (store/happenings.py); none while that module cannot list."""
    try:
        rows = happenings.listing(
            db,
            plover_type=None,
            entity_ids=None,
            entity_key=None,
            story=story_id,
            since=None,
            until=None,
            min_sources=1,
            limit=200,
            offset=0,
        )
    except NotImplementedError:
        return ()
    return tuple(rows)


def of_article(db: sqlite3.Connection, rowid: int) -> tuple[int | None, list[int]]:
    """The article's story and the other members' rowids by publication time."""
    row = db.execute("SELECT story_id FROM articles WHERE rowid = ?", (rowid,)).fetchone()
    if row is None or row[0] is None:
        return None, []
    others = [
        r
        for (r,) in db.execute(
            "SELECT a.rowid FROM story_members m JOIN articles a ON a.rowid = m.article_rowid"
            " WHERE m.story_id = ? AND a.rowid != ? ORDER BY a.published IS NULL, a.published, a.rowid",
            (row[0], rowid),
        )
    ]
    return row[0], others
