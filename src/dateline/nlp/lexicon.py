"""Rule data for the entity stage, loaded once per process from ``nlp/data/``.

    titles.txt     titles and roles ("Secretary of State", "~senior fellow")
    org_nouns.txt  nouns that make "NAME + noun" an organization ("Trump campaign")
    people.txt     widely reported public figures, to name a bare surname ("Putin")
    seats.json     capitals and seats of power that stand for a state
    speech.json    cue verbs, belief verbs, anonymous-source nouns, pronouns (quotes.py)

Everything here is data; the code that uses it lives in ``entities.py`` and ``roles.py``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def _lines(name: str) -> list[str]:
    text = resources.files(__package__).joinpath("data", name).read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


@dataclass(frozen=True)
class Titles:
    pattern: re.Pattern[str]  # any title, longest first, case-insensitive, word-bounded
    prenominal: frozenset[str]  # lowercase titles that may stand before a name
    alternation: str  # the raw alternation, for building other patterns


@lru_cache(maxsize=1)
def titles() -> Titles:
    pre: set[str] = set()
    every: set[str] = set()
    for line in _lines("titles.txt"):
        word = line.lstrip("~").lower()
        every.add(word)
        if not line.startswith("~"):
            pre.add(word)
    alternation = "|".join(re.escape(t) for t in sorted(every, key=len, reverse=True))
    # (?<![\w.]) / (?![\w-]): whole words only; "gen." keeps its dot.
    pattern = re.compile(rf"(?<![\w.-])(?:{alternation})(?![\w-])", re.IGNORECASE)
    return Titles(pattern, frozenset(pre), alternation)


@lru_cache(maxsize=1)
def org_nouns() -> frozenset[str]:
    return frozenset(w.lower() for w in _lines("org_nouns.txt"))


@dataclass(frozen=True)
class People:
    by_short: dict[str, str]  # lowercase surname or alias → the one full name it names
    full: frozenset[str]  # lowercase full names


@lru_cache(maxsize=1)
def people() -> People:
    aliases: dict[str, str] = {}
    last: dict[str, set[str]] = {}
    never: set[str] = set()
    full: set[str] = set()
    for line in _lines("people.txt"):
        if line.startswith("-"):
            never.add(line[1:].strip().lower())
            continue
        name, *alias = (p.strip() for p in line.split("|"))
        full.add(name.lower())
        last.setdefault(name.split()[-1].lower(), set()).add(name)
        for a in alias:
            aliases[a.lower()] = name
    by_short = {k: next(iter(v)) for k, v in last.items() if len(v) == 1}
    by_short.update(aliases)  # an explicit alias wins over a shared last word
    for word in never:
        by_short.pop(word, None)
    return People(by_short, frozenset(full))


@dataclass(frozen=True)
class Seats:
    capitals: dict[str, str]  # name → ISO alpha-2, an actor only in actor positions
    seats: dict[str, str]  # name → ISO alpha-2, always the state


@lru_cache(maxsize=1)
def seats() -> Seats:
    raw = json.loads(resources.files(__package__).joinpath("data", "seats.json").read_text("utf-8"))
    return Seats(dict(raw["capitals"]), dict(raw["seats"]))


@dataclass(frozen=True)
class Speech:
    verbs: frozenset[str]  # lemmas that introduce speech
    cognition: frozenset[str]  # lemmas of belief that news attributes too
    anonymous: frozenset[str]  # head nouns of unnamed sources
    pronouns: dict[str, tuple[str, ...]]  # pronoun → entity types it can stand for


@lru_cache(maxsize=1)
def speech() -> Speech:
    raw = json.loads(resources.files(__package__).joinpath("data", "speech.json").read_text("utf-8"))
    return Speech(
        frozenset(raw["verbs"]),
        frozenset(raw["cognition"]),
        frozenset(raw["anonymous"]),
        {k: tuple(v) for k, v in raw["pronouns"].items()},
    )
