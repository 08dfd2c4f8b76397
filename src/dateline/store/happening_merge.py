"""The merge decision of store/happenings.py: may this event be a report of that
happening, and how strongly do they agree?  Pure functions over small frozen values, no
SQL, so every rule is tested and explained on its own (the evidence JSON names each).

An event and a happening are compared on (rules and thresholds in data/happenings.json):

* **type** — the same PLOVER type, always;
* **who** — actor and target keys (``"@<identity id>"``, or a generic phrase's key such
  as ``"police"``).  An actor of one that is only a target of the other (or the reverse)
  is a contradiction ("A accused B" is not "B accused A"), except for the symmetric types
  ("A met B" is "B met A"), where both sides are one set;
* **when** — both dated from the text: their periods ``[date_sort, date_end)`` overlap;
  one undated: its article was published within ``undated_window_days`` after the other's
  period (``publication_slack_days`` before it); both undated: publication days that close;
* **where** — the same known place, or one of them unknown; two different known places
  never merge;
* **story** — within one story (or one article) a shared actor or target is enough
  (``same_story_min_score``), and when none is shared, a name that is the other's with
  words left out ("Villa", "Aston Villa": ``loose_names_in_story``, weight ``loose``); across stories only a shared actor and target and dates
  from the text that overlap, with at least one named identity (``cross_story_min_score``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Rules:
    kept_modalities: frozenset[str]
    symmetric_types: frozenset[str]
    undated_window_days: int
    publication_slack_days: int
    candidates_per_key: int
    weights: dict[str, float]
    same_story_min_score: float
    cross_story_min_score: float
    label_names: int
    loose_names_in_story: bool


@cache
def rules() -> Rules:
    """The rules of data/happenings.json (read once)."""
    raw = json.loads(resources.files(__package__).joinpath("data/happenings.json").read_text("utf-8"))
    return Rules(
        kept_modalities=frozenset(raw["kept_modalities"]),
        symmetric_types=frozenset(raw["symmetric_types"]),
        undated_window_days=int(raw["undated_window_days"]),
        publication_slack_days=int(raw["publication_slack_days"]),
        candidates_per_key=int(raw["candidates_per_key"]),
        weights={k: float(v) for k, v in raw["weights"].items()},
        same_story_min_score=float(raw["same_story_min_score"]),
        cross_story_min_score=float(raw["cross_story_min_score"]),
        label_names=int(raw["label_names"]),
        loose_names_in_story=bool(raw["loose_names_in_story"]),
    )


@dataclass(frozen=True)
class Side:
    """What is compared of an event or of a happening.  ``period`` is the date from the
    text as ISO days ``(first, end)``; ``published`` the (first) publication day;
    ``place`` ``"@<identity id>"`` or a place name's key."""

    plover_type: str
    actors: frozenset[str]
    targets: frozenset[str]
    period: tuple[str, str] | None
    published: str | None
    place: str | None
    story_id: int | None
    articles: frozenset[int] = field(default_factory=frozenset)
    actor_names: frozenset[str] = frozenset()  # the name keys ("aston villa"), for looser matches
    target_names: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Verdict:
    score: float
    evidence: dict[str, Any]


def _day(value: str) -> date:
    return date.fromisoformat(value[:10])


def _within(day: str | None, period: tuple[str, str], r: Rules) -> bool:
    """Is publication ``day`` from slack days before ``period`` to the window after it?"""
    if day is None:
        return False
    d = _day(day)
    first = _day(period[0]) - timedelta(days=r.publication_slack_days)
    last = _day(period[1]) + timedelta(days=r.undated_window_days)
    return first <= d < last


def when(a: Side, b: Side, r: Rules) -> str | None:
    """How the dates agree: "overlap" (both from the text), "window" (one or both undated,
    published close enough), or None when they do not."""
    if a.period and b.period:
        return "overlap" if a.period[0] < b.period[1] and b.period[0] < a.period[1] else None
    if a.period or b.period:
        dated, undated = (a, b) if a.period else (b, a)
        assert dated.period is not None
        return "window" if _within(undated.published, dated.period, r) else None
    if a.published and b.published:
        gap = abs((_day(a.published) - _day(b.published)).days)
        return "window" if gap <= r.undated_window_days else None
    return None


def who(event: Side, happening: Side, r: Rules) -> tuple[list[str], list[str], list[str]]:
    """(shared actors, shared targets, contradictions: keys in swapped roles)."""
    if event.plover_type in r.symmetric_types:
        shared = sorted((event.actors | event.targets) & (happening.actors | happening.targets))
        actors = [k for k in shared if k in event.actors or k in happening.actors]
        targets = [k for k in shared if k not in actors]
        return actors, targets, []
    actors = sorted(event.actors & happening.actors)
    targets = sorted(event.targets & happening.targets)
    swapped = sorted(
        (event.actors & happening.targets - happening.actors)
        | (event.targets & happening.actors - happening.targets)
    )
    return actors, targets, swapped


def _contained(a: str, b: str) -> bool:
    """Is one name the other with words left out ("villa" in "aston villa", "coast
    guard" in "hellenic coast guard")?"""
    wa, wb = a.split(), b.split()
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return bool(short) and set(short) <= set(long)


def loose(event: Side, happening: Side, r: Rules) -> tuple[list[list[str]], list[list[str]]]:
    """Names of the same role where one is the other with words left out (inside one
    story only: "Villa" and "Aston Villa" are one club there), as [event's, happening's]."""
    if event.plover_type in r.symmetric_types:
        pairs = [
            (event.actor_names | event.target_names, happening.actor_names | happening.target_names, "a")
        ]
    else:
        pairs = [
            (event.actor_names, happening.actor_names, "a"),
            (event.target_names, happening.target_names, "t"),
        ]
    actors: list[list[str]] = []
    targets: list[list[str]] = []
    for mine, theirs, role in pairs:
        for a in sorted(mine):
            for b in sorted(theirs):
                if a != b and _contained(a, b):
                    (actors if role == "a" else targets).append([a, b])
    return actors, targets


def decide(event: Side, happening: Side, r: Rules) -> Verdict | None:
    """The verdict of merging ``event`` into ``happening``, or None when they must not
    merge (module docstring); the score is the sum of the weights of what matched."""
    if event.plover_type != happening.plover_type:
        return None
    actors, targets, swapped = who(event, happening, r)
    if swapped:
        return None
    if event.place and happening.place and event.place != happening.place:
        return None
    same_article = bool(event.articles & happening.articles)
    dates = when(event, happening, r)
    if dates is None and same_article and not (event.period and happening.period):
        dates = "same article"  # an undated mention of what the article told (no publication day needed)
    if dates is None:
        return None
    same_story = same_article or (event.story_id is not None and event.story_id == happening.story_id)
    w = r.weights
    score = w["actor"] * bool(actors) + w["target"] * bool(targets)
    score += w["date"] * (dates == "overlap") + w["place"] * bool(event.place and happening.place)
    evidence: dict[str, Any] = {
        "actors": actors,
        "targets": targets,
        "date": dates,
        "place": event.place if event.place and happening.place else None,
    }
    if same_story:
        score += w["story"]
        evidence["story"] = "same article" if same_article else "same story"
        if r.loose_names_in_story and not (actors or targets):
            near_actors, near_targets = loose(event, happening, r)
            score += w["loose"] * (bool(near_actors) + bool(near_targets))
            actors, targets = [a for a, _ in near_actors], [t for t, _ in near_targets]
            if near_actors or near_targets:
                evidence["loose"] = near_actors + near_targets
        named = bool(actors or targets) or (
            not (event.actors or event.targets) and dates == "overlap" and evidence["place"] is not None
        )
        ok = named and score >= r.same_story_min_score
    else:
        evidence["story"] = "other"
        target_ok = bool(targets) or not (event.targets or happening.targets)
        identity = any(k.startswith("@") for k in actors + targets)
        ok = bool(actors) and target_ok and identity and dates == "overlap"
        ok = ok and score >= r.cross_story_min_score
    if not ok:
        return None
    evidence["score"] = round(score, 3)
    return Verdict(round(score, 3), evidence)


def gap(event: Side, happening: Side) -> int:
    """Days between when the event was (its date, else its publication day) and the
    happening's period (else its first day); 0 inside it, a large number when unknown."""
    ref = event.period[0] if event.period else event.published
    first, end = happening.period or (happening.published, happening.published)
    if ref is None or first is None or end is None:
        return 1 << 30
    d, a, b = _day(ref), _day(first), _day(end)
    return 0 if a <= d < max(b, a + timedelta(days=1)) else min(abs((d - a).days), abs((d - b).days))


def best(event: Side, candidates: dict[int, Side], r: Rules) -> tuple[int, Verdict] | None:
    """The happening ``event`` merges into: the highest score; on a tie the one closest
    in time (an undated report of "today" is nearest the happening of its day), then the
    most recent."""
    found: tuple[tuple[float, int, int], int, Verdict] | None = None
    for hid, side in candidates.items():
        v = decide(event, side, r)
        if v is None:
            continue
        rank = (v.score, -gap(event, side), hid)
        if found is None or rank > found[0]:
            found = (rank, hid, v)
    return (found[1], found[2]) if found else None


def joined(happening: Side, event: Side) -> Side:
    """The happening after ``event`` joined it (what the next event is compared with):
    its names grow, a missing date, place or story is filled, the first day kept."""
    days = [d for d in (happening.published, event.published) if d]
    return Side(
        happening.plover_type,
        happening.actors | event.actors,
        happening.targets | event.targets,
        happening.period or event.period,
        min(days) if days else None,
        happening.place or event.place,
        happening.story_id if happening.story_id is not None else event.story_id,
        happening.articles | event.articles,
        happening.actor_names | event.actor_names,
        happening.target_names | event.target_names,
    )
