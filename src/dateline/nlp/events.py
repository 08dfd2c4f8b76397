"""The ``dateline_events`` stage: who did what to whom, coded in CAMEO and PLOVER.

    Doc ─► look-up   (event_frames.py) one array pass over the lemma and form ids finds
                     the tokens that can be triggers; only their sentences are read further
    sentence ─► triggers   (event_frames.py) verbs by lemma and nominals ("summit", "takeover", "phone call")
                           from data/event_triggers.json; a condition picks the code
                           ("call for" → appeal, "sign" + treaty, "hold talks", "impose" +
                           sanctions); a word that only counts under a condition needs it
             ─► framing    (event_frames.py) innermost first, a wrapper folds its complement into one event:
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
             ─► arguments  here, over event_args.py's phrases: subjects, objects, "with X", "between X and Y",
                           possessives and modifiers of nominals, sectors; no actor → no
                           event; a request, a bare intent or refusal needs a target
             ─► context    event_context.Situator: place, date, modality, speaker
             ─► Event      cameo code → PLOVER type/mode/context and Goldstein (cameo.json)

``cameo_codes()``, ``triggers()`` and ``trigger_lexicon()`` (verb lemma → PLOVER type, for a
keyword baseline) are this module's API.  Every walk up or down the parse is bounded (here,
in event_frames.py and in event_args.py), sentences longer
than ``MAX_SENTENCE_TOKENS`` are skipped, so the stage is linear in the document.  A
generic "said" is never an event.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..models import Argument, Cue, Event, Plover
from .event_args import Arguments
from .event_context import Situator
from .event_frames import (  # noqa: F401  (cameo_codes, triggers, trigger_lexicon: this module's API)
    Trigger,
    absorbs,
    cameo_codes,
    candidate,
    frame,
    lemma,
    obligations,
    plover_type,
    recode,
    sentences_to_look_at,
    sports_like,
    trigger_lexicon,
    triggers,
)

if not Doc.has_extension("dateline_events"):
    Doc.set_extension("dateline_events", default=None)

# A sentence longer than this many tokens is a run-on parse (a table, a list): skipped.
MAX_SENTENCE_TOKENS = 200
_COND = frozenset({"unless", "if", "whether"})


# -- one event's arguments -----------------------------------------------------------


def event_arguments(
    cand: Trigger, args: Arguments, lex: dict[str, Any], ptype: str | None
) -> tuple[list[Argument], list[Argument]]:
    """Actors and targets of one trigger (see the module docstring)."""
    entry = cand.entry
    tpreps = set(entry.get("tprep") or lex["default_tprep"])
    attack_nouns = set(lex["attack_nouns"])
    actors: list[Argument] = []
    targets: list[Argument] = []

    def add(into: list[Argument], toks: list[Token]) -> int:
        n = 0
        for t in toks:
            if t.i == cand.tok.i:  # "such attacks were mounted": the event is not its own actor
                continue
            arg = args.phrase(t, allow_place=into is targets)
            if (
                arg is None and into is actors and t.lemma_.lower() in attack_nouns
            ):  # "a roadside bombing killed"
                arg = _bare(args, t)
            if arg is not None and all(_apart(x.span, arg.span) for x in actors + targets):
                into.append(arg)
                n += 1
        return n

    def reach(tok: Token, preps: set[str]) -> None:
        """Targets of a verb: objects that are someone ("hosted the prime minister"), its
        prepositions ("sent aid to Syria") and its objects' own ("sanctions on Venezuela",
        "the removal of President X"); a thing it acts on comes last (see ``things``)."""
        objs = [o for o in args.objects(tok) if o.dep_ != "nsubjpass"]
        if entry.get("symmetric"):
            add(targets, args.pobjs(tok, {"with"}))
        if entry.get("obj_is_theme"):  # "pulled its troops out of Lebanon", "sent aid to Syria"
            add(targets, [o for o in objs if o.dep_ == "dative"] + args.pobjs(tok, preps))
        if not targets:
            add(
                targets,
                [
                    o
                    for o in objs
                    if o.dep_ == "dative" or o.pos_ == "PRON" or args.is_agent(o) or args.owned(o)
                ],
            )
            add(targets, args.pobjs(tok, preps))
            for o in objs:
                add(targets, args.pobjs(o, preps | {"of", "for"}))
        if not targets:  # "chatted for an hour by telephone with Putin": one phrase down
            for c in tok.children:
                if c.dep_ == "prep":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            add(targets, args.pobjs(g, preps & {"with"}))

    def things(tok: Token) -> None:
        """ "attacked an army base", "lifted a curfew": the object acted on (never for
        a symmetric act: "held a summit", "signed a treaty" name no counterpart)."""
        if not entry.get("symmetric"):
            add(targets, [o for o in args.objects(tok) if o.dep_ != "nsubjpass"])

    tok = cand.tok
    anchor = tok.head if cand.nominal and tok.dep_ == "compound" else tok
    if cand.frame_actor is not None:  # "X said Y must": X demands, Y is asked
        add(actors, [cand.frame_actor])
        add(targets, cand.frame_target)
        if not targets:
            reach(tok, tpreps)
        if not targets:
            things(tok)
    elif cand.nominal:
        into = targets if entry.get("poss_target") else actors  # "his arrest": he is arrested
        for arg in args.modifier_args(anchor):
            if all(_apart(x.span, arg.span) for x in actors + targets):
                into.append(arg)
        add(actors, args.pobjs(anchor, {"by"}))
        if cand.clause is not tok and not actors:  # "held talks"; not "end Moscow's support"
            subj, passive = args.subjects(cand.clause)
            add(actors, subj)
            if passive and not actors:  # "were engaged in ethnic cleansing"
                add(actors, args.passive_subjects(cand.clause))
        between = args.pobjs(anchor, {"between", "among"})
        add(actors if not actors else targets, between)
        add(targets, cand.frame_target)  # "its demand that Israel ease …"
        add(targets, args.pobjs(anchor, tpreps | {"of", "for"}))
        if cand.clause is not tok:
            add(targets, args.pobjs(cand.clause, tpreps | {"between"}))
    else:
        subj, passive = args.subjects(tok)
        add(actors, subj)
        if passive:
            patients = args.passive_subjects(tok)
            if not actors and entry.get("passive_actor"):  # "guerrillas have been demobilized"
                add(actors, patients)
            else:
                add(targets, patients)
            if not actors:  # "killed in a suicide bombing"
                add(actors, [p for p in args.pobjs(tok, {"in", "by"}) if p.lemma_.lower() in attack_nouns])
        add(targets, cand.frame_target)
        between = args.pobjs(tok, {"between"})
        add(actors if not actors else targets, between)
        reach(tok, tpreps)
        comp = cand.complement
        if comp is not None and not targets:
            if comp.pos_ == "VERB":
                reach(comp, tpreps | set(lex["default_tprep"]))
            elif comp.pos_ in ("NOUN", "PROPN"):
                add(targets, args.pobjs(comp, tpreps | {"of", "for", "to", "on"}))
                if not targets:
                    targets.extend(
                        a for a in args.modifier_args(comp) if all(_apart(x.span, a.span) for x in actors)
                    )
        if not targets:
            if not entry.get("wrapper"):  # "lifted a curfew in Montenegro"; not "in a speech, X promised"
                add(targets, args.pobjs(tok, {"in"}))
            if comp is not None and comp.pos_ == "VERB":
                add(targets, args.pobjs(comp, {"in"}))
        if not targets:
            things(tok)
            if comp is not None and comp.pos_ == "VERB" and not targets:
                things(comp)
    own = {a.entity for a in actors if a.entity}
    targets = [t for t in targets if t.entity is None or t.entity not in own]  # not oneself
    if not targets and ptype == "ASSAULT":  # "killing 50", "wounded two"
        for o in args.objects(tok):
            if o.pos_ == "NUM":
                targets.append(Argument(o.text, (o.idx, o.idx + len(o.text))))
    if entry.get("symmetric") and not targets:
        if len(actors) > 1:
            targets, actors = actors[1:], actors[:1]
        elif len(actors) == 1:  # "Turkish and Greek sides agreed": one phrase, two parties
            parts = args.parties(actors[0])
            if len(parts) > 1:
                actors, targets = parts[:1], parts[1:]
    return actors, targets


def _apart(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[1] <= b[0] or b[1] <= a[0]


def _bare(args: Arguments, tok: Token) -> Argument:
    start = tok.left_edge.i
    while start < tok.i and args.doc[start].lower_ in ("a", "an", "the"):
        start += 1
    a, b = args.doc[start].idx, tok.idx + len(tok.text)
    return Argument(args.slice(a, b), (a, b), None, None)


def inherited_arguments(
    cand: Trigger, args: Arguments, lex: dict[str, Any]
) -> tuple[list[Argument], list[Argument]]:
    """A nominal with no participant of its own ("since a July summit in Helsinki") takes
    those of the nearest noun or verb above it that names some (bounded)."""
    up, steps = cand.tok.head, 0
    while steps < 4 and up.i != up.head.i:
        if up.pos_ in ("NOUN", "PROPN") and up.i != cand.tok.i:
            probe = Trigger(up, cand.code, cand.type, {"symmetric": True}, True, up)
            actors, targets = event_arguments(probe, args, lex, None)
            if actors:
                return actors, targets
        elif up.pos_ == "VERB":
            probe = Trigger(up, cand.code, cand.type, {"symmetric": True}, False, up)
            return event_arguments(probe, args, lex, None)
        up, steps = up.head, steps + 1
    return [], []


# -- the component ------------------------------------------------------------------------


def _events(doc: Doc) -> tuple[Event, ...]:
    lex = triggers()
    codes = cameo_codes()
    args: Arguments | None = None
    situator: Situator | None = None
    out: list[Event] = []
    must = set(lex["modal_obligation"])
    looks = sentences_to_look_at(doc)
    fixtures = frozenset(lex["sports_drop"]) if looks and sports_like(doc) else frozenset()
    for start, end, hits in looks:
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
            cand = candidate(tok, args)
            if cand is not None:
                cands[tok.i] = cand
        obligations([doc[i] for i in hits if doc[i].lower_ in must], cands, lex, args)
        if not cands:
            continue
        for i in [
            i
            for i, c in cands.items()
            if c.nominal and c.clause.i != i and absorbs(cands.get(c.clause.i), lex)
        ]:
            if not lex["wrap"].get(cands[cands[i].clause.i].entry.get("wrapper") or "", {}).get("pass_inner"):
                del cands[i]  # "held talks", "imposed a curfew": the verb's event
        frame(cands, lex)
        said: list[tuple[str, tuple[str, ...], frozenset[str]]] = []
        protest_heads = {c.clause.i for c in cands.values() if plover_type(c.code) == "PROTEST"}
        protest_heads |= {c.tok.i for c in cands.values() if plover_type(c.code) == "PROTEST"}
        for i in sorted(cands):
            cand = cands[i]
            recode(cand, lex, args)
            if _conditional(cand.clause):
                continue  # "unless Baghdad accepted its conditions": not an event that happened
            if plover_type(cand.code) == "REQUEST" and _goal_of(cand.clause, protest_heads):
                continue  # a protest's demand is its topic, not another event (PLOVER manual)
            info = codes.get(cand.code)
            if not info or not info.get("plover") or cand.code in fixtures:
                continue  # no PLOVER type (CAMEO 01), or a fixture in a sports report
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
            recoded = next((by_sector[a.sector] for a in actors if a.sector in by_sector), None)
            if recoded:  # "police raided the offices": a search or arrest, not an assault
                cand.code, info = recoded, codes[recoded]
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
    if entry.get("physical_states") and any(args.head_entity_type(a) == "GPE" for a in parts):
        return True  # a state itself, not "the Tory plans"
    if entry.get("physical_targets") and targets:  # "attacks on the convoy"
        return True
    return any(args.place_target(a) for a in targets)  # "the village", "an army base", "Goma"


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
