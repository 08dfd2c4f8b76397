"""Fit the surname-link model (store/links.py) on the examples a corpus makes by itself.

Every full-name PERSON mention of an ingested store is masked to its surname, its own
article left out of every count (links.examples); the answer is the full name, or "none
of them" when no other article names it.  A conditional logit (softmax over the
candidates and "none", shared weights) is fitted by gradient descent with a small L2
penalty; the reliability of its top probability is reported on a second store (held
out: another corpus), in bins, next to the accuracy.

    eval/fit_links.py --db /tmp/pol.db --check-db /tmp/bbc.db            report only
    eval/fit_links.py --db /tmp/pol.db --check-db /tmp/bbc.db --write    also write
                                                   src/dateline/store/data/surname_links.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from dateline.store import SQLiteCorpus, links

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "dateline" / "store" / "data" / "surname_links.json"


def load(path: str) -> list[links.Example]:
    with SQLiteCorpus(path) as corpus:
        return list(links.examples(corpus.db))


def _arrays(exs: list[links.Example]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Padded (examples, options, features) matrices; option 0 is "none"."""
    width = 1 + max(len(e.feats) for e in exs)
    nf, nn = len(links.FEATURES), len(links.NONE_FEATURES)
    x = np.zeros((len(exs), width, nf + nn))
    mask = np.zeros((len(exs), width), dtype=bool)
    y = np.zeros(len(exs), dtype=int)
    for i, e in enumerate(exs):
        x[i, 0, nf:] = e.none
        mask[i, 0] = True
        for k, f in enumerate(e.feats, 1):
            x[i, k, :nf] = f.values
            mask[i, k] = True
        y[i] = 0 if e.answer is None else e.answer + 1
    return x, mask, y, np.arange(len(exs))


def _probs(w: np.ndarray, x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    s = np.where(mask, x @ w, -np.inf)
    s -= s.max(axis=1, keepdims=True)
    p = np.exp(s)
    return p / p.sum(axis=1, keepdims=True)


def fit(exs: list[links.Example], steps: int = 3000, lr: float = 0.5, l2: float = 1e-3) -> np.ndarray:
    x, mask, y, idx = _arrays(exs)
    w = np.zeros(x.shape[2])
    for _ in range(steps):
        p = _probs(w, x, mask)
        expected = (p[..., None] * x).sum(axis=1)
        grad = (expected - x[idx, y]).mean(axis=0) + l2 * w
        w -= lr * grad
    return w


def report(w: np.ndarray, exs: list[links.Example], title: str) -> dict:
    x, mask, y, idx = _arrays(exs)
    p = _probs(w, x, mask)
    best = p.argmax(axis=1)
    conf = p.max(axis=1)
    loss = float(-np.log(p[idx, y] + 1e-12).mean())
    linked = best != 0
    out = {"examples": len(exs), "log_loss": round(loss, 4), "accuracy": round(float((best == y).mean()), 4)}
    out["linked"] = int(linked.sum())
    out["link_precision"] = round(float((best[linked] == y[linked]).mean()), 4) if linked.any() else None
    bins = []
    for lo, hi in ((0.5, 0.7), (0.7, 0.9), (0.9, 0.97), (0.97, 1.01)):
        sel = linked & (conf >= lo) & (conf < hi)
        if sel.any():
            bins.append(
                {
                    "p": f"{lo:.2f}-{min(hi, 1):.2f}",
                    "links": int(sel.sum()),
                    "mean_p": round(float(conf[sel].mean()), 4),
                    "right": round(float((best[sel] == y[sel]).mean()), 4),
                }
            )
    out["reliability"] = bins
    print(
        f"\n{title}: {out['examples']} examples, log-loss {loss:.3f}, accuracy {out['accuracy']:.3f},"
        f" {out['linked']} linked, precision {out['link_precision']}"
    )
    print(f"  {'p':>10} {'links':>6} {'mean p':>7} {'right':>6}")
    for b in bins:
        print(f"  {b['p']:>10} {b['links']:>6} {b['mean_p']:>7.3f} {b['right']:>6.3f}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", required=True, help="store to fit on")
    ap.add_argument("--check-db", help="held-out store to report reliability on")
    ap.add_argument("--write", action="store_true", help=f"write the weights to {OUT.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    train = load(args.db)
    if not train:
        print(f"{args.db}: no full-name examples to fit on", file=sys.stderr)
        return 2
    w = fit(train)
    nf = len(links.FEATURES)
    print(
        "weights:",
        dict(zip(links.FEATURES, np.round(w[:nf], 3), strict=True)),
        "none:",
        dict(zip(links.NONE_FEATURES, np.round(w[nf:], 3), strict=True)),
    )
    fitted = {"fit": report(w, train, f"fit ({args.db})")}
    if args.check_db:
        fitted["held_out"] = report(w, load(args.check_db), f"held out ({args.check_db})")
    if args.write:
        OUT.write_text(
            json.dumps(
                {
                    "about": "Weights of the surname-link model (store/links.py), fitted by eval/fit_links.py"
                    " on full-name mentions masked to their surnames (the PolNeAR train articles), with the"
                    " reliability of the top probability on the fit and on a held-out corpus (BBC).",
                    "weights": {f: round(float(v), 4) for f, v in zip(links.FEATURES, w[:nf], strict=True)},
                    "none": {f: round(float(v), 4) for f, v in zip(links.NONE_FEATURES, w[nf:], strict=True)},
                    **fitted,
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
