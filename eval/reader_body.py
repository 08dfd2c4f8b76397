"""HTML body evaluation on trafilatura's benchmark: dateline next to trafilatura and
readability-lxml, in one run.

Data: ``<repo>/../shared/data/trafilatura_eval`` (``--data`` to override; never copied into
the repo; see its SOURCE.md): ``evaldata.json`` maps a page key (its URL, or a
``hard::`` name) to ``{"file", "with": [...], "without": [...]}``; the page is
``html/<file>.gz``.

Each page's bytes are decoded once with dateline's own decoder (``dateline.read.decode``,
what ``dateline analyze page.html`` does) and the same text goes to every system:

  dateline      ``dateline.read.html.parse_html(html, url=url).body`` — a ParseError (or any
                input error) is an empty body
  trafilatura   ``trafilatura.extract(html, url=url)`` with its defaults
  readability   ``readability.Document(html).summary()`` as text paragraphs (the same
                conversion dateline uses when it asks readability for a second opinion)

Scoring is trafilatura's own (its tests/eval_common.py ``count_item``): whitespace is folded
in the snippet and in the output; a ``with`` snippet found is a TP, missing an FN; a
``without`` snippet found is an FP, absent a TN.  precision = TP/(TP+FP), recall =
TP/(TP+FN), F1 = 2TP/(2TP+FP+FN), accuracy = (TP+TN)/all snippets.

The set is split in two halves by the position of the page's key in sorted order: even
positions are the *dev* half, the only pages the body cascade's thresholds were calibrated
on; odd positions are the *test* half.  Both halves and the total are reported.

Also counted: pages whose output is page chrome (consent, cookie, newsletter, paywall or
navigation text), by ``dateline.read.html_body.chrome_kind`` applied to every system's output
(text evidence only, the same for all systems), and seconds per page for each system
(dateline's includes its metadata and time cascade; ``--timing`` isolates the body).

    eval/reader_body.py                 table + eval/results/reader_body.json
    eval/reader_body.py --limit 100     the first 100 pages (both halves)
    eval/reader_body.py --errors 10     pages where dateline scores below trafilatura
    eval/reader_body.py --half dev      one half only
    eval/reader_body.py --no-readability
    eval/reader_body.py --calibrate         dev half only: the figures behind html_body's thresholds
    eval/reader_body.py --timing --limit 200   the body cascade alone against trafilatura.extract
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "trafilatura_eval"
RESULTS = REPO / "eval" / "results" / "reader_body.json"
SYSTEMS = ("dateline", "trafilatura", "readability")
HALVES = ("dev", "test")
GOLD_SET = "trafilatura-eval"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    pages: int = 0
    chrome_pages: int = 0
    empty_pages: int = 0
    seconds: float = 0.0
    chrome: list[str] = field(default_factory=list)  # page keys, for the report

    def add(self, counts: tuple[int, int, int, int]) -> None:
        tp, fp, fn, tn = counts
        self.tp += tp
        self.fp += fp
        self.fn += fn
        self.tn += tn

    def figures(self) -> dict[str, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        denom = 2 * self.tp + self.fp + self.fn
        total = self.tp + self.fp + self.fn + self.tn
        return {
            "precision": precision,
            "recall": recall,
            "f1": 2 * self.tp / denom if denom else 0.0,
            "accuracy": (self.tp + self.tn) / total if total else 0.0,
            "right": self.tp + self.tn,
            "snippets": total,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "pages": self.pages,
            "chrome_pages": self.chrome_pages,
            "empty_pages": self.empty_pages,
            "seconds_per_page": self.seconds / self.pages if self.pages else 0.0,
        }


def _norm(text: str) -> str:
    """Whitespace folded, as trafilatura's eval_common.norm does."""
    return re.sub(r"\s+", " ", text).strip()


def count_item(item: dict[str, Any], result: str) -> tuple[int, int, int, int]:
    """(TP, FP, FN, TN) of one page, trafilatura's definition."""
    text = _norm(result or "")
    tp = sum(1 for w in item["with"] if _norm(w) in text)
    fp = sum(1 for w in item["without"] if _norm(w) in text)
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


# ---- the systems --------------------------------------------------------------------------
def run_dateline(html: str, url: str | None) -> str:
    from dateline.errors import DatelineError
    from dateline.read.html import parse_html

    try:
        return parse_html(html, url=url).body
    except DatelineError:
        return ""


def run_trafilatura(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def run_readability(html: str, url: str | None) -> str:
    import lxml.html
    from readability import Document

    from dateline.read.html_body import _block_paragraphs

    summary = Document(html, url=url).summary(html_partial=True)
    if not summary.strip():
        return ""
    return "\n\n".join(_block_paragraphs(lxml.html.fragment_fromstring(summary, create_parent="div")))


RUNNERS: dict[str, Callable[[str, str | None], str]] = {
    "dateline": run_dateline,
    "trafilatura": run_trafilatura,
    "readability": run_readability,
}


# ---- data ---------------------------------------------------------------------------------
def load(data_dir: Path) -> dict[str, dict[str, Any]]:
    path = data_dir / "evaldata.json"
    if not path.is_file():
        raise SystemExit(f"reader_body: no {path}; pass --data DIR (see its SOURCE.md)")
    return dict(json.loads(path.read_text("utf-8")))


def pages(data: dict[str, dict[str, Any]], half: str | None = None) -> list[tuple[str, str]]:
    """(key, half) in sorted key order; even positions are dev, odd test."""
    out = [(key, HALVES[i % 2]) for i, key in enumerate(sorted(data))]
    return [(k, h) for k, h in out if half is None or h == half]


def read_page(data_dir: Path, item: dict[str, Any]) -> str:
    from dateline.errors import InputError
    from dateline.read.decode import decode

    raw = gzip.decompress((data_dir / "html" / f"{item['file']}.gz").read_bytes())
    try:
        return decode(raw, path=item["file"]).text
    except InputError:
        return raw.decode("utf-8", "replace")


def url_of(key: str) -> str | None:
    return key if key.startswith(("http://", "https://")) else None


# ---- the run ------------------------------------------------------------------------------
def evaluate(
    data_dir: Path,
    limit: int | None = None,
    *,
    systems: Sequence[str] = SYSTEMS,
    half: str | None = None,
    keep_outputs: bool = False,
) -> dict[str, Any]:
    """Score every system on every page (the first ``limit`` pages in key order)."""
    from dateline.read.html_body import chrome_kind

    data = load(data_dir)
    chosen = pages(data, half)[:limit] if limit else pages(data, half)
    counts = {(s, h): Counts() for s in systems for h in HALVES}
    per_page: list[dict[str, Any]] = []
    for key, page_half in chosen:
        item = data[key]
        html, url = read_page(data_dir, item), url_of(key)
        row: dict[str, Any] = {"key": key, "half": page_half, "file": item["file"]}
        for system in systems:
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a library's warning is not a figure
                try:
                    text = RUNNERS[system](html, url)
                except Exception as err:  # noqa: BLE001 — a crash is an empty output, as in trafilatura's eval
                    text = ""
                    row[f"{system}_error"] = f"{type(err).__name__}: {err}"
            seconds = time.perf_counter() - start
            c = counts[system, page_half]
            c.seconds += seconds
            c.pages += 1
            scored = count_item(item, text)
            c.add(scored)
            if not text.strip():
                c.empty_pages += 1
            kind = chrome_kind(text.split("\n")) if text.strip() else None
            if kind:
                c.chrome_pages += 1
                c.chrome.append(key)
            row[system] = {"counts": scored, "chrome": kind, "words": len(text.split())}
            if keep_outputs:
                row[system]["text"] = text
        per_page.append(row)
    return _figures(data_dir, systems, counts, per_page)


def _figures(data_dir: Path, systems, counts, per_page) -> dict[str, Any]:
    out: dict[str, Any] = {
        "gold_set": GOLD_SET,
        "sha256": hashlib.sha256((data_dir / "evaldata.json").read_bytes()).hexdigest(),
        "pages": len(per_page),
        "systems": list(systems),
    }
    for system in systems:
        total = Counts()
        for h in HALVES:
            c = counts[system, h]
            for name, value in c.figures().items():
                out[f"{h}_{system}_{name}"] = value
            for attr in ("tp", "fp", "fn", "tn", "pages", "chrome_pages", "empty_pages", "seconds"):
                setattr(total, attr, getattr(total, attr) + getattr(c, attr))
            total.chrome += c.chrome
        for name, value in total.figures().items():
            out[f"{system}_{name}"] = value
        out[f"{system}_chrome_keys"] = total.chrome
    out["per_page"] = per_page
    return out


def timing(data_dir: Path, limit: int | None = None, *, half: str | None = None) -> dict[str, Any]:
    """Seconds per page of dateline's body cascade alone (tree loading, pruning, extraction,
    guard; no metadata) next to ``trafilatura.extract``, and how often second opinions ran."""
    import trafilatura
    from trafilatura.utils import load_html

    from dateline.errors import DatelineError
    from dateline.read.html_body import body_paragraphs

    data = load(data_dir)
    chosen = pages(data, half)[:limit] if limit else pages(data, half)
    body_s = traf_s = 0.0
    asked = 0
    for key, _half in chosen:
        html, url = read_page(data_dir, data[key]), url_of(key)
        start = time.perf_counter()
        trafilatura.extract(html, url=url)
        traf_s += time.perf_counter() - start
        start = time.perf_counter()
        considered: list = []
        tree = load_html(html)
        if tree is not None:
            try:
                body_paragraphs(tree, url, explain=considered)
            except DatelineError:
                pass
        body_s += time.perf_counter() - start
        asked += len(considered) > 1
    n = len(chosen) or 1
    return {
        "pages": len(chosen),
        "body_seconds_per_page": body_s / n,
        "trafilatura_seconds_per_page": traf_s / n,
        "body_time_ratio": body_s / traf_s if traf_s else 0.0,
        "second_opinion_pages": asked,
    }


def calibrate(data_dir: Path, limit: int | None = None) -> str:
    """The figures behind html_body's thresholds, on the dev half only: every candidate of
    every page computed eagerly, then (1) a grid of the second-opinion trigger and the
    replacement ratio, scored by snippet accuracy of the chosen candidate (edges untrimmed),
    and (2) the evidence on candidates near the chrome thresholds, with their snippet recall."""
    import itertools
    import math

    from trafilatura.utils import load_html

    from dateline.read import html_body as hb

    data = load(data_dir)
    chosen = pages(data, "dev")[:limit] if limit else pages(data, "dev")
    rows = []
    for key, _half in chosen:
        item = data[key]
        tree = load_html(read_page(data_dir, item))
        if tree is not None:
            rows.append((key, item, hb.calibration_candidates(tree, url_of(key))))
    snippets = sum(len(item["with"]) + len(item["without"]) for _k, item, _c in rows)

    def right(item, c) -> int:
        tp, _fp, _fn, tn = count_item(item, "\n".join(c.paragraphs) if c else "")
        return tp + tn

    out = [f"calibration on {len(rows)} dev pages, {snippets} snippets"]
    out.append("first candidate alone: " + str(sum(right(item, cands[0]) for _k, item, cands in rows)))
    grid = []
    for share, chars, ratio in itertools.product(
        (0, 0.05, 0.1, 0.15, 0.2, 0.3), (0, 200, 400, 800), (1.5, 2, 3, 5)
    ):
        total = asked = 0
        for _k, item, cands in rows:
            pick = cands[0]
            if hb._suspicious(cands[0], short_share=share, min_chars=chars):
                asked += 1
                pick = hb._choose(cands, ratio=ratio)
            total += right(item, pick)
        grid.append((total, share, chars, ratio, asked))
    out.append("grid (right snippets, SHORT_SHARE, MIN_BODY_CHARS, BETTER_RATIO, pages asked), best first:")
    out += [
        f"  {g[0]}  share={g[1]} chars={g[2]} ratio={g[3]} asked={g[4]}"
        for g in sorted(grid, reverse=True)[:20]
    ]
    out.append("candidates near the chrome thresholds (share = chrome phrases' share of the kept text):")
    for key, item, cands in rows:
        for c in cands:
            kept = list(c.paragraphs)
            total_chars = sum(map(len, kept)) or 1
            share = max(
                (sum(len(p) for p in kept if hb._paragraph_chrome(p) == k) for k in hb.CHROME_KINDS),
                default=0,
            )
            share /= total_chars
            if c.chrome or share >= 0.15 or c.link_density >= 0.4:
                tp, _fp, fn, _tn = count_item(item, "\n".join(kept))
                recall = tp / (tp + fn) if tp + fn else math.nan
                out.append(
                    f"  chrome={c.chrome!s:10} share={share:.2f} words={sum(len(p.split()) for p in kept):5} "
                    f"links={c.link_density:.2f} recall={recall:.2f} {c.source:24} {key[:60]}"
                )
    return "\n".join(out)


# ---- report -------------------------------------------------------------------------------
def table(res: dict[str, Any]) -> str:
    cols = ("precision", "recall", "f1", "accuracy", "right", "snippets", "chrome_pages", "empty_pages")
    head = f"{'half':<6}{'system':<13}" + "".join(f"{c:>13}" for c in (*cols, "s/page"))
    lines = [head, "-" * len(head)]
    for prefix, label in ((f"{h}_", h) for h in HALVES):
        for system in res["systems"]:
            lines.append(_row(res, prefix, label, system, cols))
    for system in res["systems"]:
        lines.append(_row(res, "", "all", system, cols))
    return "\n".join(lines)


def _row(res, prefix, label, system, cols) -> str:
    cells = []
    for c in (*cols, "seconds_per_page"):
        value = res[f"{prefix}{system}_{c}"]
        cells.append(f"{value:>13.4f}" if isinstance(value, float) else f"{value:>13}")
    return f"{label:<6}{system:<13}" + "".join(cells)


def errors(res: dict[str, Any], n: int, against: str = "trafilatura") -> str:
    """Pages where dateline gets fewer snippets right than ``against``, worst first."""

    def right(counts) -> int:
        return counts[0] + counts[3]

    losses = [
        (right(row[against]["counts"]) - right(row["dateline"]["counts"]), row)
        for row in res["per_page"]
        if against in row and right(row["dateline"]["counts"]) < right(row[against]["counts"])
    ]
    losses.sort(key=lambda x: -x[0])
    lines = [f"{len(losses)} pages where dateline is below {against}; the first {min(n, len(losses))}:"]
    for delta, row in losses[:n]:
        d, o = row["dateline"], row[against]
        lines.append(
            f"  -{delta} [{row['half']}] {row['key']}  ({row['file']})\n"
            f"      dateline (tp,fp,fn,tn)={d['counts']} words={d['words']} chrome={d['chrome']}"
            f"   {against} {o['counts']} words={o['words']}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=None, help="first N pages in key order")
    ap.add_argument("--half", choices=HALVES, default=None)
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="pages where dateline loses")
    ap.add_argument("--no-readability", action="store_true")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--calibrate", action="store_true", help="dev half: the figures behind the thresholds")
    ap.add_argument("--timing", action="store_true", help="time the body cascade against trafilatura only")
    args = ap.parse_args(argv)
    if args.calibrate:
        print(calibrate(args.data, args.limit))
        return 0
    if args.timing:
        t = timing(args.data, args.limit, half=args.half)
        print(
            f"{t['pages']} pages: dateline body {t['body_seconds_per_page'] * 1000:.1f} ms/page, "
            f"trafilatura.extract {t['trafilatura_seconds_per_page'] * 1000:.1f} ms/page "
            f"(×{t['body_time_ratio']:.2f}); second opinions on {t['second_opinion_pages']} pages"
        )
        return 0
    systems = [s for s in SYSTEMS if not (args.no_readability and s == "readability")]
    start = time.perf_counter()
    res = evaluate(args.data, args.limit, systems=systems, half=args.half)
    took = time.perf_counter() - start
    print(f"$ eval/reader_body.py {' '.join(argv if argv is not None else sys.argv[1:])}")
    print(f"data {args.data} sha256 {res['sha256'][:16]}…  pages {res['pages']}  {took:.0f} s")
    print(table(res))
    for system in systems:
        if res[f"{system}_chrome_keys"]:
            print(f"{system}: chrome as body on {', '.join(res[f'{system}_chrome_keys'][:10])}")
    if args.errors:
        print(errors(res, args.errors))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=1, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
