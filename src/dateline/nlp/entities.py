"""The ``dateline_entities`` stage: spaCy's entity spans → one Entity per referent.

    doc.ents ─► candidates ─► drop titles, furniture, timestamps, time zones, "MPs";
                              trim "the"/"'s"/"-led"
             ─► "NAME campaign/administration" → ORG of its own
             ─► keys: country variants (US = U.S. = United States), bodies (UN, EU),
                parties (Tories = Conservatives = Conservative Party), names
             ─► people: surname/first name → the full name given in the article, else the
                unique public figure in data/people.txt ("Putin" → "Vladimir Putin")
             ─► type by vote (entity_types.py): the mentions' labels plus cues around
                them and gazetteers ("oil firm Yukos", "Mr Blair", "Manchester United");
                without cues, a full name typed as a person is a person throughout
             ─► unlabelled repeats of a found name become mentions too
             ─► roles (roles.py), refers_to for capitals/seats used as actors, geo (geo.py)

The stage reads ``doc.text`` once: spaCy rebuilds it from the tokens on every access.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from ..models import Entity
from ..read.text import is_known_furniture
from . import entity_types, geo, lexicon
from .roles import appositive_role, prenominal_role

# OntoNotes labels that name things; DATE, TIME, MONEY, PERCENT, QUANTITY, ORDINAL and
# CARDINAL are values, not entities.
ENTITY_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_TIMESTAMPISH = re.compile(r"\d{1,4}[-/:.]\d{1,2}|\d{1,2}:\d{2}|\b(?:GMT|UTC)\d", re.IGNORECASE)
# "MPs", "MEPs", "CEOs": an acronym + "s" is a plural common noun, never a name
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_TRAILING = re.compile(r"(?:'s|’s|'|’)$")
_HYPHEN_SUFFIX = re.compile(r"-(?:led|backed|era|style|linked|allied|run|appointed|aligned|friendly)$", re.I)
# Dependency labels of a capital used as an actor ("Moscow demanded", "Moscow's support",
# "collude with Moscow"); "in Moscow" (pobj of a locative preposition) is a place.
_OF_JOIN = re.compile(r" of (?:the )?")
_ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "agent", "dobj", "conj", "appos"})
_ACTOR_PREPS = frozenset({"with", "against", "by", "from", "to", "toward", "towards", "between"})
# A repeat of a known name is added as a mention only if it is at least this long —
# shorter strings ("US" aside, which keys catch anyway) are too often something else.
_MIN_PROPAGATE_CHARS = 3

if not Doc.has_extension("dateline_entities"):
    Doc.set_extension("dateline_entities", default=None)


@dataclass
class _Cluster:
    key: tuple[str, str]
    mentions: list[tuple[int, int, str, str]] = field(default_factory=list)  # start, end, label, text
    name: str | None = None  # forced canonical name (country, body, known person)
    type: str | None = None  # forced type

    def first(self) -> int:
        return min(m[0] for m in self.mentions)


def keep(text: str, label: str) -> bool:
    """False for what must never be an entity: values, furniture, timestamps, time zones
    ("GMT"), plural acronyms ("MPs")."""
    if label not in ENTITY_LABELS or not any(c.isalpha() for c in text):
        return False
    if text in entity_types.cues().time_zones or _PLURAL_ACRONYM.fullmatch(text):
        return False
    return not (_TIMESTAMPISH.search(text) or is_known_furniture(text))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Span without a leading article, a trailing possessive or a "-led" suffix."""
    if m := _LEADING.match(text[start:end]):
        start += m.end()
    if m := _TRAILING.search(text[start:end]):
        end -= len(m.group(0))
    if m := _HYPHEN_SUFFIX.search(text[start:end]):
        end -= len(m.group(0))
    span = text[start:end]
    start += len(span) - len(span.lstrip())  # "Puerto Rico 's": no space left at the edge
    end -= len(span) - len(span.rstrip())
    return start, max(start, end)


def _squash(s: str) -> str:
    return " ".join(s.split())


def _candidates(doc: Doc, text: str, title_spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    nouns = lexicon.org_nouns()
    ents = list(doc.ents)
    skip = False
    for i, ent in enumerate(ents):
        if skip:
            skip = False
            continue
        start, end = _trim(text, ent.start_char, ent.end_char)
        label = ent.label_
        # "German Marshall Fund" + "of the United States": one organization name.
        if label == "ORG" and i + 1 < len(ents) and ents[i + 1].label_ in ("GPE", "ORG", "LOC"):
            if _OF_JOIN.fullmatch(text[ent.end_char : ents[i + 1].start_char]):
                end, skip = ents[i + 1].end_char, True
        if start >= end or not keep(text[start:end], label):
            continue
        # A title at the start of a PERSON span ("President Donald Trump") is a role, not a name.
        for ts, te in title_spans:
            if ts == start and te < end and label == "PERSON":
                start = te + (len(text[te:end]) - len(text[te:end].lstrip()))
        if any(ts <= start and end <= te for ts, te in title_spans):
            continue  # "State" in "Secretary of State"
        # "the Trump campaign": name + organization noun → an ORG of its own.
        nxt = ent.end if ent.end < len(doc) else None
        if nxt is not None and doc[nxt].lower_ in nouns and label in ("PERSON", "ORG", "NORP", "GPE"):
            if label != "GPE" or doc[nxt].lower_ in ("government", "regime", "administration"):
                tok = doc[nxt]
                out.append((start, tok.idx + len(tok.text), "ORG"))
                continue
        out.append((start, end, label))
    return out


def _join_parties(doc: Doc, text: str, cands: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A span that with the word before or after it names a party is that party: spaCy
    cuts "Liberal Democrat leader" to "Democrat" (NORP), or into "Liberal" and "Democrat"."""
    party = entity_types.canonical_party
    out: list[tuple[int, int, str]] = []
    for s, e, label in cands:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and not party(text[s:e]):
            before = doc[span.start - 1] if span.start > 0 else None
            after = doc[span.end] if span.end < len(doc) else None
            if before is not None and party(text[before.idx : e]):
                s = before.idx
            elif after is not None and party(text[s : after.idx + len(after)]):
                e = after.idx + len(after)
        while out and out[-1][1] >= s - 1 and party(text[out[-1][0] : e]):
            s, label = out[-1][0], "NORP" if "NORP" in (out[-1][2], label) else "ORG"
            out.pop()
        while out and out[-1][1] > s:
            out.pop()  # "Liberal" (PERSON) inside the joined "Liberal Democrat"
        out.append((s, e, label))
    return out


def _key(name: str, label: str) -> tuple[tuple[str, str], str | None, str | None]:
    """(cluster key, forced name, forced type) of one mention."""
    if label in ("GPE", "LOC", "ORG", "NORP", "PERSON") and (code := geo.country_code(name)):
        if label != "NORP":
            return ("country", code), geo.country_name(code), "GPE"
    if label in ("ORG", "GPE", "NORP", "PERSON") and (body := geo.canonical_body(name)):
        return ("body", body.lower()), body, "ORG"
    if label in ("ORG", "NORP", "PERSON", "GPE") and (party := entity_types.canonical_party(name)):
        # a party is an organisation, also where its member word is NORP ("Tory MPs")
        return ("party", party.lower()), party, "ORG"
    return ("name", name.lower()), None, None


def _known_non_person(c: _Cluster) -> bool:
    gaz = entity_types.gazetteer(c.mentions[0][3])
    return gaz is not None and gaz[0] != "PERSON"


def _link_people(clusters: dict[tuple[str, str], _Cluster]) -> None:
    """Join one-word person mentions, and courtesy forms ("Mr Blair", data/type_cues.json)
    of a gender that fits, to the full name they stand for."""
    cues = entity_types.cues()
    full: dict[str, list[_Cluster]] = {}
    for c in clusters.values():
        if c.key[0] != "name" or c.name is not None:
            continue
        words = c.key[1].split()
        # "Manchester" is not short for "Manchester United", whatever spaCy typed it
        if words and words[0] in cues.courtesy:
            continue  # "Mr Blair" is a surname with its honorific, not a full name
        if len(words) >= 2 and any(m[2] == "PERSON" for m in c.mentions) and not _known_non_person(c):
            full.setdefault(words[-1], []).append(c)
            full.setdefault(words[0], []).append(c)
    known = lexicon.people()
    for key in list(clusters):
        c = clusters[key]
        words = key[1].split()
        courtesy = len(words) == 2 and words[0] in cues.courtesy
        if key[0] != "name" or c.name is not None or not (len(words) == 1 or courtesy):
            continue
        targets = {id(t): t for t in full.get(words[-1], [])}
        if courtesy:  # "Mr Blair" → the article's Tony Blair, unless the genders differ
            gender = cues.honorifics.get(words[0])
            targets = {
                i: t
                for i, t in targets.items()
                if t is not c
                and t.key[1].split()[-1] == words[-1]
                and not (
                    gender
                    and (g := entity_types.name_gender(t.key[1].split()[0].capitalize()))
                    in ("male", "female")
                    and g != gender
                )
            }
            if len(targets) == 1:
                (target,) = targets.values()
                target.mentions.extend(c.mentions)
                del clusters[key]
            continue
        if len(targets) == 1:
            (target,) = targets.values()
            target.mentions.extend(c.mentions)
            del clusters[key]
        elif (
            not targets
            and key[1] in known.by_short
            and any(m[2] in ("PERSON", "ORG", "GPE", "NORP") for m in c.mentions)
        ):
            c.name, c.type = known.by_short[key[1]], "PERSON"


def _vote(c: _Cluster, ev: entity_types.Evidence) -> str:
    if c.type:
        return c.type
    labels = Counter(m[2] for m in c.mentions)
    if (
        not ev.cued
        and labels["PERSON"]
        and any(len(m[3].split()) >= 2 for m in c.mentions if m[2] == "PERSON")
    ):
        return "PERSON"  # without other evidence, a full name typed as a person decides
    best = max(ev.votes.values())
    tied = {t for t, w in ev.votes.items() if w >= best - 1e-9}
    # ties as by the labels alone: the first mention's label among the tied, else by name
    return next((m[2] for m in sorted(c.mentions) if m[2] in tied), min(tied))


def _propagate(doc: Doc, text: str, clusters: list[_Cluster], taken: list[tuple[int, int]]) -> None:
    """Add unlabelled repeats of each found surface form, at token boundaries."""
    arr = doc.to_array([IDX, LENGTH])  # one call, not a Python loop over tokens
    starts = set(arr[:, 0].tolist())
    ends = set((arr[:, 0] + arr[:, 1]).tolist())
    covered = sorted(taken)
    for c in clusters:
        # Longest first, then alphabetical: "Franck Leboeuf" claims its repeats before
        # "Leboeuf", whatever the hash seed.
        forms = {m[3] for m in c.mentions}
        if c.type == "PERSON" or any(m[2] == "PERSON" for m in c.mentions):
            # A person named in full is later called by the surname alone ("said Benning").
            forms |= {f.split()[-1] for f in forms if len(f.split()) >= 2}
        for form in sorted(forms, key=lambda f: (-len(f), f)):
            if len(form) < _MIN_PROPAGATE_CHARS or not form[0].isupper():
                continue
            s = -1
            while (s := text.find(form, s + 1)) != -1:
                e = s + len(form)
                if s not in starts or e not in ends or any(a < e and s < b for a, b in covered):
                    continue
                c.mentions.append((s, e, c.mentions[0][2], form))
                covered.append((s, e))


def _span_is_actor(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    if root.dep_ in _ACTOR_DEPS:
        return True
    return root.dep_ == "pobj" and root.head.lower_ in _ACTOR_PREPS


def collect(doc: Doc) -> tuple[Entity, ...]:
    text = doc.text
    title_spans = [m.span() for m in lexicon.titles().pattern.finditer(text)]
    clusters: dict[tuple[str, str], _Cluster] = {}
    for start, end, label in _join_parties(doc, text, _candidates(doc, text, title_spans)):
        surface = _squash(text[start:end])
        key, name, typ = _key(surface, label)
        c = clusters.setdefault(key, _Cluster(key, name=name, type=typ))
        c.mentions.append((start, end, label, surface))
    _link_people(clusters)
    ordered = sorted(clusters.values(), key=_Cluster.first)
    _propagate(doc, text, ordered, [(m[0], m[1]) for c in ordered for m in c.mentions] + title_spans)

    entities: list[Entity] = []
    countries: dict[str, str] = {}  # ISO code → entity id
    mentioned_codes: list[str] = []
    for n, c in enumerate(ordered, 1):
        if c.key[0] == "country":
            countries[c.key[1]] = f"e{n}"
            mentioned_codes.append(c.key[1])
    for c in ordered:
        for m in c.mentions:
            if m[2] == "NORP" and (code := geo.demonym_country(m[3])):
                mentioned_codes.append(code)
    seats = lexicon.seats()
    for n, c in enumerate(ordered, 1):
        spans = sorted({(m[0], m[1]) for m in c.mentions})
        forms = [m[3] for m in sorted(c.mentions)]
        name = c.name or max(forms, key=lambda f: (len(f.split()), len(f)))
        ev = entity_types.evidence(doc, text, c.mentions, name)
        typ = _vote(c, ev)
        aliases = tuple(dict.fromkeys(f for f in forms if f != name))
        roles: list[str] = []
        if typ == "PERSON":
            for s, e in spans:
                for role in (prenominal_role(text, s), appositive_role(text, e)):
                    if role and role not in roles:
                        roles.append(role)
        refers_to = None
        code = seats.seats.get(name) or (
            seats.capitals.get(name) if any(_span_is_actor(doc, s, e) for s, e in spans) else None
        )
        if code and typ in ("GPE", "LOC", "FAC", "ORG"):
            refers_to = {"entity": countries.get(code), "name": geo.country_name(code), "country": code}
        place = None
        if typ in PLACE_LABELS:
            place = geo.resolve_place(name, label=typ, countries=tuple(dict.fromkeys(mentioned_codes)))
        entities.append(
            Entity(
                id=f"e{n}",
                name=name,
                type=typ,
                mentions=tuple(spans),
                aliases=aliases,
                roles=tuple(roles),
                geo=place,
                refers_to=refers_to,
                type_votes=entity_types.as_tuple(ev.votes),
                gender=entity_types.gender(ev, name, typ),
            )
        )
    return tuple(entities)


@Language.component("dateline_entities", requires=["doc.ents"], assigns=["doc._.dateline_entities"])
def dateline_entities(doc: Doc) -> Doc:
    doc._.dateline_entities = collect(doc)
    return doc


__all__: list[Any] = ["ENTITY_LABELS", "collect", "dateline_entities", "keep"]
