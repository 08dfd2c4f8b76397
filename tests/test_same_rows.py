"""Issue 14's "Done when": the same ingest gives the same rows on SQLite with the process
pool, on PostgreSQL with a Dask LocalCluster, and on PostgreSQL with a separately started
``dask scheduler`` + ``dask worker`` pair.

The input is the sample corpus plus a JSON Lines file split into byte ranges.  Rows are
compared as sorted tuples, with rowids and identity ids replaced by what they stand for
(article ids, identity keys): backends number rows their own way.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dateline.ingest import ingest
from dateline.store import open_corpus

from .conftest import CORPUS

VENV_BIN = Path(sys.executable).parent
# Tables compared, and columns left out: numbering, clocks, FTS bookkeeping.
TABLES = (
    "articles",
    "entities",
    "identities",
    "identity_forms",
    "quotes",
    "events",
    "event_args",
    "failures",
)
VOLATILE = {"rowid", "added_at", "done_at", "at", "fts", "tsv", "search"}
_ARTICLE_COLS = {"article_rowid", "duplicate_of"}
_IDENTITY_COLS = {"identity_id", "base_identity_id", "speaker_identity_id", "target_id"}
RANGE_BYTES = 1500  # the generated feed is split into a dozen ranges


def make_input(folder: Path) -> Path:
    """The sample corpus and a JSON Lines feed (with a broken line) big enough to split."""
    shutil.copytree(CORPUS, folder)
    people = ("Anna Smith", "Omar Khan", "Li Wei", "Maria Lopez")
    lines = []
    for i in range(16):
        who = people[i % len(people)]
        lines.append(
            json.dumps(
                {
                    "title": f"Council in Leeds approves plan {i}",
                    "text": f"LEEDS — The city council voted on Monday to approve plan {i}, its leader said."
                    f' "This is a good day for Leeds," said {who}, the council leader. {who} said'
                    f" the work would start in March and cost £{i + 2} million.",
                    "published": f"2024-03-{i + 1:02d}T09:00:00Z",
                    "source": "Example Wire",
                }
            )
        )
    lines.insert(9, '{"title": "a broken line')
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _val(v: Any) -> Any:
    if isinstance(v, float):
        return round(v, 9)
    if isinstance(v, (dict, list)):
        return json.dumps(v, sort_keys=True, ensure_ascii=False)
    if isinstance(v, str) and v[:1] in "{[":
        try:
            return json.dumps(json.loads(v), sort_keys=True, ensure_ascii=False)
        except ValueError:
            return v
    return v


def corpus_rows(corpus: Any) -> dict[str, list[tuple]]:
    """Every compared table as sorted tuples; articles also in rowid order ("first seen")."""
    db = corpus.db
    article = dict(tuple(r) for r in db.execute("SELECT rowid, id FROM articles"))
    identity = dict(tuple(r) for r in db.execute("SELECT id, key FROM identities"))
    out: dict[str, list[tuple]] = {}
    for table in TABLES:
        cur = db.execute(f"SELECT * FROM {table}")  # noqa: S608 - a fixed table name
        names = [d[0] for d in cur.description]
        rows = []
        for r in cur.fetchall():
            row = []
            for name, v in zip(names, tuple(r), strict=True):
                if name in VOLATILE or (name == "id" and table in ("identities", "quotes")):
                    continue
                if name in _ARTICLE_COLS or name.endswith("article_rowid"):
                    v = article.get(v)
                elif name in _IDENTITY_COLS or name.endswith("identity_id"):
                    v = identity.get(v)
                row.append((name, _val(v)))
            rows.append(tuple(row))
        out[table] = sorted(rows, key=repr)
    out["order"] = [(r[0],) for r in db.execute("SELECT id FROM articles ORDER BY rowid")]
    return out


def ingest_rows(db: str, folder: Path, **kw: Any) -> dict[str, list[tuple]]:
    with open_corpus(db) as corpus:
        report = ingest(corpus, [str(folder)], batch_size=4, range_bytes=RANGE_BYTES, **kw)
        assert report.added > 40 and dict(report.failed) == {"binary": 1, "empty": 1, "parse": 2}
        return corpus_rows(corpus)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dask_pair() -> Iterator[str]:
    """DATELINE_TEST_DASK_SCHEDULER (CI's pair), else a scheduler + one worker of our own."""
    if url := os.environ.get("DATELINE_TEST_DASK_SCHEDULER", "").strip():
        yield url
        return
    dask = VENV_BIN / "dask"
    if not dask.exists():
        pytest.skip(f"{dask} is missing: install dask[distributed] in the venv")
    port = _free_port()
    url = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True}
    procs = [
        subprocess.Popen(
            [str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], **quiet
        )
    ]
    try:
        procs.append(
            subprocess.Popen(
                [str(dask), "worker", url, "--nworkers", "1", "--nthreads", "1", "--no-dashboard"],
                **quiet,
            )
        )
        _wait_for_worker(url)
        yield url
    finally:
        for p in reversed(procs):
            try:
                os.killpg(p.pid, 15)
                p.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(p.pid, 9)


def _wait_for_worker(url: str) -> None:
    from distributed import Client

    deadline = time.monotonic() + 90
    while True:
        try:
            with Client(url, timeout=5) as c:
                c.wait_for_workers(1, timeout=60)
                return
        except (OSError, TimeoutError):
            if time.monotonic() > deadline:
                raise


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[tuple]]]:
    """(a) SQLite with the process pool: the rows the others must give."""
    base = tmp_path_factory.mktemp("same_rows")
    folder = make_input(base / "in")
    return folder, ingest_rows(str(base / "pool.db"), folder, workers=2)


def _pg(name: str) -> str:
    from .pg import fresh_pg_db

    return fresh_pg_db(name)


def _same(got: dict[str, list[tuple]], want: dict[str, list[tuple]]) -> None:
    assert got.keys() == want.keys()
    for table in want:
        assert len(got[table]) == len(want[table]), table
        assert got[table] == want[table], table
    assert len(want["articles"]) > 40 and len(want["entities"]) > 200 and len(want["events"]) > 10
    assert len(want["quotes"]) > 100 and len(want["identities"]) > 100


def test_reference_reads_the_split_feed_as_whole_files_would(reference, tmp_path: Path) -> None:  # noqa: ANN001
    folder, want = reference
    origins = {dict(r)["origin"] for r in want["articles"]}
    feed = str(folder / "feed.jsonl")
    assert {f"{feed}:{n}" for n in (1, 9, 11, 17)} <= origins  # line 10 is the broken one
    assert any(dict(r)["path"] == f"{feed}:10" for r in want["failures"])


def test_postgres_with_a_local_cluster(reference) -> None:  # noqa: ANN001
    folder, want = reference
    _same(ingest_rows(_pg("same_rows_local"), folder, workers=2, engine="dask"), want)


def test_postgres_with_a_separate_scheduler_and_worker(reference, dask_pair: str) -> None:  # noqa: ANN001
    folder, want = reference
    _same(ingest_rows(_pg("same_rows_pair"), folder, engine="dask", scheduler=dask_pair), want)


def test_sqlite_with_a_separate_scheduler_and_worker(reference, dask_pair: str, tmp_path: Path) -> None:  # noqa: ANN001
    folder, want = reference
    _same(ingest_rows(str(tmp_path / "pair.db"), folder, engine="dask", scheduler=dask_pair), want)
