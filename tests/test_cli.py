"""The dateline command, run as a user runs it: exit codes, stdout/stderr, JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CORPUS

DATELINE = [sys.executable, "-m", "dateline.cli"]


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(DATELINE + list(args), input=stdin, capture_output=True, timeout=300)


def test_cli_analyze_one_file_prints_one_record() -> None:
    p = run("analyze", str(CORPUS / "reuters_wire_fed.txt"))
    assert p.returncode == 0, p.stderr
    rec = json.loads(p.stdout)
    assert rec["schema"] == "dateline.article/1"
    assert rec["wire"]["agency"] == "Reuters"
    for e in rec["entities"]:
        for s, t in e["mentions"]:
            assert rec["body"][s:t]


def test_cli_analyze_several_files_is_jsonl_and_bad_input_exits_3() -> None:
    p = run(
        "analyze",
        str(CORPUS / "jst_typhoon_shikoku.txt"),
        str(CORPUS / "empty.txt"),
        str(CORPUS / "binary.txt"),
        str(CORPUS / "feed_mixed_keys.jsonl"),
    )
    assert p.returncode == 3
    lines = p.stdout.decode().splitlines()
    assert len(lines) == 6 and all(json.loads(x)["schema"] == "dateline.article/1" for x in lines)
    err = p.stderr.decode().strip().splitlines()
    assert len(err) == 2 and "empty.txt" in err[0] and "binary.txt" in err[1]
    assert "Traceback" not in p.stderr.decode()


def test_cli_analyze_stdin_and_pretty() -> None:
    p = run(
        "analyze", "-", "--pretty", stdin=b"Storm hits coast\n\nHeavy rain fell on the coast on Monday.\n"
    )
    assert p.returncode == 0
    rec = json.loads(p.stdout)
    assert rec["title"] == "Storm hits coast" and p.stdout.count(b"\n") > 10


def test_cli_non_english_marked_not_analysed() -> None:
    p = run("analyze", str(CORPUS / "de_stadtwerke_energie.txt"))
    rec = json.loads(p.stdout)
    assert rec["language"] == "de" and rec["analysed"] is False and rec["entities"] == []
    assert rec["published"] and rec["title"]


def test_cli_usage_error_exits_2() -> None:
    assert run("analyze").returncode == 2
    assert run("no-such-command").returncode == 2


def test_cli_missing_file_exits_3() -> None:
    p = run("analyze", "/nonexistent/file.txt")
    assert p.returncode == 3 and b"cannot read" in p.stderr and b"Traceback" not in p.stderr


@pytest.mark.slow
def test_cli_ingest_search_stats(tmp_path: Path) -> None:
    db = str(tmp_path / "d.db")
    p = run("ingest", str(CORPUS), "--db", db, "--workers", "1")
    assert p.returncode == 0, p.stderr
    summary = p.stderr.decode()
    assert "added 37" in summary and "failed 3" in summary and "binary 1" in summary
    assert "1 syndicated copy among them" in summary  # examples/corpus/syndicated_sochi_floods_courier.txt
    again = run("ingest", str(CORPUS), "--db", db, "-q")
    assert "added 0" in again.stderr.decode()
    hits = run("search", "Time Warner", "--db", db, "--json")
    rows = [json.loads(x) for x in hits.stdout.decode().splitlines()]
    assert rows and "Time Warner" in rows[0]["title"] + rows[0]["snippet"].replace("«", "").replace("»", "")
    assert run("search", "Time Warner", "--db", db, "--source", "nobody", "--json").stdout == b""
    st = run("stats", "--db", db, "--json")
    s = json.loads(st.stdout)
    assert s["articles"] == 37 and s["failures"] == 3 and s["copies"] == 1 and s["stories"] >= 1
    assert run("stats", "--db", str(tmp_path / "none.db")).returncode == 1


def test_cli_search_without_query_or_entity_exits_2(tmp_path: Path) -> None:
    for args in (["search"], ["search", "  "], ["search", "--entity", ""]):
        p = run(*args, "--db", str(tmp_path / "none.db"))
        assert p.returncode == 2 and b"--entity" in p.stderr and b"Traceback" not in p.stderr
    assert run("entities", "--db", str(tmp_path / "none.db")).returncode == 1


@pytest.mark.slow
def test_cli_entities_and_search_entity(tmp_path: Path) -> None:
    db = str(tmp_path / "e.db")
    assert run("ingest", str(CORPUS), "--db", db, "--workers", "1", "-q").returncode == 0

    p = run("entities", "--db", db, "--top", "5", "--json")
    assert p.returncode == 0, p.stderr
    rows = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert 0 < len(rows) <= 5
    assert set(rows[0]) == {"id", "name", "type", "articles", "linked_to", "confidence"}
    assert [r["articles"] for r in rows] == sorted((r["articles"] for r in rows), reverse=True)
    top = rows[0]
    assert top["articles"] >= 2  # some name recurs across the example corpus

    table = run("entities", "--db", db, "--top", "3")
    assert table.returncode == 0 and top["name"].encode() in table.stdout

    gpe = run("entities", "--db", db, "--type", "gpe", "--top", "1000", "--json")
    assert {json.loads(x)["type"] for x in gpe.stdout.decode().splitlines()} == {"GPE"}

    # --entity alone: every article mentioning the identity, as many as it counts.
    p = run("search", "--entity", top["name"].upper(), "--db", db, "--json", "--limit", "1000")
    assert p.returncode == 0, p.stderr
    hits = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert len(hits) == top["articles"]
    assert all("«" in h["snippet"] for h in hits)

    # QUERY --entity: the intersection of the two searches.
    word = max(hits[0]["title"].split(), key=len).strip("'\",.:;")
    both = run("search", word, "--entity", top["name"], "--db", db, "--json", "--limit", "1000")
    ids = {json.loads(x)["id"] for x in both.stdout.decode().splitlines()}
    assert hits[0]["id"] in ids and ids <= {h["id"] for h in hits}

    # A full name finds the articles of its linked bare surname.
    people = run("entities", "--db", db, "--type", "PERSON", "--top", "100000", "--json")
    for r in (json.loads(x) for x in people.stdout.decode().splitlines()):
        if r["linked_to"]:
            bare = run("search", "--entity", r["name"], "--db", db, "--json", "--limit", "1000")
            full = run("search", "--entity", r["linked_to"], "--db", db, "--json", "--limit", "1000")
            assert {json.loads(x)["id"] for x in bare.stdout.decode().splitlines()} <= {
                json.loads(x)["id"] for x in full.stdout.decode().splitlines()
            }

    nobody = run("search", "--entity", "No Such Person", "--db", db, "--json")
    assert nobody.returncode == 0 and nobody.stdout == b""


@pytest.mark.slow
def test_cli_quotes(tmp_path: Path) -> None:
    from dateline.store import SQLiteCorpus

    db = str(tmp_path / "q.db")
    assert run("ingest", str(CORPUS), "--db", db, "--workers", "1", "-q").returncode == 0

    p = run("quotes", "--db", db, "--json", "--limit", "10000")
    assert p.returncode == 0, p.stderr
    rows = [json.loads(x) for x in p.stdout.decode().splitlines()]  # valid JSON Lines (maybe none yet)
    keys = {"article_id", "title", "published", "source", "quote_id", "kind", "speaker", "speaker_text"}
    with SQLiteCorpus(db, readonly=True) as corpus:
        for r in rows:
            assert set(r) == keys | {"text", "cue", "span"}
            assert r["kind"] in ("direct", "partial", "indirect")
            assert r["text"] and r["text"] in corpus.get(r["article_id"])["body"]
    dated = [r["published"] for r in rows if r["published"]]
    assert dated == sorted(dated, reverse=True)

    # Filters run (and find the rows they should, when there are any).
    spoken = next((r for r in rows if r["speaker"]), None)
    if spoken:
        by = run("quotes", "--speaker", spoken["speaker"].upper(), "--db", db, "--json", "--limit", "10000")
        assert (spoken["article_id"], spoken["quote_id"]) in {
            (x["article_id"], x["quote_id"]) for x in map(json.loads, by.stdout.decode().splitlines())
        }
    for args in (["--about", 'NEAR( "'], ["--speaker", "'; DROP TABLE quotes; --"], ["--kind", "DIRECT"]):
        p = run("quotes", *args, "--db", db, "--json")
        assert p.returncode == 0, p.stderr
        assert all(json.loads(x) for x in p.stdout.decode().splitlines())
    table = run("quotes", "--db", db, "--limit", "3")
    assert table.returncode == 0 and b"Traceback" not in table.stderr
    if rows:
        assert (rows[0]["source"] or "?").encode() in table.stdout
    else:
        assert b"no quotes" in table.stderr

    # Exit codes: 2 usage, 1 store.
    assert run("quotes", "--kind", "hearsay", "--db", db).returncode == 2
    assert run("quotes", "--since", "last week", "--db", db).returncode == 1
    missing = run("quotes", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 1 and b"Traceback" not in missing.stderr


def test_cli_entities_corrections_and_links(tmp_path: Path) -> None:
    from dateline.store import SQLiteCorpus

    from .test_store_identities import filler, rec

    db = str(tmp_path / "c.db")
    with SQLiteCorpus(db) as c:
        c.add_batch(filler() + [rec("Angela Merkel", ("Berlin", "GPE")), rec("Merkel", ("Berlin", "GPE"))])
        c.add_batch(
            [rec(("Lib Dem", "ORG")), rec(("Liberal Democrats", "ORG")), rec(("Liberal Democrats", "ORG"))]
        )
        c.link_identities()
    p = run("entities", "links", "--db", db, "--json")
    assert p.returncode == 0, p.stderr
    [link] = [json.loads(line) for line in p.stdout.splitlines()]
    assert (link["bare"], link["target"], link["articles"]) == ("Merkel", "Angela Merkel", 1)
    p = run("entities", "links", "Merkel", "--why", "--db", db)
    assert p.returncode == 0 and b"Angela Merkel: p" in p.stdout
    assert run("entities", "links", "--why", "--db", db).returncode == 2  # --why needs a name
    p = run("entities", "merge", "Lib Dem", "Liberal Democrats", "--db", db)
    assert p.returncode == 0 and b"merged Lib Dem into Liberal Democrats" in p.stderr
    assert run("entities", "retype", "Berlin", "PLANET", "--db", db).returncode == 2
    assert run("entities", "split", "Nobody Atall", "--db", db).returncode == 1
    p = run("entities", "--db", db, "--type", "ORG", "--json")
    assert [json.loads(line)["name"] for line in p.stdout.splitlines()] == ["Liberal Democrats"]
