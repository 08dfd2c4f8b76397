"""The ``dateline_events`` stage: who did what to whom, coded in CAMEO and PLOVER.

    Doc ─► look-up   one array pass over the lemma and form ids finds the tokens that can
                     be triggers (lexicon lemmas, their regular inflections, "must"); only
                     their sentences are read further
    sentence ─► triggers   verbs by lemma and nominals ("summit", "takeover", "phone call")
                           from data/event_triggers.json; a condition picks the code
                           ("call for" → appeal, "sign" + treaty, "hold talks", "impose" +
                           sanctions); a word that only counts under a condition needs it
             ─► framing    innermost first, a wrapper folds its complement into one event:
                           "agreed to re-open" → intent (03x), "threatened to break
                           relations" → threat (13x), "refused to deploy" → rejection (12x),
                           "demanded that X cancel" → demand (10x), "urged X to" → appeal
                           (02x), "accused X of …" → accusation (11x), "ordered patrols" →
                           the order's act; a light verb's object is its event ("held
                           talks"), a said-or-agreed nominal object is the verb's ("rejected
                           an appeal"); a condition or a protest's goal is no event
             ─► modality   "will give aid" → intent to cooperate; "would blockade" or
                           "will withdraw … unless" → threat; "will not accept" → rejection;
                           "X said Y must …" → demand by X on Y
             ─► arguments  event_args.py: subjects, objects, "with X", "between X and Y",
                           possessives and modifiers of nominals, sectors; no actor → no
                           event; a request, a bare intent or refusal needs a target
             ─► context    event_context.Situator: place, date, modality, speaker
             ─► Event      cameo code → PLOVER type/mode/context and Goldstein (cameo.json)

Every walk up or down the parse is bounded (here and in event_args.py), sentences longer
than ``MAX_SENTENCE_TOKENS`` are skipped, so the stage is linear in the document.  A
generic "said" is never an event.
"""

from __future__ import annotations

import bisect
import json
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from spacy.attrs import LEMMA, LOWER, SENT_START
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from ..models import Argument, Cue, Event, Plover
from .event_args import Arguments, Trigger, event_arguments, inherited_arguments
from .event_context import Situator

if not Doc.has_extension("dateline_events"):
    Doc.set_extension("dateline_events", default=None)

# A sentence longer than this many tokens is a run-on parse (a table, a list): skipped.
MAX_SENTENCE_TOKENS = 200
_COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"})
_MATERIAL_COOP = frozenset({"AID", "COOPERATE", "RETREAT", "CONCEDE", "SUPPORT"})
_CONFLICT = frozenset({"SANCTION", "COERCE", "ASSAULT", "PROTEST", "MOBILIZE"})
# Nominals that name what is said or agreed: a verb acting on one is that one event.
_VERBAL = frozenset({"REQUEST", "AGREE", "REJECT", "THREATEN", "ACCUSE", "SUPPORT", "CONSULT"})
_NEG = frozenset({"not", "n't", "never"})
_COND = frozenset({"unless", "if"})


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


def _lemma(tok: Token) -> str:
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
    out = [_lemma(tok), low]
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


def _is(tok: Token | None, words: Any) -> bool:
    return tok is not None and any(f in words for f in _forms(tok))


def _words(tok: Token, limit: int = 10) -> set[str]:
    """Lemmas and forms of a phrase's first tokens: "part of a military aid program"."""
    out: set[str] = set()
    for t in tok.subtree:
        out.add(t.lower_)
        out.add(_lemma(t))
        limit -= 1
        if limit <= 0 or t.i > tok.i + 8:
            break
    return out


def _near(tok: Token, words: set[str]) -> bool:
    for c in tok.children:
        if c.lower_ in words or _lemma(c) in words:
            return True
        for g in c.children:
            if g.lower_ in words or _lemma(g) in words:
                return True
    return False


def _governing_verb(noun: Token) -> Token | None:
    """The verb a nominal is the object of: "held talks", "went on strike", "carry out"."""
    h = noun.head
    if noun.dep_ in ("dobj", "nsubjpass", "attr", "conj") and h.pos_ in ("VERB", "AUX"):
        return h
    if noun.dep_ == "pobj" and h.dep_ == "prep" and h.head.pos_ == "VERB":
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
            ok = _is(gov, want)
        elif key == "compound":
            ok = any(c.dep_ in ("compound", "amod", "nmod") and _lemma(c) in want for c in tok.children)
        elif key == "poss":
            ok = any(c.dep_ == "poss" for c in tok.children) == bool(want)
        else:
            ok = False
        if not ok:
            return False
    return True


def _candidate(tok: Token, args: Arguments) -> Trigger | None:
    lex = triggers()
    lemma = _lemma(tok)
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
        entry = lex["nouns"].get(lemma) or lex["nouns"].get(tok.lower_)
        nominal, gov = True, _governing_verb(tok)
    elif (
        tok.pos_ == "ADJ"
        and lemma in lex["intent_adjectives"]
        and any(c.dep_ == "xcomp" for c in tok.children)
    ):
        entry = {"cameo": "030", "type": "agreement", "wrapper": "intent"}
        return Trigger(tok, "030", "agreement", entry, False, tok.head if tok.dep_ == "acomp" else tok)
    else:
        return None
    if entry is None:
        return None
    if entry.get("need_obj") and not any(c.dep_ == "dobj" for c in tok.children):
        return None  # "would prevent against piracy"
    if entry.get("no_obj") and any(c.dep_ == "dobj" for c in tok.children):
        return None  # "it demonstrates his commitment": showing, not a demonstration
    if entry.get("not_prt") and any(c.dep_ == "prt" and c.lower_ in entry["not_prt"] for c in tok.children):
        return None  # "to back up his optimism"
    if (
        nominal
        and tok.dep_ == "compound"
        and not _is(tok.head, lex["compound_heads"])
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
    if nominal and gov is not None and not entry.get("by_verb") and not _is(gov, lex["light_verbs"]):
        gov = None  # "restoring the blackmail in the negotiations": not the negotiations' verb
    clause = gov if nominal and gov is not None else tok
    return Trigger(tok, code or "", typ or "", entry, nominal, clause)


# -- framing and modality -----------------------------------------------------------------


def _wrap_kind(kind: str, inner: str | None, comp: Token | None, wrapper: Token) -> str:
    """ "vowed to fight" is a threat, "vowed not to return" a refusal; "agreed to patrol
    the border jointly" stays an agreement (only a vow of force threatens)."""
    if kind == "intent" and comp is not None and any(c.dep_ == "neg" for c in comp.children):
        return "reject"
    if kind == "intent" and plover_type(inner) in _CONFLICT and _is(wrapper, triggers()["vows"]):
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


def _frame(cands: dict[int, Trigger], lex: dict[str, Any]) -> None:
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
            inner, inner_type = None, cand.type
            if comp is None:  # "ordered patrols", "promised military aid", "rejected calls for aid"
                comp = next((c for c in cand.tok.children if c.dep_ == "dobj" and c.i in cands), None)
            if comp is not None:
                target = comp if comp.i in cands else _governed(comp, cands)
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


def _governed(verb: Token, cands: dict[int, Trigger]) -> Token | None:
    """A nominal trigger whose light verb is ``verb`` ("reach an agreement")."""
    for c in verb.children:
        if c.i in cands and cands[c.i].nominal and cands[c.i].clause.i == verb.i:
            return c
    return None


def _recode(cand: Trigger, lex: dict[str, Any], args: Arguments) -> None:
    """Future, negated and obligated clauses change what the act is (CAMEO's own rule:
    a promise to give aid is 033, a conditional sanction a threat)."""
    verb = cand.clause
    aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    neg = any(c.dep_ == "neg" or c.lower_ in _NEG for c in verb.children)
    future = bool(aux & set(lex["modal_future"]))
    must = bool(aux & set(lex["modal_obligation"]))
    pt = plover_type(cand.code)
    if must and verb.dep_ == "ccomp" and _lemma(verb.head) in lex["reporting"]:
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


def _obligations(musts: list[Token], cands: dict[int, Trigger], lex: dict[str, Any], args: Arguments) -> None:
    """ "X said (that) Y must do Z" with no trigger of its own: a demand by X on Y."""
    for aux in musts:
        tok = aux.head
        if aux.dep_ != "aux" or tok.pos_ != "VERB" or tok.i in cands or tok.dep_ != "ccomp":
            continue
        if _lemma(tok.head) not in lex["reporting"]:
            continue
        speaker = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        subj = [c for c in tok.children if c.dep_ == "nsubj" and args.is_agent(c)]
        if speaker is None or not subj or _governed(tok, cands) is not None:
            continue
        entry = {"cameo": "100", "type": "demand"}
        cands[tok.i] = Trigger(tok, "100", "demand", entry, False, tok, None, subj, speaker)


# -- the component ------------------------------------------------------------------------


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


def _sentences_to_look_at(doc: Doc) -> list[tuple[int, int, list[int]]]:
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


def _events(doc: Doc) -> tuple[Event, ...]:
    lex = triggers()
    codes = cameo_codes()
    args: Arguments | None = None
    situator: Situator | None = None
    out: list[Event] = []
    must = set(lex["modal_obligation"])
    for start, end, hits in _sentences_to_look_at(doc):
        if end - start > MAX_SENTENCE_TOKENS:
            continue
        if args is None:
            args = Arguments(doc)
        sent = doc[start:end]
        cands: dict[int, Trigger] = {}
        for i in hits:
            tok = doc[i]
            if tok.lower_ in must:
                continue
            cand = _candidate(tok, args)
            if cand is not None:
                cands[tok.i] = cand
        _obligations([doc[i] for i in hits if doc[i].lower_ in must], cands, lex, args)
        if not cands:
            continue
        for i in [
            i
            for i, c in cands.items()
            if c.nominal and c.clause.i != i and _absorbs(cands.get(c.clause.i), lex)
        ]:
            if not lex["wrap"].get(cands[cands[i].clause.i].entry.get("wrapper") or "", {}).get("pass_inner"):
                del cands[i]  # "held talks", "imposed a curfew": the verb's event
        _frame(cands, lex)
        said: list[tuple[str, tuple[str, ...], frozenset[str]]] = []
        protest_heads = {c.clause.i for c in cands.values() if plover_type(c.code) == "PROTEST"}
        protest_heads |= {c.tok.i for c in cands.values() if plover_type(c.code) == "PROTEST"}
        for i in sorted(cands):
            cand = cands[i]
            _recode(cand, lex, args)
            if _conditional(cand.clause):
                continue  # "unless Baghdad accepted its conditions": not an event that happened
            if plover_type(cand.code) == "REQUEST" and _goal_of(cand.clause, protest_heads):
                continue  # a protest's demand is its topic, not another event (PLOVER manual)
            info = codes.get(cand.code)
            if not info or not info.get("plover"):
                continue
            actors, targets = event_arguments(cand, args, lex, plover_type(cand.code))
            if cand.nominal and not actors and cand.entry.get("inherit"):
                actors, targets = inherited_arguments(cand, args, lex)
            if not actors:
                continue
            if not targets and _needs_target(cand, args):
                continue
            need = cand.entry.get("need_target")
            if (
                need == "someone"
                and not _someone(targets)
                or need == "someone_or_place"
                and not _somewhere(targets, args)
            ):
                continue  # "blamed her defeat on injuries", "return her serve", "help with the start-up"
            if cand.entry.get("wrapper") == "intent" and cand.inner is None:
                if not _someone(targets) or (cand.complement is not None and cand.complement.dep_ == "ccomp"):
                    continue  # an intent framing no act needs someone; "agree (that) she could …" concurs
            key = (info["plover"]["type"], _ids(actors), frozenset(_ids(targets)))
            if any(k[0] == key[0] and k[1] == key[1] and key[2] <= k[2] for k in said):
                continue  # "a surprise visit to Iraq … during his first trip": one visit
            said.append(key)
            by_sector = cand.entry.get("by_actor_sector") or {}
            recode = next((by_sector[a.sector] for a in actors if a.sector in by_sector), None)
            if recode:  # "police raided the offices": a search or arrest, not an assault
                cand.code, info = recode, codes[recode]
            physical = cand.entry.get("physical_sectors")
            if physical and not _physical(cand.entry, actors, targets, args):
                if not cand.entry.get("else_cameo"):
                    continue  # "Liverpool's desperate attacks", "Baros shot wildly": no arms
                cand.code, cand.type = cand.entry["else_cameo"], cand.entry.get("else_type", cand.type)
                info = codes[cand.code]  # "the US and Russia have clashed": words, not arms
            if situator is None:
                situator = Situator(doc)
            taken = frozenset(i for a in actors + targets for i in args.tokens(a.span))
            ctx = situator.situate(cand.tok, taken=taken, plover_type=info["plover"]["type"])
            p = info["plover"]
            tok = cand.tok
            out.append(
                Event(
                    id=f"v{len(out) + 1}",
                    type=cand.type,
                    trigger=Cue(tok.text, (tok.idx, tok.idx + len(tok.text))),
                    span=(sent.start_char, sent.end_char),
                    cameo=cand.code,
                    actors=_ids(actors),
                    targets=_ids(targets),
                    location=ctx.location,
                    date=ctx.date,
                    modality=ctx.modality,
                    plover=Plover(p["type"], p.get("mode"), tuple(p.get("context") or ())),
                    goldstein=info.get("goldstein"),
                    actor_spans=tuple(actors),
                    target_spans=tuple(targets),
                    date_timex=ctx.date_timex,
                    date_source=ctx.date_source,
                    publication_date=ctx.publication_date,
                    historical=ctx.historical,
                    said_by=ctx.said_by,
                    quote=ctx.quote,
                    location_text=ctx.location_text,
                )
            )
    return tuple(out)


def _absorbs(verb: Trigger | None, lex: dict[str, Any]) -> bool:
    """Whether a verb trigger's event is its object's ("held talks", "imposed a curfew",
    "signed a treaty"), not an act on another event ("condemned the annexation")."""
    return verb is not None and (verb.entry.get("matched") or _is(verb.tok, lex["light_verbs"]))


def _needs_target(cand: Trigger, args: Arguments) -> bool:
    """Whether an event with no target is too thin to report: a request; an intent, threat
    or refusal that frames nothing ("vows turnaround", "threatened a try", "refused to
    comment", "firms offering services")."""
    if cand.entry.get("need_target"):
        return True
    if plover_type(cand.code) == "REQUEST":  # "called for a ceasefire": what is asked will do
        return cand.complement is None and not any(
            c.dep_ == "prep" and c.lower_ == "for" for c in cand.tok.children
        )
    kind = cand.entry.get("wrapper")
    if kind in ("intent", "threat", "reject") and cand.inner is None:
        objs = [c for c in cand.tok.children if c.dep_ == "dobj"]
        if kind == "reject":
            return not objs
        return not any(args.is_agent(o) for o in objs)
    return False


def _physical(
    entry: dict[str, Any], actors: list[Argument], targets: list[Argument], args: Arguments
) -> bool:
    """Whether an attack or a clash is one of arms: a participant of a violent sector, a
    state ("Russia attacked Georgia"), or a place attacked ("stormed the hotel")."""
    parts = actors + targets
    if {a.sector for a in parts} & set(entry["physical_sectors"]):
        return True
    if entry.get("physical_states") and any(
        a.entity and args.by_id.get(a.entity) is not None and args.by_id[a.entity].type in ("GPE", "NORP")
        for a in parts
    ):
        return True
    if entry.get("physical_targets") and targets:  # "attacks on the convoy"
        return True
    return any(a.entity is None and a.sector is None for a in targets)  # "the village", "an army base"


def _somewhere(arguments: list[Argument], args: Arguments) -> bool:
    """Someone, or a place: an entity, a sector, a place noun ("visited the village")."""
    return _someone(arguments) or any(args.place_noun(a.span) for a in arguments)


def _someone(arguments: list[Argument]) -> bool:
    return any(a.entity or a.sector for a in arguments)


def _conditional(verb: Token) -> bool:
    """Inside "if …", "unless …", "whether …" (through conjuncts and complements)."""
    tok, steps = verb, 0
    while steps < 4:
        if tok.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in _COND | {"whether"} for m in tok.children
        ):
            return True
        if tok.dep_ not in ("conj", "xcomp") or tok.head.i == tok.i:
            return False
        tok, steps = tok.head, steps + 1
    return False


def _goal_of(verb: Token, protest_heads: set[int]) -> bool:
    """A demand in a purpose or manner clause of a protest: "blocked roads demanding",
    "a demonstration calling for", "blocked streets … to demand reforms"."""
    tok, steps = verb, 0
    while steps < 3 and tok.head.i != tok.i:
        if tok.dep_ not in ("advcl", "acl", "xcomp", "conj", "relcl", "prep", "pobj", "pcomp"):
            return False
        tok, steps = tok.head, steps + 1
        if tok.i in protest_heads:
            return True
    return False


def _ids(arguments: list[Argument]) -> tuple[str, ...]:
    out: list[str] = []
    for a in arguments:
        if a.entity and a.entity not in out:
            out.append(a.entity)
    return tuple(out)


@Language.component("dateline_events", assigns=["doc._.dateline_events"])
def dateline_events(doc: Doc) -> Doc:
    doc._.dateline_events = _events(doc)
    return doc
