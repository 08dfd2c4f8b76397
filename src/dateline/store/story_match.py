"""Comparing a new original with the earlier members of stories: the candidates (members
sharing its rarest terms within the time window, a bounded number of postings per term),
the features of each pair and their score.

Features (each in a small range, so the fitted weights read as importances):

- ``cosine``: tf-idf cosine over the key words (not the ``@identity`` terms, which the next
  feature weighs, so that a report naming the same people about another matter is told
  by its words);
- ``identities``: the idf-weighted share of corpus identities both name (cosine of sets);
- ``plover``: Jaccard of the PLOVER types of their events (0 when either has none);
- ``dates``: +1 when an event date of one overlaps one of the other's (±1 day), -1 when
  both date events in the text and none do, 0 when undecided;
- ``gap``: the publication gap over the window (0 … 1; 0 when either is undated);
- ``title``: the idf-weighted cosine of the two titles' word sets (a headline about
  another topic shares the body's setting, not its subject)."""

from __future__ import annotations

import math
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .story_terms import StoryConfig, document_frequencies, idf, words

FEATURES = ("cosine", "identities", "plover", "dates", "gap", "title")


@dataclass(frozen=True)
class Doc:
    """What the comparison needs of one article."""

    rowid: int
    story_id: int | None
    published: datetime | None
    terms: dict[str, float]
    plover: frozenset[str]
    dates: tuple[tuple[str, str], ...]  # [date_sort, date_end) of events dated by the text
    title: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()  # its @identity terms


@dataclass(frozen=True)
class Memo:
    """What one assign call has read and may read again: the Docs of story members (their
    terms and story do not change while it runs) and term_df, kept equal to the table
    (:func:`counted` is told of each increment)."""

    docs: dict[int, Doc] = field(default_factory=dict)
    df: dict[str, int] = field(default_factory=dict)

    def frequencies(self, db: sqlite3.Connection, terms: list[str]) -> dict[str, int]:
        missing = [t for t in terms if t not in self.df]
        if missing:
            found = document_frequencies(db, missing)
            for t in missing:
                self.df[t] = found.get(t, 0)
        return {t: self.df[t] for t in terms}

    def counted(self, terms: list[str]) -> None:
        for t in terms:
            if t in self.df:
                self.df[t] += 1


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def load_docs(
    db: sqlite3.Connection,
    rowids: list[int],
    terms: dict[int, dict[str, float]],
    cfg: StoryConfig,
    memo: Memo | None = None,
) -> dict[int, Doc]:
    """The Docs of stored articles; ``terms`` gives those already known (else article_terms);
    those of story members are kept in ``memo``."""
    out: dict[int, Doc] = {}
    if memo is not None:
        out = {r: memo.docs[r] for r in rowids if r in memo.docs}
        rowids = [r for r in rowids if r not in out]
    if not rowids:
        return out
    marks = ",".join("?" * len(rowids))
    stored: dict[int, dict[str, float]] = defaultdict(dict)
    missing = [r for r in rowids if r not in terms]
    if missing:
        m2 = ",".join("?" * len(missing))
        for r, t, w in db.execute(
            f"SELECT article_rowid, term, weight FROM article_terms WHERE article_rowid IN ({m2})", missing
        ):
            stored[r][t] = w
    plover: dict[int, set[str]] = defaultdict(set)
    dates: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for r, p, ds, de, src in db.execute(
        f"SELECT article_rowid, plover_type, date_sort, date_end, date_source FROM events"
        f" WHERE article_rowid IN ({marks}) AND historical = 0",
        rowids,
    ):
        if p:
            plover[r].add(p)
        if src == "text" and ds and de:
            dates[r].append((ds, de))
    for r, story, pub, title in db.execute(
        f"SELECT rowid, story_id, published, title FROM articles WHERE rowid IN ({marks})", rowids
    ):
        tw = terms[r] if r in terms else stored.get(r, {})
        out[r] = Doc(
            r,
            story,
            parse_time(pub),
            tw,
            frozenset(plover.get(r, ())),
            tuple(dates.get(r, ())),
            frozenset(words(title or "", cfg)),
            frozenset(t for t in tw if t[0] == "@"),
        )
        if memo is not None and story is not None:
            memo.docs[r] = out[r]
    return out


def window(doc: Doc, cfg: StoryConfig) -> tuple[str, str] | None:
    if doc.published is None:
        return None
    d = timedelta(days=cfg.window_days)
    return iso(doc.published - d), iso(doc.published + d)


def candidates(
    db: sqlite3.Connection, doc: Doc, df: dict[str, int], n_docs: int, cfg: StoryConfig
) -> list[int]:
    """Earlier story members sharing the article's rarest terms (those under the df cap),
    within the window when it is dated; at most ``compared``, most shared idf first."""
    cap = max(cfg.min_df_cap, cfg.max_df_share * n_docs)
    usable = [t for t in doc.terms if 1 < df.get(t, 0) <= cap]  # shared: df counts the article itself
    usable.sort(key=lambda t: (df[t], t))
    bounds = window(doc, cfg)
    where = "a.story_id IS NOT NULL"
    extra: tuple[str, ...] = ()
    if bounds is not None:
        where += " AND (a.published IS NULL OR a.published BETWEEN ? AND ?)"
        extra = bounds
    shared: dict[int, float] = defaultdict(float)
    for t in usable[: cfg.query_terms]:
        w = idf(df[t], n_docs)
        for (r,) in db.execute(
            "SELECT p.article_rowid FROM (SELECT article_rowid FROM article_terms WHERE term = ?"
            " ORDER BY article_rowid DESC LIMIT ?) p JOIN articles a ON a.rowid = p.article_rowid"
            f" WHERE {where}",
            (t, cfg.postings, *extra),
        ):
            if r != doc.rowid:
                shared[r] += w
    ranked = sorted(shared, key=lambda r: (-shared[r], -r))
    return ranked[: cfg.compared]


def _norm(terms: dict[str, float], weight: dict[str, float]) -> float:
    return math.sqrt(sum((w * weight[t]) ** 2 for t, w in terms.items() if t[0] != "@")) or 1.0


def _identities(a: Doc, b: Doc, weight: dict[str, float]) -> float:
    ia, ib = a.ids, b.ids
    if not ia or not ib:
        return 0.0
    both = sum(weight[t] for t in ia & ib)
    return both / math.sqrt(sum(weight[t] for t in ia) * sum(weight[t] for t in ib))


def _dates(a: Doc, b: Doc) -> float:
    if not a.dates or not b.dates:
        return 0.0
    for s1, e1 in a.dates:
        for s2, e2 in b.dates:
            if _day(s1) <= _day(e2) + 1 and _day(s2) <= _day(e1) + 1:
                return 1.0
    return -1.0


def _day(value: str) -> int:
    try:
        return datetime.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return 0


def features(
    a: Doc, b: Doc, weight: dict[str, float], cfg: StoryConfig, norms: tuple[float, float] | None = None
) -> dict[str, float]:
    """The pair's features; ``weight`` holds the idf of every term of both, ``norms`` their
    word vectors' lengths when known."""
    dot = sum(w * b.terms[t] * weight[t] ** 2 for t, w in a.terms.items() if t in b.terms and t[0] != "@")
    na, nb = norms or (_norm(a.terms, weight), _norm(b.terms, weight))
    cos = dot / (na * nb)
    plover = len(a.plover & b.plover) / len(a.plover | b.plover) if a.plover and b.plover else 0.0
    gap = 0.0
    if a.published is not None and b.published is not None:
        days = abs((a.published - b.published).total_seconds()) / 86400.0
        gap = min(1.0, days / cfg.window_days)
    title = 0.0
    if a.title and b.title:
        both = sum(weight.get(t, 1.0) for t in a.title & b.title)
        title = both / math.sqrt(
            sum(weight.get(t, 1.0) for t in a.title) * sum(weight.get(t, 1.0) for t in b.title)
        )
    return {
        "cosine": round(cos, 4),
        "identities": round(_identities(a, b, weight), 4),
        "plover": round(plover, 4),
        "dates": _dates(a, b),
        "gap": round(gap, 4),
        "title": round(title, 4),
    }


def score(feats: dict[str, float], cfg: StoryConfig) -> float:
    z = cfg.bias + sum(cfg.weights.get(k, 0.0) * v for k, v in feats.items())
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def compare(
    db: sqlite3.Connection,
    doc: Doc,
    others: list[Doc],
    n_docs: int,
    cfg: StoryConfig,
    memo: Memo | None = None,
) -> list[tuple[Doc, dict[str, float], float]]:
    """Each other Doc with the pair's features and score, idf from term_df now."""
    terms = set(doc.terms) | doc.title
    for o in others:
        terms.update(o.terms)
        terms.update(o.title)
    ordered = sorted(terms)
    df = memo.frequencies(db, ordered) if memo is not None else document_frequencies(db, ordered)
    weight = {t: idf(df.get(t, 0), n_docs) for t in terms}
    own = _norm(doc.terms, weight)
    out = []
    for o in others:
        f = features(doc, o, weight, cfg, (own, _norm(o.terms, weight)))
        out.append((o, f, score(f, cfg)))
    return out
