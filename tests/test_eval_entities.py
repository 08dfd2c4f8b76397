"""eval/entities.py: the IOB1 reader, the scorer and the gate, on hand-written CoNLL
snippets; then the gate itself on CoNLL-2003 dev (skipped when ../shared is absent)."""

from __future__ import annotations

import importlib.util
import io
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

from .conftest import ROOT, SHARED, needs

_PATH = ROOT / "eval" / "entities.py"
_spec = importlib.util.spec_from_file_location("dateline_eval_entities", _PATH)
assert _spec is not None and _spec.loader is not None
ev = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = ev  # dataclasses look their module up here
_spec.loader.exec_module(ev)

# Written for these tests (not taken from CoNLL): every IOB1 rule appears at least once.
SNIPPET = """\
-DOCSTART- -X- O O

EU NNP I-NP I-ORG
rejects VBZ I-VP O
German JJ I-NP I-MISC
call NN I-NP O
to TO I-VP O
boycott VB I-VP O
British JJ I-NP I-MISC
lamb NN I-NP O
. . O O

Peter NNP I-NP I-PER
Blackburn NNP I-NP I-PER

-DOCSTART- -X- O O

Hutu NNP I-NP I-MISC
Tutsi NNP I-NP B-MISC
fans NNS I-NP O
of IN I-PP O
New NNP I-NP I-ORG
York NNP I-NP I-ORG
Yankees NNPS I-NP I-PER
visit VBP I-VP O
New NNP I-NP I-LOC
Zealand NNP I-NP I-LOC

Wellington NNP I-NP I-LOC
and CC O O
Bonn NNP I-NP B-LOC
Paris NNP I-NP B-LOC
Berlin NNP I-NP I-LOC
.  . O O
"""


def docs() -> list:
    return ev.read_conll(SNIPPET.splitlines())


def texts(doc) -> list[tuple[str, str]]:
    return [(doc.span_text(g), g[2]) for g in doc.gold]


# ------------------------------------------------------------------ IOB1 reader


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (["I-PER", "I-PER", "O"], [(0, 2, "PER")]),
        (["O", "I-LOC"], [(1, 2, "LOC")]),  # a chunk may end the sentence
        (["I-MISC", "B-MISC"], [(0, 1, "MISC"), (1, 2, "MISC")]),  # B-: same type, adjacent
        (["I-MISC", "B-MISC", "I-MISC"], [(0, 1, "MISC"), (1, 3, "MISC")]),  # I- after B- continues
        (["I-ORG", "I-PER"], [(0, 1, "ORG"), (1, 2, "PER")]),  # a type change starts a chunk
        (["I-ORG", "B-PER"], [(0, 1, "ORG"), (1, 2, "PER")]),
        (["O", "B-LOC", "O"], [(1, 2, "LOC")]),  # stray B- after O (IOB2 style) still starts one
        (["B-LOC", "I-LOC", "B-LOC"], [(0, 2, "LOC"), (2, 3, "LOC")]),  # IOB2 reads the same
        (["O", "O"], []),
        ([], []),
    ],
)
def test_iob1_spans(tags: list[str], spans: list[tuple[int, int, str]]) -> None:
    assert ev.iob1_spans(tags) == spans


@pytest.mark.parametrize("bad", ["X-PER", "I", "B-", "O-PER", "E-LOC"])
def test_iob1_spans_rejects_other_schemes(bad: str) -> None:
    with pytest.raises(ValueError, match="not an IOB tag"):
        ev.iob1_spans(["O", bad])


def test_read_conll_documents_text_and_offsets() -> None:
    d1, d2 = docs()
    assert (d1.index, d2.index) == (0, 1)
    assert d1.text == "EU rejects German call to boycott British lamb .\nPeter Blackburn"
    assert texts(d1) == [("EU", "ORG"), ("German", "MISC"), ("British", "MISC"), ("Peter Blackburn", "PER")]
    for i, tok in enumerate(d1.tokens):
        assert d1.text[d1.starts[i] : d1.ends[i]] == tok
    assert d1.sent_of == [0] * 9 + [1, 1]


def test_read_conll_iob1_rules_and_sentence_breaks() -> None:
    d2 = docs()[1]
    assert texts(d2) == [
        ("Hutu", "MISC"),
        ("Tutsi", "MISC"),
        ("New York", "ORG"),
        ("Yankees", "PER"),
        ("New Zealand", "LOC"),
        ("Wellington", "LOC"),  # the sentence break ends "New Zealand": two chunks
        ("Bonn", "LOC"),
        ("Paris Berlin", "LOC"),
    ]
    assert d2.text.split("\n")[1] == "Wellington and Bonn Paris Berlin ."


def test_read_conll_without_docstart_is_one_document() -> None:
    (doc,) = ev.read_conll(["Bonn NNP I-NP I-LOC", "", "", "Rome NNP I-NP I-LOC"])
    assert doc.text == "Bonn\nRome" and texts(doc) == [("Bonn", "LOC"), ("Rome", "LOC")]


def test_sports_documents_are_recognised_by_their_headline() -> None:
    (sport,) = ev.read_conll(["SOCCER NN O O", "- : O O", "ROMA NNP I-NP I-ORG", "WIN VB I-VP O"])
    (news,) = ev.read_conll(["Soccer NN O O", "fans NNS O O", "riot VB O O"])
    assert ev.is_sports(sport) and not ev.is_sports(news)


# ------------------------------------------------------------------ predictions


def test_to_preds_maps_ontonotes_labels_and_counts_the_rest() -> None:
    dropped: Counter[str] = Counter()
    spans = [(0, 1, "PERSON"), (0, 1, "GPE"), (0, 1, "FAC"), (0, 1, "LOC"), (0, 1, "ORG")]
    spans += [(0, 1, label) for label in ("NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE")]
    spans += [(0, 1, "DATE"), (0, 1, "CARDINAL"), (0, 1, "DATE")]
    got = [p.type for p in ev.to_preds(spans, dropped)]
    assert got == ["PER", "LOC", "LOC", "LOC", "ORG"] + ["MISC"] * 6
    assert dropped == {"DATE": 2, "CARDINAL": 1}


def test_align_needs_token_boundaries() -> None:
    d1 = docs()[0]  # "EU rejects German call …\nPeter Blackburn"
    assert d1.text[47:64] == ".\nPeter Blackburn"
    preds = [
        ev.Pred(0, 2, "ORG", "ORG"),  # "EU"
        ev.Pred(0, 3, "ORG", "ORG"),  # "EU " ends on a space
        ev.Pred(4, 7, "ORG", "ORG"),  # "jec" inside a token
        ev.Pred(11, 17, "MISC", "NORP"),  # "German"
        ev.Pred(47, 64, "PER", "PERSON"),  # ".\nPeter Blackburn": across the sentence break
    ]
    assert ev.align(d1, preds) == [(0, 1, "ORG"), None, None, (2, 3, "MISC"), (8, 11, "PER")]


# ------------------------------------------------------------------ scorer


def test_tally_exact_span_and_type() -> None:
    gold = [(0, 1, "ORG"), (2, 3, "MISC"), (5, 7, "PER")]
    pred = [(0, 1, "ORG"), (2, 3, "LOC"), None, (5, 7, "PER"), (5, 7, "PER")]
    types = ["ORG", "LOC", "PER", "PER", "PER"]  # None: an unaligned PER prediction
    t = ev.Tally()
    t.add(gold, pred, types)
    s = t.scores()
    assert (s["PER"]["tp"], s["PER"]["fp"], s["PER"]["fn"]) == (1, 2, 0)  # duplicate + unaligned
    assert (s["ORG"]["p"], s["ORG"]["r"], s["ORG"]["f1"]) == (1.0, 1.0, 1.0)
    assert (s["LOC"]["tp"], s["LOC"]["fp"], s["LOC"]["fn"], s["LOC"]["f1"]) == (0, 1, 0, 0.0)
    assert (s["MISC"]["tp"], s["MISC"]["fp"], s["MISC"]["fn"]) == (0, 0, 1)
    plo = s["PLO"]  # MISC stays out of PER/LOC/ORG
    assert (plo["tp"], plo["fp"], plo["fn"]) == (2, 3, 0)
    assert plo["p"] == pytest.approx(0.4) and plo["r"] == 1.0 and plo["f1"] == pytest.approx(4 / 7)
    assert (s["ALL"]["tp"], s["ALL"]["fp"], s["ALL"]["fn"]) == (2, 3, 1)


def test_tally_partial_overlap_is_one_fp_and_one_fn() -> None:
    t = ev.Tally()
    t.add([(3, 5, "PER")], [(3, 4, "PER")], ["PER"])
    assert (t.tp["PER"], t.fp["PER"], t.fn["PER"]) == (0, 1, 1)


def test_prf_of_nothing_is_zero() -> None:
    assert ev.prf(0, 0, 0) == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 0, "gold": 0, "pred": 0}


def _preds_for_snippet() -> list[list]:
    d1, d2 = docs()

    def at(doc, text: str, label: str, nth: int = 0) -> object:
        start = -1
        for _ in range(nth + 1):
            start = doc.text.index(text, start + 1)
        return ev.to_preds([(start, start + len(text), label)], Counter())[0]

    return [
        [at(d1, "EU", "ORG"), at(d1, "German", "NORP"), at(d1, "British", "GPE"), at(d1, "Peter", "PERSON")],
        [
            at(d2, "Hutu Tutsi", "NORP"),  # merged: wrong
            at(d2, "New York", "GPE"),  # wrong type
            at(d2, "Yankees", "PERSON"),
            at(d2, "New Zealand", "GPE"),
            at(d2, "Wellington", "GPE"),
            at(d2, "Bonn", "GPE"),
            at(d2, "Paris", "GPE"),  # shorter than "Paris Berlin"
            at(d2, "Berlin", "GPE"),
            at(d2, "Zealand\nWellington", "GPE"),  # across a sentence break: not writable as tags
        ],
    ]


def test_conlleval_file_round_trip_matches_the_scorer(tmp_path: Path) -> None:
    all_docs = docs()
    preds = _preds_for_snippet()
    buf = io.StringIO()
    lost = ev.write_conlleval(all_docs, preds, buf)
    assert lost == {"LOC": 1}
    direct = ev.Tally()
    for doc, ps in zip(all_docs, preds, strict=True):
        spans = ev.align(doc, ps)
        keep = [
            (s, p) for s, p in zip(spans, ps, strict=True) if s and doc.sent_of[s[0]] == doc.sent_of[s[1] - 1]
        ]
        direct.add(doc.gold, [s for s, _ in keep], [p.type for _, p in keep])
    path = tmp_path / "snippet.conlleval"
    path.write_text(buf.getvalue(), encoding="utf-8")
    assert ev.score_conlleval_file(path) == direct.scores()
    s = direct.scores()
    assert (s["LOC"]["tp"], s["LOC"]["fp"], s["LOC"]["fn"]) == (
        3,
        4,
        1,
    )  # "Paris" + "Berlin" ≠ "Paris Berlin"
    assert (s["MISC"]["tp"], s["MISC"]["fp"], s["MISC"]["fn"]) == (1, 1, 3)  # "Hutu Tutsi" merges two


CONLLEVAL = SHARED / "data" / "conll2003" / "conlleval.pl"


@pytest.mark.skipif(
    shutil.which("perl") is None or not CONLLEVAL.is_file(), reason=f"perl or {CONLLEVAL} is absent"
)
def test_scorer_agrees_with_conlleval_on_the_snippet(tmp_path: Path) -> None:
    all_docs = docs()
    path = tmp_path / "snippet.conlleval"
    with path.open("w", encoding="utf-8") as fh:
        ev.write_conlleval(all_docs, _preds_for_snippet(), fh)
    theirs = ev.parse_conlleval(ev.run_conlleval(CONLLEVAL, path))
    ours = ev.score_conlleval_file(path)
    assert theirs["ALL"]["gold"] == ours["ALL"]["gold"] == 12
    for key in (*ev.TYPES, "ALL"):
        for k in ("p", "r", "f1"):
            assert theirs[key][k] == pytest.approx(100 * ours[key][k], abs=0.006), (key, k)


# ------------------------------------------------------------------ gate

DIGEST = "a" * 64
MODEL = "en_core_web_sm-3.8.0"


def entry(**floors: float) -> dict:
    return {"sha256": DIGEST, "model": MODEL, "floors": floors}


@pytest.mark.parametrize(
    ("x", "down"), [(0.72349, 0.723), (0.7239999, 0.723), (0.723, 0.723), (-0.0123, -0.013)]
)
def test_floor3_rounds_down(x: float, down: float) -> None:
    assert ev.floor3(x) == down


def test_check_floors() -> None:
    e = entry(dateline_f1_plo=0.723, delta_f1_plo=0.028)
    assert ev.check_floors(e, {"dateline_f1_plo": 0.7230, "delta_f1_plo": 0.0289}, DIGEST, MODEL) == []
    (msg,) = ev.check_floors(e, {"dateline_f1_plo": 0.72299, "delta_f1_plo": 0.03}, DIGEST, MODEL)
    assert "dateline_f1_plo" in msg and "below its floor 0.723" in msg
    (msg,) = ev.check_floors(e, {"dateline_f1_plo": 0.8, "delta_f1_plo": 0.0279}, DIGEST, MODEL)
    assert "delta_f1_plo" in msg
    ok = {"dateline_f1_plo": 0.8, "delta_f1_plo": 0.1}
    assert "sha256" in ev.check_floors(e, ok, "b" * 64, MODEL)[0]
    assert "model" in ev.check_floors(e, ok, DIGEST, "en_core_web_trf-3.8.0")[0]
    assert "no floors" in ev.check_floors(None, ok, DIGEST, MODEL)[0]


def test_write_baseline_raises_floors_but_never_lowers_them_silently() -> None:
    figs = {"dateline_f1_plo": 0.73456, "delta_f1_plo": 0.0212, "spacy_f1_plo": 0.71}
    new, _ = ev.updated_baseline({}, figs, DIGEST, MODEL, allow_lower=False)
    assert new == {ev.GOLD_SET: entry(dateline_f1_plo=0.734, delta_f1_plo=0.021)}
    higher = {**figs, "dateline_f1_plo": 0.75}
    new2, notes = ev.updated_baseline(new, higher, DIGEST, MODEL, allow_lower=False)
    assert new2[ev.GOLD_SET]["floors"]["dateline_f1_plo"] == 0.75 and "0.734 → 0.750" in notes[0]
    lower = {**figs, "delta_f1_plo": 0.0101}
    with pytest.raises(ev.EvalError, match="refusing to lower delta_f1_plo from 0.021 to 0.010"):
        ev.updated_baseline(new, lower, DIGEST, MODEL, allow_lower=False)
    forced, _ = ev.updated_baseline(new, lower, DIGEST, MODEL, allow_lower=True)
    assert forced[ev.GOLD_SET]["floors"]["delta_f1_plo"] == 0.01
    with pytest.raises(ev.EvalError, match="re-pin"):
        ev.updated_baseline(new, higher, "b" * 64, MODEL, allow_lower=False)
    other = {"some-other-set": {"sha256": "c", "model": "m", "floors": {}}}
    kept, _ = ev.updated_baseline(other, figs, DIGEST, MODEL, allow_lower=False)
    assert kept["some-other-set"] == other["some-other-set"]


def test_baseline_file_pins_the_dev_set() -> None:
    e = ev.load_baseline(ev.BASELINE)[ev.GOLD_SET]
    assert set(e) == {"sha256", "model", "floors"} and len(e["sha256"]) == 64
    assert set(e["floors"]) == set(ev.FIGURES)
    assert all(v == ev.floor3(v) for v in e["floors"].values())


# ------------------------------------------------------------------ the gate on CoNLL-2003 dev


DEV = SHARED / "data" / "conll2003" / "eng.testa"


@pytest.mark.slow
@needs(DEV)
def test_gate_conll2003_dev(request: pytest.FixtureRequest) -> None:
    """The floors of eval/baseline.json hold on the full dev set (one spaCy pass, ~15 s)."""
    assert ev.DEFAULT_DATA.resolve() == DEV.resolve()
    data = DEV
    nlp = request.getfixturevalue("nlp")  # only loaded once the data is known to be there
    e = ev.load_baseline(ev.BASELINE)[ev.GOLD_SET]
    if ev.model_id(nlp) != e["model"]:
        pytest.skip(f"floors are pinned for model {e['model']}; this environment loads {ev.model_id(nlp)}")
    run, scores = ev.evaluate(data, nlp=nlp)
    assert len(run.docs) == 216 and sum(len(d.gold) for d in run.docs) == 5942
    assert run.baseline_source.startswith("same pass"), run.baseline_source
    problems = ev.check_floors(e, ev.figures(scores), ev.sha256(data), run.model)
    assert problems == [], "\n".join(problems)
