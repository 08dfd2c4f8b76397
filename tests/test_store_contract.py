"""The Corpus contract on both backends: every protocol call gives the same answer on
SQLite and on PostgreSQL over the same records, and each backend keeps the protocol's
promises (idempotent batches, resumable marks, edited and deleted files, corrections,
read-only opens, clear errors).  The web API and export read PostgreSQL unchanged.

PostgreSQL comes from tests/pg.py (CI: the cluster .ci/run starts); without one the
PostgreSQL cases skip with the reason.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import threading
from pathlib import Path
from typing import Any

import pytest

from dateline.errors import StoreError
from dateline.ingest import process_group
from dateline.store import open_corpus
from dateline.store.base import FileMark

from .conftest import CORPUS
from .pg import fresh_pg_db

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="module")
def batch() -> Any:
    """The sample corpus analysed once: (records, failures, marks)."""
    paths = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    items = [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in paths]
    return process_group(items, 20 * 1024 * 1024, 32)


def _open(kind: str, where: Path, hint: str) -> Any:
    if kind == "sqlite":
        return open_corpus(where / f"{hint}.db")
    return open_corpus(fresh_pg_db(hint))


def _load(corpus: Any, batch: Any) -> Any:
    corpus.add_batch(batch.records, batch.failures, batch.marks)
    corpus.link_identities()
    corpus.assign_stories()
    return corpus


@pytest.fixture(scope="module")
def pair(batch: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    where = tmp_path_factory.mktemp("contract")
    lite = _load(_open("sqlite", where, "contract"), batch)
    pg = _load(_open("postgresql", where, "contract"), batch)
    yield lite, pg
    lite.close()
    pg.close()


def _plain(value: Any) -> Any:
    """Dataclasses as dicts, tuples as lists: answers compared as data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, float):
        return round(value, 9)
    return value


def _story_ids(c: Any) -> list[int]:
    return [s.id for s in c.stories(min_articles=1, limit=100)]


def _happening_ids(c: Any) -> list[int]:
    return [h.id for h in c.happenings(limit=100)]


CALLS: dict[str, Any] = {
    "ids": lambda c: c.ids(),
    "get": lambda c: [c.get(i) for i in c.ids()],
    "get missing": lambda c: c.get("no-such-id"),
    "stats": lambda c: c.stats(),
    "failures": lambda c: c.failures(),
    "failures by reason": lambda c: c.failures("binary"),
    "entities": lambda c: c.entities(top=200),
    "entities PERSON": lambda c: c.entities("PERSON", top=50),
    "entities GPE query": lambda c: c.entities("GPE", top=50, query="Chin"),
    "identity_links": lambda c: c.identity_links(top=100),
    "quotes": lambda c: c.quotes(limit=500),
    "quotes direct": lambda c: c.quotes(kind="direct", limit=500),
    "quotes since": lambda c: c.quotes(since="2019-05-13", until="2020-12-31", limit=500),
    "quotes source": lambda c: c.quotes(source="sina english", limit=500),
    "events": lambda c: c.events(limit=500),
    "events CONSULT": lambda c: c.events(type="CONSULT", limit=500),
    "events since": lambda c: c.events(since="2019-01-01", until="2019-12-31", limit=500),
    "events cameo": lambda c: c.events(cameo="0", limit=500),
    "stories": lambda c: c.stories(min_articles=1, limit=100),
    "stories offset": lambda c: c.stories(min_articles=1, limit=5, offset=3),
    "story detail": lambda c: [c.story(i) for i in _story_ids(c)],
    "story missing": lambda c: c.story(10**6),
    "happenings": lambda c: c.happenings(limit=100),
    "happenings since": lambda c: c.happenings(since="2019-01-01", limit=100),
    "happening detail": lambda c: [c.happening(i) for i in _happening_ids(c)],
    "links": lambda c: [c.links(i) for i in c.ids()],
}


@pytest.mark.parametrize("call", sorted(CALLS))
def test_same_answer_on_both_backends(pair: Any, call: str) -> None:
    lite, pg = pair
    expected = _plain(CALLS[call](lite))
    assert _plain(CALLS[call](pg)) == expected


def test_file_marks_agree(pair: Any, batch: Any) -> None:
    lite, pg = pair
    done = [lite.file_done(m.path, m.size, m.mtime_ns) for m in batch.marks]
    assert any(done) and not all(done)  # files with failures are not done
    assert [pg.file_done(m.path, m.size, m.mtime_ns) for m in batch.marks] == done
    assert not any(pg.file_done(m.path, m.size + 1, m.mtime_ns) for m in batch.marks)


def test_the_sample_corpus_is_not_trivial(pair: Any) -> None:
    s = pair[1].stats()
    assert s.articles >= 30 and s.entities > 100 and s.copies >= 1 and s.happenings > 0
    assert pair[1].quotes(limit=5) and pair[1].events(limit=5)


def test_named_lookups_agree(pair: Any) -> None:
    lite, pg = pair
    names = [r.name for r in lite.entities(top=30)]
    for name in names:
        assert _plain(pg.quotes(speaker=name, limit=50)) == _plain(lite.quotes(speaker=name, limit=50))
        assert _plain(pg.events(entity=name, limit=50)) == _plain(lite.events(entity=name, limit=50))
        assert _plain(pg.happenings(entity=name)) == _plain(lite.happenings(entity=name))
        assert _plain(pg.stories(entity=name, min_articles=1)) == _plain(
            lite.stories(entity=name, min_articles=1)
        )
        assert _plain(pg.link_evidence(name)) == _plain(lite.link_evidence(name))
    for place in ("Beijing", "Hanoi", "Washington"):
        assert _plain(pg.events(place=place, limit=50)) == _plain(lite.events(place=place, limit=50))


# -- the protocol's promises, on each backend -------------------------------------------


@pytest.fixture(params=BACKENDS)
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    corpus = _open(request.param, tmp_path, f"fresh_{request.node.name}")
    yield corpus
    corpus.close()


def test_a_batch_stored_twice_adds_nothing(fresh: Any, batch: Any) -> None:
    first = fresh.add_batch(batch.records, batch.failures, batch.marks)
    again = fresh.add_batch(batch.records, batch.failures, batch.marks)
    assert first.added == len(batch.records) and first.copies >= 1
    assert again.added == 0 and again.present == len(batch.records)
    assert fresh.stats().articles == len(batch.records)
    assert len(fresh.failures()) == len(batch.failures)


def test_concurrent_writers_do_not_duplicate(fresh: Any, batch: Any, tmp_path: Path) -> None:
    """Two connections storing the same batch at once: one stores it, the other finds it
    present; nothing is stored twice and neither fails."""
    fresh.add_batch(batch.records[:1])  # the schema exists before the race
    target = fresh.url if hasattr(fresh, "url") else fresh.path
    results: list[Any] = []
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with open_corpus(target) as c:
                results.append(c.add_batch(batch.records, batch.failures, batch.marks))
        except BaseException as e:  # noqa: BLE001 - reported by the assertion below
            errors.append(e)

    threads = [threading.Thread(target=write) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sum(r.added for r in results) == len(batch.records) - 1
    assert fresh.stats().articles == len(batch.records)
    assert len(fresh.ids()) == len(set(fresh.ids()))


def test_marks_edited_files_and_held_ids(fresh: Any, batch: Any) -> None:
    recs = [r for r in batch.records if r.get("origin")]
    rec = recs[0]
    path = rec["origin"].split("#")[0].split(":")[0]
    fresh.add_batch([rec], [], [FileMark(path, 10, 20, 1, 0)])
    assert fresh.file_done(path, 10, 20) and not fresh.file_done(path, 11, 20)
    # The same file read again holding nothing it held: its article goes …
    res = fresh.add_batch([], [], [FileMark(path, 11, 20, 0, 0)])
    assert res.replaced == 1 and fresh.get(rec["id"]) is None
    # … unless an earlier part of the file (held=) stored it.
    fresh.add_batch([rec], [], [])
    res = fresh.add_batch([], [], [FileMark(path, 12, 20, 1, 0)], held={path: {rec["id"]}})
    assert res.replaced == 0 and fresh.get(rec["id"]) is not None


def test_prune_removes_deleted_files(fresh: Any, batch: Any, tmp_path: Path) -> None:
    gone = tmp_path / "gone.txt"
    rec = dict(batch.records[0], origin=str(gone))
    fresh.add_batch([rec], [], [FileMark(str(gone), 1, 1, 1, 0)])
    assert fresh.prune([str(tmp_path)]) == 1
    assert fresh.get(rec["id"]) is None and fresh.stats().files == 0


def test_corrections_apply_and_last(fresh: Any, batch: Any) -> None:
    _load(fresh, batch)
    top = [r for r in fresh.entities("PERSON", top=10)]
    assert len(top) >= 2
    said = fresh.fix_identity("retype", top[0].name, "ORG")
    assert said and any(r.name == top[0].name for r in fresh.entities("ORG", top=500))
    fresh.fix_identity("merge", top[1].name, top[0].name)
    names = {r.name for r in fresh.entities(top=500)}
    assert top[1].name not in names


def test_read_only_open_refuses_writes(fresh: Any, batch: Any) -> None:
    fresh.add_batch(batch.records[:2])
    target = fresh.url if hasattr(fresh, "url") else fresh.path
    with open_corpus(target, readonly=True) as ro:
        assert len(ro.ids()) == 2
        with pytest.raises(StoreError):
            ro.add_batch(batch.records[2:4])
    assert len(fresh.ids()) == 2


def test_a_newer_schema_is_refused(fresh: Any) -> None:
    fresh.db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    target = fresh.url if hasattr(fresh, "url") else fresh.path
    with pytest.raises(StoreError, match="schema version 99"):
        open_corpus(target)


def test_an_unreachable_server_is_one_clear_error() -> None:
    with pytest.raises(StoreError) as e:
        open_corpus("postgresql://nobody:secret@127.0.0.1:1/none")
    message = str(e.value)
    assert "could not connect" in message and "secret" not in message and "\n" not in message


def test_a_database_without_a_corpus_is_refused_read_only() -> None:
    url = fresh_pg_db("empty")
    with pytest.raises(StoreError, match="no dateline corpus"):
        open_corpus(url, readonly=True)


# -- serve and export, unchanged, on PostgreSQL -----------------------------------------

API = [
    "/api/stats",
    "/api/entities?limit=50",
    "/api/quotes?limit=100",
    "/api/events?limit=100",
    "/api/timeline?limit=100",
    "/api/stories?limit=50",
    "/api/happenings?limit=50",
]


def test_api_answers_alike(pair: Any) -> None:
    from fastapi.testclient import TestClient

    from dateline.web.app import create_app

    lite, pg = pair
    with TestClient(create_app(lite.path)) as a, TestClient(create_app(pg.url)) as b:
        paths = list(API)
        paths += [f"/api/articles/{i}" for i in lite.ids()[:10]]
        paths += [f"/api/articles/{i}/links" for i in lite.ids()[:10]]
        for path in paths:
            ra, rb = a.get(path), b.get(path)
            assert (rb.status_code, rb.json()) == (ra.status_code, ra.json()), path
        for path in ("/", "/timeline", "/stories", "/map", "/status", f"/article/{lite.ids()[0]}"):
            assert b.get(path).status_code == 200, path


def test_export_alike(pair: Any, tmp_path: Path) -> None:
    from dateline.export import export

    lite, pg = pair
    export(lite, "jsonl", str(tmp_path / "a.jsonl"))
    export(pg, "jsonl", str(tmp_path / "b.jsonl"))
    a = [json.loads(x) for x in (tmp_path / "a.jsonl").read_text("utf-8").splitlines()]
    b = [json.loads(x) for x in (tmp_path / "b.jsonl").read_text("utf-8").splitlines()]
    assert a == b and len(a) == len(lite.ids())
    export(lite, "csv", str(tmp_path / "ca"))
    export(pg, "csv", str(tmp_path / "cb"))
    for table in sorted(p.name for p in (tmp_path / "ca").iterdir()):
        with open(tmp_path / "ca" / table, newline="", encoding="utf-8") as fa:
            rows_a = list(csv.reader(fa))
        with open(tmp_path / "cb" / table, newline="", encoding="utf-8") as fb:
            rows_b = list(csv.reader(fb))
        assert rows_b == rows_a, table
