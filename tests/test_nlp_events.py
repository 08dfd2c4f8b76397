"""The events stage: triggers, CAMEO/PLOVER coding, actors and targets, bounds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dateline.models import Article
from dateline.nlp import event_args, events
from dateline.nlp.pipeline import analyze, analyze_batch

from .conftest import SEED, SHARED, needs

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip
C2P = SHARED / "data" / "plover" / "CAMEO2PLOVER-2021.txt"


def _events(nlp, body: str) -> tuple[list[dict], dict[str, str]]:
    rec = analyze(Article(title=None, body=body, language="en"), nlp=nlp).to_json()
    names = {e["id"]: e["name"] for e in rec["entities"]}
    for ev in rec["events"]:  # every span points into the body
        assert body[ev["trigger"]["span"][0] : ev["trigger"]["span"][1]] == ev["trigger"]["text"]
        for arg in ev["actor_spans"] + ev["target_spans"]:
            assert body[arg["span"][0] : arg["span"][1]] == arg["text"]
    return rec["events"], names


def _one(nlp, body: str, ptype: str) -> dict:
    evs, _ = _events(nlp, body)
    found = [e for e in evs if e["plover"]["type"] == ptype]
    assert found, (
        f"no {ptype} event in {body!r}: {[(e['plover']['type'], e['trigger']['text']) for e in evs]}"
    )
    return found[0]


def _texts(args: list[dict]) -> list[str]:
    return [a["text"] for a in args]


# -- the code tables ----------------------------------------------------------------------


def test_events_cameo_table_has_every_code_with_its_published_goldstein() -> None:
    codes = events.cameo_codes()
    assert len(codes) > 300
    for code, info in codes.items():
        assert re.fullmatch(r"\d{2,4}", code), code
        assert info["name"] and isinstance(info["goldstein"], float)
        assert -10.0 <= info["goldstein"] <= 10.0
        if code[:2] not in ("01",):
            assert info["plover"]["type"] in PLOVER_TYPES, code
    # GDELT's CAMEO.goldsteinscale.txt
    assert [codes[c]["goldstein"] for c in ("036", "040", "041", "043", "112", "163", "190", "0874")] == [
        4.0, 1.0, 1.0, 2.8, -2.0, -8.0, -10.0, 10.0,
    ]  # fmt: skip
    assert codes["010"]["plover"] is None  # CAMEO 01 (statements) was dropped by PLOVER
    assert codes["041"]["plover"] == {"type": "CONSULT", "mode": "phone", "context": []}


@needs(C2P)
def test_events_cameo_table_agrees_with_cameo2plover() -> None:
    codes = events.cameo_codes()
    seen = 0
    for line in C2P.read_text("utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,", line.strip())
        if m:
            assert codes[m.group(1)]["plover"]["type"] == m.group(2), line
            seen += 1
    assert seen > 250


def test_events_every_trigger_code_resolves() -> None:
    lex = events.triggers()
    for table in ("verbs", "nouns"):
        for word, entry in lex[table].items():
            for code in [entry.get("cameo")] + [c.get("cameo") for c in entry.get("when", ())]:
                if code:
                    assert events.plover_type(code) in PLOVER_TYPES, (word, code)
    for kind, wrap in lex["wrap"].items():
        for code in [wrap["default"], *wrap["by_plover"].values(), *wrap["by_code"].values()]:
            assert events.plover_type(code) in PLOVER_TYPES, (kind, code)


def test_events_trigger_lexicon_for_the_keyword_baseline() -> None:
    lex = events.trigger_lexicon()
    assert lex["meet"] == "CONSULT" and lex["accuse"] == "ACCUSE" and lex["threaten"] == "THREATEN"
    assert lex["urge"] == "REQUEST" and lex["arrest"] == "COERCE" and lex["protest"] == "PROTEST"
    assert "call" not in lex  # a trigger only under a condition ("call for", "phone call")
    assert set(lex.values()) <= PLOVER_TYPES and len(set(lex.values())) >= 14


def test_events_sector_nouns() -> None:
    sectors = event_args.sector_nouns()
    assert sectors["police"] == "police" and sectors["rebels"] == "rebels"
    assert sectors["protesters"] == "protesters" and sectors["troops"] == "military"
    assert sectors["refugees"] == "refugees" and sectors["newspaper"] == "media"


# -- trigger classes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "ptype", "cameo", "actor", "target"),
    [
        ("Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Monday.",
         "CONSULT", "040", "Putin", "Xi Jinping"),
        ("French President Emmanuel Macron visited Germany on Tuesday.", "CONSULT", "042", "Macron", "Germany"),
        ("Saudi Arabia hosted the Iraqi prime minister in Riyadh.", "CONSULT", "043", "Saudi Arabia", "prime minister"),
        ("China and India held talks in New Delhi.", "CONSULT", "040", "China", "India"),
        ("Japan and South Korea signed a trade agreement on Friday.", "SUPPORT", "057", "Japan", "South Korea"),
        ("India and Pakistan agreed to resume talks.", "AGREE", "036", "India", "Pakistan"),
        ("The Pentagon praised Japan for its support.", "SUPPORT", "051", "Pentagon", "Japan"),
        ("Germany sent humanitarian aid to Syria.", "AID", "073", "Germany", "Syria"),
        ("The government released 200 political prisoners.", "RETREAT", "0841", "government", "prisoners"),
        ("Israel withdrew its troops from Lebanon.", "RETREAT", "087", "Israel", "Lebanon"),
        ("The United Nations urged Israel to allow aid into Gaza.", "REQUEST", None, "United Nations", "Israel"),
        ("Opposition leaders demanded that the president resign.", "REQUEST", "100", "Opposition leaders", "president"),
        ("Britain accused Russia of poisoning a former spy.", "ACCUSE", None, "Britain", "Russia"),
        ("The European Union criticized Turkey over its treatment of journalists.", "ACCUSE", "111",
         "European Union", "Turkey"),
        ("Prosecutors investigated the mayor of Chicago.", "ACCUSE", "090", "Prosecutors", "mayor"),
        ("Iran rejected the American proposal.", "REJECT", "120", "Iran", "American"),
        ("North Korea threatened to attack South Korea.", "THREATEN", "138", "North Korea", "South Korea"),
        ("Turkey threatened to cut ties with Israel.", "THREATEN", "1313", "Turkey", "Israel"),
        ("Thousands of protesters marched against the government in Madrid.", "PROTEST", "141",
         "protesters", "government"),
        ("Russia deployed troops to the border with Ukraine.", "MOBILIZE", "154", "Russia", "Ukraine"),
        ("Canada expelled two Russian diplomats.", "SANCTION", "166", "Canada", "Russian diplomats"),
        ("The United States imposed sanctions on Venezuela.", "COERCE", "163", "United States", "Venezuela"),
        ("Police arrested three opposition activists in Cairo.", "COERCE", "173", "Police", "activists"),
        ("Rebels attacked an army base in the north.", "ASSAULT", "180", "Rebels", "army base"),
        ("Troops killed 12 civilians in the village.", "ASSAULT", "1823", "Troops", "civilians"),
    ],
)  # fmt: skip
def test_events_trigger_classes(
    nlp, body: str, ptype: str, cameo: str | None, actor: str, target: str
) -> None:
    ev = _one(nlp, body, ptype)
    if cameo:
        assert ev["cameo"] == cameo
    info = events.cameo_codes()[ev["cameo"]]
    assert ev["plover"]["type"] == info["plover"]["type"] and ev["goldstein"] == info["goldstein"]
    assert any(actor in t for t in _texts(ev["actor_spans"])), ev["actor_spans"]
    assert any(target in t for t in _texts(ev["target_spans"])), ev["target_spans"]


@pytest.mark.parametrize(
    ("body", "cameo"),
    [
        ("Mr Trump spoke by telephone with Vladimir Putin on Sunday.", "041"),  # talk + phone
        ("Egypt called for a ceasefire in Gaza.", "020"),  # "call for": an appeal
        ("Workers went on strike over pay at the Ford plant.", "143"),  # "go on strike"
        ("The rebels said they would release the hostages.", "0353"),  # a promise to release: intent
        ("Israel has agreed to withdraw its troops from the Gaza Strip.", "0356"),  # agree + withdraw
        ("Iran refused to meet the American envoy.", "125"),  # refuse + meet
        ("The Macedonian army prepared to resume shelling rebel positions.", "150"),  # a force posture
        ("Venezuela sent tanks and troops to its border with Colombia.", "154"),  # not military aid
        ("The ILO reiterated its demand today that Israel ease restrictions on workers.", "105"),
        ("Israel threatened to impose a curfew in Hebron.", "1323"),
    ],
)
def test_events_patterns_pick_the_code(nlp, body: str, cameo: str) -> None:
    evs, _ = _events(nlp, body)
    assert cameo in [e["cameo"] for e in evs], [(e["cameo"], e["trigger"]["text"]) for e in evs]


# -- who, to whom ---------------------------------------------------------------------------


def test_events_passive_by_agent(nlp) -> None:
    ev = _one(nlp, "The village was attacked by rebels on Sunday.", "ASSAULT")
    assert _texts(ev["actor_spans"]) == ["rebels"] and ev["actor_spans"][0]["sector"] == "rebels"
    assert _texts(ev["target_spans"]) == ["village"]


def test_events_between_x_and_y(nlp) -> None:
    evs, names = _events(nlp, "Talks between Israel and Hamas resumed in Cairo on Monday.")
    (ev,) = [e for e in evs if e["plover"]["type"] == "CONSULT"]
    assert {names[i] for i in ev["actors"] + ev["targets"]} == {"Israel", "Hamas"}


def test_events_possessive_nominal(nlp) -> None:
    evs, names = _events(nlp, "Russia's annexation of Crimea in 2014 angered Ukraine.")
    ev = next(e for e in evs if e["trigger"]["text"] == "annexation")
    assert ev["plover"]["type"] == "COERCE" and [names[i] for i in ev["actors"]] == ["Russia"]
    assert "Crimea" in _texts(ev["target_spans"])


def test_events_generic_actor_has_a_sector(nlp) -> None:
    ev = _one(nlp, "Police fired tear gas at protesters in Paris.", "ASSAULT")
    assert ev["actors"] == [] and ev["actor_spans"][0]["text"] == "Police"
    assert ev["actor_spans"][0]["sector"] == "police"
    assert ev["target_spans"][0]["sector"] == "protesters"


def test_events_capital_stands_for_its_state(nlp) -> None:
    body = "Russia and the United States are at odds. Moscow accused Washington of meddling in its elections."
    evs, names = _events(nlp, body)
    ev = next(e for e in evs if e["plover"]["type"] == "ACCUSE")
    assert [names[i] for i in ev["actors"]] == ["Russia"]
    assert [names[i] for i in ev["targets"]] == ["United States"]


def test_events_pronoun_subject_of_reported_speech(nlp) -> None:
    ev = _one(nlp, "The Fijian rebels said they will release Prime Minister Mahendra Chaudhry.", "AGREE")
    assert _texts(ev["actor_spans"]) == ["Fijian rebels"]


def test_events_a_name_the_ner_missed_is_still_an_actor(nlp) -> None:
    # a misspelt state the model does not tag: still the one who accuses, with no entity id
    ev = _one(nlp, "Ethopia accused Eritrea of shelling border towns.", "ACCUSE")
    assert [(a["text"], a["entity"]) for a in ev["actor_spans"]] == [("Ethopia", None)]
    assert _texts(ev["target_spans"]) == ["Eritrea"]
    # but a month or a weekday never is
    evs, _ = _events(nlp, "Monday saw the ministers meet.")
    assert "Monday" not in [a["text"] for e in evs for a in e["actor_spans"]]


def test_events_no_actor_no_event(nlp) -> None:
    for body in ("Talks were held on Monday.", "A summit is planned.", "The attack was condemned."):
        evs, _ = _events(nlp, body)
        assert evs == [], (body, evs)


def test_events_said_is_not_an_event(nlp) -> None:
    body = 'The minister said on Monday that the economy was growing. "We are confident," she told reporters.'
    assert _events(nlp, body)[0] == []


@pytest.mark.parametrize(
    "body",
    [
        "Milan Baros shot wildly at the other end.",  # no arms
        "The firm is offering voluntary redundancy to 30 reporters.",  # no cooperation offered
        "It demonstrates his commitment to the club.",  # showing, not protesting
        "Nintendo said it will release the console in Europe in March.",  # a product, not a prisoner
        "The club refused to comment on the transfer.",  # a refusal of nothing
    ],
)
def test_events_ordinary_news_is_not_an_event(nlp, body: str) -> None:
    assert _events(nlp, body)[0] == []


def test_events_fixtures_in_a_sports_report_are_not_meetings(nlp) -> None:
    body = (
        "Chelsea will meet Arsenal in the FA Cup semi-final on Saturday. The Premiership leaders "
        "have won every league match this season, and their striker scored twice in the last game."
    )
    assert [e["plover"]["type"] for e in _events(nlp, body)[0]] == []
    body = "Russian President Vladimir Putin will meet Chinese President Xi Jinping in Beijing on Monday."
    assert [e["plover"]["type"] for e in _events(nlp, body)[0]] == ["CONSULT"]


def test_events_an_attack_in_words_is_criticism(nlp) -> None:
    evs, _ = _events(nlp, "Britney Spears attacked the tabloid magazines, questioning their honesty.")
    assert [(e["plover"]["type"], e["cameo"]) for e in evs] == [("ACCUSE", "111")]
    evs, _ = _events(nlp, "Rebels attacked the town of Goma on Sunday.")
    assert [e["plover"]["type"] for e in evs] == ["ASSAULT"]


def test_events_conditional_clause_is_not_an_event(nlp) -> None:
    evs, _ = _events(nlp, "Iran threatened to launch an offensive unless Iraq accepted its conditions.")
    assert [e["plover"]["type"] for e in evs] == ["THREATEN"]


def test_events_ids_in_body_order(nlp) -> None:
    body = (
        "Japan and South Korea signed a trade agreement on Friday. "
        "Rebels attacked an army base in the north. Police arrested three opposition activists."
    )
    evs, _ = _events(nlp, body)
    assert [e["id"] for e in evs] == [f"v{k}" for k in range(1, len(evs) + 1)] and len(evs) == 3
    assert [e["trigger"]["span"][0] for e in evs] == sorted(e["trigger"]["span"][0] for e in evs)
    for e in evs:
        assert body[e["span"][0] : e["span"][1]].strip().endswith(".")


# -- the seed -------------------------------------------------------------------------------


@needs(SEED)
def test_events_seed_done_when(nlp) -> None:
    from dateline.read import read_path

    (article,) = list(read_path(SEED))
    (rec,) = analyze_batch([article], nlp=nlp)
    out = rec.to_json()
    names = {e["id"]: e["name"] for e in out["entities"]}
    evs = out["events"]
    assert evs and all(
        re.fullmatch(r"\d{2,4}", e["cameo"]) and e["plover"]["type"] in PLOVER_TYPES for e in evs
    )

    def find(trigger: str) -> list[dict]:
        return [e for e in evs if e["trigger"]["text"] == trigger]

    meet = [e for e in find("meet") if "Vladimir Putin" in [names.get(i) for i in e["targets"]]]
    assert meet and meet[0]["plover"]["type"] == "CONSULT" and names[meet[0]["actors"][0]] == "Mike Pompeo"
    call = find("chatted")[0]
    assert call["cameo"] == "041" and call["plover"]["mode"] == "phone"
    assert {names[i] for i in call["actors"] + call["targets"]} == {"Donald Trump", "Vladimir Putin"}
    summit = find("summit")[0]
    assert summit["plover"]["type"] == "CONSULT" and summit["actors"]
    takeover = find("takeover")[0]
    assert [names[i] for i in takeover["actors"]] == ["Russia"] and "Crimea" in takeover["target_spans"][0][
        "text"
    ]
    interference = find("interfered")[0]
    assert [names[i] for i in interference["actors"]] == ["Russia"]


# -- bounds ---------------------------------------------------------------------------------


def test_events_work_is_linear_in_the_document(nlp, monkeypatch) -> None:
    """Work counted, not wall time: phrase building and trigger tests grow with the text."""
    calls = {"phrase": 0, "candidate": 0}
    phrase, candidate = event_args.Arguments.phrase, events.candidate

    def counted_phrase(self, *a, **k):
        calls["phrase"] += 1
        return phrase(self, *a, **k)

    def counted_candidate(*a, **k):
        calls["candidate"] += 1
        return candidate(*a, **k)

    monkeypatch.setattr(event_args.Arguments, "phrase", counted_phrase)
    monkeypatch.setattr(events, "candidate", counted_candidate)
    para = (
        "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Monday. "
        "He said they would sign a trade deal. Police arrested three activists, and protesters "
        "marched against the government while rebels attacked an army base.\n\n"
    )
    work, found = [], []
    for n in (100, 200):
        (rec,) = analyze_batch([Article(title=None, body=para * n)], nlp=nlp)
        found.append(len(rec.analysis.events))
        work.append(dict(calls))
        calls.update(phrase=0, candidate=0)
    assert found[1] == 2 * found[0] > 0
    for key in calls:
        assert work[1][key] <= 2.2 * work[0][key], (key, work)


def test_events_run_on_sentence_is_bounded(nlp) -> None:
    body = " and ".join(["the rebels attacked the town"] * 400) + "."
    (rec,) = analyze_batch([Article(title=None, body=body)], nlp=nlp)
    assert rec.analysis.analysed
    assert len(rec.analysis.events) <= 400


def test_events_data_files_are_json() -> None:
    root = Path(events.__file__).parent / "data"
    for name in ("cameo.json", "event_triggers.json", "sectors.json"):
        assert json.loads((root / name).read_text("utf-8"))


def test_events_approving_money_is_aid_only_with_a_recipient(nlp) -> None:
    evs, names = _events(nlp, "The IMF approved a $3 billion loan to Pakistan.")
    assert [(e["cameo"], [names[i] for i in e["targets"]]) for e in evs] == [("071", ["Pakistan"])]
    # a local vote on a bond measure gives nobody anything
    evs, _ = _events(
        nlp, "Cedar County voters on Tuesday approved a $38 million bond measure to rebuild two schools."
    )
    assert [e["plover"]["type"] for e in evs] == []
