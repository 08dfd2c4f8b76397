"""Publication day and metadata of HTML pages: dateline next to htmldate and trafilatura.

Two gold sets, read from ``<repo>/../shared/data/`` at run time (``--data`` names the
folder holding both; nothing is ever copied into the repo):

* ``htmldate_eval/eval_default.json`` + ``html_default/<file>.gz`` — 800 URLs (799 pages,
  German-heavy) with their publication day.  Scored: the share of pages whose day is right.

    dateline   ``read_html(text, origin=file)`` on the page decoded by ``read.decode``; the
               *publication day as printed* is the date of ``published_local`` when the reader
               has one (the wall-clock time the page printed, with its zone or — zone unknown —
               naive), else the date of ``published`` (a date-only stamp is midnight UTC of the
               printed day, so its date is the printed day too).  This is what the gold gives:
               the day the page shows, not the UTC day.
    htmldate   ``find_date(tree, extensive_search=True, original_date=True)`` — htmldate's own
               evaluation settings — on an lxml tree of the same decoded text (a tree, never a
               string: htmldate downloads any string that looks like a URL).

* ``trafilatura_eval/evaldata.json`` + ``html/<file>.gz`` — 990 pages; title gold on 845,
  author on 538, date on 728.  Scored per field on the pages with gold for it, dateline
  (``read_html``) against ``trafilatura.extract_metadata(tree)``:

    title   equal after Unicode NFKC, case folding and whitespace folding;
    author  the same set of names after that folding, names split on ``;``, ``,``, ``/``,
            `` and `` / `` und `` (the gold joins several authors with ``; ``);
    date    the same day (dateline's day as above; trafilatura's ``date`` is a day).

Both sets are split in sorted key order: even positions are the *calibration* half (look at
its errors while developing), odd positions the *check* half (the measure of whether a rule
generalises); both are reported, and the total.  ``--limit N`` scores the first N keys only.

Quiet: every warning and library log record raised while dateline reads a page is counted
(``dateline_library_messages``); the target is 0.

    eval/reader_day.py                       both sets, full
    eval/reader_day.py --limit 100           the first 100 pages of each set
    eval/reader_day.py --set htmldate        one set only (htmldate | trafilatura)
    eval/reader_day.py --errors 10           dateline's wrong days, 10 per half, with evidence
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
import time
import unicodedata
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
HALVES = ("calibration", "check")
FIELDS = ("title", "author", "date")


# ---- loading ------------------------------------------------------------------------------
def _pages(gold_file: Path, html_dir: Path, limit: int | None) -> list[tuple[int, str, dict, Path]]:
    gold = json.loads(gold_file.read_text("utf-8"))
    keys = sorted(gold)[:limit] if limit else sorted(gold)
    return [(i, key, gold[key], html_dir / f"{gold[key]['file']}.gz") for i, key in enumerate(keys)]


def _text(path: Path) -> str:
    from dateline.read.decode import decode

    return decode(gzip.decompress(path.read_bytes()), path=path.name).text


def _tree(text: str):
    from trafilatura.utils import load_html

    return load_html(text)  # trafilatura's loader: repairs breakage, never fetches


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.name}: {record.getMessage()}"[:200])


def _dateline(text: str, name: str, counter: _Counter) -> Any:
    """read_html on one page; messages it lets through are counted, not shown."""
    from dateline.errors import InputError
    from dateline.read.html import read_html

    root = logging.getLogger()
    root.addHandler(counter)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                article = read_html(text, origin=name)
            except InputError:
                article = None
    finally:
        root.removeHandler(counter)
    counter.records.extend(f"warning: {w.category.__name__}: {w.message}"[:200] for w in caught)
    return article


def printed_day(article: Any) -> str | None:
    """The publication day as the page printed it (see the module docstring)."""
    if article is None:
        return None
    moment = article.published_local or article.published
    return moment.date().isoformat() if moment else None


def _quiet(fn: Callable[[], Any]) -> Any:
    """A competitor's call, its warnings and logs silenced (they are not dateline's)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fn()
        except Exception:  # noqa: BLE001 — a competitor crashing counts as a miss
            return None


# ---- htmldate_eval ------------------------------------------------------------------------
def evaluate_days(data_dir: Path, limit: int | None = None) -> dict[str, Any]:
    from htmldate import find_date

    base = data_dir / "htmldate_eval"
    pages = _pages(base / "eval_default.json", base / "html_default", limit)
    counter = _Counter()
    rows = []
    t_dateline = t_htmldate = 0.0
    for i, key, gold, path in pages:
        text = _text(path)
        t0 = time.perf_counter()
        article = _dateline(text, gold["file"], counter)
        t1 = time.perf_counter()
        theirs = _quiet(lambda text=text: find_date(_tree(text), extensive_search=True, original_date=True))
        t2 = time.perf_counter()
        t_dateline, t_htmldate = t_dateline + t1 - t0, t_htmldate + t2 - t1
        rows.append(
            {
                "half": HALVES[i % 2],
                "key": key,
                "file": gold["file"],
                "gold": gold["date"],
                "dateline": printed_day(article),
                "htmldate": theirs,
                "evidence": article.published_evidence if article else "no record",
                "skip_reason": article.skip_reason if article else None,
            }
        )
    out: dict[str, Any] = {"seconds": {"dateline": t_dateline, "htmldate": t_htmldate}}
    for part, subset in _parts(rows):
        for system in ("dateline", "htmldate"):
            right = sum(r[system] == r["gold"] for r in subset)
            out[f"{system}_day_right{part}"] = right
            out[f"{system}_day_accuracy{part}"] = right / len(subset) if subset else 0.0
        out[f"day_pages{part}"] = len(subset)
    out["dateline_library_messages"] = len(counter.records)
    out["library_messages"] = counter.records[:20]
    out["rows"] = rows
    return out


def _parts(rows: list[dict]) -> list[tuple[str, list[dict]]]:
    return [("", rows), *((f"_{h}", [r for r in rows if r["half"] == h]) for h in HALVES)]


# ---- trafilatura_eval metadata ------------------------------------------------------------
def _fold(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


_NAMES = re.compile(r"\s*(?:;|,|/|\band\b|\bund\b)\s*", re.IGNORECASE)


def _names(value: str | Sequence[str] | None) -> frozenset[str]:
    if not value:
        return frozenset()
    joined = value if isinstance(value, str) else "; ".join(value)
    return frozenset(n for n in (_fold(p) for p in _NAMES.split(joined)) if n)


def _field_right(field: str, gold: Any, found: Any) -> bool:
    if field == "title":
        return bool(found) and _fold(found) == _fold(gold)
    if field == "author":
        return _names(found) == _names(gold)
    return bool(found) and str(found)[:10] == str(gold)[:10]


def evaluate_metadata(data_dir: Path, limit: int | None = None) -> dict[str, Any]:
    from trafilatura.metadata import extract_metadata

    base = data_dir / "trafilatura_eval"
    pages = _pages(base / "evaldata.json", base / "html", limit)
    counter = _Counter()
    rows = []
    for i, key, gold, path in pages:
        if not any(gold.get(f) for f in FIELDS):
            continue
        text = _text(path)
        article = _dateline(text, gold["file"], counter)
        doc = _quiet(lambda text=text: extract_metadata(_tree(text)))
        ours = {
            "title": article.title if article else None,
            "author": list(article.authors) if article else None,
            "date": printed_day(article),
        }
        theirs = {
            "title": doc.title if doc else None,
            "author": doc.author if doc else None,
            "date": doc.date if doc else None,
        }
        rows.append(
            {
                "half": HALVES[i % 2],
                "key": key,
                "file": gold["file"],
                "gold": gold,
                "dateline": ours,
                "trafilatura": theirs,
            }
        )
    out: dict[str, Any] = {"pages": len(rows)}
    for part, subset in _parts(rows):
        for field in FIELDS:
            scored = [r for r in subset if r["gold"].get(field)]
            out[f"{field}_pages{part}"] = len(scored)
            for system in ("dateline", "trafilatura"):
                right = sum(_field_right(field, r["gold"][field], r[system][field]) for r in scored)
                out[f"{system}_{field}_right{part}"] = right
                out[f"{system}_{field}_accuracy{part}"] = right / len(scored) if scored else 0.0
    out["dateline_library_messages"] = len(counter.records)
    out["library_messages"] = counter.records[:20]
    out["rows"] = rows
    return out


# ---- both ---------------------------------------------------------------------------------
def evaluate(
    data_dir: Path, limit: int | None = None, sets: Sequence[str] = ("htmldate", "trafilatura")
) -> dict:
    """Figures (no rows) of both sets, flat: ``dateline_day_accuracy``, ``htmldate_day_accuracy``,
    ``…_check`` / ``…_calibration`` for the halves, ``dateline_title_accuracy`` …"""
    return {k: v for k, v in _evaluate(data_dir, limit, sets).items() if not k.startswith("_")}


def _evaluate(data_dir: Path, limit: int | None, sets: Sequence[str]) -> dict:
    figs: dict[str, Any] = {}
    messages = 0
    if "htmldate" in sets:
        days = evaluate_days(data_dir, limit)
        figs.update({k: v for k, v in days.items() if k not in ("rows", "library_messages", "seconds")})
        figs["_days"] = days
        messages += days["dateline_library_messages"]
    if "trafilatura" in sets:
        meta = evaluate_metadata(data_dir, limit)
        figs.update(
            {
                (k if k.startswith(("dateline_", "trafilatura_")) else f"metadata_{k}"): v
                for k, v in meta.items()
                if k not in ("rows", "library_messages", "dateline_library_messages")
            }
        )
        figs["_meta"] = meta
        messages += meta["dateline_library_messages"]
    figs["dateline_library_messages"] = messages
    return figs


def _table(figs: dict) -> str:
    lines = []
    if "_days" in figs:
        d = figs["_days"]
        lines += [
            "publication day — htmldate_eval (eval_default)",
            f"{'':12}{'dateline':>16}{'htmldate':>16}{'pages':>8}",
        ]
        for part, label in (("_calibration", "calibration"), ("_check", "check"), ("", "total")):
            n = d[f"day_pages{part}"]
            cells = "".join(
                f"{d[f'{s}_day_right{part}']:>6}  {d[f'{s}_day_accuracy{part}']:7.1%}"
                for s in ("dateline", "htmldate")
            )
            lines.append(f"{label:12}{cells}{n:>8}")
        sec = d["seconds"]
        lines.append(f"time: dateline {sec['dateline']:.1f} s, htmldate {sec['htmldate']:.1f} s")
    if "_meta" in figs:
        m = figs["_meta"]
        lines += [
            "",
            "metadata — trafilatura_eval",
            f"{'':20}{'dateline':>16}{'trafilatura':>16}{'pages':>8}",
        ]
        for field in FIELDS:
            for part, label in (("_calibration", "calibration"), ("_check", "check"), ("", "total")):
                cells = "".join(
                    f"{m[f'{s}_{field}_right{part}']:>6}  {m[f'{s}_{field}_accuracy{part}']:7.1%}"
                    for s in ("dateline", "trafilatura")
                )
                lines.append(f"{field + ' ' + label:20}{cells}{m[f'{field}_pages{part}']:>8}")
    lines.append(f"\nlibrary warnings/log records while dateline read: {figs['dateline_library_messages']}")
    return "\n".join(lines)


def _errors(figs: dict, n: int) -> str:
    lines = []
    if "_days" in figs:
        for half in HALVES:
            wrong = [r for r in figs["_days"]["rows"] if r["half"] == half and r["dateline"] != r["gold"]]
            lines.append(f"\nwrong days, {half} half: {len(wrong)} (showing {min(n, len(wrong))})")
            for r in wrong[:n]:
                mark = "htmldate right" if r["htmldate"] == r["gold"] else "htmldate " + str(r["htmldate"])
                lines.append(
                    f"  {r['file']}: gold {r['gold']} dateline {r['dateline']} ({mark}) — {r['evidence']}"
                )
    if "_meta" in figs:
        for field in FIELDS:
            wrong = [
                r
                for r in figs["_meta"]["rows"]
                if r["half"] == HALVES[0]
                and r["gold"].get(field)
                and not _field_right(field, r["gold"][field], r["dateline"][field])
            ]
            lines.append(f"\nwrong {field}, calibration half: {len(wrong)} (showing {min(n, len(wrong))})")
            for r in wrong[:n]:
                lines.append(f"  {r['file']}: gold {r['gold'][field]!r} dateline {r['dateline'][field]!r}")
    for message in [
        *figs.get("_days", {}).get("library_messages", []),
        *figs.get("_meta", {}).get("library_messages", []),
    ][:n]:
        lines.append(f"  message: {message}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder holding htmldate_eval/ and trafilatura_eval/"
    )
    ap.add_argument("--limit", type=int, metavar="N", help="the first N pages of each set (quick run)")
    ap.add_argument("--set", choices=("htmldate", "trafilatura"), action="append", help="score one set only")
    ap.add_argument("--errors", type=int, metavar="N", default=0, help="print dateline's errors, N per half")
    ap.add_argument("--json", type=Path, metavar="PATH", help="write the figures as JSON")
    args = ap.parse_args(argv)
    sets = args.set or ("htmldate", "trafilatura")
    for name in sets:
        if not (args.data / f"{name}_eval").is_dir():
            print(f"reader_day: {args.data / f'{name}_eval'} not found; pass --data", file=sys.stderr)
            return 2
    figs = _evaluate(args.data, args.limit, sets)
    print(_table(figs))
    if args.errors:
        print(_errors(figs, args.errors))
    if args.json:
        args.json.write_text(json.dumps(evaluate_view(figs), indent=2, sort_keys=True) + "\n", "utf-8")
    return 0


def evaluate_view(figs: dict) -> dict:
    return {k: v for k, v in figs.items() if not k.startswith("_")}


if __name__ == "__main__":
    sys.exit(main())
