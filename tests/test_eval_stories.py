"""eval/syndicate.py (the copy generator) and eval/story_copies.py (duplicate precision
and recall): each transformation does what it says, the generator is deterministic and
its manifest right, and the copies of the bundled corpus, read by the real reader and
stored without the NLP stage, are found by the store's near-duplicate detector."""

from __future__ import annotations

import difflib
import json
import random
import sys
from pathlib import Path

import pytest

from dateline.models import Analysis, Record
from dateline.read import read_path
from dateline.store import SQLiteCorpus

from .conftest import CORPUS, ROOT

sys.path.insert(0, str(ROOT / "eval"))
import story_copies  # noqa: E402
import syndicate  # noqa: E402

PARAS = (
    "The city council voted on Tuesday to approve a new tram line linking the airport with the "
    "centre, ending a dispute that had lasted more than three years. The project will cost about "
    "400 million euros.",
    'Mayor Ana Ruiz said the vote was a turning point. "People have waited long enough," she said. '
    "The opposition said the company chosen to build it had no experience. It also said costs would rise.",
    "Construction is expected to start next spring and take four years. The line will have 14 stops "
    "and carry 40,000 passengers a day, officials said.",
    "Business groups welcomed the decision. Residents of the eastern districts, who have no rail "
    "link, said they would watch the timetable closely.",
    "The council will publish the final route in June. A public consultation will open in the autumn.",
)
SRC = syndicate.Source("/x/business/001.txt", "business", "Council approves new tram line", PARAS)


def words(text: str) -> list[str]:
    return text.split()


def copy(t: str, seed: int = 1, src: syndicate.Source = SRC) -> syndicate.Copy:
    return syndicate.make_copy(src, random.Random(seed), [t])


def test_each_copy_has_an_outlet_header_the_reader_reads(tmp_path: Path) -> None:
    c = copy("edits")
    p = tmp_path / "c.txt"
    p.write_text(c.text(), encoding="utf-8")
    (art,) = read_path(p)
    assert art.title == SRC.title
    assert art.source == c.outlet and c.outlet != SRC.outlet
    assert art.body.split("\n\n") == list(c.paragraphs)


def test_furniture_is_removed_by_the_reader_and_the_body_kept(tmp_path: Path) -> None:
    for seed in range(6):
        c = copy("furniture", seed)
        assert "Share this article" in c.bottom
        assert set(c.paragraphs) - set(PARAS) <= {"Advertisement"}
        p = tmp_path / f"f{seed}.txt"
        p.write_text(c.text(), encoding="utf-8")
        (art,) = read_path(p)
        assert art.title == SRC.title
        for line in ("Share this article", "Add Comment", "All rights reserved", "Related"):
            assert line not in art.body
        assert art.body.endswith(PARAS[-1])


def test_headline_is_rewritten_keeping_its_words() -> None:
    for seed in range(8):
        title = copy("headline", seed).title
        assert title != SRC.title
        assert difflib.SequenceMatcher(None, title, SRC.title).ratio() > 0.6


def test_trim_cuts_the_end_and_at_most_a_quarter() -> None:
    c = copy("trim")
    assert c.paragraphs == PARAS[: len(c.paragraphs)] and len(c.paragraphs) < len(PARAS)
    assert sum(len(words(p)) for p in c.paragraphs) >= 0.75 * SRC.words()
    assert "trim" not in syndicate.applicable(syndicate.Source("s", "", "t", PARAS[:4]))


def test_local_adds_one_paragraph_and_keeps_the_rest_in_order() -> None:
    c = copy("local")
    assert len(c.paragraphs) == len(PARAS) + 1
    assert [p for p in c.paragraphs if p in PARAS] == list(PARAS)


def test_wire_puts_an_agency_dateline_in_front_and_names_the_publisher() -> None:
    c = copy("wire")
    head, _, rest = c.paragraphs[0].partition(f"({c.publisher})")
    assert c.publisher in {a for a, _ in syndicate.AGENCIES}
    assert head.strip() in syndicate.PLACES and rest.strip(" -—–") == PARAS[0]
    wired = syndicate.Source("s", "", "t", PARAS, wire_agency="AP")
    assert "wire" not in syndicate.applicable(wired)
    assert syndicate.make_copy(wired, random.Random(1), ["first_appeared"]).publisher == "AP"


def test_rewrap_hard_wraps_and_changes_no_word() -> None:
    c = copy("rewrap")
    text = c.text()
    body = text.split("\n\n", 2)[2]
    assert max(len(line) for line in body.splitlines()) <= syndicate.WRAP
    assert words(body) == words(" ".join(PARAS))
    assert any(len(p) > syndicate.WRAP for p in PARAS)


def test_edits_change_a_few_words_or_sentences() -> None:
    for seed in range(6):
        c = copy("edits", seed)
        assert c.paragraphs != PARAS and len(c.paragraphs) == len(PARAS)
        ratio = difflib.SequenceMatcher(None, words(" ".join(c.paragraphs)), words(" ".join(PARAS))).ratio()
        assert 0.75 < ratio < 1


def test_first_appeared_names_the_original_outlet() -> None:
    c = copy("first_appeared")
    assert c.paragraphs[:-1] == PARAS
    assert c.paragraphs[-1] == f"This article first appeared in {c.publisher}." and c.publisher == "BBC News"


def test_several_transformations_one_changing_the_text_never_two_publishers() -> None:
    rng = random.Random(3)
    for _ in range(200):
        picked = syndicate.choose(SRC, rng)
        assert 2 <= len(picked) <= 4 and set(picked) & set(syndicate.CONTENT)
        assert not {"wire", "first_appeared"} <= set(picked)


def test_twins_and_negatives() -> None:
    other = (
        "The airport tram line faces a new delay: the council blamed rising construction costs on Friday.",
        "Mayor Ana Ruiz told residents of the eastern districts that the final route would come in June.",
    )
    a = SRC
    b = syndicate.Source("/x/business/002.txt", "business", "Twin", PARAS)
    near = syndicate.Source("/x/business/003.txt", "business", "Tram line delayed", other)
    far = syndicate.Source("/x/sport/004.txt", "sport", "Cup final", ("United won the cup final 2-1.",))
    unrelated = syndicate.Source(
        "/x/business/005.txt", "business", "Oil", ("Oil prices rose sharply today.",)
    )
    assert syndicate.twins([a, b, near, far]) == {a.path: b.path, b.path: a.path}
    longer = syndicate.Source("/x/business/006.txt", "business", "Update", (*PARAS, *other, *other))
    assert syndicate.twins([a, longer]) == {a.path: longer.path, longer.path: a.path}  # a is inside it
    negs = syndicate.negatives([a], [a, near, far, unrelated])
    assert [(n["file"], n["near"]) for n in negs] == [(near.path, a.path)]


def _generate(out: Path, seed: int = 5) -> dict:
    files, root = syndicate.source_files("sample")
    return syndicate.generate(syndicate.read_sources(files, root), out, copies=2, seed=seed)


def test_generator_is_deterministic_and_its_manifest_right(tmp_path: Path) -> None:
    m1, m2 = _generate(tmp_path / "a"), _generate(tmp_path / "b")
    assert m1 == m2
    assert json.loads(syndicate.manifest_path(tmp_path / "a").read_text("utf-8")) == m1
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(c["file"] for c in m1["copies"]) and len(names) == 2 * len(m1["originals"])
    for c in m1["copies"]:
        assert (tmp_path / "a" / c["file"]).read_bytes() == (tmp_path / "b" / c["file"]).read_bytes()
        assert Path(c["original"]).parent == CORPUS and c["original"] in m1["originals"]
        assert set(c["transformations"]) <= set(syndicate.TRANSFORMATIONS)
    assert m1 != _generate(tmp_path / "c", seed=6)
    # every copy is an article of its own to the store (its title and body differ)
    keys = {(a.title, " ".join(a.body.split())) for n in names for a in read_path(tmp_path / "a" / n)}
    assert len(keys) == len(names)


def _store(db: Path, files: list[Path]) -> None:
    """The files read by the real reader and stored with an empty analysis (no spaCy)."""
    recs = [
        Record(a, Analysis()).to_json() for f in files for a in read_path(f) if not isinstance(a, Exception)
    ]
    with SQLiteCorpus(db) as c:
        c.add_batch(recs)


def test_the_copies_of_the_sample_corpus_are_found(tmp_path: Path) -> None:
    """End to end through the reader and the store (the NLP stage does not decide what is
    a copy): every copy points at its original, nothing else is flagged."""
    out = tmp_path / "copies"
    m = _generate(out)
    db = tmp_path / "c.db"
    dev = story_copies.dev_files()
    _store(db, [Path(p) for p in story_copies.first_run(m, dev)])
    _store(db, sorted(out.iterdir()))
    s = story_copies.score(m, out, db, dev)
    assert s["dev_reports"] >= 100 and s["copies"] == len(m["copies"])
    assert s["false_positives"] == [] and s["precision"] == 1.0
    assert s["recall"] >= 0.95, s["misses"]
    assert s["publisher_right"] >= 0.95


def test_score_counts_a_flagged_negative_and_a_wrong_target(tmp_path: Path) -> None:
    out = tmp_path / "copies"
    m = _generate(out)
    db = tmp_path / "c.db"
    _store(db, [Path(p) for p in m["originals"]])
    _store(db, sorted(out.iterdir()))
    with SQLiteCorpus(db) as c:
        rowid = {str(Path(o).resolve()): r for r, o in c.db.execute("SELECT rowid, origin FROM articles")}
        first, second = (rowid[str(Path(p).resolve())] for p in m["originals"][:2])
        c.db.execute("UPDATE articles SET duplicate_of = ? WHERE rowid = ?", (first, second))
        victim = rowid[str((out / m["copies"][0]["file"]).resolve())]
        c.db.execute("UPDATE articles SET duplicate_of = ? WHERE rowid = ?", (second, victim))
        c.db.commit()
    s = story_copies.score(m, out, db, [])
    assert len(s["false_positives"]) == 2
    assert s["right"] == s["copies"] - 1, s["misses"]
    assert s["precision"] == pytest.approx(s["right"] / (s["right"] + 2))


def test_the_harness_gates_shares_and_pins_floors_under_them(tmp_path: Path, capsys) -> None:
    import argparse

    import stories

    figs = stories.floats_of({"bcubed_f1": 0.93, "reports": 49, "rows_per_real_happening": 1.25})
    assert figs == {"bcubed_f1": 0.93, "rows_per_real_happening": 1.25}
    assert stories.floats_of({"figures": {"a_recall": 1}, "b": 0.5}) == {"a_recall": 1.0}
    assert [k for k in figs if stories.gated(k)] == ["bcubed_f1"]
    base = tmp_path / "baseline.json"
    base.write_text('{"other": {"sha256": "x", "model": "m", "floors": {"f": 0.5}}}', "utf-8")
    part = {"gold_set": "story-clusters-dev_x", "sha256": "s", "model": "m", "figures": {"bcubed_f1": 0.93}}

    def args(**kw: bool) -> argparse.Namespace:
        return argparse.Namespace(
            baseline=base, **{"check": False, "write_baseline": False, "allow_lower": False, **kw}
        )

    assert stories.gate_parts(args(check=True), [part]) == 1  # nothing pinned yet
    assert stories.gate_parts(args(write_baseline=True, check=True), [part]) == 0
    pinned = json.loads(base.read_text("utf-8"))
    assert pinned["story-clusters-dev_x"]["floors"] == {"bcubed_f1": 0.92}
    assert pinned["other"]["floors"] == {"f": 0.5}
    worse = {**part, "figures": {"bcubed_f1": 0.90}}
    assert stories.gate_parts(args(check=True), [worse]) == 1
    gone = {**part, "available": False, "figures": {}}
    assert stories.gate_parts(args(check=True), [gone]) == 1  # floors pinned, module missing
    capsys.readouterr()
