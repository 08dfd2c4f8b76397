"""No single input stops an ingest: a generated hostile set next to real articles, and
properties over arbitrary bytes and text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.errors import InputError
from dateline.ingest import ingest
from dateline.models import Article
from dateline.read import read_bytes
from dateline.store import SQLiteCorpus

from . import hostile
from .conftest import BBC, needs


@pytest.mark.slow
@needs(BBC)
def test_bbc_plus_every_hostile_input_stores_every_good_article(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    bbc = sorted(BBC.glob("*/*.txt"))[::20]  # 112 articles across the five sections
    for p in bbc:
        (folder / "bbc" / p.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(p, folder / "bbc" / p.parent.name / p.name)
    expected = hostile.make(folder / "hostile", max_chars=20_000)
    with SQLiteCorpus(tmp_path / "c.db") as corpus:
        report = ingest(corpus, [str(folder)], workers=2, batch_size=8, max_chars=20_000)
        failed = {Path(f.path).name: f.reason for f in report.failures}
        for name, (what, reason) in expected.items():
            if what == "fails":
                assert failed.get(name) == reason, (name, failed.get(name), report.failures)
            else:
                assert name not in failed, (name, failed.get(name))
        stored = {Path(r["origin"].split(":")[0]).name: r for r in _records(corpus)}
        for p in bbc:
            assert p.name in stored or report.present, p
        for name, (what, reason) in expected.items():
            if what == "unanalysed":
                rec = stored[name]
                assert rec["analysed"] is False and reason in rec["skipped_reason"], rec["skipped_reason"]
            elif what == "article" and ":" not in name:
                assert name in stored, name
        assert (
            report.added + report.present
            == len(bbc) + sum(1 for n, (w, _) in expected.items() if w != "fails" and ":" not in n) + 1
        )  # feed.jsonl gives two articles


def _records(corpus: SQLiteCorpus) -> list[dict]:
    return [corpus.get(i) for i in corpus.ids()]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), ext=st.sampled_from([".txt", ".html", ".jsonl", ".json", ".txt.gz"]))
def test_read_bytes_never_raises_on_arbitrary_bytes(data: bytes, ext: str) -> None:
    for item in read_bytes(data, name=f"x{ext}", max_bytes=10_000):
        assert isinstance(item, Article | InputError)
        if isinstance(item, Article):
            item.body.encode("utf-8")  # storable


_TEXTS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",))
    | st.sampled_from(list('"“”‘’—\n.,:;()$%0123456789')),
    max_size=600,
)


@pytest.mark.slow
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(body=_TEXTS)
def test_the_pipeline_never_raises_on_arbitrary_text(nlp, body: str) -> None:
    from dateline.nlp.pipeline import analyze_batch

    (rec,) = analyze_batch([Article(title="T", body=body, language="en")], nlp=nlp)
    row = rec.to_json()
    for ent in row["entities"]:
        for s, e in ent["mentions"]:
            assert 0 <= s < e <= len(body)


@pytest.mark.slow
def test_a_million_character_article_is_bounded_in_memory_and_time(tmp_path: Path) -> None:
    """Once 6 min and 3.3 GB, then E088 and a stopped run: now stored unanalysed, in a
    subprocess limited to 3 GB of address space and two minutes."""
    import json
    import resource
    import subprocess
    import sys

    big = tmp_path / "big.txt"
    para = "The council said on Monday that the ferries would run again after the storm. " * 12
    big.write_text("A very long page\n\n" + "\n\n".join([para] * 1200), encoding="utf-8")
    assert big.stat().st_size > 1_000_000

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))

    run = subprocess.run(
        [sys.executable, "-m", "dateline.cli", "analyze", str(big)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
    )
    assert run.returncode == 0, run.stderr
    rec = json.loads(run.stdout)
    assert rec["analysed"] is False and "over the analysis limit" in rec["skipped_reason"]
    assert len(rec["body"]) > 1_000_000 and run.stderr == ""
