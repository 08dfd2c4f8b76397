"""Ingest: idempotent, de-duplicated, and a SIGKILLed run resumes to the same rows."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.ingest import ingest
from dateline.store import SQLiteCorpus

from .factory import make_corpus

DATELINE = [sys.executable, "-m", "dateline.cli"]


def _ids(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id")]
    finally:
        con.close()


def _copies(db: Path) -> dict[str, str]:
    """Each syndicated copy's id → its original's id."""
    con = sqlite3.connect(db)
    try:
        return dict(
            con.execute(
                "SELECT c.id, o.id FROM articles c JOIN articles o ON o.rowid = c.duplicate_of ORDER BY c.id"
            ).fetchall()
        )
    finally:
        con.close()


def test_ingest_counts_and_idempotent(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", 12, duplicates=2, bad=2)
    with SQLiteCorpus(tmp_path / "c.db") as corpus:
        first = ingest(corpus, [str(tmp_path / "in")], workers=1, batch_size=5)
        assert (first.added, first.present) == (12, 2)
        assert dict(first.failed) == {"empty": 1, "binary": 1}
        again = ingest(corpus, [str(tmp_path / "in")], workers=1)
        # the two failed files are tried again (and fail again, recorded once each)
        assert (again.added, again.present, again.files_unchanged) == (0, 0, 14)
        assert dict(again.failed) == {"empty": 1, "binary": 1} and again.recovered == 0
        # A touched file is re-read, but its article is already there.
        os.utime(tmp_path / "in" / "article_0003.txt", ns=(1, 1))
        touched = ingest(corpus, [str(tmp_path / "in")], workers=1)
        assert (touched.added, touched.present, touched.files_unchanged) == (0, 1, 13)
        assert corpus.stats().articles == 12
        assert corpus.stats().failures == 2


def test_a_failed_file_is_retried_and_its_recovery_counted(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Night buses extended\n\nThe council voted to extend the service.\n")
    late = folder / "late.txt"
    late.write_text("")  # empty now: a failure
    with SQLiteCorpus(tmp_path / "c.db") as corpus:
        first = ingest(corpus, [str(folder)], workers=1)
        assert dict(first.failed) == {"empty": 1}
        assert [f.path for f in corpus.failures()] == [str(late)]
        late.write_text("Storm closes port\n\nThe port closed on Monday as the storm arrived.\n")
        second = ingest(corpus, [str(folder)], workers=1)
        assert (second.added, second.recovered, sum(second.failed.values())) == (1, 1, 0)
        assert "1 earlier failure now read" in second.line()
        assert corpus.failures() == [] and corpus.stats().failures == 0
        third = ingest(corpus, [str(folder)], workers=1)
        assert (third.files_unchanged, third.recovered) == (2, 0)


@pytest.mark.slow
def test_ingest_process_pool_matches_single_process(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", 20, duplicates=0, bad=0, syndicated=3)
    with SQLiteCorpus(tmp_path / "one.db") as one, SQLiteCorpus(tmp_path / "two.db") as two:
        ingest(one, [str(tmp_path / "in")], workers=1, batch_size=4)
        ingest(two, [str(tmp_path / "in")], workers=2, batch_size=2)
        assert one.ids() == two.ids()
        for i in one.ids():
            assert one.get(i) == two.get(i)
    # the same originals: stored in input order whichever worker finished first
    assert len(_copies(tmp_path / "one.db")) >= 3
    assert _copies(tmp_path / "one.db") == _copies(tmp_path / "two.db")


def _run(args: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(DATELINE + args, capture_output=True, text=True, timeout=300, **kw)


@pytest.mark.slow
@pytest.mark.parametrize("kill_after_rows", [0, 10, 25])
def test_ingest_sigkill_then_resume_equals_uninterrupted(tmp_path: Path, kill_after_rows: int) -> None:
    src = tmp_path / "in"
    make_corpus(src, 40, duplicates=3, bad=2, syndicated=4)
    clean, killed = tmp_path / "clean.db", tmp_path / "killed.db"
    assert (
        _run(["ingest", str(src), "--db", str(clean), "--workers", "1", "--batch-size", "3", "-q"]).returncode
        == 0
    )
    want = _ids(clean)
    assert len(want) == 44

    proc = subprocess.Popen(
        DATELINE + ["ingest", str(src), "--db", str(killed), "--workers", "1", "--batch-size", "3", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if killed.exists():
            try:
                if len(_ids(killed)) >= kill_after_rows:
                    break
            except sqlite3.OperationalError:
                pass  # schema not created yet
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _ids(killed) if killed.exists() else []
    assert len(partial) < 44, "the run finished before it could be killed; make the corpus larger"
    assert _run(["ingest", str(src), "--db", str(killed), "--workers", "1", "-q"]).returncode == 0
    assert _ids(killed) == want
    assert len(_copies(clean)) >= 4 and _copies(killed) == _copies(clean)
    con = sqlite3.connect(killed)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")  # raises if off
    assert (
        con.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'council'").fetchone()[0]
        == 44
    )
    assert con.execute("SELECT count(*) FROM failures").fetchone()[0] == 2
