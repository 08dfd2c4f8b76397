"""The topic stage: theme labels with their evidence (terms, event votes) and keyphrases."""

from __future__ import annotations

import importlib.util
import json
import sys
from importlib import resources
from pathlib import Path

import pytest

from dateline.models import Article, Cue, Event, Plover
from dateline.nlp import topics as tp
from dateline.nlp.pipeline import analyze

from .conftest import BBC, ROOT, needs

PLOVER_TYPES = frozenset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST "
    "SANCTION MOBILIZE COERCE ASSAULT".split()
)

SPORT = (
    "Arsenal striker Thierry Henry scored twice as his team beat Chelsea 3-1 in the Premier League "
    "on Saturday. The Frenchman's first goal came from a penalty after the referee spotted a foul on "
    "the midfielder. Chelsea's coach said his squad would recover before the Champions League "
    "fixture next week, while the goalkeeper was ruled out with an injury."
)
INTERFERENCE = (
    "US intelligence agencies concluded that Russia ran an influence campaign to interfere in the "
    "2016 presidential election. Officials said the election interference included hacking and "
    "disinformation spread by a troll farm, and voters were targeted on social media."
)


def _rec(nlp, body: str) -> dict:
    return analyze(Article(title=None, body=body, language="en"), nlp=nlp).to_json()


def test_taxonomy_data_is_well_formed() -> None:
    raw = json.loads(resources.files("dateline.nlp").joinpath("data", "topics.json").read_text("utf-8"))
    labels = raw["labels"]
    for need in (
        "elections", "election interference", "arms control", "sanctions", "armed conflict",
        "terrorism", "diplomacy", "trade", "economy", "business", "energy", "environment", "sport",
        "technology", "health", "crime", "justice", "migration", "protest", "human rights", "media",
        "education", "entertainment", "disaster",
    ):  # fmt: skip
        assert need in labels, need
    for name, spec in labels.items():
        assert spec["terms"], name
        assert all(t == t.lower() and t.strip() == t and w > 0 for t, w in spec["terms"].items()), name
        assert set(spec["plover"]) <= PLOVER_TYPES, name
        assert all(c.isdigit() and 2 <= len(c) <= 4 for c in spec["cameo"]), name
    tax = tp.taxonomy()
    assert [lab.name for lab in tax.labels] == list(labels)


def test_sports_article_is_sport_first(nlp) -> None:
    rec = _rec(nlp, SPORT)
    assert rec["topics"][0] == "sport"
    best = rec["topic_scores"][0]
    assert 0 < best["score"] <= 1
    assert {"striker", "premier league", "referee"} <= set(best["evidence"]["terms"])
    scores = [t["score"] for t in rec["topic_scores"]]
    assert scores == sorted(scores, reverse=True)


def test_election_interference_with_its_terms_as_evidence(nlp) -> None:
    rec = _rec(nlp, INTERFERENCE)
    labels = rec["topics"]
    assert "election interference" in labels and labels.index("election interference") == 0
    ev = rec["topic_scores"][0]["evidence"]
    assert {"election interference", "interfere", "disinformation", "troll farm"} <= set(ev["terms"])
    assert ev["events"] == []  # no events in this doc yet
    assert "sport" not in labels


def test_plurals_match_through_the_lemma_and_names_through_lower(nlp) -> None:
    doc = nlp("Central banks raised interest rates as inflation rose. The FTSE fell.")
    hits = {term for (label, term) in tp._hits(doc, nlp.get_pipe("dateline_topics"))}
    assert {"central bank", "interest rate", "inflation", "ftse"} <= hits
    # A token counts once per label: "sanctions" matches "sanction" (lemma) and "sanctions"
    # (lower), "prime minister" contains "minister"; each is one hit.
    doc = nlp("The prime minister said new sanctions were imposed.")
    hits2 = tp._hits(doc, nlp.get_pipe("dateline_topics"))
    assert sum(len(v) for (label, _), v in hits2.items() if label == "sanctions") == 1
    assert ("politics", "prime minister") in hits2 and ("politics", "minister") not in hits2


def _event(doc, plover: str, cameo: str) -> Event:
    sent = next(iter(doc.sents))
    trig = doc[1]
    return Event(
        id="v1",
        type="sanction",
        trigger=Cue(trig.text, (trig.idx, trig.idx + len(trig))),
        span=(sent.start_char, sent.end_char),
        cameo=cameo,
        plover=Plover(plover),
    )


def test_events_vote_for_their_labels(nlp) -> None:
    stage = nlp.get_pipe("dateline_topics")
    doc = nlp("Washington moved against Tehran on Monday, officials in both capitals said.")
    doc._.dateline_events = ()
    assert "sanctions" not in [t.label for t in tp.topics_of(doc, stage)]
    doc._.dateline_events = (_event(doc, "SANCTION", "163"), _event(doc, "SANCTION", "163"))
    found = {t.label: t for t in tp.topics_of(doc, stage)}
    assert found["sanctions"].event_types == ("SANCTION",) and found["sanctions"].terms == ()
    # A CAMEO code votes through its prefix when the PLOVER type is not listed.
    doc._.dateline_events = (_event(doc, "REJECT", "1831"), _event(doc, "REJECT", "1831"))
    found = {t.label: t for t in tp.topics_of(doc, stage)}
    assert found["terrorism"].event_types == ("1831",)


def test_empty_and_topicless_docs(nlp) -> None:
    stage = nlp.get_pipe("dateline_topics")
    assert tp.topics_of(nlp(""), stage) == () and tp.keyphrases_of(nlp("")) == ()
    rec = _rec(nlp, "It is what it is, and that was that.")
    assert rec["topics"] == [] and rec["keyphrases"] == []


def test_keyphrases_are_multiword_noun_phrases(nlp) -> None:
    body = (
        "The European Central Bank kept interest rates on hold on Thursday. The bank said the "
        "eurozone economy was recovering, but it warned that the strong euro could hurt European "
        "exporters. The European Central Bank meets again in March; its president spoke to them."
    )
    rec = _rec(nlp, body)
    kps = rec["keyphrases"]
    assert kps and len(kps) <= tp.MAX_KEYPHRASES
    texts = [k["text"].lower() for k in kps]
    assert texts[0] == "european central bank" and kps[0]["score"] == 1.0
    assert len(kps[0]["spans"]) == 2
    scores = [k["score"] for k in kps]
    assert scores == sorted(scores, reverse=True)
    stop = nlp.Defaults.stop_words
    for k in kps:
        words = k["text"].split()
        assert len(words) >= 2
        assert not all(w.lower() in stop for w in words)
        assert words[0].lower() not in {"the", "a", "an", "its", "his", "her", "their", "this"}
        assert not {"it", "them", "he", "she", "they"} & {w.lower() for w in words}
        for s, e in k["spans"]:
            assert body[s:e].lower() == k["text"].lower()
    assert "interest rates" in texts


@pytest.mark.parametrize("n", [200])
def test_topic_work_is_linear(nlp, n: int) -> None:
    """Twice the text, about twice the hits: every pass is one walk over matches or chunks."""
    stage = nlp.get_pipe("dateline_topics")
    small = nlp(SPORT * (n // 10))
    big = nlp(SPORT * (2 * n // 10))
    h1 = sum(len(v) for v in tp._hits(small, stage).values())
    h2 = sum(len(v) for v in tp._hits(big, stage).values())
    assert h2 == 2 * h1
    t1, t2 = tp.topics_of(small, stage), tp.topics_of(big, stage)
    assert t1[0].label == t2[0].label == "sport"


# ------------------------------------------------------------------ eval/topics.py

_spec = importlib.util.spec_from_file_location("dateline_eval_topics", ROOT / "eval" / "topics.py")
assert _spec is not None and _spec.loader is not None
ev = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = ev
_spec.loader.exec_module(ev)


def _bbc(root: Path) -> Path:
    for folder in ev.FOLDER_LABELS:
        (root / folder).mkdir(parents=True)
        for n in range(3):
            (root / folder / f"{n:03}.txt").write_text(f"Title {n}\n\nBody of {folder} {n}.\n", "utf-8")
    (root / "sport" / "003.txt").write_text("Headline only\n", "utf-8")  # no body: left out
    return root


def test_eval_topics_load_set_every_and_digest(tmp_path: Path) -> None:
    root = _bbc(tmp_path / "bbc")
    items, digest = ev.load_set(root)
    assert len(items) == 15 and items[0].folder == "business" and items[0].body == "Body of business 0."
    few, d2 = ev.load_set(root, every=2)
    assert len(few) == 10 and d2 != digest and ev.load_set(root)[1] == digest
    with pytest.raises(ev.EvalError, match="BBC corpus not found"):
        ev.load_set(tmp_path / "absent")


def test_eval_topics_agreement_counts_mapped_labels() -> None:
    items = [
        ev.Item(i, f, f"{i}.txt", "x") for i, f in enumerate(["business", "business", "politics", "sport"])
    ]
    topics = [["economy", "sport"], ["justice", "business"], [], ["sport"]]
    s = ev.score(items, topics, [10, 10, 0, 4])
    assert (s["top1"], s["top3"], s["no_topic"]) == (0.5, 0.75, 0.25)
    assert s["per_folder"]["business"]["top_labels_when_wrong"] == [("justice", 1)]
    assert s["per_folder"]["tech"]["articles"] == 0 and s["keyphrases_per_article"] == 6.0
    assert ev.figures(s) == {"dateline_top1_agreement": 0.5, "dateline_top3_agreement": 0.75}


def test_eval_topics_every_refuses_the_gate(capsys: pytest.CaptureFixture[str]) -> None:
    assert ev.main(["--every", "5", "--write-baseline"]) == 2
    assert "floors are for the whole set" in capsys.readouterr().err


@pytest.mark.slow
@needs(BBC)
def test_bbc_top_topic_agrees_with_the_folder(nlp) -> None:
    """Every 20th BBC file of each folder (114 articles, ~15 s): the top topic is one of the
    folder's labels for most, and the sport and tech folders nearly always."""
    digest, model, s, _ = ev.evaluate(BBC, nlp=nlp, every=20)
    assert s["articles"] == 114 and s["no_topic"] < 0.02
    assert s["top1"] >= 0.8 and s["top3"] >= 0.9
    assert s["per_folder"]["sport"]["top1"] >= 0.9 and s["per_folder"]["tech"]["top1"] >= 0.8
