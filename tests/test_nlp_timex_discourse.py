"""Anaphoric temporal expressions: values read from the text's own reference times."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dateline.nlp.timex import tag
from dateline.nlp.timex_discourse import Point, Ref, parse_value, resolve, shift_point

ANCHOR = datetime(1989, 10, 26, tzinfo=UTC)  # a Thursday, in the fourth quarter


@pytest.mark.parametrize(
    ("value", "point"),
    [
        ("1989-10-26", Point("D", date(1989, 10, 26))),
        ("1989-10-26T17:00", Point("D", date(1989, 10, 26))),
        ("1989-10-26TNI", Point("D", date(1989, 10, 26))),
        ("1989-W43", Point("W", date(1989, 10, 23))),
        ("1989-10", Point("M", date(1989, 10, 1))),
        ("1989-Q3", Point("Q", date(1989, 7, 1))),
        ("1989", Point("Y", date(1989, 1, 1))),
        ("1989-SU", Point("Y", date(1989, 1, 1))),
        ("PAST_REF", None),
        ("P2Y", None),
        ("198", None),
        ("XXXX-10-26", None),
        ("1989-13", None),
        ("1989-02-30", None),
    ],
)
def test_parse_value_reads_calendar_values_only(value: str, point: Point | None) -> None:
    assert parse_value(value) == point


@pytest.mark.parametrize(
    ("point", "ref", "value"),
    [
        (Point("Q", date(1989, 7, 1)), Ref("=", -1), "1988-Q3"),  # a year earlier, after a quarter
        (Point("D", date(1989, 8, 12)), Ref("=", -1), "1988-08-12"),
        (Point("D", date(1988, 2, 29)), Ref("=", 1), "1989-02-28"),
        (Point("D", date(1995, 5, 22)), Ref("Y", 1), "1996"),  # the following year
        (Point("D", date(1995, 5, 22)), Ref("D", 1, part="MO"), "1995-05-23TMO"),  # the next morning
        (Point("D", date(1995, 12, 31)), Ref("D", 1), "1996-01-01"),
        (Point("M", date(1989, 1, 1)), Ref("M", 1), "1989-02"),
        (Point("M", date(1989, 12, 1)), Ref("M", 1), "1990-01"),
        (Point("D", date(1989, 10, 27)), Ref("D", -1, weekday=5), "1989-10-20"),  # the previous Friday
        (Point("D", date(1989, 10, 27)), Ref("D", 1, weekday=1), "1989-10-30"),  # the following Monday
        (Point("Q", date(1989, 7, 1)), Ref("Q", 0, year=1988), "1988-Q3"),  # the 1988 quarter
    ],
)
def test_shift_point(point: Point, ref: Ref, value: str) -> None:
    assert shift_point(point, ref) == value


def test_resolve_takes_the_most_recent_fine_enough_reference() -> None:
    history = [("1995-05-22", 0, 12), ("1996", 40, 44)]
    assert resolve(Ref("Y", 0), history, 60) == "1996"  # that year: any value will do
    assert resolve(Ref("D", 1), history[:1], 60) == "1995-05-23"  # the next day needs a day
    assert resolve(Ref("D", 1), [("PAST_REF", 0, 8)], 60) is None
    assert resolve(Ref("D", 1), [("1995-05-22", 0, 12), ("1996", 40, 44)], 60) == "1996-XX-XX"
    assert resolve(Ref("D", 1), [("1995-05", 0, 12)], 60) == "1995-05-XX"


def test_resolve_quarter_only_within_its_window() -> None:
    near = [("1989-Q3", 0, 20)]
    assert resolve(Ref("=", -1, quarter="only"), near, 100) == "1988-Q3"
    assert resolve(Ref("=", -1, quarter="only"), near, 5000) is None  # too far back
    assert resolve(Ref("=", -1, quarter="only"), [("1989-08-12", 0, 10)], 50) is None
    assert resolve(Ref("=", -1, quarter="prefer"), [("1989-08-12", 0, 10)], 50) == "1988-08-12"


def _tagged(nlp, text: str, anchor: datetime | None = ANCHOR) -> list[tuple[str, str, str]]:
    out = tag(nlp(text), anchor=anchor)
    for t in out:
        assert text[t.span[0] : t.span[1]] == t.text
    return [(t.text, t.type, t.value) for t in out]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            # An earnings story: every comparison is with the year-earlier quarter.
            "Acme Corp. said third-quarter net income rose 12% to $41 million. Sales rose to $1.2 billion "
            "from $1.1 billion a year earlier. In the year-ago quarter, Acme took a charge. Profit in the "
            "latest quarter was helped by lower costs.",
            [
                ("third-quarter", "DATE", "1989-Q3"),
                ("a year earlier", "DATE", "1988-Q3"),
                ("the year-ago quarter", "DATE", "1988-Q3"),
                ("the latest quarter", "DATE", "1989-Q3"),
            ],
        ),
        (
            # Without a quarter in discussion, "a year ago" is the publication year's predecessor.
            "Unemployment fell to 5.2% from 5.6% a year ago, the ministry said.",
            [("a year ago", "DATE", "1988")],
        ),
        (
            "Farkas was made a brigadier general on May 22, 1995, and the following year he was appointed "
            "military attache. The next day he flew to Washington.",
            [
                ("May 22, 1995", "DATE", "1995-05-22"),
                ("the following year", "DATE", "1996"),
                ("The next day", "DATE", "1996-XX-XX"),  # a day of that year, not of 1995
            ],
        ),
        (
            "The index closed Friday at 2082.1, down 4.5% from the previous Friday.",
            [("Friday", "DATE", "1989-10-20"), ("the previous Friday", "DATE", "1989-10-13")],
        ),
        (
            "The offer expires at 5 p.m. EST Nov. 9, and trading resumes at noon Thursday.",
            [
                ("5 p.m. EST Nov. 9", "TIME", "1989-11-09T17:00"),
                ("noon Thursday", "TIME", "1989-10-26T12:00"),
            ],
        ),
        (
            "Courtaulds said the split could be effective as early as next year's first quarter. "
            "In the 1988 second quarter it had a charge; results for June last year were restated.",
            [
                ("next year's first quarter", "DATE", "1990-Q1"),
                ("the 1988 second quarter", "DATE", "1988-Q2"),
                ("June last year", "DATE", "1988-06"),
            ],
        ),
    ],
)
def test_tag_resolves_anaphors_from_the_text(nlp, text: str, expected: list) -> None:
    assert _tagged(nlp, text) == expected
