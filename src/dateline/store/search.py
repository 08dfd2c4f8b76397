"""Full-text search over articles: the SQL behind ``SQLiteCorpus.search``.

A query (store/query.py) arrives as a :class:`~dateline.store.query.Plan`.  How the page
of hits is found depends on what drives it, so that the costly parts (bm25, snippets)
are paid for as few rows as possible:

* **relevance**: bm25 (a title hit worth five body hits) from the word index, or from
  the trigram index when the positive terms are all CJK of 3+ characters.  The facets
  (source, dates, entity) become one set of rowids built from their indexes, and bm25
  is computed only for the matching rows in it.  bm25 costs a few microseconds per
  row, so for a query matching more than :data:`RANK_WINDOW` articles after the facets
  it ranks the :data:`RANK_WINDOW` most recently stored of them (the highest rowids,
  which FTS5 finds without ranking anything); fewer matches are ranked exactly.
  Conditions that read the article (1–2 character CJK terms with other words) are
  checked on a join instead, ranked exactly.
* **sort by date**: the matching rowids are collected once and the publication index is
  walked newest first, so the page costs no ranking at all.
* **a scan** of ``articles`` when nothing can drive (a lone 1–2 character CJK term, an OR
  mixing CJK and other words): newest first.

Snippets the index did not give are computed here from the body around the first
positive term (words, phrases and prefixes as regular expressions, CJK terms as text).
Every value is a parameter; the SQL text is built only from fixed fragments.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from typing import Any

from .base import SearchHit
from .query import TRIGRAM_RANK, WORD_RANK, Plan, Term

SORTS = ("relevance", "date")
RANK_WINDOW = 10_000  # matching articles bm25 ranks, newest stored first, when nothing else filters
SNIPPET_TOKENS = 16  # words around a word hit (FTS5 snippet())
SNIPPET_CHARS = 60  # characters either side of a computed snippet's first hit
OPEN, CLOSE, ELLIPSIS = "«", "»", "…"
_SNIPPET = f"snippet(articles_fts, 1, '{OPEN}', '{CLOSE}', '{ELLIPSIS}', {SNIPPET_TOKENS})"
_BY_DATE = "a.published DESC, a.rowid DESC"  # NULL (undated) sorts last


def _conds(conds: Sequence[str]) -> str:
    return "".join(f" AND {c}" for c in conds)


def _page(
    db: sqlite3.Connection,
    plan: Plan,
    where: Sequence[str],
    params: Sequence[Any],
    sort: str,
    limit: int,
    offset: int,
) -> list[tuple[int, float, str | None]]:
    """(rowid, score, snippet or None) for the page."""
    conds = [*where, *plan.where]
    args: list[Any] = [*params, *plan.params]
    page = (limit, offset)
    if sort == "date" or (plan.match is None and plan.trigram is None):
        if plan.match is not None:
            conds.insert(0, "a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            args.insert(0, plan.match)
        elif plan.trigram is not None:
            conds.insert(0, "a.rowid IN (SELECT rowid FROM articles_tri WHERE articles_tri MATCH ?)")
            args.insert(0, plan.trigram)
        sql = (
            "SELECT a.rowid, 0.0, NULL FROM articles a INDEXED BY articles_published WHERE 1"
            f"{_conds(conds)} ORDER BY {_BY_DATE} LIMIT ? OFFSET ?"
        )
        return [tuple(r) for r in db.execute(sql, (*args, *page))]
    match, table, rank = (
        (plan.match, "articles_fts", WORD_RANK)
        if plan.match is not None
        else (plan.trigram, "articles_tri", TRIGRAM_RANK)
    )
    if plan.where:  # conditions that read the article (CJK text): exact, over a join
        sql = (
            f"SELECT a.rowid, {rank} AS score, NULL FROM {table} JOIN articles a ON a.rowid = {table}.rowid"
            f" WHERE {table} MATCH ?{_conds(conds)} ORDER BY score, a.rowid LIMIT ? OFFSET ?"
        )
        return [tuple(r) for r in db.execute(sql, (match, *args, *page))]
    # The facets become one set of rowids, built from their indexes; bm25 is computed for
    # the matching rows in it only, and for at most RANK_WINDOW of them (the newest stored).
    base = f" FROM {table} WHERE {table} MATCH ?"
    bargs: list[Any] = [match]
    if where:
        base += " AND +rowid IN (SELECT a.rowid FROM articles a WHERE " + " AND ".join(where) + ")"
        bargs += params
    cut = db.execute(
        f"SELECT rowid{base} ORDER BY rowid DESC LIMIT 1 OFFSET ?", (*bargs, RANK_WINDOW - 1)
    ).fetchone()
    if cut is not None:
        base += " AND rowid >= ?"
        bargs.append(cut[0])
    sql = f"SELECT rowid, {rank} AS score, NULL{base} ORDER BY score, rowid LIMIT ? OFFSET ?"
    return [tuple(r) for r in db.execute(sql, (*bargs, *page))]


def _pattern(term: Term) -> str:
    if term.cjk:
        return re.escape(term.text)
    words = re.findall(r"\w+", term.text)
    if not words:
        return re.escape(term.text)
    return r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + (r"\w*" if term.prefix else r"(?!\w)")


def _highlighter(terms: Sequence[Term | str]) -> re.Pattern[str] | None:
    terms = [Term(t) if isinstance(t, str) else t for t in terms]
    if not terms:
        return None
    return re.compile("|".join(f"(?:{_pattern(t)})" for t in sorted(terms, key=lambda t: -len(t.text))), re.I)


def computed_snippet(
    text: str, terms: Sequence[Term | str] | re.Pattern[str] | None, *, width: int = SNIPPET_CHARS
) -> str | None:
    """``width`` characters either side of the first hit of any term (case-insensitive;
    a word as a whole word, a prefix as its start, a CJK term anywhere), every hit inside
    the window marked «…»; None when no term occurs.  ``terms`` may be a compiled
    :func:`_highlighter`."""
    rx = terms if isinstance(terms, re.Pattern) or terms is None else _highlighter(terms)
    if rx is None:
        return None
    first = rx.search(text)
    if first is None:
        return None
    start = max(0, first.start() - width)
    end = min(len(text), first.start() + width * 2)
    if start > 0:  # start and end on a space when there is one near
        sp = text.find(" ", start, first.start())
        start = sp + 1 if 0 <= sp < start + 15 else start
    out, pos = [], start
    for m in rx.finditer(text, start, end):
        out += [text[pos : m.start()], OPEN, m.group(0), CLOSE]
        pos = m.end()
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
    rows = {
        r[0]: r[1:]
        for r in db.execute(
            "SELECT rowid, id, title, published, source, body FROM articles"
            " WHERE rowid IN (SELECT CAST(value AS INTEGER) FROM json_each(?))",
            (json.dumps([p[0] for p in page]),),
        )
    }
    rx = _highlighter(plan.terms)
    hits = []
    for rowid, score, snip in page:
        a = rows[rowid]
        if snip is None or (
            plan.highlight and OPEN not in snip
        ):  # not given, or the words hit the title only
            snip = computed_snippet(a[4], rx) or snip
        in_title = snip is None and computed_snippet(a[1] or "", rx) is not None
        if snip is None and not in_title and plan.match is not None:  # a form missed (folded diacritics …)
            row = db.execute(
                f"SELECT {_SNIPPET} FROM articles_fts WHERE articles_fts MATCH ? AND rowid = ?",
                (plan.match, rowid),
            ).fetchone()
            snip = row[0] if row else None
        if snip is None:  # a title-only hit: the body's opening
            snip = a[4][: SNIPPET_CHARS * 2] + (ELLIPSIS if len(a[4]) > SNIPPET_CHARS * 2 else "")
        hits.append(SearchHit(a[0], a[1], a[2], a[3], snip, -score if score else 0.0))
    return hits
