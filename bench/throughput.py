"""Throughput and peak memory of dateline next to spaCy alone and two extractor + spaCy stacks.

All variants take the same first N ``.txt`` files of the BBC News corpus (sorted by path) and
the same spaCy model, run ``nlp.pipe`` at batch size 32, in a single process:

  a  dateline     ``read_bytes`` (decode, furniture, dateline/byline, language) +
                  ``analyze_batch`` (spaCy + the ``dateline_entities`` stage) + ``to_json()``
  b  spacy        ``spacy.load(<same model>)``, ``nlp.pipe`` over the plain file text: the
                  floor any spaCy-based tool pays
  c  trafilatura  the texts wrapped as minimal HTML, ``trafilatura.bare_extraction`` (with
                  metadata, so it looks for a date as dateline does), then spaCy
  d  newspaper4k  the same HTML via ``Article.download(input_html=...)`` + ``parse()``, then
                  spaCy (skipped, with the reason, if it cannot run offline)

Why: dateline's reader and its spaCy stage should cost little next to spaCy itself, and no
more than the usual "HTML extractor, then spaCy" stack.  The ratio is docs/s relative to (b).

Fairness: each variant runs in a fresh child process (this script re-invoked with
``--variant``), so its peak RSS (``ru_maxrss``) is its own.  File bytes are read into memory
and the HTML wrapping is done before timing (disk I/O and page fetching are not measured);
decoding and parsing are timed.  Imports and model loading are timed apart as ``load``; each
variant is first warmed up on 5 documents (``--warmup``), untimed.  Sockets are disabled in
the children: nothing may touch the network.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import resource
import shlex
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "bbc_news_fulltext" / "bbc"
RESULTS = REPO / "bench" / "results" / "throughput.json"
VARIANTS = {"a": "dateline", "b": "spacy", "c": "trafilatura+spacy", "d": "newspaper4k+spacy"}
BATCH = 32

Item = tuple[str, bytes]  # (file name, raw bytes)
# A variant: a parse step (items -> Articles or texts) and an nlp step over its output.
Steps = tuple[Callable[[list[Item]], list[Any]], Callable[[list[Any]], object]]


def list_files(data: Path, n: int) -> list[Path]:
    files = (p for p in data.rglob("*") if p.is_file() and p.suffix.lower() == ".txt")
    return sorted(p for p in files if p.name.upper() != "README.TXT")[:n]


def to_html(text: str) -> str:
    """The text as the simplest article page: headline as <title> and <h1>, paragraphs as <p>."""
    paras = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    head, body = (paras[0], paras[1:]) if paras else ("", [])
    e = html.escape
    ps = "".join(f"<p>{e(p)}</p>" for p in body)
    return (
        f"<html><head><title>{e(head)}</title></head><body><article><h1>{e(head)}</h1>"
        f"{ps}</article></body></html>"
    )


def resolve_model() -> str:
    """The model ``load_nlp("")`` picks: DATELINE_SPACY_MODEL, else the first installed default."""
    from spacy.util import is_package

    from dateline.nlp.pipeline import DEFAULT_MODELS, model_name

    return model_name() or next((m for m in DEFAULT_MODELS if is_package(m)), DEFAULT_MODELS[0])


def spacy_step(nlp: Any) -> Callable[[list[Any]], object]:
    def run(texts: list[Any]) -> object:
        return sum(len(doc) for doc in nlp.pipe(texts, batch_size=BATCH))

    return run


def build(variant: str, model: str) -> tuple[Steps, str]:
    """Import and load what the variant needs (timed as load); its steps and model id."""
    import spacy

    if variant == "a":
        from dateline.models import Article
        from dateline.nlp.pipeline import analyze_batch, load_nlp
        from dateline.read import read_bytes

        nlp = load_nlp("")

        def read(items: list[Item]) -> list[Any]:
            got = (a for name, data in items for a in read_bytes(data, name=name))
            return [a for a in got if isinstance(a, Article)]

        def analyse(articles: list[Any]) -> object:
            return [r.to_json() for r in analyze_batch(articles, nlp=nlp, batch_size=BATCH)]

        steps: Steps = (read, analyse)
    elif variant == "b":
        nlp = spacy.load(model)

        def decode(items: list[Item]) -> list[Any]:
            return [d.decode("utf-8", errors="replace") for _, d in items]

        steps = (decode, spacy_step(nlp))
    elif variant == "c":
        import trafilatura

        nlp = spacy.load(model)

        def extract_c(items: list[Item]) -> list[Any]:
            docs = (trafilatura.bare_extraction(d.decode("utf-8"), with_metadata=True) for _, d in items)
            return [(doc.text or "") if doc is not None else "" for doc in docs]

        steps = (extract_c, spacy_step(nlp))
    elif variant == "d":
        with warnings.catch_warnings():  # "nltk is not installed": only Article.nlp() needs it
            warnings.simplefilter("ignore")
            import newspaper

        nlp = spacy.load(model)

        def extract_d(items: list[Item]) -> list[Any]:
            texts = []
            for name, d in items:
                art = newspaper.Article(f"https://example.invalid/{name}", fetch_images=False)
                art.download(input_html=d.decode("utf-8"))
                art.parse()
                texts.append(art.text)
            return texts

        steps = (extract_d, spacy_step(nlp))
    else:
        raise SystemExit(f"unknown variant {variant!r}")
    meta = nlp.meta
    return steps, f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"


def _no_network(*_args: Any, **_kw: Any) -> None:
    raise OSError("network disabled by bench/throughput.py")


def run_variant(variant: str, files: list[Path], model: str, repeat: int, warmup: int) -> dict[str, Any]:
    """Child process: load, warm up, time ``repeat`` runs; report the best and the peak RSS."""
    socket.socket.connect = _no_network  # type: ignore[method-assign]
    row: dict[str, Any] = {"variant": variant, "name": VARIANTS[variant]}
    items: list[Item] = [(str(p), p.read_bytes()) for p in files]
    if variant in ("c", "d"):
        items = [(name, to_html(d.decode("utf-8")).encode("utf-8")) for name, d in items]
    t0 = time.perf_counter()
    try:
        (parse, analyse), model_id = build(variant, model)
    except Exception as e:  # noqa: BLE001 - a skipped variant says why
        return row | {"skipped": f"{type(e).__name__}: {e}"}
    load_s = time.perf_counter() - t0
    if warmup:
        analyse(parse(items[:warmup]))
    best: tuple[float, float, list[Any]] | None = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        parsed = parse(items)
        t1 = time.perf_counter()
        analyse(parsed)
        t2 = time.perf_counter()
        if best is None or t2 - t0 < best[0]:
            best = (t2 - t0, t1 - t0, parsed)
    assert best is not None
    seconds, parse_s, parsed = best
    texts = [x if isinstance(x, str) else x.body for x in parsed]
    if not any(texts):
        return row | {"skipped": "extracted no text"}
    row |= {
        "model": model_id,
        "docs": len(texts),
        "seconds": round(seconds, 3),
        "parse_s": round(parse_s, 3),
        "nlp_s": round(seconds - parse_s, 3),
        "docs_per_s": round(len(texts) / seconds, 2),
        "load_s": round(load_s, 3),
        "chars_to_spacy": sum(map(len, texts)),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    try:
        import psutil

        row["rss_end_mib"] = round(psutil.Process().memory_info().rss / 2**20, 1)
    except ImportError:
        pass
    return row


def spawn(v: str, args: argparse.Namespace, model: str) -> dict[str, Any]:
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--variant",
        v,
        "--n",
        str(args.n),
        "--data",
        str(args.data),
        "--repeat",
        str(args.repeat),
        "--warmup",
        str(args.warmup),
        "--model",
        model,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode == 0 and lines:
        return dict(json.loads(lines[-1]))
    tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
    return {"variant": v, "name": VARIANTS[v], "skipped": f"exit {proc.returncode}: {tail}"}


def print_table(rows: list[dict[str, Any]]) -> None:
    head = (
        f"{'variant':<22}{'docs':>6}{'seconds':>9}{'docs/s':>9}{'ratio':>7}{'RSS MiB':>9}"
        f"{'parse s':>9}{'nlp s':>8}{'load s':>8}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        label = f"{r['variant']} {r['name']}"
        if "skipped" in r:
            print(f"{label:<22}skipped: {r['skipped']}")
            continue
        ratio = f"{r['ratio_vs_spacy']:.2f}" if "ratio_vs_spacy" in r else "-"
        print(
            f"{label:<22}{r['docs']:>6}{r['seconds']:>9.2f}{r['docs_per_s']:>9.1f}{ratio:>7}"
            f"{r['peak_rss_mib']:>9.1f}{r['parse_s']:>9.2f}{r['nlp_s']:>8.2f}{r['load_s']:>8.2f}"
        )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--n", type=int, default=500, help="number of files (default 500)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="BBC corpus folder")
    ap.add_argument("--repeat", type=int, default=1, help="timed runs per variant; best is kept")
    ap.add_argument("--warmup", type=int, default=5, help="untimed documents first (default 5)")
    ap.add_argument("--variants", default="abcd", help="which variants to run (default abcd)")
    ap.add_argument("--variant", choices=list(VARIANTS), help=argparse.SUPPRESS)  # child mode
    ap.add_argument("--model", default="", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if not args.data.is_dir():
        raise SystemExit(f"data folder not found: {args.data} (pass --data DIR)")
    files = list_files(args.data, args.n)
    if not files:
        raise SystemExit(f"no .txt files under {args.data}")
    if args.variant:
        row = run_variant(args.variant, files, args.model, max(1, args.repeat), args.warmup)
        print(json.dumps(row))
        return
    if unknown := set(args.variants) - set(VARIANTS):
        raise SystemExit(f"unknown variant(s) {''.join(sorted(unknown))}: use some of abcd")

    import spacy

    model = resolve_model()
    command = shlex.join([sys.executable, *sys.argv])
    info = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "platform": platform.platform(),
    }
    print(f"command: {command}")
    print(
        f"machine: {info['cpus']} CPUs, Python {info['python']}, spaCy {info['spacy']}, "
        f"{info['platform']}; model {model}; {len(files)} files from {args.data}"
    )
    rows = [spawn(v, args, model) for v in args.variants]
    if len({r["model"] for r in rows if "model" in r}) > 1:
        print("warning: the variants did not all load the same model (see the JSON)")
    base = next((r["docs_per_s"] for r in rows if r["variant"] == "b" and "skipped" not in r), 0)
    for r in rows:
        if "skipped" not in r and base:
            r["ratio_vs_spacy"] = round(r["docs_per_s"] / base, 3)
    print_table(rows)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "command": command,
        "machine": info,
        "model": model,
        "files": len(files),
        "data": str(args.data),
        "batch_size": BATCH,
        "warmup": args.warmup,
        "repeat": args.repeat,
        "variants": rows,
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
