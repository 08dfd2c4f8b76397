"""eval/reader_dumps.py: scoring on tiny inputs, variants, and the dev set's own gate."""

from __future__ import annotations

import importlib.util
import json
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@cache
def scorer():
    spec = importlib.util.spec_from_file_location("reader_dumps", ROOT / "eval" / "reader_dumps.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["reader_dumps"] = module
    spec.loader.exec_module(module)
    return module


WANT = {
    "style": "x",
    "title": "Port sets record",
    "published": "2021-03-02T10:33:00Z",
    "source": "Harbour Daily",
    "authors": ["Jane Doe"],
    "body_start": "The port handled",
    "body_end": "through the spring.",
    "paragraphs": 2,
    "without": ["Share"],
}
REC = {
    "title": "Port sets record",
    "published": "2021-03-02T10:33:00Z",
    "source": "Harbour Daily",
    "authors": ["Jane Doe"],
    "body": "The port handled a record.\n\nGrowth continues through the spring.",
}


def test_score_record_all_right() -> None:
    marks = scorer().score_record(REC, WANT)
    assert marks == {
        "title": True,
        "published": True,
        "source": True,
        "authors": True,
        "body": True,
        "all": True,
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "Home | World"}, "title"),
        ({"published": "2021-03-02T18:33:00Z"}, "published"),
        ({"source": None}, "source"),
        ({"authors": ["Jane Doe", "Staff"]}, "authors"),
        ({"body": "The port handled a record.\n\nShare\n\nGrowth continues through the spring."}, "body"),
        ({"body": "The port handled a record. Growth continues through the spring."}, "body"),
        ({"body": "Sign in\n\nThe port handled a record.\n\nGrowth continues through the spring."}, "body"),
        ({"body": "The port handled a record.\n\nGrowth continues through the spring.\n\nMost read"}, "body"),
    ],
)
def test_score_record_one_field_wrong(change: dict, field: str) -> None:
    marks = scorer().score_record({**REC, **change}, WANT)
    assert not marks[field] and not marks["all"]
    assert all(ok for key, ok in marks.items() if key not in (field, "all"))


def test_optional_fields_scored_only_when_given() -> None:
    s = scorer()
    assert "credit" not in s.score_record(REC, WANT)
    marks = s.score_record({**REC, "credit": None}, {**WANT, "credit": "Reuters"})
    assert marks["credit"] is False and marks["all"] is False


def test_missing_article_is_wrong_everywhere() -> None:
    marks = scorer().score_record(None, WANT)
    assert not any(marks.values())


def test_tool_scoring_counts_returned_title_day_body() -> None:
    s = scorer()
    assert s.score_tool(None, WANT) == {"returned": False, "title": False, "day": False, "body": False}
    got = s.score_tool(
        {"title": "Port sets record", "date": "2021-03-02", "text": REC["body"].replace("\n\n", "\n")}, WANT
    )
    assert got == {"returned": True, "title": True, "day": True, "body": True}


def test_variants_crlf_and_nbsp_only_in_the_header() -> None:
    text = "Port sets record\n\n2021-03-02 10:33 UTC | Harbour Daily\n\nThe port handled a record.\n\nGrowth continues through the spring.\n"
    out = scorer().variants(text.encode("utf-8"), [WANT])
    assert set(out) == {"as_written", "crlf", "nbsp"}
    assert out["crlf"].decode("utf-8").count("\r\n") == text.count("\n")
    nbsp = out["nbsp"].decode("utf-8")
    assert "2021-03-02\u00a010:33\u00a0UTC" in nbsp
    assert "The port handled a record." in nbsp  # the body keeps its spaces


def test_evaluate_on_a_tiny_root(tmp_path: Path) -> None:
    group = tmp_path / "pages"
    group.mkdir()
    (group / "a.txt").write_text(
        "Port sets record\n\n2021-03-02 10:33 UTC | Harbour Daily\n\nBy Jane Doe\n\n"
        "The port handled a record.\n\nGrowth continues through the spring.\n\nShare\n",
        encoding="utf-8",
    )
    (group / "truth.json").write_text(json.dumps({"files": {"a.txt": [WANT]}}), encoding="utf-8")
    fig = scorer().evaluate(tmp_path, tools=False)
    assert fig["files"] == 1 and fig["articles"] == 1 and fig["styles"] == 1
    assert fig["dateline_all_fields"] == 1.0 and fig["failures"] == []
    wrong = {**WANT, "source": "Another Outlet"}
    (group / "truth.json").write_text(json.dumps({"files": {"a.txt": [wrong]}}), encoding="utf-8")
    fig = scorer().evaluate(tmp_path, tools=False)
    assert fig["dateline_source"] == 0.0 and fig["dateline_title"] == 1.0
    assert {f["variant"] for f in fig["failures"]} == {"as_written", "crlf", "nbsp"}


def test_dev_set_has_30_styles_and_dateline_reads_97_percent() -> None:
    fig = scorer().evaluate(ROOT / "eval" / "dumps", tools=False)
    pages = json.loads((ROOT / "eval" / "dumps" / "pages" / "truth.json").read_text("utf-8"))["files"]
    browser = json.loads((ROOT / "eval" / "dumps" / "browser" / "truth.json").read_text("utf-8"))["files"]
    assert len({a["style"] for arts in pages.values() for a in arts}) >= 30
    assert len(browser) >= 4
    assert fig["dateline_all_fields"] >= 0.97, fig["failures"][:5]


def test_score_record_standfirst_and_wire_when_the_truth_gives_them() -> None:
    want = {**WANT, "standfirst": "A summary.", "wire": {"place": "LONDON", "agency": "Reuters"}}
    rec = {
        **REC,
        "standfirst": "A summary.",
        "wire": {"place": "LONDON", "agency": "Reuters", "span": [0, 27]},
    }
    marks = scorer().score_record(rec, want)
    assert marks["standfirst"] and marks["wire"] and marks["all"]  # the span is not scored
    marks = scorer().score_record({**rec, "wire": None, "standfirst": None}, want)
    assert not marks["standfirst"] and not marks["wire"] and not marks["all"]
    assert "wire" not in scorer().score_record(rec, WANT)  # scored only when the truth gives it
