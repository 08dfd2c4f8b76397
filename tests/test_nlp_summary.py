"""The summary stage: up to three body sentences, earned by position, salience and centrality,
with redundancy and furniture left out."""

from __future__ import annotations

import pytest

from dateline.models import Article, Cue, Event
from dateline.nlp import summary as sm
from dateline.nlp.pipeline import analyze

LEAD = (
    "Mayor Ana Ruiz ordered the Harbor Bridge closed on Monday after engineers found cracks in its main span."
)
FILLER = [
    "The weather was mild across the region that week, forecasters noted.",
    "Many people spent the long afternoon in parks and cafes nearby.",
    "Traffic elsewhere in town was described as light by several drivers.",
]
SALIENT = (
    "Ruiz said the Harbor Bridge would stay closed until the cracks in the Harbor Bridge span are "
    "repaired, and engineers told Ruiz the repairs to the bridge could take months."
)


def _rec(nlp, body: str) -> dict:
    return analyze(Article(title=None, body=body, language="en"), nlp=nlp).to_json()


def _check_spans(body: str, rec: dict) -> list[str]:
    spans = rec["summary_spans"]
    assert len(spans) <= 3
    assert spans == sorted(spans)
    texts = [body[s:e] for s, e in spans]
    assert all(t == t.strip() and t for t in texts)
    assert rec["summary"] == (" ".join(texts) or None)
    return texts


def test_summary_spans_are_body_sentences_in_order(nlp) -> None:
    body = " ".join([LEAD, *FILLER, SALIENT, "Officials expect the cost to run into millions of dollars."])
    rec = _rec(nlp, body)
    texts = _check_spans(body, rec)
    assert len(texts) == 3 and texts[0] == LEAD


def test_a_later_salient_sentence_beats_the_lead_three(nlp) -> None:
    body = " ".join([LEAD, *FILLER, SALIENT])
    texts = _check_spans(body, _rec(nlp, body))
    assert SALIENT in texts and LEAD in texts
    first_three = [LEAD, *FILLER[:2]]
    assert texts != first_three


def test_events_raise_a_sentence(nlp) -> None:
    plain = [LEAD, *FILLER[:2], "A later note of the day was posted online by a local club."]
    doc = nlp(" ".join(plain))
    doc._.dateline_events = ()
    before = [doc.text[s:e] for s, e in sm.summarize(doc)]
    assert plain[3] not in before
    sent = list(doc.sents)[3]
    ev = Event(id="v1", type="protest", trigger=Cue(sent[1].text, (sent[1].idx, sent[1].idx + 4)),
               span=(sent.start_char, sent.end_char))  # fmt: skip
    doc._.dateline_events = (ev, ev)
    after = [doc.text[s:e] for s, e in sm.summarize(doc)]
    assert plain[3] in after


def test_redundant_sentence_is_dropped(nlp) -> None:
    caption = "Mayor Ana Ruiz ordered the Harbor Bridge closed on Monday after engineers found cracks."
    body = " ".join([LEAD, caption, FILLER[0], FILLER[1]])
    texts = _check_spans(body, _rec(nlp, body))
    assert LEAD in texts and caption not in texts and len(texts) == 3


def test_quotes_furniture_and_datelines_are_not_summary_sentences(nlp) -> None:
    quote = "\u201cWe will never give up on this town and we will rebuild it stone by stone,\u201d"
    body = (
        f"HARBOR CITY (AP) \u2014\n\n{LEAD} {quote} Ruiz said. Scroll down for video of the bridge and "
        f"the cracks engineers found. {FILLER[0]} {FILLER[1]}"
    )
    texts = _check_spans(body, _rec(nlp, body))
    assert all("Scroll down" not in t and "never give up" not in t for t in texts)
    assert all(not t.startswith("HARBOR CITY (AP)") or len(t.split()) > 6 for t in texts)


def test_paragraph_break_ends_a_sentence(nlp) -> None:
    body = f"Updated 2019-05-13 06:22 GMT Sina English\n\n{LEAD} {FILLER[0]}"
    texts = _check_spans(body, _rec(nlp, body))
    assert texts[0] == LEAD


def test_empty_short_and_one_sentence_docs(nlp) -> None:
    assert sm.summarize(nlp("")) == ()
    assert _rec(nlp, "Yes. No.")["summary"] is None
    rec = _rec(nlp, LEAD)
    assert rec["summary"] == LEAD and rec["summary_spans"] == [[0, len(LEAD)]]


def test_mmr_keeps_at_most_three_and_drops_near_copies() -> None:
    from collections import Counter

    def s(i: int, words: str, score: float) -> sm._Sent:
        return sm._Sent(i, 10 * i, 10 * i + 9, 8, Counter(words.split()), score=score)

    cands = [s(0, "a b c d", 1.0), s(1, "a b c d", 0.9), s(2, "e f g", 0.5), s(3, "h i", 0.4), s(4, "j", 0.3)]
    picked = sm.select(cands)
    assert [c.index for c in picked] == [0, 2, 3]


@pytest.mark.slow
def test_summary_work_is_linear(nlp, monkeypatch: pytest.MonkeyPatch) -> None:
    """Twice the sentences, about twice the similarity computations (never n²)."""
    calls = {"n": 0}
    real = sm._cosine

    def counting(*a, **k):
        calls["n"] += 1
        return real(*a, **k)

    monkeypatch.setattr(sm, "_cosine", counting)
    para = " ".join([LEAD, *FILLER, SALIENT])
    counts = []
    for reps in (40, 80):
        doc = nlp(" ".join([para] * reps))
        calls["n"] = 0
        spans = sm.summarize(doc)
        assert len(spans) == 3
        counts.append(calls["n"])
    assert counts[1] <= 2.2 * counts[0]
