"""Every stage stays linear in its input: run-on text with a speech cue every few words
(one "sentence" of tens of thousands of characters) once made quotes O(n²) in output size.
Time is measured by bench/linearity.py; here the output, which is deterministic."""

from __future__ import annotations

import importlib.util
import json

import pytest

from dateline.models import Article
from dateline.nlp.pipeline import analyze_batch
from dateline.nlp.quotes import MAX_INDIRECT_CHARS

from .conftest import ROOT


def _bench():
    """bench/linearity.py's generator: the test checks the output the benchmark times."""
    spec = importlib.util.spec_from_file_location("bench_linearity", ROOT / "bench" / "linearity.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


run_on = _bench().run_on


@pytest.mark.slow
def test_output_grows_linearly_on_run_on_text(nlp) -> None:
    sizes = (6_000, 24_000)
    out = []
    for n in sizes:
        (rec,) = analyze_batch([Article(title="T", body=run_on(n))], nlp=nlp)
        assert rec.analysis.analysed
        assert all(
            q.span[1] - q.span[0] <= max(MAX_INDIRECT_CHARS, 200)
            for q in rec.analysis.quotes
            if q.kind == "indirect"
        )
        out.append(len(json.dumps(rec.to_json())))
    ratio = out[1] / out[0]
    assert ratio < 4 * 1.5, f"output grew {ratio:.1f}× for 4× the input (was 13× before the bounds)"
