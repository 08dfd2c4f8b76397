"""Identities across the corpus: one row per identity key, its type voted by the corpus.

    entity of an article ─► key (identity_key; a person's without "Mr", middle initials,
                            "Jr.": names.py)        ─► identities row (one per key)
                         ─► its type evidence (record ``type_votes``, else its type)
                            ─► identity_types: each article adds 1, split by evidence
                            ─► identities.type = the vote (a ``retype`` fix wins), margin
                         ─► entities row: base_identity_id (its own name's identity) and
                            identity_id (where it resolves: links.py moves a bare surname)

Two articles whose entities reduce to one key share one identity — "Tony Blair" and
"Prime Minister Tony Blair", "George W Bush" and "George W. Bush".  A bare surname
("Blair", "Mr Blair") is an identity of its own that each article's context links to a
full name, or not (store/links.py).  The display ``name`` is the fullest common form
(:func:`refresh_names`).  Corrections (``identity_fixes``: merge, split, retype) are
honoured here for every new article.

:func:`assign` runs inside the caller's article-batch transaction and keeps
``identities.articles``, ``identity_forms`` and ``identity_types`` as exact counters
(an article's entity rows are written once, when the article is new; a link moving a row
moves its counts).  Every statement is parametrized.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import names
from .base import IdentityRow

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_PUNCT = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-"}
)


def identity_key(name: str) -> str:
    """The comparison key of a name: casefolded, diacritics removed, whitespace folded.

    >>> identity_key("  Anna  BERGSTRÖM ")
    'anna bergstrom'
    """
    decomposed = unicodedata.normalize("NFKD", name.translate(_PUNCT))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def name_parts(key: str) -> tuple[str | None, int]:
    """(surname, number of name tokens) of a key; generational suffixes are not names."""
    tokens = [t for t in (t.strip(".,") for t in key.split()) if t]
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens.pop()
    return (tokens[-1] if tokens else None), len(tokens)


@dataclass(frozen=True)
class Fixes:
    """The corrections of ``identity_fixes``, by key (see corrections.py)."""

    merge: dict[str, str] = field(default_factory=dict)  # key → the key it folds into
    split: frozenset[str] = frozenset()  # exact keys kept apart
    retype: dict[str, str] = field(default_factory=dict)  # key → type


def load_fixes(db: sqlite3.Connection) -> Fixes:
    merge: dict[str, str] = {}
    split: set[str] = set()
    retype: dict[str, str] = {}
    for kind, key, other, type_ in db.execute(
        "SELECT kind, key, other, type FROM identity_fixes ORDER BY id"
    ):
        if kind == "merge":
            merge[key] = other
            split.discard(key)
        elif kind == "split":
            split.add(key)
            merge.pop(key, None)
        else:
            retype[key] = type_
    return Fixes(merge, frozenset(split), retype)


@dataclass(frozen=True)
class Parts:
    key: str
    surname: str | None
    tokens: int
    gender: str | None


def parts(name: str, type_: str, fixes: Fixes | None = None) -> Parts:
    """The identity key of an entity (with its surname, name units and the gender an
    honorific gives).  A person's key drops honorific, middle initials and suffixes; so
    does any name that starts with an honorific only people take ("Mr Blair" typed ORG).
    A ``split`` fix keeps the exact key; a ``merge`` fix sends it to another key."""
    base = identity_key(name) or name
    if fixes is not None and base in fixes.split:
        surname, tokens = name_parts(base)
        return Parts(base, surname, tokens, None)
    if type_ == "PERSON" or names.personal_honorific(base):
        p = names.parse(base)
        out = Parts(p.key or base, p.surname, p.units, p.gender)
    else:
        surname, tokens = name_parts(base)
        out = Parts(base, surname, tokens, None)
    if fixes is not None:
        seen = {out.key}
        while (nxt := fixes.merge.get(out.key) or fixes.merge.get(base)) and nxt not in seen:
            seen.add(nxt)
            base = nxt
            surname, tokens = name_parts(nxt)
            out = Parts(nxt, surname, tokens, out.gender)
    return out


def keys_of(name: str) -> list[str]:
    """Every key a name given on the command line can mean: as written, as a person."""
    base = identity_key(name)
    return list(dict.fromkeys(k for k in (base, names.parse(base).key if base else "") if k))


# -- writing (inside the caller's transaction) ---------------------------------------


def _identity_id(db: sqlite3.Connection, cache: dict[str, int], p: Parts, name: str, type_: str) -> int:
    hit = cache.get(p.key)
    if hit is not None:
        return hit
    db.execute(
        "INSERT INTO identities(key, type, name, surname, tokens, articles) VALUES (?,?,?,?,?,0)"
        " ON CONFLICT(key) DO NOTHING",
        (p.key, type_, name, p.surname, p.tokens),
    )
    ident = db.execute("SELECT id FROM identities WHERE key=?", (p.key,)).fetchone()[0]
    cache[p.key] = ident
    return ident


def votes_of(entity: dict[str, Any]) -> dict[str, float]:
    """An entity's type evidence as shares summing to 1 (its own type when it has none);
    a name opening with an honorific only people take counts as much again for PERSON."""
    raw = entity.get("type_votes") or {entity["type"]: 1.0}
    clean = {str(t): float(v) for t, v in raw.items() if isinstance(v, (int, float)) and v > 0}
    if names.personal_honorific(identity_key(entity["name"])):  # "Mr Blair", whatever spaCy said
        clean["PERSON"] = clean.get("PERSON", 0.0) + max(sum(clean.values()), 1.0)
    total = sum(clean.values())
    return {t: round(v / total, 4) for t, v in clean.items()} if total else {entity["type"]: 1.0}


def _add_votes(db: sqlite3.Connection, votes: dict[int, Counter[str]], sign: float) -> None:
    db.executemany(
        "INSERT INTO identity_types(identity_id, type, votes) VALUES (?,?,?)"
        " ON CONFLICT(identity_id, type) DO UPDATE SET votes = identity_types.votes + excluded.votes",
        [
            (ident, t, sign * v / sum(c.values()))
            for ident, c in sorted(votes.items())
            for t, v in sorted(c.items())
            if sum(c.values()) > 0
        ],
    )


def person_cue(entity: dict[str, Any], body: str) -> bool:
    """Whether an article treats an entity as a person: it gives it a role, or calls it
    by its surname or with an honorific ("Tony Blair … Mr Blair").  Works, bands and
    clubs that carry a person's name ("Harry Potter", "Franz Ferdinand") are named in
    full every time.  Being quoted is no cue: firms and clubs speak too ("Yukos said")."""
    if entity.get("roles"):
        return True
    words = entity["name"].split()
    forms = {" ".join(body[s:t].split()) for s, t in entity.get("mentions", ()) if 0 <= s < t <= len(body)}
    forms |= set(entity.get("aliases") or ())
    key = identity_key(entity["name"])
    if names.personal_honorific(key) or any(names.personal_honorific(identity_key(f)) for f in forms):
        return True
    return len(words) > 1 and any(
        f and f.split()[-1:] == words[-1:] and len(f.split()) < len(words) for f in forms
    )


def queue_surnames(db: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Put the surnames of these identities on the link queue (links.py decides them)."""
    db.executemany(
        "INSERT OR IGNORE INTO link_queue(surname)"
        " SELECT surname FROM identities WHERE id = ? AND surname IS NOT NULL",
        [(i,) for i in sorted(set(ids))],
    )


def assign(
    db: sqlite3.Connection,
    article_rowid: int,
    entities: Sequence[dict[str, Any]],
    cache: dict,
    fixes: Fixes | None = None,
    *,
    body: str = "",
) -> list[tuple[Any, ...]]:
    """Identities for one new article's entities; returns the ``entities`` rows to insert
    (article_rowid, entity_id, name, type, mentions, identity_id, base_identity_id,
    type_votes, gender, person_cue) and bumps the article, form and vote counters once
    per article."""
    rows = []
    forms: set[tuple[int, str]] = set()
    votes: dict[int, Counter[str]] = defaultdict(Counter)
    for e in entities:
        p = parts(e["name"], e["type"], fixes)
        ident = _identity_id(db, cache, p, e["name"], e["type"])
        share = votes_of(e)
        gender = e.get("gender") if e.get("gender") in ("male", "female") else p.gender
        rows.append(
            (
                article_rowid,
                e["id"],
                e["name"],
                e["type"],
                len(e["mentions"]),
                ident,
                ident,
                json.dumps(share, sort_keys=True),
                gender,
                int(person_cue(e, body)),
            )
        )
        forms.add((ident, e["name"]))
        votes[ident].update(share)
    touched = sorted({i for i, _ in forms})
    db.executemany("UPDATE identities SET articles = articles + 1 WHERE id = ?", [(i,) for i in touched])
    db.executemany(
        "INSERT INTO identity_forms(identity_id, form, articles) VALUES (?,?,1)"
        " ON CONFLICT(identity_id, form) DO UPDATE SET articles = identity_forms.articles + 1",
        sorted(forms),
    )
    _add_votes(db, votes, 1.0)
    queue_surnames(db, touched)
    return rows


def unassign(db: sqlite3.Connection, article_rowid: int) -> set[int]:
    """Undo :func:`assign` (and any link) for an article about to be deleted (its file
    changed or is gone): the counters go down; returns the identities whose display
    name and type must be refreshed (those no article names any more go later)."""
    rows = db.execute(
        "SELECT identity_id, name, base_identity_id, type_votes, type FROM entities"
        " WHERE article_rowid = ? AND identity_id IS NOT NULL",
        (article_rowid,),
    ).fetchall()
    ids = sorted({r[0] for r in rows})
    db.executemany("UPDATE identities SET articles = articles - 1 WHERE id = ?", [(i,) for i in ids])
    db.executemany(
        "UPDATE identity_forms SET articles = articles - 1 WHERE identity_id = ? AND form = ?",
        sorted({(r[0], r[1]) for r in rows}),
    )
    db.execute("DELETE FROM identity_forms WHERE articles <= 0")
    votes: dict[int, Counter[str]] = defaultdict(Counter)
    for r in rows:
        base = r[2] if r[2] is not None else r[0]
        votes[base].update(json.loads(r[3]) if r[3] else {r[4]: 1.0})
    _add_votes(db, votes, -1.0)
    db.execute("DELETE FROM identity_types WHERE votes <= 1e-9")
    queue_surnames(db, set(ids) | set(votes))
    return set(ids) | set(votes)


def drop_unused(db: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Delete the identities among ``ids`` that no article names and no quote cites."""
    for i in sorted(set(ids)):
        used = db.execute(
            "SELECT 1 FROM entities WHERE identity_id = ? OR base_identity_id = ? UNION ALL"
            " SELECT 1 FROM quotes WHERE speaker_identity_id = ? LIMIT 1",
            (i, i, i),
        ).fetchone()
        if used is None:
            db.execute("DELETE FROM identity_links WHERE identity_id = ? OR target_id = ?", (i, i))
            db.execute("UPDATE entity_links SET target_id = NULL WHERE target_id = ?", (i,))
            db.execute("DELETE FROM identity_forms WHERE identity_id = ?", (i,))
            db.execute("DELETE FROM identity_types WHERE identity_id = ?", (i,))
            db.execute("DELETE FROM identities WHERE id = ?", (i,))


#: A surface form is "common" when it names at least this share of the articles its most
#: frequent form names; the display name is the fullest common form ("George W Bush"
#: over "Bush"; "Donald Trump" over a rare "Donald J. Trump").
COMMON_FORM_SHARE = 0.2


def display_name(forms: Sequence[tuple[str, int]], key: str | None = None) -> str:
    """The fullest common form: no honorific, more name words, more articles, not ALL
    CAPS, more bytes (keeps diacritics), then code-point order — independent of the
    order articles arrived in.  Forms that are the identity's own name (``key``) come
    before forms a link brought ("Tony Blackburn", not the "Blackburn" linked to it)."""
    own = [
        (f, n) for f, n in forms if key is None or key in (identity_key(f), names.parse(identity_key(f)).key)
    ]
    forms = own or forms
    top = max(n for _, n in forms)
    common = [(f, n) for f, n in forms if n >= COMMON_FORM_SHARE * top]

    def rank(item: tuple[str, int]) -> tuple[Any, ...]:
        f, n = item
        key = identity_key(f)
        return (
            names.personal_honorific(key) or names.split_honorific(key.split())[0] is not None,
            -len(names.split_honorific(key.split())[1]),
            -n,
            f == f.upper(),
            -len(f.encode("utf-8")),
            f,
        )

    return min(common, key=rank)[0]


def refresh_names(db: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Display name and type vote of these identities, from their forms and votes."""
    fixes = load_fixes(db)
    for i in sorted(set(ids)):
        forms = db.execute("SELECT form, articles FROM identity_forms WHERE identity_id = ?", (i,)).fetchall()
        key = db.execute("SELECT key FROM identities WHERE id = ?", (i,)).fetchone()
        if forms and key:
            db.execute("UPDATE identities SET name = ? WHERE id = ?", (display_name(forms, key[0]), i))
        revote(db, i, fixes)


#: A PERSON vote stands only for a name that looks like a person's and is treated as one.
#: An identity whose articles name it this rarely as a person (person_cue) loses the vote
#: to its best other type, when other types have at least an article's worth of votes.
PERSON_CUE_SHARE = 0.2


def _not_a_person(db: sqlite3.Connection, ident: int, key: str, tokens: int) -> bool:
    """Whether a PERSON-voted identity lacks the shape or the treatment of a person:
    one word that is no person's surname in the corpus and never had an honorific
    ("Yukos", "Everton"), or a name its articles hardly ever treat as a person's."""
    cues = db.execute(
        "SELECT count(*), coalesce(sum(person_cue), 0), count(person_cue) FROM entities WHERE base_identity_id = ?",
        (ident,),
    ).fetchone()
    n, yes, known = cues
    if tokens == 1:
        if yes:
            return False
        full = db.execute(
            "SELECT name FROM identities WHERE type = 'PERSON' AND tokens > 1 AND surname = ? LIMIT 20",
            (key,),
        ).fetchall()
        return not any(names.given_name(r[0].split()[0]) for r in full if r[0].split())
    return known >= 3 and known == n and yes < PERSON_CUE_SHARE * n


def revote(db: sqlite3.Connection, ident: int, fixes: Fixes) -> None:
    row = db.execute("SELECT key, type, tokens FROM identities WHERE id = ?", (ident,)).fetchone()
    if row is None:
        return
    tally = db.execute(
        "SELECT type, votes FROM identity_types WHERE identity_id = ? AND votes > 1e-9"
        " ORDER BY votes DESC, type",
        (ident,),
    ).fetchall()
    type_, margin = row[1], None
    if tally:
        total = sum(v for _, v in tally)
        type_ = tally[0][0]
        margin = round((tally[0][1] - (tally[1][1] if len(tally) > 1 else 0.0)) / total, 4)
        others = [(t, v) for t, v in tally if t != "PERSON"]
        if type_ == "PERSON" and others and _not_a_person(db, ident, row[0], row[2]):
            single = row[2] == 1
            best = next(((t, v) for t, v in others if v >= (0.0 if single else 1.0)), None)
            if best is not None:
                # Against the label vote: the margin is negative, (chosen - PERSON) / all.
                type_, margin = best[0], round((best[1] - tally[0][1]) / total, 4)
    if row[0] in fixes.retype:
        type_, margin = fixes.retype[row[0]], 1.0
    gender = None
    if type_ == "PERSON":
        g = db.execute(
            "SELECT gender FROM entities WHERE identity_id = ? AND gender IS NOT NULL"
            " GROUP BY gender ORDER BY count(*) DESC, gender LIMIT 1",
            (ident,),
        ).fetchone()
        gender = g[0] if g else None
    db.execute(
        "UPDATE identities SET type = ?, type_margin = ?, gender = ? WHERE id = ?",
        (type_, margin, gender, ident),
    )


def backfill(db: sqlite3.Connection) -> None:
    """Build identities, forms and counts from the ``entities`` table (schema 1 → 2);
    the schema 6 step (:func:`rekey`) follows."""
    cache: dict[str, int] = {}
    pairs = db.execute("SELECT DISTINCT name, type FROM entities WHERE identity_id IS NULL").fetchall()
    for name, type_ in pairs:
        ident = _identity_id(db, cache, parts(name, type_), name, type_)
        db.execute(
            "UPDATE entities SET identity_id=? WHERE name=? AND type=? AND identity_id IS NULL",
            (ident, name, type_),
        )


def rekey(db: sqlite3.Connection) -> None:
    """Schema 5 → 6: re-key every identity (person names folded), merge the identities
    that now share a key (every reference follows), vote types from the stored rows,
    recount, and make the key unique.  Links are decided afterwards (links.relink)."""
    rows = db.execute("SELECT id, key, type, articles FROM identities ORDER BY id").fetchall()
    groups: dict[str, list[tuple[int, int, Parts]]] = defaultdict(list)
    for ident, key, type_, n in rows:
        p = parts(key, type_)
        groups[p.key].append((ident, n, p))
    remap: list[tuple[int, int]] = []
    final: list[tuple[str, str | None, int, int]] = []
    for key, members in groups.items():
        members.sort(key=lambda m: (-m[1], m[0]))
        keep, _, p = members[0]
        remap.extend((keep, m[0]) for m in members[1:])
        final.append((key, p.surname, p.tokens, keep))
    for keep, gone in remap:
        for table, col in (
            ("entities", "identity_id"),
            ("quotes", "speaker_identity_id"),
            ("event_args", "identity_id"),
            ("events", "location_identity_id"),
        ):
            db.execute(f"UPDATE {table} SET {col} = ? WHERE {col} = ?", (keep, gone))
        db.execute("DELETE FROM identity_links WHERE identity_id = ? OR target_id = ?", (gone, gone))
        db.execute("DELETE FROM identity_forms WHERE identity_id = ?", (gone,))
        db.execute("DELETE FROM identities WHERE id = ?", (gone,))
    db.execute("DELETE FROM identity_links")
    db.execute("UPDATE identities SET key = char(1) || id")  # no transient UNIQUE clash
    db.executemany("UPDATE identities SET key = ?, surname = ?, tokens = ? WHERE id = ?", final)
    db.execute("CREATE UNIQUE INDEX IF NOT EXISTS identities_key ON identities(key)")
    db.execute(
        "UPDATE entities SET base_identity_id = identity_id,"
        " type_votes = json_object(type, 1.0) WHERE base_identity_id IS NULL"
    )
    cues = []
    for rowid, raw in db.execute("SELECT rowid, record FROM articles"):
        rec = json.loads(raw)
        for e in rec.get("entities") or ():
            cues.append((int(person_cue(e, rec.get("body") or "")), rowid, e.get("id")))
    db.executemany("UPDATE entities SET person_cue = ? WHERE article_rowid = ? AND entity_id = ?", cues)
    recount(db)


def recount(db: sqlite3.Connection) -> None:
    """Every counter from the ``entities`` rows (recount_ids over all identities), and
    every surname on the link queue.  Used by migrations."""
    recount_ids(db, [r[0] for r in db.execute("SELECT id FROM identities")])
    db.execute(
        "INSERT OR IGNORE INTO link_queue(surname) SELECT DISTINCT surname FROM identities WHERE surname IS NOT NULL"
    )


# -- reading ------------------------------------------------------------------------


def listing(db: sqlite3.Connection, type_: str | None, top: int, query: str | None) -> list[IdentityRow]:
    """Identities by article count (a linked bare surname's articles count toward the
    full name its article links to: those rows point there)."""
    like = None
    if query and identity_key(query):
        esc = identity_key(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{esc}%"
    type_ = type_.strip().upper() if type_ else None
    rows = db.execute(
        "SELECT i.id, i.name, i.type, i.articles, t.name AS linked_to, l.confidence"
        " FROM identities i"
        " LEFT JOIN identity_links l ON l.identity_id = i.id"
        " LEFT JOIN identities t ON t.id = l.target_id"
        " WHERE i.articles > 0 AND (? IS NULL OR i.type = ?) AND (? IS NULL OR i.key LIKE ? ESCAPE '\\')"
        " ORDER BY i.articles DESC, i.name COLLATE NOCASE, i.id LIMIT ?",
        (type_, type_, like, like, top),
    ).fetchall()
    return [IdentityRow(r[0], r[1], r[2], r[3], r[4], None if r[5] is None else round(r[5], 4)) for r in rows]


def group(db: sqlite3.Connection, name: str) -> list[int]:
    """The identities an ``--entity NAME`` search covers: those NAME's keys name (as
    written, and as a person's name: "Mr Blair" is "blair"), and the full name a bare
    surname mostly links to.  Rows a link moved already point at their full name."""
    keys = keys_of(name)
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    found = {
        x
        for r in db.execute(
            f"SELECT i.id, l.target_id FROM identities i"
            f" LEFT JOIN identity_links l ON l.identity_id = i.id WHERE i.key IN ({marks})",
            keys,
        )
        for x in r
        if x is not None
    }
    v6 = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'entity_links'").fetchone()
    if found and not v6:  # a file not migrated yet (read-only): its links are by identity
        m = ",".join("?" * len(found))
        found |= {
            r[0]
            for r in db.execute(
                f"SELECT identity_id FROM identity_links WHERE target_id IN ({m})", sorted(found)
            )
        }
    return sorted(found)


def snippet(body: str, span: tuple[int, int] | None, width: int = 90) -> str:
    """Text around a mention, the mention in «», cut at word boundaries."""
    if span is None:
        cut = body[: 2 * width]
        return cut if len(cut) == len(body) else cut.rsplit(None, 1)[0] + "…"
    s, t = span
    left, right = body[max(0, s - width) : s], body[t : t + width]
    if s > width:  # cut inside the text: drop the partial first word
        parts = left.split(None, 1)
        left = "…" + (left.lstrip() if left[:1].isspace() or len(parts) < 2 else parts[1])
    if t + width < len(body):
        parts = right.rsplit(None, 1)
        right = (parts[0] if len(parts) == 2 else right) + "…"
    return f"{left}«{body[s:t]}»{right}"


def recount_ids(db: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Articles, forms and votes of some identities again from their ``entities`` rows
    (after a correction moved rows wholesale); then their names and types."""
    for i in sorted(set(ids)):
        db.execute(
            "UPDATE identities SET articles = (SELECT count(DISTINCT article_rowid) FROM entities"
            " WHERE identity_id = ?) WHERE id = ?",
            (i, i),
        )
        db.execute("DELETE FROM identity_forms WHERE identity_id = ?", (i,))
        db.execute(
            "INSERT INTO identity_forms(identity_id, form, articles) SELECT identity_id, name,"
            " count(DISTINCT article_rowid) FROM entities WHERE identity_id = ? GROUP BY identity_id, name",
            (i,),
        )
        db.execute("DELETE FROM identity_types WHERE identity_id = ?", (i,))
        per: Counter[str] = Counter()
        shares: dict[int, Counter[str]] = defaultdict(Counter)
        for rowid, tv, type_ in db.execute(
            "SELECT article_rowid, type_votes, type FROM entities WHERE base_identity_id = ?", (i,)
        ):
            shares[rowid].update(json.loads(tv) if tv else {type_: 1.0})
        for c in shares.values():
            total = sum(c.values())
            for t, v in c.items():
                per[t] += v / total
        db.executemany(
            "INSERT INTO identity_types(identity_id, type, votes) VALUES (?,?,?)",
            [(i, t, v) for t, v in sorted(per.items())],
        )
    refresh_names(db, ids)
