"""eval/summary.py: the reader of the CNN/DM jsonl, Lead-3, the ROUGE scoring and the gate, on
hand-written stories; then the whole run on the dev set (skipped when ../shared is absent)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from .conftest import ROOT, SHARED, needs

_PATH = ROOT / "eval" / "summary.py"
_spec = importlib.util.spec_from_file_location("dateline_eval_summary", _PATH)
assert _spec is not None and _spec.loader is not None
ev = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = ev
_spec.loader.exec_module(ev)

rouge = pytest.importorskip("rouge_score", reason="rouge-score (the eval extra) is not installed")

DEV = SHARED / "data" / "cnndm" / "cnndm_dev_125.jsonl"


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_de_ptb_undoes_brackets_and_quotes() -> None:
    assert (
        ev.de_ptb("Kite 's length is 6 km -LRB- 3.7 miles -RRB- .")
        == "Kite 's length is 6 km ( 3.7 miles ) ."
    )
    assert ev.de_ptb("`` Yes '' he said  -LSB- sic -RSB-") == '" Yes " he said [ sic ]'


def test_load_set_digest_and_errors(tmp_path: Path) -> None:
    p = _write(
        tmp_path / "s.jsonl",
        [
            {"id": "a", "article": "One. Two.", "highlights": "One -LRB- 1 -RRB- ."},
            {"id": "b", "article": "", "highlights": "empty article: left out"},
            {"id": "c", "article": "Three.", "highlights": "Three ."},
        ],
    )
    stories, digest = ev.load_set(p)
    assert [s.id for s in stories] == ["a", "c"] and [s.index for s in stories] == [0, 1]
    assert stories[0].reference == "One ( 1 ) ." and len(digest) == 64
    assert [s.id for s in ev.load_set(p, limit=1)[0]] == ["a"]
    with pytest.raises(ev.EvalError, match="not found"):
        ev.load_set(tmp_path / "absent.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(ev.EvalError, match="line 1: not a story"):
        ev.load_set(bad)


def test_lead3_takes_the_first_three_sentences() -> None:
    doc = SimpleNamespace(sents=[SimpleNamespace(text=t) for t in (" A. ", "\n", "B.", "C.", "D.")])
    assert ev.lead3(doc) == "A. B. C."
    assert ev.lead3(SimpleNamespace(sents=[])) == ""


def test_rouge_scores_and_figures() -> None:
    refs = ["the cat sat on the mat", "police arrested two men"]
    rows = ev.score_pairs(refs, ["the cat sat on the mat", "nothing in common"])
    assert rows[0] == {"rouge1": 1.0, "rouge2": 1.0, "rougeL": 1.0}
    assert rows[1]["rouge1"] == 0.0
    # Stemming on: "arrests" meets "arrested".
    (stem,) = ev.score_pairs([refs[1]], ["police arrests two men"])
    assert stem["rouge1"] == 1.0
    assert ev.mean_scores(rows)["rouge1"] == 0.5
    scores = {
        "systems": {
            "dateline": {"rouge1": 0.42, "rouge2": 0.19, "rougeL": 0.27},
            "lead3": {"rouge1": 0.40, "rouge2": 0.18, "rougeL": 0.26},
        }
    }
    figs = ev.figures(scores)
    assert set(ev.FIGURES) <= set(figs)
    assert figs["rouge1_ahead_of_lead3"] == pytest.approx(0.02) and figs["lead3_rouge1"] == 0.40


def test_score_counts_wins_on_the_stories_that_differ() -> None:
    stories = [ev.Story(0, "a", "x", "the cat sat"), ev.Story(1, "b", "x", "dogs bark loudly")]
    run = ev.Run(
        stories, {"dateline": ["the cat sat", "cats purr"], "lead3": ["the cat sat", "dogs bark"]}, "m", {}
    )
    s = ev.score(run)
    assert s["differ"] == {"stories": 1, "rouge1_higher": 0, "rouge1_lower": 1}
    assert s["systems"]["dateline"]["rouge1"] < s["systems"]["lead3"]["rouge1"]


def test_write_baseline_and_check(tmp_path: Path) -> None:
    base = tmp_path / "baseline.json"
    base.write_text(
        json.dumps({"other": {"sha256": "c", "model": "m", "floors": {"x": 0.5}}}), encoding="utf-8"
    )
    figs = {
        "dateline_rouge1": 0.41234,
        "dateline_rouge2": 0.18,
        "dateline_rougeL": 0.27,
        "rouge1_ahead_of_lead3": 0.0099,
    }
    args = SimpleNamespace(baseline=base, write_baseline=True, check=True, allow_lower=False)
    assert ev.gate.apply(args, figs, "d" * 64, "m", gold_set=ev.GOLD_SET, figures=ev.FIGURES) == 0
    saved = json.loads(base.read_text("utf-8"))
    assert saved["other"]["floors"] == {"x": 0.5}
    assert saved[ev.GOLD_SET]["floors"] == {
        "dateline_rouge1": 0.412,
        "dateline_rouge2": 0.18,
        "dateline_rougeL": 0.27,
        "rouge1_ahead_of_lead3": 0.009,
    }
    args = SimpleNamespace(baseline=base, write_baseline=False, check=True, allow_lower=False)
    worse = {**figs, "rouge1_ahead_of_lead3": -0.001}
    assert ev.gate.apply(args, worse, "d" * 64, "m", gold_set=ev.GOLD_SET, figures=ev.FIGURES) == 1


def test_limit_refuses_the_gate(capsys: pytest.CaptureFixture[str]) -> None:
    assert ev.main(["--limit", "3", "--check"]) == 2
    assert "floors are for the whole set" in capsys.readouterr().err


@pytest.mark.slow
@needs(DEV)
def test_gate_cnndm_dev(request: pytest.FixtureRequest) -> None:
    """dateline's summary beats Lead-3 on ROUGE-1 in the same run, and the pinned floors
    hold (one spaCy pass over 125 stories, ~25 s)."""
    assert ev.DEFAULT_DATA.resolve() == DEV.resolve()
    nlp = request.getfixturevalue("nlp")
    digest, run, scores = ev.evaluate(DEV, nlp=nlp)
    assert len(run.stories) == 125
    figs = ev.figures(scores)
    assert figs["rouge1_ahead_of_lead3"] > 0, figs
    entry = ev.gate.load_baseline(ev.BASELINE).get(ev.GOLD_SET)
    if entry is None:  # no floors pinned yet: the margin over Lead-3 is the whole check
        return
    if entry["model"] != run.model:
        pytest.skip(f"floors are pinned for model {entry['model']}; this environment loads {run.model}")
    problems = ev.gate.check_floors(entry, figs, digest, run.model, gold_set=ev.GOLD_SET)
    assert problems == [], "\n".join(problems)
