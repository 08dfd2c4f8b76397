"""PostgreSQL for the tests: a server's base URL and fresh databases on it.

    pg_server_url()          base URL of a running server (postgresql://…/postgres)
    fresh_pg_db(name_hint)   CREATE DATABASE <unique name>; the URL of that database

The server is, in this order:

1. ``DATELINE_TEST_PG`` (``.ci/run`` sets it to the cluster it started with ``.ci/pg.sh``).
   It is trusted: if it does not answer, the tests that use it fail, they do not skip.
2. a throwaway cluster this test session starts itself with ``.ci/pg.sh start`` (its own
   state file, stopped at interpreter exit), when PostgreSQL's server binaries are installed.
   A failure to start is remembered, so every later test skips at once.

When neither is possible, the test is skipped with the reason.
"""

from __future__ import annotations

import atexit
import os
import re
import subprocess
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
PG_SH = ROOT / ".ci" / "pg.sh"
START_TIMEOUT = 120  # seconds; initdb + start take ~1 s on a quiet machine

# Session cache: "url" once a cluster started here, or "error" once starting failed.
_session: dict[str, str] = {}
_created: list[tuple[str, str]] = []  # (server URL, database) made on a DATELINE_TEST_PG server


def _skip(why: str) -> None:
    pytest.skip(f"PostgreSQL could not start here: {why}; CI starts one in .ci/run")


def _start_cluster() -> str:
    """Start a throwaway cluster through .ci/pg.sh; its URL, or raise RuntimeError(why)."""
    if not PG_SH.is_file():
        raise RuntimeError(f"{PG_SH} is missing")
    state = Path(tempfile.mkdtemp(prefix="dateline-test-pg-")) / "pg.state"
    env = dict(os.environ, DATELINE_PG_STATE=str(state), DATELINE_PG_NO_INSTALL="1")

    def stop() -> None:
        subprocess.run(["bash", str(PG_SH), "stop"], env=env, capture_output=True, timeout=90, check=False)
        try:
            state.parent.rmdir()
        except OSError:
            pass

    atexit.register(stop)  # also stops a half-started cluster
    try:
        proc = subprocess.run(
            ["bash", str(PG_SH), "start"],
            env=env,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RuntimeError(f".ci/pg.sh start took more than {START_TIMEOUT} s") from None
    except OSError as e:  # no bash
        raise RuntimeError(f"could not run .ci/pg.sh ({e})") from None
    url = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    if proc.returncode != 0 or not url.startswith("postgresql://"):
        lines = proc.stderr.strip().splitlines() or [f"exit {proc.returncode}, no message"]
        raise RuntimeError(lines[-1].removeprefix("pg.sh: "))
    return url


def pg_server_url() -> str:
    """The base URL of a PostgreSQL server the tests may create databases on, or skip."""
    if url := os.environ.get("DATELINE_TEST_PG", "").strip():
        return url
    if "url" in _session:
        return _session["url"]
    if "error" in _session:
        _skip(_session["error"])
    try:
        import psycopg  # noqa: F401 - the tests need the driver as much as the server
    except ImportError as e:
        _session["error"] = f"psycopg is not importable ({e})"
        _skip(_session["error"])
    try:
        _session["url"] = _start_cluster()
    except RuntimeError as e:
        _session["error"] = str(e)
        _skip(_session["error"])
    return _session["url"]


def _with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + database))


def _drop_created() -> None:
    """Drop the databases made on a DATELINE_TEST_PG server (a cluster of our own is removed whole)."""
    import psycopg
    from psycopg import sql

    for server, name in reversed(_created):
        try:
            with psycopg.connect(server, autocommit=True, connect_timeout=5) as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        except Exception:  # noqa: BLE001, S110 - best effort at exit; the server may be gone
            pass


def fresh_pg_db(name_hint: str) -> str:
    """CREATE DATABASE with a unique name derived from ``name_hint``; the URL of it (or skip)."""
    server = pg_server_url()
    import psycopg
    from psycopg import sql

    hint = re.sub(r"[^a-z0-9]+", "_", name_hint.lower()).strip("_")[:30] or "db"
    name = f"dl_{hint}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    if os.environ.get("DATELINE_TEST_PG", "").strip():
        if not _created:
            atexit.register(_drop_created)
        _created.append((server, name))
    return _with_database(server, name)
