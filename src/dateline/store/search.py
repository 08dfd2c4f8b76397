"""Full-text search over articles: the SQL behind ``SQLiteCorpus.search``.

A query (store/query.py) arrives as a :class:`~dateline.store.query.Plan`.  It runs in
two steps so the costly parts are paid for one page only:

1. the page of article rowids, driven by the word index (``articles_fts MATCH``, ranked
   by bm25 with a title hit worth five body hits), else by the trigram index
   (``articles_tri MATCH``, the same bm25) when the query's positive terms are all CJK,
   else by a scan of ``articles`` (a query whose only positive term is a 1–2 character
   CJK term, or an OR mixing CJK and other words: these rank by date);
2. for those rows only: ``snippet()`` and bm25 from the word index, or a snippet
   computed here around the first CJK term for trigram and scan hits.

``sort="date"`` orders newest first (rowid breaks ties, so pages are stable).  Every
value is a parameter; the SQL text is built only from fixed fragments.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from .base import SearchHit
from .query import TRIGRAM_RANK, WORD_RANK, Plan

SORTS = ("relevance", "date")
SNIPPET_TOKENS = 16  # words around a word hit (FTS5 snippet())
SNIPPET_CHARS = 60  # characters around a CJK hit (denser script: about as much text)
OPEN, CLOSE, ELLIPSIS = "«", "»", "…"


def _drivers(plan: Plan) -> tuple[tuple[str, str, str | None], ...]:
    """The indexes a page can be driven from, in order of preference."""
    return (("articles_fts", WORD_RANK, plan.match), ("articles_tri", TRIGRAM_RANK, plan.trigram))


def _page(
    db: sqlite3.Connection,
    plan: Plan,
    where: Sequence[str],
    params: Sequence[Any],
    sort: str,
    limit: int,
    offset: int,
) -> list[tuple[int, float]]:
    conds = [*where, *plan.where]
    args: list[Any] = [*params, *plan.params]
    by_date = "a.published IS NULL, a.published DESC, a.rowid DESC"
    driver = next(((table, rank, m) for table, rank, m in _drivers(plan) if m is not None), None)
    if driver is not None:
        table, rank, match = driver
        sql = (
            f"SELECT a.rowid, {rank if sort == 'relevance' else '0.0'} AS score"
            f" FROM {table} JOIN articles a ON a.rowid = {table}.rowid WHERE {table} MATCH ?"
        )
        args.insert(0, match)
        order = "score, a.rowid" if sort == "relevance" else by_date
    else:
        sql = "SELECT a.rowid, 0.0 AS score FROM articles a WHERE 1"
        order = by_date
    sql += "".join(f" AND {c}" for c in conds) + f" ORDER BY {order} LIMIT ? OFFSET ?"
    return [(r[0], r[1]) for r in db.execute(sql, (*args, limit, offset))]


def computed_snippet(text: str, terms: Sequence[str], *, width: int = SNIPPET_CHARS) -> str | None:
    """``width`` characters either side of the first occurrence of any term (case-folded
    search), every occurrence inside the window marked «…»; None when none occurs."""
    low = text.lower()
    found = [(low.find(t.lower()), t) for t in terms if t]
    found = [(i, t) for i, t in found if i >= 0]
    if not found:
        return None
    first = min(i for i, _ in found)
    start, end = max(0, first - width), min(len(text), first + width * 2)
    spans: list[tuple[int, int]] = []
    for t in sorted({t.lower() for _, t in found}, key=len, reverse=True):
        i = low.find(t, start)
        while 0 <= i and i + len(t) <= end:
            if not any(s < i + len(t) and i < e for s, e in spans):
                spans.append((i, i + len(t)))
            i = low.find(t, i + len(t))
    out, pos = [], start
    for s, e in sorted(spans):
        out += [text[pos:s], OPEN, text[s:e], CLOSE]
        pos = e
    out.append(text[pos:end])
    return (ELLIPSIS if start > 0 else "") + "".join(out) + (ELLIPSIS if end < len(text) else "")


def find(
    db: sqlite3.Connection,
    plan: Plan,
    *,
    where: Sequence[str],
    params: Sequence[Any],
    sort: str,
    limit: int,
    offset: int,
) -> list[SearchHit]:
    page = _page(db, plan, where, params, sort, limit, offset)
    hits = []
    for rowid, score in page:
        a = db.execute(
            "SELECT id, title, published, source, body FROM articles WHERE rowid = ?", (rowid,)
        ).fetchone()
        snip = None
        if plan.match is not None:
            row = db.execute(
                f"SELECT snippet(articles_fts, 1, '{OPEN}', '{CLOSE}', '{ELLIPSIS}', {SNIPPET_TOKENS}),"
                f" {WORD_RANK} FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?",
                (plan.match, rowid),
            ).fetchone()
            snip, score = row[0], row[1]
            if plan.highlight and OPEN not in snip:  # the words hit the title only; show the CJK hit
                snip = computed_snippet(a[4], plan.highlight) or snip
        else:
            snip = computed_snippet(a[4], (*plan.highlight, *plan.words))
            if plan.trigram is not None and sort != "relevance":
                row = db.execute(
                    f"SELECT {TRIGRAM_RANK} FROM articles_tri WHERE articles_tri MATCH ? AND rowid = ?",
                    (plan.trigram, rowid),
                ).fetchone()
                score = row[0] if row else 0.0
        if snip is None:  # a title-only hit: the body's opening
            snip = a[4][: SNIPPET_CHARS * 2] + (ELLIPSIS if len(a[4]) > SNIPPET_CHARS * 2 else "")
        hits.append(SearchHit(a[0], a[1], a[2], a[3], snip, -score if score else 0.0))
    return hits
