"""``dateline export`` and dateline/export.py over a small store of hand-made records
(tests/test_store_events.py, plus one with timexes, authors, a place and non-ASCII text):
JSON Lines equal to the stored records, CSV tables that join back, Parquet with fixed
schemas (empty tables too), filters, batched reading, and the command's exit codes."""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from dateline import export as ex
from dateline.cli import app
from dateline.errors import UsageError
from dateline.store import SQLiteCorpus, open_corpus
from dateline.store.dialect import is_postgres

from .backends import BACKENDS, target
from .pg import fresh_pg_db
from .test_store_events import ALL
from .test_store_quotes import E, Q, record

_BODY = "Anna Müller said in Zürich on Monday: \u201cWe start in March.\u201d Talks with 北京 follow."
RICH = dict(
    record(
        _BODY,
        [E("Anna Müller"), E("Zürich", "GPE")],
        [Q("We start in March.", speaker="e1")],
        published="2019-05-13T06:00:00Z",
        source="Wire Ü",
        title="Müller in Zürich",
    ),
    authors=["Jo Bloggs", "Ann Lee"],
    topics=["politics"],
    summary="Anna Müller said in Zürich on Monday.",
    timexes=[
        {
            "id": "t1",
            "text": "Monday",
            "type": "DATE",
            "value": "2019-05-13",
            "span": [_BODY.index("Monday"), _BODY.index("Monday") + 6],
            "mod": None,
            "interval": None,
        }
    ],
)
RICH["entities"][1]["geo"] = {
    "name": "Zürich",
    "lat": 47.37,
    "lon": 8.55,
    "country": "CH",
    "geonames_id": 2657896,
    "kind": "city",
}
RECORDS = [*ALL, RICH]

runner = CliRunner()


def _build(path: Path | str, records: list[dict]) -> str:
    with open_corpus(path) as c:
        if records:
            c.add_batch(records)
            c.link_identities()
        return target(c)


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path: Path) -> str:
    """The exported corpus: an SQLite file, or a PostgreSQL database's URL."""
    where = fresh_pg_db("export") if request.param == "postgresql" else tmp_path / "c.db"
    return _build(where, RECORDS)


@pytest.fixture
def corpus(db: str) -> Iterator[SQLiteCorpus]:
    with open_corpus(db, readonly=True) as c:
        yield c


def _order(recs: list[dict]) -> list[str]:
    """published then id, undated last."""
    return [
        r["id"] for r in sorted(recs, key=lambda r: (r["published"] is None, r["published"] or "", r["id"]))
    ]


def _csv(folder: Path, table: str) -> list[dict]:
    with open(folder / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# -- JSON Lines -------------------------------------------------------------------------


def test_jsonl_lines_are_the_stored_records_in_order(corpus: SQLiteCorpus, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    s = ex.export(corpus, "jsonl", str(out))
    lines = out.read_bytes().splitlines(keepends=True)
    assert s.rows == {"records": len(RECORDS)} and s.bytes == out.stat().st_size and s.seconds >= 0
    assert [json.loads(x)["id"] for x in lines] == _order(RECORDS)
    by_id = {r["id"]: r for r in RECORDS}
    for line in lines:
        rec = json.loads(line)
        assert rec == corpus.get(rec["id"]) == by_id[rec["id"]]
        # the bytes `dateline analyze` prints: UTF-8, not \u escapes
        assert line == json.dumps(by_id[rec["id"]], ensure_ascii=False).encode("utf-8") + b"\n"
    assert "Zürich".encode() in out.read_bytes() and b"\\u00fc" not in out.read_bytes()
    assert b"".join(ex.iter_jsonl(corpus)) == out.read_bytes()
    assert [r["id"] for r in ex.iter_records(corpus)] == _order(RECORDS)


def test_jsonl_gz(corpus: SQLiteCorpus, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl.gz"
    ex.export(corpus, "jsonl", str(out))
    assert gzip.decompress(out.read_bytes()) == b"".join(ex.iter_jsonl(corpus))
    assert not list(tmp_path.glob(".*partial"))


# -- tables -----------------------------------------------------------------------------


def test_csv_tables_join_back(corpus: SQLiteCorpus, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    s = ex.export(corpus, "csv", str(out))
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.csv" for t in ex.TABLES)
    t = {name: _csv(out, name) for name in ex.TABLES}
    assert s.rows == {name: len(rows) for name, rows in t.items()}
    for name in t:
        with open(out / f"{name}.csv", encoding="utf-8", newline="") as fh:
            assert next(csv.reader(fh)) == ex.TABLES[name].names
    articles = {a["article_id"]: a for a in t["articles"]}
    assert list(articles) == _order(RECORDS)
    entities = {(e["article_id"], e["entity_id"]): e for e in t["entities"]}
    assert len(entities) == len(t["entities"]) == sum(len(r["entities"]) for r in RECORDS)
    assert all(k[0] in articles for k in entities)
    for m in t["mentions"]:  # mentions → entities → articles, and the offsets hold
        assert (m["article_id"], m["entity_id"]) in entities
        assert articles[m["article_id"]]["body"][int(m["start"]) : int(m["end"])] == m["text"]
    for q in t["quotes"]:
        assert not q["speaker_entity_id"] or (q["article_id"], q["speaker_entity_id"]) in entities
    events = {(v["article_id"], v["event_id"]): v for v in t["events"]}
    assert len(events) == sum(len(r["events"]) for r in RECORDS) == 11
    for v in events.values():
        for eid in filter(None, v["actors"].split(";") + v["targets"].split(";")):
            assert (v["article_id"], eid) in entities
        assert not v["location_entity_id"] or (v["article_id"], v["location_entity_id"]) in entities
    for a in t["event_args"]:
        assert (a["article_id"], a["event_id"]) in events
        assert not a["entity_id"] or (a["article_id"], a["entity_id"]) in entities
    # the values as written
    rich = articles[RICH["id"]]
    assert json.loads(rich["authors"]) == ["Jo Bloggs", "Ann Lee"] and rich["analysed"] == "true"
    assert rich["published"] == "2019-05-13T06:00:00Z" and rich["source"] == "Wire Ü"
    assert (rich["entities"], rich["quotes"], rich["timexes"], rich["events"]) == ("2", "1", "1", "0")
    zurich = entities[(RICH["id"], "e2")]
    assert (zurich["lat"], zurich["lon"], zurich["country"], zurich["geo_kind"]) == (
        "47.37",
        "8.55",
        "CH",
        "city",
    )
    assert zurich["identity_id"] and zurich["identity"] == "Zürich"
    (tx,) = t["timexes"]
    assert (tx["article_id"], tx["timex_id"], tx["value"], tx["text"]) == (
        RICH["id"],
        "t1",
        "2019-05-13",
        "Monday",
    )
    (q,) = [q for q in t["quotes"] if q["article_id"] == RICH["id"]]
    assert (q["speaker_entity_id"], q["text"], q["cue"]) == ("e1", "We start in March.", "said")
    police = [a for a in t["event_args"] if a["text"] == "Police"]
    assert [(a["role"], a["entity_id"], a["sector"]) for a in police] == [("actor", "", "police")]


def test_parquet_schemas_counts_and_row_groups(corpus: SQLiteCorpus, tmp_path: Path) -> None:
    s_csv = ex.export(corpus, "csv", str(tmp_path / "csv"))
    s = ex.export(corpus, "parquet", str(tmp_path / "pq"), row_group=3)
    assert s.rows == s_csv.rows and s.bytes > 0
    assert s.bytes == sum(p.stat().st_size for p in (tmp_path / "pq").iterdir())
    for name, schema in ex.TABLES.items():
        f = pq.ParquetFile(tmp_path / "pq" / f"{name}.parquet")
        table = f.read()
        assert table.schema.equals(schema), name
        assert table.num_rows == s.rows[name]
        if s.rows[name] > 3:  # written in row groups, not in one piece
            assert f.metadata.num_row_groups == -(-s.rows[name] // 3)
    arts = pq.read_table(tmp_path / "pq" / "articles.parquet").to_pylist()
    assert [a["article_id"] for a in arts] == _order(RECORDS)
    rich = next(a for a in arts if a["article_id"] == RICH["id"])
    assert rich["authors"] == ["Jo Bloggs", "Ann Lee"] and rich["analysed"] is True
    assert rich["published"].isoformat() == "2019-05-13T06:00:00+00:00"
    ev = pq.read_table(tmp_path / "pq" / "events.parquet").to_pylist()
    assert {(e["plover_type"], e["cameo"]) for e in ev} >= {("CONSULT", "036"), ("COERCE", "173")}
    assert all(isinstance(e["goldstein"], float) for e in ev)


def test_empty_corpus_gives_empty_tables_with_columns(tmp_path: Path) -> None:
    db = _build(tmp_path / "empty.db", [])
    with SQLiteCorpus(db, readonly=True) as c:
        s = ex.export(c, "parquet", str(tmp_path / "pq"))
        ex.export(c, "csv", str(tmp_path / "csv"))
        j = ex.export(c, "jsonl", str(tmp_path / "e.jsonl"))
    assert set(s.rows.values()) == {0} and j.rows == {"records": 0}
    assert (tmp_path / "e.jsonl").read_bytes() == b""
    for name, schema in ex.TABLES.items():
        table = pq.read_table(tmp_path / "pq" / f"{name}.parquet")
        assert table.num_rows == 0 and table.schema.equals(schema)
        text = (tmp_path / "csv" / f"{name}.csv").read_text("utf-8")
        assert text.splitlines() == [",".join(schema.names)]


def test_a_published_value_that_is_no_timestamp_is_null() -> None:
    arr = ex._timestamps(["2019-05-13T06:00:00Z", "13 May 2019", None, "2019-05-13T08:00:00+02:00"])
    assert [None if v is None else v.isoformat() for v in arr.to_pylist()] == [
        "2019-05-13T06:00:00+00:00", None, None, "2019-05-13T06:00:00+00:00"
    ]  # fmt: skip


def test_a_query_matching_nothing_still_writes_every_table(corpus: SQLiteCorpus, tmp_path: Path) -> None:
    s = ex.export(corpus, "parquet", str(tmp_path / "pq"), query="zebra")
    assert set(s.rows.values()) == {0} and len(list((tmp_path / "pq").iterdir())) == len(ex.TABLES)


# -- filters ----------------------------------------------------------------------------


def _ids(corpus: SQLiteCorpus, **filters) -> list[str]:
    return [r["id"] for r in ex.iter_records(corpus, **filters)]


def test_filters(corpus: SQLiteCorpus) -> None:
    by_title = {r["title"]: r["id"] for r in RECORDS}
    assert _ids(corpus, since="2019-05-12") == _order(
        [r for r in RECORDS if (r["published"] or "") >= "2019-05-12"]
    )
    assert _ids(corpus, until="2019-05-10") == _order(
        [r for r in RECORDS if r["published"] and r["published"] < "2019-05-11"]
    )
    assert _ids(corpus, since="2019-05-10", until="2019-05-12") == [
        by_title["Pompeo to meet Putin"], by_title["Crimea anniversary"]
    ]  # fmt: skip
    assert _ids(corpus, source="wire a") == [by_title["Pompeo to meet Putin"]]
    assert _ids(corpus, source="Wire Ü") == [RICH["id"]]
    assert _ids(corpus, query="Putin") == [by_title["Pompeo to meet Putin"]]
    assert _ids(corpus, query="Zürich") == _ids(corpus, query="zurich") == [RICH["id"]]
    assert _ids(corpus, query="Russia", source="Wire B") == [by_title["Crimea anniversary"]]
    assert _ids(corpus, query='"two leaders met"') == [by_title["Pompeo to meet Putin"]]
    # the filters reach the tables and JSONL the same way
    assert len(list(ex.iter_jsonl(corpus, source="Wire C"))) == 1


def test_the_search_query_language_reaches_the_export(corpus: SQLiteCorpus) -> None:
    """--query is the language of `dateline search` (store/query.py), not a second one."""
    pytest.importorskip("dateline.store.query")
    by_title = {r["title"]: r["id"] for r in RECORDS}
    assert _ids(corpus, query="Putin -Helsinki") == []
    assert _ids(corpus, query="Putin OR Crimea") == [
        by_title["Pompeo to meet Putin"],
        by_title["Crimea anniversary"],
    ]
    assert _ids(corpus, query="Talk*") == [by_title["A year of talks"], RICH["id"]]
    with pytest.raises(UsageError):
        list(ex.iter_records(corpus, query="(talks"))
    # CJK inside a run of characters: SQLite's trigram index (schema 5), PostgreSQL's scan
    if is_postgres(corpus.db) or "articles_tri" in {
        r[0] for r in corpus.db.execute("SELECT name FROM sqlite_master")
    }:
        assert _ids(corpus, query="北京") == [RICH["id"]]


def test_bad_dates_and_formats_are_usage_errors(corpus: SQLiteCorpus, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not a date"):
        ex.export(corpus, "csv", str(tmp_path / "x"), since="13/2019")
    with pytest.raises(UsageError, match="unknown export format"):
        ex.export(corpus, "xlsx", str(tmp_path / "x"))
    assert not (tmp_path / "x").exists()  # refused before anything was written


# -- streaming --------------------------------------------------------------------------


def test_records_are_fetched_in_batches_as_they_are_consumed(corpus: SQLiteCorpus) -> None:
    """Memory flat: the records are read one batch (one query) at a time, only as the
    consumer asks, never all at once."""
    fetches: list[str] = []
    corpus.db.set_trace_callback(lambda sql: fetches.append(sql) if "SELECT rowid, record" in sql else None)
    try:
        it = ex.iter_records(corpus, batch_size=2)
        assert fetches == []  # nothing read before the first record is asked for
        next(it)
        assert len(fetches) == 1
        next(it)
        assert len(fetches) == 1  # the second record came from the same batch of 2
        next(it)
        assert len(fetches) == 2
        rest = list(it)
        assert 3 + len(rest) == len(RECORDS) and len(fetches) == -(-len(RECORDS) // 2)
    finally:
        corpus.db.set_trace_callback(None)


def test_an_export_reads_one_snapshot_while_the_corpus_changes(db: str, corpus: SQLiteCorpus) -> None:
    it = ex.iter_records(corpus, batch_size=2)
    first = next(it)
    with open_corpus(db) as writer:  # an ingest replacing the corpus meanwhile
        writer.db.execute("DELETE FROM articles")
        writer.add_batch([dict(RICH, id="0" * 20, title="new", published="2000-01-01T00:00:00Z")])
    assert [first["id"], *(r["id"] for r in it)] == _order(RECORDS)
    assert not corpus.db.in_transaction  # the read ended with the export
    assert [r["title"] for r in ex.iter_records(corpus)] == ["new"]


def test_table_writers_hold_one_row_group(corpus: SQLiteCorpus, tmp_path: Path, monkeypatch) -> None:
    """Parquet rows go out every ``row_group`` rows: after each write the buffer holds
    fewer than that."""
    seen: list[int] = []
    write = ex._ParquetTable.write

    def spy(self, rows):
        write(self, rows)
        seen.append(len(self.buf))

    monkeypatch.setattr(ex._ParquetTable, "write", spy)
    ex.export(corpus, "parquet", str(tmp_path / "pq"), row_group=2, batch_size=2)
    assert seen and max(seen) < 2


# -- the command --------------------------------------------------------------------------


def run(*args: str):
    return runner.invoke(app, ["export", *args])


def test_cli_exports_each_format(db: str, tmp_path: Path) -> None:
    r = run("--format", "jsonl", "--out", "-", "--db", db)
    assert r.exit_code == 0, r.stderr
    assert [json.loads(x)["id"] for x in r.stdout.splitlines()] == _order(RECORDS)
    assert "exported 6 records" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    for fmt in ("csv", "parquet"):
        r = run("--format", fmt, "--out", str(tmp_path / fmt), "--db", db, "--source", "Wire A")
        assert r.exit_code == 0, r.stderr
        assert r.stdout == "" and "exported 1 articles" in r.stderr and "3 events" in r.stderr
    r = run("-f", "jsonl", "--out", str(tmp_path / "q.jsonl"), "--db", db, "--query", "Putin")
    assert r.exit_code == 0 and len((tmp_path / "q.jsonl").read_bytes().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml", "--out", "X"], "unknown export format 'xml'"),
        (["--format", "csv"], "give --out PATH"),
        (["--format", "csv", "--out", "X", "--since", "yesterday"], "not a date"),
        (["--format", "parquet", "--out", "-"], "writes a folder"),
        (["--format", "csv", "--out", "FULL"], "not empty; give --force"),
        (["--format", "jsonl", "--out", "FILE"], "exists; give --force"),
        (["--format", "csv", "--out", "FILE"], "is a file"),
        (["--format", "jsonl", "--out", "FULL"], "is a folder"),
        (["--format", "jsonl", "--out", "nowhere/x.jsonl"], "no folder"),
    ],
)
def test_cli_usage_errors_exit_2(db: str, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "FULL").mkdir()
    (tmp_path / "FULL" / "notes.txt").write_text("mine")
    (tmp_path / "FILE").write_text("mine")
    args = [str(tmp_path / a) if a in ("X", "FULL", "FILE", "nowhere/x.jsonl") else a for a in args]
    r = run(*args, "--db", db)
    assert r.exit_code == 2, r.stderr
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert (tmp_path / "FILE").read_text() == "mine" and sorted(
        p.name for p in (tmp_path / "FULL").iterdir()
    ) == ["notes.txt"]


def test_cli_force_overwrites_only_the_tables(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / "articles.csv").write_text("old")
    r = run("--format", "csv", "--out", str(folder), "--db", db, "--force")
    assert r.exit_code == 0, r.stderr
    assert (folder / "notes.txt").read_text() == "mine"
    assert len(_csv(folder, "articles")) == len(RECORDS)
    out = tmp_path / "a.jsonl"
    out.write_text("old")
    assert run("--out", str(out), "--db", db, "--force").exit_code == 0
    assert len(out.read_bytes().splitlines()) == len(RECORDS)


def test_cli_missing_corpus_exits_1(tmp_path: Path) -> None:
    r = run("--format", "csv", "--out", str(tmp_path / "x"), "--db", str(tmp_path / "none.db"))
    assert r.exit_code == 1 and "no corpus at" in r.stderr
    assert not (tmp_path / "x").exists() and not (tmp_path / "none.db").exists()
