"""The entity stage: one entity per referent, roles, metonymic capitals, no junk."""

from __future__ import annotations

import pytest

from dateline.models import Article
from dateline.nlp import lexicon
from dateline.nlp.pipeline import analyze
from dateline.nlp.roles import appositive_role, prenominal_role


def _entities(nlp, body: str) -> dict[str, dict]:
    rec = analyze(Article(title="t", body=body, language="en"), nlp=nlp).to_json()
    for e in rec["entities"]:
        for s, t in e["mentions"]:
            assert " ".join(body[s:t].split()) in [e["name"], *e["aliases"]], (e, body[s:t])
    return {e["name"]: e for e in rec["entities"]}


@pytest.mark.parametrize(
    ("text", "start_word", "role"),
    [
        ("US Secretary of State Mike Pompeo", "Mike", "Secretary of State"),
        ("his boss, President Donald Trump", "Donald", "President"),
        ("Russian Foreign Minister Sergey Lavrov", "Sergey", "Foreign Minister"),
        ("leftist leader Nicolas Maduro", "Nicolas", "leader"),
        ("said Gen. Mark Milley", "Mark", "Gen."),
        ("an official Jane Doe", "Jane", None),  # "official" is a role only in appositives
        ("the report by Jane Doe", "Jane", None),
    ],
)
def test_roles_prenominal(text: str, start_word: str, role: str | None) -> None:
    assert prenominal_role(text, text.index(start_word)) == role


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "Jonathan Katz, a former US official focused on Europe, said",
            "Jonathan Katz",
            "former US official",
        ),
        ("said Katz, now a senior fellow at the German Marshall Fund.", "Katz", "senior fellow"),
        ("Sergey Lavrov, the foreign minister of Russia, said", "Sergey Lavrov", "foreign minister"),
        ("Jane Doe, who lives in Leeds, said", "Jane Doe", None),
        ("Jane Doe, a resident of the area for forty years and more, said", "Jane Doe", "resident"),
    ],
)
def test_roles_appositive(text: str, name: str, role: str | None) -> None:
    assert appositive_role(text, text.index(name) + len(name)) == role


def test_lexicon_data_files_parse() -> None:
    t = lexicon.titles()
    assert "president" in t.prenominal and "official" not in t.prenominal
    assert t.pattern.search("the Secretary of State said").group(0) == "Secretary of State"
    p = lexicon.people()
    assert p.by_short["putin"] == "Vladimir Putin"
    assert p.by_short["trump"] == "Donald Trump"  # explicit alias beats Ivanka Trump
    assert "bush" not in p.by_short and "clinton" not in p.by_short  # shared surnames
    assert "may" not in p.by_short  # never linked by a common word
    s = lexicon.seats()
    assert s.capitals["Moscow"] == "RU" and s.seats["Kremlin"] == "RU"
    assert "campaign" in lexicon.org_nouns()


def test_entities_surname_joins_full_name_and_type_is_voted(nlp) -> None:
    body = (
        "Prime Minister Helena Marsh visited Lisbon on Monday. Marsh said the talks went well.\n\n"
        "Critics of Marsh's plan were not convinced, and the Marsh government faces a vote."
    )
    ents = _entities(nlp, body)
    marsh = ents["Helena Marsh"]
    assert marsh["type"] == "PERSON" and "Prime Minister" in marsh["roles"]
    assert len(marsh["mentions"]) >= 3 and "Marsh" in marsh["aliases"]
    assert "Marsh" not in ents  # no bare-surname entity
    assert ents["Marsh government"]["type"] == "ORG"


def test_entities_country_variants_are_one_entity(nlp) -> None:
    body = (
        "The U.S. imposed new tariffs on Tuesday. Officials in the United States said the US "
        "would not back down, and the United States of America has allies in the EU."
    )
    ents = _entities(nlp, body)
    us = ents["United States"]
    assert us["type"] == "GPE" and len(us["mentions"]) >= 3
    assert {"U.S.", "US"} <= set(us["aliases"])


def test_entities_capital_as_actor_refers_to_state(nlp) -> None:
    body = "Russia rejected the plan. Moscow demanded that the sanctions end, officials said."
    ents = _entities(nlp, body)
    assert ents["Moscow"]["refers_to"]["country"] == "RU"
    assert ents["Moscow"]["refers_to"]["entity"] == ents["Russia"]["id"]
    placed = _entities(nlp, "The conference opened in Moscow on Monday with delegates from twelve countries.")
    assert placed["Moscow"]["refers_to"] is None


def test_entities_known_public_figure_named_from_surname(nlp) -> None:
    ents = _entities(nlp, "Putin met the delegation on Friday, and Putin later spoke to reporters.")
    assert "Vladimir Putin" in ents and "Putin" not in ents
    assert ents["Vladimir Putin"]["aliases"] == ["Putin"]


def test_entities_no_titles_furniture_or_timestamps(nlp) -> None:
    body = "US Secretary of State Anna Reyes arrived on Monday.\n\nAdd Comment share GMT2019-05-13 Reyes."
    ents = _entities(nlp, body)
    assert "State" not in ents and "Secretary of State" not in ents
    assert not any("GMT" in n or "Add Comment" in n for n in ents)
