"""``dateline events`` and ``dateline timeline`` on a small store of hand-made records
(tests/test_store_events.py): JSON Lines, the tables, filters, exit codes (2 usage, 1
store) and the message for a store not yet upgraded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.store import SQLiteCorpus

from .test_store_events import ALL, CRIMEA, SOCHI, make_v3

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "ev.db")
    with SQLiteCorpus(path) as c:
        c.add_batch(ALL)
        c.link_identities()
    return path


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def lines(result) -> list[dict]:
    return [json.loads(x) for x in result.stdout.splitlines()]


KEYS = {
    "article_id", "title", "published", "source", "event_id", "date", "when", "when_from", "sentence",
    "span", "trigger", "type", "plover_type", "plover_mode", "cameo", "goldstein", "modality",
    "historical", "actors", "targets", "location", "said_by",
}  # fmt: skip


def test_events_json_in_the_order_they_happened(db: str) -> None:
    r = run("events", "--db", db, "--json")
    assert r.exit_code == 0, r.stderr
    rows = lines(r)
    assert len(rows) == 11 and all(set(x) == KEYS for x in rows)
    assert [x["when"] for x in rows[:-1]] == sorted(x["when"] for x in rows[:-1])
    assert rows[-1]["when"] is None  # neither a text date nor a publication day: last
    assert rows[0]["date"] == "2014" and rows[0]["actors"] == ["Russia"] and rows[0]["targets"] == ["Crimea"]
    assert len(lines(run("events", "--db", db, "--json", "--limit", "2"))) == 2


@pytest.mark.parametrize(
    ("args", "triggers"),
    [
        (["--entity", "putin"], ["summit", "phone", "meet"]),
        (["--entity", "Police"], ["arrested"]),
        (["--type", "assault"], ["takeover"]),
        (["--cameo", "04"], ["met", "summit", "resumed", "phone"]),
        (["--place", "Sochi"], ["meet"]),
        (["--since", "2019-05", "--until", "2019-05-13"], ["phone", "arrested"]),
        (["--entity", "Vladimir Putin", "--type", "CONSULT", "--since", "2019"], ["phone", "meet"]),
        (["--entity", "'; DROP TABLE events; --"], []),
    ],
)
def test_events_filters(db: str, args: list[str], triggers: list[str]) -> None:
    r = run("events", "--db", db, "--json", *args)
    assert r.exit_code == 0, r.stderr
    assert [x["trigger"] for x in lines(r)] == triggers


def test_events_table(db: str) -> None:
    r = run("events", "--db", db, "--entity", "Vladimir Putin")
    assert r.exit_code == 0, r.stderr
    assert "Helsinki" in r.stdout and "CONSULT 036" in r.stdout and "Wire A" in r.stdout
    assert r.stdout.index("2018-07") < r.stdout.index("2019-05-14")
    published = run("events", "--db", db, "--entity", "police")
    assert "2019-05-12 (published)" in published.stdout  # a publication day is marked as one
    none = run("events", "--db", db, "--entity", "Jeb Bush")
    assert none.exit_code == 0 and none.stdout == "" and "no events" in none.stderr


def test_timeline(db: str) -> None:
    r = run("timeline", "--entity", "Putin", "--db", db)
    assert r.exit_code == 0, r.stderr
    out = r.stdout.splitlines()
    assert out[0] == "Putin: 3 events"
    assert out[1].startswith("2018-07  Donald Trump → Vladimir Putin") and "in Helsinki" in out[1]
    assert out[2].strip() == "The two leaders met at a July summit in Helsinki."
    assert out[3].strip().startswith("Pompeo to meet Putin · Wire A · 2019-05-10")
    assert out[7].startswith("2019-05-14  Mike Pompeo → Vladimir Putin") and "planned" in out[7]
    j = run("timeline", "--entity", "russia", "--db", db, "--json")
    assert j.exit_code == 0
    assert [(x["article_id"], x["date"]) for x in lines(j)] == [
        (CRIMEA["id"], "2014"),
        (next(a["id"] for a in ALL if a["title"].startswith("The Kremlin")), "2019-05-31"),
    ]
    assert all(x["sentence"] and x["title"] for x in lines(j))
    assert [
        x["event_id"] for x in lines(run("timeline", "--entity", "Mike Pompeo", "--db", db, "--json"))
    ] == ["v1"]
    none = run("timeline", "--entity", "Nobody", "--db", db)
    assert none.exit_code == 0 and "no events with 'Nobody'" in none.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["events", "--type", "MEET"], "--type must be one of the 16 PLOVER types (AGREE, CONSULT,"),
        (["events", "--cameo", "4a"], "--cameo: '4a' is not a CAMEO code"),
        (["events", "--since", "last week"], "--since: 'last week' is not a date; give YYYY, YYYY-MM or"),
        (["events", "--until", "2019-02-30"], "--until: '2019-02-30' is not a date"),
        (["events", "--since", "2020", "--until", "2019"], "--since 2020 is after --until 2019; swap them"),
        (["timeline"], "timeline needs --entity NAME"),
        (["timeline", "--entity", "  "], "timeline needs --entity NAME"),
        (["timeline", "--entity", "Putin", "--since", "May"], "--since: 'May' is not a date"),
    ],
)
def test_usage_errors_exit_2_with_one_line(db: str, args: list[str], message: str) -> None:
    r = run(*args, "--db", db)
    assert r.exit_code == 2
    assert r.stdout == ""
    err = r.stderr.strip()
    assert err.count("\n") == 0 and message in err
    if "--type" in args:
        assert "ASSAULT" in err and err.count(",") >= 15


def test_limit_out_of_range_is_a_usage_error(db: str) -> None:
    assert run("events", "--db", db, "--limit", "0").exit_code == 2


def test_store_errors_exit_1(tmp_path: Path) -> None:
    missing = run("events", "--db", str(tmp_path / "none.db"))
    assert missing.exit_code == 1 and "no corpus at" in missing.stderr
    assert not (tmp_path / "none.db").exists()
    make_v3(tmp_path / "old.db", [dict(SOCHI, events=[])])
    for args in (["events"], ["timeline", "--entity", "Putin"]):
        old = run(*args, "--db", str(tmp_path / "old.db"))
        assert old.exit_code == 1
        assert "schema version 3 (no event index yet)" in old.stderr and "dateline ingest" in old.stderr
    # Other commands still read the old store.
    assert run("search", "--entity", "Vladimir Putin", "--db", str(tmp_path / "old.db")).exit_code == 0
