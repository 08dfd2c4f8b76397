"""Who acts and who is acted on, for the events stage: noun phrases, their entities, sectors.

    Arguments(doc)         built on a Doc's first trigger: token → entity (capitals and
                           seats resolved through ``refers_to``), paragraph breaks, sectors
    phrase(head) ─► Argument(text, span, entity, sector) for the head's noun phrase, or None
                    when the phrase names nobody (no entity, no sector noun; a generic
                    place only as a target); a place phrase ("in Sochi") is cut off an
                    actor, it is the event's; the sector comes from the head, its own
                    modifiers or a person's role (data/sectors.json)
    subjects(verb)     nsubj / agent of a passive; through xcomp, conj, advcl, acomp and
                       relative or participial clauses to the subject that controls it
    objects(verb)      dobj, dative, nsubjpass of a passive
    pobjs(tok, preps)  the objects of the given prepositions ("with X", "between X and Y")
    pronouns           resolved to the reporting verb's subject ("rebels said they would"),
                       a plural subject before "they", else the nearest preceding
                       compatible subject or mention in the paragraph
    (events.event_arguments puts these together into one event's actors and targets)

Every walk is bounded (``_MAX_UP``, ``_MAX_PHRASE``, ``_MAX_BACK``, ``_MAX_BACK_TOKENS``),
so the cost of an event is bounded by its sentence.
"""

from __future__ import annotations

import bisect
import json
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from spacy.attrs import IS_SPACE
from spacy.tokens import Doc, Token

from ..models import Argument, Entity
from . import lexicon

# Steps up the parse from a verb to the verb that supplies its subject ("agreed to re-open").
_MAX_UP = 4
# A phrase longer than this many tokens is cut to its head's left part ("U.S. military chief
# General Colin Powell" is seven): relative clauses and long modifiers are not the actor.
_MAX_PHRASE = 14
# A pronoun's antecedent is among the entity mentions just before it, in its paragraph.
_MAX_BACK = 30
# … and a plural subject ("the police") among the tokens just before it, in its sentence.
_MAX_BACK_TOKENS = 60
_SUBJ = frozenset({"nsubj", "nsubjpass", "csubj"})
_CUT_DEPS = frozenset({"relcl", "conj", "cc", "advcl", "ccomp", "parataxis", "punct", "acl", "mark", "dep"})
_INHERIT_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp", "prep", "acomp"})
# Heads that only count something: "hundreds of people", "members of the Association".
_QUANT = frozenset(
    {"hundreds", "thousands", "dozens", "scores", "millions", "tens", "group", "number", "part", "members",
     "member", "one", "some", "many", "most", "all", "majority", "handful", "third", "half", "lot", "lots",
     "both", "each", "several", "few", "rest", "hundred", "thousand", "dozen", "score", "million"}
)  # fmt: skip
_ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_OFFICIAL_SECTORS = frozenset({"government", "legislature", "military", "international"})
_OWN_PREPS = frozenset({"of", "from", "at", "in", "for", "within", "inside"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
_PLACE_PREPS = frozenset(
    {"in", "at", "near", "on", "during", "since", "after", "before", "into", "inside", "outside"}
)
_PRONOUN_UP = frozenset({"ccomp", "xcomp", "conj", "advcl", "acomp", "poss", "dobj", "pobj", "prep"})
_RELATIVE = frozenset({"who", "whom", "which", "that", "whose"})
# spaCy NER labels of things, not parties: a proper noun tagged so is never an unnamed actor.
_NOT_ACTOR_NER = frozenset(
    {
        "DATE",
        "TIME",
        "MONEY",
        "PERCENT",
        "CARDINAL",
        "ORDINAL",
        "QUANTITY",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
        "EVENT",
        "PRODUCT",
    }
)
_PLACE_KINDS = frozenset(
    {"city", "district", "admin", "region", "island", "water", "continent", "site", "fac"}
)
_PERSONAL = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_POSS_PRONOUNS = {"its": "it", "their": "they", "his": "he", "her": "she", "our": "we", "my": "i"}


@lru_cache(maxsize=1)
def _sectors_data() -> dict[str, Any]:
    return json.loads(resources.files("dateline.nlp").joinpath("data", "sectors.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def sector_nouns() -> dict[str, str]:
    return {w.lower(): sector for sector, words in _sectors_data()["nouns"].items() for w in words}


@lru_cache(maxsize=1)
def generic_heads() -> frozenset[str]:
    return frozenset(w.lower() for w in _sectors_data()["generic_heads"])


@lru_cache(maxsize=1)
def place_nouns() -> frozenset[str]:
    return frozenset(w.lower() for w in _sectors_data()["places"])


class Arguments:
    """Indexes one Doc's entity mentions by token; builds :class:`Argument` phrases."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        n = len(doc)
        self.entity_at: list[Entity | None] = [None] * n
        self.by_id: dict[str, Entity] = {}
        marks: list[tuple[int, str]] = []  # (token index, entity id) of every mention's head token
        for ent in doc._.dateline_entities or ():
            self.by_id[ent.id] = ent
            for a, b in ent.mentions:
                span = doc.char_span(a, b, alignment_mode="expand")
                if span is None:
                    continue
                for t in span:
                    self.entity_at[t.i] = ent
                marks.append((span.end - 1, ent.id))
        marks.sort()
        self.timex_tokens: set[int] = set()
        for tx in doc._.dateline_timexes or ():
            span = doc.char_span(tx.span[0], tx.span[1], alignment_mode="expand")
            if span is not None:
                self.timex_tokens.update(range(span.start, span.end))
        self._mark_at = [m[0] for m in marks]
        self._mark_id = [m[1] for m in marks]
        # paragraph breaks (whitespace tokens with a newline): a pronoun never reaches past one
        spaces = np.nonzero(doc.to_array([IS_SPACE]))[0].tolist()
        self._breaks = [i for i in spaces if "\n" in doc[i].text]
        self._starts: list[int] | None = None
        self.sectors = sector_nouns()
        self.places = place_nouns()
        self.generic = generic_heads()
        self.adjectives = frozenset(w.lower() for w in _sectors_data()["adjectives"])
        self.pronouns = lexicon.speech().pronouns

    def slice(self, a: int, b: int) -> str:
        """The body's text between two token boundaries (``doc.text`` is joined anew from
        the tokens on every access: too dear per argument)."""
        span = self.doc.char_span(a, b)
        return span.text if span is not None else self.doc.text[a:b]

    def para(self, i: int) -> int:
        return bisect.bisect_right(self._breaks, i)

    def tokens(self, span: tuple[int, int]) -> range:
        """The token indices a character span covers."""
        if self._starts is None:
            self._starts = [t.idx for t in self.doc]
        a = bisect.bisect_right(self._starts, span[0]) - 1
        b = bisect.bisect_left(self._starts, span[1])
        return range(max(a, 0), b)

    # -- entities -----------------------------------------------------------------------

    def actor_entity(self, ent: Entity | None) -> str | None:
        if ent is None:
            return None
        ref = ent.refers_to
        if ref and ref.get("entity"):
            return str(ref["entity"])
        return ent.id

    def is_place_only(self, ent: Entity) -> bool:
        """A city, region or sea that stands for no state: a place, never an actor."""
        if ent.refers_to:
            return False
        kind = (ent.geo or {}).get("kind")
        return ent.type in ("LOC", "FAC") or (ent.type == "GPE" and kind in _PLACE_KINDS)

    # -- phrases ------------------------------------------------------------------------

    def phrase(self, head: Token, *, allow_place: bool = False) -> Argument | None:
        """The noun phrase headed by ``head`` as an Argument, or None if it names nobody."""
        if head.pos_ == "PRON" or head.lower_ in _RELATIVE:
            return self._pronoun(head)
        if head.pos_ not in ("NOUN", "PROPN", "NUM", "ADJ"):
            return None
        start, end = self._bounds(head)
        toks = self.doc[start:end]
        core = self._core(head)
        ent = self.entity_at[core.i]
        if ent is None:  # "leaders of Romania's new government": the first entity inside
            ent = next(
                (
                    e
                    for t in toks
                    if (e := self.entity_at[t.i]) is not None
                    and self._names(e, allow_place)
                    and (allow_place or self._own(t, core))
                ),
                None,
            )
        elif not self._names(ent, allow_place):
            if not allow_place:
                return None
            ent = None
        sector = self._sector(core, toks)
        if sector is None and ent is not None and ent.type == "PERSON":
            sector = self._role_sector(ent)  # "Pompeo" is the Secretary of State the text named
        if ent is None and sector is None and not (allow_place and core.lemma_.lower() in self.places):
            if not self._unrecognised_name(core):
                return None  # names nobody (a generic place is still a target: "attacked the village")
        a, b = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        return Argument(self.slice(a, b), (a, b), self.actor_entity(ent), sector)

    def _unrecognised_name(self, core: Token) -> bool:
        """A capitalised proper noun the NER did not tag ("Ethopia accused Eritrea",
        "Human Rights Watch condemned"): still someone, with no entity id and no sector.
        Not a month, weekday or other time word (the timex stage has those)."""
        return (
            core.pos_ == "PROPN"
            and core.text[:1].isupper()
            and len(core.text) > 1
            and core.ent_type_ not in _NOT_ACTOR_NER
            and core.i not in self.timex_tokens
        )

    def is_agent(self, head: Token) -> bool:
        """Whether the noun itself is someone: a person, body or state, a sector noun
        ("officials", "rebels"), a name with a sector title ("militant Haroon Aswad") —
        not a thing that merely mentions one ("a US offer", "an army base")."""
        core = self._core(head)
        ent = self.entity_at[core.i]
        if ent is not None:
            return self._names(ent, False)
        if core.pos_ == "PROPN":
            return self._sector(core, ()) is not None
        return core.lower_ in self.sectors or core.lemma_.lower() in self.sectors

    def head_entity_type(self, arg: Argument) -> str | None:
        """The type of the entity the argument's head names ("Russia" → GPE; "the Tory
        plans" → None: the head is "plans")."""
        toks = self.tokens(arg.span)
        for i in toks:
            t = self.doc[i]
            if not (toks.start <= t.head.i < toks.stop) or t.head.i == i:
                ent = self.entity_at[i]
                return ent.type if ent is not None else None
        return None

    def place_target(self, arg: Argument) -> bool:
        """An argument headed by a generic place noun or a city, region, site (not a state)."""
        toks = self.tokens(arg.span)
        for i in toks:
            t = self.doc[i]
            if not (toks.start <= t.head.i < toks.stop) or t.head.i == i:
                ent = self.entity_at[i]
                return t.lemma_.lower() in self.places or (ent is not None and self.is_place_only(ent))
        return False

    def place_noun(self, span: tuple[int, int]) -> bool:
        """Whether an argument's phrase is headed by a generic place noun or names a place."""
        toks = self.tokens(span)
        heads = [
            self.doc[i]
            for i in toks
            if not (toks.start <= self.doc[i].head.i < toks.stop) or self.doc[i].head.i == i
        ]
        return any(
            h.lemma_.lower() in self.places
            or (e := self.entity_at[h.i]) is not None
            and e.type in ("GPE", "LOC", "FAC")
            for h in heads
        )

    def owned(self, head: Token) -> bool:
        """A thing named with its owner: "the Israeli changes", "an Indian proposal"."""
        for c in head.children:
            if c.dep_ in ("poss", "compound", "amod") and c.i < head.i:
                ent = self.entity_at[c.i]
                if ent is not None and self._names(ent, False):
                    return True
        return False

    def is_official(self, head: Token) -> bool:
        """A person or a state's representative: who is hosted, received, welcomed."""
        core = self._core(head)
        ent = self.entity_at[core.i]
        if ent is not None and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in core.children):
            return False  # "received an Oscar": a name after "a" is a thing
        if ent is not None:
            return ent.type in ("PERSON", "GPE", "NORP") or (
                ent.type == "ORG" and self._sector(core, ()) is not None
            )
        if core.pos_ == "PRON":
            return core.lower_ in ("him", "her", "them")
        return self._sector(core, ()) in _OFFICIAL_SECTORS

    def _names(self, ent: Entity, allow_place: bool) -> bool:
        """Whether an entity can be who acts: a person, a body, a state (a place only as a target)."""
        if allow_place:
            return ent.type in _ACTOR_TYPES or ent.type in ("LOC", "FAC")
        return ent.type in _ACTOR_TYPES and not self.is_place_only(ent)

    def _own(self, tok: Token, head: Token) -> bool:
        """Whether ``tok`` describes the head itself, not a party it deals with: "leaders of
        Romania", "doctors from American groups", but not "savings with German workers"."""
        t, steps = tok, 0
        while t.i != head.i and steps < _MAX_PHRASE:
            if t.dep_ == "prep" and t.lower_ not in _OWN_PREPS:
                return False
            t, steps = t.head, steps + 1
        return True

    def _core(self, head: Token) -> Token:
        """ "Thousands of people" → people: the counted noun of a quantity head."""
        if head.lower_ in _QUANT or head.pos_ == "NUM":
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            return g
        return head

    def _bounds(self, head: Token) -> tuple[int, int]:
        start, end = head.i, head.i + 1
        named = self.entity_at[head.i] is not None
        person = named and self.entity_at[head.i].type == "PERSON"  # type: ignore[union-attr]
        agent = named or head.lemma_.lower() in self.sectors
        for c in head.children:
            if c.dep_ in _CUT_DEPS or (c.dep_ == "appos" and c.i > head.i and c.right_edge.i - head.i > 6):
                continue
            if (
                c.dep_ == "case"
                or (person and c.dep_ == "prep" and c.i > head.i)
                or (
                    c.dep_ == "prep" and c.lower_ in _PLACE_PREPS and (named or (agent and self._place_pp(c)))
                )
            ):
                continue  # "Putin in the Black Sea resort of Sochi", "the minister in Riyadh": the event's place
            if c.i < head.i:
                start = min(start, c.left_edge.i)
            else:
                end = max(end, c.right_edge.i + 1)
        for k in range(start, end):  # a phrase never runs across a line break (a headline)
            if "\n" in self.doc[k].text or "\n" in self.doc[k].whitespace_:
                if k < head.i:
                    start = k + 1
                else:
                    end = k + (0 if "\n" in self.doc[k].text else 1)
                    break
        if end - start > _MAX_PHRASE:
            end = head.i + 1
            start = max(start, head.i - _MAX_PHRASE + 1)
        while start < head.i and self.doc[start].lower_ in ("the", "a", "an", ",", "some", "about"):
            start += 1
        while end - 1 > head.i and self.doc[end - 1].is_punct:
            end -= 1
        return start, end

    def _role_sector(self, ent: Entity) -> str | None:
        for role in ent.roles:
            for w in reversed(role.lower().replace(" of ", " ").split()):
                if w in self.sectors:
                    return self.sectors[w]
        return None

    def _in_name(self, tok: Token) -> bool:
        """A capitalized word inside a longer name: "European Union", "Security Council"
        name a body, not a trade union or a council of the sector."""
        ent = self.entity_at[tok.i]
        if ent is None or tok.pos_ != "PROPN":
            return False
        near = [self.entity_at[k] for k in (tok.i - 1, tok.i + 1) if 0 <= k < len(self.doc)]
        return any(e is ent for e in near)

    def _place_pp(self, prep: Token) -> bool:
        """ "in Riyadh": a preposition whose object is a city, a region, a sea."""
        for g in prep.children:
            if g.dep_ == "pobj":
                ent = self.entity_at[g.i]
                return ent is not None and self.is_place_only(ent)
        return False

    def _sector(self, head: Token, toks: Any) -> str | None:
        """The head noun's sector, else that of its own modifiers ("Israeli army
        bulldozers", "U.S. military chief General Colin Powell"), never a nested phrase's;
        a generic head yields to a modifier ("rebel leaders" are rebels)."""
        own = None
        if not self._in_name(head):
            own = self.sectors.get(head.lower_) or self.sectors.get(head.lemma_.lower())
        if own and head.lower_ not in self.generic:
            return own
        for c in head.children:
            if c.dep_ not in _MODIFIER_DEPS:
                continue
            for t in (c, *(g for g in c.children if g.dep_ in _MODIFIER_DEPS)):
                if self._in_name(t):
                    continue
                s = self.sectors.get(t.lower_)
                if s and (t.pos_ in ("NOUN", "PROPN") or t.lower_ in self.adjectives):
                    return s
        return own

    # -- pronouns -----------------------------------------------------------------------

    def _pronoun(self, tok: Token) -> Argument | None:
        low = tok.lower_
        if low in _RELATIVE:  # "Pompeo, who will also meet": the noun the clause modifies
            clause = tok.head
            if clause.dep_ == "relcl" and clause.head.i != tok.i and self.is_agent(clause.head):
                return self.phrase(clause.head)
            return None
        low = _POSS_PRONOUNS.get(low, low)
        types = self.pronouns.get(low)
        if not types:
            return None
        if tok.dep_ not in ("nsubj", "nsubjpass", "poss") or tok.lower_ in ("him", "her", "them", "me", "us"):
            return self._antecedent(tok, types)  # "accusing him": not the speaker
        # "the rebels said they will release": the subject of the reporting verb above
        up, steps = tok.head, 0
        while steps < _MAX_UP and up.dep_ in _PRONOUN_UP and up.head.i != up.i:
            up, steps = up.head, steps + 1
            subj = next((c for c in up.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.i < tok.i and subj.pos_ != "PRON":
                if self._compatible(subj, low):
                    return self.phrase(subj)
                break
        if low == "they":  # "The police were urging … the ruling that they had breached"
            start = tok.sent.start
            for k in range(tok.i - 1, max(start, tok.i - _MAX_BACK_TOKENS) - 1, -1):
                t = self.doc[k]
                if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ != "PRON" and self._compatible(t, low):
                    arg = self.phrase(t)
                    if arg is not None:
                        return arg
        return self._antecedent(tok, types)

    def _compatible(self, subj: Token, low: str) -> bool:
        ent = self.entity_at[subj.i]
        plural = subj.tag_ in ("NNS", "NNPS")
        if low == "they":
            return plural or (ent is not None and ent.type in ("ORG", "GPE", "NORP"))
        if low == "it":
            return not plural and (ent is None or ent.type != "PERSON")
        if low in ("he", "she", "i"):
            return ent is not None and ent.type == "PERSON"
        return True

    def _antecedent(self, tok: Token, types: tuple[str, ...]) -> Argument | None:
        """The nearest preceding compatible subject in the paragraph ("Trump chatted …, in
        what he hailed"), else the nearest compatible mention ("… Russia, … its takeover")."""
        k = bisect.bisect_left(self._mark_at, tok.i) - 1
        seen, fallback = 0, None
        while k >= 0 and seen < _MAX_BACK:
            i = self._mark_at[k]
            if self.para(i) != self.para(tok.i):
                break
            ent = self.by_id[self._mark_id[k]]
            if ent.type in types and not self.is_place_only(ent):
                if self.doc[i].dep_ not in ("nsubj", "nsubjpass"):
                    fallback = fallback if fallback is not None else k
                    k, seen = k - 1, seen + 1
                    continue
                return self._mention_arg(k)
            k, seen = k - 1, seen + 1
        return self._mention_arg(fallback) if fallback is not None else None

    def _mention_arg(self, k: int) -> Argument:
        """The antecedent's mention stands for the pronoun: who acts, as printed."""
        i = self._mark_at[k]
        ent = self.by_id[self._mark_id[k]]
        start = i
        while start > 0 and self.entity_at[start - 1] is ent:
            start -= 1
        head = self.doc[i]
        arg = self.phrase(head) if head.pos_ in ("NOUN", "PROPN") else None
        if arg is not None and arg.entity == self.actor_entity(ent):
            return arg
        a, b = self.doc[start].idx, head.idx + len(head.text)
        return Argument(self.slice(a, b), (a, b), self.actor_entity(ent), None)

    # -- grammatical relations ----------------------------------------------------------

    def subjects(self, verb: Token) -> tuple[list[Token], bool]:
        """Subject heads of ``verb`` (the agent for a passive) and whether it is passive."""
        base = self._passive_base(verb)
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in base.children)
        if passive:
            agents = [
                g
                for t in {verb, base}
                for c in t.children
                if c.dep_ == "agent"
                for g in c.children
                if g.dep_ == "pobj"
            ]
            return self._with_conj(agents), True
        tok, steps = verb, 0
        deps = ("nsubj", "csubj")
        while steps <= _MAX_UP:
            subj = [c for c in tok.children if c.dep_ in deps]
            if subj:
                return self._with_conj(subj), False
            if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN"):
                # "officials who demanded"; "a resolution that aims to impose" names no one
                return ([tok.head] if self.is_agent(tok.head) else []), False
            if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
                if tok.tag_ == "VBN":  # "West Africans ordered out": the noun is acted on
                    return [], False
                if self.is_agent(tok.head):  # "demonstrators protesting"; not "an offer to host"
                    return [tok.head], False
                if tok.tag_ == "VBG" and tok.head.dep_ in (
                    "dobj",
                    "pobj",
                ):  # "issued a declaration demanding"
                    tok, steps = tok.head.head, steps + 1
                    continue
                return [], False
            if tok.dep_ not in _INHERIT_DEPS or tok.head.i == tok.i:
                break
            # "X has been indicted and will resign": a conjunct shares the passive subject
            deps = ("nsubj", "csubj", "nsubjpass") if tok.dep_ in ("conj", "xcomp") else ("nsubj", "csubj")
            tok, steps = tok.head, steps + 1
            if tok.pos_ in ("NOUN", "PROPN"):
                break
        return [], False

    def passive_subjects(self, verb: Token) -> list[Token]:
        base = self._passive_base(verb)
        return self._with_conj([c for c in base.children if c.dep_ == "nsubjpass"])

    @staticmethod
    def _passive_base(verb: Token) -> Token:
        """ "Van Gogh was shot and stabbed": a bare participle conjunct shares the passive."""
        if (
            verb.dep_ == "conj"
            and verb.tag_ == "VBN"
            and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children)
        ):
            return verb.head
        return verb

    def objects(self, verb: Token) -> list[Token]:
        out = [c for c in verb.children if c.dep_ in ("dobj", "dative", "nsubjpass", "attr", "oprd")]
        return self._with_conj(out)

    def pobjs(self, tok: Token, preps: frozenset[str] | set[str]) -> list[Token]:
        out = []
        for c in tok.children:
            if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
                out.extend(g for g in c.children if g.dep_ == "pobj")
                if c.lower_ == "out":  # "out of Lebanon"
                    out.extend(
                        p for g in c.children if g.dep_ == "prep" for p in g.children if p.dep_ == "pobj"
                    )
            elif c.dep_ == "prt" and c.lower_ in preps:  # "hand over to" parsed as particle
                nxt = c.nbor(1) if c.i + 1 < len(self.doc) else None
                if nxt is not None and nxt.dep_ == "prep":
                    out.extend(g for g in nxt.children if g.dep_ == "pobj")
        return self._with_conj(out)

    def _with_conj(self, heads: list[Token]) -> list[Token]:
        out: list[Token] = []
        for h in heads:
            out.append(h)
            for c in h.children:
                if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON"):
                    out.append(c)
                    out.extend(g for g in c.children if g.dep_ == "conj" and g.pos_ in ("NOUN", "PROPN"))
        return out

    def parties(self, arg: Argument) -> list[Argument]:
        """The distinct actor entities named inside one phrase, each as its own Argument
        ("Turkish and Greek sides", "Senior Hungarian and Romanian officials")."""
        span = self.doc.char_span(arg.span[0], arg.span[1], alignment_mode="expand")
        out: list[Argument] = []
        seen: set[str] = set()
        if span is None:
            return out
        for t in span:
            ent = self.entity_at[t.i]
            if ent is None or not self._names(ent, False) or ent.id in seen:
                continue
            if t.dep_ not in ("amod", "compound", "conj", "nmod") or t.head.i == t.i:
                continue
            seen.add(ent.id)
            a, b = t.idx, t.idx + len(t.text)
            out.append(Argument(self.slice(a, b), (a, b), self.actor_entity(ent), arg.sector))
        return out

    def modifier_args(self, noun: Token) -> list[Argument]:
        """Actors named inside a nominal trigger's own phrase: "Russia's takeover",
        "the Trump-Putin summit", "a Russian invasion"."""
        out = []
        mods = [c for c in noun.children if c.i < noun.i]
        mods += [g for c in mods if c.dep_ == "compound" for g in c.children if g.dep_ == "compound"]
        for c in sorted(mods, key=lambda t: t.i):  # "the Trump-Kim summit": a compound chain
            if c.dep_ == "poss":
                arg = self.phrase(c)
            elif c.dep_ in ("compound", "amod", "nmod") and self.entity_at[c.i] is not None:
                ent = self.entity_at[c.i]
                if ent is None or self.is_place_only(ent) or ent.type not in _PERSONAL:
                    continue
                if (
                    ent.type == "GPE"
                    and not ent.refers_to
                    and (ent.geo or {}).get("kind") not in (None, "country")
                ):
                    continue  # "the Hong Kong summit": where, not who
                a, b = c.left_edge.idx, c.idx + len(c.text)
                if self.entity_at[c.left_edge.i] is not ent:
                    a = c.idx
                arg = Argument(self.slice(a, b), (a, b), self.actor_entity(ent), None)
            else:
                continue
            if arg is not None:
                out.append(arg)
        return out
