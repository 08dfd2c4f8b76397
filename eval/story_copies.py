"""Duplicate precision and recall: syndicated copies (eval/syndicate.py) mixed with their
originals and with distinct articles on the same topics, ingested with the real pipeline,
judged by ``articles.duplicate_of``.

The store is built in two ingest runs, as copies arrive after the stories they copy:
first the originals and the negatives (same-section sources sharing the most words with
an original, and the hand-written story dev sets, whose reports of one story by several
outlets are the same happening in other words, never copies), then the copies.

* A copy is **right** when its ``duplicate_of`` is the rowid of its own original; it is
  **missed** when it has none (or was not stored), **wrong** when it points elsewhere.
* A **false positive** is a flag that is not right: an original or a negative marked as a
  copy, or a copy pointing at another article.
* precision = right / flags; recall = right / copies; recall is also given per
  transformation (over the copies that underwent it), and ``publisher_right`` is the
  share of copies whose ``articles.publisher`` is the one the copy names (or none).

Source sets: ``sample`` (the bundled corpus' text dumps, 3 copies each; negatives: each
other and the story dev sets) and ``bbc`` (150 BBC articles, 2 copies each, 150 same-topic
BBC negatives and the story dev sets).  The digest is over every file ingested and the
manifest, so it changes when the generator or the data does.

    eval/story_copies.py --from sample        table (and --out JSON)
    eval/story_copies.py --from bbc --keep /tmp/copies   keep the store and the copies
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is a folder of scripts
import syndicate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEV = REPO / "eval" / "data" / "stories"
#: How each source set is drawn: originals (None: all), copies of each.
SETS = {"sample": (None, 3), "bbc": (150, 2)}
#: The story dev sets mixed in as negatives: the two fixed ones (a dev set being written
#: would move this gold set's digest with every line added).
DEV_NEGATIVES = ("dev_a.jsonl", "dev_b.jsonl")


@dataclass(frozen=True)
class Row:
    rowid: int
    duplicate_of: int | None
    similarity: float | None
    publisher: str | None


def dev_files() -> list[Path]:
    """The story dev sets mixed in as negatives (those of DEV_NEGATIVES that are there)."""
    return [DEV / name for name in DEV_NEGATIVES if (DEV / name).is_file()]


def prepare(kind: str, tmp: Path, *, seed: int = syndicate.SEED) -> tuple[dict[str, Any], Path]:
    """Copies of the ``kind`` source set written under ``tmp/copies``; the manifest and
    the copies' folder."""
    originals, copies = SETS[kind]
    files, root = syndicate.source_files(kind)
    sources = syndicate.read_sources(files, root)
    out = tmp / "copies"
    manifest = syndicate.generate(sources, out, originals=originals, copies=copies, seed=seed)
    return manifest, out


def first_run(manifest: dict[str, Any], dev: Sequence[Path]) -> list[str]:
    """What the first ingest run reads: originals, negatives, the story dev sets."""
    files = [*manifest["originals"], *(n["file"] for n in manifest["negatives"])]
    return [*dict.fromkeys(files), *map(str, dev)]


def ingest(db: Path, paths: Sequence[str], workers: int = 2) -> float:
    from dateline.ingest import ingest as run
    from dateline.store import SQLiteCorpus

    t0 = time.perf_counter()
    with SQLiteCorpus(db) as c:
        report = run(c, list(paths), workers=workers)
    print(f"ingested {len(paths)} paths into {db}: {report.line()}", file=sys.stderr)
    return time.perf_counter() - t0


def _file_of(origin: str) -> str:
    """The file of an article's origin ("path" or "path:LINE" for JSON Lines)."""
    head, sep, tail = origin.rpartition(":")
    return head if sep and tail.isdigit() else origin


def store_rows(db: Path) -> tuple[dict[str, list[Row]], dict[int, str]]:
    """The articles by resolved file (a JSONL file holds many), and each rowid's origin."""
    from dateline.store import SQLiteCorpus

    by_file: dict[str, list[Row]] = {}
    origin: dict[int, str] = {}
    with SQLiteCorpus(db, readonly=True) as c:
        for rowid, org, dup, sim, pub in c.db.execute(
            "SELECT rowid, origin, duplicate_of, similarity, publisher FROM articles ORDER BY rowid"
        ):
            origin[rowid] = org or ""
            by_file.setdefault(str(Path(_file_of(org or "")).resolve()), []).append(Row(rowid, dup, sim, pub))
    return by_file, origin


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").casefold().strip() == (b or "").casefold().strip()


def score(manifest: dict[str, Any], copies_dir: Path, db: Path, dev: Sequence[Path]) -> dict[str, Any]:
    """Precision, recall (overall and per transformation), publisher accuracy, and the
    misses and false positives by name."""
    by_file, origin = store_rows(db)

    def rows(path: str | Path) -> list[Row]:
        return by_file.get(str(Path(path).resolve()), [])

    right, flags, pub_right = 0, 0, 0
    per_t: dict[str, list[int]] = {t: [0, 0] for t in syndicate.TRANSFORMATIONS}
    misses, false_pos, sims = [], [], []
    for c in manifest["copies"]:
        mine, orig = rows(copies_dir / c["file"]), rows(c["original"])
        got = mine[0] if mine else None
        ok = bool(got and orig and got.duplicate_of == orig[0].rowid)
        for t in c["transformations"]:
            per_t[t][0] += ok
            per_t[t][1] += 1
        if got and got.duplicate_of is not None:
            flags += 1
        if ok and got:
            right += 1
            sims.append(got.similarity or 0.0)
            pub_right += _same(got.publisher, c["publisher"])
            continue
        item = {"file": c["file"], "original": c["original"], "transformations": c["transformations"]}
        if got is None:
            misses.append({**item, "why": "not stored"})
        elif got.duplicate_of is None:
            misses.append({**item, "why": "not flagged"})
        else:
            false_pos.append(
                {**item, "points_at": origin.get(got.duplicate_of), "similarity": got.similarity}
            )
    others = [*manifest["originals"], *(n["file"] for n in manifest["negatives"]), *map(str, dev)]
    for path in dict.fromkeys(others):
        for r in rows(path):
            if r.duplicate_of is not None:
                flags += 1
                false_pos.append(
                    {
                        "file": origin[r.rowid],
                        "points_at": origin.get(r.duplicate_of),
                        "similarity": r.similarity,
                    }
                )
    n = len(manifest["copies"])
    return {
        "copies": n,
        "originals": len(manifest["originals"]),
        "negatives": len(manifest["negatives"]),
        "dev_reports": sum(len(rows(p)) for p in dev),
        "flags": flags,
        "right": right,
        "precision": right / flags if flags else 1.0,
        "recall": right / n if n else 0.0,
        "publisher_right": pub_right / right if right else 0.0,
        "by_transformation": {
            t: {"copies": k, "recall": h / k if k else None} for t, (h, k) in per_t.items()
        },
        "min_similarity_right": min(sims) if sims else None,
        "misses": misses,
        "false_positives": false_pos,
    }


def digest(manifest: dict[str, Any], copies_dir: Path, dev: Sequence[Path]) -> str:
    """sha256 over the manifest and the bytes of every file the two runs ingest.  Paths
    are left out (the originals' bytes are hashed): the digest is the same in any clone."""
    plan = [(c["file"], c["transformations"]) for c in manifest["copies"]]
    h = hashlib.sha256(json.dumps({"copies": plan, "seed": manifest["seed"]}, sort_keys=True).encode())
    files = [*first_run(manifest, dev), *(str(copies_dir / c["file"]) for c in manifest["copies"])]
    for f in files:
        h.update(b"\0")
        h.update(Path(f).read_bytes())
    return h.hexdigest()


def model() -> str:
    from importlib.metadata import version

    return f"datasketch-{version('datasketch')}"


def measure(kind: str, tmp: Path, *, workers: int = 2, seed: int = syndicate.SEED) -> dict[str, Any]:
    """Generate, ingest (two runs) and score the ``kind`` source set in ``tmp``."""
    dev = dev_files()
    manifest, copies_dir = prepare(kind, tmp, seed=seed)
    db = tmp / "copies.db"
    first_s = ingest(db, first_run(manifest, dev), workers)
    copies_s = ingest(db, [str(copies_dir)], workers)
    out = score(manifest, copies_dir, db, dev)
    used = Counter(t for c in manifest["copies"] for t in c["transformations"])
    out.update(
        sha256=digest(manifest, copies_dir, dev),
        model=model(),
        ingest_s={"originals": round(first_s, 1), "copies": round(copies_s, 1)},
        transformations_used=dict(sorted(used.items())),
        twins_left_out=len(manifest["twins"]),
    )
    return out


def figures(s: dict[str, Any]) -> dict[str, float]:
    return {"duplicate_precision": s["precision"], "duplicate_recall": s["recall"]}


def print_table(name: str, s: dict[str, Any]) -> None:
    print(
        f"{name}: {s['copies']} copies of {s['originals']} originals, {s['negatives']} same-topic negatives,"
        f" {s['dev_reports']} story dev reports"
    )
    print(
        f"  duplicate precision {s['precision']:.4f} ({s['right']}/{s['flags']} flags), recall "
        f"{s['recall']:.4f} ({s['right']}/{s['copies']}); publisher right {s['publisher_right']:.3f}"
    )
    print("  recall by transformation: " + ", ".join(
        f"{t} {v['recall']:.3f} ({v['copies']})" for t, v in s["by_transformation"].items() if v["copies"]
    ))  # fmt: skip
    for m in s["misses"][:10]:
        print(f"  missed: {m['file']} ({', '.join(m['transformations'])}; {m['why']})")
    for f in s["false_positives"][:10]:
        print(f"  false positive: {f['file']} → {f['points_at']} (similarity {f['similarity']})")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--from", dest="kind", choices=sorted(SETS), default="sample")
    ap.add_argument("--out", type=Path, help="write the results as JSON here")
    ap.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temp folder)")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="copies-") as t:
        tmp = args.keep or Path(t)
        tmp.mkdir(parents=True, exist_ok=True)
        s = measure(args.kind, tmp, workers=args.workers)
    print_table(f"syndication-{args.kind}", s)
    if args.out:
        args.out.write_text(json.dumps(s, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
