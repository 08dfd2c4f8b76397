"""The text-dump reader: structure, furniture at the edges only, bylines, properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.errors import InputError, ParseError
from dateline.models import Article, Record
from dateline.read import read_bytes
from dateline.read.decode import normalize_text
from dateline.read.text import is_known_furniture, parse_byline, read_text

BODY = (
    "The council voted on Monday to extend the night bus service, officials said.\n\n"
    "The change takes effect next month and costs about 2 million a year."
)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Add Comment", True),
        ("Share", True),
        ("Print", True),
        ("Related:", True),
        ("Related: Storm closes schools", True),
        ("Advertisement", True),
        ("© 2020 Some Outlet. All rights reserved.", True),
        ("Copyright 2019 The Daily Bugle", True),
        ("Comments (3)", True),
        ("The council voted on Monday.", False),
        ("Pompeo pops over to see Putin", False),
    ],
)
def test_text_known_furniture(line: str, furniture: bool) -> None:
    assert is_known_furniture(line) is furniture


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By Jane Doe", ("Jane Doe",)),
        ("By Jane Doe and John Roe", ("Jane Doe", "John Roe")),
        ("By Jane Doe, Reuters", ("Jane Doe",)),
        ("BY JANE DOE & JOHN ROE", ("JANE DOE", "JOHN ROE")),
        ("Editor: Li Wei", ("Li Wei",)),
        ("By the time the polls closed, turnout had reached a record.", None),
        ("Byron Bay braces for storms", None),
    ],
)
def test_text_byline(line: str, authors: tuple[str, ...] | None) -> None:
    assert parse_byline(line) == authors


def test_text_furniture_removed_only_at_edges() -> None:
    text = f"Share\nPrint\n\nNight buses extended\n\n2020-02-03 10:00 UTC | City Post\n\n{BODY}\n\nShare\n\nMore text after share.\n\nAdd Comment\n\nBack to top\n"
    art = read_text(normalize_text(text))
    assert art.title == "Night buses extended"
    assert art.source == "City Post"
    assert art.body.split("\n\n") == [*BODY.split("\n\n"), "Share", "More text after share."]


def test_text_no_dateline_keeps_headline_and_body() -> None:
    art = read_text(f"Night buses extended\n\n{BODY}\n")
    assert art.title == "Night buses extended" and art.published is None
    assert art.body == BODY


def test_text_crlf_nbsp_and_wrapped_lines_normalized() -> None:
    raw = (
        "Night buses extended\r\n\r\n2020-02-03 10:00\u00a0UTC\u00a0| City Post\r\n\r\n"
        "The council voted on Monday\r\nto extend the service.\r\n\r\nIt costs\u00a0money.\r\n"
    )
    (art,) = list(read_bytes(raw.encode("utf-8"), name="x.txt"))
    assert isinstance(art, Article)
    assert art.body == "The council voted on Monday to extend the service.\n\nIt costs money."
    assert Record(art).to_json()["published"] == "2020-02-03T10:00:00Z"


def test_text_only_furniture_is_parse_error() -> None:
    with pytest.raises(ParseError):
        read_text("Share\n\nPrint\n\nAdd Comment\n")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600))
def test_text_reader_never_raises_on_arbitrary_text(text: str) -> None:
    for item in read_bytes(text.encode("utf-8"), name="fuzz.txt"):
        if isinstance(item, InputError):
            assert "\n" not in str(item)
            continue
        rec = Record(item).to_json()
        assert "\n\n\n" not in rec["body"]
        if item.wire is not None:
            s, e = item.wire.span
            assert item.body[s:e].startswith(item.wire.place.split(",")[0])


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80),
        min_size=1,
        max_size=6,
    )
)
def test_text_body_paragraphs_are_clean(paragraphs: list[str]) -> None:
    text = "Headline here\n\n" + "\n\n".join(paragraphs) + "\n"
    for item in read_bytes(text.encode("utf-8"), name="p.txt"):
        if isinstance(item, Article):
            for p in item.body.split("\n\n"):
                assert p and p == " ".join(p.split())
