"""Type evidence for one entity: weighted votes from its mentions and the words around them.

    mentions (start, end, spaCy label, text) + Doc
      ─► each mention's spaCy label                                   1.0
      ─► before a mention: honorific ("Mr Blair")                   → PERSON 3.0
                           class noun ("oil firm Yukos", "striker X") → its class 3.0
                             (after "best": "best actress Oscar"      → EVENT 3.0)
                           title or role (roles.py: "Prime Minister") → PERSON 3.0
      ─► after a mention: appositive role or class noun
                           ("Franz Ferdinand, the Glasgow band")      → its class 3.0
                          modifier of a head noun ("Yukos shares", "Oscar-winning")
                                                                      → the head's class 2.5,
                            only when no mention has person evidence (honorific, title, role)
      ─► the name itself: a given name first ("Tony Blair")         → PERSON 1.0
                            unless a class noun says otherwise
                          a gazetteer: party, club or PLACE + team suffix, competition
                          or award or a name shaped like one ("… Championships", "US Open"),
                          product ("Xbox", "iPod" by its shape), demonym, a known city
                          (no given name first)
                                                                      → its type 1.5 for
                            each mention spaCy typed outside what the gazetteer allows,
                            unless a mention has person evidence; a product's modifier
                            votes are dropped ("iPod sales" is no company's)
      ─► gender: the honorifics, else the given name (gender-guesser)

entities.py types the entity by the heaviest vote (ties: the first mention's label among
the tied); when nothing but labels and the given name voted (``Evidence.cued`` False), its
older rule stands: a full name typed as a person is a person throughout.  The votes go
into the record (``type_votes``) for the store to sum over the corpus.

The words are data, in ``data/type_cues.json``; titles and roles are roles.py's.
Everything is a token look-up or a short anchored match per mention: linear in the text.
The given names (gender-guesser's ~45k names) are read once per process, lazily (about
0.4 s on the development machine).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc

from .. import given_names
from . import geo, lexicon
from .roles import appositive_role, prenominal_role

HONORIFIC_WEIGHT = 3.0  # "Mr Washington said": a person, whatever the gazetteers say
CLASS_WEIGHT = 3.0  # "oil firm Yukos", "the band Franz Ferdinand"
ROLE_WEIGHT = 3.0  # "Prime Minister Tony Blair", "Blair, the prime minister"
MODIFIER_WEIGHT = 2.5  # "Yukos shares": outweighs two wrong labels per use
GIVEN_NAME_WEIGHT = 1.0  # "Tony Blair": a small push, not a decision
GAZETTEER_WEIGHT = 1.5  # per mention typed outside the gazetteer's types: beats that label
_APPOSITIVE_WINDOW = 80  # characters after a name looked at for ", the Glasgow band"
_DASHES = frozenset({"-", "–", "‐"})  # "Oscar-winning"
# The types a gazetteer name may carry without correction.  A party not folded into one
# name ("Democrats") may be NORP, its members; an event's name is often typed as a work or a law by spaCy,
# seldom wrongly; a product's only as a product.
_PARTY_TYPES = frozenset({"ORG", "NORP"})
EVENT_TYPES = frozenset({"EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})
PRODUCT_TYPES = frozenset({"PRODUCT"})
_I_PRODUCT = re.compile(r"i[A-Z][a-z]+")  # "iPod", "iTunes": the first word of the name

# gender-guesser's answers; "andy" (androgynous) is "unisex", "unknown" no given name
_GENDERS = {"male": "male", "mostly_male": "male", "female": "female", "mostly_female": "female"}

Mention = tuple[int, int, str, str]  # start, end, spaCy label, text


@dataclass(frozen=True)
class Cues:
    honorifics: dict[str, str | None]  # lowercase word → "male" / "female" / None
    courtesy: frozenset[str]  # honorifics whose "Mr Blair" joins the article's full name
    class_nouns: dict[str, str]  # lowercase noun → type
    award_categories: frozenset[str]  # "best" in "best actress Oscar"
    modifier_heads: dict[str, str]  # lowercase head noun → type of its name modifier
    appositive: re.Pattern[str]  # ", the Glasgow band" → group "noun"
    team_suffixes: frozenset[str]
    place_suffixes: frozenset[str]  # "City", "County": teams only in these countries
    place_suffix_countries: frozenset[str]
    team_prefixes: frozenset[str]
    names: dict[str, tuple[str, frozenset[str]]]  # exact name → (type, types it may have)
    parties: dict[str, str]  # exact variant ("Lib Dems", "Tory") → the party's one name
    event_last_words: tuple[str, ...]  # "Awards", "Grand Prix": "X Awards" is an event
    event_after_place: frozenset[str]  # "Open", "Games": an event after a place or demonym
    event_after_place_also: frozenset[str]  # "Olympic", "Commonwealth": as good as a place there
    show_kinds: frozenset[str]  # "Motor" in "Motor Show": a trade show, not a programme
    party_events: frozenset[str]  # "Conference": an event after a party's name
    i_prefix_exceptions: frozenset[str]  # "iRobot": companies named like Apple's products
    time_zones: frozenset[str]  # "GMT", "BST": never an entity
    min_city_population: int
    title_ends: frozenset[str]  # last words of the titles: only these call roles.py's match


def _by_type(groups: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for typ, words in groups.items():
        if typ.startswith("_"):
            continue
        for w in words:
            if w in out and out[w] != typ:
                raise ValueError(f"type_cues.json: {w!r} is listed under {out[w]} and {typ}")
            out[w] = typ
    return out


@lru_cache(maxsize=1)
def cues() -> Cues:
    raw = json.loads(resources.files(__package__).joinpath("data", "type_cues.json").read_text("utf-8"))
    class_nouns = _by_type(raw["class_nouns"])
    alternation = "|".join(re.escape(w) for w in sorted(class_nouns, key=len, reverse=True))
    teams, parties, comps = raw["teams"], raw["parties"], raw["competitions"]
    events, products = raw["event_names"], raw["products"]
    names: dict[str, tuple[str, frozenset[str]]] = {}
    party_names: dict[str, str] = {}
    for canonical, variants in parties["canonical"].items():
        for n in (canonical, *variants):
            if party_names.get(n, canonical) != canonical:
                raise ValueError(f"type_cues.json: party variant {n!r} names two parties")
            party_names[n] = canonical
    for n in party_names:  # the party itself: a NORP label ("Tory MPs") is outvoted
        names[n] = ("ORG", frozenset({"ORG"}))
    for n in parties["names"]:
        names[n] = ("ORG", _PARTY_TYPES)
    for n in teams["clubs"]:
        names[n] = ("ORG", frozenset({"ORG"}))
    for n in comps["names"]:
        names[n] = ("EVENT", EVENT_TYPES)
    for n in comps["also_bodies"]:
        names[n] = ("EVENT", EVENT_TYPES | {"ORG"})
    for n in products["names"]:
        names[n] = ("PRODUCT", PRODUCT_TYPES)
    for n in raw["venues"]["names"]:
        names[n] = ("FAC", frozenset({"FAC"}))
    for n in raw["occasions"]["names"]:
        names[n] = ("EVENT", EVENT_TYPES)
    return Cues(
        honorifics={k: v for k, v in raw["honorifics"].items() if not k.startswith("_")},
        courtesy=frozenset(raw["courtesy"]["names"]),
        class_nouns=class_nouns,
        award_categories=frozenset(raw["award_categories"]),
        modifier_heads=_by_type(raw["modifier_heads"]),
        appositive=re.compile(
            rf",\s+(?:a|an|the)\s+(?:[\w.'’-]+\s+){{0,3}}?(?P<noun>{alternation})(?![\w-])"
        ),
        team_suffixes=frozenset(teams["suffixes"]),
        place_suffixes=frozenset(teams["place_suffixes"]["words"]),
        place_suffix_countries=frozenset(teams["place_suffixes"]["countries"]),
        team_prefixes=frozenset(teams["prefixes"]),
        names=names,
        parties=party_names,
        event_last_words=tuple(events["last_words"]),
        event_after_place=frozenset(events["after_place"]),
        event_after_place_also=frozenset(events["after_place_also"]),
        show_kinds=frozenset(events["show_kinds"]),
        party_events=frozenset(events["party_events"]),
        i_prefix_exceptions=frozenset(products["i_prefix_exceptions"]),
        time_zones=frozenset(raw["never_names"]["time_zones"]),
        min_city_population=int(raw["min_city_population"]),
        title_ends=frozenset(t.split()[-1] for t in lexicon.titles().prenominal),
    )


def name_gender(first: str) -> str | None:
    """The gender of a given name: "male", "female", "unisex" (used by both), or None for a word
    that is no given name ("Manchester", "Kill")."""
    g = given_names.kind(first)
    if g == "unknown":
        return None
    return _GENDERS.get(g, "unisex")


def _is_place(name: str) -> bool:
    p = geo.resolve_place(name)
    if p is None or p["kind"] == "country":
        return False  # countries are forced by the entity stage already
    return p["kind"] != "city" or geo.city_population(name) >= cues().min_city_population


def _is_team(name: str) -> bool:
    c = cues()
    words = name.split()
    if len(words) < 2:
        return False
    if words[-1] in c.team_suffixes:
        return _is_place(" ".join(words[:-1])) or geo.country_code(" ".join(words[:-1])) is not None
    if words[-1] in c.place_suffixes:
        if geo.resolve_place(name) is not None:
            return False  # "Mexico City", "Cape Town" are the places
        p = geo.resolve_place(" ".join(words[:-1]))
        return p is not None and p["country"] in c.place_suffix_countries
    if words[0] in c.team_prefixes:
        return geo.resolve_place(" ".join(words[1:])) is not None
    return False


def canonical_party(name: str) -> str | None:
    """One name for a political party: ``"Lib Dems"``, ``"Liberal Democrat"`` →
    ``"Liberal Democrats"``; ``"Tories"`` → ``"Conservative Party"``; ``"Labour party"`` →
    ``"Labour Party"``.  Case-sensitive ("labour costs" names nothing); a variant that names
    different parties by country ("Democrats", "Liberals", "Labor") → None."""
    parties = cues().parties
    if name.endswith(" party"):
        name = name[: -len("party")] + "Party"
    return parties.get(name)


def _is_event_name(name: str) -> bool:
    """A name shaped like an event's: "European Indoor Championships", "US Open", "Consumer
    Electronics Show", "Labour Party Conference" (data/type_cues.json "event_names")."""
    c = cues()
    words = name.split()
    if len(words) < 2:
        return False
    if any(name.endswith(" " + w) for w in c.event_last_words):
        return True
    head, last = " ".join(words[:-1]), words[-1]
    if last in c.event_after_place:
        return (
            head in c.event_after_place_also
            or geo.country_code(head) is not None
            or (len(words) == 2 and geo.demonym_country(head) is not None)
            or _is_place(head)
        )
    if last == "Show":
        return words[-2] in c.show_kinds
    return last in c.party_events and canonical_party(head) is not None


def _is_product_name(name: str) -> bool:
    """A product by its shape: a lowercase "i" + capitalised word starts the name ("iPod",
    "iTunes Music Store")."""
    first = name.split()[0]
    return _I_PRODUCT.fullmatch(first) is not None and first not in cues().i_prefix_exceptions


def gazetteer(name: str) -> tuple[str, frozenset[str]] | None:
    """(type, the types spaCy may give it without correction) of a name the gazetteers
    know, else None.  Places count only when no given name comes first ("Denzel
    Washington") and, for cities, when the city is big enough to be meant by its name."""
    c = cues()
    if name in c.names:
        return c.names[name]
    if _is_team(name):
        return "ORG", frozenset({"ORG"})
    if _is_event_name(name):
        return "EVENT", EVENT_TYPES
    if _is_product_name(name):
        return "PRODUCT", PRODUCT_TYPES
    words = name.split()
    if len(words) == 1 and geo.demonym_country(name) and name[0].isupper():
        return "NORP", frozenset({"NORP", "LANGUAGE"})
    if (len(words) == 1 or name_gender(words[0]) is None) and _is_place(name):
        return "GPE", frozenset({"GPE", "LOC", "FAC", "ORG", "NORP"})
    return None


def _is_honorific(tok: Any) -> bool:
    return tok is not None and tok.lower_ in cues().honorifics and tok.text[:1].isupper()


@dataclass(frozen=True)
class Evidence:
    votes: dict[str, float]  # type → weight
    cued: bool  # some vote besides spaCy's labels and the given name
    genders: tuple[str, ...]  # genders the honorifics before the mentions tell


def _add(votes: dict[str, float], typ: str, w: float) -> None:
    votes[typ] = votes.get(typ, 0.0) + w


def evidence(doc: Doc, text: str, mentions: list[Mention], name: str) -> Evidence:
    """The type votes of one entity named ``name`` from its ``mentions`` in ``doc``."""
    c = cues()
    votes: dict[str, float] = {}
    for m in mentions:
        _add(votes, m[2], 1.0)
    strong: dict[str, float] = {}
    modifier: dict[str, float] = {}
    person_evidence = False
    genders: list[str] = []
    for s, e, _label, _form in mentions:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        prev = doc[span.start - 1] if span.start > 0 else None
        # "Mr Blair" — or "Mrs Thatcher" as spaCy's span, the honorific inside
        hon = next((t for t in (prev, span[0] if len(span) > 1 else None) if _is_honorific(t)), None)
        if hon is not None:
            _add(strong, "PERSON", HONORIFIC_WEIGHT)
            person_evidence = True
            if g := c.honorifics[hon.lower_]:
                genders.append(g)
        elif prev is not None and prev.is_lower and prev.lower_ in c.class_nouns:
            before = doc[prev.i - 1].lower_ if prev.i > 0 else ""
            # "best actress Oscar": an award category, the name is the award
            typ = "EVENT" if before in c.award_categories else c.class_nouns[prev.lower_]
            _add(strong, typ, CLASS_WEIGHT)
        elif prev is not None and prev.lower_ in c.title_ends and prenominal_role(text, s):
            _add(strong, "PERSON", ROLE_WEIGHT)
            person_evidence = True
        if appositive_role(text, e):
            _add(strong, "PERSON", ROLE_WEIGHT)
            person_evidence = True
        elif am := c.appositive.match(text, e, min(len(text), e + _APPOSITIVE_WINDOW)):
            _add(strong, c.class_nouns[am["noun"]], CLASS_WEIGHT)
        i = span.end
        if i + 1 < len(doc) and doc[i].text in _DASHES and doc[i].whitespace_ == "":
            i += 1  # "Oscar-winning"
        if i < len(doc) and doc[i].is_lower and doc[i].lower_ in c.modifier_heads:
            _add(modifier, c.modifier_heads[doc[i].lower_], MODIFIER_WEIGHT)
    cued = bool(strong)
    for typ, w in strong.items():
        _add(votes, typ, w)
    gaz = None if person_evidence else gazetteer(name)
    if gaz is not None and gaz[0] == "PRODUCT":
        modifier = {}  # "iPod sales", "Xbox owners": a product heads nouns a company does too
    if modifier and not person_evidence:
        cued = True
        for typ, w in modifier.items():
            _add(votes, typ, w)
    words = name.split()
    labels = Counter(m[2] for m in mentions)
    given = len(words) >= 2 and name_gender(words[0]) is not None
    if given and labels["PERSON"] and all(t == "PERSON" for t in strong):
        _add(votes, "PERSON", GIVEN_NAME_WEIGHT)  # not against "Glasgow group Franz Ferdinand"
    if gaz is not None:
        typ, allowed = gaz
        wrong = sum(n for label, n in labels.items() if label not in allowed)
        if wrong:
            cued = True
            _add(votes, typ, GAZETTEER_WEIGHT * wrong)
    return Evidence(votes, cued, tuple(genders))


def as_tuple(votes: dict[str, float]) -> tuple[tuple[str, float], ...]:
    """Votes as Entity.type_votes: heaviest first, then by label; rounded to 2 decimals."""
    return tuple(
        sorted(((t, round(w, 2)) for t, w in votes.items() if w > 0), key=lambda tw: (-tw[1], tw[0]))
    )


def gender(ev: Evidence, name: str, typ: str) -> str | None:
    """The gender of a person: its honorifics if they agree, else its given name."""
    if typ != "PERSON":
        return None
    if ev.genders:
        return ev.genders[0] if len(set(ev.genders)) == 1 else None
    words = [w for w in name.split() if w.lower() not in cues().honorifics]
    if len(words) < 2:
        return None
    g = name_gender(words[0])
    return g if g in ("male", "female") else None


__all__ = [
    "EVENT_TYPES",
    "PRODUCT_TYPES",
    "Evidence",
    "as_tuple",
    "canonical_party",
    "cues",
    "evidence",
    "gazetteer",
    "gender",
    "name_gender",
]
