"""PETRARCH2's unit-test records as an event check: dateline and the keyword baseline
(``events.py`` runs this part; the functions here parse and score).

Gold: ``../shared/data/petrarch2_validation/PETR.UnitTest.records.xml`` (structure in its
``validation.rng``): ``<Sentence id= category= date=>`` with ``<EventCoding sourcecode=
targetcode= eventcode=>`` (CAMEO), ``<Text>`` and a constituency ``<Parse>`` (not used).
**These are unit tests of a coder's logic, with fictional actors (Arnor, Gondor, Osgiliath …)
and stylized sentences — not a measure of accuracy on news.**

Left out, and counted: records that expect no event (``noevents``, or no EventCoding), those
marked as discards (``error="storydiscard"`` / ``"sentencediscard"``) or input errors
(``error="dateline"`` / ``"bad_input_parse"``); and expected events whose code is one of the
suite's own test codes rather than CAMEO (root outside 01–20: 345, 802, 901–915).  Sentences
marked ``sentence="false"`` are kept.  The text is the ``Text`` element with its whitespace
collapsed; each sentence is one article.

Actor codes.  A system's actor (target) phrases — ``actor_spans[*].text`` — are coded through
the suite's own ``PETR.Validate.actors.txt`` and ``PETR.Validate.agents.txt``, kept simple:

* actors: an entry's name and its ``+`` synonyms (``_`` and spaces both join words; a trailing
  ``_`` is dropped) are matched as whole words, case-insensitively, longest phrase first,
  left to right.  Its code is the code block whose date restriction (``<D``, ``>D``,
  ``D1-D2``; six-digit dates are 19YYMMDD) holds on the record's date, else the unrestricted
  block; ``A/B`` codes give both.  No TABARI-style stems: PETRARCH2 does not use them either.
* agents: the same matching, with ``!MACRO!`` substitutions expanded; a plural is the one in
  ``{…}``, none for ``{}``, else the regular English plural.  ``[~GOV]`` appends ``GOV`` to the
  phrase's actor codes, ``[NGO~]`` puts ``NGO`` in front, each only when the code does not
  hold it already (``White House officials`` is ``USAGOV``); an agent with no actor gives
  ``---GOV``.
* a phrase's codes are one per actor found in it, with every agent of the phrase applied in
  text order (lenient: ``Osgiliath soldiers in south Ithilen`` is both OSGMIL and ITHMIL); a
  phrase with neither actor nor agent has no code.

Measures, per expected event (one EventCoding), at two levels — the CAMEO **root** (first two
digits of the event's ``cameo``) and the **PLOVER type** (the expected code mapped through
``../shared/data/plover/CAMEO2PLOVER-2021.txt``, longest prefix) — so that a system that gives
PLOVER types only (the keyword baseline, unless its lexicon has CAMEO codes) is still scored.
PLOVER drops CAMEO 01 (public statement) and 02 (appeal), so expected events with those codes
count at the root level only (the two levels' denominators differ):

* found: the expected root (type) is the root (type) of an event in the sentence;
* extra: events whose root (type) is none of the sentence's expected ones, per expected event;
* source / target code agreement, on the found ones: the expected code is among the codes of
  the actor (target) phrases of the best event of that root (type).  Expected codes written as
  quoted text (``"INJURY TOLL"``, the suite's text-coding tests) are left out and counted.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import events as ev

RECORDS = "PETR.UnitTest.records.xml"
ACTORS = "PETR.Validate.actors.txt"
AGENTS = "PETR.Validate.agents.txt"
LEVELS = ("root", "plover")
FIGURES = (
    "dateline_root_found",
    "dateline_root_precision_like",
    "dateline_root_source_code_acc",
    "dateline_root_target_code_acc",
)
CAMEO_ROOTS = frozenset(f"{i:02d}" for i in range(1, 21))


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Expected:
    source: str
    target: str
    code: str

    @property
    def root(self) -> str | None:
        """The CAMEO root (``"06"`` of ``"064"``), None for a test code outside 01–20."""
        r = self.code[:2]
        return r if r in CAMEO_ROOTS and len(self.code) >= 3 else None


@dataclass(frozen=True)
class PetrRecord:
    id: str
    category: str
    date: str  # YYYYMMDD
    text: str
    expected: tuple[Expected, ...] = ()
    skip: str | None = None  # why the record is left out (no event expected, discard, error)


def parse_records(xml: str) -> list[PetrRecord]:
    """Every ``<Sentence>`` of a PETRARCH validation file."""
    try:
        root = ET.fromstring(xml.encode("utf-8"))
    except ET.ParseError as e:
        raise ev.EvalError(f"{RECORDS}: not well-formed XML ({e})") from e
    out = []
    for s in root.iter("Sentence"):
        text_el = s.find("Text")
        text = " ".join((text_el.text or "").split()) if text_el is not None else ""
        codings = s.findall("EventCoding")
        expected = []
        skip = None
        for c in codings:
            if c.get("noevents") is not None:
                skip = "noevents"
            elif c.get("error") is not None:
                err = c.get("error") or ""
                skip = "discard" if err.endswith("discard") else f"error:{err}"
            elif c.get("eventcode") is not None:
                expected.append(
                    Expected(c.get("sourcecode") or "", c.get("targetcode") or "", c.get("eventcode") or "")
                )
        if not expected and skip is None:
            skip = "no EventCoding"
        if not text and skip is None:
            skip = "no Text"
        out.append(
            PetrRecord(
                id=s.get("id") or f"#{len(out)}",
                category=s.get("category") or "",
                date=s.get("date") or "",
                text=text,
                expected=tuple(expected),
                skip=skip,
            )
        )
    return out


# --------------------------------------------------------------------------- dictionaries

_COMMENT_XML = re.compile(r"<!\s*--.*?-->", re.S)
_COMMENT_HASH = re.compile(r"(^|\s)#.*$")
_WORD = re.compile(r"[A-Za-z0-9]+(?:[.\-&][A-Za-z0-9]+)*\.?")


def words(phrase: str) -> tuple[str, ...]:
    """A dictionary phrase or a text as upper-case words (``_`` joins words; trailing dots
    dropped, so ``U.S.`` and ``U.S`` are one word; ``'s`` is its own word)."""
    return tuple(w.upper().rstrip(".") for w in _WORD.findall(phrase.replace("_", " ")))


def _date8(d: str) -> str:
    d = d.strip()
    return "19" + d if len(d) == 6 else d


def restriction_holds(restriction: str, date: str) -> bool | None:
    """Whether a code block's date restriction holds on ``date`` (YYYYMMDD); None when the
    block has none."""
    r = restriction.strip()
    if not r:
        return None
    if r.startswith("<"):
        return date < _date8(r[1:])
    if r.startswith(">"):
        return date > _date8(r[1:])
    m = re.fullmatch(r"(\d{6,8})\s*-\s*(\d{6,8})", r)
    if m:
        return _date8(m.group(1)) <= date <= _date8(m.group(2))
    return False


@dataclass
class ActorEntry:
    names: list[tuple[str, ...]] = field(default_factory=list)
    blocks: list[tuple[tuple[str, ...], str]] = field(default_factory=list)  # (codes, restriction)

    def codes(self, date: str) -> tuple[str, ...]:
        for codes, r in self.blocks:
            if restriction_holds(r, date):
                return codes
        for codes, r in self.blocks:
            if not r.strip():
                return codes
        return ()


def _code_block(s: str) -> tuple[tuple[str, ...], str]:
    """``HOBGOV 19950601 - 19990815`` → (("HOBGOV",), "19950601 - 19990815")."""
    m = re.match(r"\s*([^\s<>\d][^\s<>]*|\d+[A-Z]*)?\s*(.*)$", s)
    code, rest = (m.group(1) or "", m.group(2) or "") if m else ("", s)
    return tuple(c for c in code.split("/") if c), rest.strip()


def parse_actors(text: str) -> list[ActorEntry]:
    """The entries of a PETRARCH actor dictionary."""
    text = _COMMENT_XML.sub("", text)
    out: list[ActorEntry] = []
    cur: ActorEntry | None = None
    for raw in text.splitlines():
        line = _COMMENT_HASH.sub("", raw).rstrip()
        if not line.strip():
            continue
        blocks = re.findall(r"\[([^\]]*)\]", line)
        name = re.sub(r"\[[^\]]*\]", "", line).strip()
        if raw[:1].isspace() and not name:  # an indented code block of the current entry
            if cur is not None:
                cur.blocks += [_code_block(b) for b in blocks]
            continue
        if name.startswith("+"):
            if cur is not None and words(name[1:]):
                cur.names.append(words(name[1:]))
                cur.blocks += [_code_block(b) for b in blocks]
            continue
        cur = ActorEntry([words(name)] if words(name) else [], [_code_block(b) for b in blocks])
        out.append(cur)
    return [e for e in out if e.names]


@dataclass(frozen=True)
class Agent:
    names: tuple[tuple[str, ...], ...]
    prefix: str = ""
    suffix: str = ""


def _plural(w: str) -> str:
    if re.search(r"[^AEIOU]Y$", w):
        return w[:-1] + "IES"
    if re.search(r"(S|X|Z|CH|SH)$", w):
        return w + "ES"
    return w + "S"


def parse_agents(text: str) -> list[Agent]:
    """The entries of a PETRARCH agent dictionary, ``!MACRO!`` substitutions expanded."""
    text = _COMMENT_XML.sub("", text)
    macros: dict[str, list[str]] = {}
    out = []
    for raw in text.splitlines():
        line = _COMMENT_HASH.sub("", raw).strip()
        if not line:
            continue
        m = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", line)
        if m:
            macros[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
            continue
        m = re.fullmatch(r"([^{\[]+?)\s*(\{[^}]*\})?\s*\[\s*([^\]]*?)\s*\]", line)
        if not m:
            continue
        name, braces, code = m.group(1).strip(), m.group(2), m.group(3).replace(" ", "")
        names = [name]
        for mac, alts in macros.items():
            names = (
                [n.replace(mac, a) for n in names for a in alts] if any(mac in n for n in names) else names
            )
        forms: set[tuple[str, ...]] = set()
        for n in names:
            w = words(n)
            if not w:
                continue
            forms.add(w)
            if braces is None:
                forms.add((*w[:-1], _plural(w[-1])))
        if braces:
            forms.update(words(p) for p in re.split(r"[\s,]+", braces.strip("{} ")) if p)
        forms.discard(())
        prefix, suffix = (code[:-1], "") if code.endswith("~") else ("", code.lstrip("~"))
        out.append(Agent(tuple(sorted(forms)), prefix, suffix))
    return out


class ActorCoder:
    """Phrases → actor codes through the suite's actor and agent dictionaries."""

    def __init__(self, actors: Sequence[ActorEntry], agents: Sequence[Agent]) -> None:
        self.index: dict[str, list[tuple[tuple[str, ...], str, Any]]] = {}
        for a in actors:
            for n in a.names:
                self.index.setdefault(n[0], []).append((n, "actor", a))
        for g in agents:
            for n in g.names:
                self.index.setdefault(n[0], []).append((n, "agent", g))
        for v in self.index.values():
            v.sort(key=lambda x: (-len(x[0]), x[1] != "actor"))

    def matches(self, phrase: str) -> list[tuple[str, Any]]:
        """(kind, entry) of the dictionary phrases in ``phrase``, longest first, left to right."""
        ws = words(phrase)
        out = []
        i = 0
        while i < len(ws):
            for n, kind, entry in self.index.get(ws[i], ()):
                if ws[i : i + len(n)] == n:
                    out.append((kind, entry))
                    i += len(n)
                    break
            else:
                i += 1
        return out

    def codes(self, phrase: str, date: str = "") -> set[str]:
        found = self.matches(phrase)
        actors = [c for kind, e in found if kind == "actor" for c in e.codes(date)]
        agents = [e for kind, e in found if kind == "agent"]
        if not actors and not agents:
            return set()
        out = set()
        for a in actors or ["---"]:
            code = a
            for g in agents:  # an agent code the actor's code already holds is not added again
                if g.prefix and g.prefix not in code:
                    code = g.prefix + code
                if g.suffix and g.suffix not in code:
                    code += g.suffix
            out.add(code)
        return out


def load_coder(folder: Path) -> ActorCoder:
    return ActorCoder(
        parse_actors((folder / ACTORS).read_text("utf-8", errors="replace")),
        parse_agents((folder / AGENTS).read_text("utf-8", errors="replace")),
    )


def parse_cameo2plover(text: str) -> dict[str, str]:
    """``030: AGREE,  , diplomatic # …`` lines → {"030": "AGREE", …}."""
    out = {}
    for line in text.splitlines():
        m = re.match(r"\s*(\d{2,4}[A-Z]?)\s*:\s*([A-Z]+)", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def plover_of(code: str, table: Mapping[str, str]) -> str | None:
    """The PLOVER type of a CAMEO code: its longest prefix in the table."""
    for k in range(len(code), 1, -1):
        t = table.get(code[:k])
        if t:
            return ev.OLD_LABELS.get(t, t)
    return None


# --------------------------------------------------------------------------- scoring


def cameo_root(e: Mapping[str, Any]) -> str | None:
    c = str(e.get("cameo") or "")
    return c[:2] if len(c) >= 2 and c[:2] in CAMEO_ROOTS else None


def _textual(code: str) -> bool:
    return code.startswith('"')


def score_level(
    records: Sequence[PetrRecord],
    events: Sequence[Sequence[Mapping[str, Any]]],
    coder: ActorCoder,
    expected_key: Callable[[Expected], str | None],
    event_key: Callable[[Mapping[str, Any]], str | None],
) -> dict[str, Any]:
    """Found / extra / code agreement at one level (root or PLOVER type)."""
    n = found = extra = 0
    src_n = src_ok = tar_n = tar_ok = textual = 0
    misses: list[str] = []
    wrong_src: list[str] = []
    wrong_tar: list[str] = []
    for rec, evs in zip(records, events, strict=True):
        exp = [x for x in rec.expected if expected_key(x) is not None]
        if rec.skip is not None or not exp:
            continue
        keys = [event_key(e) for e in evs]
        wanted = {expected_key(x) for x in exp}
        n += len(exp)
        extra += sum(k not in wanted for k in keys)
        codes = [
            (
                set().union(*(coder.codes(t, rec.date) for t in ev.arg_texts(e, "actor_spans"))),
                set().union(*(coder.codes(t, rec.date) for t in ev.arg_texts(e, "target_spans"))),
            )
            for e in evs
        ]
        for x in exp:
            cand = [k for k, key in enumerate(keys) if key == expected_key(x)]
            if not cand:
                misses.append(rec.id)
                continue
            found += 1
            agree = [(x.source in codes[k][0], x.target in codes[k][1]) for k in cand]
            j = max(range(len(cand)), key=lambda i: (sum(agree[i]), -i))
            s_right, t_right = agree[j]
            if _textual(x.source) or _textual(x.target):
                textual += 1
            if not _textual(x.source):
                src_n += 1
                src_ok += s_right
                if not s_right:
                    wrong_src.append(rec.id)
            if not _textual(x.target):
                tar_n += 1
                tar_ok += t_right
                if not t_right:
                    wrong_tar.append(rec.id)
    extra_rate = ev._rate(extra, n)
    return {
        "expected": n,
        "found": found,
        "found_rate": ev._rate(found, n),
        "extra": extra,
        "extra_rate": extra_rate,
        "precision_like": max(0.0, 1.0 - extra_rate),
        "source": {"scored": src_n, "agree": src_ok},
        "target": {"scored": tar_n, "agree": tar_ok},
        "source_code_acc": ev._rate(src_ok, src_n),
        "target_code_acc": ev._rate(tar_ok, tar_n),
        "found_with_textual_code": textual,
        "misses": sorted(set(misses)),
        "wrong_source": sorted(set(wrong_src)),
        "wrong_target": sorted(set(wrong_tar)),
    }


def score(
    records: Sequence[PetrRecord],
    events: Sequence[Sequence[Mapping[str, Any]]],
    coder: ActorCoder,
    table: Mapping[str, str],
) -> dict[str, Any]:
    return {
        "root": score_level(records, events, coder, lambda x: x.root, cameo_root),
        "plover": score_level(
            records,
            events,
            coder,
            lambda x: plover_of(x.code, table) if x.root else None,
            ev.event_type,
        ),
        "events": sum(len(e) for r, e in zip(records, events, strict=True) if r.skip is None),
    }


def figures(systems: Mapping[str, Mapping[str, Any]]) -> dict[str, float]:
    out = {}
    for name, s in systems.items():
        for level in LEVELS:
            r = s[level]
            for k in ("found_rate", "extra_rate", "precision_like", "source_code_acc", "target_code_acc"):
                out[f"{name}_{level}_{k.removesuffix('_rate') if k == 'found_rate' else k}"] = float(r[k])
    return out


def evaluate(
    folder: Path = ev.PETR_DATA,
    *,
    nlp: Any = None,
    lexicon: Mapping[str, Any] | None = None,
    cameo2plover: Path = ev.CAMEO2PLOVER,
) -> dict[str, Any]:
    from dateline.nlp.pipeline import load_nlp

    paths = [folder / RECORDS, folder / ACTORS, folder / AGENTS, cameo2plover]
    for p in paths:
        if not p.is_file():
            raise ev.EvalError(f"gold data not found: {p} (../shared not laid out?)")
    records = parse_records(paths[0].read_text("utf-8"))
    coder = load_coder(folder)
    table = parse_cameo2plover(cameo2plover.read_text("utf-8"))
    nlp = nlp if nlp is not None else load_nlp("")
    kept = [r for r in records if r.skip is None]
    run = ev.run_systems([(r.id, r.text) for r in kept], nlp, lexicon)

    def full(evs: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
        it = iter(evs)
        return [next(it) if r.skip is None else [] for r in records]

    systems = {"dateline": score(records, full(run.dateline), coder, table)}
    if run.keyword is not None:
        systems["keyword"] = score(records, full(run.keyword), coder, table)
    scored = [x for r in kept for x in r.expected]
    return {
        "gold_set": ev.PETR_SET,
        "data": str(folder),
        "sha256": ev.sha256_of(paths),
        "model": ev.model_id(nlp),
        "records": len(records),
        "skipped": dict(Counter(r.skip for r in records if r.skip is not None)),
        "records_scored": len(kept),
        "expected_events": len(scored),
        "expected_test_codes_left_out": sum(x.root is None for x in scored),
        "systems": systems,
        "figures": figures(systems),
        "caveat": "fictional-actor unit tests of a CAMEO coder (logic checks), not news accuracy",
        "timing": {k: round(v, 2) for k, v in run.timing.items()},
    }


# --------------------------------------------------------------------------- output


def table(res: Mapping[str, Any]) -> list[str]:
    sk = ", ".join(f"{k} {v}" for k, v in sorted(res["skipped"].items()))
    rows = [
        f"## {ev.PETR_SET}: {res['records_scored']} of {res['records']} records "
        f"(left out: {sk}); {res['expected_events']} expected events, "
        f"{res['expected_test_codes_left_out']} with suite test codes left out",
        "Fictional-actor unit tests (logic checks), not news accuracy.",
        "",
        "| system | level | events | found % | extra / expected | source code % | target code % |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, s in res["systems"].items():
        for level in LEVELS:
            r = s[level]
            rows.append(
                f"| {name} | {level} | {s['events']} | {ev._pct(r['found_rate'])} ({r['found']}/{r['expected']}) | "
                f"{r['extra_rate']:.3f} | {ev._pct(r['source_code_acc'])} ({r['source']['agree']}/{r['source']['scored']}) | "
                f"{ev._pct(r['target_code_acc'])} ({r['target']['agree']}/{r['target']['scored']}) |"
            )
    return rows


def details(res: Mapping[str, Any]) -> list[str]:
    out = []
    for name, s in res["systems"].items():
        for level in LEVELS:
            r = s[level]
            out.append(
                f"{ev.PETR_SET} {name} {level}: misses ({len(r['misses'])}): {' '.join(r['misses']) or '-'}"
            )
            out.append(f"  wrong source ({len(r['wrong_source'])}): {' '.join(r['wrong_source']) or '-'}")
            out.append(f"  wrong target ({len(r['wrong_target'])}): {' '.join(r['wrong_target']) or '-'}")
    return out


def codes_of(coder: ActorCoder, phrases: Iterable[str], date: str = "") -> set[str]:
    """The codes of several phrases (for tests and a look at a record)."""
    return set().union(*(coder.codes(p, date) for p in phrases))
