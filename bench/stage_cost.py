"""What dateline's own NLP stages cost on top of spaCy, on the same documents.

Runs the spaCy model over the first N BBC files with dateline's stages disabled, then
runs only dateline's stages over the resulting Docs (after a warm-up that builds the
gazetteer index), and prints both times and their ratio.  The issue budget for the
entity stage is 10% of spaCy's own time.

    .venv/bin/python bench/stage_cost.py [--n 500] [--data DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "bbc_news_fulltext" / "bbc"
OWN_STAGES = ("dateline_entities", "dateline_quotes")
WARMUP_DOCS = 5  # first calls build the gazetteer index (≈1 s, once per process)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args()
    files = sorted(p for p in args.data.rglob("*.txt") if p.name != "README.TXT")[: args.n]
    if not files:
        print(f"no .txt files under {args.data}; pass --data", file=sys.stderr)
        return 2
    from dateline.nlp.pipeline import load_nlp

    nlp = load_nlp("")
    texts = [p.read_bytes().decode("utf-8", "replace") for p in files]
    with nlp.select_pipes(disable=list(OWN_STAGES)):
        list(nlp.pipe(texts[:WARMUP_DOCS]))
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=32))
        spacy_s = time.perf_counter() - t0
    stages = [nlp.get_pipe(name) for name in OWN_STAGES]
    for doc in docs[:WARMUP_DOCS]:
        for stage in stages:
            stage(doc)
    t0 = time.perf_counter()
    for doc in docs:
        for stage in stages:
            stage(doc)
    own_s = time.perf_counter() - t0
    print(f"command: {' '.join(sys.argv)}")
    print(
        f"{len(docs)} docs; spaCy {spacy_s:.2f} s; dateline stages {own_s:.3f} s; "
        f"ratio {own_s / spacy_s:.1%} of spaCy's time"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
