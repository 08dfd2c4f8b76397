"""Person names as identity keys: what of "Mr Tony Blair" names the person.

    "Sen. Elizabeth A. Warren Jr."  ─► key  "elizabeth warren"   surname "warren"
       honorific (data/names.json) ─┘    middle initials and suffixes dropped
    "Mr Blair"                      ─► key  "blair"  (a bare surname), gender "male"
    "Ruud van Nistelrooy"           ─► key  "ruud van nistelrooy", surname "van nistelrooy"
    "Van Nistelrooy"                ─► key  "van nistelrooy"  (a bare surname: one name unit)

Keys are built on :func:`identities.identity_key` (casefolded, diacritics and whitespace
folded), so "George W. Bush", "George W Bush" and "GEORGE BUSH" share one.  A full middle
name stays ("Hillary Rodham Clinton" ≠ "Hillary Clinton" by key; the surname link joins
them as needed).  Royal and religious titles ("Prince Charles") are part of the name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from .. import given_names

_INITIAL = re.compile(r"^[a-z]\.?$|^(?:[a-z]\.){2,3}$")
_DOTTED = re.compile(r"^(?:[a-z]\.){1,3}$")


@dataclass(frozen=True)
class PersonName:
    key: str  # identity key without honorifics, middle initials and suffixes
    surname: str | None  # last name unit, particles joined ("van nistelrooy")
    units: int  # given names + surname; 1 = a bare surname ("blair")
    gender: str | None  # "male" / "female" when an honorific says so
    honorific: str | None  # the honorific dropped, as written in the key ("mr")


@dataclass(frozen=True)
class _Data:
    gender: dict[str, str | None]  # honorific phrase (tokens joined by " ") → gender
    longest: int  # longest honorific in tokens
    particles: frozenset[str]
    suffixes: frozenset[str]
    several: frozenset[str]  # words after a surname that make it name several people
    kin: frozenset[str]  # words that introduce a relative


@cache
def _data() -> _Data:
    raw = json.loads(resources.files(__package__).joinpath("data/names.json").read_text("utf-8"))
    gender: dict[str, str | None] = {}
    for g, words in raw["honorifics"].items():
        for w in words:
            gender[w] = None if g == "any" else g
    return _Data(
        gender,
        max(len(w.split()) for w in gender),
        frozenset(raw["particles"]),
        frozenset(raw["suffixes"]),
        frozenset(raw["not_one_person_after"]),
        frozenset(raw["kin"]),
    )


def _bare(token: str) -> str:
    return token.rstrip(".,")


def split_honorific(tokens: list[str]) -> tuple[str | None, list[str]]:
    """(honorific, the rest) of casefolded tokens; the rest is never empty."""
    d = _data()
    for n in range(min(d.longest, len(tokens) - 1), 0, -1):
        phrase = " ".join(_bare(t) for t in tokens[:n])
        if phrase in d.gender:
            return phrase, tokens[n:]
    return None, tokens


@lru_cache(maxsize=65536)
def parse(key: str) -> PersonName:
    """The person-name reading of an identity key (already casefolded and folded)."""
    d = _data()
    honorific, tokens = split_honorific(key.split())
    while len(tokens) > 1 and _bare(tokens[-1]) in d.suffixes:
        tokens = tokens[:-1]
    tokens = [t.strip(",") for t in tokens if _bare(t)]
    if tokens and _DOTTED.match(tokens[0]):
        tokens[0] = tokens[0].replace(".", "")  # "j.k." and "jk" are one spelling
    if not tokens:
        return PersonName(key, None, 0, None, honorific)
    # The surname: the last token with the particles right before it ("van der sar").
    start = len(tokens) - 1
    while start > 0 and _bare(tokens[start - 1]) in d.particles:
        start -= 1
    given = [t for t in tokens[:start] if not (_INITIAL.match(t) and start > 1 and t is not tokens[0])]
    if len(given) > 1:  # "george w bush": drop initials after the first given name
        given = [given[0], *(t for t in given[1:] if not _INITIAL.match(t))]
    surname = " ".join(tokens[start:])
    folded = " ".join([*given, surname])
    return PersonName(
        folded,
        surname,
        len(given) + 1,
        d.gender.get(honorific) if honorific else None,
        honorific,
    )


def personal_honorific(key: str) -> bool:
    """Whether a key starts with an honorific that only a person takes ("mr", "dr",
    "sir"), which makes it a person's name whatever spaCy's label ("General Motors" is
    not: "general" names a rank, and ranks count only in a PERSON span)."""
    tokens = key.split()
    if len(tokens) < 2:
        return False
    honorific = split_honorific(tokens)[0]
    return honorific is not None and (honorific in _PERSONAL or _data().gender.get(honorific) is not None)


def gendered(honorific: str | None) -> str | None:
    return _data().gender.get(honorific) if honorific else None


_PERSONAL = frozenset({"dr", "doctor", "prof", "professor", "rev", "reverend", "mx"})


@lru_cache(maxsize=65536)
def given_name(token: str) -> str | None:
    """ "male", "female" or "any" when ``token`` is a known given name (gender-guesser's
    list of 40,000 first names from many countries), else None."""
    word = token.strip(".,")
    if not word.isalpha():
        word = word.split("-")[0]
    if not word.isalpha():
        return None
    g = given_names.kind(word.capitalize())
    if g in ("male", "female"):
        return g
    return "any" if g in ("andy", "mostly_male", "mostly_female") else None


def one_person(body: str, start: int, end: int) -> bool:
    """Whether a surname mention at [start, end) of ``body`` can name one person: not
    joined by a hyphen to another name ("Dodd-Frank"), not "the Koch brothers"."""
    if body[end : end + 1] == "-" or (start > 0 and body[start - 1] == "-"):
        return False
    after = body[end : end + 20].split()
    return not (after and after[0].strip(".,;:'\"").casefold() in _data().several)


def particles() -> frozenset[str]:
    return _data().particles


_WORD = re.compile(r"[\w'-]+")


def introduced_as_kin(body: str, start: int, end: int) -> bool:
    """Whether a mention at [start, end) is introduced as someone's relative: a kinship
    word among the six words before it ("his sister Sherry Edwards", "the daughter of
    former Vice President Dick Cheney") or in an apposition right after it ("Sherry
    Edwards, his sister")."""
    before = [w.casefold() for w in _WORD.findall(body[max(0, start - 60) : start])][-6:]
    after = [w.casefold() for w in _WORD.findall(body[end : end + 30])][:4]
    kin = _data().kin
    return any(w in kin for w in before) or (body[end : end + 1] == "," and any(w in kin for w in after))


@cache
def known_people() -> frozenset[str]:
    """Full names of widely reported public figures (the entity stage's list)."""
    text = resources.files("dateline").joinpath("nlp/data/people.txt").read_text("utf-8")
    out = set()
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            out.add(" ".join(line.split("|")[0].split()).casefold())
    return frozenset(out)


def is_initials(token: str) -> bool:
    return bool(
        _INITIAL.match(token)
        or _DOTTED.match(token)
        or (len(token) <= 3 and token.isalpha() and token.isupper())
    )
