"""Topic-stage evaluation on the BBC News corpus: does the top topic agree with the folder?

Data: ``<repo>/../shared/data/bbc_news_fulltext/bbc/{business,entertainment,politics,sport,
tech}/*.txt`` (``--data`` to override; read from there), 2,225 BBC articles of 2004-05, first
line the headline, the folder the editors' category.  ``--every N`` takes every Nth file of
each folder (sorted), for a quick look; the gate is for the whole set.

One spaCy pass (``load_nlp("")``, ``nlp.pipe``, batch size 32) over each article's body (the
lines after the headline: what the pipeline sees, the title is not part of the Doc), then the
record's ``topics`` (``to_analysis``).  A folder stands for these taxonomy labels:

    business       economy, business, trade, energy
    politics       politics, elections, election interference
    sport          sport
    tech           technology
    entertainment  entertainment

Measures: the share of articles whose top topic is one of its folder's labels (``top1``),
whose folder label is among the first three (``top3``), and which get no topic at all;
per folder, and the commonest top labels of the articles that disagree.  The BBC folders
are coarse: a politics story about school funding or a business story about a court ruling
is counted wrong when its top label is ``education`` or ``justice``, so ``top1`` is a
floor on agreement, not an accuracy.  Also reported: keyphrases per article and the share
that are multi-word (always 1.0 by construction; a check).

    eval/topics.py                       table + eval/results/topics.json
    eval/topics.py --check               exit 1 if a floor in eval/baseline.json is not met
    eval/topics.py --write-baseline      pin today's figures as floors
    eval/topics.py --every 10            every 10th file of each folder (no gate)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import shlex
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is a folder of scripts
import gate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "bbc_news_fulltext" / "bbc"
RESULTS = REPO / "eval" / "results" / "topics.json"
BASELINE = REPO / "eval" / "baseline.json"
GOLD_SET = "bbc-topics"
BATCH = 32
FOLDER_LABELS = {
    "business": ("economy", "business", "trade", "energy"),
    "politics": ("politics", "elections", "election interference"),
    "sport": ("sport",),
    "tech": ("technology",),
    "entertainment": ("entertainment",),
}
FIGURES = ("dateline_top1_agreement", "dateline_top3_agreement")


class EvalError(Exception):
    """A problem the command reports in one line and exits non-zero for."""


@dataclass(frozen=True)
class Item:
    index: int
    folder: str
    name: str
    body: str


def load_set(data: Path, every: int = 1) -> tuple[list[Item], str]:
    """The articles (every ``every``-th of each folder) and a sha256 over the files used:
    for each, in order, its path under ``data``, a NUL, its bytes."""
    if not all((data / f).is_dir() for f in FOLDER_LABELS):
        raise EvalError(f"BBC corpus not found: {data} needs {', '.join(FOLDER_LABELS)}/ (pass --data DIR)")
    h = hashlib.sha256()
    items: list[Item] = []
    for folder in sorted(FOLDER_LABELS):
        for path in sorted((data / folder).glob("*.txt"))[::every]:
            raw = path.read_bytes()
            h.update(f"{folder}/{path.name}\0".encode())
            h.update(raw)
            _title, _, body = raw.decode("utf-8", "replace").partition("\n")
            if body.strip():
                items.append(Item(len(items), folder, path.name, body.strip()))
    if not items:
        raise EvalError(f"no articles under {data}")
    return items, h.hexdigest()


def score(
    items: Sequence[Item], topics: Sequence[Sequence[str]], keyphrases: Sequence[int]
) -> dict[str, Any]:
    """Agreement of each article's topics with its folder, overall and per folder."""
    per: dict[str, Counter[str]] = {f: Counter() for f in FOLDER_LABELS}
    wrong: dict[str, Counter[str]] = {f: Counter() for f in FOLDER_LABELS}
    for item, labels in zip(items, topics, strict=True):
        good = FOLDER_LABELS[item.folder]
        c = per[item.folder]
        c["articles"] += 1
        c["top1"] += bool(labels) and labels[0] in good
        c["top3"] += any(lab in good for lab in labels[:3])
        c["none"] += not labels
        if labels and labels[0] not in good:
            wrong[item.folder][labels[0]] += 1
    n = sum(c["articles"] for c in per.values())

    def share(key: str, c: Counter[str]) -> float:
        return c[key] / c["articles"] if c["articles"] else 0.0

    total: Counter[str] = sum(per.values(), Counter())
    return {
        "articles": n,
        "top1": share("top1", total),
        "top3": share("top3", total),
        "no_topic": share("none", total),
        "per_folder": {
            f: {
                "articles": c["articles"],
                "top1": share("top1", c),
                "top3": share("top3", c),
                "no_topic": share("none", c),
                "top_labels_when_wrong": wrong[f].most_common(5),
            }
            for f, c in per.items()
        },
        "keyphrases_per_article": sum(keyphrases) / n if n else 0.0,
    }


def figures(scores: dict[str, Any]) -> dict[str, float]:
    return {"dateline_top1_agreement": scores["top1"], "dateline_top3_agreement": scores["top3"]}


def model_id(nlp: Any) -> str:
    meta = nlp.meta
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"


def run_pipeline(items: Sequence[Item], nlp: Any = None) -> tuple[list[list[str]], list[int], str, float]:
    """Each article's topic labels (best first) and keyphrase count, the model, the seconds."""
    from dateline.nlp.pipeline import load_nlp, to_analysis

    nlp = nlp if nlp is not None else load_nlp("")
    model = model_id(nlp)
    t0 = time.perf_counter()
    topics: list[list[str]] = []
    kps: list[int] = []
    done = nlp.pipe([(it.body, it.index) for it in items], batch_size=BATCH, as_tuples=True)
    order = []
    for doc, i in done:
        a = to_analysis(doc, model=model)
        if any(len(k.text.split()) < 2 for k in a.keyphrases):
            raise EvalError(f"{items[i].folder}/{items[i].name}: a one-word keyphrase")
        topics.append(list(a.topics))
        kps.append(len(a.keyphrases))
        order.append(i)
    if order != [it.index for it in items]:
        raise EvalError("spaCy dropped documents (see the log): the scores would be wrong")
    return topics, kps, model, time.perf_counter() - t0


def evaluate(data: Path, nlp: Any = None, every: int = 1) -> tuple[str, str, dict[str, Any], float]:
    items, digest = load_set(data, every)
    topics, kps, model, seconds = run_pipeline(items, nlp)
    return digest, model, score(items, topics, kps), seconds


def print_table(s: dict[str, Any]) -> None:
    print(
        f"{'folder':<15}{'articles':>9}{'top-1':>8}{'top-3':>8}{'none':>7}  commonest top labels when wrong"
    )
    print("-" * 100)
    for f, r in s["per_folder"].items():
        wrong = ", ".join(f"{lab} {n}" for lab, n in r["top_labels_when_wrong"])
        print(
            f"{f:<15}{r['articles']:>9}{100 * r['top1']:>7.1f}%{100 * r['top3']:>7.1f}%"
            f"{100 * r['no_topic']:>6.1f}%  {wrong}"
        )
    print(
        f"{'all':<15}{s['articles']:>9}{100 * s['top1']:>7.1f}%{100 * s['top3']:>7.1f}%"
        f"{100 * s['no_topic']:>6.1f}%  keyphrases per article {s['keyphrases_per_article']:.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the BBC corpus (five folders)")
    ap.add_argument("--out", type=Path, default=RESULTS, help="JSON results (default eval/results/)")
    ap.add_argument("--baseline", type=Path, default=BASELINE, help=argparse.SUPPRESS)
    ap.add_argument("--every", type=int, default=1, help="every Nth file of each folder (no gate)")
    ap.add_argument("--check", action="store_true", help="exit 1 unless the floors are met")
    ap.add_argument("--write-baseline", action="store_true", help="pin today's figures as floors")
    ap.add_argument("--allow-lower", action="store_true", help="let --write-baseline lower or re-pin")
    args = ap.parse_args(argv)
    command = shlex.join([sys.executable, *sys.argv] if argv is None else [sys.executable, __file__, *argv])
    try:
        if args.every < 1:
            raise EvalError("--every takes a positive number")
        if args.every > 1 and (args.check or args.write_baseline):
            raise EvalError("--every scores a part of the set: the floors are for the whole set")
        import spacy

        digest, model, s, seconds = evaluate(args.data, every=args.every)
        figs = figures(s)
        res = {
            "command": command,
            "gold_set": GOLD_SET,
            "sha256": digest,
            "model": model,
            "spacy": spacy.__version__,
            "python": platform.python_version(),
            "folder_labels": FOLDER_LABELS,
            "scores": s,
            "figures": figs,
            "pipeline_s": round(seconds, 2),
        }
        print(f"command: {command}")
        print(f"data: {args.data} ({s['articles']} articles, sha256 {digest})")
        print(f"model: {model}, spaCy {res['spacy']}, Python {res['python']}; pipeline {seconds:.1f} s")
        print()
        print_table(s)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nwrote {args.out}")
        return gate.apply(args, figs, digest, model, gold_set=GOLD_SET, figures=FIGURES, error=EvalError)
    except EvalError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
