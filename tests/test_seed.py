"""The article that started it all: ../shared/seeds/000_4d53d0dbb0968a05.txt."""

from __future__ import annotations

import pytest

from dateline.models import Article
from dateline.read import read_path

from .conftest import SEED, needs

pytestmark = needs(SEED)


@pytest.fixture(scope="module")
def seed_record(nlp) -> dict:
    from dateline.nlp.pipeline import analyze

    (article,) = list(read_path(SEED))
    assert isinstance(article, Article)
    return analyze(article, nlp=nlp).to_json()


def test_seed_metadata_exact(seed_record: dict) -> None:
    r = seed_record
    assert r["schema"] == "dateline.article/1"
    assert r["title"] == "Pompeo pops over to see Putin"
    assert r["published"] == "2019-05-13T06:22:58Z"
    assert r["published_local"] == "2019-05-13T14:22:58+08:00"
    assert r["source"] == "Sina English"
    assert r["authors"] == []
    assert r["language"] == "en"
    assert "2 stamps" in r["published_evidence"] and "consistent" in r["published_evidence"]


def test_seed_body_clean(seed_record: dict) -> None:
    body = seed_record["body"]
    paragraphs = body.split("\n\n")
    assert len(paragraphs) == 13
    assert paragraphs[0].startswith("US Secretary of State Mike Pompeo")
    assert paragraphs[-1].endswith("Afghanistan and North Korea.")
    for junk in ("Add Comment", "GMT", "Beijing Time", "Sina English", "\u00a0", "\r", "\n\n\n"):
        assert junk not in body


def test_seed_entities_have_exact_offsets_and_no_furniture(seed_record: dict) -> None:
    body = seed_record["body"]
    names = {e["name"] for e in seed_record["entities"]}
    assert {"Mike Pompeo", "Donald Trump", "Sochi", "Helsinki"} <= names
    for e in seed_record["entities"]:
        assert e["type"] in {
            "PERSON",
            "NORP",
            "FAC",
            "ORG",
            "GPE",
            "LOC",
            "PRODUCT",
            "EVENT",
            "WORK_OF_ART",
            "LAW",
            "LANGUAGE",
        }
        assert e["mentions"]
        for start, end in e["mentions"]:
            assert " ".join(body[start:end].split()) in [e["name"], *e["aliases"]]
        assert "Add Comment" not in e["name"] and "GMT" not in e["name"]


def test_seed_record_shapes(seed_record: dict) -> None:
    for key in ("entities", "quotes", "timexes", "events", "topics"):
        assert isinstance(seed_record[key], list)
    assert seed_record["id"] == Article(seed_record["title"], seed_record["body"]).id


def _by_name(record: dict) -> dict[str, dict]:
    return {e["name"]: e for e in record["entities"]}


def test_seed_one_person_entity_per_referent(seed_record: dict) -> None:
    people = [e for e in seed_record["entities"] if e["type"] == "PERSON"]
    names = sorted(e["name"] for e in people)
    assert names == sorted(
        [
            "Mike Pompeo",
            "Donald Trump",
            "Robert Mueller",
            "Nicolas Maduro",
            "Jonathan Katz",
            "Hillary Clinton",
            "Sergey Lavrov",
            "Vladimir Putin",
        ]
    )
    assert all(len(n.split()) >= 2 for n in names)  # none named by a bare surname
    by = _by_name(seed_record)
    assert not {"Pompeo", "Trump", "Mueller", "Katz", "Putin"} & set(by)
    assert len(by["Donald Trump"]["mentions"]) >= 6  # "Trump" is a person throughout
    assert by["Trump campaign"]["type"] == "ORG"


def test_seed_roles(seed_record: dict) -> None:
    roles = {r for e in seed_record["entities"] for r in e["roles"]}
    by = _by_name(seed_record)
    assert "Secretary of State" in by["Mike Pompeo"]["roles"]
    assert "President" in by["Donald Trump"]["roles"]
    assert "Special Counsel" in by["Robert Mueller"]["roles"]
    assert "Foreign Minister" in by["Sergey Lavrov"]["roles"]
    assert "senior fellow" in by["Jonathan Katz"]["roles"]
    assert {
        "Secretary of State",
        "President",
        "Special Counsel",
        "Foreign Minister",
        "senior fellow",
    } <= roles
    assert "State" not in by and "Secretary of State" not in by


def test_seed_organizations_and_metonymy(seed_record: dict) -> None:
    by = _by_name(seed_record)
    assert by["State Department"]["type"] == "ORG"
    assert by["German Marshall Fund of the United States"]["type"] == "ORG"
    assert by["Moscow"]["refers_to"]["entity"] == by["Russia"]["id"]
    assert by["Washington"]["refers_to"]["country"] == "US"


@pytest.mark.parametrize(
    ("name", "lat", "lon", "country"),
    [("Sochi", 43.60, 39.73, "RU"), ("Helsinki", 60.17, 24.94, "FI"), ("Moscow", 55.75, 37.62, "RU")],
)
def test_seed_places_on_the_map(seed_record: dict, name: str, lat: float, lon: float, country: str) -> None:
    geo = _by_name(seed_record)[name]["geo"]
    assert geo["country"] == country and geo["kind"] == "city" and geo["geonames_id"]
    assert abs(geo["lat"] - lat) < 0.2 and abs(geo["lon"] - lon) < 0.2


def test_seed_countries_and_unresolvable_places(seed_record: dict) -> None:
    by = _by_name(seed_record)
    assert by["Russia"]["geo"]["country"] == "RU" and by["Russia"]["geo"]["kind"] == "country"
    assert by["United States"]["geo"]["country"] == "US"
    for e in seed_record["entities"]:
        if e["type"] not in ("GPE", "LOC", "FAC"):
            assert e["geo"] is None


def _quotes(record: dict) -> list[dict]:
    names = {e["id"]: e["name"] for e in record["entities"]}
    body = record["body"]
    out = []
    for q in record["quotes"]:
        assert body[q["span"][0] : q["span"][1]] == q["text"]
        if q["cue"]:
            assert body[q["cue"]["span"][0] : q["cue"]["span"][1]] == q["cue"]["text"]
        out.append(dict(q, speaker_name=names.get(q["speaker"])))
    return out


def test_seed_quotations_and_speakers(seed_record: dict) -> None:
    quotes = _quotes(seed_record)
    direct = [q for q in quotes if q["kind"] == "direct"]
    assert [q["speaker_name"] for q in direct] == ["Jonathan Katz", "Jonathan Katz"]
    assert direct[0]["text"].startswith("I think this is Moscow testing")
    assert direct[1]["text"].startswith("it's incredibly difficult")
    partial = {q["text"]: q for q in quotes if q["kind"] == "partial"}
    assert partial["very positive"]["speaker_name"] == "Donald Trump"
    assert partial["constructive"]["speaker"] is None
    assert partial["constructive"]["speaker_text"] == "A State Department official"
    reported = [
        q for q in quotes if q["kind"] == "indirect" and q["text"].startswith("Putin had assured him")
    ]
    assert len(reported) == 1 and reported[0]["speaker_name"] == "Donald Trump"
    assert reported[0]["text"].endswith("not involved in Venezuela")


def test_seed_timexes_against_publication_time(seed_record: dict) -> None:
    body = seed_record["body"]
    got = {}
    for t in seed_record["timexes"]:
        assert body[t["span"][0] : t["span"][1]] == t["text"]
        got.setdefault(t["text"], (t["type"], t["value"], t["mod"]))
    assert got["Tuesday"] == ("DATE", "2019-05-14", None)  # "will meet Tuesday": the coming one
    assert got["May 3"] == ("DATE", "2019-05-03", None)
    assert got["July"] == ("DATE", "2018-07", None)  # a past July: the summit already happened
    assert got["2016"][:2] == ("DATE", "2016") and got["2014"][:2] == ("DATE", "2014")
    assert got["five years"][:2] == ("DURATION", "P5Y")
    assert got["more than an hour"] == ("DURATION", "PT1H", "MORE_THAN")
    assert got["less than two months"] == ("DURATION", "P2M", "LESS_THAN")
    assert got["the first two years"][:2] == ("DURATION", "P2Y")


def test_seed_events_done_when(seed_record: dict) -> None:
    """Issue 11's done-when: who met whom, where and when, dated from the text."""
    r = seed_record
    names = {e["id"]: e["name"] for e in r["entities"]}
    timexes = {t["id"]: t for t in r["timexes"]}
    evs = r["events"]
    for e in evs:
        assert e["cameo"].isdigit() and 2 <= len(e["cameo"]) <= 4 and e["plover"]["type"]
        assert isinstance(e["goldstein"], float)
        assert r["body"][e["trigger"]["span"][0] : e["trigger"]["span"][1]] == e["trigger"]["text"]
        s, t = e["span"]
        assert s <= e["trigger"]["span"][0] < t
        if e["date"] is not None:  # a date is the value of a timex of the text, never the publication's
            assert e["date_source"] == "text" and timexes[e["date_timex"]]["value"] == e["date"]
        else:
            assert e["date_source"] == "publication" and e["publication_date"] == "2019-05-13"

    def one(trigger: str) -> dict:
        (e,) = [e for e in evs if e["trigger"]["text"] == trigger and e["date"]]
        return e

    meet = one("meet")
    assert [names[i] for i in meet["actors"]] == ["Mike Pompeo"]
    assert [names[i] for i in meet["targets"]] == ["Vladimir Putin"]
    assert (meet["date"], names[meet["location"]], meet["modality"]) == ("2019-05-14", "Sochi", "planned")
    call = one("chatted")
    assert {names[i] for i in call["actors"] + call["targets"]} == {"Donald Trump", "Vladimir Putin"}
    assert call["date"] == "2019-05-03" and call["plover"] == {
        "type": "CONSULT",
        "mode": "phone",
        "context": [],
    }
    summit = one("summit")
    assert (names[summit["location"]], summit["date"]) == ("Helsinki", "2018-07")
    takeover = one("takeover")
    assert takeover["date"] == "2014" and takeover["historical"]
    assert "Crimea" in [names[i] for i in takeover["targets"]] + [names.get(takeover["location"])]
    interference = one("interfered")
    assert [names[i] for i in interference["actors"]] == ["Russia"] and interference["date"] == "2016"


def test_seed_topics_and_summary(seed_record: dict) -> None:
    r = seed_record
    assert {"diplomacy", "election interference"} <= set(r["topics"][:3])
    assert all(t["evidence"]["terms"] for t in r["topic_scores"])
    assert 1 <= len(r["summary_spans"]) <= 3
    assert r["summary"] == " ".join(r["body"][a:b] for a, b in r["summary_spans"])
    for k in r["keyphrases"]:
        assert len(k["text"].split()) >= 2 or "-" in k["text"]
        assert all(r["body"][a:b] == k["text"] for a, b in k["spans"])
