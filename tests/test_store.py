"""Corpus contract tests, written against the protocol so every backend can run them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.errors import StoreError
from dateline.models import Article, Entity, Record
from dateline.store import Failure, FileMark, SQLiteCorpus
from dateline.store.query import QueryError
from dateline.store.sqlite import fts_query

from .backends import BACKENDS, open_backend


def _rec(title: str, body: str, published: str | None = None, source: str = "Test Wire") -> dict:
    from datetime import datetime

    art = Article(
        title=title,
        body=body,
        published=datetime.fromisoformat(published) if published else None,
        source=source,
        language="en",
    )
    from dateline.models import Analysis

    ent = Entity(id="e1", name=body.split()[0], type="PERSON", mentions=((0, len(body.split()[0])),))
    return Record(art, Analysis(entities=(ent,))).to_json()


@pytest.fixture(params=BACKENDS)
def corpus(request, tmp_path: Path) -> Iterator[SQLiteCorpus]:
    c = open_backend(request.param, tmp_path, "c.db")
    yield c
    c.close()


def test_store_roundtrip_returns_same_record(corpus) -> None:
    rec = _rec("Talks resume", "Negotiators met in Geneva on Monday.", "2021-03-01T10:00:00+00:00")
    assert corpus.add_batch([rec]).added == 1
    assert corpus.get(rec["id"]) == rec
    assert corpus.get("nope") is None


def test_store_same_content_is_added_once(corpus) -> None:
    rec = _rec("Talks resume", "Negotiators met in Geneva on Monday.")
    assert corpus.add_batch([rec, rec]).added == 1
    res = corpus.add_batch([rec])
    assert (res.added, res.present) == (0, 1)
    assert corpus.stats().articles == 1


def test_store_search_filters_and_snippets(corpus) -> None:
    corpus.add_batch(
        [
            _rec("Merger", "Time Warner agreed to a merger.", "2019-05-13T06:00:00+00:00", "Wire A"),
            _rec("Other", "The time to act on warner rules is now.", "2020-01-01T00:00:00+00:00", "Wire B"),
            _rec("Weather", "Rain in Oslo.", "2019-05-14T00:00:00+00:00", "Wire A"),
        ]
    )
    hits = corpus.search('"Time Warner"')
    assert [h.title for h in hits] == ["Merger"]
    assert "«Time Warner»" in hits[0].snippet
    assert {h.title for h in corpus.search("time warner")} == {"Merger", "Other"}
    assert [h.title for h in corpus.search("time warner", source="wire b")] == ["Other"]
    assert [h.title for h in corpus.search("time", until="2019-05-13")] == ["Merger"]
    assert [h.title for h in corpus.search("time", since="2019-05-14")] == ["Other"]


@pytest.mark.parametrize(
    "query", ['"', "AND", "a OR", "NEAR(", "*", "'; DROP TABLE articles; --", "title:x", "\x00"]
)
def test_store_search_never_fails_on_user_syntax(corpus, query: str) -> None:
    corpus.add_batch([_rec("Merger", "Time Warner agreed to a merger.")])
    try:  # every word is quoted, every value a parameter: hits, or a QueryError saying how to fix it
        corpus.search(query)
    except QueryError as e:
        assert "sqlite" not in str(e).lower()
    assert corpus.stats().articles == 1


def test_store_fts_query_quotes_terms() -> None:
    assert fts_query("time warner") == '"time" "warner"'
    assert fts_query('"time warner" OR cable') == '"time warner" OR "cable"'
    assert fts_query("") == '""'


def test_store_failed_batch_leaves_nothing(corpus) -> None:
    good = _rec("Talks resume", "Negotiators met in Geneva on Monday.")
    broken = dict(good, id="other-id", body=None)  # NOT NULL violation mid-batch
    with pytest.raises(StoreError):
        corpus.add_batch(
            [good, broken], [Failure("x.txt", "empty", "x.txt: empty")], [FileMark("x.txt", 1, 1, 0, 1)]
        )
    s = corpus.stats()
    assert (s.articles, s.failures, s.files) == (0, 0, 0)


def test_store_files_and_failures_recorded(corpus) -> None:
    corpus.add_batch([], [Failure("b.txt", "binary", "b.txt: binary")] * 2, [FileMark("b.txt", 10, 99, 0, 1)])
    assert not corpus.file_done("b.txt", 10, 99)  # a failed file is tried again next run
    corpus.add_batch([], [], [FileMark("ok.txt", 10, 99, 1, 0)])
    assert corpus.file_done("ok.txt", 10, 99)
    assert not corpus.file_done("ok.txt", 11, 99)
    assert corpus.stats().failures_by_reason == (("binary", 1),)
    assert [f.reason for f in corpus.failures(reason="binary")] == ["binary"]
    assert corpus.failures(reason="empty") == []
    # read again: the old failures of the file and of its lines are replaced, not added to
    corpus.add_batch([], [Failure("j.jsonl:2", "parse", "j.jsonl:2: bad")], [FileMark("j.jsonl", 5, 5, 1, 1)])
    res = corpus.add_batch([], [], [FileMark("j.jsonl", 5, 6, 2, 0), FileMark("b.txt", 10, 99, 0, 0)])
    assert res.recovered == 2 and corpus.failures() == []


def test_store_not_a_database_is_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable dateline database"):
        SQLiteCorpus(bad)
    with pytest.raises(StoreError, match="no corpus"):
        SQLiteCorpus(tmp_path / "missing.db", readonly=True)


def test_store_wal_mode(tmp_path: Path) -> None:
    SQLiteCorpus(tmp_path / "w.db").close()
    con = sqlite3.connect(tmp_path / "w.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
