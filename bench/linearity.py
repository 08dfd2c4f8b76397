"""Does every dateline stage stay linear in its input, and cheap next to spaCy's own pass?

Generated run-on text (a quotation and a reported statement every ~150 characters, no
sentence end: one "sentence" as long as the text) — the worst case for the quote stage,
whose nested complements were once O(n²) — at growing sizes.  For each size, in one
process and on the same Doc: spaCy's own pipeline (dateline's components switched off)
and dateline's six stages on top; the record's JSON size; and the bounded case, a body
over ``DATELINE_MAX_CHARS``, which is stored unanalysed at once.

    .venv/bin/python bench/linearity.py                       # 12.5k 25k 50k 100k characters
    .venv/bin/python bench/linearity.py --sizes 10000 40000

Prints a table; the same data goes to bench/results/linearity.json (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAMES = ["John Smith", "the minister", "she", "he", "officials", "Maria Lopez", "a spokesman"]
CUES = ["said", "told reporters", "added", "warned", "claimed", "insisted"]
DATELINE_PIPES = (
    "dateline_entities",
    "dateline_quotes",
    "dateline_timex",
    "dateline_events",
    "dateline_topics",
    "dateline_summary",
)


def run_on(n: int, seed: int = 1) -> str:
    rnd = random.Random(seed)
    parts, size = [], 0
    while size < n:
        part = (
            f'"We will not stop now," {rnd.choice(NAMES)} {rnd.choice(CUES)} and the talks went on, '
            f"{rnd.choice(NAMES)} {rnd.choice(CUES)} that the plan was fine and "
        )
        parts.append(part)
        size += len(part)
    return "".join(parts)[:n]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[12_500, 25_000, 50_000, 100_000])
    args = ap.parse_args(argv)

    from dateline.models import Article, Record
    from dateline.nlp.pipeline import analyze_batch, load_nlp, model_name, to_analysis

    nlp = load_nlp(model_name())
    rows = []
    for n in args.sizes:
        body = run_on(n)
        doc = nlp.make_doc(body)
        doc._.dateline_anchor = None
        t0 = time.perf_counter()
        with nlp.select_pipes(disable=list(DATELINE_PIPES)):
            doc = nlp(doc)
        t1 = time.perf_counter()
        for name in DATELINE_PIPES:
            doc = nlp.get_pipe(name)(doc)
        t2 = time.perf_counter()
        record = Record(Article(title="T", body=body), to_analysis(doc, model="m")).to_json()
        size = len(json.dumps(record))
        rows.append(
            {
                "chars": n,
                "spacy_s": round(t1 - t0, 3),
                "dateline_stages_s": round(t2 - t1, 3),
                "stages_share_of_spacy": round((t2 - t1) / (t1 - t0), 3),
                "json_kb": round(size / 1000, 1),
                "quotes": len(record["quotes"]),
            }
        )
    t0 = time.perf_counter()
    (big,) = analyze_batch([Article(title="T", body=run_on(950_000))], nlp=nlp)
    bounded = time.perf_counter() - t0
    print(f"{sys.executable} bench/linearity.py --sizes {' '.join(map(str, args.sizes))}")
    print(f"{'chars':>8} {'spaCy s':>8} {'stages s':>9} {'stages/spaCy':>13} {'JSON kB':>8} {'quotes':>7}")
    for r in rows:
        print(
            f"{r['chars']:>8} {r['spacy_s']:>8.2f} {r['dateline_stages_s']:>9.2f}"
            f" {r['stages_share_of_spacy']:>13.3f} {r['json_kb']:>8.1f} {r['quotes']:>7}"
        )
    print(
        f"950,000 characters: {bounded:.2f} s, analysed={big.analysis.analysed} ({big.analysis.skipped_reason})"
    )
    out = HERE / "results" / "linearity.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"rows": rows, "bounded_950k_s": round(bounded, 3)}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
