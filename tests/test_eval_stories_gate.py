"""Issue 13 on public data, from scratch (skipped when ../shared is absent): the story
floors of eval/baseline.json met by eval/stories.py --check, and the promise of "Done
when": re-ingesting the BBC corpus with 300 syndicated copies added leaves every entity,
quote and event count unchanged, and each copy points at its original."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dateline.ingest import ingest
from dateline.store import SQLiteCorpus

from .conftest import BBC, ROOT, needs

sys.path.insert(0, str(ROOT / "eval"))
import syndicate  # noqa: E402

COPIES = 300
#: Tables whose row counts a copy must not change (derived rows of originals only).
COUNTED = (
    "entities", "quotes", "events", "event_args", "stories", "story_members",
    "happenings", "happening_reports", "happening_args",
)  # fmt: skip


def counts(db: Path) -> dict[str, Any]:
    """Every count a reader of the store sees: rows of the derived tables, and each
    identity's article count."""
    with SQLiteCorpus(db, readonly=True) as c:
        tables = {r[0] for r in c.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        out: dict[str, Any] = {
            t: c.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED if t in tables
        }  # noqa: S608 (table names are constants)
        out["identities"] = dict(c.db.execute("SELECT id, articles FROM identities WHERE articles > 0"))
    return out


@pytest.fixture(scope="module")
def bbc_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The BBC corpus ingested once (~3 min) for this module."""
    db = tmp_path_factory.mktemp("bbc") / "bbc.db"
    with SQLiteCorpus(db) as c:
        ingest(c, [str(BBC)], workers=2)
    return db


@pytest.mark.slow
@needs(BBC)
def test_bbc_with_300_copies_counts_nothing_twice(bbc_store: Path, tmp_path: Path) -> None:
    before = counts(bbc_store)
    assert before["entities"] > 10_000 and before["identities"]
    files, root = syndicate.source_files("bbc")
    out = tmp_path / "copies"
    m = syndicate.generate(
        syndicate.read_sources(files, root), out, originals=COPIES, copies=1, negatives_per=0
    )
    assert len(m["copies"]) == COPIES
    with SQLiteCorpus(bbc_store) as c:
        report = ingest(c, [str(out)], workers=2)
    assert report.added == COPIES and not report.failed
    after = counts(bbc_store)
    assert {k: v for k, v in after.items() if k != "identities"} == {
        k: v for k, v in before.items() if k != "identities"
    }
    changed = {
        i: (n, after["identities"].get(i))
        for i, n in before["identities"].items()
        if after["identities"].get(i) != n
    }
    assert not changed and after["identities"].keys() == before["identities"].keys()
    with SQLiteCorpus(bbc_store, readonly=True) as c:
        rowid = {str(Path(o).resolve()): r for r, o in c.db.execute("SELECT rowid, origin FROM articles")}
        dup = dict(c.db.execute("SELECT rowid, duplicate_of FROM articles"))
    wrong = [
        (x["file"], x["transformations"])
        for x in m["copies"]
        if dup.get(rowid.get(str((out / x["file"]).resolve()))) != rowid[str(Path(x["original"]).resolve())]
    ]
    assert not wrong, wrong


@pytest.mark.slow
@needs(BBC)
def test_story_floors_are_met(tmp_path: Path) -> None:
    out = tmp_path / "stories.json"
    r = subprocess.run(
        [sys.executable, "eval/stories.py", "--check", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert "check passed" in r.stdout
