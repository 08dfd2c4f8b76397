"""Event evaluation: dateline's PLOVER/CAMEO events next to a keyword baseline, in one run.

Two gold sets, both read where they lie (``<repo>/../shared``; never copied into the repo):

``plover-gsr-dev``  ``../shared/data/plover/gsr_dev.json``: 164 single sentences from the CAMEO
    manual's examples, edited, each with one gold PLOVER ``event`` and ``source`` / ``target``
    lists of ``{actorText, code, sector}``.  The labels are PLOVER v0.5b1's, mapped to today's
    16 types as PLOVER_MANUAL.tex's conversion table says (DEMAND → REQUEST, FIGHT → ASSAULT,
    DISAPPROVE and INVESTIGATE → ACCUSE; any other label that is not one of the 16 stops the
    run).  Each sentence is one article (``Article(title=None, body=text, origin=id)``) and
    goes through ``analyze_batch``; its record's ``events`` are the predictions.

    * **TP** — the share of gold records whose PLOVER type is the ``plover.type`` of at least
      one event in the sentence.
    * **FP** — extra events of other types per gold event: the events whose type is not the
      gold type (an event with no PLOVER type included), summed, divided by the number of gold
      records.  A second event of the gold type is not an FP.  The gate takes it as a floor on
      ``precision_like`` = max(0, 1 − FP), so that "floors are only ever raised" means "FP is
      only ever lowered".
    * **source right / target right**, on the TPs — among the events of the gold type, the one
      whose actor and target come out best (then the first) is the matched event; its source
      is right when one of its ``actor_spans`` overlaps (by a character) a gold source actor's
      text in the sentence, its target when one of its ``target_spans`` overlaps a gold
      target's.  Gold actor texts are found case-insensitively as whole words, every
      occurrence counting, whitespace-tolerant; ``A ... B`` is found as its pieces; a text
      that is still not in the sentence (a typo, "Greek-Cypriot" for "Greek") falls back on
      the ``textInfo.markup`` spans of that role (``(SRC: …)``, ``(TAR: …)``, ``(SRC/TAR:
      …)``), and is counted.  Target accuracy is over the TPs whose record has a gold target
      (an empty or missing target is no target); the number of such records is reported.
      "Source cover" is the mean share of the sentence the matched actor spans cover (an
      actor span over a whole clause would overlap anything).

``petrarch2-validation``  ``../shared/data/petrarch2_validation``: PETRARCH2's unit-test
    records (``events_petrarch.py``): fictional actors (Arnor, Gondor …) coded through the
    suite's own small actor and agent dictionaries.  Logic checks of a CAMEO coder, not news
    accuracy.

Systems, from one loaded spaCy pipeline (``load_nlp("")``, one process):

  dateline  ``analyze_batch`` (batch size 16): the records' ``events``
  keyword   one lexicon lookup per token: every token whose lemma is a key of
            ``dateline.nlp.events.trigger_lexicon()`` (lemma → PLOVER type) is an event of
            that type, its actor the token's ``nsubj`` subtree, its target its ``dobj``
            subtree; the Docs come from the same pipeline's spaCy components (dateline's
            stages held back), scored by the same functions.  Lexicon keys with a space are
            not single lemmas and are left out.

Universal-PETRARCH's published figures on its own validation records (68 % TP, 23 % FP) are
printed next to them as a reference line: other data, other system, published.

    eval/events.py                       tables + eval/results/events.json
    eval/events.py --details             also the ids of the misses and wrong actors
    eval/events.py --check               exit 1 if a floor in eval/baseline.json is not met
    eval/events.py --write-baseline      pin today's figures as floors (never lowers one
                                         unless --allow-lower is given)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import re
import shlex
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is a folder of scripts
import gate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
GSR_DATA = SHARED / "plover" / "gsr_dev.json"
PETR_DATA = SHARED / "petrarch2_validation"
CAMEO2PLOVER = SHARED / "plover" / "CAMEO2PLOVER-2021.txt"
RESULTS = REPO / "eval" / "results" / "events.json"
BASELINE = REPO / "eval" / "baseline.json"
GSR_SET = "plover-gsr-dev"
PETR_SET = "petrarch2-validation"
BATCH = 16
SYSTEMS = ("dateline", "keyword")

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
# PLOVER v0.5b1 labels (the gold records') → today's types (PLOVER_MANUAL.tex, the CAMEO
# conversion table: 09 INVESTIGATE → ACCUSE, 10 DEMAND → REQUEST, 11 DISAPPROVE → ACCUSE,
# 19 FIGHT → ASSAULT).  CAMEO's YIELD is split between CONCEDE and RETREAT by its 3-digit
# code, so it cannot be mapped from the label alone: it is refused, like any unknown label.
OLD_LABELS = {"DEMAND": "REQUEST", "FIGHT": "ASSAULT", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}
# Universal-PETRARCH on its own validation records, as published (issue 11): other data.
UPETR_PUBLISHED = {"tp": 0.68, "fp": 0.23}
# The targets on gsr_dev.
TARGETS = {"tp": 0.80, "fp": 0.20, "source_acc": 0.85, "target_acc": 0.70}
# The figures eval/baseline.json pins floors for.
GSR_FIGURES = ("dateline_tp", "dateline_precision_like", "dateline_source_acc", "dateline_target_acc")

Span = tuple[int, int]  # character offsets [start, end)


class EvalError(Exception):
    """A problem the command reports in one line and exits non-zero for."""


# --------------------------------------------------------------------------- gold data


def plover_type(label: str) -> str:
    """A gold label as one of the 16 PLOVER types (v0.5b1 labels mapped)."""
    lab = (label or "").strip().upper()
    lab = OLD_LABELS.get(lab, lab)
    if lab not in PLOVER_TYPES:
        raise EvalError(f"unknown PLOVER label {label!r}: map it in OLD_LABELS (see PLOVER_MANUAL.tex)")
    return lab


def _phrase_re(phrase: str) -> re.Pattern[str]:
    words = phrase.split()
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)", re.I)


def locate(text: str, phrase: str) -> list[Span]:
    """Every occurrence of ``phrase`` in ``text`` (case-insensitive, whole words, any
    whitespace between words); a phrase with an ellipsis (``U.S. ... negotiators``) is found
    as its pieces when it is not found whole.  [] when nothing is found."""
    phrase = " ".join(phrase.split())
    if not phrase:
        return []
    hits = [(m.start(), m.end()) for m in _phrase_re(phrase).finditer(text)]
    if hits:
        return hits
    pieces = [p for p in re.split(r"\s*(?:\.{2,}|…)\s*", phrase) if p.strip()]
    if len(pieces) < 2:
        return []
    return sorted({(m.start(), m.end()) for p in pieces for m in _phrase_re(p).finditer(text)})


_MARKUP = re.compile(r"\(([A-Z]+(?:/[A-Z]+)*): ((?:[^()]|\([^()]*\))*?)\)")


def markup_spans(text: str, markup: str, role: str) -> list[Span]:
    """The spans of ``text`` that ``textInfo.markup`` tags with ``role`` (``SRC``, ``TAR``;
    ``SRC/TAR`` counts for both)."""
    out: set[Span] = set()
    for m in _MARKUP.finditer(markup or ""):
        if role in m.group(1).split("/"):
            out.update(locate(text, m.group(2)))
    return sorted(out)


def actor_texts(value: Any) -> list[str]:
    """The non-empty actor texts of a gold ``source`` / ``target`` field: a list of
    ``{actorText, …}``, a bare string (taken as one actor text), or missing."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out = []
    for a in items:
        t = a.get("actorText") if isinstance(a, Mapping) else a if isinstance(a, str) else None
        t = " ".join((t or "").split())
        if t:
            out.append(t)
    return out


@dataclass(frozen=True)
class GoldRecord:
    """One gold sentence: its PLOVER type and where its source and target actors are."""

    id: str
    text: str
    type: str
    label: str = ""  # as in the file
    source: tuple[Span, ...] = ()
    target: tuple[Span, ...] = ()
    has_source: bool = False
    has_target: bool = False
    markup_fallback: tuple[str, ...] = ()  # roles whose actor texts were not all in the sentence


def role_spans(text: str, texts: Sequence[str], markup: str, role: str) -> tuple[tuple[Span, ...], bool]:
    """The spans of one role's gold actors, and whether the markup had to be used."""
    spans: set[Span] = set()
    missing = False
    for t in texts:
        hits = locate(text, t)
        missing |= not hits
        spans.update(hits)
    if missing:
        spans.update(markup_spans(text, markup, role))
    return tuple(sorted(spans)), missing


def gold_record(rec: Mapping[str, Any]) -> GoldRecord:
    text = rec["text"]
    markup = (rec.get("textInfo") or {}).get("markup", "")
    src_texts, tar_texts = actor_texts(rec.get("source")), actor_texts(rec.get("target"))
    src, src_fb = role_spans(text, src_texts, markup, "SRC")
    tar, tar_fb = role_spans(text, tar_texts, markup, "TAR")
    return GoldRecord(
        id=rec["id"],
        text=text,
        type=plover_type(rec["event"]),
        label=rec["event"],
        source=src,
        target=tar,
        has_source=bool(src_texts),
        has_target=bool(tar_texts),
        markup_fallback=tuple(r for r, fb in (("source", src_fb), ("target", tar_fb)) if fb),
    )


def sha256_of(paths: Iterable[Path]) -> str:
    """sha256 over the files, in the order given: for each its name, a NUL, its size, a NUL,
    then its bytes (one file: the same scheme, so the digest names the file too)."""
    h = hashlib.sha256()
    for p in paths:
        data = p.read_bytes()
        h.update(f"{p.name}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def load_gsr(path: Path = GSR_DATA) -> tuple[list[GoldRecord], str]:
    if not path.is_file():
        raise EvalError(f"gold data not found: {path} (../shared not laid out?)")
    data = json.loads(path.read_text("utf-8"))
    recs = data["records"] if isinstance(data, Mapping) else data
    out = [gold_record(r) for r in recs]
    if len({g.id for g in out}) != len(out):
        raise EvalError(f"{path.name}: record ids are not unique")
    return out, sha256_of([path])


# --------------------------------------------------------------------------- predictions


def event_type(ev: Mapping[str, Any]) -> str | None:
    return (ev.get("plover") or {}).get("type")


def arg_spans(ev: Mapping[str, Any], key: str) -> list[Span]:
    """``actor_spans`` / ``target_spans`` of an event as (start, end) pairs."""
    out = []
    for a in ev.get(key) or ():
        sp = a.get("span") if isinstance(a, Mapping) else None
        if sp and len(sp) == 2:
            out.append((int(sp[0]), int(sp[1])))
    return out


def arg_texts(ev: Mapping[str, Any], key: str) -> list[str]:
    return [a.get("text") or "" for a in ev.get(key) or () if isinstance(a, Mapping)]


def overlaps(a: Iterable[Span], b: Iterable[Span]) -> bool:
    """Two sets of character spans share at least one character."""
    bs = list(b)
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in bs)


def lexicon_entry(value: Any) -> tuple[str | None, str | None]:
    """(PLOVER type, CAMEO code or None) of one trigger-lexicon value: a type string, a
    mapping with ``type``/``plover`` (itself a string or ``{type}``) and ``cameo``, a
    (type, cameo) pair, or an object with those attributes."""
    if isinstance(value, str):
        return value.upper(), None
    if isinstance(value, Mapping):
        typ, cameo = value.get("plover") or value.get("type"), value.get("cameo")
    elif isinstance(value, tuple | list):
        typ, cameo = (value[0] if value else None), (value[1] if len(value) > 1 else None)
    else:
        typ, cameo = (
            getattr(value, "plover", None) or getattr(value, "type", None),
            getattr(value, "cameo", None),
        )
    if isinstance(typ, Mapping):
        typ = typ.get("type")
    elif typ is not None and not isinstance(typ, str):
        typ = getattr(typ, "type", typ)
    return (str(typ).upper() if typ else None), (str(cameo) if cameo else None)


def single_lemmas(lexicon: Mapping[str, Any]) -> dict[str, tuple[str, str | None]]:
    """The lexicon's one-word keys (lower-cased) → (PLOVER type, CAMEO code)."""
    out = {}
    for k, v in lexicon.items():
        key = str(k).strip().lower()
        typ, cameo = lexicon_entry(v)
        if key and " " not in key and typ:
            out[key] = (typ, cameo)
    return out


def _subtree(doc: Any, tok: Any) -> dict[str, Any]:
    s = doc[tok.left_edge.i].idx
    last = doc[tok.right_edge.i]
    e = last.idx + len(last.text)
    return {"text": doc.text[s:e], "span": [s, e], "entity": None, "sector": None}


def keyword_events(doc: Any, lemmas: Mapping[str, tuple[str, str | None]]) -> list[dict[str, Any]]:
    """The keyword baseline on one parsed Doc: an event per token whose lemma is in the
    lexicon, its actor the ``nsubj`` subtree and its target the ``dobj`` subtree (as event
    dicts shaped like dateline's, so the same scorers read both)."""
    out = []
    for tok in doc:
        hit = lemmas.get(tok.lemma_.lower())
        if hit is None:
            continue
        typ, cameo = hit
        out.append(
            {
                "plover": {"type": typ, "mode": None, "context": []},
                "cameo": cameo,
                "trigger": {"text": tok.text, "span": [tok.idx, tok.idx + len(tok.text)]},
                "actor_spans": [_subtree(doc, c) for c in tok.children if c.dep_ == "nsubj"],
                "target_spans": [_subtree(doc, c) for c in tok.children if c.dep_ == "dobj"],
            }
        )
    return out


def load_lexicon() -> tuple[Mapping[str, Any] | None, str]:
    """``dateline.nlp.events.trigger_lexicon()`` and a note, or (None, why not)."""
    try:
        from dateline.nlp.events import trigger_lexicon  # type: ignore[attr-defined]
    except ImportError as e:
        return None, f"keyword baseline not run: dateline.nlp.events.trigger_lexicon is not there yet ({e})"
    lex = trigger_lexicon()
    return lex, f"trigger_lexicon(): {len(lex)} entries, {len(single_lemmas(lex))} single lemmas"


# --------------------------------------------------------------------------- scoring (gsr)


@dataclass
class Scored:
    """One gold record against one system's events in its sentence."""

    id: str
    gold: str
    types: list[str | None]  # the events' PLOVER types, in order
    tp: bool
    fp: int
    source_right: bool | None = None  # None: not a TP, or no gold source
    target_right: bool | None = None  # None: not a TP, or no gold target
    matched: int | None = None  # index of the matched event
    source_cover: float | None = None  # share of the sentence the matched event's actor spans cover


def score_record(g: GoldRecord, events: Sequence[Mapping[str, Any]]) -> Scored:
    types = [event_type(e) for e in events]
    of_type = [k for k, t in enumerate(types) if t == g.type]
    fp = len(types) - len(of_type)
    if not of_type:
        return Scored(g.id, g.type, types, False, fp)

    def judge(k: int) -> tuple[bool | None, bool | None]:
        e = events[k]
        s = overlaps(arg_spans(e, "actor_spans"), g.source) if g.has_source else None
        t = overlaps(arg_spans(e, "target_spans"), g.target) if g.has_target else None
        return s, t

    best = max(of_type, key=lambda k: (sum(bool(x) for x in judge(k)), -k))
    s, t = judge(best)
    covered = {
        i for a, b in arg_spans(events[best], "actor_spans") for i in range(max(a, 0), min(b, len(g.text)))
    }
    cover = len(covered) / len(g.text) if g.text else 0.0
    return Scored(g.id, g.type, types, True, fp, s, t, best, cover)


def _rate(n: int, d: int) -> float:
    return n / d if d else 0.0


def summarize(scored: Sequence[Scored]) -> dict[str, Any]:
    """TP, FP, source and target accuracy, per-type table and the ids of what went wrong."""
    n = len(scored)
    tp = sum(s.tp for s in scored)
    fp = sum(s.fp for s in scored)
    src = [s for s in scored if s.source_right is not None]
    tar = [s for s in scored if s.target_right is not None]
    per_type: dict[str, Counter[str]] = {}
    for s in scored:
        c = per_type.setdefault(s.gold, Counter())
        c["gold"] += 1
        c["tp"] += s.tp
        c["fp_in"] += s.fp
        for t in s.types:
            if t != s.gold:
                per_type.setdefault(t or "(none)", Counter())["fp_as"] += 1
    table = {
        t: {
            "gold": c["gold"],
            "tp": c["tp"],
            "tp_rate": _rate(c["tp"], c["gold"]),
            "fp_in": c["fp_in"],  # extra events in sentences of this gold type
            "fp_as": c["fp_as"],  # extra events of this type in sentences of another gold type
        }
        for t, c in sorted(per_type.items(), key=lambda kv: (kv[0] not in PLOVER_TYPES, kv[0]))
    }
    fp_rate = _rate(fp, n)
    return {
        "gold": n,
        "events": sum(len(s.types) for s in scored),
        "untyped_events": sum(t is None for s in scored for t in s.types),
        "tp": tp,
        "tp_rate": _rate(tp, n),
        "fp": fp,
        "fp_rate": fp_rate,
        "precision_like": max(0.0, 1.0 - fp_rate),
        "source": {"scored": len(src), "right": sum(bool(s.source_right) for s in src)},
        "target": {
            "scored": len(tar),
            "right": sum(bool(s.target_right) for s in tar),
            "gold_records_with_target": None,  # filled in by score_gsr
        },
        "source_acc": _rate(sum(bool(s.source_right) for s in src), len(src)),
        "target_acc": _rate(sum(bool(s.target_right) for s in tar), len(tar)),
        "per_type": table,
        # how much of the sentence the matched actor spans cover (a whole-clause span would
        # overlap any gold actor: this says whether the overlap means anything)
        "mean_source_cover": _rate(
            sum(s.source_cover or 0.0 for s in scored if s.tp), sum(s.tp for s in scored)
        ),
        "misses": [s.id for s in scored if not s.tp],
        "miss_types": {s.id: [t or "(none)" for t in s.types] for s in scored if not s.tp},
        "wrong_source": [s.id for s in src if not s.source_right],
        "wrong_target": [s.id for s in tar if not s.target_right],
    }


def score_gsr(gold: Sequence[GoldRecord], events: Sequence[Sequence[Mapping[str, Any]]]) -> dict[str, Any]:
    out = summarize([score_record(g, ev) for g, ev in zip(gold, events, strict=True)])
    out["target"]["gold_records_with_target"] = sum(g.has_target for g in gold)
    return out


def gsr_figures(systems: Mapping[str, Mapping[str, Any]]) -> dict[str, float]:
    out = {}
    for name, s in systems.items():
        for k in ("tp_rate", "fp_rate", "precision_like", "source_acc", "target_acc"):
            out[f"{name}_{'tp' if k == 'tp_rate' else k}"] = float(s[k])
    return out


def gsr_targets(figs: Mapping[str, float]) -> dict[str, bool | None]:
    """The issue's targets on gsr_dev (None when the keyword baseline did not run)."""
    ahead = None
    if "keyword_tp" in figs:
        ahead = (
            figs["dateline_tp"] > figs["keyword_tp"] and figs["dateline_fp_rate"] <= figs["keyword_fp_rate"]
        )
    return {
        "tp_ge_0.80": figs["dateline_tp"] >= TARGETS["tp"],
        "fp_le_0.20": figs["dateline_fp_rate"] <= TARGETS["fp"],
        "source_acc_ge_0.85": figs["dateline_source_acc"] >= TARGETS["source_acc"],
        "target_acc_ge_0.70": figs["dateline_target_acc"] >= TARGETS["target_acc"],
        "ahead_of_keyword_baseline": ahead,
    }


# --------------------------------------------------------------------------- running


def model_id(nlp: Any) -> str:
    """``en_core_web_sm-3.8.0``: the model as dateline records it."""
    meta = nlp.meta
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"


@dataclass
class SystemRun:
    """Both systems' events on a list of sentences, from one pipeline."""

    dateline: list[list[dict[str, Any]]]
    keyword: list[list[dict[str, Any]]] | None
    timing: dict[str, float] = field(default_factory=dict)


def run_systems(items: Sequence[tuple[str, str]], nlp: Any, lexicon: Mapping[str, Any] | None) -> SystemRun:
    """``items`` are (id, sentence) pairs, each one article.  dateline through
    ``analyze_batch``; the keyword baseline on Docs from the same pipeline's spaCy
    components (dateline's stages held back)."""
    from dateline.models import Article
    from dateline.nlp.pipeline import analyze_batch

    t0 = time.perf_counter()
    records = analyze_batch(
        [Article(title=None, body=text, origin=rid) for rid, text in items], nlp=nlp, batch_size=BATCH
    )
    dateline = []
    for (rid, _), rec in zip(items, records, strict=True):
        j = rec.to_json()
        if not j.get("analysed", True):
            raise EvalError(f"{rid}: not analysed ({j.get('skipped_reason')})")
        dateline.append(list(j.get("events") or []))
    t1 = time.perf_counter()
    keyword = None
    if lexicon is not None:
        lemmas = single_lemmas(lexicon)
        names = list(nlp.pipe_names)
        head = [n for n in names if not str(nlp.get_pipe_meta(n).factory).startswith("dateline")]
        with nlp.select_pipes(enable=head):
            docs = list(nlp.pipe([text for _, text in items], batch_size=BATCH))
        keyword = []
        for (rid, text), doc in zip(items, docs, strict=True):
            if doc.text != text:
                raise EvalError(f"{rid}: doc.text is not the text given")
            keyword.append(keyword_events(doc, lemmas))
    t2 = time.perf_counter()
    return SystemRun(dateline, keyword, {"dateline_s": t1 - t0, "keyword_s": t2 - t1})


def evaluate_gsr(
    path: Path = GSR_DATA, *, nlp: Any = None, lexicon: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The gsr_dev part end to end: scores per system, figures, digest, model."""
    from dateline.nlp.pipeline import load_nlp

    gold, digest = load_gsr(path)
    nlp = nlp if nlp is not None else load_nlp("")
    run = run_systems([(g.id, g.text) for g in gold], nlp, lexicon)
    systems = {"dateline": score_gsr(gold, run.dateline)}
    if run.keyword is not None:
        systems["keyword"] = score_gsr(gold, run.keyword)
    figs = gsr_figures(systems)
    return {
        "gold_set": GSR_SET,
        "data": str(path),
        "sha256": digest,
        "model": model_id(nlp),
        "records": len(gold),
        "labels": dict(Counter(g.label for g in gold)),
        "gold_with_source": sum(g.has_source for g in gold),
        "gold_with_target": sum(g.has_target for g in gold),
        "markup_fallback": dict(Counter(r for g in gold for r in g.markup_fallback)),
        "systems": systems,
        "figures": figs,
        "targets": gsr_targets(figs),
        "published_reference": {
            "system": "Universal-PETRARCH",
            "data": "its own validation records (not gsr_dev)",
            **UPETR_PUBLISHED,
        },
        "timing": {k: round(v, 2) for k, v in run.timing.items()},
    }


# --------------------------------------------------------------------------- output


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}"


def gsr_table(res: Mapping[str, Any]) -> list[str]:
    rows = [
        f"## {GSR_SET}: {res['records']} gold sentences ({res['gold_with_target']} with a gold target)",
        "",
        "| system | events | TP % | FP / gold | 1 − FP | source % | target % | source cover |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in res["systems"].items():
        rows.append(
            f"| {name} | {s['events']} | {_pct(s['tp_rate'])} ({s['tp']}) | {s['fp_rate']:.3f} | "
            f"{s['precision_like']:.3f} | {_pct(s['source_acc'])} ({s['source']['right']}/{s['source']['scored']}) | "
            f"{_pct(s['target_acc'])} ({s['target']['right']}/{s['target']['scored']}) | "
            f"{s['mean_source_cover']:.2f} |"
        )
    p = res["published_reference"]
    rows.append(f"| Universal-PETRARCH (published, other data) | | {_pct(p['tp'])} | {p['fp']:.3f} | | | | |")
    rows += [
        "",
        "Per type (TP / gold; FP in = extra events in sentences of this type, FP as = of this type):",
        "",
    ]
    names = list(res["systems"])
    rows.append("| type | gold | " + " | ".join(f"{n} TP | {n} FP in | {n} FP as" for n in names) + " |")
    rows.append("|---|---:|" + "---:|---:|---:|" * len(names))
    types = sorted(
        {t for s in res["systems"].values() for t in s["per_type"]},
        key=lambda t: (t not in PLOVER_TYPES, PLOVER_TYPES.index(t) if t in PLOVER_TYPES else 0, t),
    )
    for t in types:
        cells = []
        gold_n = 0
        for n in names:
            c = res["systems"][n]["per_type"].get(t, {})
            gold_n = max(gold_n, c.get("gold", 0))
            cells.append(f"{c.get('tp', 0)} | {c.get('fp_in', 0)} | {c.get('fp_as', 0)}")
        rows.append(f"| {t} | {gold_n} | " + " | ".join(cells) + " |")
    return rows


def details(res: Mapping[str, Any]) -> list[str]:
    out = []
    for name, s in res["systems"].items():
        got = s.get("miss_types", {})
        misses = [f"{i} [{','.join(got.get(i, [])) or '-'}]" for i in s["misses"]]
        out.append(
            f"{res['gold_set']} {name}: misses ({len(misses)}), [types found instead]: {' '.join(misses) or '-'}"
        )
        out.append(f"  wrong source ({len(s['wrong_source'])}): {' '.join(s['wrong_source']) or '-'}")
        out.append(f"  wrong target ({len(s['wrong_target'])}): {' '.join(s['wrong_target']) or '-'}")
    return out


def git_state() -> dict[str, Any]:
    """The commit the run measured, and whether the code events come from (src/dateline/nlp,
    models.py) had uncommitted changes: figures from a working tree are not the commit's."""
    import subprocess

    def git(*a: str) -> str:
        try:
            return subprocess.run(
                ["git", *a], cwd=REPO, capture_output=True, text=True, timeout=10
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    return {
        "head": git("rev-parse", "--short", "HEAD") or None,
        "src_changed": bool(git("status", "--porcelain", "--", "src/dateline/nlp", "src/dateline/models.py")),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--gsr", type=Path, default=GSR_DATA, help="gsr_dev.json")
    ap.add_argument("--petrarch", type=Path, default=PETR_DATA, help="the petrarch2_validation folder")
    ap.add_argument("--part", choices=("gsr", "petrarch", "all"), default="all")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--baseline", type=Path, default=BASELINE, help=argparse.SUPPRESS)
    ap.add_argument("--details", action="store_true", help="print the ids of misses and wrong actors")
    ap.add_argument("--check", action="store_true", help="exit 1 unless the floors are met")
    ap.add_argument("--write-baseline", action="store_true", help="pin today's figures as floors")
    ap.add_argument("--allow-lower", action="store_true", help="let --write-baseline lower or re-pin")
    args = ap.parse_args(argv)
    sys.modules.setdefault("events", sys.modules[__name__])  # events_petrarch imports this module
    import events_petrarch as petr  # eval/ is on sys.path (above)

    from dateline.nlp.pipeline import load_nlp

    print("$ eval/events.py " + shlex.join(argv if argv is not None else sys.argv[1:]))
    t0 = time.perf_counter()
    try:
        nlp = load_nlp("")
        lexicon, lex_note = load_lexicon()
        print(
            f"model: {model_id(nlp)}; pipeline: {', '.join(nlp.pipe_names)}; Python {platform.python_version()}"
        )
        print(lex_note)
        results: dict[str, Any] = {"command": "eval/events.py", "lexicon": lex_note}
        status = 0
        parts: list[tuple[str, Callable[[], dict[str, Any]]]] = []
        if args.part in ("gsr", "all"):
            parts.append(("gsr", lambda: evaluate_gsr(args.gsr, nlp=nlp, lexicon=lexicon)))
        if args.part in ("petrarch", "all"):
            parts.append(("petrarch", lambda: petr.evaluate(args.petrarch, nlp=nlp, lexicon=lexicon)))
        for part, run in parts:
            res = run()
            results[part] = res
            print(f"\ndata: {res['data']} (sha256 {res['sha256']})")
            print("\n".join(gsr_table(res) if part == "gsr" else petr.table(res)))
            if part == "gsr":
                print("targets (issue 11): " + ", ".join(f"{k} {v}" for k, v in res["targets"].items()))
            if args.details:
                print("\n".join(details(res) if part == "gsr" else petr.details(res)))
            floors = GSR_FIGURES if part == "gsr" else petr.FIGURES
            status |= gate.apply(
                args,
                res["figures"],
                res["sha256"],
                res["model"],
                gold_set=res["gold_set"],
                figures=floors,
                error=EvalError,
            )
    except EvalError as e:
        print(f"events: {e}", file=sys.stderr)
        return 2
    results["seconds"] = round(time.perf_counter() - t0, 1)
    results["git"] = git_state()
    g = results["git"]
    print(
        f"\n({results['seconds']} s; HEAD {g['head']}{', src/dateline/nlp has uncommitted changes' if g['src_changed'] else ''})"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return status


if __name__ == "__main__":
    sys.exit(main())
