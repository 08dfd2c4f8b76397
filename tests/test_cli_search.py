"""`dateline search` with the query language: a query may start with -, bad queries exit 2
with one line, prefixes and CJK work from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.store import SQLiteCorpus

from .test_store_query import ARTICLES


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli") / "s.db"
    with SQLiteCorpus(path) as c:
        c.add_batch(ARTICLES)
    return str(path)


def run(*args: str) -> tuple[int, list[str], str]:
    res = CliRunner().invoke(app, ["search", *args])
    titles = [json.loads(line)["title"] for line in res.stdout.splitlines() if line.startswith("{")]
    return res.exit_code, titles, res.stderr if hasattr(res, "stderr") else res.output


@pytest.mark.parametrize(
    "args",
    [
        ["-sport", "election"],  # ignore_unknown_options: -sport is the query, not an option
        ["election", "-sport"],
        ["--", "-sport", "election"],
        ["-sport election"],
        ["election -sport"],
        ["-hospital", "-sport", "election"],  # -h is not this command's help
        ["--sport", "election"],
    ],
)
def test_query_starting_with_minus(db: str, args: list[str]) -> None:
    code, titles, _ = run("--db", db, "--json", *args)
    assert (code, titles) == (0, ["Poll"])


def test_options_after_the_query(db: str) -> None:
    code, titles, _ = run("-sport", "--db", db, "election", "--json")
    assert (code, titles) == (0, ["Poll"])


def test_prefix_cjk_sort_and_offset(db: str) -> None:
    assert sorted(run("--db", db, "--json", "minist*")[1]) == ["Ministry", "Sport vote"]
    assert run("--db", db, "--json", "国家统计局")[1] == ["统计"]
    assert run("--db", db, "--json", "--sort", "date", "minist* OR election")[1] == [
        "Poll",
        "Sport vote",
        "Ministry",
    ]
    assert run(
        "--db", db, "--json", "--sort", "date", "--offset", "1", "--limit", "1", "minist* OR election"
    )[1] == ["Sport vote"]


@pytest.mark.parametrize(
    ("query", "message"),
    [('"time warner', "unbalanced double quote"), ("(a", "never closed"), ("-sport", "only excluded terms")],
)
def test_bad_query_exits_2_with_one_line(db: str, query: str, message: str) -> None:
    res = CliRunner().invoke(app, ["search", "--db", db, query])
    assert res.exit_code == 2
    assert message in res.output and res.output.count("\n") == 1 and res.output.startswith("error:")


def test_bad_sort_exits_2(db: str) -> None:
    res = CliRunner().invoke(app, ["search", "--db", db, "--sort", "best", "election"])
    assert res.exit_code == 2 and "unknown sort" in res.output


def test_help_documents_the_query_language() -> None:
    for flag in ("--help", "-h"):
        res = CliRunner().invoke(app, ["search", flag])
        assert res.exit_code == 0
        text = " ".join(res.output.split())
        assert "-sport election" in text and "minist*" in text and "Chinese" in text


def test_real_command_line_leading_minus(db: str) -> None:
    p = subprocess.run(
        [sys.executable, "-m", "dateline.cli", "search", "-sport", "election", "--db", db, "--json"],
        capture_output=True,
        timeout=120,
    )
    assert p.returncode == 0, p.stderr
    assert [json.loads(line)["title"] for line in p.stdout.decode().splitlines()] == ["Poll"]
    assert Path(db).exists()
