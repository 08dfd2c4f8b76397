"""The quote stage: quotation marks, kinds, cues and speakers."""

from __future__ import annotations

import pytest

from dateline.models import Article
from dateline.nlp import lexicon
from dateline.nlp.pipeline import analyze
from dateline.nlp.quotes import find_quotations


@pytest.mark.parametrize(
    ("text", "contents"),
    [
        ('He said "we will win" today.', ["we will win"]),
        ("He said “we will win” and “we will stay.”", ["we will win", "we will stay"]),
        ('"It is over," she said. "Now we rebuild."', ["It is over", "Now we rebuild"]),
        ("“The first part.\n\n“The second part,” he said.", ["The first part.\n\n“The second part"]),
        ("“Never closed here.\n\nA new paragraph.", ["Never closed here"]),
        ("She said “they called it ‘a disaster’ at once.”", ["they called it ‘a disaster’ at once"]),
        ("No quotes at all.", []),
        ('Empty "" marks.', []),
    ],
)
def test_quotes_find_quotations(text: str, contents: list[str]) -> None:
    assert [text[s:e] for s, e in find_quotations(text)] == contents


def _quotes(nlp, body: str) -> list[dict]:
    rec = analyze(Article(title="t", body=body, language="en"), nlp=nlp).to_json()
    names = {e["id"]: e["name"] for e in rec["entities"]}
    for q in rec["quotes"]:
        assert body[q["span"][0] : q["span"][1]] == q["text"]
    return [dict(q, speaker_name=names.get(q["speaker"])) for q in rec["quotes"]]


def test_quotes_inverted_cue_and_pronoun(nlp) -> None:
    body = (
        'Finance Minister Laura Benning defended the budget on Monday. "These cuts are painful '
        'but necessary," said Benning.\n\n"We have no other choice," she told reporters in Vienna.'
    )
    qs = [q for q in _quotes(nlp, body) if q["kind"] == "direct"]
    assert [q["speaker_name"] for q in qs] == ["Laura Benning", "Laura Benning"]
    assert qs[1]["cue"]["text"] == "told"


def test_quotes_scare_quotes_are_not_speech(nlp) -> None:
    body = 'The so-called "peace dividend" never arrived, and the film "Jaws" was shown again.'
    assert _quotes(nlp, body) == []


def test_quotes_partial_needs_a_governing_cue(nlp) -> None:
    body = 'Mayor Tom Reyes described the plan as "reckless and expensive" on Tuesday.'
    (q,) = _quotes(nlp, body)
    assert q["kind"] == "partial" and q["speaker_name"] == "Tom Reyes" and q["cue"]["text"] == "described"


def test_quotes_reported_speech_and_according_to(nlp) -> None:
    body = (
        "Carla Mendes said that the factory would close in March. According to the union, "
        "more than 400 jobs will be lost."
    )
    qs = _quotes(nlp, body)
    said = next(q for q in qs if q["cue"]["text"] == "said")
    assert said["kind"] == "indirect" and said["text"] == "the factory would close in March"
    assert said["speaker_name"] == "Carla Mendes"
    acc = next(q for q in qs if q["cue"]["text"] == "According to")
    assert acc["text"].startswith("more than 400 jobs") and acc["speaker_text"] == "the union"


def test_quotes_anonymous_source_referred_back(nlp) -> None:
    body = (
        "A senior European diplomat said the talks had stalled. Later, the diplomat said that "
        'the sides remained "far apart" on sanctions.'
    )
    qs = _quotes(nlp, body)
    assert qs and all(q["speaker"] is None for q in qs)
    assert {q["speaker_text"] for q in qs} == {"A senior European diplomat"}


def test_quotes_capital_speaker_resolves_to_state(nlp) -> None:
    body = "Russia rejected the proposal. Moscow said that the sanctions were illegal and must end."
    (q,) = _quotes(nlp, body)
    assert q["speaker_name"] == "Russia"


def test_quotes_cueless_paragraph_continues_previous_speaker(nlp) -> None:
    body = (
        '"We will appeal," said lawyer Omar Haddad on Friday.\n\n'
        '"The ruling ignores the evidence and we are confident a higher court will see that."'
    )
    qs = [q for q in _quotes(nlp, body) if q["kind"] == "direct"]
    assert [q["speaker_name"] for q in qs] == ["Omar Haddad", "Omar Haddad"]
    assert qs[1]["cue"] is None


def test_quotes_speech_data_parses() -> None:
    s = lexicon.speech()
    assert {"say", "tell", "warn", "deny", "insist", "claim", "add"} <= s.verbs
    assert "official" in s.anonymous and s.pronouns["he"] == ("PERSON",)
