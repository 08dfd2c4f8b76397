"""Where, when and how certainly an event happens: its place, its date and its modality.

    Situator(doc)                 built once per Doc: token → entity, token → timex,
                                  sentence → quotes, the publication day
    situate(trigger, taken) ─► Context
        reach   the event's own clause from the trigger, breadth-first, not entering
                another clause (ccomp, advcl, relcl, conj … : data/event_context.json);
                a nominal trigger ("a July summit in Helsinki") reaches its own phrase
                first and its governing verb's clause only when it is that verb's subject
                or object ("held talks on Monday")
        date    the nearest DATE/TIME timex reached (fewest edges, then fewest tokens):
                its value, its id, date_source "text"; none reached → date None and
                date_source "publication" (publication_date offers the article's day as a
                separate field) or "none" — never silently the publication date
        place   the most specific place entity reached through a locative preposition
                ("in the Black Sea resort of Sochi" → Sochi, not the Black Sea), or a city
                compounded into a nominal trigger ("the Helsinki summit"); never a place
                that only names an actor or target
        mode    negated > hypothetical > planned > reported > asserted, from the
                trigger's own auxiliaries, negators, governing verbs and markers; a text
                date after publication day makes an asserted event planned; inside a quote
                (direct or reported) said_by is the quote's speaker
        historical  the date ends more than a year before publication

Everything is bounded by the sentence: a walk visits each token of the sentence at most
once, so the cost of one event is linear in its sentence.
"""

from __future__ import annotations

import bisect
import json
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Token

# How far from the trigger (in dependency edges) a date or a place may sit.
_MAX_DATE_DEPTH = 4
_MAX_PLACE_DEPTH = 6
_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True)
class Context:
    location: str | None = None
    location_text: str | None = None
    date: str | None = None
    date_timex: str | None = None
    date_source: str = "none"
    publication_date: str | None = None
    modality: str = "asserted"
    historical: bool = False
    said_by: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class _Rules:
    locative: frozenset[str]
    movement_only: frozenset[str]
    movement_types: frozenset[str]
    place_rank: dict[str, int]
    clause_deps: frozenset[str]
    core_deps: frozenset[str]
    future_aux: frozenset[str]
    plan_heads: frozenset[str]
    plan_modifiers: frozenset[str]
    hypo_aux: frozenset[str]
    hypo_marks: frozenset[str]
    negators: frozenset[str]
    negating_heads: frozenset[str]
    historical_days: int


@lru_cache(maxsize=1)
def rules() -> _Rules:
    raw = json.loads(resources.files("dateline.nlp").joinpath("data/event_context.json").read_text("utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in raw[key])

    return _Rules(
        locative=words("locative_preps"),
        movement_only=words("movement_only_preps"),
        movement_types=frozenset(raw["movement_types"]),
        place_rank=dict(raw["place_rank"]),
        clause_deps=words("clause_deps"),
        core_deps=words("core_arg_deps"),
        future_aux=words("future_aux"),
        plan_heads=words("plan_heads"),
        plan_modifiers=words("plan_modifiers"),
        hypo_aux=words("hypothetical_aux"),
        hypo_marks=words("hypothetical_marks"),
        negators=words("negators"),
        negating_heads=words("negating_heads"),
        historical_days=int(raw["historical_after_days"]),
    )


def period_bounds(value: str) -> tuple[date, date] | None:
    """First and last day of a TIMEX3 date value: ``2018-07`` → (Jul 1, Jul 31);
    ``2014`` → the year; ``2019-05-14T10:00`` → that day; None for what is not a calendar
    period (``PRESENT_REF``, ``XXXX-05``, ``2019-W20`` …)."""
    v = value[:10]
    try:
        if len(v) == 4 and v.isdigit():
            return date(int(v), 1, 1), date(int(v), 12, 31)
        if len(v) == 7 and v[4] == "-":
            y, m = int(v[:4]), int(v[5:7])
            first = date(y, m, 1)
            nxt = date(y + (m == 12), m % 12 + 1, 1)
            return first, nxt - timedelta(days=1)
        if len(v) == 10 and v[4] == "-" and v[7] == "-":
            d = date.fromisoformat(v)
            return d, d
    except ValueError:
        return None
    return None


class Situator:
    """Indexes one Doc's entities, timexes and quotes once; :meth:`situate` places an event."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.rules = rules()
        n = len(doc)
        self.entity_at: list[Any] = [None] * n
        self.timex_at: list[Any] = [None] * n
        for ent in doc._.dateline_entities or ():
            for a, b in ent.mentions:
                span = doc.char_span(a, b, alignment_mode="expand")
                if span is not None:
                    for t in span:
                        self.entity_at[t.i] = ent
        for tx in doc._.dateline_timexes or ():
            span = doc.char_span(tx.span[0], tx.span[1], alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.timex_at[t.i] = tx
        self.quotes = sorted(doc._.dateline_quotes or (), key=lambda q: q.span[0])
        self._quote_starts = [q.span[0] for q in self.quotes]
        anchor: datetime | None = doc._.dateline_anchor if Doc.has_extension("dateline_anchor") else None
        self.pub_day: date | None = anchor.date() if anchor is not None else None

    # -- reaching the event's own clause ------------------------------------------------

    def _reach(self, trigger: Token, max_depth: int) -> list[tuple[Token, int, Token | None]]:
        """Tokens of the trigger's own clause, breadth-first: (token, depth, the
        preposition the path last went through, or None)."""
        out: list[tuple[Token, int, Token | None]] = []
        seen = {trigger.i}
        queue: deque[tuple[Token, int, Token | None]] = deque([(trigger, 0, None)])
        starts = [trigger]
        if (
            trigger.pos_ in ("NOUN", "PROPN")
            and trigger.dep_ in self.rules.core_deps
            and trigger.head is not trigger
        ):
            starts.append(trigger.head)  # "held talks on Monday": the verb's clause too
        for extra in starts[1:]:
            seen.add(extra.i)
            queue.append((extra, 1, None))
        while queue:
            tok, depth, prep = queue.popleft()
            out.append((tok, depth, prep))
            if depth >= max_depth:
                continue
            for child in tok.children:
                if child.i in seen:
                    continue
                if (
                    child.dep_ in self.rules.clause_deps
                    and tok.i == trigger.i
                    or (child.dep_ in self.rules.clause_deps and child.pos_ in ("VERB", "AUX"))
                ):
                    continue  # another clause: its dates and places are its own
                seen.add(child.i)
                queue.append((child, depth + 1, self._via(tok, child, prep)))
        return out

    def _via(self, tok: Token, child: Token, prep: Token | None) -> Token | None:
        """The locative preposition a path to ``child`` still stands under.  It holds for
        the preposition's object and what names the same place ("in the Black Sea resort
        of Sochi", "in Sochi and Moscow", "in Gaza City"), and lapses on any other link
        ("in the highest-level US engagement" puts nothing in the US)."""
        if child.dep_ == "prep":
            if child.lower_ == "of" and prep is not None:
                return prep
            return child
        if prep is None:
            return None
        if tok.dep_ == "prep" and child.dep_ == "pobj":
            return prep
        if child.dep_ in ("conj", "appos") or (tok.lower_ == "of" and child.dep_ == "pobj"):
            return prep
        here = self.entity_at[tok.i]
        if (
            child.dep_ in ("compound", "flat", "amod", "nmod")
            and here is not None
            and self.entity_at[child.i] is here
        ):
            return prep
        return None

    # -- the three answers -------------------------------------------------------------

    def _date(self, reached: list[tuple[Token, int, Token | None]]) -> Any:
        best = None
        for tok, depth, _prep in reached:
            tx = self.timex_at[tok.i]
            if tx is None or tx.type not in ("DATE", "TIME") or depth > _MAX_DATE_DEPTH:
                continue
            if period_bounds(tx.value) is None:
                continue  # PRESENT_REF, XXXX-05 …: not a calendar date
            key = (depth, abs(tok.i - reached[0][0].i))
            if best is None or key < best[0]:
                best = (key, tx)
        return best[1] if best else None

    def _place(
        self, trigger: Token, reached: list[tuple[Token, int, Token | None]], ptype: str | None
    ) -> Any:
        best = None
        for tok, depth, prep in reached:
            ent = self.entity_at[tok.i]
            if ent is None or ent.type not in _PLACE_TYPES or depth > _MAX_PLACE_DEPTH:
                continue
            geo = ent.geo or {}
            kind = geo.get("kind") or ("fac" if ent.type == "FAC" else "")
            rank = self.rules.place_rank.get(kind, 1)
            if prep is not None:
                word = prep.lower_
                if word not in self.rules.locative:
                    continue
                if word in self.rules.movement_only and ptype not in self.rules.movement_types:
                    continue
            elif not (tok.head.i == trigger.i and tok.dep_ in ("compound", "amod", "nmod") and rank >= 3):
                continue  # a place that is not where: "visited Moscow", "Russia's takeover"
            key = (-rank, depth, abs(tok.i - trigger.i))
            if best is None or key < best[0]:
                best = (key, ent)
        return best[1] if best else None

    def _quote_of(self, trigger: Token) -> Any:
        k = bisect.bisect_right(self._quote_starts, trigger.idx) - 1
        # quotes may nest (a direct quote inside a reported one): look back a little
        for j in range(k, max(-1, k - 4), -1):
            q = self.quotes[j]
            if q.span[0] <= trigger.idx < q.span[1]:
                return q
        return None

    def _modality(self, trigger: Token, quote: Any) -> str:
        r = self.rules
        kids = list(trigger.children)
        lowers = {
            c.lower_ for c in kids if c.dep_ in ("neg", "aux", "auxpass", "det", "advmod", "mark", "amod")
        }
        if any(c.dep_ == "neg" for c in kids) or (lowers & {"never", "no"}):
            return "negated"
        head = trigger.head if trigger.head is not trigger else None
        head_lemma = head.lemma_.lower() if head is not None else ""
        if head is not None and trigger.dep_ in ("xcomp", "dobj", "ccomp") and head_lemma in r.negating_heads:
            return "negated"
        if (
            head is not None
            and any(c.dep_ == "neg" for c in head.children)
            and trigger.dep_ in ("xcomp", "dobj")
        ):
            return "negated"  # "did not agree to meet", "has not held talks"
        marks = {c.lower_ for c in kids if c.dep_ == "mark"}
        if marks & r.hypo_marks or (trigger.dep_ == "advcl" and marks & r.hypo_marks):
            return "hypothetical"
        aux = {c.lower_ for c in kids if c.dep_ in ("aux", "auxpass")}
        if head is not None and trigger.dep_ in ("xcomp", "dobj", "pobj"):
            aux |= {c.lower_ for c in head.children if c.dep_ in ("aux", "auxpass")}
        if aux & r.future_aux:
            return "planned"
        if aux & r.hypo_aux:
            if "would" in aux and quote is not None:
                return "planned"  # reported future: "said Pompeo would push for progress"
            return "hypothetical"
        if head is not None and trigger.dep_ in ("xcomp", "advcl") and head_lemma in r.plan_heads:
            if any(c.lower_ == "to" for c in kids if c.dep_ == "aux"):
                return "planned"  # "plans to visit", "is heading to Russia to meet"
        if lowers & r.plan_modifiers:
            return "planned"  # "an upcoming summit"
        return "reported" if quote is not None else "asserted"

    def situate(
        self, trigger: Token, *, taken: frozenset[int] = frozenset(), plover_type: str | None = None
    ) -> Context:
        """Where, when and how certainly the event triggered by ``trigger`` happens.
        ``taken``: token indices inside the event's actor and target phrases (a place
        there names who acted, not where); ``plover_type`` lets movement triggers
        ("attacked from Lebanon", "withdrew from Gaza") take a place after from/into."""
        reached = self._reach(trigger, max(_MAX_DATE_DEPTH, _MAX_PLACE_DEPTH))
        tx = self._date(reached)
        free = [(t, d, p) for t, d, p in reached if t.i not in taken or p is not None and p.i not in taken]
        place = self._place(trigger, free, plover_type)
        quote = self._quote_of(trigger)
        modality = self._modality(trigger, quote)
        pub = self.pub_day.isoformat() if self.pub_day else None
        historical = False
        if tx is not None:
            first, last = period_bounds(tx.value) or (None, None)
            if self.pub_day is not None and last is not None and first is not None:
                historical = last < self.pub_day - timedelta(days=self.rules.historical_days)
                if modality in ("asserted", "reported") and first > self.pub_day:
                    modality = "planned"  # a date after publication: it has not happened yet
            source = "text"
        else:
            source = "publication" if pub else "none"
        return Context(
            location=place.id if place is not None else None,
            location_text=place.name if place is not None else None,
            date=tx.value if tx is not None else None,
            date_timex=tx.id if tx is not None else None,
            date_source=source,
            publication_date=pub,
            modality=modality,
            historical=historical,
            said_by=quote.speaker if quote is not None else None,
            quote=quote.id if quote is not None else None,
        )
