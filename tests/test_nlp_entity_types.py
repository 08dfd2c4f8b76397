"""Type evidence (nlp/entity_types.py): every cue applies where the kind of text says so
and not where it does not; the votes reach the record and decide the per-article type."""

from __future__ import annotations

import pytest

from dateline.models import Article, Entity
from dateline.nlp import entity_types
from dateline.nlp.pipeline import analyze


def _entities(nlp, body: str) -> dict[str, dict]:
    rec = analyze(Article(title="t", body=body, language="en"), nlp=nlp).to_json()
    return {e["name"]: e for e in rec["entities"]}


def _find(ents: dict[str, dict], word: str) -> dict:
    """The entity whose name is ``word`` or contains it as a word."""
    if word in ents:
        return ents[word]
    hits = [e for n, e in ents.items() if word in n.split()]
    assert len(hits) == 1, (word, list(ents))
    return hits[0]


# ---- the record contract -------------------------------------------------------------------
def test_entity_json_keeps_old_keys_and_adds_votes_and_gender() -> None:
    e = Entity(id="e1", name="Yukos", type="ORG", mentions=((0, 5),))
    j = e.to_json()
    assert list(j)[:8] == ["id", "name", "type", "aliases", "roles", "mentions", "geo", "refers_to"]
    assert j["type_votes"] == {} and j["gender"] is None
    assert entity_types.as_tuple({"PERSON": 3.0, "ORG": 1.0, "GPE": 0.0, "LOC": 1.0}) == (
        ("PERSON", 3.0),
        ("LOC", 1.0),
        ("ORG", 1.0),
    )
    assert entity_types.as_tuple({"ORG": 1 / 3}) == (("ORG", 0.33),)


def test_votes_are_in_the_record_and_sorted(nlp) -> None:
    body = "Shares in Russian oil firm Yukos fell on Monday. Yukos shares have lost half their value."
    e = _find(_entities(nlp, body), "Yukos")
    votes = e["type_votes"]
    assert e["type"] == "ORG" and votes["ORG"] > votes.get("PERSON", 0)
    assert list(votes.values()) == sorted(votes.values(), reverse=True)


# ---- honorifics (BBC/Reuters style "Mr Blair"), and the place namesake ---------------------
def test_honorific_makes_a_person_even_of_a_place_name(nlp) -> None:
    e = _find(_entities(nlp, "Mr Washington said he was pleased with the result."), "Washington")
    assert e["type"] == "PERSON" and e["gender"] == "male"
    assert e["type_votes"]["PERSON"] >= entity_types.HONORIFIC_WEIGHT


def test_without_honorific_washington_is_the_place(nlp) -> None:
    body = "Washington said on Monday it would impose new sanctions, officials in Washington said."
    e = _find(_entities(nlp, body), "Washington")
    assert e["type"] != "PERSON"


def test_honorific_gender_and_given_name_gender(nlp) -> None:
    ents = _entities(nlp, "Mrs Thatcher met Ms Jones in London. Later Tony Blair arrived.")
    assert _find(ents, "Thatcher")["gender"] == "female"
    assert _find(ents, "Blair")["gender"] == "male"
    assert _find(ents, "London")["gender"] is None  # not a person: no gender


@pytest.mark.parametrize(
    ("first", "gender"),
    [("Tony", "male"), ("Hilary", "female"), ("Manchester", None), ("Kill", None)],
)
def test_name_gender(first: str, gender: str | None) -> None:
    assert entity_types.name_gender(first) in ((gender,) if gender else (None,))


# ---- class nouns: before the name and in the appositive (entertainment, business pages) ------
_FRANZ = (
    "Glasgow band Franz Ferdinand won two awards on Tuesday. Franz Ferdinand, the Glasgow band, "
    "played in London. Franz Ferdinand said they were thrilled."
)
_LIB_DEMS = (
    "Lib Dem leader Charles Kennedy said Labour had failed the Welsh. The Lib Dems want a vote, "
    "and Labour disagrees."
)


@pytest.mark.parametrize(
    ("body", "word", "typ"),
    [
        (_FRANZ, "Ferdinand", "ORG"),  # "the band", ", the Glasgow band"
        (_FRANZ, "Glasgow", "GPE"),  # the place modifying "band" stays the place
        (_LIB_DEMS, "Kennedy", "PERSON"),
        (_LIB_DEMS, "Labour", "ORG"),
    ],
)
def test_type_in_context(nlp, body: str, word: str, typ: str) -> None:
    assert _find(_entities(nlp, body), word)["type"] == typ


def test_a_person_named_franz_stays_a_person(nlp) -> None:
    body = "Franz Mueller, a retired engineer, said the bridge was unsafe. Franz Mueller said it twice."
    e = _find(_entities(nlp, body), "Mueller")
    assert e["type"] == "PERSON" and e["gender"] == "male"


def test_class_noun_before_name_film_and_firm(nlp) -> None:
    ents = _entities(nlp, "The film Ray won the prize. Oil giant Yukos said it would appeal.")
    assert _find(ents, "Ray")["type"] == "WORK_OF_ART"
    assert _find(ents, "Yukos")["type"] == "ORG"


def test_role_noun_before_name_is_a_person(nlp) -> None:
    body = "Barcelona striker Ronaldinho scored twice. Ronaldinho said the team played well."
    assert _find(_entities(nlp, body), "Ronaldinho")["type"] == "PERSON"


# ---- modifiers: "Yukos shares", "Oscar nominations" — unless the name is a person ----------
def test_noun_modifier_is_not_a_person(nlp) -> None:
    body = (
        "The film picked up five Oscar nominations. The Oscar-winning actress Hilary Swank "
        "said Oscar voters would decide."
    )
    ents = _entities(nlp, body)
    assert _find(ents, "Oscar")["type"] != "PERSON"
    assert _find(ents, "Swank")["type"] == "PERSON"


def test_modifier_does_not_override_person_evidence(nlp) -> None:
    body = "Mr Blair said he would stay. Blair supporters cheered, and Blair fans waved flags."
    assert _find(_entities(nlp, body), "Blair")["type"] == "PERSON"


# ---- gazetteers: teams, parties, demonyms, cities (sports and politics pages) -------------
@pytest.mark.parametrize(
    ("name", "typ"),
    [
        ("Manchester United", "ORG"),
        ("Bolton Wanderers", "ORG"),
        ("West Bromwich Albion", "ORG"),
        ("Real Madrid", "ORG"),
        ("Derby County", "ORG"),
        ("Lib Dems", "ORG"),
        ("Labour", "ORG"),
        ("Welsh", "NORP"),
        ("Glasgow", "GPE"),
        ("Premiership", "EVENT"),
    ],
)
def test_gazetteer_knows(name: str, typ: str) -> None:
    gaz = entity_types.gazetteer(name)
    assert gaz is not None and gaz[0] == typ


@pytest.mark.parametrize(
    "name",
    [
        "Kansas City",  # a place, not a team: "City" clubs are a British Isles naming
        "Mexico City",
        "Orange County",
        "Denzel Washington",  # a given name first: a person, not the place
        "Harry Smith",
        "Yukos",  # no list of firms: cues decide
        "Franz Ferdinand",
        "welsh",  # a verb in lowercase is no nationality
    ],
)
def test_gazetteer_does_not_know(name: str) -> None:
    gaz = entity_types.gazetteer(name)
    assert gaz is None or gaz[0] == "GPE" and name in ("Kansas City", "Mexico City")


def test_team_name_is_an_org_and_its_place_is_not_absorbed(nlp) -> None:
    body = (
        "Manchester United beat Fulham 2-0 at Old Trafford. Manchester United manager Alex Ferguson "
        "was delighted. Manchester is a city that lives for football."
    )
    ents = _entities(nlp, body)
    assert ents["Manchester United"]["type"] == "ORG"
    assert "Manchester" not in ents["Manchester United"]["aliases"]
    assert ents["Alex Ferguson"]["type"] == "PERSON" and ents["Alex Ferguson"]["gender"] == "male"


def test_party_and_demonym_names_typed_as_people_are_not(nlp) -> None:
    ents = _entities(nlp, _LIB_DEMS)
    for name, typ in (("Welsh", "NORP"), ("Lib Dems", "ORG"), ("Lib Dem", "ORG")):
        assert ents.get(name, {"type": typ})["type"] == typ, name


def test_given_name_surname_of_a_city_stays_a_person(nlp) -> None:
    # AP style: a full name, then the surname alone; "Houston" is also a big city.
    body = "Whitney Houston sang at the gala. Houston, 41, said she was happy to be back."
    e = _find(_entities(nlp, body), "Whitney")
    assert e["type"] == "PERSON" and "Houston" in e["aliases"]


def test_a_city_typed_as_a_person_is_the_city(nlp) -> None:
    body = "Glasgow said it would bid for the Games. Officials in Glasgow welcomed the decision."
    assert _find(_entities(nlp, body), "Glasgow")["type"] == "GPE"


def test_full_name_of_a_country_namesake_is_a_person(nlp) -> None:
    body = "Michael Jordan scored 30 points for the Bulls. Michael Jordan said the team was tired."
    e = _find(_entities(nlp, body), "Michael")
    assert e["type"] == "PERSON" and e["gender"] == "male"


def test_award_category_before_a_name_is_the_award_not_a_person(nlp) -> None:
    body = "Eastwood took his second Oscar for best director. Swank won the best actress Oscar again."
    assert _find(_entities(nlp, body), "Oscar")["type"] == "EVENT"
    body = "The award went to actress Hilary Swank. Hilary Swank thanked her husband."
    assert _find(_entities(nlp, body), "Swank")["type"] == "PERSON"
