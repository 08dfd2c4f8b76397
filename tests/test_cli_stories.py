"""``dateline stories``, ``dateline story ID [--why]`` and ``dateline happenings`` over
the schema-7 corpus of tests/test_web_stories.py (stories and happenings written into
the v7 tables): the tables, JSON Lines, filters, each member's evidence, and the exit
codes (2 usage, 1 an unknown story or a store not yet upgraded) with messages saying
what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app

from .test_web_stories import A1, A2, A3, XSS, build_story_corpus, labelled_v6

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(build_story_corpus(tmp_path_factory.mktemp("clistories") / "stories.db"))


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "250"})


def lines(result) -> list[dict]:
    return [json.loads(x) for x in result.stdout.splitlines()]


def test_stories_table_and_json(db: str) -> None:
    r = run("stories", "--db", db)
    assert r.exit_code == 0, r.output
    assert "Berg and Haddad open Geneva talks" in r.stdout and "Wire A" in r.stdout
    assert "Perth floods" not in r.stdout  # one report: below --min-articles 2
    rows = lines(run("stories", "--db", db, "--json", "--min-articles", "1"))
    assert [x["id"] for x in rows] == [1, 2]
    assert set(rows[0]) == {
        "id", "label", "first_published", "last_published", "articles", "sources", "outlets", "entities",
    }  # fmt: skip
    assert rows[0]["articles"] == 3 and "Anna Berg" in rows[0]["entities"]


def test_stories_filters(db: str) -> None:
    ids = lambda *a: [x["id"] for x in lines(run("stories", "--db", db, "--json", "--min-articles", "1", *a))]  # noqa: E731
    assert ids("--since", "2024-03") == [1]
    assert ids("--until", "2024-02-28") == [2]
    assert ids("--since", "2024-03-05T00:00:00Z") == [1]
    assert ids("--entity", "Omar Haddad") == [1]
    assert ids("--entity", "Nobody Atall") == []
    assert ids("--limit", "1", "--offset", "1") == [2]
    r = run("stories", "--db", db, "--entity", "Nobody Atall")
    assert r.exit_code == 0 and "no stories" in r.stderr


def test_story_members_by_time_and_why(db: str) -> None:
    r = run("story", "1", "--db", db)
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert out.index(A1["title"]) < out.index(A2["title"]) < out.index(A3["title"])
    assert "3 reports from 3 sources" in out and "shared: Anna Berg" in out
    assert "1 copy" in out and "happening 1: Anna Berg CONSULT Omar Haddad" in out
    assert XSS in out  # printed as text, not taken as rich markup
    assert "started the story" not in out  # the evidence only with --why
    why = run("story", "1", "--db", db, "--why").stdout
    assert "started the story" in why
    assert "joined: score 0.912 ≥ threshold 0.500" in why
    assert f"matched {A1['id']} ({A1['title']})" in why
    for feature in ("cosine: 0.610", "identities: 1.000", "gap: 0.100"):
        assert feature in why


def test_story_json(db: str) -> None:
    [d] = lines(run("story", "1", "--db", db, "--json"))
    assert [m["article_id"] for m in d["members"]] == [A1["id"], A2["id"], A3["id"]]
    assert d["members"][1]["evidence"]["matched"] == A1["id"]
    assert d["story"]["sources"] == 3 and [h["id"] for h in d["happenings"]] == [1]


def test_unknown_story_says_how_to_list(db: str) -> None:
    r = run("story", "999", "--db", db)
    assert r.exit_code == 1
    assert "no story 999" in r.stderr and "dateline stories --db" in r.stderr
    assert run("story", "abc", "--db", db).exit_code == 2
    assert run("story", str(2**64), "--db", db).exit_code == 2
    assert run("happenings", "--story", "0", "--db", db).exit_code == 2


def test_happenings(db: str) -> None:
    r = run("happenings", "--db", db)
    assert r.exit_code == 0, r.output
    assert "CONSULT" in r.stdout and "MATERIAL" in r.stdout and "Omar Haddad" in r.stdout
    rows = lines(run("happenings", "--db", db, "--json"))
    assert [h["id"] for h in rows] == [2, 1]  # in the order they happened
    assert (rows[1]["reports"], rows[1]["sources"]) == (3, 3)
    ids = lambda *a: [h["id"] for h in lines(run("happenings", "--db", db, "--json", *a))]  # noqa: E731
    assert ids("--type", "consult") == [1]
    assert ids("--entity", "Anna Berg") == [1]
    assert ids("--story", "2") == [2]
    assert ids("--since", "2024-03") == [1]
    assert ids("--until", "2024-02") == [2]
    assert ids("--min-sources", "2") == [1]
    assert ids("--limit", "1") == [2]
    empty = run("happenings", "--db", db, "--type", "ASSAULT")
    assert empty.exit_code == 0 and "no happenings" in empty.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (("happenings", "--type", "PICNIC"), "PLOVER"),
        (("happenings", "--since", "March"), "not a date"),
        (("happenings", "--since", "2024-04", "--until", "2024-03"), "swap them"),
        (("stories", "--since", "yesterday"), "not a date"),
        (("stories", "--until", "2024-13"), "not a date"),
    ],
)
def test_usage_errors_exit_2(db: str, args: tuple[str, ...], message: str) -> None:
    r = run(*args, "--db", db)
    assert r.exit_code == 2, r.output
    assert message in r.stderr


def test_old_schema_says_how_to_upgrade(tmp_path: Path) -> None:
    path = labelled_v6(build_story_corpus(tmp_path / "old.db"))
    for args in (("stories",), ("story", "1"), ("happenings",)):
        r = run(*args, "--db", str(path))
        assert r.exit_code == 1, (args, r.output)
        assert "schema version 6" in r.stderr and "dateline ingest" in r.stderr
