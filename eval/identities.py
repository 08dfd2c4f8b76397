"""Corpus identities: are the names ``dateline entities`` lists real entities of the type
shown, and does ``--entity`` find the articles that name them another way?

Measured on an existing store (``--db``), or on one built first (``--build DIR``: the
corpus ingested with ``dateline.ingest.ingest(…, workers=2)``, which computes the surname
links at its end), against hand labels in ``eval/data/identities/<corpus>.json``:

    {"corpus": "bbc_news_fulltext", "about": "how the labels were made",
     "labels": {"Tony Blair": {"types": ["PERSON"]},
                "Mr Blair": {"types": ["PERSON"], "same_as": "Tony Blair"},
                "Oscar": {"types": ["EVENT", "WORK_OF_ART"], "note": "the film award"},
                "ofNew Labour": {"types": [], "note": "not a name"}},
     "links": {"Blair -> Tony Blair": true}}

A label is keyed by a display name, matched to the store's names with
``dateline.store.identities.identity_key`` (case, whitespace and diacritics folded).
``types`` are the OntoNotes labels acceptable for what the name refers to in that corpus
(empty: not a name); ``same_as`` is the full name it is a variant or fragment of, when a
reader wants the two as one identity.  The labels are facts about the corpus, not about
any version of dateline.

Figures, per type T in PERSON, ORG, GPE, NORP:

* ``P@k`` (k = 20, 50, 100): the share of the first k identities (all, when fewer are listed) ``entities(type=T)``
  lists whose label has T in ``types`` and no ``same_as`` naming another identity the
  store keeps (a variant that IS the identity, "Labour" holding every "Labour Party"
  mention, is right; "Mr Blair" next to a "Tony Blair" row is not).  An
  unlabelled name counts as wrong, and is listed (``--unlabelled`` prints snippets).  A
  variant listed on its own row (``Mr Blair`` next to ``Tony Blair``) is wrong even when
  it is shown as linked: the reader sees two rows for one person.
* merge recall: for each label with ``same_as`` X, the articles with an entity row of that
  name (any type; ``entities.name`` by identity_key) and the share of them that
  ``search(entity=X)`` retrieves.  Micro (over those articles), macro (over the names).
* links, when the store offers ``identity_links(top=100)``: among the first 100 (bare →
  full name) pairs, those whose every article link has confidence ≥ 0.9 (the pair's
  lowest), how many the ``links`` labels call wrong (a pair is right when it is right in
  at least 9 of 10 of its articles), and how many are unlabelled; the pairs whose MEAN
  confidence passes are reported beside them.  ``confident_links_right`` = 1 − wrong /
  confident is gated.  An older store has no such method: "n/a".

The digest (the gate's ``sha256``) is over the label file and the corpus files (``--data``,
by default the corpus the label file names, read where it lies in ``../shared``); the model
is the one the store's records name (``record.model``, the commonest).

    eval/identities.py --db /tmp/id/bbc0.db --labels eval/data/identities/bbc.json
                                          table + eval/results/identities_bbc-identities.json
    eval/identities.py --build ../shared/data/bbc_news_fulltext --labels eval/data/identities/bbc.json
                                          ingest into a temporary store first (~4 min)
    eval/identities.py … --unlabelled     also the unlabelled names, 2 snippets each
    eval/identities.py … --check          exit 1 if a floor in eval/baseline.json is not met
    eval/identities.py … --write-baseline pin today's figures as floors
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import shlex
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is a folder of scripts
import gate  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
RESULTS = REPO / "eval" / "results"
BASELINE = REPO / "eval" / "baseline.json"
#: Where each labelled corpus lies (the label file's ``corpus``), for the digest and --build.
CORPORA = {
    "bbc_news_fulltext": SHARED_DATA / "bbc_news_fulltext",
    "polnear-train": SHARED_DATA / "polnear" / "data" / "train" / "text",
}
TYPES = ("PERSON", "ORG", "GPE", "NORP")
KS = (20, 50, 100)
LISTED = 120  # the labels cover the first 120 of each type on the "before" store
LINK_CONFIDENCE = 0.9
LINKS_TOP = 100
ONTONOTES = frozenset(
    "PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE DATE TIME PERCENT MONEY "
    "QUANTITY ORDINAL CARDINAL".split()
)
FIGURES = (
    *(f"{t.lower()}_p_at_{k}" for t in TYPES for k in KS),
    "merge_recall_micro",
    "merge_recall_macro",
    "confident_links_right",
)


class EvalError(Exception):
    """A problem the command reports in one line and exits non-zero for."""


def key(name: str) -> str:
    from dateline.store.identities import identity_key

    return identity_key(name)


# --------------------------------------------------------------------------- labels


@dataclass(frozen=True)
class Label:
    name: str
    types: tuple[str, ...]
    same_as: str | None = None
    note: str | None = None

    def variant(self) -> bool:
        """A variant of another identity (its ``same_as`` names another key)."""
        return self.same_as is not None and key(self.same_as) != key(self.name)


@dataclass
class Labels:
    corpus: str
    by_key: dict[str, Label]
    links: dict[tuple[str, str], bool] = field(default_factory=dict)

    def get(self, name: str) -> Label | None:
        return self.by_key.get(key(name))


def link_key(bare: str, target: str) -> tuple[str, str]:
    return key(bare), key(target)


def parse_labels(data: dict[str, Any], where: str = "labels") -> Labels:
    """The labels of a label file's JSON; raises EvalError on anything malformed (a bad
    type, two keys that fold to one name, a same_as chain or a same_as to nowhere)."""
    if not isinstance(data.get("labels"), dict):
        raise EvalError(f"{where}: no 'labels' object")
    by_key: dict[str, Label] = {}
    for name, lab in data["labels"].items():
        types = tuple(lab.get("types", ()))
        bad = [t for t in types if t not in ONTONOTES]
        if bad:
            raise EvalError(f"{where}: {name!r} has types that are not OntoNotes labels: {bad}")
        k = key(name)
        if k in by_key:
            raise EvalError(f"{where}: {name!r} and {by_key[k].name!r} are the same name")
        by_key[k] = Label(name, types, lab.get("same_as"), lab.get("note"))
    for lab in by_key.values():
        if lab.variant():
            target = by_key.get(key(lab.same_as or ""))
            if target is None:
                raise EvalError(f"{where}: {lab.name!r} is same_as {lab.same_as!r}, which has no label")
            if target.variant():
                raise EvalError(
                    f"{where}: {lab.name!r} → {target.name!r} → {target.same_as!r}: point at the last"
                )
    links: dict[tuple[str, str], bool] = {}
    for pair, ok in (data.get("links") or {}).items():
        bare, sep, target = pair.partition("->")
        if not sep or not isinstance(ok, bool):
            raise EvalError(f"{where}: link {pair!r} must be 'Bare -> Full Name': true/false")
        links[link_key(bare.strip(), target.strip())] = ok
    return Labels(str(data.get("corpus", "")), by_key, links)


def load_labels(path: Path) -> Labels:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as e:
        raise EvalError(f"cannot read labels {path}: {e}") from None
    return parse_labels(data, str(path))


def dump_labels(data: dict[str, Any]) -> str:
    """A label file's canonical text: keys sorted, one label a line (so a change to one
    label is a one-line diff)."""
    head = {k: v for k, v in data.items() if k not in ("labels", "links")}
    lines = ["{"]
    lines += [f" {json.dumps(k)}: {json.dumps(head[k], ensure_ascii=False)}," for k in sorted(head)]
    for part in ("labels", "links"):
        items = sorted((data.get(part) or {}).items())
        body = [
            f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in items
        ]
        lines.append(f' "{part}": {{' + ("" if body else "}" + ("," if part == "labels" else "")))
        if body:
            lines.append(",\n".join(body))
            lines.append(" }" + ("," if part == "labels" else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- digest


def corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def digest(labels_path: Path, data: Path | None) -> str | None:
    """sha256 over the label file, then each corpus file under ``data`` (sorted): its
    path under ``data``, a NUL, its bytes.  None when the corpus is not there."""
    if data is None or not data.is_dir():
        return None
    h = hashlib.sha256()
    h.update(b"labels\0")
    h.update(labels_path.read_bytes())
    for p in corpus_files(data):
        h.update(f"\0{p.relative_to(data).as_posix()}\0".encode())
        h.update(p.read_bytes())
    return h.hexdigest()


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Listed:
    rank: int
    name: str
    type: str
    articles: int
    verdict: str  # ok | unlabelled | wrong type | variant of X | not a name


def store_keys(corpus: Any) -> dict[str, set[int]] | None:
    """The keys of the identities some article's entity resolves to, with their ids."""
    db = getattr(corpus, "db", None)
    if db is None:
        return None
    found: dict[str, set[int]] = {}
    for ident, ident_name in db.execute("SELECT id, name FROM identities WHERE articles > 0"):
        found.setdefault(key(ident_name), set()).add(ident)
    return found


def verdict(row: Any, labels: Labels, keys: dict[str, set[int]] | None = None) -> str:
    """ok, or what is wrong.  A variant is wrong when the store keeps its ``same_as`` as
    another identity (``keys``: store_keys; None = always)."""
    lab = labels.get(row.name)
    if lab is None:
        return "unlabelled"
    if not lab.types:
        return "not a name"
    if row.type not in lab.types:
        return "wrong type (" + "/".join(lab.types) + ")"
    if lab.variant() and (keys is None or keys.get(key(lab.same_as or ""), set()) - {row.id}):
        return f"variant of {lab.same_as}"
    return "ok"


def precision(corpus: Any, labels: Labels, types: Sequence[str] = TYPES) -> dict[str, Any]:
    """P@k per type, and every listed identity with its verdict (the first LISTED)."""
    out: dict[str, Any] = {}
    keys = store_keys(corpus)
    for t in types:
        rows = corpus.entities(type=t, top=max(LISTED, *KS))
        listed = [
            Listed(i, r.name, r.type, r.articles, verdict(r, labels, keys)) for i, r in enumerate(rows, 1)
        ]
        p = {}
        for k in KS:
            head = listed[:k]
            p[f"p_at_{k}"] = sum(x.verdict == "ok" for x in head) / len(head) if head else 0.0
        out[t] = {
            **p,
            "listed": len(listed),
            "unlabelled": [x.name for x in listed if x.verdict == "unlabelled"],
            "wrong": [(x.rank, x.name, x.verdict) for x in listed[: max(KS)] if x.verdict != "ok"],
        }
    return out


def articles_by_name(corpus: Any, keys: set[str]) -> dict[str, set[str]]:
    """For each key in ``keys``: the ids of the articles with an entity row whose canonical
    name has that key (``entities.name`` by identity_key, any type)."""
    out: dict[str, set[str]] = {k: set() for k in keys}
    rows = corpus.db.execute(
        "SELECT DISTINCT e.name, a.id FROM entities e JOIN articles a ON a.rowid = e.article_rowid"
    )
    for name, article in rows:
        k = key(name)
        if k in out:
            out[k].add(article)
    return out


def merge_recall(corpus: Any, labels: Labels) -> dict[str, Any]:
    """For each variant label: its articles and the share ``search(entity=same_as)`` finds."""
    found_by: dict[str, set[str]] = {}
    per: list[dict[str, Any]] = []
    absent = 0
    variants = sorted((lab for lab in labels.by_key.values() if lab.variant()), key=lambda x: key(x.name))
    named = articles_by_name(corpus, {key(lab.name) for lab in variants})
    for lab in variants:
        arts = named[key(lab.name)]
        if not arts:
            absent += 1
            continue
        target = labels.by_key[key(lab.same_as or "")].name
        if target not in found_by:
            found_by[target] = {h.id for h in corpus.search(entity=target, limit=100000)}
        got = len(arts & found_by[target])
        per.append(
            {
                "name": lab.name,
                "same_as": target,
                "articles": len(arts),
                "retrieved": got,
                "recall": got / len(arts),
            }  # fmt: skip
        )
    n = sum(r["articles"] for r in per)
    return {
        "micro": sum(r["retrieved"] for r in per) / n if n else 0.0,
        "macro": sum(r["recall"] for r in per) / len(per) if per else 0.0,
        "names": len(per),
        "articles": n,
        "labels_not_in_store": absent,
        "per_name": sorted(per, key=lambda r: (r["recall"], -r["articles"], r["name"])),
    }


def links(corpus: Any, labels: Labels) -> dict[str, Any] | None:
    """The confident surname links judged by the ``links`` labels; None on a store
    without ``identity_links``."""
    if not hasattr(corpus, "identity_links"):
        return None
    top = corpus.identity_links(top=LINKS_TOP)
    # A pair is "confident" when every article link in it is (its lowest confidence):
    # a pair whose mean passes but holds weaker links is reported apart (mean_confident).
    rows = [r for r in top if getattr(r, "lowest", r.confidence) >= LINK_CONFIDENCE]
    by_mean = [r for r in top if (r.confidence or 0) >= LINK_CONFIDENCE]
    mean_wrong = [
        {"bare": r.bare, "target": r.target, "articles": r.articles, "confidence": r.confidence}
        for r in by_mean
        if labels.links.get(link_key(r.bare, r.target)) is False
    ]
    wrong, unlabelled, right = [], [], 0
    for r in rows:
        ok = labels.links.get(link_key(r.bare, r.target))
        item = {"bare": r.bare, "target": r.target, "articles": r.articles, "confidence": r.confidence}
        if ok is None:
            lab = labels.get(r.bare)
            item["hint"] = f"{r.bare} is labelled same_as {lab.same_as}" if lab and lab.same_as else None
            unlabelled.append(item)
        elif ok:
            right += 1
        else:
            wrong.append(item)
    return {
        "confident": len(rows),
        "right": right,
        "wrong": wrong,
        "unlabelled": unlabelled,
        "mean_confident": len(by_mean),
        "mean_wrong": mean_wrong,
    }


def code_state() -> dict[str, Any]:
    """Which dateline measured: the package's folder, and when it is this checkout's, the
    commit and whether src/dateline has uncommitted changes (figures from a working tree
    are not the commit's).  The "before" store is measured with the code that built it
    (PYTHONPATH=<a checkout of that commit>/src)."""
    import subprocess

    import dateline

    src = Path(dateline.__file__).resolve().parent
    out: dict[str, Any] = {"dateline": str(src), "head": None, "src_changed": None}
    if src.is_relative_to(REPO):

        def git(*a: str) -> str:
            try:
                run = subprocess.run(["git", *a], cwd=REPO, capture_output=True, text=True, timeout=10)
                return run.stdout.strip()
            except (OSError, subprocess.SubprocessError):
                return ""

        out["head"] = git("rev-parse", "--short", "HEAD") or None
        out["src_changed"] = bool(git("status", "--porcelain", "--", "src/dateline"))
    return out


def store_model(corpus: Any) -> str:
    """The model the store's records name (the commonest one)."""
    row = corpus.db.execute(
        "SELECT json_extract(record, '$.model') AS m, count(*) AS n FROM articles"
        " GROUP BY m ORDER BY n DESC LIMIT 1"
    ).fetchone()
    return str(row[0]) if row and row[0] else "unknown"


def evaluate(corpus: Any, labels: Labels) -> dict[str, Any]:
    return {
        "articles": corpus.db.execute("SELECT count(*) FROM articles").fetchone()[0],
        "precision": precision(corpus, labels),
        "merge_recall": merge_recall(corpus, labels),
        "links": links(corpus, labels),
    }


def figures(s: dict[str, Any]) -> dict[str, float]:
    figs = {f"{t.lower()}_p_at_{k}": s["precision"][t][f"p_at_{k}"] for t in TYPES for k in KS}
    figs["merge_recall_micro"] = s["merge_recall"]["micro"]
    figs["merge_recall_macro"] = s["merge_recall"]["macro"]
    lk = s.get("links")  # 1 − the share of confident links labelled wrong (1.0: none, or no links)
    figs["confident_links_right"] = (
        1.0 - len(lk["wrong"]) / lk["confident"] if lk and lk["confident"] else 1.0
    )
    return figs


# --------------------------------------------------------------------------- printing


def snippets(corpus: Any, name: str, type_: str, n: int = 2) -> list[str]:
    """Up to ``n`` mentions of the identity ``name``/``type_``, one per article."""
    from dateline.store.identities import snippet

    rows = corpus.db.execute(
        "SELECT a.record, e.entity_id FROM identities i JOIN entities e ON e.identity_id = i.id"
        " JOIN articles a ON a.rowid = e.article_rowid WHERE i.key = ? AND i.type = ?"
        " ORDER BY a.id LIMIT ?",
        (key(name), type_, n),
    ).fetchall()
    out = []
    for r in rows:
        rec = json.loads(r[0])
        spans = [tuple(m) for e in rec["entities"] if e["id"] == r[1] for m in e["mentions"]]
        out.append(" ".join(snippet(rec["body"], min(spans) if spans else None, 70).split()))
    return out


def print_table(s: dict[str, Any]) -> None:
    print(f"{'type':<8}{'P@20':>7}{'P@50':>7}{'P@100':>7}{'listed':>8}{'unlabelled':>11}")
    print("-" * 48)
    for t, p in s["precision"].items():
        print(
            f"{t:<8}{p['p_at_20']:>7.3f}{p['p_at_50']:>7.3f}{p['p_at_100']:>7.3f}"
            f"{p['listed']:>8}{len(p['unlabelled']):>11}"
        )
    m = s["merge_recall"]
    print(
        f"\nmerge recall: micro {m['micro']:.3f} over {m['articles']} articles, macro {m['macro']:.3f} "
        f"over {m['names']} variant names ({m['labels_not_in_store']} labelled variants not in the store)"
    )
    worst = [r for r in m["per_name"] if r["recall"] < 1][:8]
    if worst:
        print(
            "  least retrieved: "
            + "; ".join(f"{r['name']} → {r['same_as']} {r['retrieved']}/{r['articles']}" for r in worst)
        )
    lk = s["links"]
    if lk is None:
        print(
            f"links (confidence ≥ {LINK_CONFIDENCE}, top {LINKS_TOP}): n/a (the store has no identity_links)"
        )
    else:
        print(
            f"links (every article link ≥ {LINK_CONFIDENCE}, top {LINKS_TOP}): {lk['confident']}, "
            f"{lk['right']} right, {len(lk['wrong'])} wrong, {len(lk['unlabelled'])} unlabelled;"
            f" by mean confidence: {lk['mean_confident']}, {len(lk['mean_wrong'])} wrong"
        )
        for w in lk["wrong"]:
            print(f"  wrong: {w['bare']} -> {w['target']} ({w['articles']} articles, {w['confidence']})")
        for w in lk["mean_wrong"]:
            print(
                f"  wrong by mean: {w['bare']} -> {w['target']} ({w['articles']} articles, mean {w['confidence']})"
            )


def print_wrong(s: dict[str, Any]) -> None:
    for t, p in s["precision"].items():
        if p["wrong"]:
            print(f"\n{t}, wrong in the first {max(KS)}:")
            print("  " + "; ".join(f"{r}. {n} [{v}]" for r, n, v in p["wrong"]))


def print_unlabelled(corpus: Any, s: dict[str, Any], n: int) -> None:
    for t, p in s["precision"].items():
        for name in p["unlabelled"]:
            print(f"\nUNLABELLED {t}: {name}")
            for snip in snippets(corpus, name, t, n):
                print(f"    {snip}")
    if s["links"] is not None:
        for item in s["links"]["unlabelled"]:
            hint = f"  ({item['hint']})" if item.get("hint") else ""
            print(f'\nUNLABELLED link: "{item["bare"]} -> {item["target"]}"{hint}')


# --------------------------------------------------------------------------- running


def build(data: Path, db: Path) -> float:
    """Ingest every file under ``data`` into the store at ``db``; the seconds it took."""
    from dateline.ingest import ingest
    from dateline.store import SQLiteCorpus

    t0 = time.perf_counter()
    with SQLiteCorpus(db) as c:
        report = ingest(c, [str(data)], workers=2)
        c.link_identities()  # ingest does it at its end; idempotent
    print(f"built {db}: {report.added} articles added, {sum(report.failed.values())} failures")
    return time.perf_counter() - t0


def run(args: argparse.Namespace, command: str, tmp: Path | None) -> int:
    from dateline.store import SQLiteCorpus

    labels = load_labels(args.labels)
    data = args.data or args.build or CORPORA.get(labels.corpus)
    name = args.name or f"{args.labels.stem}-identities"
    db = args.db or (tmp / "identities.db" if tmp else None)
    if db is None:
        raise EvalError("give --db STORE, or --build DIR to ingest a corpus first")
    build_s = build(args.build, db) if args.build else None
    if not db.exists():
        raise EvalError(f"no store at {db}")
    sha = digest(args.labels, data)
    if sha is None and (args.check or args.write_baseline):
        raise EvalError(f"the corpus {data} is not there: no digest, so no gate")
    with SQLiteCorpus(db, readonly=True) as c:
        model = store_model(c)
        s = evaluate(c, labels)
        figs = figures(s)
        res = {
            "command": command,
            "gold_set": name,
            "labels": str(args.labels.relative_to(REPO) if args.labels.is_relative_to(REPO) else args.labels),
            "label_count": len(labels.by_key),
            "data": str(data),
            "sha256": sha,
            "model": model,
            "python": platform.python_version(),
            **code_state(),
            "store": str(db),
            "build_s": None if build_s is None else round(build_s, 1),
            "scores": s,
            "figures": figs,
        }
        print(f"command: {command}")
        code = res["dateline"] + (
            f" (HEAD {res['head']}{', src changed' if res['src_changed'] else ''})" if res["head"] else ""
        )
        print(f"store: {db} ({s['articles']} articles), model {model}; dateline from {code}")
        print(f"labels: {args.labels} ({len(labels.by_key)} names); data {data} (sha256 {sha})")
        print()
        print_table(s)
        if args.wrong:
            print_wrong(s)
        if args.unlabelled:
            print_unlabelled(c, s, args.snippets)
    out = args.out or RESULTS / f"identities_{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")
    if sha is None:
        return 0
    return gate.apply(args, figs, sha, model, gold_set=name, figures=FIGURES, error=EvalError)


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--db", type=Path, help="the store to measure (with --build: the store to build)")
    ap.add_argument("--labels", type=Path, required=True, help="eval/data/identities/<corpus>.json")
    ap.add_argument("--build", type=Path, metavar="DIR", help="ingest DIR first (into --db or a temp store)")
    ap.add_argument("--data", type=Path, help="the corpus, for the digest (default: the labels' corpus)")
    ap.add_argument("--name", help="gold set name (default <labels stem>-identities)")
    ap.add_argument("--out", type=Path, help="JSON results (default eval/results/identities_<name>.json)")
    ap.add_argument("--wrong", action="store_true", help="list the identities counted wrong")
    ap.add_argument("--unlabelled", action="store_true", help="print the unlabelled names with snippets")
    ap.add_argument("--snippets", type=int, default=2, help="snippets per unlabelled name (default 2)")
    ap.add_argument("--baseline", type=Path, default=BASELINE, help=argparse.SUPPRESS)
    ap.add_argument("--check", action="store_true", help="exit 1 unless the floors are met")
    ap.add_argument("--write-baseline", action="store_true", help="pin today's figures as floors")
    ap.add_argument("--allow-lower", action="store_true", help="let --write-baseline lower or re-pin")
    argv = list(sys.argv[1:] if argv is None else argv)
    args = ap.parse_args(argv)
    command = shlex.join([sys.executable, __file__, *argv])
    try:
        if args.build and args.db is None:
            with tempfile.TemporaryDirectory(prefix="identities-") as tmp:
                return run(args, command, Path(tmp))
        return run(args, command, None)
    except EvalError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
