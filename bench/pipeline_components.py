"""What each pipeline component costs on the TempEval-3 TBAQ documents (eval/timex.py's texts).

Loads ``load_nlp("")`` (the full pipeline), tokenizes every text (``nlp.make_doc``, timed as
``tokenizer``), sets each Doc's ``dateline_anchor`` to its creation time (as eval/timex.py's
tagger call does), then runs the components one after the other, each over all the Docs
with its own ``pipe(docs, batch_size=...)``, timing each.  That is the same computation as
``nlp.pipe``: at inference the tagger and parser read the shared tok2vec's output from
``doc.tensor``, whatever the batching (the script checks tags, parse, entities and timexes
against a plain ``nlp.pipe`` pass).  With ``--repeat`` the best time per component is kept.

For reference it also times plain ``nlp.pipe`` passes (texts in, Docs out, as eval/timex.py
runs it) over the full pipeline, the timex-only pipeline (``load_nlp("", stages=("timex",))``)
and, with ``--leave-one-out``, the full pipeline with each component disabled in turn (a rough
cross-check only: what runs after a disabled component runs on missing annotation).

    .venv/bin/python bench/pipeline_components.py [--limit N] [--batch-size 16] [--repeat 1]
                                                  [--leave-one-out] [--data DIR] [--out JSON]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import platform
import shlex
import sys
import time
import warnings
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "pipeline_components.json"
WARMUP_DOCS = 5  # first calls build lazy tables (rule patterns, gazetteer index): not timed


def eval_timex() -> Any:
    """eval/timex.py as a module (its corpus reader and default data path)."""
    path = REPO / "eval" / "timex.py"
    spec = importlib.util.spec_from_file_location("eval_timex", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["eval_timex"] = mod
    spec.loader.exec_module(mod)
    return mod


def per_component(
    nlp: Any, texts: list[str], anchors: list[Any], batch: int
) -> tuple[dict[str, float], list]:
    """Seconds per component (tokenizer first), each over all the Docs; and the Docs."""
    times: dict[str, float] = {}
    t0 = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    times["tokenizer"] = time.perf_counter() - t0
    for doc, anchor in zip(docs, anchors, strict=True):
        doc._.dateline_anchor = anchor
    for name, proc in nlp.pipeline:
        t0 = time.perf_counter()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch))
        else:  # a function component
            docs = [proc(doc) for doc in docs]
        times[name] = time.perf_counter() - t0
    return times, docs


def pipe_seconds(nlp: Any, texts: list[str], batch: int, disable: tuple[str, ...] = ()) -> float:
    with nlp.select_pipes(disable=list(disable)):
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=batch):
            pass
        return time.perf_counter() - t0


def signature(doc: Any) -> tuple:
    """What the components wrote (everything the timex stage reads, and its output)."""
    toks = tuple((t.tag_, t.pos_, t.dep_, t.head.i, t.ent_type_, t.is_sent_start) for t in doc)
    return toks, tuple(doc._.dateline_timexes or ())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument(
        "--data", type=Path, default=None, help="TBAQ-cleaned directory (eval/timex.py's default)"
    )
    ap.add_argument("--limit", type=int, metavar="N", help="the first N documents only")
    ap.add_argument("--batch-size", type=int, default=16, help="nlp.pipe batch size (eval/timex.py uses 16)")
    ap.add_argument("--repeat", type=int, default=1, help="timed runs; the best per component is kept")
    ap.add_argument("--leave-one-out", action="store_true", help="also time nlp.pipe with each component off")
    ap.add_argument("--out", type=Path, default=RESULTS, help="JSON results (default bench/results/)")
    args = ap.parse_args(argv)

    et = eval_timex()
    try:
        corpus = et.load_corpus(args.data or et.DEFAULT_DATA, args.limit)
    except et.EvalError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    import spacy

    from dateline.nlp.pipeline import load_nlp

    texts = [d.text for d in corpus.docs]
    anchors = [d.anchor for d in corpus.docs]
    full = load_nlp("")
    lean = load_nlp("", stages=("timex",))
    b = args.batch_size
    for nlp in (full, lean):  # warm-up, untimed
        per_component(nlp, texts[:WARMUP_DOCS], anchors[:WARMUP_DOCS], b)

    best: dict[str, float] = {}
    pipe_full = pipe_lean = float("inf")
    docs: list = []
    for _ in range(max(1, args.repeat)):
        times, docs = per_component(full, texts, anchors, b)
        for k, v in times.items():
            best[k] = min(best.get(k, v), v)
        pipe_full = min(pipe_full, pipe_seconds(full, texts, b))
        pipe_lean = min(pipe_lean, pipe_seconds(lean, texts, b))

    # The same results as nlp.pipe: one plain pass over the texts, anchors set as above.
    check = []
    for text, anchor in zip(texts, anchors, strict=True):
        doc = full.make_doc(text)
        doc._.dateline_anchor = anchor
        check.append(doc)
    same = all(
        signature(a) == signature(c) for a, c in zip(docs, full.pipe(check, batch_size=b), strict=True)
    )

    leave_one_out: dict[str, float] = {}
    if args.leave_one_out:
        # Components downstream of a disabled one then run on missing annotation (warnings,
        # failed quote stages): quiet, and only a rough cross-check of the table.
        logging.disable(logging.WARNING)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for name in full.pipe_names:
                leave_one_out[name] = pipe_seconds(full, texts, b, disable=(name,))
        logging.disable(logging.NOTSET)

    n, total = len(texts), sum(best.values())
    command = shlex.join([sys.executable, *sys.argv] if argv is None else [sys.executable, __file__, *argv])
    print(f"command: {command}")
    print(
        f"{n} docs, {sum(map(len, texts))} characters, batch size {b}, best of {max(1, args.repeat)}; "
        f"model {full.meta.get('lang')}_{full.meta.get('name')}-{full.meta.get('version')}, "
        f"spaCy {spacy.__version__}, Python {platform.python_version()}"
    )
    print(f"per-component results identical to a plain nlp.pipe pass: {same}")
    print()
    head = f"{'component':<20}{'seconds':>9}{'share':>8}{'ms/doc':>9}{'timex needs':>13}"
    if leave_one_out:
        head += f"{'pipe w/o it':>13}{'saved':>8}"
    print(head)
    print("-" * len(head))
    for name, s in best.items():
        needed = "yes" if name == "tokenizer" or name in lean.pipe_names else "no"
        row = f"{name:<20}{s:>9.2f}{s / total:>8.1%}{1000 * s / n:>9.1f}{needed:>13}"
        if leave_one_out:
            w = leave_one_out.get(name)
            row += f"{w:>13.2f}{pipe_full - w:>8.2f}" if w is not None else f"{'':>13}{'':>8}"
        print(row)
    print("-" * len(head))
    print(f"{'sum':<20}{total:>9.2f}{1:>8.0%}{1000 * total / n:>9.1f}")
    print()
    print(f"nlp.pipe, full pipeline {full.pipe_names}: {pipe_full:.2f} s ({n / pipe_full:.1f} docs/s)")
    print(f"nlp.pipe, timex only    {lean.pipe_names}: {pipe_lean:.2f} s ({n / pipe_lean:.1f} docs/s)")

    res = {
        "date": time.strftime("%Y-%m-%d"),
        "command": command,
        "docs": n,
        "characters": sum(map(len, texts)),
        "batch_size": b,
        "repeat": max(1, args.repeat),
        "spacy": spacy.__version__,
        "python": platform.python_version(),
        "model": full.meta.get("name"),
        "identical_to_nlp_pipe": same,
        "component_s": {k: round(v, 4) for k, v in best.items()},
        "pipe_full_s": round(pipe_full, 4),
        "pipe_timex_only_s": round(pipe_lean, 4),
        "timex_only_pipeline": lean.pipe_names,
        "leave_one_out_pipe_s": {k: round(v, 4) for k, v in leave_one_out.items()},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
