"""eval/timex.py: the TimeML reader, HeidelTime output alignment, the TE3 scorer and the gate,
on hand-written snippets; then the gate itself on TempEval-3 TBAQ-cleaned, dateline only
(skipped when ../shared is absent or dateline.nlp.timex does not exist yet)."""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
import types
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from .conftest import ROOT, SHARED, needs

_PATH = ROOT / "eval" / "timex.py"
_spec = importlib.util.spec_from_file_location("dateline_eval_timex", _PATH)
assert _spec is not None and _spec.loader is not None
ev = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = ev  # dataclasses look their module up here
_spec.loader.exec_module(ev)

T = ev.Timex

# Written for these tests (not taken from TimeBank or AQUAINT).
TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2001-03-14" temporalFunction="false" functionInDocument="CREATION_TIME">March 14, 2001</TIMEX3></DCT>
<TITLE>Ferry service resumes</TITLE>
<TEXT>
The ferry <EVENT eid="e1" class="OCCURRENCE">resumed</EVENT> <TIMEX3 tid="t1" type="DATE" value="2001-03-13">yesterday</TIMEX3> after <TIMEX3 tid="t2" type="DURATION" value="P3W" mod="MORE_THAN">more than three weeks</TIMEX3>, R&amp;D staff said.<TIMEX3 tid="t9" type="DURATION" value="P1D" anchorTimeID="t0"/>
It sails <TIMEX3 tid="t3" type="SET" value="P1D" quant="EVERY">every day</TIMEX3> at <TIMEX3 tid="t4" type="TIME" value="2001-03-14T09:00">9 a.m.</TIMEX3>
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
</TimeML>
"""


def at(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


# ------------------------------------------------------------------ TimeML reader


def test_read_timeml_text_offsets_attributes_and_dct() -> None:
    doc = ev.read_timeml(TML, "x/TEST0001.tml")
    assert doc.dct == "2001-03-14" and doc.anchor == datetime(2001, 3, 14, tzinfo=UTC)
    assert doc.text.startswith("\nThe ferry resumed yesterday after") and "R&D staff said." in doc.text
    assert "<" not in doc.text and "March 14" not in doc.text  # tags stripped, DCT outside TEXT
    got = [(doc.text[g.start : g.end], g.type, g.value, g.tid, g.mod) for g in doc.gold]
    assert got == [
        ("yesterday", "DATE", "2001-03-13", "t1", None),
        ("more than three weeks", "DURATION", "P3W", "t2", "MORE_THAN"),
        ("every day", "SET", "P1D", "t3", None),
        ("9 a.m.", "TIME", "2001-03-14T09:00", "t4", None),
    ]  # the empty (non-consuming) t9 has no extent and is not gold
    assert doc.dct_spans == []


def test_read_timeml_creation_time_inside_text_is_not_gold_and_drops_predictions() -> None:
    tml = TML.replace(
        "<TEXT>\n",
        '<TEXT>\n<TIMEX3 tid="t0b" type="DATE" value="2001-03-14" functionInDocument="CREATION_TIME">'
        "March 14</TIMEX3>: ",
    )
    doc = ev.read_timeml(tml)
    s, e = at(doc.text, "March 14")
    assert doc.dct_spans == [(s, e)] and len(doc.gold) == 4
    assert ev.drop_dct(doc, [T(s, e, "DATE", "2001-03-14"), T(0, 1, "DATE", "x")]) == [T(0, 1, "DATE", "x")]


def test_read_timeml_nested_timex_and_errors() -> None:
    tml = TML.replace(
        "every day</TIMEX3>",
        'every <TIMEX3 tid="t5" type="DURATION" value="P1D">day</TIMEX3></TIMEX3>',
    )
    doc = ev.read_timeml(tml)
    assert [doc.text[g.start : g.end] for g in doc.gold][2:4] == ["every day", "day"]
    with pytest.raises(ev.EvalError, match="CREATION_TIME"):
        ev.read_timeml(TML.replace('functionInDocument="CREATION_TIME"', ""))
    with pytest.raises(ev.EvalError, match="well-formed"):
        ev.read_timeml(TML.replace("</TEXT>", ""))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1998-01-08", datetime(1998, 1, 8, tzinfo=UTC)),
        ("19980108", datetime(1998, 1, 8, tzinfo=UTC)),
        ("1998-02-27T08:36", datetime(1998, 2, 27, 8, 36, tzinfo=UTC)),
        ("1998-02-27T08:36:12", datetime(1998, 2, 27, 8, 36, 12, tzinfo=UTC)),
    ],
)
def test_parse_dct(value: str, expected: datetime) -> None:
    assert ev.parse_dct(value) == expected


def test_load_corpus_digest_and_limit(tmp_path: Path) -> None:
    (tmp_path / "B").mkdir()
    (tmp_path / "A").mkdir()
    (tmp_path / "B" / "b.tml").write_text(TML, "utf-8")
    (tmp_path / "A" / "a.tml").write_text(TML.replace("ferry", "train"), "utf-8")
    c = ev.load_corpus(tmp_path)
    digest = c.digest
    assert [d.name for d in c.docs] == ["A/a.tml", "B/b.tml"] and len(digest) == 64
    assert [d.name for d in ev.load_corpus(tmp_path, limit=1).docs] == ["A/a.tml"]
    (tmp_path / "A" / "a.tml").write_text(TML.replace("ferry", "plane"), "utf-8")
    assert ev.load_corpus(tmp_path).digest != digest
    with pytest.raises(ev.EvalError, match="not found"):
        ev.load_corpus(tmp_path / "missing")


# ------------------------------------------------------------------ HeidelTime alignment

TEXT = 'Sales rose 5% & "profits" fell <in> the last two weeks.\n\nBy 3 p.m. yesterday, it was over.\n'


def test_align_tagged_unescaped_text_and_attributes() -> None:
    tagged = (
        'Sales rose 5% & "profits" fell <in> <TIMEX3 tid="t3" type="DURATION" value="P2W">the last two weeks'
        '</TIMEX3>.\n\nBy <TIMEX3 tid="t5" type="TIME" value="1998-01-07T15:00">3 p.m.</TIMEX3> '
        '<TIMEX3 tid="t4" type="DATE" value="1998-01-07">yesterday</TIMEX3>, it was over.'
    )
    got = ev.align_tagged(TEXT, tagged)
    assert [(TEXT[t.start : t.end], t.type, t.value, t.tid) for t in got] == [
        ("the last two weeks", "DURATION", "P2W", "t3"),
        ("3 p.m.", "TIME", "1998-01-07T15:00", "t5"),
        ("yesterday", "DATE", "1998-01-07", "t4"),
    ]


def test_align_tagged_tolerates_whitespace_and_rejects_other_differences() -> None:
    text = "On  Monday,\n it rained."
    got = ev.align_tagged(text, 'On <TIMEX3 tid="t1" type="DATE" value="X"> Monday</TIMEX3>, it rained.\n')
    assert [text[t.start : t.end] for t in got] == ["Monday"]
    with pytest.raises(ValueError, match="differ"):
        ev.align_tagged(text, "On Tuesday, it rained.")
    with pytest.raises(ValueError, match="unclosed"):
        ev.align_tagged(text, 'On <TIMEX3 tid="t1">Monday, it rained.')
    with pytest.raises(ValueError, match="ends early"):
        ev.align_tagged(text, "On  Monday,")


def test_heideltime_cache_is_read_without_running_java(tmp_path: Path, monkeypatch) -> None:
    doc = ev.read_timeml(TML)
    s, e = at(doc.text, "yesterday")
    monkeypatch.setattr(ev, "heideltime_home", lambda: (tmp_path, "9.9"))
    key = ev.cache_key(doc.text, doc.dct, "9.9")
    assert key != ev.cache_key(doc.text, doc.dct, "9.8") != ev.cache_key(doc.text, "2001-03-15", "9.9")
    entry = {"seconds": 4.0, "timexes": [ev._timex_json(T(s, e, "DATE", "2001-03-13", "t1"))]}
    (tmp_path / f"{key}.json").write_text(json.dumps(entry), "utf-8")
    preds, note, timing = ev.run_heideltime([doc, doc], cache=tmp_path)
    assert preds == [[T(s, e, "DATE", "2001-03-13", "t1")]] * 2 and "9.9" in note
    assert timing["serial_s"] == 8.0 and timing["docs_per_s"] == 0.25 and timing["run_docs"] == 0
    monkeypatch.setattr(ev, "heideltime_home", lambda: (None, "java is not on PATH"))
    assert ev.run_heideltime([doc], cache=tmp_path) == (None, "java is not on PATH", {})


# ------------------------------------------------------------------ scorer


def test_match_is_one_to_one_exact_first_then_largest_overlap() -> None:
    gold = [T(0, 10, "DATE", "a"), T(20, 25, "DATE", "b")]
    # pred 0 overlaps gold 0 a little, pred 1 is gold 0 exactly, pred 2 overlaps gold 1
    pred = [T(8, 15, "DATE", "a"), T(0, 10, "DATE", "a"), T(22, 30, "DATE", "b"), T(23, 24, "DATE", "b")]
    assert ev.match(gold, pred) == [(0, 1), (1, 2)]
    assert ev.match(gold, []) == [] and ev.match([], pred) == []
    assert ev.match([T(0, 5, "DATE", "")], [T(5, 9, "DATE", "")]) == []  # touching is no overlap


def test_scores_follow_the_te3_definitions() -> None:
    gold = [
        T(0, 10, "DATE", "1998-01-08"),
        T(20, 25, "DURATION", "P2W"),
        T(30, 35, "DATE", "1998"),
        T(40, 45, "SET", "P1W"),
    ]
    pred = [
        T(0, 10, "DATE", "1998-01-08"),  # strict, type + value right
        T(18, 25, "DURATION", "P3W"),  # relaxed only, wrong value
        T(30, 35, "DURATION", "1998"),  # strict, wrong type, right value
        T(50, 55, "DATE", "1999"),  # spurious
        T(1, 4, "DATE", "1998-01-08"),  # duplicate on a matched gold: spurious
    ]
    tally = ev.Tally()
    tally.add(gold, pred)
    s = tally.scores()
    assert (s["gold"], s["pred"], s["strict"]["tp"], s["relaxed"]["tp"]) == (4, 5, 2, 3)
    assert s["strict"]["p"] == pytest.approx(2 / 5) and s["strict"]["r"] == pytest.approx(2 / 4)
    assert s["relaxed"]["p"] == pytest.approx(3 / 5) and s["relaxed"]["r"] == pytest.approx(3 / 4)
    rf = 2 * (3 / 5) * (3 / 4) / (3 / 5 + 3 / 4)
    assert s["relaxed"]["f1"] == pytest.approx(rf)
    assert s["type_acc"] == pytest.approx(2 / 3) and s["value_acc"] == pytest.approx(2 / 3)
    assert s["value_f1"] == pytest.approx(rf * 2 / 3) and s["type_f1"] == pytest.approx(rf * 2 / 3)
    assert s["by_gold_type"]["SET"] == {"gold": 1, "relaxed_recall": 0.0, "value_acc": 0.0}
    empty = ev.Tally().scores()
    assert empty["value_f1"] == 0.0 and empty["relaxed"]["f1"] == 0.0


@pytest.mark.parametrize(
    ("gold", "pred", "category"),
    [
        (
            T(0, 1, "DATE", "1998-01"),
            T(0, 1, "DATE", "1998-01-08"),
            "granularity month→day (same date, coarser/finer)",
        ),
        (
            T(0, 1, "DATE", "1998-01-07"),
            T(0, 1, "DATE", "1998-01-08"),
            "day: predicted the DCT's day, gold another",
        ),
        (T(0, 1, "DATE", "1997-01-07"), T(0, 1, "DATE", "1996-01-07"), "day: wrong year"),
        (T(0, 1, "DURATION", "P2W"), T(0, 1, "DURATION", "P3W"), "duration: wrong amount"),
        (T(0, 1, "DURATION", "P2W"), T(0, 1, "DURATION", "P14D"), "duration: wrong unit"),
        (T(0, 1, "DATE", "PRESENT_REF"), T(0, 1, "DATE", "1998-01-08"), "ref→day (PRESENT/PAST/FUTURE_REF)"),
        (T(0, 1, "DATE", "1998"), T(0, 1, "DURATION", "P1Y"), "type DATE→DURATION"),
        (T(0, 1, "DATE", "1998"), T(0, 1, "DATE", ""), "no value predicted"),
    ],
)
def test_value_error_category(gold, pred, category: str) -> None:
    assert ev.value_error_category(gold, pred, "1998-01-08") == category


# ------------------------------------------------------------------ harness with a stand-in tagger


class _FakeNLP:
    meta = {"lang": "en", "name": "fake", "version": "0.0"}

    def pipe(self, texts, batch_size=16):
        return [SimpleNamespace(text=t) for t in texts]


def _fake_tagger(monkeypatch) -> None:
    """A dateline.nlp.timex stand-in: tags 'yesterday' relative to the anchor and 'every day'."""

    def tag(doc, *, anchor):
        out = []
        if "yesterday" in doc.text:
            s, e = at(doc.text, "yesterday")
            out.append(
                SimpleNamespace(
                    id="t1",
                    text="yesterday",
                    type="DATE",
                    value=f"{anchor.date().replace(day=anchor.day - 1)}",
                    span=(s, e),
                    mod=None,
                )
            )
        if "every day" in doc.text:
            s, e = at(doc.text, "every day")
            s += len("every ")
            out.append(
                SimpleNamespace(id="t2", text="day", type="DURATION", value="P1W", span=(s, e), mod=None)
            )
        return tuple(out)

    mod = types.ModuleType("dateline.nlp.timex")
    mod.tag = tag
    import dateline.nlp

    monkeypatch.setitem(sys.modules, "dateline.nlp.timex", mod)
    monkeypatch.setattr(dateline.nlp, "timex", mod, raising=False)


def test_evaluate_with_a_stand_in_tagger(tmp_path: Path, monkeypatch) -> None:
    _fake_tagger(monkeypatch)
    (tmp_path / "TimeBank").mkdir()
    (tmp_path / "TimeBank" / "a.tml").write_text(TML, "utf-8")
    corpus, run, scores = ev.evaluate(tmp_path, nlp=_FakeNLP(), heideltime=False)
    d = scores["systems"]["dateline"]
    assert "heideltime" not in scores["systems"] and run.model == "en_fake-0.0"
    assert (d["gold"], d["pred"], d["strict"]["tp"], d["relaxed"]["tp"], d["value_ok"]) == (4, 2, 1, 2, 1)
    analysis = ev.analyse(run.docs, run.preds["dateline"])
    assert analysis["value_error_categories"] == {"type SET→DURATION": 1}
    assert analysis["missed_gold"] == {"DURATION duration": 1, "TIME time": 1}
    res = ev.report(corpus, run, scores, "cmd", analysis)
    json.dumps(res)  # serialisable
    assert (
        res["targets"]["value_f1_ge_heideltime_plus_3"] is None
        and res["throughput"]["ratio"]["tagger"] is None
    )


# ------------------------------------------------------------------ gate

DIGEST = "a" * 64
MODEL = "en_core_web_sm-3.8.0"
FIGS = {"dateline_relaxed_f1": 0.8519, "dateline_value_f1": 0.701, "heideltime_value_f1": 0.7}


def test_check_floors() -> None:
    new, _ = ev.updated_baseline({}, FIGS, DIGEST, MODEL, allow_lower=False)
    e = new[ev.GOLD_SET]
    assert e["floors"] == {"dateline_relaxed_f1": 0.851, "dateline_value_f1": 0.701}
    assert ev.check_floors(e, FIGS, DIGEST, MODEL) == []
    (msg,) = ev.check_floors(e, {**FIGS, "dateline_value_f1": 0.7009}, DIGEST, MODEL)
    assert "dateline_value_f1" in msg and "below its floor 0.701" in msg
    assert "sha256" in ev.check_floors(e, FIGS, "b" * 64, MODEL)[0]
    assert "model" in ev.check_floors(e, FIGS, DIGEST, "en_core_web_trf-3.8.0")[0]
    assert "no floors" in ev.check_floors(None, FIGS, DIGEST, MODEL)[0]


def test_write_baseline_never_lowers_silently_and_keeps_other_gold_sets() -> None:
    conll = {"conll2003-testa": {"sha256": "c" * 64, "model": MODEL, "floors": {"dateline_f1_plo": 0.7}}}
    new, _ = ev.updated_baseline(conll, FIGS, DIGEST, MODEL, allow_lower=False)
    assert new["conll2003-testa"] == conll["conll2003-testa"]
    lower = {**FIGS, "dateline_value_f1": 0.6}
    with pytest.raises(ev.EvalError, match="refusing to lower dateline_value_f1 from 0.701 to 0.600"):
        ev.updated_baseline(new, lower, DIGEST, MODEL, allow_lower=False)
    forced, _ = ev.updated_baseline(new, lower, DIGEST, MODEL, allow_lower=True)
    assert forced[ev.GOLD_SET]["floors"]["dateline_value_f1"] == 0.6
    with pytest.raises(ev.EvalError, match="re-pin"):
        ev.updated_baseline(new, FIGS, "b" * 64, MODEL, allow_lower=False)


def test_limit_refuses_the_gate() -> None:
    assert ev.main(["--limit", "3", "--check"]) == 2


# ------------------------------------------------------------------ the gate on real data

TBAQ = SHARED / "data" / "tempeval3" / "TBAQ-cleaned"


def _has_tagger() -> bool:
    try:
        importlib.import_module("dateline.nlp.timex")
    except ImportError:
        return False
    return True


@pytest.mark.slow
@needs(TBAQ)
@pytest.mark.skipif(not _has_tagger(), reason="dateline.nlp.timex is not there yet")
def test_gate_tempeval3_tbaq(request: pytest.FixtureRequest) -> None:
    """The floors of eval/baseline.json hold on TBAQ-cleaned, dateline only (one spaCy pass)."""
    assert ev.DEFAULT_DATA.resolve() == TBAQ.resolve()
    base = ev.load_baseline(ev.BASELINE)
    if ev.GOLD_SET not in base:
        pytest.skip(f"eval/baseline.json pins no floors for {ev.GOLD_SET} yet")
    e = base[ev.GOLD_SET]
    assert set(e["floors"]) == set(ev.FIGURES)
    nlp = request.getfixturevalue("nlp")  # only loaded once the data is known to be there
    if ev.model_id(nlp) != e["model"]:
        pytest.skip(f"floors are pinned for model {e['model']}; this environment loads {ev.model_id(nlp)}")
    corpus, run, scores = ev.evaluate(TBAQ, nlp=nlp, heideltime=False)
    assert len(run.docs) == 256 and sum(len(d.gold) for d in run.docs) == 1822
    problems = ev.check_floors(e, ev.figures(scores), corpus.digest, run.model)
    assert problems == [], "\n".join(problems)


# ------------------------------------------------------------------ TE3 toolkit port


def test_system_tml_round_trips_through_the_reader() -> None:
    doc = ev.read_timeml(TML)
    s, e = at(doc.text, "yesterday")
    s2, e2 = at(doc.text, "three weeks")
    preds = [T(s2, e2, "DURATION", "P3W"), T(s, e, "DATE", "2001-03-13"), T(s + 1, e, "DATE", "x")]
    sys_doc = ev.read_timeml(ev.system_tml(TML, doc.text, preds))
    assert sys_doc.text == doc.text and sys_doc.dct == doc.dct  # R&D escaped and read back
    assert [(g.start, g.end, g.value) for g in sys_doc.gold] == [(s, e, "2001-03-13"), (s2, e2, "P3W")]
    assert "MAKEINSTANCE" not in ev.system_tml(TML, doc.text, preds)


def test_toolkit_scores_count_by_id_as_evaluate_entities_does() -> None:
    gold = ev.system_tml(TML, ev.read_timeml(TML).text, ev.read_timeml(TML).gold)  # tids t1..t4
    assert set(ev.toolkit_timexes(gold)) == {"t1", "t2", "t3", "t4"}  # t0 (the DCT) left out
    system = (
        '<TIMEX3 tid="t1" type="DATE" value="2001-03-13">yesterday</TIMEX3>'
        '<TIMEX3 tid="t2" type="DURATION" value="P2W">three weeks</TIMEX3>'
        '<TIMEX3 tid="t7" type="DATE" value="2001">2001</TIMEX3>'
    )
    tk = ev.toolkit_scores([(gold, system)])
    assert tk["counts"] == {
        "gold": 4,
        "pred": 3,
        "relaxed_r": 2,
        "strict_r": 1,
        "type_ok": 2,
        "value_ok": 1,
        "relaxed_p": 2,
        "strict_p": 1,
    }
    assert tk["relaxed"]["p"] == pytest.approx(2 / 3) and tk["strict"]["r"] == pytest.approx(1 / 4)
    assert tk["value_f1"] == pytest.approx(tk["relaxed"]["f1"] / 2)
