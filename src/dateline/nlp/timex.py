"""The ``dateline_timex`` stage: temporal expressions, typed and normalized (TIMEX3).

    doc.text ─► rule patterns (built from ``data/timex.json``) ─► candidate spans
             ─► longest match wins, then earliest, then rule order
             ─► years without a date context are checked against the parse (no "2000 people")
    span ─► tense of the governing verb (parse) ─► normalize(text, anchor, tense)
         ─► a time of day right after a full date takes that date ("May 3 at 6 p.m.")

Values resolve against the publication time (``doc._.dateline_anchor``, read once): the
wall clock is never consulted.  Without an anchor, relative expressions stay
underspecified (``XXXX-05-03``, ``XXXX-WXX-2``, ``PAST_REF``), never guessed.

Word lists are data; the rule table and its handlers live in ``timex_rules.py``.
"""

from __future__ import annotations

from datetime import datetime

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..models import Timex
from . import timex_discourse as discourse
from . import timex_rules as rules

TENSES = ("past", "present", "future", "none")
# How far up the dependency tree the governing verb is looked for.
_MAX_TENSE_STEPS = 8
# Dependency labels through which a non-finite verb inherits its clause's tense.
_INHERIT_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "prep", "pobj", "acl", "ccomp"})
# Verbs and auxiliaries by their Penn tag (the tagger's own output: no attribute_ruler needed).
_VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})
# Auxiliary forms, read from the word itself so the stage does not need the lemmatizer.
_HAVE = frozenset({"have", "has", "had", "'ve", "’ve", "'s", "’s", "'d", "’d", "having"})
_BE = frozenset(
    {"be", "is", "are", "am", "was", "were", "'s", "’s", "'re", "’re", "'m", "’m", "been", "being"}
)
# A year after one of these tags is a count ("2000 people"), unless NER says DATE.
_COUNTED_TAGS = frozenset({"NNS", "NNPS"})

if not Doc.has_extension("dateline_timexes"):
    Doc.set_extension("dateline_timexes", default=None)
if not Doc.has_extension("dateline_anchor"):
    Doc.set_extension("dateline_anchor", default=None)


def normalize(
    text: str, *, anchor: datetime | None, tense: str = "none"
) -> tuple[str, str, str | None] | None:
    """(type, value, mod) of one temporal expression, or None if it is not one.

    ``anchor`` is the reference time (publication); None keeps relative values
    underspecified.  ``tense`` ∈ past | present | future | none steers month, weekday
    and season resolution."""
    if tense not in TENSES:
        raise ValueError(f"tense must be one of {TENSES}, not {tense!r}")
    stripped = text.strip()
    for rule in rules.RULES:
        m = rule.pattern.fullmatch(stripped)
        if m is None:
            continue
        out = rule.handler(m, anchor, tense)
        if out is not None:
            return out.type, out.value, out.mod
    bare = rules.bare_plural(stripped)
    return (bare.type, bare.value, bare.mod) if bare else None


def _parsed(doc: Doc) -> bool:
    """Whether the Doc has a dependency parse (checked once per Doc: spaCy scans every token)."""
    known = doc.user_data.get("dateline_parsed")
    if known is None:
        known = doc.user_data["dateline_parsed"] = doc.has_annotation("DEP")
    return known


def verb_tense(verb: Token) -> str | None:
    """past | present | future for a finite verb; None for a non-finite one."""
    t = rules.lexicon().tense
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    lowers = {c.lower_ for c in auxes}
    if lowers & t.future_aux or (verb.tag_ == "MD" and verb.lower_ in t.future_aux):
        return "future"
    if (
        "to" in lowers
        and verb.head is not verb
        and (verb.head.lower_ in t.future_verbs or verb.head.lower_ in _BE)
    ):
        return "future"  # "is going to meet", "is expected to meet", "is to resume"
    if verb.lower_ in t.planning_verbs and verb.dep_ not in ("acl", "amod", "relcl") and "had" not in lowers:
        return "future"  # "planned a rally Saturday", "has scheduled a news conference Thursday"
    if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in auxes):
        return "past"
    if any(c.lower_ in _HAVE for c in auxes) and (verb.tag_ in ("VBN", "VBG")):
        return "past"  # present perfect: "have been attempting", "has met"
    if verb.tag_ == "VBG" and any(c.lower_ in _BE and c.tag_ in ("VBP", "VBZ") for c in auxes):
        return "future"  # present progressive with a time: "is meeting Tuesday"
    if verb.tag_ in ("VBP", "VBZ") or any(c.tag_ in ("VBP", "VBZ") for c in auxes):
        return "present"
    return None


def tense_at(doc: Doc, start: int, end: int) -> str:
    """Tense of the clause governing the characters [start, end), from the parse."""
    if not _parsed(doc):
        return "none"
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return "none"
    t = rules.lexicon().tense
    markers = t.past_markers
    before = [w for w in doc[max(0, span.start - 2) : span.start] if w.lower_ not in ("on", "the")]
    if before and before[-1].lower_ in t.forward_markers:
        return "none"  # "effective Feb. 1", "payable Dec. 7": the verb (past) does not date these
    tok = span.root
    infinitive = False
    for _ in range(_MAX_TENSE_STEPS):
        if tok.lower_ in markers and not (start <= tok.idx < end):
            return "past"  # "since a July summit"
        if tok.tag_ in _VERB_TAGS and not (start <= tok.idx < end):
            found = verb_tense(tok)
            if found == "past" and infinitive:
                return "none"  # "agreed to acquire the bank in January": after the agreeing
            if found is not None:
                return found
            infinitive = infinitive or any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
            if tok.dep_ not in _INHERIT_DEPS:
                return "none"
        if tok.head is tok:
            break
        tok = tok.head
    return "none"


def _present_perfect(doc: Doc, start: int, end: int) -> bool:
    if not _parsed(doc):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    for tok in span.root.ancestors:
        if tok.tag_ in _VERB_TAGS:
            auxes = [c for c in tok.children if c.dep_ == "aux"]
            return any(c.lower_ in _HAVE and c.tag_ in ("VBP", "VBZ") for c in auxes)
    return False


def _year_ok(doc: Doc, text: str, start: int, end: int) -> bool:
    """A bare four-digit number is a year unless it counts something ("2000 people").

    Read from the tagger alone (no NER), so the stage runs on the lightest pipeline."""
    span = doc.char_span(start, end, alignment_mode="expand")
    tok = span[0] if span is not None and len(span) else None
    before = text[max(0, start - 24) : start].split()
    prev = before[-1].lower() if before else ""
    in_context = prev in rules.lexicon().year_context or prev.endswith(("'s", "’s"))
    if in_context:
        return True
    counted = tok is not None and tok.i + 1 < len(doc) and doc[tok.i + 1].tag_ in _COUNTED_TAGS
    return tok is not None and not counted


# Rules whose words are also names: "Jan Kavan", "April Ryan", "Tuesday Weld".
_NAME_RULES = frozenset({"month", "mdy", "dmy", "weekday"})


def _not_a_time(doc: Doc, rule: str, start: int, end: int) -> bool:
    """Parse-based vetoes for matches that are words of another kind."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    first = span[0]
    if rule in _NAME_RULES and len(span) == 1 and span.end < len(doc):
        # a lone month or weekday word before another name: "Jan Kavan", "Tuesday Weld"
        nxt = doc[span.end]
        lex = rules.lexicon().data
        word = nxt.lower_.rstrip(".")
        return nxt.tag_ in ("NNP", "NNPS") and word not in lex["months"] and word not in lex["weekdays"]
    if rule == "duration" and first.lower_ in ("a", "an", "per") and first.i > 0:
        # a rate, not a span: "$1.76 a year", "700 seats a week", "24 hours a day"
        prev = doc[first.i - 1]
        return prev.like_num or prev.tag_ in ("CD", "NNS", "NNPS", "$") or prev.text in ("%", "percent")
    return False


def candidates(text: str) -> list[tuple[int, int, int, rules.Rule, object]]:
    """Every rule match as (start, end, rule order, rule, match), overlapping."""
    found = []
    spans = rules.rule_windows(text)  # each rule runs only near its trigger words
    for order, rule in enumerate(rules.RULES):
        for ws, we in spans[order]:
            for m in rule.pattern.finditer(text, ws, we):
                s, e = m.span("x") if "x" in m.re.groupindex and m.group("x") is not None else m.span()
                if e > s and rule.accept(m, text):
                    found.append((s, e, order, rule, m))
    return found


def _select(found: list) -> list:
    found.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2]))
    taken: list = []
    for c in found:
        if all(c[1] <= t[0] or t[1] <= c[0] for t in taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c[0])


def tag(doc: Doc, *, anchor: datetime | None) -> tuple[Timex, ...]:
    """Temporal expressions in ``doc.text`` with TIMEX3 values resolved against ``anchor``."""
    text = doc.text
    found: list[dict] = []
    prev_day: tuple[int, str] | None = None  # end offset and value of the last full date
    history: list[tuple[str, int, int]] = []  # values so far: the reference times of anaphors
    for s, e, _order, rule, m in _select(candidates(text)):
        if rule.name == "year" and not _year_ok(doc, text, s, e):
            continue
        if _not_a_time(doc, rule.name, s, e):
            continue
        tense = tense_at(doc, s, e) if rule.tensed else "none"
        res = rule.handler(m, anchor, tense)
        if res is None:
            continue
        value = res.value
        if res.ref is not None:
            value = discourse.resolve(res.ref, history, s) or value
        if not value:
            continue
        if res.type == "TIME" and prev_day is not None and rules.JOINER.fullmatch(text[prev_day[0] : s]):
            value = prev_day[1] + value[value.index("T") :]  # "May 3 at 6 p.m."
        interval = None
        if (
            res.type == "DURATION"
            and anchor is not None
            and rules.PERFECT_LEAD.search(text[max(0, s - 12) : s])
        ):
            if _present_perfect(doc, s, e):
                interval = rules.interval_to(anchor, value)
        full_day = res.type == "DATE" and rules.FULL_DAY.fullmatch(value[:10]) is not None
        last = found[-1] if found else None
        if (
            full_day
            and last
            and last["type"] == "TIME"
            and rules.TIME_THEN_DAY.fullmatch(text[last["end"] : s])
        ):
            # "5 p.m. EST Nov. 9", "noon Thursday": one time on that day
            last.update(end=e, value=value[:10] + last["value"][last["value"].index("T") :])
            history[-1] = (last["value"], last["start"], e)
            prev_day = None
            continue
        if res.type in ("DATE", "TIME") and (res.ref is None or res.ref.unit != "="):
            # "a year earlier" is a comparison point, not the time the story moves to
            history.append((value, s, e))
        prev_day = (e, value) if res.type == "DATE" and rules.FULL_DAY.fullmatch(value) else None
        found.append(dict(start=s, end=e, type=res.type, value=value, mod=res.mod, interval=interval))
    return tuple(
        Timex(
            id=f"t{i}",
            text=text[f["start"] : f["end"]],
            type=f["type"],
            value=f["value"],
            span=(f["start"], f["end"]),
            mod=f["mod"],
            interval=f["interval"],
        )
        for i, f in enumerate(found, 1)
    )


@Language.component("dateline_timex", requires=["doc._.dateline_anchor"], assigns=["doc._.dateline_timexes"])
def dateline_timex(doc: Doc) -> Doc:
    doc._.dateline_timexes = tag(doc, anchor=doc._.dateline_anchor)
    return doc
