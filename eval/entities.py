"""Entity-stage evaluation on CoNLL-2003 dev (eng.testa): dateline next to spaCy alone.

Gold: ``<repo>/../shared/data/conll2003/eng.testa`` (``--data`` to override; it is never
copied into the repo).  Each document is rebuilt as text (tokens joined by one space,
sentences by "\\n") with a token → character offset map, and goes once through the dateline
pipeline (``load_nlp("")``, batch size 16).  Two systems are scored from that one pass:

  spacy     ``doc.ents`` as spaCy's own components leave them, read just before dateline's
            stages run (the model pipeline is exactly the package's: checked, else a second
            pass with ``spacy.load`` of the same model gives this baseline)
  dateline  every mention of every ``doc._.dateline_entities`` Entity, with its entity's type

OntoNotes labels map to CoNLL (PERSON→PER; GPE/LOC/FAC→LOC; ORG→ORG; NORP/EVENT/PRODUCT/
WORK_OF_ART/LAW/LANGUAGE→MISC; the rest are dropped).  A prediction matches only if it
starts at a token start, ends at a token end and has the gold span's exact tokens and type;
one that does not fall on token boundaries counts as a false positive.  Gold spans are read
from the IOB1 tags with conlleval's chunk rules.  P/R/F1 are micro-averaged per type and
over PER/LOC/ORG ("PLO"; MISC is reported apart, "ALL" covers the four).

    eval/entities.py                      table + eval/results/entities.json
    eval/entities.py --check              exit 1 if a floor in eval/baseline.json is not met
    eval/entities.py --write-baseline     pin today's figures as floors (never lowers one
                                          unless --allow-lower is given)
    eval/entities.py --conlleval          cross-check the scorer against conlleval.pl
    eval/entities.py --errors 3           error analysis of dateline, 3 examples a category
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is a folder of scripts
import gate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "conll2003" / "eng.testa"
RESULTS = REPO / "eval" / "results" / "entities.json"
BASELINE = REPO / "eval" / "baseline.json"
GOLD_SET = "conll2003-testa"
BATCH = 16

TYPES = ("PER", "LOC", "ORG", "MISC")
PLO = ("PER", "LOC", "ORG")
GROUPS: dict[str, tuple[str, ...]] = {"PLO": PLO, "ALL": TYPES}
SYSTEMS = ("spacy", "dateline")
ONTO_TO_CONLL = {
    "PERSON": "PER",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "ORG": "ORG",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
# The figures eval/baseline.json pins floors for.
FIGURES = ("dateline_f1_plo", "delta_f1_plo")

Span = tuple[int, int, str]  # token start, token end (exclusive), CoNLL type


class EvalError(Exception):
    """A problem the command reports in one line and exits non-zero for."""


# --------------------------------------------------------------------------- gold data


def iob1_spans(tags: Sequence[str]) -> list[Span]:
    """Chunks of one sentence's IOB1 (or IOB2) tags, by conlleval's rules.

    A chunk starts at B-X, at I-X after O, or at I-X after a chunk of another type; it ends
    before O, before B-, or before a tag of another type.  ``B-X`` therefore only splits two
    adjacent chunks of the same type, and a stray ``B-X`` after O still starts one."""
    spans: list[Span] = []
    start, prev_tag, prev_type = -1, "O", ""
    for i, raw in enumerate([*tags, "O"]):
        tag, _, typ = raw.partition("-")
        if tag not in ("B", "I", "O") or (tag == "O" and typ) or (tag != "O" and not typ):
            raise ValueError(f"not an IOB tag: {raw!r} (token {i})")
        ends = prev_tag != "O" and (tag != "I" or typ != prev_type)
        starts = tag == "B" or (tag == "I" and (prev_tag == "O" or typ != prev_type))
        if ends:
            spans.append((start, i, prev_type))
        if starts:
            start = i
        prev_tag, prev_type = tag, typ
    return spans


@dataclass
class Document:
    """One CoNLL document, rebuilt as the text dateline is given."""

    index: int  # position in the file, from 0
    tokens: list[str]
    tags: list[str]  # the gold tags as read
    sent_of: list[int]  # sentence number of each token
    gold: list[Span]
    text: str = ""
    starts: list[int] = field(default_factory=list)  # character offset of each token
    ends: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, index: int, sentences: Sequence[Sequence[tuple[str, str]]]) -> Document:
        tokens: list[str] = []
        tags: list[str] = []
        sent_of: list[int] = []
        gold: list[Span] = []
        starts: list[int] = []
        ends: list[int] = []
        parts: list[str] = []
        pos = 0
        for n, sent in enumerate(sentences):
            if n:
                parts.append("\n")
                pos += 1
            base = len(tokens)
            for k, (tok, tag) in enumerate(sent):
                if k:
                    parts.append(" ")
                    pos += 1
                starts.append(pos)
                parts.append(tok)
                pos += len(tok)
                ends.append(pos)
                tokens.append(tok)
                tags.append(tag)
                sent_of.append(n)
            gold.extend((base + s, base + e, t) for s, e, t in iob1_spans([tag for _, tag in sent]))
        return cls(index, tokens, tags, sent_of, gold, "".join(parts), starts, ends)

    def chars(self, span: Span) -> tuple[int, int]:
        return self.starts[span[0]], self.ends[span[1] - 1]

    def span_text(self, span: Span) -> str:
        s, e = self.chars(span)
        return self.text[s:e]

    def sentence_tokens(self, n: int) -> list[str]:
        return [t for t, s in zip(self.tokens, self.sent_of, strict=True) if s == n]

    def sentence_at(self, char: int) -> int:
        """Sentence number of the token at (or last before) a character offset."""
        return self.sent_of[max(0, bisect.bisect_right(self.starts, char) - 1)] if self.tokens else 0


def read_conll(lines: Iterable[str], *, tag_column: int = -1) -> list[Document]:
    """Documents of a CoNLL file: ``-DOCSTART-`` lines separate documents, blank lines
    sentences; the token is the first column and its tag the ``tag_column``-th."""
    docs: list[Document] = []
    sentences: list[list[tuple[str, str]]] = []
    sent: list[tuple[str, str]] = []

    def flush_doc() -> None:
        if sent:
            sentences.append(list(sent))
            sent.clear()
        if sentences:
            docs.append(Document.build(len(docs), sentences))
            sentences.clear()

    for line in lines:
        cols = line.split()
        if not cols:
            if sent:
                sentences.append(list(sent))
                sent.clear()
        elif cols[0] == "-DOCSTART-":
            flush_doc()
        else:
            sent.append((cols[0], cols[tag_column]))
    flush_doc()
    return docs


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- predictions


@dataclass(frozen=True)
class Pred:
    """A predicted mention: character span into Document.text, CoNLL type, source label."""

    start: int
    end: int
    type: str
    label: str


def to_preds(spans: Iterable[tuple[int, int, str]], dropped: Counter[str]) -> list[Pred]:
    """(start, end, OntoNotes label) → Preds of the four CoNLL types; counts what is dropped."""
    out = []
    for s, e, label in spans:
        if (t := ONTO_TO_CONLL.get(label)) is None:
            dropped[label] += 1
        else:
            out.append(Pred(s, e, t, label))
    return out


def align(doc: Document, preds: Sequence[Pred]) -> list[Span | None]:
    """Token span of each prediction, or None when it does not start at a token start and
    end at a token end (it can then match nothing)."""
    first = {c: i for i, c in enumerate(doc.starts)}
    last = {c: i + 1 for i, c in enumerate(doc.ends)}
    out: list[Span | None] = []
    for p in preds:
        s, e = first.get(p.start), last.get(p.end)
        out.append((s, e, p.type) if s is not None and e is not None and s < e else None)
    return out


# --------------------------------------------------------------------------- scoring


def match(gold: Sequence[Span], pred: Sequence[Span | None]) -> tuple[list[bool], list[bool]]:
    """Exact matches, one gold span per prediction at most (a duplicate prediction is a
    false positive): (gold matched?, prediction matched?)."""
    free: dict[Span, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        free[g].append(i)
    g_ok = [False] * len(gold)
    p_ok = [False] * len(pred)
    for j, p in enumerate(pred):
        if p is not None and free.get(p):
            g_ok[free[p].pop(0)] = True
            p_ok[j] = True
    return g_ok, p_ok


@dataclass
class Tally:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)

    def add(self, gold: Sequence[Span], pred: Sequence[Span | None], types: Sequence[str]) -> None:
        """``types`` gives each prediction's type (an unaligned one has no Span)."""
        g_ok, p_ok = match(gold, pred)
        for g, ok in zip(gold, g_ok, strict=True):
            (self.tp if ok else self.fn)[g[2]] += 1
        for t, ok in zip(types, p_ok, strict=True):
            if not ok:
                self.fp[t] += 1

    def prf(self, types: Sequence[str]) -> dict[str, float | int]:
        tp = sum(self.tp[t] for t in types)
        fp = sum(self.fp[t] for t in types)
        fn = sum(self.fn[t] for t in types)
        return prf(tp, fp, fn)

    def scores(self) -> dict[str, dict[str, float | int]]:
        out = {t: self.prf((t,)) for t in TYPES}
        out.update({name: self.prf(types) for name, types in GROUPS.items()})
        return out


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f, "tp": tp, "fp": fp, "fn": fn, "gold": tp + fn, "pred": tp + fp}


# --------------------------------------------------------------------------- running


def model_id(nlp: Any) -> str:
    """``en_core_web_sm-3.8.0``: the model as dateline records it."""
    meta = nlp.meta
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"


def _ents_key(doc: Any) -> tuple[tuple[int, int, str], ...]:
    return tuple((e.start_char, e.end_char, e.label_) for e in doc.ents)


def _package_pipeline(nlp: Any) -> list[str] | None:
    """The enabled components of the model package as shipped (its meta.json), if found."""
    from spacy.util import get_package_path, is_package

    meta = nlp.meta
    pkg = f"{meta.get('lang')}_{meta.get('name')}"
    path = get_package_path(pkg) / "meta.json" if is_package(pkg) else None
    if path is None or not path.is_file():
        return None
    return list(json.loads(path.read_text("utf-8")).get("pipeline", []))


@dataclass
class Run:
    docs: list[Document]
    preds: dict[str, list[list[Pred]]]
    dropped: dict[str, Counter[str]]
    model: str
    baseline_source: str
    ents_changed: int  # documents whose doc.ents dateline's stages changed
    timing: dict[str, float]


def run_pipeline(docs: Sequence[Document], nlp: Any = None) -> Run:
    """One pass of the dateline pipeline; doc.ents is read just before dateline's stages."""
    t0 = time.perf_counter()
    if nlp is None:
        from dateline.nlp.pipeline import load_nlp

        nlp = load_nlp("")
    load_s = time.perf_counter() - t0
    meta = nlp.meta
    model = model_id(nlp)
    names = list(nlp.pipe_names)
    ours = [n for n in names if str(nlp.get_pipe_meta(n).factory).startswith("dateline")]
    if "dateline_entities" not in ours:
        raise EvalError(f"the pipeline has no dateline_entities stage: {names}")
    head = names[: names.index(ours[0])]
    tail = [(n, nlp.get_pipe(n)) for n in names[len(head) :]]
    same_model = head == _package_pipeline(nlp)

    texts = [(d.text, d.index) for d in docs]
    t1 = time.perf_counter()
    with nlp.select_pipes(enable=head):
        done = list(nlp.pipe(texts, batch_size=BATCH, as_tuples=True))
    t2 = time.perf_counter()
    if [i for _, i in done] != [d.index for d in docs]:
        raise EvalError("spaCy dropped documents (see the log): the scores would be wrong")
    sdocs = [d for d, _ in done]
    before = [_ents_key(d) for d in sdocs]
    # dateline's stages, in pipeline order, as nlp.pipe would apply them (a failure is raised).
    for _, proc in tail:
        if hasattr(proc, "pipe"):
            sdocs = list(proc.pipe(sdocs, batch_size=BATCH))
        else:
            sdocs = [proc(d) for d in sdocs]
    t3 = time.perf_counter()
    ents_changed = sum(_ents_key(d) != b for d, b in zip(sdocs, before, strict=True))

    dropped = {s: Counter[str]() for s in SYSTEMS}
    preds: dict[str, list[list[Pred]]] = {s: [] for s in SYSTEMS}
    for d, ents, sdoc in zip(docs, before, sdocs, strict=True):
        if sdoc.text != d.text:
            raise EvalError(f"document {d.index}: doc.text is not the text given")
        entities = sdoc._.dateline_entities
        if entities is None:
            raise EvalError(f"document {d.index}: the dateline_entities stage left no output")
        mentions = [(s, e, ent.type) for ent in entities for s, e in ent.mentions]
        preds["spacy"].append(to_preds(ents, dropped["spacy"]))
        preds["dateline"].append(to_preds(mentions, dropped["dateline"]))
    timing = {"load_s": load_s, "spacy_s": t2 - t1, "dateline_stage_s": t3 - t2, "pass_s": t3 - t1}

    source = "same pass: doc.ents before the dateline stages"
    if not same_model:
        # dateline changed the model's own components: doc.ents at that point is not what the
        # model alone gives, so the baseline comes from a second pass of the plain model.
        import spacy

        t4 = time.perf_counter()
        plain = spacy.load(f"{meta.get('lang')}_{meta.get('name')}")
        out = list(plain.pipe([d.text for d in docs], batch_size=BATCH))
        dropped["spacy"] = Counter()
        preds["spacy"] = [to_preds(_ents_key(x), dropped["spacy"]) for x in out]
        timing["second_pass_s"] = time.perf_counter() - t4
        source = f"second pass: spacy.load({meta.get('lang')}_{meta.get('name')!s}) (pipeline was {head})"
    return Run(list(docs), preds, dropped, model, source, ents_changed, timing)


def score(run: Run) -> dict[str, Any]:
    systems: dict[str, Any] = {}
    unaligned: dict[str, int] = {}
    kinds: dict[str, Any] = {}
    sports = [is_sports(d) for d in run.docs]
    for system in SYSTEMS:
        tally = Tally()
        by_kind = {True: Tally(), False: Tally()}
        n_un = 0
        for doc, preds, sp in zip(run.docs, run.preds[system], sports, strict=True):
            spans = align(doc, preds)
            n_un += sum(s is None for s in spans)
            for t in (tally, by_kind[sp]):
                t.add(doc.gold, spans, [p.type for p in preds])
        systems[system] = tally.scores()
        unaligned[system] = n_un
        kinds[system] = {"sports": by_kind[True].prf(PLO), "other": by_kind[False].prf(PLO)}
    delta = {k: systems["dateline"][k]["f1"] - systems["spacy"][k]["f1"] for k in systems["dateline"]}
    return {
        "systems": systems,
        "delta_f1": delta,
        "unaligned_predictions": unaligned,
        "sports_docs": sum(sports),
        "plo_by_doc_kind": kinds,
    }


def figures(scores: dict[str, Any]) -> dict[str, float]:
    return {
        "dateline_f1_plo": scores["systems"]["dateline"]["PLO"]["f1"],
        "spacy_f1_plo": scores["systems"]["spacy"]["PLO"]["f1"],
        "delta_f1_plo": scores["delta_f1"]["PLO"],
    }


# --------------------------------------------------------------------------- error analysis

_SPORTS = re.compile(
    r"(SOCCER|CRICKET|BASEBALL|TENNIS|GOLF|BOXING|RUGBY( UNION| LEAGUE)?|SQUASH|BASKETBALL|"
    r"ATHLETICS|CYCLING|MOTOR ?RACING|MOTORCYCLING|HORSE RACING|ICE HOCKEY|HOCKEY|NBA|NFL|NHL|"
    r"AMERICAN FOOTBALL|SWIMMING|ROWING|SAILING|BADMINTON|FORMULA ONE|SKIING|VOLLEYBALL|"
    r"HANDBALL|JUDO|WRESTLING|TABLE TENNIS|SPEEDWAY|YACHTING)\b",
    re.IGNORECASE,
)


def is_sports(doc: Document) -> bool:
    """CoNLL sports stories open with a headline such as ``SOCCER - ...``."""
    head = " ".join(doc.sentence_tokens(0)) if doc.tokens else ""
    if _SPORTS.fullmatch(head):
        return True
    return bool(_SPORTS.match(head)) and " - " in head[:40]


def _all_caps(tokens: Sequence[str]) -> bool:
    words = [t for t in tokens if any(c.isalpha() for c in t)]
    return len(words) >= 2 and all(not any(c.islower() for c in t) for t in words)


def _tabular(tokens: Sequence[str]) -> bool:
    """Results tables and score lines: a quarter or more of the tokens carry digits."""
    return len(tokens) >= 3 and sum(any(c.isdigit() for c in t) for t in tokens) * 4 >= len(tokens)


@dataclass
class Event:
    """One error: a connected group of unmatched gold spans and predictions that overlap."""

    category: str
    doc: int
    sports: bool
    retyped: bool  # a prediction overlaps a gold span of another type
    gold: list[tuple[str, str]]  # (text, type)
    pred: list[tuple[str, str]]  # (text, source label)
    fn_plo: int
    fp_plo: int
    fn: int
    fp: int


def _describe(doc: Document, g: Span, p: Pred, ps: Span | None) -> str:
    """Category of a 1 gold ↔ 1 overlapping prediction error (the type is judged apart)."""
    gs, ge = doc.chars(g)
    if (gs, ge) == (p.start, p.end):
        return f"type {g[2]}→{p.type}"
    if ps is None:
        frag = doc.text[p.start : p.end]
        if frag != frag.strip():
            return "boundary: edge on whitespace (trimmed 's, or a \\n token)"
        return "boundary: span edge inside a token (e.g. hyphenated word)"
    left = [t.lower() for t in doc.tokens[ps[0] : g[0]]]
    right = [t.lower() for t in doc.tokens[g[1] : ps[1]]]
    if ps[0] <= g[0] and ps[1] >= g[1]:  # prediction longer
        if left in (["the"], ["a"], ["an"]) and not right:
            return "boundary: + leading article"
        if right == ["'s"] and not left:
            return "boundary: + trailing 's"
        if right and not left and all(any(c.isdigit() for c in t) for t in right):
            return "boundary: + trailing number(s) (score/table line)"
        if "-" in left + right and _all_caps(doc.tokens[ps[0] : ps[1]]):
            return 'boundary: + headline words ("SOCCER - …")'
        if right and not left and right[0] in ("-", "'s"):
            return "boundary: + trailing tokens after - or 's"
        if not right and left and any(c.isupper() for c in doc.tokens[ps[0]]):
            return "boundary: + leading capitalised word(s)"
        return "boundary: longer than gold (other)"
    if ps[0] >= g[0] and ps[1] <= g[1]:
        return "boundary: shorter than gold (part of the name)"
    return "boundary: overlaps gold partly"


def _components(n: int, edges: Iterable[tuple[int, int]]) -> list[int]:
    """Connected components (union-find): a representative for each of n nodes."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges:
        parent[find(a)] = find(b)
    return [find(i) for i in range(n)]


def analyse(run: Run, system: str) -> list[Event]:
    """Every error of ``system`` against gold, grouped and categorised."""
    events: list[Event] = []
    for doc, preds in zip(run.docs, run.preds[system], strict=True):
        spans = align(doc, preds)
        g_ok, p_ok = match(doc.gold, spans)
        gold = [g for g, ok in zip(doc.gold, g_ok, strict=True) if not ok]
        miss = [(p, s) for p, s, ok in zip(preds, spans, p_ok, strict=True) if not ok]
        sports = is_sports(doc)
        found_texts = {doc.text[p.start : p.end] for p in preds}
        found_tokens = [doc.text[p.start : p.end].split() for p in preds]
        edges = [
            (i, len(gold) + j)
            for i, g in enumerate(gold)
            for j, (p, _) in enumerate(miss)
            if p.start < doc.chars(g)[1] and doc.chars(g)[0] < p.end
        ]
        groups: dict[int, tuple[list[Span], list[tuple[Pred, Span | None]]]] = {}
        root = _components(len(gold) + len(miss), edges)
        for i, g in enumerate(gold):
            groups.setdefault(root[i], ([], []))[0].append(g)
        for j, pm in enumerate(miss):
            groups.setdefault(root[len(gold) + j], ([], []))[1].append(pm)
        for gs_, ps_ in groups.values():
            if len(gs_) == 1 and len(ps_) == 1:
                cat = _describe(doc, gs_[0], *ps_[0])
            elif gs_ and ps_:
                cat = "split: one gold name, several predictions" if len(gs_) == 1 else ""
                cat = cat or ("merged: one prediction over several gold names" if len(ps_) == 1 else "")
                cat = cat or "boundary: several overlapping (other)"
            elif gs_:
                g = gs_[0]
                words = doc.tokens[g[0] : g[1]]
                sent = doc.sentence_tokens(doc.sent_of[g[0]])
                if doc.span_text(g) in found_texts:
                    cat = "missed: repeat of a name predicted elsewhere in the document"
                elif any(
                    len(f) > len(words) and any(f[k : k + len(words)] == words for k in range(len(f)))
                    for f in found_tokens
                ):
                    cat = "missed: part of a longer name predicted elsewhere (surname…)"
                elif _all_caps(sent):
                    cat = "missed: in an all-caps headline"
                elif _tabular(sent):
                    cat = "missed: in a results table / score line"
                else:
                    cat = f"missed: other ({g[2]})"
            else:
                p, _ = ps_[0]
                sent = doc.sentence_tokens(doc.sentence_at(p.start))
                if _all_caps(sent):
                    cat = "spurious: in an all-caps headline"
                elif _tabular(sent):
                    cat = "spurious: in a results table / score line"
                else:
                    cat = f"spurious: label {p.label}"
            events.append(
                Event(
                    category=cat,
                    doc=doc.index,
                    sports=sports,
                    retyped=any(p.type != g[2] for g in gs_ for p, _ in ps_),
                    gold=[(doc.span_text(g), g[2]) for g in gs_],
                    pred=[(doc.text[p.start : p.end], p.label) for p, _ in ps_],
                    fn_plo=sum(g[2] in PLO for g in gs_),
                    fp_plo=sum(p.type in PLO for p, _ in ps_),
                    fn=len(gs_),
                    fp=len(ps_),
                )
            )
    return events


def coarse(category: str) -> str:
    """The family of a category: the first lines of the error table."""
    if category.startswith("type "):
        return "type confusion (exact span, wrong type)"
    if category.startswith(("split", "merged")):
        return "split / merged names"
    if category.startswith("boundary"):
        return "boundary error (one gold, one prediction)"
    if category.startswith("missed"):
        return "missed (no overlapping prediction)"
    return "spurious (no overlapping gold)"


def summarise(
    events: Sequence[Event], plo: dict[str, Any], *, coarse_only: bool = False
) -> list[dict[str, Any]]:
    """Counts per category, with the PER/LOC/ORG F1 gained if that category were fixed
    (its gold spans found exactly, its wrong predictions gone)."""
    by: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        by[coarse(e.category) if coarse_only else e.category].append(e)
    base = plo["f1"]
    rows = []
    for cat, evs in by.items():
        gain_tp = sum(e.fn_plo for e in evs)
        fixed = prf(plo["tp"] + gain_tp, plo["fp"] - sum(e.fp_plo for e in evs), plo["fn"] - gain_tp)
        rows.append(
            {
                "category": cat,
                "events": len(evs),
                "fn": sum(e.fn for e in evs),
                "fp": sum(e.fp for e in evs),
                "wrong_type": sum(e.retyped for e in evs),
                "sports_docs": sum(e.sports for e in evs),
                "f1_plo_gain": fixed["f1"] - base,
            }
        )
    rows.sort(key=lambda r: (-r["f1_plo_gain"], -r["events"]))
    return rows


# --------------------------------------------------------------------------- conlleval


def write_conlleval(docs: Sequence[Document], preds: Sequence[Sequence[Pred]], out: Any) -> Counter[str]:
    """``TOKEN GOLD GUESS`` lines (the gold tags as read, guesses as IOB2); returns how many
    predictions could not be written as tags (off token boundaries, across a sentence
    break, or overlapping another)."""
    lost: Counter[str] = Counter()
    for doc, ps in zip(docs, preds, strict=True):
        guess = ["O"] * len(doc.tokens)
        for p, s in zip(ps, align(doc, ps), strict=True):
            if (
                s is None
                or doc.sent_of[s[0]] != doc.sent_of[s[1] - 1]
                or any(g != "O" for g in guess[s[0] : s[1]])
            ):
                lost[p.type] += 1
                continue
            guess[s[0] : s[1]] = [f"B-{p.type}"] + [f"I-{p.type}"] * (s[1] - s[0] - 1)
        out.write("-DOCSTART- O O\n\n")
        for i, tok in enumerate(doc.tokens):
            if i and doc.sent_of[i] != doc.sent_of[i - 1]:
                out.write("\n")
            out.write(f"{tok} {doc.tags[i]} {guess[i]}\n")
        out.write("\n")
    return lost


_CONLLEVAL_LINE = re.compile(
    r"^\s*(\w+): precision:\s*([\d.]+)%; recall:\s*([\d.]+)%; FB1:\s*([\d.]+)\s+(\d+)$"
)
_CONLLEVAL_ALL = re.compile(r"precision:\s*([\d.]+)%; recall:\s*([\d.]+)%; FB1:\s*([\d.]+)")
_CONLLEVAL_HEAD = re.compile(r"with (\d+) phrases; found: (\d+) phrases; correct: (\d+)\.")


def parse_conlleval(output: str) -> dict[str, dict[str, float]]:
    """conlleval's per-type and overall ("ALL") precision, recall and FB1 (in percent), and
    the chunks it found ("found"; for ALL also "gold" and "correct")."""
    got: dict[str, dict[str, float]] = {}
    head: dict[str, float] = {}
    for line in output.splitlines():
        if m := _CONLLEVAL_LINE.match(line):
            got[m.group(1)] = {
                "p": float(m.group(2)),
                "r": float(m.group(3)),
                "f1": float(m.group(4)),
                "found": int(m.group(5)),
            }
        elif m := _CONLLEVAL_HEAD.search(line):
            head = {"gold": int(m.group(1)), "found": int(m.group(2)), "correct": int(m.group(3))}
        elif line.startswith("accuracy:") and (m := _CONLLEVAL_ALL.search(line)):
            got["ALL"] = {"p": float(m.group(1)), "r": float(m.group(2)), "f1": float(m.group(3))}
    if "ALL" in got:
        got["ALL"].update(head)
    return got


def run_conlleval(script: Path, path: Path) -> str:
    if shutil.which("perl") is None:
        raise EvalError("perl is not installed: cannot run conlleval.pl")
    if not script.is_file():
        raise EvalError(f"conlleval.pl not found at {script}")
    with path.open("rb") as fh:
        proc = subprocess.run(["perl", str(script)], stdin=fh, capture_output=True, check=False)
    if proc.returncode:
        raise EvalError(f"conlleval.pl failed: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout.decode()


def score_conlleval_file(path: Path) -> dict[str, dict[str, float | int]]:
    """This module's reader and scorer on a ``TOKEN GOLD GUESS`` file."""
    lines = path.read_text("utf-8").splitlines()
    gold_docs = read_conll(lines, tag_column=-2)
    guess_docs = read_conll(lines, tag_column=-1)
    tally = Tally()
    for g, p in zip(gold_docs, guess_docs, strict=True):
        tally.add(g.gold, p.gold, [t for _, _, t in p.gold])
    return tally.scores()


def crosscheck(run: Run, scores: dict[str, Any], script: Path, system: str = "spacy") -> dict[str, Any]:
    """conlleval.pl next to this scorer, on the same predictions written as tags."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{system}.conlleval"
        with path.open("w", encoding="utf-8") as fh:
            lost = write_conlleval(run.docs, run.preds[system], fh)
        conll = parse_conlleval(run_conlleval(script, path))
        ours_file = score_conlleval_file(path)
    rows = {}
    for key in (*TYPES, "ALL"):
        c = conll.get(key, {"p": 0.0, "r": 0.0, "f1": 0.0, "found": 0})
        o = ours_file[key]
        m = scores["systems"][system][key]
        rows[key] = {
            "conlleval": c,
            "scorer_same_file": {k: round(100 * float(o[k]), 2) for k in ("p", "r", "f1")}
            | {"found": o["pred"]},
            "scorer_main": {k: round(100 * float(m[k]), 2) for k in ("p", "r", "f1")} | {"found": m["pred"]},
            "unwritable": sum(lost.values()) if key == "ALL" else lost[key],
        }
    agree = (
        all(
            abs(r["conlleval"][k] - r["scorer_same_file"][k]) < 0.006
            for r in rows.values()
            for k in ("p", "r", "f1")
        )
        and conll.get("ALL", {}).get("gold") == ours_file["ALL"]["gold"]
    )
    return {"system": system, "unwritable_predictions": sum(lost.values()), "agree": agree, "rows": rows}


# --------------------------------------------------------------------------- gate


floor3 = gate.floor3
load_baseline = gate.load_baseline
# This gold set's gate (eval/gate.py): check_floors(entry, figs, digest, model) and
# updated_baseline(current, figs, digest, model, allow_lower=...).
check_floors = partial(gate.check_floors, gold_set=GOLD_SET)
updated_baseline = partial(gate.updated_baseline, gold_set=GOLD_SET, figures=FIGURES, error=EvalError)


# --------------------------------------------------------------------------- output


def evaluate(data: Path = DEFAULT_DATA, nlp: Any = None) -> tuple[Run, dict[str, Any]]:
    """Read the gold data, run the pipeline once, score both systems."""
    if not data.is_file():
        raise EvalError(f"gold data not found: {data} (pass --data PATH)")
    docs = read_conll(data.read_text("utf-8").splitlines())
    run = run_pipeline(docs, nlp)
    scores = score(run)
    return run, scores


def report(run: Run, scores: dict[str, Any], data: Path, digest: str, command: str) -> dict[str, Any]:
    import spacy

    n_tok = sum(len(d.tokens) for d in run.docs)
    gold = Counter(t for d in run.docs for _, _, t in d.gold)
    t = run.timing
    return {
        "date": time.strftime("%Y-%m-%d"),
        "command": command,
        "gold_set": GOLD_SET,
        "data": str(data),
        "sha256": digest,
        "model": run.model,
        "spacy": spacy.__version__,
        "python": platform.python_version(),
        "docs": len(run.docs),
        "sentences": sum(d.sent_of[-1] + 1 for d in run.docs if d.tokens),
        "tokens": n_tok,
        "gold_entities": {k: gold[k] for k in TYPES},
        "batch_size": BATCH,
        "timing": {
            **{k: round(v, 3) for k, v in t.items()},
            "docs_per_s": round(len(run.docs) / t["pass_s"], 2),
            "tokens_per_s": round(n_tok / t["pass_s"], 1),
        },
        "spacy_baseline": run.baseline_source,
        "docs_whose_ents_dateline_changed": run.ents_changed,
        "dropped_labels": {s: dict(run.dropped[s].most_common()) for s in SYSTEMS},
        **scores,
        "figures": figures(scores),
    }


def print_table(res: dict[str, Any]) -> None:
    head = f"{'system':<10}{'type':<6}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>8}{'R':>8}{'F1':>8}"
    print(head)
    print("-" * len(head))
    for system in SYSTEMS:
        for key in (*TYPES, "PLO", "ALL"):
            r = res["systems"][system][key]
            print(
                f"{system:<10}{key:<6}{r['gold']:>6}{r['pred']:>6}{r['tp']:>6}"
                f"{100 * r['p']:>8.2f}{100 * r['r']:>8.2f}{100 * r['f1']:>8.2f}"
            )
        print()
    d = res["delta_f1"]
    print(
        "F1 delta dateline − spacy (points): " + "  ".join(f"{k} {100 * d[k]:+.2f}" for k in (*TYPES, "PLO"))
    )


def print_errors(rows: Sequence[dict[str, Any]], events: Sequence[Event], examples: int) -> None:
    """Columns: events; the FN and FP they cost; how many also have the wrong type; how many
    are in sports documents; PER/LOC/ORG F1 points gained if the category were fixed."""
    head = f"{'category':<62}{'events':>7}{'FN':>6}{'FP':>6}{'retyped':>8}{'sports':>7}{'ΔF1 PLO':>9}"
    print(head)
    print("-" * len(head))
    by: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        by[e.category].append(e)
    for r in rows:
        print(
            f"{r['category']:<62}{r['events']:>7}{r['fn']:>6}{r['fp']:>6}{r['wrong_type']:>8}{r['sports_docs']:>7}"
            f"{100 * r['f1_plo_gain']:>+9.2f}"
        )
        for e in by[r["category"]][:examples]:
            g = " | ".join(f"{t!r} {ty}" for t, ty in e.gold) or "-"
            p = " | ".join(f"{t!r} {lb}" for t, lb in e.pred) or "-"
            print(f"      doc {e.doc}: gold {g}  ⟶  pred {p}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="CoNLL-2003 eng.testa")
    ap.add_argument("--out", type=Path, default=RESULTS, help="JSON results (default eval/results/)")
    ap.add_argument("--baseline", type=Path, default=BASELINE, help=argparse.SUPPRESS)
    ap.add_argument("--check", action="store_true", help="exit 1 unless the floors are met")
    ap.add_argument("--write-baseline", action="store_true", help="pin today's figures as floors")
    ap.add_argument("--allow-lower", action="store_true", help="let --write-baseline lower or re-pin")
    ap.add_argument("--conlleval", action="store_true", help="cross-check against conlleval.pl")
    ap.add_argument("--errors", type=int, metavar="N", help="print dateline's errors, N examples each")
    args = ap.parse_args(argv)

    command = shlex.join([sys.executable, *sys.argv] if argv is None else [sys.executable, __file__, *argv])
    try:
        if not args.data.is_file():
            raise EvalError(f"gold data not found: {args.data} (pass --data PATH)")
        digest = sha256(args.data)
        t0 = time.perf_counter()
        run, scores = evaluate(args.data)
        res = report(run, scores, args.data, digest, command)
        analyses = {s: analyse(run, s) for s in SYSTEMS}
        res["errors"] = {
            s: {
                "families": summarise(analyses[s], scores["systems"][s]["PLO"], coarse_only=True),
                "categories": summarise(analyses[s], scores["systems"][s]["PLO"]),
            }
            for s in SYSTEMS
        }
        if args.conlleval:
            res["conlleval"] = crosscheck(run, scores, args.data.parent / "conlleval.pl")
        res["timing"]["total_s"] = round(time.perf_counter() - t0, 3)

        t = res["timing"]
        print(f"command: {command}")
        print(f"data: {args.data} (sha256 {digest})")
        print(
            f"model: {run.model}, spaCy {res['spacy']}, Python {res['python']}; spaCy-alone "
            f"baseline: {run.baseline_source}"
        )
        print(
            f"{res['docs']} docs, {res['sentences']} sentences, {res['tokens']} tokens, "
            f"{sum(res['gold_entities'].values())} gold entities"
        )
        print(
            f"time: pass {t['pass_s']:.2f} s (spaCy {t['spacy_s']:.2f} s + dateline stage "
            f"{t['dateline_stage_s']:.2f} s) = {t['docs_per_s']:.1f} docs/s, {t['tokens_per_s']:.0f} "
            f"tokens/s; load {t['load_s']:.2f} s; total {t['total_s']:.2f} s"
        )
        if run.ents_changed:
            print(f"note: dateline's stages changed doc.ents in {run.ents_changed} documents")
        un = res["unaligned_predictions"]
        print(
            f"predictions off token boundaries (false positives): spacy {un['spacy']}, dateline {un['dateline']}"
        )
        print()
        print_table(res)
        kinds = res["plo_by_doc_kind"]
        print(
            f"PER/LOC/ORG F1 in the {res['sports_docs']} sports documents / the other "
            f"{res['docs'] - res['sports_docs']}: "
            + ";  ".join(
                f"{s} {100 * kinds[s]['sports']['f1']:.2f} / {100 * kinds[s]['other']['f1']:.2f}"
                for s in SYSTEMS
            )
            + f"  (gold PLO: {kinds['spacy']['sports']['gold']} / {kinds['spacy']['other']['gold']})"
        )
        if args.conlleval:
            cc = res["conlleval"]
            print()
            print(
                f"conlleval.pl cross-check ({cc['system']}; {cc['unwritable_predictions']} predictions "
                "cannot be written as tags: off token boundaries or across a sentence break)"
            )
            print(
                f"{'type':<6}{'conlleval':>26}{'scorer, same file':>26}{'scorer, main run':>26}{'unwritable':>12}"
            )
            print(f"{'':<6}" + f"{'P':>8}{'R':>6}{'F1':>6}{'found':>6}" * 3)
            for key, r in cc["rows"].items():
                print(
                    f"{key:<6}"
                    + "".join(
                        f"{r[c]['p']:>8.2f}{r[c]['r']:>6.2f}{r[c]['f1']:>6.2f}{r[c]['found']:>6}"
                        for c in ("conlleval", "scorer_same_file", "scorer_main")
                    )
                    + f"{r['unwritable']:>12}"
                )
            print("agree" if cc["agree"] else "DISAGREE: the scorer and conlleval.pl differ")
        if args.errors is not None:
            print()
            print_errors(res["errors"]["dateline"]["families"], [], 0)
            print()
            print_errors(res["errors"]["dateline"]["categories"], analyses["dateline"], args.errors)

        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwrote {args.out}")

        figs = res["figures"]
        status = gate.apply(
            args, figs, digest, run.model, gold_set=GOLD_SET, figures=FIGURES, error=EvalError
        )
        return status
    except EvalError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
