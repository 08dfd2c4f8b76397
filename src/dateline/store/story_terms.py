"""An article's key terms for story clusters: content words of its title (weighted up) and
body — lower case, stopwords out, a light suffix stemmer — and the corpus identities of
its entities as ``@<identity id>``.  Body words inside entity mentions are left out
(:func:`without_names`).  The weights kept in article_terms are the term
frequencies (1 + log tf); the inverse document frequency is applied when two articles are
compared, from term_df as it is then, so early articles are not weighed by a tiny corpus.

The named settings live in data/stories.json (:func:`config`)."""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources
from typing import Any

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class StoryConfig:
    """The settings of data/stories.json (see its ``_doc``)."""

    keep: int
    title_weight: float
    entity_weight: float
    min_length: int
    entity_types_skipped: frozenset[str]
    window_days: float
    query_terms: int
    max_df_share: float
    min_df_cap: int
    postings: int
    compared: int
    bias: float
    weights: dict[str, float] = field(hash=False)
    join_threshold: float = 0.5
    gates: dict[str, float] = field(default_factory=dict, hash=False)
    undated_margin: float = 0.2
    story_score: str = "max"
    label_entities: int = 5
    stopwords: frozenset[str] = frozenset()

    def with_(self, **changes: Any) -> StoryConfig:
        return replace(self, **changes)


def from_json(data: dict[str, Any]) -> StoryConfig:
    t, c, s = data["terms"], data["candidates"], data["score"]
    if data["story_score"] not in ("max", "top2"):
        raise ValueError(f"stories.json: story_score must be 'max' or 'top2', not {data['story_score']!r}")
    return StoryConfig(
        keep=int(t["keep"]),
        title_weight=float(t["title_weight"]),
        entity_weight=float(t["entity_weight"]),
        min_length=int(t["min_length"]),
        entity_types_skipped=frozenset(t["entity_types_skipped"]),
        window_days=float(c["window_days"]),
        query_terms=int(c["query_terms"]),
        max_df_share=float(c["max_df_share"]),
        min_df_cap=int(c["min_df_cap"]),
        postings=int(c["postings"]),
        compared=int(c["compared"]),
        bias=float(s["bias"]),
        weights={k: float(v) for k, v in s["weights"].items()},
        join_threshold=float(data["join_threshold"]),
        gates={k: float(v) for k, v in data["gates"].items()},
        undated_margin=float(data["undated_margin"]),
        story_score=data["story_score"],
        label_entities=int(data["label_entities"]),
        stopwords=frozenset(data["stopwords"]),
    )


@cache
def config() -> StoryConfig:
    """The shipped settings (data/stories.json)."""
    text = resources.files("dateline.store").joinpath("data/stories.json").read_text(encoding="utf-8")
    return from_json(json.loads(text))


@lru_cache(maxsize=262144)
def stem(word: str) -> str:
    """A light English suffix stemmer: plurals, -ing, -ed, possessives ('talks' and 'talk',
    'protesters' and 'protester', 'agreed' and 'agree' meet; rarer forms may not)."""
    w = word.replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "")
    n = len(w)
    if n > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if n > 4 and w.endswith("sses"):
        return w[:-2]
    if n > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    elif n > 5 and w.endswith("ing"):
        w = w[:-3]
    elif n > 4 and w.endswith("ed"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("e"):
        w = w[:-1]  # 'agree'/'agre(ed)', 'protest(e)': one form
    return w


def words(text: str, cfg: StoryConfig) -> list[str]:
    out = []
    for m in _WORD.finditer(text.lower()):
        w = m.group()
        if len(w) < cfg.min_length or w in cfg.stopwords:
            continue
        s = stem(w)
        if len(s) >= cfg.min_length and s not in cfg.stopwords:
            out.append(s)
    return out


def raw_terms(db: sqlite3.Connection, rowid: int, cfg: StoryConfig) -> Counter[str]:
    """The weighted term counts of one stored article: title words count ``title_weight``,
    body words 1, an entity identity ``entity_weight`` per mention (at most 3)."""
    row = db.execute("SELECT title, body, record FROM articles WHERE rowid = ?", (rowid,)).fetchone()
    counts: Counter[str] = Counter()
    if row is None:
        return counts
    for w in words(row[0] or "", cfg):
        counts[w] += cfg.title_weight
    for w in words(without_names(row[1] or "", row[2]), cfg):
        counts[w] += 1.0
    for ident, etype, mentions in db.execute(
        "SELECT identity_id, type, mentions FROM entities WHERE article_rowid = ? AND identity_id IS NOT NULL",
        (rowid,),
    ):
        if etype not in cfg.entity_types_skipped:
            counts[f"@{ident}"] += cfg.entity_weight * min(3, max(1, mentions))
    return counts


def without_names(body: str, record: str | None) -> str:
    """The body with its entity mentions blanked: the names count once, as identities,
    and the words say what happened (the same people about another matter share names,
    not words)."""
    try:
        entities = json.loads(record or "{}").get("entities") or []
    except ValueError:
        return body
    chars = list(body)
    for e in entities:
        for span in e.get("mentions") or []:
            s, t = int(span[0]), int(span[1])
            chars[s:t] = " " * max(0, min(t, len(chars)) - s)
    return "".join(chars)


def idf(df: int, n: int) -> float:
    """Smoothed inverse document frequency of a term in ``df`` of ``n`` articles."""
    return math.log((n + 1) / (df + 1)) + 1.0


def document_frequencies(db: sqlite3.Connection, terms: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in range(0, len(terms), 500):
        part = terms[i : i + 500]
        marks = ",".join("?" * len(part))
        out.update(db.execute(f"SELECT term, n FROM term_df WHERE term IN ({marks})", part).fetchall())
    return out


def key_terms(
    db: sqlite3.Connection,
    rowid: int,
    n_docs: int,
    cfg: StoryConfig,
    frequencies: Callable[[sqlite3.Connection, list[str]], dict[str, int]] = document_frequencies,
) -> dict[str, float]:
    """The ``keep`` terms of the article with the highest tf × idf (idf counting this
    article in), as {term: 1 + log tf}."""
    counts = raw_terms(db, rowid, cfg)
    if not counts:
        return {}
    df = frequencies(db, list(counts))
    tf = {t: 1.0 + math.log(c) if c >= 1 else c for t, c in counts.items()}
    ranked = sorted(tf, key=lambda t: (-tf[t] * idf(df.get(t, 0) + 1, n_docs + 1), t))
    return {t: tf[t] for t in ranked[: cfg.keep]}


def store_terms(db: sqlite3.Connection, rowid: int, terms: dict[str, float]) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO article_terms (article_rowid, term, weight) VALUES (?,?,?)",
        [(rowid, t, w) for t, w in terms.items()],
    )
    db.executemany(
        "INSERT INTO term_df (term, n) VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET n = term_df.n + 1",
        [(t,) for t in terms],
    )


def drop_terms(db: sqlite3.Connection, rowid: int) -> None:
    terms = [r[0] for r in db.execute("SELECT term FROM article_terms WHERE article_rowid = ?", (rowid,))]
    db.executemany("UPDATE term_df SET n = n - 1 WHERE term = ?", [(t,) for t in terms])
    db.executemany("DELETE FROM term_df WHERE term = ? AND n <= 0", [(t,) for t in terms])
    db.execute("DELETE FROM article_terms WHERE article_rowid = ?", (rowid,))


def stored_terms(db: sqlite3.Connection, rowid: int) -> dict[str, float]:
    return dict(db.execute("SELECT term, weight FROM article_terms WHERE article_rowid = ?", (rowid,)))
