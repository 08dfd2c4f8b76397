"""Happenings on the hand-written story dev sets (issue 13, item 5c).

Each dev line (eval/data/stories/dev_*.jsonl) carries its gold ``events``: per article,
``{type, actor, target, date, place}``.  **Gold happenings**: the gold events of one story
with the same type, actor, target and date (the same thing told by several outlets, or
twice in one article); a distractor's events are happenings of their own.  Gold types are
PLOVER's, the old labels mapped as eval/events.py does (DEMAND → REQUEST, DISAPPROVE →
ACCUSE …); a label that is not one of the 16 types (ENGAGE) can match no system event
and is left out of the matching (reported as ``gold_unmappable``).

**System events**: the events rows of each article that have a happening
(``happening_reports``).  Each is matched to at most one gold event of the same article:
the same PLOVER type and a word shared between the gold actor (target) and the names of
the event's actors (targets) — for CONSULT, COOPERATE and AGREE either side — the best
pair first (both sides sharing beats one).  Over the matched events:

* pairwise precision / recall / F1 — pairs of matched events in one system happening that
  are in one gold happening, and the reverse;
* B-cubed precision / recall / F1 — per matched event, the share of its system happening's
  matched events in its gold happening, and the reverse;
* rows per real happening — matched events rows / gold happenings they cover, and distinct
  happenings / those gold happenings: counting rows inflates, counting happenings should
  not (1.0 is one record per real happening; < 1 would be over-merging).  The same over
  the whole set (every events row, every happening, every gold happening) is ``all_*``.

    eval/story_happenings.py                 dev_a (tune) and dev_b (held out), ingesting
                                             each into eval/results/stories_dev_X.db if missing
    eval/story_happenings.py --db-dir DIR    keep the stores elsewhere
    eval/story_happenings.py --json          the figures as JSON
    eval/story_happenings.py --reassign      merge the stored events into happenings again
                                             with today's rules first (stories kept as stored)

``measure(dev_path, db)`` is what eval/stories.py calls after it has ingested the file.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # eval/ is a folder of scripts
from events import OLD_LABELS  # noqa: E402

HERE = Path(__file__).resolve().parent
DEV = HERE / "data" / "stories"
PLOVER = frozenset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST"
    " SANCTION MOBILIZE COERCE ASSAULT".split()
)
SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})
_FILLER = frozenset({"the", "of", "and", "a", "an", "in", "for", "on", "at", "to"})


def words(name: str | None) -> frozenset[str]:
    """The words of a name, casefolded, without accents and filler words, and the
    initials of a name of three words or more (reports write "KPF" after the first time)."""
    if not name:
        return frozenset()
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    tokens = [
        t for t in "".join(c if c.isalnum() else " " for c in bare.casefold()).split() if t not in _FILLER
    ]
    initials = ["".join(t[0] for t in tokens)] if len(tokens) > 2 else []  # "Kivu Patriotic Front" is "KPF"
    return frozenset(tokens + initials)


@dataclass(frozen=True)
class Gold:
    article: str  # dev line id
    index: int
    type: str | None  # a PLOVER type, None when the label maps to none
    actor: frozenset[str]
    target: frozenset[str]
    happening: tuple[Any, ...]


@dataclass(frozen=True)
class System:
    article: str
    event_id: str
    type: str
    actor: frozenset[str]
    target: frozenset[str]
    happening: int


def gold_events(lines: Sequence[Mapping[str, Any]]) -> list[Gold]:
    out = []
    for line in lines:
        for i, ev in enumerate(line.get("events") or ()):
            label = str(ev.get("type") or "").upper()
            ptype = OLD_LABELS.get(label, label)
            key = (line["story"], ptype, words(ev.get("actor")), words(ev.get("target")), ev.get("date"))
            out.append(
                Gold(
                    line["id"],
                    i,
                    ptype if ptype in PLOVER else None,
                    words(ev.get("actor")),
                    words(ev.get("target")),
                    key,
                )
            )
    return out


def system_events(db: sqlite3.Connection, line_of: Mapping[int, str]) -> list[System]:
    """The events rows with a happening, by dev line id (``line_of``: rowid → id)."""
    names: dict[tuple[int, str, str], set[str]] = defaultdict(set)
    for rowid, eid, role, name in db.execute(
        "SELECT article_rowid, event_id, role, coalesce(name, text) FROM event_args"
    ):
        names[(rowid, eid, role)] |= words(name)
    out = []
    for rowid, eid, ptype, hid in db.execute(
        "SELECT e.article_rowid, e.event_id, e.plover_type, hr.happening_id FROM events e"
        " JOIN happening_reports hr USING (article_rowid, event_id) ORDER BY e.article_rowid, e.start"
    ):
        if rowid in line_of:
            out.append(
                System(
                    line_of[rowid],
                    eid,
                    ptype,
                    frozenset(names[(rowid, eid, "actor")]),
                    frozenset(names[(rowid, eid, "target")]),
                    hid,
                )
            )
    return out


def _fit(g: Gold, s: System) -> int:
    """How well a system event fits a gold event: sides sharing a word (0: no match)."""
    if g.type != s.type:
        return 0
    if g.type in SYMMETRIC:
        both = s.actor | s.target
        return bool(g.actor & both) + bool(g.target & both)
    return bool(g.actor & s.actor) + bool(g.target & s.target)


def match(gold: Sequence[Gold], system: Sequence[System]) -> list[tuple[Gold, System]]:
    """One-to-one pairs within each article, the best fitting first."""
    by_article: dict[str, list[System]] = defaultdict(list)
    for s in system:
        by_article[s.article].append(s)
    scored = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(by_article.get(g.article, ())):
            if f := _fit(g, s):
                scored.append((-f, gi, si, g, s))
    used_g: set[int] = set()
    used_s: set[tuple[str, str]] = set()
    pairs = []
    for _, gi, _, g, s in sorted(scored, key=lambda x: x[:3]):
        if gi in used_g or (s.article, s.event_id) in used_s:
            continue
        used_g.add(gi)
        used_s.add((s.article, s.event_id))
        pairs.append((g, s))
    return pairs


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0


def _f1(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def clustering(pairs: Sequence[tuple[Any, Any]]) -> dict[str, float]:
    """Pairwise and B-cubed scores of system clusters (second) against gold (first)."""
    same_sys = same_gold = same_both = 0
    for (g1, s1), (g2, s2) in combinations(pairs, 2):
        same_sys += s1 == s2
        same_gold += g1 == g2
        same_both += s1 == s2 and g1 == g2
    p, r = (
        (_ratio(same_both, same_sys) if same_sys else 1.0),
        (_ratio(same_both, same_gold) if same_gold else 1.0),
    )
    by_sys: dict[Any, list[Any]] = defaultdict(list)
    by_gold: dict[Any, list[Any]] = defaultdict(list)
    for g, s in pairs:
        by_sys[s].append(g)
        by_gold[g].append(s)
    n = len(pairs)
    bp = sum(by_sys[s].count(g) / len(by_sys[s]) for g, s in pairs) / n if n else 0.0
    br = sum(by_gold[g].count(s) / len(by_gold[g]) for g, s in pairs) / n if n else 0.0
    return {
        "pairwise_precision": p,
        "pairwise_recall": r,
        "pairwise_f1": _f1(p, r),
        "bcubed_precision": round(bp, 4),
        "bcubed_recall": round(br, 4),
        "bcubed_f1": _f1(bp, br),
    }


def measure(dev_path: Path, db: Path) -> dict[str, Any]:
    """The happening figures of the dev file ``dev_path`` already ingested into ``db``."""
    lines = [json.loads(x) for x in Path(dev_path).read_text("utf-8").splitlines() if x.strip()]
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        line_of = _line_ids(con, lines)
        gold = gold_events(lines)
        system = system_events(con, line_of)
        ids = sorted(line_of)
        marks = ",".join("?" * len(ids))
        rows = con.execute(f"SELECT count(*) FROM events WHERE article_rowid IN ({marks})", ids).fetchone()[0]
        happenings = con.execute(
            f"SELECT count(DISTINCT happening_id) FROM happening_reports WHERE article_rowid IN ({marks})",
            ids,
        ).fetchone()[0]
    finally:
        con.close()
    pairs = match([g for g in gold if g.type], system)
    covered = {g.happening for g, _ in pairs}
    gold_happenings = {g.happening for g in gold}
    out: dict[str, Any] = {
        "articles": len(lines),
        "articles_found": len(line_of),
        "gold_events": len(gold),
        "gold_unmappable": sum(g.type is None for g in gold),
        "gold_happenings": len(gold_happenings),
        "system_events": len(system),
        "matched_events": len(pairs),
        "gold_events_matched": _ratio(len(pairs), sum(g.type is not None for g in gold)),
        "gold_happenings_found": len(covered),
    }
    out.update(clustering([(g.happening, s.happening) for g, s in pairs]))
    out["rows_per_real_happening"] = _ratio(len(pairs), len(covered))
    out["happenings_per_real_happening"] = _ratio(len({s.happening for _, s in pairs}), len(covered))
    out["all_rows_per_gold_happening"] = _ratio(rows, len(gold_happenings))
    out["all_happenings_per_gold_happening"] = _ratio(happenings, len(gold_happenings))
    return out


def _line_ids(con: sqlite3.Connection, lines: Sequence[Mapping[str, Any]]) -> dict[int, str]:
    """rowid → dev line id, by the line number the reader put in ``origin`` ("path:N");
    a syndicated copy (no events of its own) is left out."""
    out = {}
    for rowid, origin in con.execute("SELECT rowid, origin FROM articles WHERE duplicate_of IS NULL"):
        number = str(origin or "").rpartition(":")[2]
        if number.isdigit() and 1 <= int(number) <= len(lines):
            out[rowid] = lines[int(number) - 1]["id"]
    return out


def ingest(dev_path: Path, db: Path) -> None:
    """``dateline ingest`` the dev file into ``db`` (the full pipeline, spaCy included)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "dateline.cli", "ingest", str(dev_path), "--db", str(db)]
    subprocess.run(cmd, check=True)


def reassign(db: Path, chunk: int = 256) -> int:
    """Forget every happening of ``db`` and merge its originals' events again, in the
    order they were stored (a chunk per transaction, as the store does)."""
    from dateline.store import happenings

    con = sqlite3.connect(db)
    try:
        con.execute("PRAGMA foreign_keys=ON")
        rowids = [
            r[0] for r in con.execute("SELECT rowid FROM articles WHERE duplicate_of IS NULL ORDER BY rowid")
        ]
        n = 0
        with con:
            happenings.forget(con, rowids)
        for i in range(0, len(rowids), chunk):
            with con:
                n += happenings.assign(con, rowids[i : i + chunk])
        return n
    finally:
        con.close()


def _table(name: str, fig: Mapping[str, Any]) -> Iterable[str]:
    yield (
        f"{name}: {fig['articles']} articles, {fig['gold_events']} gold events"
        f" ({fig['gold_unmappable']} not PLOVER), {fig['gold_happenings']} gold happenings"
    )
    yield (
        f"  matched {fig['matched_events']} of {fig['system_events']} system events"
        f" ({fig['gold_events_matched']:.0%} of gold events), covering {fig['gold_happenings_found']}"
        " gold happenings"
    )
    yield (
        f"  pairwise P {fig['pairwise_precision']:.3f} R {fig['pairwise_recall']:.3f}"
        f" F1 {fig['pairwise_f1']:.3f}   B-cubed P {fig['bcubed_precision']:.3f}"
        f" R {fig['bcubed_recall']:.3f} F1 {fig['bcubed_f1']:.3f}"
    )
    yield (
        f"  per real happening (matched): {fig['rows_per_real_happening']:.2f} rows,"
        f" {fig['happenings_per_real_happening']:.2f} happenings;"
        f" whole set: {fig['all_rows_per_gold_happening']:.2f} rows,"
        f" {fig['all_happenings_per_gold_happening']:.2f} happenings"
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db-dir", type=Path, default=HERE / "results", help="where the dev stores are kept")
    ap.add_argument(
        "--dev", nargs="*", default=["dev_a", "dev_b"], help="dev files (names under eval/data/stories)"
    )
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument(
        "--reassign", action="store_true", help="merge the stored events again with today's rules"
    )
    args = ap.parse_args(argv)
    figures = {}
    for name in args.dev:
        path = DEV / f"{name}.jsonl"
        if not path.exists():
            ap.error(f"no dev file {path}; give a name under {DEV} (dev_a, dev_b)")
        db = args.db_dir / f"stories_{name}.db"
        if not db.exists():
            ingest(path, db)
        elif args.reassign:
            reassign(db)
        figures[name] = measure(path, db)
    if args.json:
        print(json.dumps(figures, indent=2, sort_keys=True))
    else:
        for name, fig in figures.items():
            print("\n".join(_table(name, fig)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
