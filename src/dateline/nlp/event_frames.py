"""Event triggers and their framing, for the events stage (events.py).

    data        cameo.json (CAMEO code → name, Goldstein, PLOVER type/mode/context) and
                event_triggers.json (the trigger lexicon), loaded once per process
    look-up     one array pass over a Doc's lemma and form ids: the sentences with a
                possible trigger and the tokens worth a look
    candidate   a token → a Trigger when it is a trigger word and its conditions hold
                (particles, prepositions, objects, light verbs: "call for", "hold talks")
    frame       innermost first, a wrapper folds its complement into one event ("agreed
                to re-open", "threatened to break relations", "demanded that X …")
    recode      future, negated and obligated clauses change the act ("will give aid" is
                an intent, "would blockade" a threat, "X said Y must …" a demand)

Everything here is bounded by the sentence: no walk leaves it, none is longer than a few
steps up or down the parse.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from spacy.attrs import LEMMA, LOWER, SENT_START
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from .event_args import Arguments

_COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"})
_MATERIAL_COOP = frozenset({"AID", "COOPERATE", "RETREAT", "CONCEDE", "SUPPORT"})
_CONFLICT = frozenset({"SANCTION", "COERCE", "ASSAULT", "PROTEST", "MOBILIZE"})
# Nominals that name what is said or agreed: a verb acting on one is that one event.
_VERBAL = frozenset({"REQUEST", "AGREE", "REJECT", "THREATEN", "ACCUSE", "SUPPORT", "CONSULT"})
_NEG = frozenset({"not", "n't", "never"})
# The prepositions through which a verb carries a nominal's event ("went on strike", "engaged
# in cleansing", "returned for talks"); not "without the support".
_LIGHT_PREPS = frozenset({"on", "in", "into", "for", "to", "at"})
_COND = frozenset({"unless", "if"})


@dataclass
class Trigger:
    """A trigger found in a sentence, with what framing told about its arguments."""

    tok: Token  # the trigger word
    code: str
    type: str
    entry: dict[str, Any]
    nominal: bool
    clause: Token  # the verb whose clause carries the event (the light verb of a nominal)
    complement: Token | None = None  # a folded complement's trigger, for its arguments
    frame_target: list[Token] = field(default_factory=list)  # "urged X", "demanded that X"
    frame_actor: Token | None = None  # "X said Y must": the speaker
    inner: str | None = None  # the code of a folded complement


def _data(name: str) -> Any:
    return json.loads(resources.files("dateline.nlp").joinpath("data", name).read_text("utf-8"))


@lru_cache(maxsize=1)
def cameo_codes() -> dict[str, dict[str, Any]]:
    """CAMEO code → {name, goldstein, plover: {type, mode, context}} (``data/cameo.json``)."""
    return _data("cameo.json")["codes"]


@lru_cache(maxsize=1)
def triggers() -> dict[str, Any]:
    """The trigger lexicon (``data/event_triggers.json``)."""
    return _data("event_triggers.json")


@lru_cache(maxsize=1)
def trigger_lexicon() -> dict[str, str]:
    """Single-word verb lemma → PLOVER type, for verbs that are triggers on their own
    (not only under a condition): what a one-lookup keyword baseline can use."""
    codes = cameo_codes()
    out: dict[str, str] = {}
    for lemma, entry in triggers()["verbs"].items():
        code = entry.get("cameo")
        plover = codes.get(code, {}).get("plover") if code else None
        if plover and " " not in lemma and not entry.get("only_when"):
            out[lemma] = plover["type"]
    return out


def plover_type(code: str | None) -> str | None:
    p = cameo_codes().get(code or "", {}).get("plover")
    return p["type"] if p else None


# -- trigger recognition ------------------------------------------------------------------


def lemma(tok: Token) -> str:
    return tok.lemma_.lower()


_INFLECTIONS = (
    ("ied", "y"),
    ("ies", "y"),
    ("ed", "e"),
    ("ed", ""),
    ("d", ""),
    ("ing", "e"),
    ("ing", ""),
    ("es", ""),
    ("s", ""),
)


def _forms(tok: Token) -> list[str]:
    """The word's lemma, its form, and its form with a regular inflection taken off (the
    lemmatizer gives "staged" → "stag")."""
    low = tok.lower_
    out = [lemma(tok), low]
    for suffix, repl in _INFLECTIONS:
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            out.append(low[: -len(suffix)] + repl)
    return out


def _entry(tok: Token, table: dict[str, Any]) -> dict[str, Any] | None:
    """The lexicon entry for a word (see :func:`_forms`)."""
    for form in _forms(tok):
        if form in table:
            return table[form]
    return None


def is_word(tok: Token | None, words: Any) -> bool:
    return tok is not None and any(f in words for f in _forms(tok))


def _words(tok: Token, limit: int = 10) -> set[str]:
    """Lemmas and forms of a phrase's first tokens: "part of a military aid program"."""
    out: set[str] = set()
    for t in tok.subtree:
        out.add(t.lower_)
        out.add(lemma(t))
        limit -= 1
        if limit <= 0 or t.i > tok.i + 8:
            break
    return out


def _near(tok: Token, words: set[str]) -> bool:
    for c in tok.children:
        if c.lower_ in words or lemma(c) in words:
            return True
        for g in c.children:
            if g.lower_ in words or lemma(g) in words:
                return True
    return False


def _governing_verb(noun: Token) -> Token | None:
    """The verb a nominal is the object of: "held talks", "went on strike", "carry out"."""
    h = noun.head
    if noun.dep_ in ("dobj", "nsubjpass", "attr", "conj") and h.pos_ in ("VERB", "AUX"):
        return h
    if noun.dep_ == "pobj" and h.dep_ == "prep" and h.head.pos_ == "VERB" and h.lower_ in _LIGHT_PREPS:
        # "went on strike", "engaged in cleansing"; not "signed X on a deal" (its own object)
        if not any(c.dep_ == "dobj" for c in h.head.children):
            return h.head
    if noun.dep_ == "compound" and noun.head.dep_ in ("dobj", "nsubjpass"):  # "hunger strike"
        return _governing_verb(noun.head)
    return None


def _match(cond: dict[str, Any], tok: Token, args: Arguments, gov: Token | None) -> bool:
    for key, want in cond.items():
        if key in ("cameo", "type", "symmetric", "tprep", "wrapper", "own_object"):
            continue
        if key == "prt":  # "shipped out of" is parsed with "out" as a preposition
            ok = any(c.dep_ in ("prt", "prep", "advmod") and c.lower_ in want for c in tok.children)
        elif key == "prep":  # "calling for him to apologise" parses "for" as a clause marker
            ok = any(c.dep_ in ("prep", "agent") and c.lower_ in want for c in tok.children) or any(
                c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in want for m in c.children)
                for c in tok.children
            )
        elif key == "obj":  # own_object: "end Moscow's support" is not cutting one's own aid
            objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "dative")]
            if cond.get("own_object"):
                objs = [
                    o for o in objs if not any(p.dep_ == "poss" and p.pos_ == "PROPN" for p in o.children)
                ]
            ok = bool(objs) and ("*" in want or any(_words(o) & set(want) for o in objs))
        elif key == "of":
            ok = any(
                c.dep_ == "prep" and c.lower_ == "of" and any(_words(g) & set(want) for g in c.children)
                for c in tok.children
            )
        elif key == "obj_sector":
            objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
            ok = any(args.is_agent(o) or (o.pos_ == "PRON" and args.phrase(o)) for o in objs) == bool(want)
        elif key == "obj_person":  # "hosted the Japanese prime minister", not "received a nomination"
            objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
            ok = any(args.is_official(o) for o in objs) == bool(want)
        elif key == "to":  # "sent troops to the border": a deployment, not military aid
            ok = any(_words(g) & set(want) for g in args.pobjs(tok, {"to"}))
        elif key == "subj_sector":  # "the union threatened to strike": a labour strike
            subj, _ = args.subjects(tok)
            ok = any((a := args.phrase(t)) is not None and a.sector in want for t in subj)
        elif key == "near":
            ok = _near(tok, set(want))
        elif key == "xcomp":
            ok = any(c.dep_ == "xcomp" for c in tok.children) == bool(want)
        elif key == "verb":
            ok = is_word(gov, want)
        elif key == "compound":
            ok = any(c.dep_ in ("compound", "amod", "nmod") and lemma(c) in want for c in tok.children)
        elif key == "poss":
            ok = any(c.dep_ == "poss" for c in tok.children) == bool(want)
        else:
            ok = False
        if not ok:
            return False
    return True


def candidate(tok: Token, args: Arguments) -> Trigger | None:
    lex = triggers()
    lem = lemma(tok)
    if tok.ent_type_:
        return None  # inside a name or a value: "Operation Desert Storm", "on 21 March"
    if tok.pos_ == "VERB":
        if (
            tok.tag_ == "VBN"
            and tok.dep_ in ("amod", "acomp", "oprd", "advcl")
            and not any(c.dep_ in ("aux", "auxpass", "agent") for c in tok.children)
        ):
            return None  # "limped out injured", "the wounded": a state, not an act
        entry, nominal, gov = _entry(tok, lex["verbs"]), False, None
    elif tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ not in ("PERSON", "GPE", "ORG"):
        entry = lex["nouns"].get(lem) or lex["nouns"].get(tok.lower_)
        nominal, gov = True, _governing_verb(tok)
    elif (
        tok.pos_ == "ADJ" and lem in lex["intent_adjectives"] and any(c.dep_ == "xcomp" for c in tok.children)
    ):
        entry = {"cameo": "030", "type": "agreement", "wrapper": "intent"}
        return Trigger(tok, "030", "agreement", entry, False, tok.head if tok.dep_ == "acomp" else tok)
    else:
        return None
    if entry is None:
        return None
    if entry.get("need_prep") and not any(
        c.dep_ == "prep" and c.lower_ in entry["need_prep"] for c in tok.children
    ):
        return None  # "without people interfering": interfering in nothing
    if entry.get("need_obj") and not any(c.dep_ == "dobj" for c in tok.children):
        return None  # "would prevent against piracy"
    if entry.get("no_obj") and any(c.dep_ == "dobj" for c in tok.children):
        return None  # "it demonstrates his commitment": showing, not a demonstration
    if entry.get("not_prt") and any(c.dep_ == "prt" and c.lower_ in entry["not_prt"] for c in tok.children):
        return None  # "to back up his optimism"
    if (
        nominal
        and tok.dep_ == "compound"
        and not is_word(tok.head, lex["compound_heads"])
        and tok.head.pos_ == "NOUN"
    ):
        return None  # "a mediation effort", "a takeover bid"; not "his Tour debut", "its takeover list"
    code, typ = entry.get("cameo"), entry.get("type")
    for cond in entry.get("when", ()):
        if _match(cond, tok, args, gov):
            code, typ = cond.get("cameo", code), cond.get("type", typ)
            keep = ("symmetric", "tprep", "wrapper")
            entry = {
                **entry,
                **{k: cond[k] for k in keep if k in cond},
                "matched": True,
                "by_verb": "verb" in cond,
            }
            break
    else:
        if entry.get("only_when") and not entry.get("wrapper"):
            return None
    if code is None and not entry.get("wrapper"):
        return None
    if nominal and gov is not None and not entry.get("by_verb") and not is_word(gov, lex["light_verbs"]):
        gov = None  # "restoring the blackmail in the negotiations": not the negotiations' verb
    clause = gov if nominal and gov is not None else tok
    return Trigger(tok, code or "", typ or "", entry, nominal, clause)


# -- framing and modality -----------------------------------------------------------------


def _wrap_kind(kind: str, inner: str | None, comp: Token | None, wrapper: Token) -> str:
    """ "vowed to fight" is a threat, "vowed not to return" a refusal; "agreed to patrol
    the border jointly" stays an agreement (only a vow of force threatens)."""
    if kind == "intent" and comp is not None and any(c.dep_ == "neg" for c in comp.children):
        return "reject"
    if kind == "intent" and plover_type(inner) in _CONFLICT and is_word(wrapper, triggers()["vows"]):
        return "threat"
    if kind == "intent" and plover_type(inner) in ("ACCUSE", "REJECT", "REQUEST", "PROTEST", "THREATEN"):
        return "plan"  # "pledged to oppose the bill": the opposition itself, planned
    return kind


def _wrapped(kind: str, inner: str | None) -> str:
    w = triggers()["wrap"][kind]
    if inner and w.get("pass_inner"):  # "ordered the arrest", "ordered to suspend publication"
        return inner
    if inner:
        if inner in w["by_code"]:
            return w["by_code"][inner]
        pt = plover_type(inner)
        if pt in w["by_plover"]:
            return w["by_plover"][pt]
    return w["default"]


def _complement(tok: Token, kind: str, cands: dict[int, Trigger]) -> Token | None:
    """The clause (or, for an accusation, the act) a wrapper frames."""
    children = list(tok.children)
    for c in children:
        if c.dep_ == "xcomp":
            return c
    for c in children:  # "demanded that the US cancel", "its demand that Israel ease"
        if c.dep_ in ("ccomp", "acl") and (c.dep_ == "ccomp" or any(m.dep_ == "mark" for m in c.children)):
            return c
    for c in children:  # "have sworn to fight": an infinitive parsed as a purpose clause
        if kind in ("intent", "threat", "reject") and c.dep_ in ("advcl", "acl"):
            if any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
                return c
    for c in children:  # "called on Arabs to unite", "accused X of violating", "blamed X for the bombing"
        if c.dep_ == "prep" and (kind != "accuse" or c.lower_ in ("of", "for")):
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp") and (g.pos_ == "VERB" or (kind == "accuse" and g.i in cands)):
                    return g
    return None


def frame(cands: dict[int, Trigger], lex: dict[str, Any]) -> None:
    """Fold wrapped complements and objects into their governing trigger (in place).
    Innermost first: "demanded that its partners refuse to recognize" is one demand."""
    for i in sorted(cands, reverse=True):
        cand = cands.get(i)
        if cand is None:
            continue
        kind = cand.entry.get("wrapper")
        if kind:
            wrap = lex["wrap"][kind]
            comp = _complement(cand.tok, kind, cands)
            if (
                comp is None and cand.nominal and cand.clause is not cand.tok
            ):  # "reiterated its demand today that X …"
                comp = next((c for c in cand.clause.children if c.dep_ == "ccomp"), None)
            inner, inner_type = None, cand.type
            if comp is None:  # "ordered patrols", "promised military aid", "rejected calls for aid"
                comp = next((c for c in cand.tok.children if c.dep_ == "dobj" and c.i in cands), None)
            if comp is not None:
                target = comp if comp.i in cands else governed(comp, cands)
                if target is None and is_word(comp, lex["aspectual"]):  # "prepared to resume shelling"
                    target = next((c for c in comp.children if c.dep_ == "xcomp" and c.i in cands), None)
                need = wrap.get("need_inner")
                if need and (target is None or plover_type(cands[target.i].code) not in need):
                    cands.pop(i)  # "prepared to resume shelling" frames; "prepared a report" does not
                    continue
                if target is not None:
                    folded = cands.pop(target.i)
                    if folded.code != wrap["default"]:  # "willing to commit fraud": no act in it
                        inner, inner_type = folded.code, folded.type
                        cand.inner = inner
                    if folded.entry.get("need_target") == "someone":  # "failing to meet expectations"
                        cand.entry = {**cand.entry, "need_target": folded.entry["need_target"]}
                    cand.complement = target
                else:
                    cand.complement = comp
                if kind in ("demand", "appeal") and comp.dep_ in ("ccomp", "acl"):
                    cand.frame_target = [c for c in comp.children if c.dep_ == "nsubj"]
            if inner is None and cand.entry.get("only_when") and not cand.entry.get("matched"):
                cands.pop(i)
                continue
            kind = _wrap_kind(kind, inner, comp, cand.tok)
            if inner is not None or cand.code == "" or kind != cand.entry.get("wrapper"):
                cand.code = _wrapped(kind, inner)
                cand.type = lex["wrap"][kind]["type"]
                if lex["wrap"][kind].get("pass_inner") and inner is not None:
                    cand.type = inner_type
        if cand.nominal:
            continue
        for (
            c
        ) in cand.tok.children:  # "rejected an appeal", "welcomed the talks"; not "condemned the annexation"
            if c.dep_ in ("dobj", "nsubjpass") and c.i in cands and cands[c.i].nominal:
                if plover_type(cands[c.i].code) in _VERBAL or not cands[c.i].code:
                    cands.pop(c.i)


def governed(verb: Token, cands: dict[int, Trigger]) -> Token | None:
    """A nominal trigger whose light verb is ``verb`` ("reach an agreement")."""
    for c in verb.children:
        if c.i in cands and cands[c.i].nominal and cands[c.i].clause.i == verb.i:
            return c
    return None


def recode(cand: Trigger, lex: dict[str, Any], args: Arguments) -> None:
    """Future, negated and obligated clauses change what the act is (CAMEO's own rule:
    a promise to give aid is 033, a conditional sanction a threat)."""
    verb = cand.clause
    aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    neg = any(c.dep_ == "neg" or c.lower_ in _NEG for c in verb.children)
    future = bool(aux & set(lex["modal_future"]))
    must = bool(aux & set(lex["modal_obligation"]))
    pt = plover_type(cand.code)
    if must and verb.dep_ == "ccomp" and lemma(verb.head) in lex["reporting"]:
        speaker = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if speaker is not None:
            cand.code, cand.type = _wrapped("demand", cand.code), "demand"
            cand.frame_actor = speaker
            cand.frame_target = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        return
    if not future or cand.entry.get("wrapper"):
        return
    conditional = any(
        c.dep_ == "advcl" and any(m.lower_ in _COND for m in c.children if m.dep_ == "mark")
        for c in verb.children
    ) or any(c.lower_ in _COND for c in verb.children if c.dep_ in ("mark", "prep", "advmod"))
    if neg and pt in _COOPERATIVE:
        cand.code, cand.type = _wrapped("reject", cand.code), "rejection"
    elif pt in _CONFLICT or (pt == "RETREAT" and conditional):
        if conditional or "would" in aux or pt != "ASSAULT":
            cand.code, cand.type = _wrapped("threat", cand.code), "threat"
    elif pt in _MATERIAL_COOP or (pt == "CONSULT" and "would" in aux):
        cand.code, cand.type = _wrapped("intent", cand.code), "agreement"


def obligations(musts: list[Token], cands: dict[int, Trigger], lex: dict[str, Any], args: Arguments) -> None:
    """ "X said (that) Y must do Z" with no trigger of its own: a demand by X on Y."""
    for aux in musts:
        tok = aux.head
        if aux.dep_ != "aux" or tok.pos_ != "VERB" or tok.i in cands or tok.dep_ != "ccomp":
            continue
        if lemma(tok.head) not in lex["reporting"]:
            continue
        speaker = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        subj = [c for c in tok.children if c.dep_ == "nsubj" and args.is_agent(c)]
        if speaker is None or not subj or governed(tok, cands) is not None:
            continue
        entry = {"cameo": "100", "type": "demand"}
        cands[tok.i] = Trigger(tok, "100", "demand", entry, False, tok, None, subj, speaker)


@lru_cache(maxsize=1)
def _word_ids() -> tuple[frozenset[int], frozenset[int]]:
    """String ids of every lexicon lemma, and of the inflected forms :func:`_forms` maps
    back to one (and "must"): one array lookup per token picks the few worth a look."""
    lex = triggers()
    lemmas = set(lex["verbs"]) | set(lex["nouns"]) | set(lex["intent_adjectives"])
    forms = set(lemmas) | set(lex["modal_obligation"])
    for w in lemmas:
        stem = w[:-1] if w.endswith("e") else w
        forms |= {w + "d", w + "ed", w + "s", w + "es", w + "ing", stem + "ing", stem + "ed"}
        if w.endswith("y"):
            forms |= {w[:-1] + "ied", w[:-1] + "ies"}
    return frozenset(get_string_id(x) for x in lemmas), frozenset(get_string_id(x) for x in forms)


@lru_cache(maxsize=1)
def _sports_ids() -> frozenset[int]:
    return frozenset(get_string_id(w) for w in triggers()["sports_cues"])


def sports_like(doc: Doc) -> bool:
    """Whether the text reads as a sports report: then "met", "visit", "ousted", "loan"
    are fixtures and transfers (data: sports_cues, sports_min_cues)."""
    lowers = set(doc.to_array([LOWER]).astype(np.uint64).tolist())
    return len(lowers & _sports_ids()) >= triggers()["sports_min_cues"]


def sentences_to_look_at(doc: Doc) -> list[tuple[int, int, list[int]]]:
    """(start, end, token indices worth a look) of each sentence with a possible trigger."""
    cols = doc.to_array([LEMMA, LOWER, SENT_START])
    lemma_ids, form_ids = _word_ids()
    lemmas, lowers = cols[:, 0].astype(np.uint64).tolist(), cols[:, 1].astype(np.uint64).tolist()
    hits = [i for i, (m, w) in enumerate(zip(lemmas, lowers, strict=True)) if m in lemma_ids or w in form_ids]
    if not hits:
        return []
    starts = np.nonzero(cols[:, 2] == 1)[0].tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    out: list[tuple[int, int, list[int]]] = []
    for i in hits:
        k = bisect.bisect_right(starts, i) - 1
        start = starts[k]
        if out and out[-1][0] == start:
            out[-1][2].append(i)
        else:
            end = starts[k + 1] if k + 1 < len(starts) else len(doc)
            out.append((start, end, [i]))
    return out


def absorbs(verb: Trigger | None, lex: dict[str, Any]) -> bool:
    """Whether a verb trigger's event is its object's ("held talks", "imposed a curfew",
    "signed a treaty"), not an act on another event ("condemned the annexation")."""
    return verb is not None and (verb.entry.get("matched") or is_word(verb.tok, lex["light_verbs"]))
