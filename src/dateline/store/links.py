"""Surname links by context: which full name a bare surname in one article stands for.

    entity row "Blair" (a bare PERSON surname, article a)
      ─► candidates: PERSON identities of two or more name units with that surname
         ("Tony Blair", "Cherie Blair", "Euan Blair")
      ─► features per candidate (:class:`Features`):
           prior    log share of the articles naming any candidate in full
           context  idf-weighted share of a's other identities that appear with the
                    candidate in the articles naming it in full
           week     articles of a's source within 7 days naming the candidate (log1p)
           gender   +1 the honorific/first name agree, -1 they do not, 0 unknown
           here     the candidate is named in full in a itself ("Mrs Blair" next to
                    "Cherie Blair")
      ─► softmax over the candidates and "none of them" (a bias): probability p
      ─► link when the best p ≥ LINK_MIN: entities.identity_id (and the row's quotes and
         event arguments) move to the full name; entity_links keeps p and the evidence.

The weights (data/surname_links.json) are fitted by ``eval/fit_links.py`` on examples a
corpus makes by itself: every full-name mention is masked to its surname, its own article
left out of every count, and the known answer is the full name (or "none" when no other
article names it), so p is a calibrated probability there (the fit's reliability table is
in the data file).  A one-word name that is not a person's surname ("Labour", "Bill" of
"Kill Bill") has no candidate: only identities voted PERSON are candidates and bare names.
A ``split`` fix keeps a bare name unlinked.  Every statement is parametrized.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

from . import identities, names
from .base import LinkRow

#: A bare surname links when its best candidate's probability is at least this.
LINK_MIN = 0.5
FEATURES = ("prior", "context", "week")
#: A bare surname next to exactly one full name with that surname in its own article
#: ("Mr Blair" after "Tony Blair"; the entity stage joins plain surnames this way, an
#: honorific form can reach the store apart) is that person, unless the genders differ.
#: Masked examples cannot teach this (they hide the very full name), so it is a rule.  Its
#: confidence is measured on the hand-labelled top links of BBC and PolNeAR-train: 98 of
#: the 105 rule links fall in pairs labelled right (0.93 if every link of a wrong pair were
#: wrong; 4 of the 7 are in pairs wrong for other articles' sake): 0.95.
HERE_CONFIDENCE = 0.95
# "None of them" has features of its own: a bias, how often the bare name is used next
# to how often its full names are (log ratio), and whether it is a given name ("David").
NONE_FEATURES = ("bias", "bare_ratio", "given_name", "single")
WEEK_DAYS = 7
_CHUNK = 400


@dataclass(frozen=True)
class Model:
    weights: tuple[float, ...]  # one per FEATURES
    none_weights: tuple[float, ...]  # one per NONE_FEATURES


@cache
def default_model() -> Model:
    raw = json.loads(resources.files(__package__).joinpath("data/surname_links.json").read_text("utf-8"))
    return Model(
        tuple(float(raw["weights"][f]) for f in FEATURES), tuple(float(raw["none"][f]) for f in NONE_FEATURES)
    )


def none_features(bare_articles: int, cands: Sequence[Candidate], surname: str) -> tuple[float, ...]:
    own = sum(c.own for c in cands)
    return (
        1.0,
        math.log((bare_articles + 1) / (own + 1)),
        1.0 if names.given_name(surname) else 0.0,
        1.0 if len(cands) == 1 else 0.0,
    )


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    gender: str | None
    own: int  # articles naming it in full
    neighbours: Counter[int]  # identity → articles naming it next to the full name
    days: tuple[tuple[str | None, str | None, int], ...]  # (source, day, rowid) of those articles


@dataclass(frozen=True)
class Features:
    values: tuple[float, ...]
    shared: tuple[int, ...]  # context identities the candidate shares (for the evidence)
    here: bool = False  # named in full in the same article


def compatible(gender: str | None, cand: Candidate) -> bool:
    """A gendered honorific or first name rules out a candidate of the other gender
    ("Mrs Blair" is not Tony Blair)."""
    return not gender or not cand.gender or gender == cand.gender


@dataclass
class _Corpus:
    """What the features need, read once per relink and cached."""

    db: sqlite3.Connection
    articles: int
    df: dict[int, int]
    cands: dict[str, list[Candidate]]
    ctx: dict[int, set[int]]
    meta: dict[int, tuple[str | None, str | None]]
    bares: dict[int, int]
    records: dict[int, dict[str, Any]]
    first: dict[str, bool]

    def context(self, rowid: int) -> set[int]:
        hit = self.ctx.get(rowid)
        if hit is None:
            hit = {
                r[0]
                for r in self.db.execute("SELECT identity_id FROM entities WHERE article_rowid = ?", (rowid,))
            }
            hit.discard(None)
            self.ctx[rowid] = hit
        return hit

    def article(self, rowid: int) -> tuple[str | None, str | None]:
        hit = self.meta.get(rowid)
        if hit is None:
            row = self.db.execute(
                "SELECT source, substr(published, 1, 10) FROM articles WHERE rowid = ?", (rowid,)
            ).fetchone()
            hit = (row[0], row[1]) if row else (None, None)
            self.meta[rowid] = hit
        return hit

    def mentions(self, rowid: int, entity_ids: set[str]) -> tuple[str, list[list[int]]]:
        """(body, mention spans of these record entities) of an article; the record is
        read once (rows come ordered by article: one record is kept at a time)."""
        rec = self.records.get(rowid)
        if rec is None:
            row = self.db.execute("SELECT record FROM articles WHERE rowid = ?", (rowid,)).fetchone()
            rec = json.loads(row[0]) if row else {}
            self.records.clear()
            self.records[rowid] = rec
        spans = [
            m for e in rec.get("entities") or () if e.get("id") in entity_ids for m in e.get("mentions") or ()
        ]
        return rec.get("body") or "", spans

    def one_person(self, rowid: int, entity_id: str) -> bool:
        """Whether most mentions of a bare surname can name one person (names.one_person)."""
        body, spans = self.mentions(rowid, {entity_id})
        ok = sum(names.one_person(body, s, t) for s, t in spans)
        return not spans or 2 * ok > len(spans)

    def relative_here(self, rowid: int, ident: int) -> bool:
        """Whether the article introduces the full name ``ident`` as someone's relative."""
        eids = {
            r[0]
            for r in self.db.execute(
                "SELECT entity_id FROM entities WHERE article_rowid = ? AND base_identity_id = ?",
                (rowid, ident),
            )
        }
        body, spans = self.mentions(rowid, eids)
        return any(names.introduced_as_kin(body, s, t) for s, t in spans)

    def full_names_here(self, rowid: int, surname: str) -> int:
        """How many PERSON identities of two or more name units with this surname the
        article names in full."""
        return self.db.execute(
            "SELECT count(DISTINCT i.id) FROM entities e JOIN identities i ON i.id = e.base_identity_id"
            " WHERE e.article_rowid = ? AND i.type = 'PERSON' AND i.tokens > 1 AND i.surname = ?",
            (rowid, surname),
        ).fetchone()[0]

    def first_name_like(self, word: str) -> bool:
        """Whether the corpus uses ``word`` as a first name at least as often as a
        surname ("Paul": Paul Ryan, Paul Manafort … against Rand Paul), counted in the
        articles naming PERSON identities in full.  Such a bare word is not linked by the
        model: "Paul" in an article is rarely Rand Paul."""
        hit = self.first.get(word)
        if hit is None:
            first = self.db.execute(
                "SELECT coalesce(sum(articles), 0) FROM identities WHERE type = 'PERSON' AND tokens > 1"
                " AND (key = ? OR key LIKE ? ESCAPE '\\')",
                (word, _like_prefix(word)),
            ).fetchone()[0]
            last = sum(c.own for c in self.cands.get(word, []))
            hit = first > 0 and first >= last
            self.first[word] = hit
        return hit

    def bare(self, ident: int) -> int:
        """Articles naming a bare surname identity by itself."""
        hit = self.bares.get(ident)
        if hit is None:
            hit = self.db.execute(
                "SELECT count(DISTINCT article_rowid) FROM entities WHERE base_identity_id = ?", (ident,)
            ).fetchone()[0]
            self.bares[ident] = hit
        return hit

    def idf(self, ident: int) -> float:
        return math.log((self.articles + 1) / (self.df.get(ident, 0) + 1))


def person_name(name: str) -> bool:
    """Whether a PERSON identity's display name can be a surname's full name: it starts
    with a capital ("ofNew Labour", a glued typo, does not), has no digit, no possessive
    or "vs" ("Obama's agenda", "Freddy Vs Jason"), no lowercase word but a particle, and
    opens with a known given name or initials — or is a widely reported public figure.
    ("Rapper Eminem", "Crooked Hillary", "That's Jeb Bush" are not.)"""
    words = name.split()
    if len(words) < 2 or not words[0][0].isupper() or any(ch.isdigit() for ch in name):
        return False
    for w in words:
        if w.endswith(("'s", "\u2019s")) or w.casefold() in ("vs", "vs.", "v", "and", "of", "the"):
            return False
        if w[0].islower() and w.casefold().rstrip(".") not in names.particles():
            return False
    if " ".join(words).casefold() in names.known_people():
        return True
    return names.given_name(words[0]) in ("male", "female", "any") or names.is_initials(words[0])


def _candidates(db: sqlite3.Connection, surnames: Sequence[str]) -> dict[str, list[Candidate]]:
    out: dict[str, list[Candidate]] = defaultdict(list)
    for i in range(0, len(surnames), _CHUNK):
        chunk = surnames[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for ident, name, gender, surname in db.execute(
            f"SELECT id, name, gender, surname FROM identities WHERE type = 'PERSON' AND tokens > 1"
            f" AND surname IN ({marks}) ORDER BY id",
            chunk,
        ).fetchall():
            if not person_name(name):
                continue
            if gender is None and (g := names.given_name(name.split()[0])) in ("male", "female"):
                gender = g
            own = db.execute(
                "SELECT e.article_rowid, a.source, substr(a.published, 1, 10) FROM entities e"
                " JOIN articles a ON a.rowid = e.article_rowid WHERE e.base_identity_id = ?"
                " GROUP BY e.article_rowid, a.source, a.published",
                (ident,),
            ).fetchall()
            if not own:
                continue
            neighbours: Counter[int] = Counter(
                {
                    r[0]: r[1]
                    for r in db.execute(
                        "SELECT o.identity_id, count(DISTINCT o.article_rowid) FROM entities e"
                        " JOIN entities o ON o.article_rowid = e.article_rowid"
                        " WHERE e.base_identity_id = ? AND o.identity_id IS NOT NULL AND o.identity_id != ?"
                        " GROUP BY o.identity_id",
                        (ident, ident),
                    )
                }
            )
            days = tuple((r[1], r[2], r[0]) for r in own)
            out[surname].append(Candidate(ident, name, gender, len(own), neighbours, days))
    return out


def _load(db: sqlite3.Connection, surnames: Sequence[str]) -> _Corpus:
    n = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    df = {r[0]: r[1] for r in db.execute("SELECT id, articles FROM identities")}
    return _Corpus(db, n, df, _candidates(db, list(surnames)), {}, {}, {}, {}, {})


def _like_prefix(word: str) -> str:
    esc = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return esc + " %"


def _near(day: str | None, other: str | None) -> bool:
    if not day or not other:
        return False
    try:
        return abs(date.fromisoformat(day) - date.fromisoformat(other)) <= timedelta(days=WEEK_DAYS)
    except ValueError:
        return False


def features(
    corpus: _Corpus,
    rowid: int,
    gender: str | None,
    cands: Sequence[Candidate],
    *,
    masked: int | None = None,
    bare: int | None = None,
) -> list[Features]:
    """Features of each candidate for a bare surname in article ``rowid``.  ``masked`` is
    the identity of a full-name example masked to its surname: the article's own
    contribution to its counts is left out, and it leaves the article's context."""
    ctx = corpus.context(rowid) - {masked, bare}
    source, day = corpus.article(rowid)
    weights = {j: corpus.idf(j) for j in ctx}
    total_w = sum(weights.values())
    inside = [any(r == rowid for _, _, r in c.days) for c in cands]
    drops = [1 if c.id == masked and ins else 0 for c, ins in zip(cands, inside, strict=True)]
    owns = [c.own - d for c, d in zip(cands, drops, strict=True)]
    total_own = sum(max(o, 0) for o in owns)
    out = []
    for c, own, ins, drop in zip(cands, owns, inside, drops, strict=True):
        shared = tuple(
            sorted((j for j in ctx if c.neighbours.get(j, 0) - drop > 0), key=lambda j: -weights[j])
        )
        context = sum(weights[j] for j in shared) / total_w if total_w else 0.0
        week = sum(1 for s, d, r in c.days if r != rowid and s == source and source and _near(day, d))
        prior = math.log(own / total_own) if own > 0 and total_own else -20.0
        out.append(Features((prior, context, math.log1p(week)), shared[:5], ins and c.id != masked))
    return out


def probabilities(
    model: Model, feats: Sequence[Features], none: Sequence[float]
) -> tuple[list[float], float]:
    """(p of each candidate, p of none of them)."""
    scores = [sum(w * v for w, v in zip(model.weights, f.values, strict=True)) for f in feats]
    scores.append(sum(w * v for w, v in zip(model.none_weights, none, strict=True)))
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    z = sum(exps)
    return [e / z for e in exps[:-1]], exps[-1] / z


def _bare_rows(
    db: sqlite3.Connection, surnames: Sequence[str], split: frozenset[str]
) -> Iterator[tuple[Any, ...]]:
    for i in range(0, len(surnames), _CHUNK):
        chunk = surnames[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for r in db.execute(
            "SELECT e.article_rowid, e.entity_id, e.name, e.base_identity_id, e.identity_id, e.gender, b.surname, b.key"
            " FROM entities e JOIN identities b ON b.id = e.base_identity_id"
            f" WHERE b.tokens = 1 AND b.type = 'PERSON' AND b.surname IN ({marks})"
            " ORDER BY e.article_rowid, e.entity_id",
            chunk,
        ).fetchall():
            if r[7] not in split:
                yield r


def move(db: sqlite3.Connection, rowid: int, entity_id: str, name: str, old: int, new: int) -> None:
    """Point one entity row (and its quotes and event arguments) at another identity,
    keeping the article and form counters exact."""
    if old == new:
        return
    db.execute(
        "UPDATE entities SET identity_id = ? WHERE article_rowid = ? AND entity_id = ?",
        (new, rowid, entity_id),
    )
    db.execute(
        "UPDATE quotes SET speaker_identity_id = ? WHERE article_rowid = ? AND speaker_entity_id = ?"
        " AND speaker_identity_id = ?",
        (new, rowid, entity_id, old),
    )
    db.execute(
        "UPDATE event_args SET identity_id = ? WHERE article_rowid = ? AND entity_id = ? AND identity_id = ?",
        (new, rowid, entity_id, old),
    )
    for ident, gained in ((old, False), (new, True)):
        rows = db.execute(
            "SELECT count(*), sum(CASE WHEN name = ? THEN 1 ELSE 0 END) FROM entities WHERE article_rowid = ? AND identity_id = ?",
            (name, rowid, ident),
        ).fetchone()
        n, same = rows[0], rows[1] or 0
        if gained:
            if n == 1:
                db.execute("UPDATE identities SET articles = articles + 1 WHERE id = ?", (ident,))
            if same == 1:
                db.execute(
                    "INSERT INTO identity_forms(identity_id, form, articles) VALUES (?,?,1)"
                    " ON CONFLICT(identity_id, form) DO UPDATE SET articles = identity_forms.articles + 1",
                    (ident, name),
                )
        else:
            if n == 0:
                db.execute("UPDATE identities SET articles = articles - 1 WHERE id = ?", (ident,))
            if same == 0:
                db.execute(
                    "UPDATE identity_forms SET articles = articles - 1 WHERE identity_id = ? AND form = ?",
                    (ident, name),
                )
    db.execute("DELETE FROM identity_forms WHERE articles <= 0")


def _decide(
    corpus: _Corpus,
    model: Model,
    rowid: int,
    eid: str,
    base: int,
    gender: str | None,
    surname: str,
    cands: list[Candidate],
) -> tuple[int | None, float | None, dict[str, Any]]:
    """(target, confidence, evidence) for one bare surname row; target None = unlinked."""
    if not cands:
        return None, None, {"candidates": []}
    if not corpus.one_person(rowid, eid):
        return (
            None,
            None,
            {"rule": "several people or a compound (the Koch brothers, Dodd-Frank)", "candidates": []},
        )
    feats = features(corpus, rowid, gender, cands, bare=base)
    relatives = [
        c.name for c, f in zip(cands, feats, strict=True) if f.here and corpus.relative_here(rowid, c.id)
    ]
    if relatives:  # "his sister Sherry Edwards": the relative is not who "Edwards" names
        keep = [k for k, c in enumerate(cands) if c.name not in relatives]
        cands, feats = [cands[k] for k in keep], [feats[k] for k in keep]
        if not cands:
            return (
                None,
                None,
                {"rule": "only a relative is named in full", "relatives": relatives, "candidates": []},
            )
    here = [k for k, f in enumerate(feats) if f.here]
    if len(here) > 1:  # the article names several of them in full: it means one of those
        cands, feats = [cands[k] for k in here], [feats[k] for k in here]
        here = list(range(len(cands)))
    nf = none_features(corpus.bare(base), cands, surname)
    ps, p_none = probabilities(model, feats, nf)
    # The rule needs the article to name ONE person of that surname in full, candidate or
    # not ("Trayvon Martin", whose first name no list knows, and "Tracy Martin" in one
    # article leave "Martin" to the model), and not as someone's relative.
    rule = len(here) == 1 and not relatives and corpus.full_names_here(rowid, surname) == 1
    best = here[0] if rule else max(range(len(cands)), key=lambda k: (ps[k], -cands[k].id))
    names_of = {r[0]: r[1] for r in _names(corpus.db, {j for f in feats for j in f.shared})}
    evidence: dict[str, Any] = {
        "rule": "named in full in this article" if rule else "model",
        "gender": gender,
        "none": round(p_none, 4),
        **{k: round(v, 4) for k, v in zip(NONE_FEATURES[1:], nf[1:], strict=True)},
        "candidates": [
            {
                "identity": c.id,
                "name": c.name,
                "p": round(p, 4),
                "here": f.here,
                **{k: round(v, 4) for k, v in zip(FEATURES, f.values, strict=True)},
                "shared": [names_of.get(j, str(j)) for j in f.shared],
            }
            for c, p, f in sorted(zip(cands, ps, feats, strict=True), key=lambda t: -t[1])[:5]
        ],
    }
    if relatives:
        evidence["relatives"] = relatives
    if rule:
        return cands[best].id, HERE_CONFIDENCE, evidence
    if gender is None and corpus.first_name_like(surname):
        evidence["rule"] = "a first name without an honorific: not linked by the model"
        return None, None, evidence
    if ps[best] >= LINK_MIN:
        return cands[best].id, round(ps[best], 4), evidence
    return None, None, evidence


def relink(db: sqlite3.Connection, surnames: Iterable[str] | None = None, model: Model | None = None) -> int:
    """Decide the links of every bare surname row whose surname is queued (or given);
    returns how many rows are linked.  Runs inside the caller's transaction."""
    model = model or default_model()
    if surnames is None:
        todo = sorted(r[0] for r in db.execute("SELECT surname FROM link_queue"))
    else:
        todo = sorted(set(surnames))
    if not todo:
        return 0
    fixes = identities.load_fixes(db)
    # A one-word name's PERSON vote depends on whether the corpus has a full name with it
    # as surname (identities._not_a_person): vote again now, on the whole corpus, so the
    # type does not depend on the order batches arrived in.
    bare_keys = [
        r[0] for r in _chunked(db, "SELECT id FROM identities WHERE tokens = 1 AND key IN ({})", todo)
    ]
    identities.refresh_names(db, bare_keys)
    corpus = _load(db, todo)
    touched: set[int] = set()
    bare_ids: set[int] = set()
    linked = 0
    for rowid, eid, name, base, current, gender, surname, _ in list(_bare_rows(db, todo, fixes.split)):
        cands = [c for c in corpus.cands.get(surname, []) if compatible(gender, c)]
        bare_ids.add(base)
        target, conf, evidence = _decide(corpus, model, rowid, eid, base, gender, surname, cands)
        db.execute(
            "INSERT INTO entity_links(article_rowid, entity_id, target_id, confidence, evidence) VALUES (?,?,?,?,?)"
            " ON CONFLICT(article_rowid, entity_id) DO UPDATE SET target_id = excluded.target_id,"
            " confidence = excluded.confidence, evidence = excluded.evidence",
            (rowid, eid, target, conf, json.dumps(evidence, ensure_ascii=False)),
        )
        new = target if target is not None else base
        if new != current:
            move(db, rowid, eid, name, current, new)
            touched |= {current, new}
        linked += target is not None
    _summarise(db, bare_ids)
    identities.refresh_names(db, touched)
    if surnames is None:
        db.execute("DELETE FROM link_queue")
    else:
        for i in range(0, len(todo), _CHUNK):
            chunk = todo[i : i + _CHUNK]
            db.execute(f"DELETE FROM link_queue WHERE surname IN ({','.join('?' * len(chunk))})", chunk)
    return linked


def _chunked(db: sqlite3.Connection, sql: str, values: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` (one ``{}`` for the placeholders) for values in chunks."""
    out: list[tuple[Any, ...]] = []
    for i in range(0, len(values), _CHUNK):
        chunk = list(values[i : i + _CHUNK])
        out.extend(db.execute(sql.format(",".join("?" * len(chunk))), chunk).fetchall())
    return out


def _names(db: sqlite3.Connection, ids: set[int]) -> list[tuple[int, str]]:
    if not ids:
        return []
    s = sorted(ids)
    return db.execute(f"SELECT id, name FROM identities WHERE id IN ({','.join('?' * len(s))})", s).fetchall()


def _summarise(db: sqlite3.Connection, bare_ids: Iterable[int]) -> None:
    """identity_links: each bare surname → the full name most of its rows link to."""
    for b in sorted(set(bare_ids)):
        db.execute("DELETE FROM identity_links WHERE identity_id = ?", (b,))
        row = db.execute(
            "SELECT l.target_id, count(*) n, avg(l.confidence) FROM entity_links l"
            " JOIN entities e ON e.article_rowid = l.article_rowid AND e.entity_id = l.entity_id"
            " WHERE e.base_identity_id = ? AND l.target_id IS NOT NULL"
            " GROUP BY l.target_id ORDER BY n DESC, l.target_id LIMIT 1",
            (b,),
        ).fetchone()
        if row is not None:
            db.execute(
                "INSERT INTO identity_links(identity_id, target_id, confidence) VALUES (?,?,?)",
                (b, row[0], row[2]),
            )


# -- self-supervised examples (eval/fit_links.py) -------------------------------------


@dataclass(frozen=True)
class Example:
    feats: tuple[Features, ...]
    none: tuple[float, ...]
    answer: int | None  # index of the right candidate; None = none of them
    rowid: int
    masked: int  # the identity masked to its surname


def examples(db: sqlite3.Connection) -> Iterator[Example]:
    """Every full-name PERSON mention masked to its surname, its article left out."""
    surnames = sorted(
        r[0]
        for r in db.execute(
            "SELECT DISTINCT surname FROM identities WHERE type = 'PERSON' AND tokens > 1 AND surname IS NOT NULL"
        )
    )
    corpus = _load(db, surnames)
    bare_ids = dict(
        db.execute("SELECT key, id FROM identities WHERE tokens = 1 AND type = 'PERSON'").fetchall()
    )
    for surname in surnames:
        cands = corpus.cands.get(surname, [])
        bare_n = corpus.bare(bare_ids[surname]) if surname in bare_ids else 0
        for c in cands:
            genders = dict(
                db.execute(
                    "SELECT article_rowid, max(gender) FROM entities WHERE base_identity_id = ? GROUP BY article_rowid",
                    (c.id,),
                ).fetchall()
            )
            for _, _, rowid in c.days:
                g = genders.get(rowid)
                pool = [o for o in cands if o.own - (1 if o is c else 0) > 0 and (o is c or compatible(g, o))]
                if not pool:
                    continue  # nothing left to decide between
                feats = features(corpus, rowid, g, pool, masked=c.id)
                if any(f.here for f in feats):
                    continue  # another full name of the article: the rule decides, not the model
                left = [
                    o if o is not c else Candidate(o.id, o.name, o.gender, o.own - 1, o.neighbours, o.days)
                    for o in pool
                ]
                answer = next((k for k, o in enumerate(pool) if o is c), None)
                yield Example(tuple(feats), none_features(bare_n, left, surname), answer, rowid, c.id)


# -- reading ----------------------------------------------------------------------------


def listing(db: sqlite3.Connection, top: int, name: str | None = None) -> list[LinkRow]:
    """(bare → full name) pairs by the articles linked, with their mean and least
    confidence; of one bare name or one full name when ``name`` is given."""
    where, params = "", []
    if name:
        keys = identities.keys_of(name)
        marks = ",".join("?" * len(keys))
        where = f" AND (b.key IN ({marks}) OR t.key IN ({marks}))"
        params = [*keys, *keys]
    rows = db.execute(
        "SELECT b.name, t.name, count(DISTINCT l.article_rowid) n, avg(l.confidence), min(l.confidence), b.id, t.id"
        " FROM entity_links l"
        " JOIN entities e ON e.article_rowid = l.article_rowid AND e.entity_id = l.entity_id"
        " JOIN identities b ON b.id = e.base_identity_id JOIN identities t ON t.id = l.target_id"
        f" WHERE l.target_id IS NOT NULL{where}"
        " GROUP BY b.id, t.id ORDER BY n DESC, b.name COLLATE NOCASE, t.name COLLATE NOCASE LIMIT ?",
        (*params, top),
    ).fetchall()
    return [LinkRow(r[0], r[1], r[2], round(r[3], 4), round(r[4], 4), r[5], r[6]) for r in rows]


def evidence(db: sqlite3.Connection, name: str, limit: int = 20) -> list[dict[str, Any]]:
    """Each article decision for a bare name (or the bare names linked to a full name):
    the article, the linked name or None, the confidence and the evidence JSON."""
    keys = identities.keys_of(name)
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    rows = db.execute(
        "SELECT a.id, a.title, b.name, t.name, l.confidence, l.evidence FROM entity_links l"
        " JOIN entities e ON e.article_rowid = l.article_rowid AND e.entity_id = l.entity_id"
        " JOIN identities b ON b.id = e.base_identity_id LEFT JOIN identities t ON t.id = l.target_id"
        " JOIN articles a ON a.rowid = l.article_rowid"
        f" WHERE b.key IN ({marks}) OR t.key IN ({marks})"
        " ORDER BY l.confidence IS NULL, l.confidence DESC, a.id LIMIT ?",
        (*keys, *keys, limit),
    ).fetchall()
    return [
        {
            "article": r[0],
            "title": r[1],
            "bare": r[2],
            "linked_to": r[3],
            "confidence": r[4],
            "evidence": json.loads(r[5]),
        }
        for r in rows
    ]
