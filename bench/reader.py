"""Speed of dateline's reader next to the extractors a user would run instead.

Same inputs for every variant, each variant in a fresh child process (this script
re-invoked with ``--child``), so its peak RSS is its own:

  a  dateline          ``dateline.read.read_bytes(data, name=...)``: the whole reader
                       (decode, body cascade, metadata, time cascade, language)
  b  trafilatura       ``trafilatura.extract(data)``: the body alone
  c  trafilatura+date  ``tree = trafilatura.load_html(data)``,
                       ``htmldate.find_date(tree, extensive_search=True, original_date=True)``,
                       then ``trafilatura.bare_extraction(tree, with_metadata=True)``:
                       what a user chains to get body, title and date
  d  newspaper4k       ``newspaper.Article(url="http://example.com", fetch_images=False)``,
                       ``download(input_html=data)``, ``parse()``

Jobs, all in one run:

  html    the first N pages (sorted) of ../shared/data/trafilatura_eval/html/*.gz and of
          ../shared/data/htmldate_eval/html_default/*.gz (without its byte-identical copies
          of trafilatura_eval pages, 560 of 799); pages/s, ratio vs (b), peak RSS,
          p50/p95/max seconds per page, and dateline's 5 slowest pages next to (b)
  text    the first 500 BBC News ``.txt`` files (``--bbc``) and every ``eval/dumps/*/*.txt``:
          the same calls on the raw text (the extractors mostly return nothing; counted)
  linear  dateline's reader on a synthetic HTML page and a synthetic text dump grown to
          10k / 100k / 1M characters (``--sizes``) by repeating paragraphs, best of 3;
          trafilatura.extract on the same HTML as a reference

Fairness: the pages are gunzipped into memory before timing (all variants get the same
bytes and decode them themselves; newspaper4k gets them as UTF-8 text, decoded in its
timing).  Each call is timed on its own, on the wall clock and in CPU time
(``process_time``); pages/s, ratios and per-page figures use CPU time, because on a
shared machine the wall clock also counts the time other jobs held the CPU (both are in
the JSON).  Before timing, each child primes dateparser's per-locale regexes (a one-off
of ~3 s that htmldate triggers on the first page it hands to dateparser; (a) and (c) both
pay it) and runs ``--warmup`` pages that are not in the measured set.  Imports, priming
and warm-up are reported as ``load_s``.  Sockets and DNS are disabled in the children:
newspaper4k would otherwise try to fetch images.  A call that raises is counted as an
error of that variant and the run goes on.  With ``--repeat`` > 1 the run with the least
CPU time is kept; htmldate's ``lru_cache`` makes later runs over the same pages cheaper
for (a) and (c).  Pages where (a) took over 10x (b) are timed again in 3 fresh processes
per variant (each page's first visit, least CPU time) before they are called
pathological.

    .venv/bin/python bench/reader.py                    # N = 300
    .venv/bin/python bench/reader.py --n 200 --variants ab --repeat 2
    .venv/bin/python bench/reader.py --jobs linear --sizes 250000 500000 1000000 2000000

Writes bench/results/reader.json (git-ignored).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import os
import platform
import resource
import shlex
import socket
import statistics
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import REPO, list_files  # noqa: E402 - the sibling benchmark's helpers

SHARED = REPO.parent / "shared" / "data"
HTML_SETS = {
    "trafilatura_eval": SHARED / "trafilatura_eval" / "html",
    "htmldate_eval": SHARED / "htmldate_eval" / "html_default",
}
BBC = SHARED / "bbc_news_fulltext" / "bbc"
DUMPS = REPO / "eval" / "dumps"
RESULTS = REPO / "bench" / "results" / "reader.json"
VARIANTS = {"a": "dateline", "b": "trafilatura", "c": "trafilatura+htmldate", "d": "newspaper4k"}
SIZES = (10_000, 100_000, 1_000_000)  # linearity, characters
PATHOLOGICAL = 10.0  # a page slower than this many times trafilatura's is reported
RECHECK_ROUNDS = 3  # fresh processes per variant that time the flagged pages again

Item = tuple[str, str, bytes]  # (set, file name, bytes)
# One call on one input: (has body, has date, articles made)
Call = Callable[[str, bytes], tuple[bool, bool, int]]


# ---- inputs -------------------------------------------------------------------------------
def html_items(n: int) -> list[Item]:
    """The first N pages (sorted) of each HTML set, gunzipped, name without .gz.  Most
    htmldate_eval pages are byte-identical copies of trafilatura_eval pages: those are left
    out of htmldate_eval (wherever they sit in trafilatura_eval), so no page is timed twice
    and htmldate's caches give no set a head start."""
    items: list[Item] = []
    seen: set[bytes] = set()  # digests of every trafilatura_eval page
    for label, folder in HTML_SETS.items():
        kept = 0
        for p in sorted(folder.glob("*.gz")):  # one page in memory at a time, then only the kept
            data = gzip.decompress(p.read_bytes())
            digest = hashlib.blake2b(data, digest_size=16).digest()
            if label == "trafilatura_eval":
                seen.add(digest)
            elif digest in seen:
                continue
            if kept < n:
                items.append((label, p.name.removesuffix(".gz"), data))
                kept += 1
    return items


def html_warmup(n: int, k: int) -> list[Item]:
    """k trafilatura_eval pages after the first n: not in either measured set."""
    folder = HTML_SETS["trafilatura_eval"]
    return [("warm", p.name, gzip.decompress(p.read_bytes())) for p in sorted(folder.glob("*.gz"))[n : n + k]]


def text_items(n: int, skip: int = 0) -> list[Item]:
    """The BBC files ``skip .. skip+n`` (sorted), then (when skip is 0) every dev-set dump."""
    files = list_files(BBC, skip + n)[skip:]
    items = [("bbc", str(p.relative_to(BBC)), p.read_bytes()) for p in files]
    if not skip:
        for p in sorted(DUMPS.glob("*/*.txt")):
            items.append(("dumps", str(p.relative_to(DUMPS)), p.read_bytes()))
    return items


_PARA = (
    "The port authority said on Tuesday that container traffic rose by 4.2 per cent in the "
    "third quarter, the fastest pace since 2017, as shipping lines added calls and the new "
    "terminal reached full capacity. Officials expect volumes to keep growing next year."
)


def paragraphs(chars: int) -> list[str]:
    """Numbered copies of one news paragraph, ``chars`` characters in all (roughly)."""
    out, size, i = [], 0, 0
    while size < chars:
        p = f"{_PARA} ({i})"
        out.append(p)
        size += len(p) + 2
        i += 1
    return out


def synthetic_html(chars: int) -> str:
    """A news page (meta tags, JSON-LD, nav, byline, footer) grown to ``chars`` characters."""
    head = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Port traffic rises again | Harbour Times</title>"
        '<meta property="og:title" content="Port traffic rises again">'
        '<meta property="og:site_name" content="Harbour Times">'
        '<meta property="article:published_time" content="2019-05-13T06:22:58+00:00">'
        '<meta name="author" content="Jane Doe">'
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        '"headline":"Port traffic rises again","datePublished":"2019-05-13T14:22:58+08:00",'
        '"author":{"@type":"Person","name":"Jane Doe"}}</script></head><body>'
        '<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav>'
        '<article><h1>Port traffic rises again</h1><p class="byline">By Jane Doe</p>'
        '<time datetime="2019-05-13T06:22:58Z">May 13, 2019</time>'
    )
    tail = (
        "</article><footer><p>Copyright 2019 Harbour Times. All rights reserved.</p></footer></body></html>"
    )
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(chars - len(head) - len(tail)))
    return head + body + tail


def synthetic_text(chars: int) -> str:
    """A text dump (headline, dateline line, byline, paragraphs) grown to ``chars`` characters."""
    head = "Port traffic rises again\n\n2019-05-13 06:22:58 GMT  Harbour Times\n\nBy Jane Doe\n\n"
    return head + "\n\n".join(paragraphs(chars - len(head))) + "\n"


# ---- the variants -------------------------------------------------------------------------
def build(variant: str) -> Call:
    """Import what the variant needs; one call on one input."""
    if variant == "a":
        from dateline.models import Article
        from dateline.read import read_bytes

        def call_a(name: str, data: bytes) -> tuple[bool, bool, int]:
            got = [x for x in read_bytes(data, name=name) if isinstance(x, Article)]
            return any(a.body for a in got), any(a.published for a in got), len(got)

        return call_a
    if variant == "b":
        import trafilatura

        def call_b(name: str, data: bytes) -> tuple[bool, bool, int]:
            text = trafilatura.extract(data)
            return bool(text), False, int(bool(text))

        return call_b
    if variant == "c":
        import htmldate
        import trafilatura

        def call_c(name: str, data: bytes) -> tuple[bool, bool, int]:
            tree = trafilatura.load_html(data)
            if tree is None:
                return False, False, 0
            date = htmldate.find_date(tree, extensive_search=True, original_date=True)
            doc = trafilatura.bare_extraction(tree, with_metadata=True)
            text = doc.text if doc is not None else None
            return bool(text), bool(date), int(bool(text))

        return call_c
    if variant == "d":
        with warnings.catch_warnings():  # "nltk is not installed": only Article.nlp() needs it
            warnings.simplefilter("ignore")
            import newspaper

        def call_d(name: str, data: bytes) -> tuple[bool, bool, int]:
            art = newspaper.Article(url="http://example.com", fetch_images=False)
            art.download(input_html=data.decode("utf-8", errors="replace"))
            art.parse()
            return bool(art.text), art.publish_date is not None, int(bool(art.text))

        return call_d
    raise SystemExit(f"unknown variant {variant!r}")


def _no_network(*_args: Any, **_kw: Any) -> Any:
    raise OSError("network disabled by bench/reader.py")


def prime() -> None:
    """dateparser compiles every locale's regexes on the first string no locale claims."""
    try:
        from htmldate.extractors import get_external_parser
    except ImportError:
        return
    get_external_parser().get_date_data("qqq 12 zzz 2019 vvv")


def percentiles(times: list[float]) -> dict[str, float]:
    if not times:
        return {}
    s = sorted(times)
    return {
        "p50_s": round(statistics.median(s), 4),
        "p95_s": round(s[min(len(s) - 1, int(0.95 * len(s)))], 4),
        "max_s": round(s[-1], 4),
    }


def timed(call: Call, name: str, data: bytes) -> tuple[float, float, bool, bool, int, str | None]:
    """(wall s, CPU s, has body, has date, articles, error) of one call; an exception is
    counted against the variant, never stops it."""
    c0, t0 = time.process_time(), time.perf_counter()
    err = None
    try:
        body, dated, n = call(name, data)
    except Exception as e:  # noqa: BLE001 - a third-party tool failing on one page
        body, dated, n, err = False, False, 0, f"{type(e).__name__}: {str(e)[:120]}"
    return time.perf_counter() - t0, time.process_time() - c0, body, dated, n, err


def run_items(call: Call, items: list[Item], repeat: int) -> dict[str, Any]:
    """Time every item ``repeat`` times over; the run with the least CPU time is kept.
    Per-page figures (percentiles, slowest pages) are CPU seconds: on a shared machine
    the wall clock also counts the time other jobs held the CPU."""
    best: list[tuple[float, float, bool, bool, int, str | None]] | None = None
    for _ in range(repeat):
        run = [timed(call, name, data) for _label, name, data in items]
        if best is None or sum(r[1] for r in run) < sum(r[1] for r in best):
            best = run
    assert best is not None
    sets: dict[str, Any] = {}
    for (label, name, _), (wall, cpu, body, dated, n, err) in zip(items, best, strict=True):
        s = sets.setdefault(
            label,
            {"files": 0, "wall_s": 0.0, "cpu_s": 0.0, "body": 0, "dated": 0, "articles": 0}
            | {"errors": 0, "error_examples": [], "times": {}, "wall_times": {}},
        )
        s["files"] += 1
        s["wall_s"] += wall
        s["cpu_s"] += cpu
        s["body"] += body
        s["dated"] += dated
        s["articles"] += n
        if err:
            s["errors"] += 1
            if len(s["error_examples"]) < 3:
                s["error_examples"].append(f"{name}: {err}")
        s["times"][name] = round(cpu, 5)
        s["wall_times"][name] = round(wall, 5)
    for s in sets.values():
        s["wall_s"], s["cpu_s"] = round(s["wall_s"], 3), round(s["cpu_s"], 3)
        s["files_per_s"] = round(s["files"] / s["cpu_s"], 2) if s["cpu_s"] else None
        s["files_per_wall_s"] = round(s["files"] / s["wall_s"], 2) if s["wall_s"] else None
        s |= percentiles(list(s["times"].values()))
    return sets


def best_cpu(runs: int, fn: Callable[..., object], *args: Any) -> float:
    """The least CPU time of ``runs`` calls of ``fn(*args)``."""
    best = float("inf")
    for _ in range(runs):
        c0 = time.process_time()
        fn(*args)
        best = min(best, time.process_time() - c0)
    return best


def run_linear(call: Call, sizes: list[int], repeat: int) -> list[dict[str, Any]]:
    """dateline's reader on the synthetic page and dump at each size; best of 3 CPU times."""
    import trafilatura

    rows = []
    for kind, make in (("html", synthetic_html), ("text", synthetic_text)):
        for size in sizes:
            page = make(size)
            data = page.encode("utf-8")
            name = f"synthetic.{'html' if kind == 'html' else 'txt'}"
            row: dict[str, Any] = {"kind": kind, "chars": len(page), "body": call(name, data)[0]}
            row["seconds"] = round(best_cpu(max(3, repeat), call, name, data), 4)
            if kind == "html":  # the extractor dateline's HTML reader builds on, as a reference
                row["trafilatura_s"] = round(best_cpu(max(3, repeat), trafilatura.extract, data), 4)
            rows.append(row)
    return rows


def child(job: str, variant: str, args: argparse.Namespace) -> dict[str, Any]:
    """One variant on one job, in this (fresh) process."""
    socket.socket.connect = _no_network  # type: ignore[method-assign]
    socket.getaddrinfo = _no_network
    warnings.simplefilter("ignore")
    row: dict[str, Any] = {"job": job, "variant": variant, "name": VARIANTS[variant]}
    if job == "html":
        items, warm = html_items(args.n), html_warmup(args.n, args.warmup)
    elif job == "recheck":  # the flagged pages only, each seen once, after the same warm-up
        wanted = {tuple(p.split("/", 1)) for p in args.pages.split("\n")}
        items = [it for it in html_items(10**6) if (it[0], it[1]) in wanted]
        warm = html_warmup(args.n, args.warmup)
    elif job == "text":
        items, warm = text_items(args.bbc), text_items(args.warmup, skip=args.bbc)
    else:
        items, warm = [], [("synthetic", "w.html", synthetic_html(5000).encode())]
    t0 = time.perf_counter()
    try:
        call = build(variant)
    except Exception as e:  # noqa: BLE001 - a skipped variant says why
        return row | {"skipped": f"{type(e).__name__}: {e}"}
    prime()
    for _label, name, data in warm:
        timed(call, name, data)
    row["load_s"] = round(time.perf_counter() - t0, 3)
    try:  # what imports, priming and warm-up hold before the timed run
        import psutil

        row["rss_after_load_mib"] = round(psutil.Process().memory_info().rss / 2**20, 1)
    except ImportError:
        pass
    if job == "linear":
        row["rows"] = run_linear(call, args.sizes, max(1, args.repeat))
    else:
        row["sets"] = run_items(call, items, max(1, args.repeat))
    row["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return row


# ---- the parent ---------------------------------------------------------------------------
def spawn(job: str, v: str, args: argparse.Namespace, pages: list[str] | None = None) -> dict[str, Any]:
    """Run one child; its JSON row plus the peak RSS psutil saw (sampled every 50 ms)."""
    import psutil

    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", job, "--variants", v]
    cmd += ["--n", str(args.n), "--bbc", str(args.bbc), "--repeat", str(args.repeat)]
    cmd += ["--warmup", str(args.warmup), "--sizes", *map(str, args.sizes)]
    if pages:
        cmd += ["--pages", "\n".join(pages)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        try:
            p = psutil.Process(proc.pid)
            while not done.is_set():
                peak[0] = max(peak[0], p.memory_info().rss)
                done.wait(0.05)
        except psutil.Error:
            pass

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    done.set()
    watcher.join()
    lines = out.strip().splitlines()
    if proc.returncode == 0 and lines:
        row = dict(json.loads(lines[-1]))
        row["psutil_peak_rss_mib"] = round(peak[0] / 2**20, 1)
        return row
    last = (err.strip().splitlines() or ["no output"])[-1]
    return {"job": job, "variant": v, "name": VARIANTS[v], "skipped": f"exit {proc.returncode}: {last}"}


def _label(r: dict[str, Any]) -> str:
    return f"{r['variant']} {r['name']}"


def _ratios(rows: list[dict[str, Any]], label: str) -> None:
    """ratio = pages/s relative to (b) trafilatura.extract, on CPU time and on wall time."""
    b = next((r["sets"][label] for r in rows if r["variant"] == "b" and "sets" in r), None)
    for r in rows:
        if "sets" in r and b:
            s = r["sets"][label]
            s["ratio_vs_b"] = round(s["files_per_s"] / b["files_per_s"], 3)
            s["wall_ratio_vs_b"] = round(s["files_per_wall_s"] / b["files_per_wall_s"], 3)


def print_html(rows: list[dict[str, Any]]) -> None:
    print("\nHTML pages (pages/s and ratio on CPU time; CPU s per page p50 / p95 / max)")
    head = (
        f"{'set':<17}{'variant':<24}{'pages':>6}{'wall s':>8}{'CPU s':>8}{'pages/s':>8}{'ratio':>7}"
        f"{'wall r':>7}{'RSS MiB':>8}{'p50':>7}{'p95':>7}{'max':>7}{'body':>5}{'date':>5}{'err':>4}"
    )
    print(head)
    print("-" * len(head))
    for label in HTML_SETS:
        _ratios(rows, label)
        for r in rows:
            if "skipped" in r:
                print(f"{label:<17}{_label(r):<24}skipped: {r['skipped']}")
                continue
            s = r["sets"][label]
            ratio = f"{s['ratio_vs_b']:.2f}" if "ratio_vs_b" in s else "-"
            wall = f"{s['wall_ratio_vs_b']:.2f}" if "wall_ratio_vs_b" in s else "-"
            date = str(s["dated"]) if r["variant"] != "b" else "-"
            print(
                f"{label:<17}{_label(r):<24}{s['files']:>6}{s['wall_s']:>8.1f}{s['cpu_s']:>8.1f}"
                f"{s['files_per_s']:>8.1f}{ratio:>7}{wall:>7}{r['peak_rss_mib']:>8.0f}{s['p50_s']:>7.3f}"
                f"{s['p95_s']:>7.3f}{s['max_s']:>7.3f}{s['body']:>5}{date:>5}{s['errors']:>4}"
            )
    for r in rows:
        for label, s in r.get("sets", {}).items():
            for e in s["error_examples"]:
                print(f"  {_label(r)} error on {label}/{e}")


def _pairs(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every page dateline read, with its CPU time and trafilatura.extract's on the same page."""
    a = next((r for r in rows if r["variant"] == "a" and "sets" in r), None)
    b = next((r for r in rows if r["variant"] == "b" and "sets" in r), None)
    if a is None:
        return []
    out = []
    for label, s in a["sets"].items():
        for name, t in s["times"].items():
            tb = b["sets"][label]["times"].get(name) if b else None
            out.append({"set": label, "page": name, "dateline_s": t, "trafilatura_s": tb})
            out[-1]["x"] = round(t / tb, 1) if tb else None
    return out


def slowest(rows: list[dict[str, Any]], k: int = 5) -> list[dict[str, Any]]:
    return sorted(_pairs(rows), key=lambda p: -p["dateline_s"])[:k]


def suspects(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pages where dateline took more than PATHOLOGICAL times trafilatura.extract (and > 50 ms)."""
    out = [p for p in _pairs(rows) if p["x"] and p["x"] > PATHOLOGICAL and p["dateline_s"] > 0.05]
    return sorted(out, key=lambda p: -p["x"])


def print_pages(title: str, pages: list[dict[str, Any]]) -> None:
    print(title)
    for p in pages:
        tb = f"{p['trafilatura_s']:.3f}" if p["trafilatura_s"] is not None else "-"
        x = f"{p['x']:.1f}x" if p["x"] else "-"
        print(f"  {p['set'] + '/' + p['page']:<70.70}{p['dateline_s']:>7.3f} s  vs {tb:>6} s  {x:>6}")


def print_text(rows: list[dict[str, Any]]) -> None:
    print("\nText dumps (files/s on CPU time; body / date = files with a non-empty text / a date out)")
    head = (
        f"{'set':<8}{'variant':<24}{'files':>6}{'wall s':>8}{'CPU s':>8}{'files/s':>9}{'RSS MiB':>8}"
        f"{'max s':>7}{'body':>6}{'date':>6}{'articles':>9}{'err':>5}"
    )
    print(head)
    print("-" * len(head))
    for label in ("bbc", "dumps"):
        for r in rows:
            if "skipped" in r:
                print(f"{label:<8}{_label(r):<24}skipped: {r['skipped']}")
                continue
            s = r["sets"].get(label)
            if not s:
                continue
            date = str(s["dated"]) if r["variant"] != "b" else "-"
            print(
                f"{label:<8}{_label(r):<24}{s['files']:>6}{s['wall_s']:>8.2f}{s['cpu_s']:>8.2f}"
                f"{s['files_per_s']:>9.1f}{r['peak_rss_mib']:>8.0f}{s['max_s']:>7.3f}{s['body']:>6}"
                f"{date:>6}{s['articles']:>9}{s['errors']:>5}"
            )


def print_linear(row: dict[str, Any]) -> None:
    print("\nLinearity: dateline's reader, best of 3 CPU times (x = time / time at the previous size)")
    if "skipped" in row:
        print(f"skipped: {row['skipped']}")
        return
    head = f"{'input':<6}{'chars':>11}{'seconds':>9}{'x':>7}{'us/char':>9}{'trafilatura s':>15}{'x':>7}"
    print(head)
    print("-" * len(head))
    prev: dict[str, dict[str, Any]] = {}
    for r in row["rows"]:
        p = prev.get(r["kind"])
        r["x"] = round(r["seconds"] / p["seconds"], 1) if p and p["seconds"] else None
        tr = r.get("trafilatura_s")
        r["trafilatura_x"] = round(tr / p["trafilatura_s"], 1) if p and tr and p["trafilatura_s"] else None
        x = f"{r['x']:.1f}" if r["x"] else "-"
        tx = f"{r['trafilatura_x']:.1f}" if r["trafilatura_x"] else "-"
        ts = f"{tr:.3f}" if tr is not None else "-"
        us = r["seconds"] / r["chars"] * 1e6
        print(f"{r['kind']:<6}{r['chars']:>11,}{r['seconds']:>9.3f}{x:>7}{us:>9.2f}{ts:>15}{tx:>7}")
        prev[r["kind"]] = r


def versions() -> dict[str, str]:
    import importlib.metadata as md

    out = {}
    for pkg in (
        "dateline",
        "trafilatura",
        "htmldate",
        "newspaper4k",
        "lxml",
        "py3langid",
        "charset-normalizer",
        "dateparser",
        "psutil",
    ):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--n", type=int, default=300, help="pages per HTML set (default 300)")
    ap.add_argument("--bbc", type=int, default=500, help="BBC text files (default 500)")
    ap.add_argument("--repeat", type=int, default=1, help="timed runs per variant; best is kept")
    ap.add_argument(
        "--warmup", type=int, default=20, help="untimed inputs first, not in the set (default 20)"
    )
    ap.add_argument("--variants", default="abcd", help="which variants to run (default abcd)")
    ap.add_argument("--jobs", default="html,text,linear", help="which jobs (default html,text,linear)")
    ap.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="linearity sizes in characters")
    ap.add_argument("--child", choices=["html", "text", "linear", "recheck"], help=argparse.SUPPRESS)
    ap.add_argument("--pages", default="", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    missing = [p for p in (*HTML_SETS.values(), BBC) if not p.is_dir()]
    if missing:
        raise SystemExit(f"shared data not found: {missing[0]} (bench/reader.py needs ../shared/data)")
    if unknown := set(args.variants) - set(VARIANTS):
        raise SystemExit(f"unknown variant(s) {''.join(sorted(unknown))}: use some of abcd")
    if args.child:
        print(json.dumps(child(args.child, args.variants, args)))
        return

    jobs = [j.strip() for j in args.jobs.split(",") if j.strip()]
    command = shlex.join([sys.executable, *sys.argv])
    info = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
        "versions": versions(),
    }
    print(f"command: {command}")
    libs = ", ".join(f"{k} {v}" for k, v in info["versions"].items())
    print(
        f"machine: {info['cpus']} CPUs, Python {info['python']}, {info['platform']}, load {info['load_avg']}"
    )
    print(f"libraries: {libs}")
    print(
        f"inputs: first {args.n} pages of trafilatura_eval and of htmldate_eval (its copies of"
        f" trafilatura_eval pages left out), first {args.bbc} BBC files, eval/dumps/*/*.txt"
    )
    t_start = time.perf_counter()
    result: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "command": command,
        "machine": info,
        "n": args.n,
        "bbc": args.bbc,
        "repeat": args.repeat,
        "warmup": args.warmup,
    }
    if "html" in jobs:
        rows = [spawn("html", v, args) for v in args.variants]
        print_html(rows)
        result["html"] = rows
        result["slowest"] = slowest(rows)
        print_pages(
            "\ndateline's 5 slowest pages (CPU s), next to trafilatura.extract on the same page",
            result["slowest"],
        )
        flagged = suspects(rows)
        result["suspects"] = flagged
        print(f"pages over {PATHOLOGICAL:.0f}x trafilatura.extract in the run (and > 50 ms): {len(flagged)}")
        if flagged:  # again, each variant in 3 fresh processes: each page's first visit, least CPU
            names = [f"{p['set']}/{p['page']}" for p in flagged]
            best: dict[tuple[str, str], dict[str, float]] = {}
            for _ in range(RECHECK_ROUNDS):
                for v in "ab":
                    got = spawn("recheck", v, args, names)
                    for label, s in got.get("sets", {}).items():
                        for name, t in s["times"].items():
                            slot = best.setdefault((label, name), {})
                            slot[v] = min(slot.get(v, float("inf")), t)
            again = [
                {"set": label, "page": name, "dateline_s": t["a"], "trafilatura_s": t["b"]}
                | {"x": round(t["a"] / t["b"], 1) if t["b"] else None}
                for (label, name), t in best.items()
                if "a" in t and "b" in t
            ]
            result["recheck"] = again
            print_pages(f"  timed again, {RECHECK_ROUNDS} fresh processes per variant, least CPU:", again)
            result["pathological"] = [p for p in again if p["x"] and p["x"] > PATHOLOGICAL]
            print(f"  still over {PATHOLOGICAL:.0f}x: {len(result['pathological'])}")
    if "text" in jobs:
        rows = [spawn("text", v, args) for v in args.variants]
        print_text(rows)
        result["text"] = rows
    if "linear" in jobs:
        row = spawn("linear", "a", args)
        print_linear(row)
        result["linear"] = row
    result["wall_s"] = round(time.perf_counter() - t_start, 1)
    print(f"\nwall time {result['wall_s']:.0f} s")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
