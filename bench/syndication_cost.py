"""What near-duplicate detection adds to ingest time on the BBC corpus (issue 13: at most 5%).

Two ways, both on the same files:

* **functions** (default): the corpus is ingested once into a temporary store
  (``dateline.ingest.ingest``, ``--workers``), timed; then, in this process, every body
  the reader gives is put through what the store's writer does for near-duplicates, in
  one fresh store: ``syndication.fingerprint`` (shingles + MinHash),
  ``find_original`` (LSH band lookup + signature comparison), ``index`` for an
  original (signature and band rows) and ``publisher``, each timed; their sum is set
  against the ingest time.  The writer is one process, so this time is added to its
  critical path, never spread over the workers.
* **--ab**: the corpus ingested twice into fresh stores, once as is and once with the
  writer's ``syndication.fingerprint`` replaced by a no-op (no signature: no lookup, no
  index; the NLP in the workers is the same), and the two wall times compared.  On a
  loaded machine the noise of two 3-minute runs can exceed the 5% measured.

    .venv/bin/python bench/syndication_cost.py [--n 2225] [--data DIR] [--workers 2] [--ab]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "bbc_news_fulltext" / "bbc"
BUDGET = 0.05


def ingest_seconds(files: list[Path], workers: int, db: Path) -> float:
    from dateline.ingest import ingest
    from dateline.store import SQLiteCorpus

    t0 = time.perf_counter()
    with SQLiteCorpus(db) as c:
        report = ingest(c, [str(f) for f in files], workers=workers)
    took = time.perf_counter() - t0
    print(f"  ingest of {len(files)} files: {took:.1f} s ({report.line()})")
    return took


def detector_seconds(files: list[Path], db: Path) -> dict[str, float]:
    """Each syndication step's total time over the bodies of ``files``, in a fresh store."""
    from dateline.read import read_path
    from dateline.store import SQLiteCorpus, syndication

    recs: list[dict[str, Any]] = []
    for f in files:
        for a in read_path(f):
            if not isinstance(a, Exception):
                recs.append({"body": a.body, "wire": a.wire.to_json() if a.wire else None})
    spent = {"fingerprint": 0.0, "find_original": 0.0, "index": 0.0, "publisher": 0.0}

    def timed(step: str, fn: Callable[..., Any], *args: Any) -> Any:
        t0 = time.perf_counter()
        out = fn(*args)
        spent[step] += time.perf_counter() - t0
        return out

    syndication.fingerprint("warm up " * 80)  # the permutations are built once per process
    copies = 0
    with SQLiteCorpus(db) as c, c.db:
        for rowid, rec in enumerate(recs, 1):
            c.db.execute(
                "INSERT INTO articles(rowid, id, body, record, added_at) VALUES (?,?,?,?,?)",
                (rowid, f"bench{rowid}", rec["body"], "{}", "now"),
            )
            timed("publisher", syndication.publisher, rec)
            sig = timed("fingerprint", syndication.fingerprint, rec["body"])
            if sig is None:
                continue
            if timed("find_original", syndication.find_original, c.db, sig) is not None:
                copies += 1
                continue
            timed("index", syndication.index, c.db, rowid, sig)
    print(f"  detector over {len(recs)} bodies: {copies} copies found among them")
    return spent


def ab(files: list[Path], workers: int, tmp: Path) -> tuple[float, float]:
    from dateline.store import syndication

    with_detector = ingest_seconds(files, workers, tmp / "with.db")
    real = syndication.fingerprint
    syndication.fingerprint = lambda body: None  # type: ignore[assignment]
    try:
        without = ingest_seconds(files, workers, tmp / "without.db")
    finally:
        syndication.fingerprint = real  # type: ignore[assignment]
    return with_detector, without


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--n", type=int, help="the first N files only (default: all)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--ab", action="store_true", help="ingest twice, with and without the detector")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    files = sorted(p for p in args.data.rglob("*.txt") if p.name.lower() != "readme.txt")[: args.n]
    if not files:
        print(f"no .txt files under {args.data}; pass --data", file=sys.stderr)
        return 2
    out: dict[str, Any] = {"files": len(files), "workers": args.workers, "budget": BUDGET}
    with tempfile.TemporaryDirectory(prefix="syndcost-") as t:
        tmp = Path(t)
        if args.ab:
            with_s, without_s = ab(files, args.workers, tmp)
            out.update(ingest_s=with_s, ingest_without_detector_s=without_s, share=with_s / without_s - 1)
            print(f"ingest {with_s:.1f} s with the detector, {without_s:.1f} s without: {out['share']:+.1%}")
        else:
            ingest_s = ingest_seconds(files, args.workers, tmp / "ingest.db")
            spent = detector_seconds(files, tmp / "detector.db")
            total = sum(spent.values())
            out.update(ingest_s=ingest_s, detector_s=total, steps=spent, share=total / ingest_s)
            for step, s in spent.items():
                print(f"  {step:<14}{s:8.2f} s  {s / ingest_s:6.2%} of ingest")
            print(f"detector {total:.2f} s = {total / ingest_s:.2%} of the {ingest_s:.1f} s ingest")
    verdict = "within" if out["share"] <= BUDGET else "OVER"
    print(f"{verdict} the {BUDGET:.0%} budget")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
