"""The reader's quality gates (eval/reader.py): floors pinned in eval/baseline.json for the
HTML body (trafilatura_eval), the publication day (htmldate_eval) and the text-dump dev set."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SHARED, needs

sys.path.insert(0, str(ROOT / "eval"))
spec = importlib.util.spec_from_file_location("reader_eval", ROOT / "eval" / "reader.py")
ev = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ev)


def _gate(part: str, figs: dict, digest: str) -> list[str]:
    gold_set, floors = ev.GATES[part]
    entry = ev.gate.load_baseline(ev.BASELINE).get(gold_set)
    if entry is None:
        pytest.skip(f"eval/baseline.json pins no floors for {gold_set} yet")
    assert set(entry["floors"]) == set(floors)
    numeric = {k: float(v) for k, v in figs.items() if isinstance(v, int | float) and not isinstance(v, bool)}
    return ev.gate.check_floors(entry, numeric, digest, ev.libraries(), gold_set=gold_set)


def test_limit_refuses_the_gate() -> None:
    assert ev.main(["--limit", "3", "--check"]) == 2


def test_dumps_digest_changes_with_any_file(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("one")
    first = ev.dumps_digest(tmp_path)
    (tmp_path / "a" / "x.txt").write_text("two")
    assert ev.dumps_digest(tmp_path) != first


def test_gate_dumps_dev_set() -> None:
    figs, digest = ev.run_dumps(None, tools=False)
    assert figs["styles"] >= 30 and figs["dateline_all_fields"] >= 0.97
    problems = _gate("dumps", figs, digest)
    assert problems == [], "\n".join(problems)


@pytest.mark.slow
@needs(SHARED / "data" / "trafilatura_eval")
def test_gate_trafilatura_eval_body() -> None:
    figs, digest = ev.run_body(None)
    assert figs["accuracy_ahead_of_trafilatura"] > 0, "dateline's body must beat trafilatura alone"
    problems = _gate("body", figs, digest)
    assert problems == [], "\n".join(problems)


@pytest.mark.slow
@needs(SHARED / "data" / "htmldate_eval")
def test_gate_htmldate_eval_day_and_no_library_noise() -> None:
    figs, digest = ev.run_day(None)
    assert figs["day_accuracy_ahead_of_htmldate"] > 0, "dateline's day must beat htmldate alone"
    assert figs["dateline_library_messages"] == 0, "a library printed while dateline read the pages"
    problems = _gate("day", figs, digest)
    assert problems == [], "\n".join(problems)
