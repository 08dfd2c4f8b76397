"""Table-driven reader tests: every file of examples/corpus against corpus-expected.json."""

from __future__ import annotations

import json

import pytest

from dateline.errors import InputError
from dateline.models import Article, Record
from dateline.read import read_path

from .conftest import CORPUS, EXPECTED

FILES = sorted(json.loads(EXPECTED.read_text("utf-8"))["files"].items())


def _squash(s: str) -> str:
    return " ".join(s.split())


@pytest.mark.parametrize(("name", "want"), FILES, ids=[f for f, _ in FILES])
def test_read_corpus_file_matches_manifest(name: str, want: dict) -> None:
    items = list(read_path(CORPUS / name))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, InputError)]
    if "error" in want:
        assert not articles
        assert [e.reason for e in errors] == [want["error"]]
        assert "\n" not in str(errors[0]) and name in str(errors[0])
        return
    assert len(errors) == want.get("errors", 0), [str(e) for e in errors]
    if errors:
        assert {e.reason for e in errors} == {want["error_reason"]}
        assert all(f":{n}" in str(e) for e, n in zip(errors, want["error_lines"], strict=True))
    assert len(articles) == len(want["articles"])
    fmt = want["format"]
    for got, exp in zip(articles, want["articles"], strict=True):
        rec = Record(got).to_json()
        for key in ("title", "published", "published_local", "source", "language"):
            if key in exp:
                assert rec[key] == exp[key], key
        if "authors" in exp:
            assert rec["authors"] == exp["authors"]
        paragraphs = got.body.split("\n\n")
        if "paragraphs" in exp and fmt == "text":
            assert len(paragraphs) == exp["paragraphs"]
        assert _squash(got.body).startswith(_squash(exp["first_words"]))
        if fmt == "text":
            assert _squash(got.body).endswith(_squash(exp["last_words"]))
        else:
            assert _squash(exp["last_words"]) in _squash(got.body)
        if "wire" in exp:
            assert (rec["wire"] and {"place": rec["wire"]["place"], "agency": rec["wire"]["agency"]}) == (
                exp["wire"] or None
            )
        if "stamps_consistent" in exp:
            assert (not any("disagree" in n for n in got.notes)) == exp["stamps_consistent"]
        if "updated" in exp:
            assert rec["updated"] == exp["updated"]
        # The body is clean: single blank lines between paragraphs, no stray whitespace.
        assert all(p == _squash(p) and p for p in paragraphs)
