"""Anaphoric temporal expressions: values read from the text's own reference times.

News resolves many expressions against an earlier one rather than against the
publication time: "the following year" (after "May 22, 1995"), "the next day",
"a year earlier" (after "the third quarter": the year-earlier quarter), "the latest
quarter", "the previous Friday".  A rule marks such an expression with a :class:`Ref`;
:func:`resolve` then reads the values already found before it in the same text.

    history (value, start, end)… ─► the most recent value fine enough for the Ref
                                 ─► shifted by the Ref's offset, formatted at its unit

Pure functions over strings and dates; no parse, no wall clock.  When no reference
qualifies, the caller keeps the rule's own value (anchored on the publication time).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

# How far back (characters) a quarter reference still frames "the quarter", "a year ago":
# earnings stories restate the quarter every paragraph or two.
QUARTER_WINDOW = 600
# How far back any other reference time is looked for ("the following year").
REFERENCE_WINDOW = 2000

# Granularities a reference value can have, finest first.
_FINER = {"D": 0, "W": 1, "M": 2, "Q": 3, "Y": 4}
# What a unit needs of its reference: "the next day" needs a day, "that year" anything.
_NEEDS = {"D": ("D",), "W": ("D", "W"), "M": ("D", "M"), "Q": ("D", "M", "Q"), "Y": ("D", "W", "M", "Q", "Y")}

_VALUE = re.compile(
    r"(?P<y>\d{4})(?:-(?:(?P<m>\d\d)(?:-(?P<d>\d\d))?|W(?P<w>\d\d)|Q(?P<q>[1-4])|[A-Z]{2}|H[12]))?(?:T.*)?"
)


@dataclass(frozen=True)
class Ref:
    """How an expression takes its value from an earlier reference time.

    ``unit``: D W M Q Y, the granularity of the result; ``=`` keeps the reference's own
    granularity ("a year earlier" after a day is a day, after a quarter a quarter).
    ``offset``: in units (for ``=``, in years).  ``quarter``: ``prefer`` a quarter
    reference within :data:`QUARTER_WINDOW`, ``only`` accept one, or ``any``.
    ``weekday``: 1-7 for "the previous Friday" (offset -1) / "the following Monday" (+1).
    ``year``: a year given in the expression itself ("the 1988 quarter").
    ``part``: a part of day suffix (``MO``, ``NI``…) for "that morning", "the next night"."""

    unit: str
    offset: int = 0
    quarter: str = "any"
    weekday: int | None = None
    year: int | None = None
    part: str | None = None


@dataclass(frozen=True)
class Point:
    gran: str  # D W M Q Y
    day: date  # the first day of the period


def parse_value(value: str) -> Point | None:
    """A TIMEX3 value as a period, if it names one on the calendar (not PAST_REF, P2Y…)."""
    m = _VALUE.fullmatch(value)
    if m is None:
        return None
    y = int(m["y"])
    try:
        if m["d"]:
            return Point("D", date(y, int(m["m"]), int(m["d"])))
        if m["m"]:
            return Point("M", date(y, int(m["m"]), 1))
        if m["w"]:
            return Point("W", date.fromisocalendar(y, int(m["w"]), 1))
        if m["q"]:
            return Point("Q", date(y, 3 * int(m["q"]) - 2, 1))
    except ValueError:
        return None
    return Point("Y", date(y, 1, 1))


def _add_months(d: date, n: int) -> date:
    total = d.year * 12 + d.month - 1 + n
    y, m = total // 12, total % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(y, m, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: day 28 exists in every month")


def fmt(d: date, gran: str) -> str:
    if gran == "D":
        return d.isoformat()
    if gran == "W":
        iso = d.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    if gran == "M":
        return f"{d.year}-{d.month:02d}"
    if gran == "Q":
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    return str(d.year)


def shift_point(p: Point, ref: Ref) -> str:
    """The value ``ref`` describes, read from reference ``p``."""
    if ref.unit == "=":
        day = _add_months(p.day, 12 * ref.offset)
        return fmt(day, p.gran)
    if ref.weekday is not None:
        step = 1 if ref.offset > 0 else -1
        day = p.day + timedelta(days=step)
        while day.isoweekday() != ref.weekday:
            day += timedelta(days=step)
        return day.isoformat() + (f"T{ref.part}" if ref.part else "")
    day = p.day
    if ref.year is not None:
        day = day.replace(year=ref.year) if not (day.month == 2 and day.day == 29) else date(ref.year, 2, 28)
    if ref.unit == "D":
        day += timedelta(days=ref.offset)
    elif ref.unit == "W":
        day += timedelta(weeks=ref.offset)
    else:
        day = _add_months(day, ref.offset * {"M": 1, "Q": 3, "Y": 12}[ref.unit])
    return fmt(day, ref.unit) + (f"T{ref.part}" if ref.part and ref.unit == "D" else "")


def resolve(ref: Ref, history: Sequence[tuple[str, int, int]], start: int) -> str | None:
    """The value of an expression at ``start`` marked with ``ref``, from the values found
    before it (``(value, start, end)`` in text order); None when none qualifies."""
    if ref.quarter in ("prefer", "only"):
        for value, _s, e in reversed(history):
            if start - e > QUARTER_WINDOW:
                break
            p = parse_value(value)
            if p is not None and p.gran == "Q":
                return shift_point(p, Ref("Q", ref.offset * 4, year=ref.year) if ref.unit == "=" else ref)
        if ref.quarter == "only":
            return None
    needs = ("D",) if ref.weekday is not None else _NEEDS.get(ref.unit, tuple(_FINER))
    for value, _s, e in reversed(history):
        if start - e > REFERENCE_WINDOW:
            break
        p = parse_value(value)
        if p is None:
            continue
        if p.gran in needs:
            return shift_point(p, ref)
        # The time in discussion is coarser than the expression ("the following year …
        # the next day"): what is known of it, the rest left unspecified.
        return _underspecified(p, ref)
    return None


def _underspecified(p: Point, ref: Ref) -> str | None:
    unit = "D" if ref.weekday is not None else ref.unit
    if unit == "D":
        return f"{p.day.year}-XX-XX" if p.gran in ("Y", "Q") else f"{fmt(p.day, 'M')}-XX"
    if unit == "W":
        return f"{p.day.year}-WXX"
    if unit == "M":
        return f"{p.day.year}-XX"
    return None
