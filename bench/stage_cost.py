"""What dateline's own NLP stages cost on top of spaCy, on the same documents.

Runs the spaCy model over the first N BBC files with dateline's stages disabled, then runs
dateline's stages over the resulting Docs one stage at a time, in pipeline order (each reads
what the ones before it wrote), after a warm-up that builds the gazetteer index and the
topic matchers, and prints each stage's time, two groups and their ratio to spaCy's time.
The issue budgets: the entity stage (with quotes) at most 10% of spaCy's time (issue 5), and
the events, topics and summary stages together at most 10% (issue 11).

    .venv/bin/python bench/stage_cost.py [--n 500] [--data DIR] [--repeat 1]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "bbc_news_fulltext" / "bbc"
WARMUP_DOCS = 5  # first calls build the gazetteer index (≈1 s, once per process)
# The groups reported against their budgets (share of spaCy's time).
GROUPS = {
    "entities+quotes": (("dateline_entities", "dateline_quotes"), 0.10),
    "events+topics+summary": (("dateline_events", "dateline_topics", "dateline_summary"), 0.10),
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--repeat", type=int, default=1, help="timed passes of the stages; the best is kept")
    args = ap.parse_args()
    files = sorted(p for p in args.data.rglob("*.txt") if p.name != "README.TXT")[: args.n]
    if not files:
        print(f"no .txt files under {args.data}; pass --data", file=sys.stderr)
        return 2
    from dateline.nlp.pipeline import STAGE_PIPES, load_nlp

    nlp = load_nlp("")
    own = [n for n in nlp.pipe_names if n in STAGE_PIPES.values()]
    texts = [p.read_bytes().decode("utf-8", "replace") for p in files]
    with nlp.select_pipes(disable=own):
        list(nlp.pipe(texts[:WARMUP_DOCS]))
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=32))
        spacy_s = time.perf_counter() - t0
    stages = [(name, nlp.get_pipe(name)) for name in own]
    for doc in docs[:WARMUP_DOCS]:
        for _, stage in stages:
            stage(doc)
    cost = {name: float("inf") for name in own}
    for _ in range(max(1, args.repeat)):
        for name, stage in stages:  # stage by stage over all Docs: the same computation
            t0 = time.perf_counter()
            for doc in docs:
                stage(doc)
            cost[name] = min(cost[name], time.perf_counter() - t0)
    total = sum(cost.values())
    print(f"command: {' '.join(sys.argv)}")
    print(
        f"{len(docs)} docs; spaCy {spacy_s:.2f} s; dateline stages {total:.3f} s; ratio {total / spacy_s:.1%}"
    )
    print()
    print(f"{'stage':<24}{'seconds':>9}{'ms/doc':>9}{'of spaCy':>10}")
    for name in own:
        s = cost[name]
        print(f"{name:<24}{s:>9.3f}{1000 * s / len(docs):>9.2f}{s / spacy_s:>10.1%}")
    print()
    for group, (names, budget) in GROUPS.items():
        s = sum(cost.get(n, 0.0) for n in names)
        verdict = "within" if s / spacy_s <= budget else "OVER"
        print(
            f"{group:<24}{s:>9.3f} s = {s / spacy_s:.1%} of spaCy's time ({verdict} the {budget:.0%} budget)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
