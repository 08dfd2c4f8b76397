"""eval/events.py and eval/events_petrarch.py: label mapping, locating gold actors, overlap,
TP/FP counting, the target denominator, the keyword baseline, the PETRARCH dictionaries and
scorer, on records written for these tests; then the gate on gsr_dev (skipped when ../shared
or the baseline entry is absent)."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SHARED, needs

sys.path.insert(0, str(ROOT / "eval"))  # eval/ is a folder of scripts
ev = importlib.import_module("events")
pt = importlib.import_module("events_petrarch")

GSR = SHARED / "data" / "plover" / "gsr_dev.json"
PETR = SHARED / "data" / "petrarch2_validation"


def at(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def event(typ: str | None, actors=(), targets=(), cameo: str | None = None) -> dict:
    return {
        "plover": {"type": typ} if typ else None,
        "cameo": cameo,
        "actor_spans": [{"text": t, "span": list(s)} for t, s in actors],
        "target_spans": [{"text": t, "span": list(s)} for t, s in targets],
    }


# ------------------------------------------------------------------ gold records


@pytest.mark.parametrize(
    ("label", "want"),
    [
        ("DEMAND", "REQUEST"),
        ("FIGHT", "ASSAULT"),
        ("DISAPPROVE", "ACCUSE"),
        ("INVESTIGATE", "ACCUSE"),
        ("assault", "ASSAULT"),
        (" AGREE ", "AGREE"),
        ("COOPERATE", "COOPERATE"),
    ],
)
def test_plover_type_maps_old_labels(label: str, want: str) -> None:
    assert ev.plover_type(label) == want


@pytest.mark.parametrize("label", ["YIELD", "MEET", "", "EXPEL"])
def test_plover_type_refuses_what_it_cannot_map(label: str) -> None:
    with pytest.raises(ev.EvalError, match="unknown PLOVER label"):
        ev.plover_type(label)


def test_locate_whole_words_case_and_every_occurrence() -> None:
    text = "US officials said the us business deal with US  Steel stands."
    assert ev.locate(text, "us") == [(0, 2), (22, 24), (44, 46)]  # not the "us" of "business"
    assert ev.locate(text, "US Steel") == [at(text, "US  Steel")]  # any whitespace between words
    assert ev.locate(text, "  us   steel ") == [at(text, "US  Steel")]
    assert ev.locate(text, "busi") == []  # whole words only
    assert ev.locate(text, "") == [] and ev.locate(text, "   ") == []


def test_locate_an_ellipsis_phrase_by_its_pieces() -> None:
    text = "U.S. and Russian negotiators return to Geneva."
    assert ev.locate(text, "U.S. ... negotiators") == [at(text, "U.S."), at(text, "negotiators")]
    assert ev.locate(text, "Russian negotiators") == [at(text, "Russian negotiators")]
    assert ev.locate(text, "French .. diplomats") == []


def test_markup_spans_by_role() -> None:
    text = "Senior Hungarian and Romanian officials agreed in Vienna."
    markup = "Senior (SRC/TAR: Hungarian) and (SRC: Romanian) officials (EVT: agreed) (LOC: in Vienna)."
    assert ev.markup_spans(text, markup, "SRC") == [at(text, "Hungarian"), at(text, "Romanian")]
    assert ev.markup_spans(text, markup, "TAR") == [at(text, "Hungarian")]
    assert ev.markup_spans(text, "", "TAR") == []


def test_actor_texts_of_lists_strings_and_missing_fields() -> None:
    assert ev.actor_texts([{"actorText": " Red  Cross "}, {"actorText": ""}, {"code": "X"}]) == ["Red Cross"]
    assert ev.actor_texts("") == [] and ev.actor_texts(None) == [] and ev.actor_texts([]) == []
    assert ev.actor_texts("police") == ["police"]


def test_gold_record_falls_back_on_the_markup_and_knows_when_there_is_no_target() -> None:
    text = "Benin was refusing admittance to Ghanaians, Benin police said."
    rec = {
        "id": "T-1",
        "event": "REJECT",
        "text": text,
        "source": [{"actorText": "Benin", "code": "BEN"}],
        "target": [{"actorText": "Ghanians", "code": "GHA"}],  # a typo: not in the sentence
        "textInfo": {
            "markup": "(SRC: Benin) was (EVT: refusing admittance) to (TAR: Ghanaians), Benin police said."
        },
    }
    g = ev.gold_record(rec)
    assert g.type == "REJECT" and g.has_source and g.has_target
    assert g.source == (at(text, "Benin"), at(text, "Benin", 1))  # every occurrence
    assert g.target == (at(text, "Ghanaians"),) and g.markup_fallback == ("target",)
    for no_target in ("", None, []):
        g2 = ev.gold_record({**rec, "target": no_target, "event": "DEMAND"})
        assert not g2.has_target and g2.target == () and g2.type == "REQUEST"
    g3 = ev.gold_record({k: v for k, v in rec.items() if k != "target"})
    assert not g3.has_target


def test_load_gsr_digest_and_duplicates(tmp_path: Path) -> None:
    rec = {"id": "A", "event": "AGREE", "text": "Chad agreed.", "source": [{"actorText": "Chad"}]}
    p = tmp_path / "gsr.json"
    p.write_text(json.dumps({"records": [rec]}), encoding="utf-8")
    gold, digest = ev.load_gsr(p)
    assert [g.id for g in gold] == ["A"] and len(digest) == 64
    p.write_text(json.dumps({"records": [rec, rec]}), encoding="utf-8")
    with pytest.raises(ev.EvalError, match="not unique"):
        ev.load_gsr(p)
    with pytest.raises(ev.EvalError, match="not found"):
        ev.load_gsr(tmp_path / "absent.json")


# ------------------------------------------------------------------ scoring


def test_overlaps_needs_a_shared_character() -> None:
    assert ev.overlaps([(0, 5)], [(4, 9)])
    assert not ev.overlaps([(0, 5)], [(5, 9)])  # touching is not overlapping
    assert not ev.overlaps([], [(0, 9)]) and not ev.overlaps([(0, 9)], [])
    assert ev.overlaps([(0, 1), (20, 30)], [(25, 26)])


TEXT = "Police in Lagos arrested protesters on Monday."


def gold(has_target: bool = True) -> ev.GoldRecord:
    return ev.GoldRecord(
        id="G1",
        text=TEXT,
        type="COERCE",
        source=(at(TEXT, "Police in Lagos"),),
        target=(at(TEXT, "protesters"),) if has_target else (),
        has_source=True,
        has_target=has_target,
    )


POLICE = ("Police", at(TEXT, "Police"))
PROTESTERS = ("protesters", at(TEXT, "protesters"))
MONDAY = ("Monday", at(TEXT, "Monday"))


def test_score_record_tp_fp_and_the_best_matched_event() -> None:
    evs = [
        event("ASSAULT", [POLICE]),  # another type: an FP
        event("COERCE", [MONDAY], [MONDAY]),  # gold type, both wrong
        event("COERCE", [POLICE], [PROTESTERS]),  # gold type, both right: the match
        event("COERCE", [POLICE]),  # a third of the gold type: not an FP
        event(None, [POLICE]),  # no PLOVER type: an FP
    ]
    s = ev.score_record(gold(), evs)
    assert s.tp and s.fp == 2 and s.matched == 2
    assert s.source_right is True and s.target_right is True
    assert s.types == ["ASSAULT", "COERCE", "COERCE", "COERCE", None]
    assert s.source_cover == pytest.approx(len("Police") / len(TEXT))


def test_score_record_ties_go_to_the_first_and_misses_score_no_actors() -> None:
    s = ev.score_record(
        gold(), [event("COERCE", [MONDAY]), event("COERCE", [POLICE]), event("COERCE", [POLICE])]
    )
    assert s.matched == 1 and s.source_right and s.target_right is False
    miss = ev.score_record(gold(), [event("ASSAULT", [POLICE], [PROTESTERS])])
    assert not miss.tp and miss.fp == 1 and miss.source_right is None and miss.target_right is None
    none = ev.score_record(gold(), [])
    assert not none.tp and none.fp == 0


def test_target_is_not_scored_without_a_gold_target() -> None:
    s = ev.score_record(gold(has_target=False), [event("COERCE", [POLICE], [PROTESTERS])])
    assert s.tp and s.source_right and s.target_right is None


def test_score_gsr_rates_denominators_and_per_type_table() -> None:
    g_target, g_no_target = gold(), ev.GoldRecord(**{**gold(False).__dict__, "id": "G2"})
    g_miss = ev.GoldRecord(**{**gold().__dict__, "id": "G3", "type": "ASSAULT"})
    events = [
        [event("COERCE", [POLICE], [MONDAY]), event("PROTEST", [POLICE])],  # TP, target wrong, 1 FP
        [event("COERCE", [MONDAY])],  # TP without gold target, source wrong
        [event("COERCE", [POLICE]), event("COERCE", [POLICE])],  # miss, 2 FP
    ]
    r = ev.score_gsr([g_target, g_no_target, g_miss], events)
    assert (r["gold"], r["tp"], r["fp"], r["events"]) == (3, 2, 3, 5)
    assert r["tp_rate"] == pytest.approx(2 / 3) and r["fp_rate"] == 1.0 and r["precision_like"] == 0.0
    assert r["source"] == {"scored": 2, "right": 1} and r["source_acc"] == 0.5
    # the target denominator: the TPs whose record has a gold target (G1 only), not all TPs
    assert r["target"] == {"scored": 1, "right": 0, "gold_records_with_target": 2}
    assert r["target_acc"] == 0.0
    assert r["misses"] == ["G3"] and r["wrong_source"] == ["G2"] and r["wrong_target"] == ["G1"]
    assert r["miss_types"] == {"G3": ["COERCE", "COERCE"]}
    assert r["mean_source_cover"] == pytest.approx((len("Police") + len("Monday")) / 2 / len(TEXT))
    assert "G3 [COERCE,COERCE]" in ev.details({"gold_set": "x", "systems": {"d": r}})[0]
    pt_ = r["per_type"]
    assert pt_["COERCE"] == {"gold": 2, "tp": 2, "tp_rate": 1.0, "fp_in": 1, "fp_as": 2}
    assert pt_["ASSAULT"] == {"gold": 1, "tp": 0, "tp_rate": 0.0, "fp_in": 2, "fp_as": 0}
    assert pt_["PROTEST"]["fp_as"] == 1 and pt_["PROTEST"]["gold"] == 0
    figs = ev.gsr_figures({"dateline": r})
    assert set(ev.GSR_FIGURES) <= set(figs) and figs["dateline_fp_rate"] == 1.0
    assert ev.gsr_targets(figs)["ahead_of_keyword_baseline"] is None


def test_precision_like_is_one_minus_fp() -> None:
    r = ev.score_gsr([gold()], [[event("COERCE", [POLICE]), event("AID", [POLICE])]])
    assert r["fp_rate"] == 1.0 and r["precision_like"] == 0.0
    r = ev.score_gsr([gold(), gold()], [[event("AID")], []])
    assert r["fp_rate"] == 0.5 and r["precision_like"] == 0.5


# ------------------------------------------------------------------ keyword baseline


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("assault", ("ASSAULT", None)),
        ({"type": "CONSULT", "cameo": "040"}, ("CONSULT", "040")),
        ({"plover": {"type": "AGREE"}, "cameo": 30}, ("AGREE", "30")),
        (("REQUEST", "100"), ("REQUEST", "100")),
        (["REJECT"], ("REJECT", None)),
        ({}, (None, None)),
    ],
)
def test_lexicon_entry_shapes(value, want) -> None:
    assert ev.lexicon_entry(value) == want


def test_single_lemmas_leave_out_phrases_and_untyped_entries() -> None:
    lex = {"Meet": "CONSULT", "phone call": "CONSULT", "x": {}, "attack": {"type": "ASSAULT", "cameo": "190"}}
    assert ev.single_lemmas(lex) == {"meet": ("CONSULT", None), "attack": ("ASSAULT", "190")}


def _parsed(words, heads, deps, lemmas):
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, lemmas=lemmas)


def test_keyword_events_subject_subtree_and_object_subtree() -> None:
    #        0         1         2          3       4       5       6
    words = ["Rebel", "fighters", "attacked", "the", "army", "base", "."]
    heads = [1, 2, 2, 5, 5, 2, 2]
    deps = ["compound", "nsubj", "ROOT", "det", "compound", "dobj", "punct"]
    lemmas = ["rebel", "fighter", "attack", "the", "army", "base", "."]
    doc = _parsed(words, heads, deps, lemmas)
    (e,) = ev.keyword_events(doc, {"attack": ("ASSAULT", "190"), "army": ("MOBILIZE", None)} | {})[:1]
    assert ev.event_type(e) == "ASSAULT" and e["cameo"] == "190" and e["trigger"]["text"] == "attacked"
    assert ev.arg_texts(e, "actor_spans") == ["Rebel fighters"]
    assert ev.arg_texts(e, "target_spans") == ["the army base"]
    assert ev.arg_spans(e, "actor_spans") == [at(doc.text, "Rebel fighters")]
    both = ev.keyword_events(doc, {"attack": ("ASSAULT", None), "army": ("MOBILIZE", None)})
    assert [ev.event_type(x) for x in both] == ["ASSAULT", "MOBILIZE"]  # every token in the lexicon
    assert both[1]["actor_spans"] == [] and both[1]["target_spans"] == []
    assert ev.keyword_events(doc, {"fighters": ("ASSAULT", None)}) == []  # lemmas, not forms


# ------------------------------------------------------------------ PETRARCH records and dictionaries

PETR_XML = """<Validation><Sentences>
<Sentence date="19950101" id="T-01" category="DEMO" sentence="true">
<!-- a comment -->
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<EventCoding sourcecode="ARNGOV" targetcode="OSG" eventcode="901"></EventCoding>
<Text>
Arnor is about to restore
full ties with Gondor.
</Text><Parse>(ROOT)</Parse></Sentence>
<Sentence date="19950101" id="T-02" category="DEMO" sentence="true">
<EventCoding noevents="True"></EventCoding><Text>Nothing.</Text><Parse>(ROOT)</Parse></Sentence>
<Sentence date="19950101" id="T-03" category="ERROR" sentence="true">
<EventCoding error="storydiscard"></EventCoding><Text>A typhoon.</Text><Parse>(ROOT)</Parse></Sentence>
<Sentence date="19950101" id="T-04" category="ERROR" sentence="true">
<EventCoding error="bad_input_parse"></EventCoding><Text>Bad.</Text><Parse>(ROOT)</Parse></Sentence>
<Sentence date="19950101" id="T-05" category="DEMO" sentence="false">
<Text>No coding at all.</Text><Parse>(ROOT)</Parse></Sentence>
</Sentences></Validation>"""


def test_parse_records_skips_and_test_codes() -> None:
    recs = pt.parse_records(PETR_XML)
    assert [r.id for r in recs] == ["T-01", "T-02", "T-03", "T-04", "T-05"]
    assert [r.skip for r in recs] == [None, "noevents", "discard", "error:bad_input_parse", "no EventCoding"]
    r = recs[0]
    assert r.text == "Arnor is about to restore full ties with Gondor." and r.date == "19950101"
    assert [(x.source, x.target, x.code, x.root) for x in r.expected] == [
        ("ARN", "GON", "064", "06"),
        ("ARNGOV", "OSG", "901", None),  # a suite test code, not CAMEO
    ]
    with pytest.raises(ev.EvalError, match="not well-formed"):
        pt.parse_records("<Validation>")


ACTORS_TXT = """<!-- header
spanning lines -->
ARNOR_  [ARN]
GONDOR [GON]
+MINAS_TIRITH
LORIEN  [ELR/GAL]
GOLLUM  # pas
+SMEAGOL
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
\t[HOBREB > 990816]
#NASGUL  [###]
WHITE_HOUSE  [USAGOV] #jw 9/14/91
ONODOHER
\t[ONO <911226]
"""

AGENTS_TXT = """!PERSON! = MAN, MEN
!MINST! = MINISTER, MINISTRY
CONGRESS!PERSON! [~LEG]
!MINST!_OF_SILLY_WALKS [~GOV]
POLICE {} [ ~COP] # JON
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
OFFICIAL  [~GOV]
MSF {}  [NGO~]
AUTHORITY  [~GOV]
"""


def coder() -> pt.ActorCoder:
    return pt.ActorCoder(pt.parse_actors(ACTORS_TXT), pt.parse_agents(AGENTS_TXT))


def test_parse_actors_synonyms_codes_and_date_restrictions() -> None:
    entries = {e.names[0]: e for e in pt.parse_actors(ACTORS_TXT)}
    assert set(entries) == {
        ("ARNOR",),
        ("GONDOR",),
        ("LORIEN",),
        ("GOLLUM",),
        ("WHITE", "HOUSE"),
        ("ONODOHER",),
    }
    assert entries[("GONDOR",)].names == [("GONDOR",), ("MINAS", "TIRITH")]
    assert entries[("LORIEN",)].codes("19950101") == ("ELR", "GAL")
    gollum = entries[("GOLLUM",)]
    assert gollum.codes("19950101") == ("HOB",)
    assert gollum.codes("19970101") == ("HOBGOV",)
    assert gollum.codes("20050101") == ("HOBREB",)
    assert entries[("ONODOHER",)].codes("19950101") == ()  # no block holds, none unrestricted
    assert pt.restriction_holds("", "19950101") is None
    assert pt.restriction_holds("20100109-20100112", "20100110") is True


def test_parse_agents_macros_plurals_prefix_and_suffix() -> None:
    agents = pt.parse_agents(AGENTS_TXT)
    forms = {n: (a.prefix, a.suffix) for a in agents for n in a.names}
    assert forms[("CONGRESSMEN",)] == ("", "LEG") and forms[("CONGRESSMAN",)] == ("", "LEG")
    assert forms[("MINISTRY", "OF", "SILLY", "WALKS")] == ("", "GOV")
    assert ("POLICES",) not in forms and forms[("POLICE",)] == ("", "COP")  # {} means no plural
    assert ("ATTORNEYS", "GENERAL") in forms and ("ATTORNEY", "GENERALS") not in forms
    assert forms[("OFFICIALS",)] == ("", "GOV") and forms[("AUTHORITIES",)] == ("", "GOV")
    assert forms[("MSF",)] == ("NGO", "")


@pytest.mark.parametrize(
    ("phrase", "date", "codes"),
    [
        ("Arnor", "19950101", {"ARN"}),
        ("the Arnor officials", "19950101", {"ARNGOV"}),
        ("Minas Tirith police", "19950101", {"GONCOP"}),
        ("White House officials", "19950101", {"USAGOV"}),  # GOV is not added twice
        ("MSF in Gondor", "19950101", {"NGOGON"}),
        ("police", "19950101", {"---COP"}),
        ("Gondor's Smeagol", "19970101", {"GON", "HOBGOV"}),
        ("Lorien", "19950101", {"ELR", "GAL"}),
        ("Arnorian crowds", "19950101", set()),  # whole words, no stems
        ("U.S. officials", "19950101", {"---GOV"}),
    ],
)
def test_actor_coder(phrase: str, date: str, codes: set[str]) -> None:
    assert coder().codes(phrase, date) == codes


def test_cameo_to_plover_longest_prefix() -> None:
    table = pt.parse_cameo2plover(
        "04: CONSULT\n040: CONSULT, ,  # Consult\n1012: REQUEST, x\n19: FIGHT\n# 20: X\n"
    )
    assert pt.plover_of("043", table) == "CONSULT"
    assert pt.plover_of("1012", table) == "REQUEST" and pt.plover_of("101", table) is None
    assert pt.plover_of("194", table) == "ASSAULT"  # an old label in the table is mapped too
    assert pt.cameo_root({"cameo": "064"}) == "06" and pt.cameo_root({"cameo": None}) is None
    assert pt.cameo_root({"cameo": "901"}) is None


def test_petrarch_score_found_extra_and_code_agreement() -> None:
    recs = pt.parse_records(PETR_XML)
    text = recs[0].text
    arnor, gondor = ("Arnor", at(text, "Arnor")), ("full ties with Gondor", at(text, "full ties with Gondor"))
    events = [
        [
            event("COOPERATE", [arnor], [("full ties", at(text, "full ties"))], cameo="064"),
            event("COOPERATE", [arnor], [gondor], cameo="064"),  # the best of root 06
            event("CONSULT", [arnor], cameo="040"),  # an extra
        ],
        [event("ASSAULT", [arnor], cameo="190")],  # a skipped record: not counted
        [],
        [],
        [],
    ]
    table = {"06": "COOPERATE", "04": "CONSULT", "19": "ASSAULT"}
    s = pt.score(recs, events, coder(), table)
    root = s["root"]
    assert (root["expected"], root["found"], root["extra"]) == (1, 1, 1)  # 901 is left out
    assert root["source"] == {"scored": 1, "agree": 1} and root["target"] == {"scored": 1, "agree": 1}
    assert root["precision_like"] == 0.0 and s["events"] == 3
    assert s["plover"]["found"] == 1 and s["plover"]["extra"] == 1
    # PLOVER types only (no CAMEO code): found at the PLOVER level, not at the root level
    plain = [[{**e, "cameo": None} for e in evs] for evs in events]
    s2 = pt.score(recs, plain, coder(), table)
    assert s2["root"]["found"] == 0 and s2["root"]["extra"] == 3 and s2["plover"]["found"] == 1
    figs = pt.figures({"dateline": s})
    assert set(pt.FIGURES) <= set(figs) and figs["dateline_root_found"] == 1.0


def test_petrarch_textual_codes_are_left_out_of_agreement() -> None:
    xml = PETR_XML.replace('sourcecode="ARN"', 'sourcecode="&quot;INJURY TOLL&quot;"')
    recs = pt.parse_records(xml)
    text = recs[0].text
    evs = [[event("COOPERATE", [("Arnor", at(text, "Arnor"))], [], cameo="061")], [], [], [], []]
    r = pt.score(recs, evs, coder(), {"06": "COOPERATE"})["root"]
    assert r["found"] == 1 and r["source"]["scored"] == 0 and r["target"] == {"scored": 1, "agree": 0}
    assert r["found_with_textual_code"] == 1


# ------------------------------------------------------------------ the gate


def test_write_baseline_and_check_through_gate(tmp_path: Path) -> None:
    from types import SimpleNamespace

    base = tmp_path / "baseline.json"
    base.write_text(
        json.dumps({"other": {"sha256": "c", "model": "m", "floors": {"x": 1.0}}}), encoding="utf-8"
    )
    figs = {
        "dateline_tp": 0.8123,
        "dateline_precision_like": 0.85,
        "dateline_source_acc": 0.9,
        "dateline_target_acc": 0.7,
    }
    args = SimpleNamespace(baseline=base, write_baseline=True, check=True, allow_lower=False)
    assert ev.gate.apply(args, figs, "d" * 64, "m", gold_set=ev.GSR_SET, figures=ev.GSR_FIGURES) == 0
    saved = json.loads(base.read_text("utf-8"))
    assert saved["other"]["floors"] == {"x": 1.0}
    assert saved[ev.GSR_SET]["floors"]["dateline_tp"] == 0.812
    args = SimpleNamespace(baseline=base, write_baseline=False, check=True, allow_lower=False)
    assert (
        ev.gate.apply(
            args,
            {**figs, "dateline_precision_like": 0.8},
            "d" * 64,
            "m",
            gold_set=ev.GSR_SET,
            figures=ev.GSR_FIGURES,
        )
        == 1
    )


@pytest.mark.slow
@needs(GSR)
@needs(PETR)
def test_main_writes_results_and_a_baseline_that_passes_its_check(tmp_path: Path) -> None:
    """The CLI end to end on both sets, pinning into a scratch baseline (never the repo's)."""
    base, out = tmp_path / "baseline.json", tmp_path / "events.json"
    common = ["--baseline", str(base), "--out", str(out)]
    assert ev.main([*common, "--write-baseline"]) == 0
    pinned = json.loads(base.read_text("utf-8"))
    assert set(pinned[ev.GSR_SET]["floors"]) == set(ev.GSR_FIGURES)
    assert set(pinned[ev.PETR_SET]["floors"]) == set(pt.FIGURES)
    assert ev.main([*common, "--check"]) == 0
    res = json.loads(out.read_text("utf-8"))
    assert res["gsr"]["records"] == 164 and res["gsr"]["systems"]["dateline"]["gold"] == 164
    assert res["petrarch"]["skipped"] and res["petrarch"]["records_scored"] < res["petrarch"]["records"]


@pytest.mark.slow
@needs(GSR)
def test_gate_plover_gsr_dev(request: pytest.FixtureRequest) -> None:
    """The floors of eval/baseline.json hold on gsr_dev (dateline alone, a few seconds)."""
    e = ev.gate.load_baseline(ev.BASELINE).get(ev.GSR_SET)
    if not e:
        pytest.skip(f"eval/baseline.json pins no floors for {ev.GSR_SET} yet")
    nlp = request.getfixturevalue("nlp")
    if ev.model_id(nlp) != e["model"]:
        pytest.skip(f"floors are pinned for model {e['model']}; this environment loads {ev.model_id(nlp)}")
    res = ev.evaluate_gsr(GSR, nlp=nlp, lexicon=None)
    assert res["records"] == 164
    problems = ev.gate.check_floors(e, res["figures"], res["sha256"], res["model"], gold_set=ev.GSR_SET)
    assert problems == [], "\n".join(problems)
