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
            assert " ".join(body[start:end].split()) == e["name"]
        assert "Add Comment" not in e["name"] and "GMT" not in e["name"]


def test_seed_record_shapes(seed_record: dict) -> None:
    for key in ("entities", "quotes", "timexes", "events", "topics"):
        assert isinstance(seed_record[key], list)
    assert seed_record["id"] == Article(seed_record["title"], seed_record["body"]).id
