"""The Dask engine: the pool's rows, crash safety (a killed worker, a killed client), a
clear error for an unreachable scheduler, and stderr that carries dateline's lines only."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from distributed import WorkerPlugin
from typer.testing import CliRunner

from dateline.errors import StoreError
from dateline.ingest import ingest
from dateline.store import SQLiteCorpus, open_corpus

from .backends import BACKENDS
from .factory import make_corpus
from .pg import fresh_pg_db
from .test_same_rows import _free_port, corpus_rows, make_input

DATELINE = [sys.executable, "-m", "dateline.cli"]


def _same_as(got: dict, want: dict) -> None:
    for table in want:
        assert got[table] == want[table], table


def test_local_cluster_gives_the_pools_rows(tmp_path: Path) -> None:
    folder = make_input(tmp_path / "in")
    with SQLiteCorpus(tmp_path / "pool.db") as pool, SQLiteCorpus(tmp_path / "dask.db") as dask:
        a = ingest(pool, [str(folder)], workers=2, batch_size=3, range_bytes=1500)
        b = ingest(dask, [str(folder)], workers=2, batch_size=3, range_bytes=1500, engine="dask")
        assert (a.added, a.present, a.copies, dict(a.failed)) == (
            b.added,
            b.present,
            b.copies,
            dict(b.failed),
        )
        want = corpus_rows(pool)
        _same_as(corpus_rows(dask), want)
        assert len(want["order"]) == a.added > 40
        again = ingest(dask, [str(folder)], workers=1, engine="dask", range_bytes=1500)
        assert (again.added, again.files_unchanged) == (
            0,
            a.files_seen - 4,
        )  # the 4 with failures are read again


class KillOnce(WorkerPlugin):
    """A worker plugin (the test's, not dateline's): the first dateline task to start
    executing kills its worker process, once per marker file."""

    name = "kill-once"

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def transition(self, key, start, finish, **kwargs) -> None:  # noqa: ANN001, ARG002
        if (
            finish == "executing"
            and str(key).startswith("dateline-partition")
            and not os.path.exists(self.marker)
        ):
            Path(self.marker).write_text(str(os.getpid()))
            os._exit(1)  # the task has started: its result is never made


def test_a_worker_killed_mid_partition_is_retried_without_duplicates(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    src = tmp_path / "in"
    make_corpus(src, 12, duplicates=1, bad=1, syndicated=2)
    marker = tmp_path / "killed"
    with SQLiteCorpus(tmp_path / "ref.db") as ref:
        ingest(ref, [str(src)], workers=1, batch_size=3)
        want = corpus_rows(ref)
    cluster = LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.CRITICAL,
    )
    try:
        with Client(cluster) as client:
            client.register_plugin(KillOnce(str(marker)))
            with SQLiteCorpus(tmp_path / "dask.db") as corpus:
                report = ingest(
                    corpus, [str(src)], batch_size=3, engine="dask", scheduler=cluster.scheduler_address
                )
                got = corpus_rows(corpus)
            assert marker.exists(), "the worker was not killed: the test proves nothing"
            assert int(marker.read_text()) not in client.run(os.getpid).values()  # a new worker
    finally:
        cluster.close()
    assert "worker-died" not in report.failed
    _same_as(got, want)
    assert len(want["order"]) == 14


class KillAlways(WorkerPlugin):
    """Every dateline task kills its worker (a partition that runs out of memory)."""

    name = "kill-always"

    def transition(self, key, start, finish, **kwargs) -> None:  # noqa: ANN001, ARG002
        if finish == "executing" and str(key).startswith("dateline-partition"):
            os._exit(1)


def test_a_partition_that_keeps_killing_workers_becomes_failures(tmp_path: Path) -> None:
    import dask
    from distributed import Client, LocalCluster

    src = tmp_path / "in"
    make_corpus(src, 3, duplicates=0, bad=0)
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        cluster = LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        )
    try:
        with Client(cluster) as client, SQLiteCorpus(tmp_path / "c.db") as corpus:
            client.register_plugin(KillAlways())
            report = ingest(
                corpus, [str(src)], batch_size=8, engine="dask", scheduler=cluster.scheduler_address
            )
            assert (report.added, dict(report.failed)) == (0, {"worker-died": 3})
            assert {f.reason for f in corpus.failures()} == {"worker-died"}
            client.unregister_worker_plugin("kill-always")
            again = ingest(
                corpus, [str(src)], batch_size=8, engine="dask", scheduler=cluster.scheduler_address
            )
            assert (again.added, again.recovered, dict(again.failed)) == (3, 3, {})
    finally:
        cluster.close()


def _ids(db: Path | str) -> list[str]:
    """Article ids in the order stored ([] while the corpus is not made yet)."""
    if isinstance(db, Path) and not db.exists():
        return []
    try:
        with open_corpus(db, readonly=True) as c:
            return [r[0] for r in c.db.execute("SELECT id FROM articles ORDER BY rowid")]
    except StoreError:
        return []


@pytest.mark.parametrize("store", BACKENDS)
def test_a_killed_client_resumes_to_the_same_rows(store: str, tmp_path: Path) -> None:
    """On PostgreSQL the server rolls the killed client's open batch back."""
    src = tmp_path / "in"
    make_corpus(src, 40, duplicates=2, bad=1, syndicated=3)
    clean = tmp_path / "clean.db"
    killed: Path | str = fresh_pg_db("killed") if store == "postgresql" else tmp_path / "killed.db"
    args = ["--engine", "dask", "--workers", "1", "--batch-size", "2", "-q"]
    done = subprocess.run(
        DATELINE + ["ingest", str(src), "--db", str(clean), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    want = _ids(clean)
    proc = subprocess.Popen(
        DATELINE + ["ingest", str(src), "--db", str(killed), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if len(_ids(killed)) >= 6:
                    break
            except sqlite3.OperationalError:
                pass  # schema not made yet
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)  # the client only: its workers must not outlive it
        proc.wait()
        partial = _ids(killed)
        assert 6 <= len(partial) < len(want), "the run finished before it was killed; make the corpus larger"
        deadline = time.monotonic() + 30
        while _group_alive(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _group_alive(proc.pid), "the local cluster's workers outlived the killed client"
    finally:
        if _group_alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
    again = subprocess.run(
        DATELINE + ["ingest", str(src), "--db", str(killed), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert _ids(killed) == want
    with open_corpus(clean) as a, open_corpus(killed) as b:
        _same_as(corpus_rows(b), corpus_rows(a))


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_an_unreachable_scheduler_is_one_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dateline import ingest_dask
    from dateline.cli import app

    monkeypatch.setattr(ingest_dask, "_CONNECT_TIMEOUT_S", 2)
    src = tmp_path / "in"
    make_corpus(src, 2, duplicates=0, bad=0)
    where = f"tcp://127.0.0.1:{_free_port()}"
    r = CliRunner().invoke(
        app,
        ["ingest", str(src), "--db", str(tmp_path / "c.db"), "--engine", "dask", "--scheduler", where, "-q"],
    )
    lines = r.stderr.strip().splitlines()
    assert r.exit_code == 1, r.stderr
    assert len(lines) == 1 and "Traceback" not in r.stderr
    assert lines[0].startswith(f"error: could not reach the Dask scheduler at {where}:")
    assert "start one with `dask scheduler`" in lines[0]


def test_scheduler_without_the_dask_engine_is_a_usage_error(tmp_path: Path) -> None:
    from dateline.cli import app

    r = CliRunner().invoke(app, ["ingest", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1"])
    assert r.exit_code == 2 and "--scheduler needs --engine dask" in r.stderr
    r = CliRunner().invoke(app, ["ingest", str(tmp_path), "--engine", "spark"])
    assert r.exit_code == 2 and "use pool or dask" in r.stderr


def test_cli_engine_dask_and_its_stderr(tmp_path: Path) -> None:
    src = tmp_path / "in"
    make_corpus(src, 6, duplicates=1, bad=1)
    db = tmp_path / "c.db"
    r = subprocess.run(
        DATELINE + ["ingest", str(src), "--db", str(db), "--engine", "dask", "--workers", "2", "-q"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    lines = r.stderr.strip().splitlines()
    assert lines[-1].startswith("8 files: added 6, skipped as already present 1"), r.stderr
    assert all(line.startswith("skipped [") for line in lines[:-1]), r.stderr
    assert r.stdout == ""
    with SQLiteCorpus(db) as corpus:
        assert corpus.stats().articles == 6


def test_ctrl_c_stops_client_and_workers_with_one_line(tmp_path: Path) -> None:
    src = tmp_path / "in"
    make_corpus(src, 60, duplicates=0, bad=0)
    db = tmp_path / "c.db"
    proc = subprocess.Popen(
        DATELINE
        + [
            "ingest",
            str(src),
            "--db",
            str(db),
            "--engine",
            "dask",
            "--workers",
            "2",
            "--batch-size",
            "2",
            "-q",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if db.exists() and len(_ids(db)) >= 4:
                    break
            except sqlite3.OperationalError:
                pass
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole group
        err = proc.communicate(timeout=60)[1]
        assert proc.returncode == 130, err
        assert err.strip().splitlines() == ["interrupted; what was committed is kept, run again to resume"]
        deadline = time.monotonic() + 30
        while _group_alive(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _group_alive(proc.pid), "workers outlived the interrupted client"
    finally:
        if _group_alive(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
