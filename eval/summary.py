"""Summary evaluation on the CNN/DailyMail dev sample: dateline's summary next to Lead-3.

Data: ``<repo>/../shared/data/cnndm/cnndm_dev_125.jsonl`` (``--data`` to override; read
from there, never copied into the repo): 125 CNN/DM test-split stories as FRANK ships them,
each with its ``article`` and the reference ``highlights``.  It is dateline's dev set for
the summary stage; the rest of CNN/DM is not used.

One spaCy pass (``load_nlp("")``, ``nlp.pipe``, batch size 16) over each article's text
feeds both systems, so they share the sentence splitter:

  dateline  the record's ``summary``: ``to_analysis(doc).summary`` (the sentences of
            ``doc._.dateline_summary`` joined by a space), exactly what ``analyze_batch``
            stores (checked on the first article)
  Lead-3    the first three sentences of the same Doc (whitespace trimmed), joined by a space

Scoring: Google's ``rouge-score`` (``rouge_scorer.RougeScorer(["rouge1", "rouge2",
"rougeL"], use_stemmer=True)``, the ``eval`` extra), F-measure per article, averaged over
the articles (macro).  ``rougeL`` is the LCS over the whole summary (not ``rougeLsum``).
The references are PTB-tokenised by FRANK (``-LRB-``, `` 's``, ``n't``); the brackets are
turned back into ``( ) [ ] { }`` and quotes into ``"``, which rouge-score's tokenizer (lowercase, runs of
``[a-z0-9]``) would otherwise read as words ``lrb``/``rrb``.  The same references serve both
systems.  Also reported: the articles where dateline's summary differs from Lead-3 and,
on those, how often its ROUGE-1 is higher or lower.

    eval/summary.py                       table + eval/results/summary.json
    eval/summary.py --check               exit 1 if a floor in eval/baseline.json is not met
    eval/summary.py --write-baseline      pin today's figures as floors (never lowers one
                                          unless --allow-lower is given)
    eval/summary.py --limit 20            the first 20 stories only (quick look; no gate)
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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is a folder of scripts
import gate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "cnndm" / "cnndm_dev_125.jsonl"
RESULTS = REPO / "eval" / "results" / "summary.json"
BASELINE = REPO / "eval" / "baseline.json"
GOLD_SET = "cnndm-dev"
BATCH = 16
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
SYSTEMS = ("dateline", "lead3")
# The figures eval/baseline.json pins floors for.
FIGURES = ("dateline_rouge1", "dateline_rouge2", "dateline_rougeL", "rouge1_ahead_of_lead3")

_PTB = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
    "``": '"',
    "''": '"',
}
_PTB_RE = re.compile("|".join(re.escape(k) for k in _PTB))


class EvalError(Exception):
    """A problem the command reports in one line and exits non-zero for."""


@dataclass(frozen=True)
class Story:
    index: int
    id: str
    article: str
    reference: str  # the highlights, PTB brackets undone


def de_ptb(text: str) -> str:
    """FRANK's PTB-tokenised highlights with brackets and quotes as printed again."""
    return " ".join(_PTB_RE.sub(lambda m: _PTB[m.group()], text).split())


def load_set(path: Path, limit: int | None = None) -> tuple[list[Story], str]:
    """The stories and the sha256 of the file's bytes."""
    if not path.is_file():
        raise EvalError(f"CNN/DM dev set not found: {path} (pass --data FILE)")
    data = path.read_bytes()
    stories = []
    for n, line in enumerate(data.decode("utf-8").splitlines()):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            story = Story(len(stories), str(row["id"]), str(row["article"]), de_ptb(str(row["highlights"])))
        except (ValueError, KeyError, TypeError) as e:
            raise EvalError(f"{path.name} line {n + 1}: not a story ({e})") from None
        if story.article.strip() and story.reference.strip():
            stories.append(story)
    if not stories:
        raise EvalError(f"no stories in {path}")
    return stories[:limit] if limit else stories, hashlib.sha256(data).hexdigest()


def lead3(doc: Any, n: int = 3) -> str:
    """The first ``n`` sentences of the Doc, whitespace trimmed, joined by a space."""
    out = []
    for sent in doc.sents:
        text = sent.text.strip()
        if text:
            out.append(text)
        if len(out) == n:
            break
    return " ".join(out)


def load_scorer() -> Any:
    try:
        from rouge_score import rouge_scorer
    except ImportError:
        raise EvalError(
            "rouge-score is not installed: .venv/bin/pip install -e '.[eval]' (rouge-score==0.1.2)"
        ) from None
    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


def score_pairs(refs: Sequence[str], preds: Sequence[str], scorer: Any = None) -> list[dict[str, float]]:
    """Per-article ROUGE F-measures of ``preds`` against ``refs``."""
    scorer = scorer or load_scorer()
    return [
        {k: v.fmeasure for k, v in scorer.score(ref, pred or "").items()}
        for ref, pred in zip(refs, preds, strict=True)
    ]


def mean_scores(rows: Sequence[dict[str, float]]) -> dict[str, float]:
    return {k: (sum(r[k] for r in rows) / len(rows) if rows else 0.0) for k in ROUGE_TYPES}


def model_id(nlp: Any) -> str:
    meta = nlp.meta
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"


@dataclass
class Run:
    stories: list[Story]
    summaries: dict[str, list[str]]
    model: str
    timing: dict[str, float]


def run_pipeline(stories: Sequence[Story], nlp: Any = None) -> Run:
    """One spaCy pass with dateline's stages; dateline's summary and Lead-3 per story."""
    from dateline.models import Article
    from dateline.nlp.pipeline import analyze_batch, load_nlp, to_analysis

    t0 = time.perf_counter()
    if nlp is None:
        nlp = load_nlp("")
    model = model_id(nlp)
    t1 = time.perf_counter()
    docs = list(nlp.pipe([(s.article, s.index) for s in stories], batch_size=BATCH, as_tuples=True))
    if [i for _, i in docs] != [s.index for s in stories]:
        raise EvalError("spaCy dropped documents (see the log): the scores would be wrong")
    t2 = time.perf_counter()
    ours = [to_analysis(d, model=model).summary or "" for d, _ in docs]
    lead = [lead3(d) for d, _ in docs]
    first = analyze_batch([Article(title=None, body=stories[0].article, language="en")], nlp=nlp)[0]
    if (first.analysis.summary or "") != ours[0]:
        raise EvalError("analyze_batch and nlp.pipe + to_analysis disagree on the first story")
    timing = {"load_s": t1 - t0, "pipeline_s": t2 - t1}
    return Run(list(stories), {"dateline": ours, "lead3": lead}, model, timing)


def score(run: Run, scorer: Any = None) -> dict[str, Any]:
    scorer = scorer or load_scorer()
    refs = [s.reference for s in run.stories]
    per = {name: score_pairs(refs, run.summaries[name], scorer) for name in SYSTEMS}
    systems = {name: mean_scores(rows) for name, rows in per.items()}
    differ = [i for i, (a, b) in enumerate(zip(*(run.summaries[n] for n in SYSTEMS), strict=True)) if a != b]
    wins = sum(per["dateline"][i]["rouge1"] > per["lead3"][i]["rouge1"] + 1e-12 for i in differ)
    losses = sum(per["dateline"][i]["rouge1"] < per["lead3"][i]["rouge1"] - 1e-12 for i in differ)
    words = {n: sum(len(t.split()) for t in run.summaries[n]) / len(run.stories) for n in SYSTEMS}
    return {
        "systems": systems,
        "per_story": per,
        "differ": {"stories": len(differ), "rouge1_higher": wins, "rouge1_lower": losses},
        "mean_words": words,
        "reference_mean_words": sum(len(s.reference.split()) for s in run.stories) / len(run.stories),
    }


def figures(scores: dict[str, Any]) -> dict[str, float]:
    d, lead = scores["systems"]["dateline"], scores["systems"]["lead3"]
    figs = {f"{n}_{k}": scores["systems"][n][k] for n in SYSTEMS for k in ROUGE_TYPES}
    figs["rouge1_ahead_of_lead3"] = d["rouge1"] - lead["rouge1"]
    figs["rouge2_ahead_of_lead3"] = d["rouge2"] - lead["rouge2"]
    figs["rougeL_ahead_of_lead3"] = d["rougeL"] - lead["rougeL"]
    return figs


def report(
    stories: Sequence[Story], run: Run, scores: dict[str, Any], digest: str, command: str
) -> dict[str, Any]:
    import spacy

    figs = figures(scores)
    return {
        "command": command,
        "gold_set": GOLD_SET,
        "stories": len(stories),
        "sha256": digest,
        "model": run.model,
        "spacy": spacy.__version__,
        "python": platform.python_version(),
        "rouge": "rouge-score, use_stemmer=True, F-measure, macro average",
        "systems": scores["systems"],
        "differ": scores["differ"],
        "mean_words": scores["mean_words"],
        "reference_mean_words": scores["reference_mean_words"],
        "figures": figs,
        "targets": {"rouge1_above_lead3": figs["rouge1_ahead_of_lead3"] > 0},
        "timing": run.timing,
        "per_story": [
            {
                "id": s.id,
                **{
                    f"{n}_{k}": round(scores["per_story"][n][s.index][k], 4)
                    for n in SYSTEMS
                    for k in ROUGE_TYPES
                },
                "same_as_lead3": run.summaries["dateline"][s.index] == run.summaries["lead3"][s.index],
            }
            for s in stories
        ],
    }


def print_table(res: dict[str, Any]) -> None:
    print(f"{'system':<10}" + "".join(f"{k + ' F':>11}" for k in ROUGE_TYPES) + f"{'words':>8}")
    print("-" * (10 + 11 * len(ROUGE_TYPES) + 8))
    for n in SYSTEMS:
        row = res["systems"][n]
        print(
            f"{n:<10}"
            + "".join(f"{100 * row[k]:>11.2f}" for k in ROUGE_TYPES)
            + f"{res['mean_words'][n]:>8.1f}"
        )
    f = res["figures"]
    print(
        "dateline − Lead-3: "
        + ", ".join(f"{k} {100 * f[f'{k}_ahead_of_lead3']:+.2f}" for k in ROUGE_TYPES)
        + f"; reference {res['reference_mean_words']:.1f} words"
    )
    d = res["differ"]
    print(
        f"dateline's summary differs from Lead-3 on {d['stories']} of {res['stories']} stories: "
        f"ROUGE-1 higher on {d['rouge1_higher']}, lower on {d['rouge1_lower']}"
    )


def evaluate(data: Path, nlp: Any = None, limit: int | None = None) -> tuple[str, Run, dict[str, Any]]:
    stories, digest = load_set(data, limit)
    scorer = load_scorer()  # fail before the spaCy pass when rouge-score is missing
    run = run_pipeline(stories, nlp)
    return digest, run, score(run, scorer)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="CNN/DM jsonl (article, highlights)")
    ap.add_argument("--out", type=Path, default=RESULTS, help="JSON results (default eval/results/)")
    ap.add_argument("--baseline", type=Path, default=BASELINE, help=argparse.SUPPRESS)
    ap.add_argument("--limit", type=int, help="the first N stories only (no gate)")
    ap.add_argument("--check", action="store_true", help="exit 1 unless the floors are met")
    ap.add_argument("--write-baseline", action="store_true", help="pin today's figures as floors")
    ap.add_argument("--allow-lower", action="store_true", help="let --write-baseline lower or re-pin")
    args = ap.parse_args(argv)
    command = shlex.join([sys.executable, *sys.argv] if argv is None else [sys.executable, __file__, *argv])
    try:
        if args.limit and (args.check or args.write_baseline):
            raise EvalError("--limit scores a part of the set: the floors are for the whole set")
        t0 = time.perf_counter()
        digest, run, scores = evaluate(args.data, limit=args.limit)
        res = report(run.stories, run, scores, digest, command)
        res["timing"]["total_s"] = round(time.perf_counter() - t0, 3)
        print(f"command: {command}")
        print(f"data: {args.data} ({res['stories']} stories, sha256 {digest})")
        print(f"model: {run.model}, spaCy {res['spacy']}, Python {res['python']}; {res['rouge']}")
        print(f"time: pipeline {run.timing['pipeline_s']:.2f} s, total {res['timing']['total_s']:.2f} s")
        print()
        print_table(res)
        print("targets: " + "; ".join(f"{k} {'met' if v else 'NOT met'}" for k, v in res["targets"].items()))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwrote {args.out}")
        return gate.apply(
            args, res["figures"], digest, run.model, gold_set=GOLD_SET, figures=FIGURES, error=EvalError
        )
    except EvalError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
