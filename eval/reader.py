"""Reader evaluation: dateline's readers next to the tools a user would pick instead, in one run.

Three parts, each with its own gold set and floors in eval/baseline.json (eval/gate.py):

  body    ``../shared/data/trafilatura_eval``: HTML body snippets (must contain / must not
          contain), dateline vs ``trafilatura.extract`` vs readability-lxml — eval/reader_body.py
  day     ``../shared/data/htmldate_eval`` (default set): the publication day, dateline vs
          ``htmldate.find_date(extensive_search=True, original_date=True)`` — eval/reader_day.py
          (and trafilatura_eval's title/author/date metadata, dateline vs trafilatura)
  dumps   ``eval/dumps/``: the text-dump dev set written for dateline (≥30 outlets' header
          styles, multi-article exports, browser-saved pages; CRLF and NBSP variants), per
          field and all fields right, next to trafilatura and newspaper4k — eval/reader_dumps.py

The gold data is read from ``../shared`` and never copied into the repo.  Each half of the
HTML sets (calibration / check, by key order) is reported by the part scripts; the floors
are on the whole set.  ``model`` in the baseline is the versions of the libraries the
figures depend on (trafilatura, htmldate), not a spaCy model: the reader uses none.

    eval/reader.py                       all three parts, tables, eval/results/reader.json
    eval/reader.py --part dumps          one part
    eval/reader.py --check               exit 1 if a floor is not met
    eval/reader.py --write-baseline      pin today's figures (never lowers one silently)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is a folder of scripts
import gate  # noqa: E402
import reader_body  # noqa: E402
import reader_day  # noqa: E402
import reader_dumps  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
BASELINE = REPO / "eval" / "baseline.json"
RESULTS = REPO / "eval" / "results" / "reader.json"
PARTS = ("body", "day", "dumps")

# gold set → the figures pinned as floors (higher is better for every one)
GATES: dict[str, tuple[str, tuple[str, ...]]] = {
    "body": (
        "trafilatura-eval-body",
        ("dateline_accuracy", "dateline_f1", "accuracy_ahead_of_trafilatura", "dateline_not_chrome"),
    ),
    "day": ("htmldate-eval-day", ("dateline_day_accuracy", "day_accuracy_ahead_of_htmldate")),
    "dumps": (
        "dateline-dumps-dev",
        ("dateline_all_fields", "dateline_title", "dateline_published", "dateline_source")
        + ("dateline_authors", "dateline_body"),
    ),
}


class EvalError(Exception):
    pass


def libraries() -> str:
    return f"trafilatura-{version('trafilatura')}+htmldate-{version('htmldate')}"


def dumps_digest(root: Path) -> str:
    """sha256 over every dev-set file's path and bytes, in path order."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def run_body(limit: int | None) -> tuple[dict[str, Any], str]:
    res = reader_body.evaluate(SHARED / "trafilatura_eval", limit)
    figs = {k: v for k, v in res.items() if isinstance(v, int | float) and not isinstance(v, bool)}
    figs["accuracy_ahead_of_trafilatura"] = res["dateline_accuracy"] - res["trafilatura_accuracy"]
    pages = res["pages"] or 1
    figs["dateline_not_chrome"] = 1 - len(res["dateline_chrome_keys"]) / pages
    figs["dateline_chrome_keys"] = res["dateline_chrome_keys"]
    return figs, res["sha256"]


def run_day(limit: int | None) -> tuple[dict[str, Any], str]:
    figs = reader_day.evaluate(SHARED, limit, sets=("htmldate",))
    figs = {k: v for k, v in figs.items() if isinstance(v, int | float) and not isinstance(v, bool)}
    figs["day_accuracy_ahead_of_htmldate"] = figs["dateline_day_accuracy"] - figs["htmldate_day_accuracy"]
    digest = hashlib.sha256((SHARED / "htmldate_eval" / "eval_default.json").read_bytes()).hexdigest()
    return figs, digest


def run_dumps(limit: int | None, tools: bool) -> tuple[dict[str, Any], str]:
    root = reader_dumps.DEFAULT_ROOT
    figs = reader_dumps.evaluate(root, tools=tools)
    failures = figs.pop("failures", [])
    figs = {k: v for k, v in figs.items() if v is not None}
    figs["failures"] = failures
    return figs, dumps_digest(root)


def _pct(x: Any) -> str:
    return f"{100 * x:6.2f}%" if isinstance(x, float) else str(x)


def summary(part: str, figs: dict[str, Any]) -> list[str]:
    if part == "body":
        rows = [
            (
                s,
                figs.get(f"{s}_accuracy"),
                figs.get(f"{s}_f1"),
                figs.get(f"{s}_precision"),
                figs.get(f"{s}_recall"),
            )
            for s in reader_body.SYSTEMS
            if f"{s}_accuracy" in figs
        ]
        out = [f"body (trafilatura_eval, {figs['pages']} pages)   accuracy        F1  precision    recall"]
        out += [f"  {s:<26}" + "".join(f"{_pct(v):>10}" for v in vals) for s, *vals in rows]
        out.append(f"  dateline pages whose body is page chrome: {len(figs['dateline_chrome_keys'])}")
        return out
    if part == "day":
        return [
            f"day (htmldate_eval default, {figs.get('day_pages', figs.get('pages'))} pages)",
            f"  dateline {_pct(figs['dateline_day_accuracy'])}   htmldate {_pct(figs['htmldate_day_accuracy'])}"
            f"   (halves: calibration {_pct(figs.get('dateline_day_accuracy_calibration'))} vs"
            f" {_pct(figs.get('htmldate_day_accuracy_calibration'))}, check"
            f" {_pct(figs.get('dateline_day_accuracy_check'))} vs {_pct(figs.get('htmldate_day_accuracy_check'))})",
            f"  library messages during dateline's reads: {figs.get('dateline_library_messages')}",
        ]
    out = [
        f"dumps (eval/dumps: {figs['files']} files, {figs['articles']} articles, {figs['styles']} styles, × 3 variants)"
    ]
    for key in ("all_fields", *reader_dumps.FIELDS, *reader_dumps.OPTIONAL):
        if f"dateline_{key}" in figs:
            out.append(f"  {key:<18}{_pct(figs[f'dateline_{key}'])}")
    for tool in reader_dumps.TOOLS:
        if f"{tool}_returned" in figs:
            out.append(
                f"  {tool}: returned anything {_pct(figs[f'{tool}_returned'])}, title {_pct(figs[f'{tool}_title'])},"
                f" day {_pct(figs[f'{tool}_day'])}, body {_pct(figs[f'{tool}_body'])}"
            )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--part", choices=(*PARTS, "all"), default="all")
    ap.add_argument("--limit", type=int, metavar="N", help="the first N pages of the HTML sets (quick run)")
    ap.add_argument("--no-tools", action="store_true", help="dumps: dateline only")
    ap.add_argument("--baseline", type=Path, default=BASELINE, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--check", action="store_true", help="exit 1 unless the floors are met")
    ap.add_argument("--write-baseline", action="store_true", help="pin today's figures as floors")
    ap.add_argument("--allow-lower", action="store_true", help="let --write-baseline lower or re-pin")
    args = ap.parse_args(argv)
    if args.limit is not None and (args.check or args.write_baseline):
        print("reader: --limit measures a part of the sets; the floors apply to all of it", file=sys.stderr)
        return 2
    parts = PARTS if args.part == "all" else (args.part,)
    for part in parts:
        need = {"body": SHARED / "trafilatura_eval", "day": SHARED / "htmldate_eval"}.get(part)
        if need is not None and not need.is_dir():
            print(f"reader: {need} not found (../shared not laid out)", file=sys.stderr)
            return 2
    print(f"$ eval/reader.py {' '.join(argv if argv is not None else sys.argv[1:])}")
    print(f"libraries: {libraries()}; Python {sys.version.split()[0]}")
    results: dict[str, Any] = {}
    status = 0
    for part in parts:
        start = time.perf_counter()
        if part == "body":
            figs, digest = run_body(args.limit)
        elif part == "day":
            figs, digest = run_day(args.limit)
        else:
            figs, digest = run_dumps(args.limit, tools=not args.no_tools)
        took = time.perf_counter() - start
        print("\n".join(summary(part, figs)) + f"\n  ({took:.0f} s)")
        gold_set, floors = GATES[part]
        results[part] = {"gold_set": gold_set, "sha256": digest, "seconds": round(took, 1), "figures": figs}
        numeric = {
            k: float(v) for k, v in figs.items() if isinstance(v, int | float) and not isinstance(v, bool)
        }
        status |= gate.apply(
            args, numeric, digest, libraries(), gold_set=gold_set, figures=floors, error=EvalError
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
