"""Calendar knowledge for the timex stage: named holidays and years spelled out in words.

Holidays come from ``data/holidays.json`` (canonical key, surface forms, and a date rule:
fixed month/day, nth weekday of a month plus an offset, or an offset from Gregorian
Easter). Spelled years are the broadcast-transcript forms: "nineteen ninety-six",
"nineteen oh five", "nineteen hundred (and) eighty-four", "twenty nineteen", "two thousand
(and) one". Everything here is pure; the tagger builds its rules from the two patterns.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# ── holidays ────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Fixed:
    month: int
    day: int


@dataclass(frozen=True)
class NthWeekday:
    month: int
    weekday: int  # 0 = Monday
    n: int  # 1 = first … ; -1 = last …
    offset: int = 0  # days added afterwards


@dataclass(frozen=True)
class EasterOffset:
    offset: int  # days from Easter Sunday


Rule = Fixed | NthWeekday | EasterOffset


@dataclass(frozen=True)
class Holiday:
    key: str
    names: tuple[str, ...]
    rule: Rule


def _rule(r: dict[str, Any]) -> Rule:
    kind = r["kind"]
    if kind == "fixed":
        return Fixed(r["month"], r["day"])
    if kind == "nth_weekday":
        if r["n"] == 0:
            raise ValueError(f"nth_weekday needs n != 0: {r}")
        return NthWeekday(r["month"], _WEEKDAYS.index(r["weekday"]), r["n"], r.get("offset", 0))
    if kind == "easter":
        return EasterOffset(r["offset"])
    raise ValueError(f"unknown holiday rule kind: {kind!r}")


def _norm(text: str) -> str:
    """Lower-case, apostrophes and periods dropped (’ and ' alike), whitespace collapsed."""
    s = re.sub(r"['’‘.]", "", text.lower())
    return " ".join(s.split())


@lru_cache(maxsize=1)
def _holidays() -> dict[str, Holiday]:
    raw = resources.files(__package__).joinpath("data", "holidays.json").read_text("utf-8")
    out: dict[str, Holiday] = {}
    for h in json.loads(raw)["holidays"]:
        if h["key"] in out:
            raise ValueError(f"duplicate holiday key: {h['key']!r}")
        out[h["key"]] = Holiday(h["key"], tuple(h["names"]), _rule(h["rule"]))
    return out


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    """Normalised surface form → canonical key."""
    out: dict[str, str] = {}
    for h in _holidays().values():
        for name in h.names:
            k = _norm(name)
            if out.setdefault(k, h.key) != h.key:
                raise ValueError(f"holiday name {name!r} is used by {out[k]!r} and {h.key!r}")
    return out


def holiday_names() -> list[str]:
    """Every surface form in ``holidays.json`` (lower-case, aliases included)."""
    return [name for h in _holidays().values() for name in h.names]


def holiday_key(text: str) -> str | None:
    """A matched surface form → its canonical key ("Thanksgiving Day" → ``thanksgiving``).

    Case, curly vs straight apostrophes, missing apostrophes or periods, extra whitespace
    and a trailing "day" the data does not list ("Halloween Day") are all tolerated.
    """
    k = _norm(text)
    by_name = _by_name()
    if k in by_name:
        return by_name[k]
    if k.endswith(" day"):
        return by_name.get(k.removesuffix(" day"))
    return None


def easter(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    wd = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * wd) // 451
    month, day = divmod(h + wd - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date | None:
    if n > 0:
        first = date(year, month, 1)
        d = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    else:
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        d = last - timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-n - 1))
    return d if d.month == month else None


def holiday_date(key: str, year: int) -> date | None:
    """The date of holiday ``key`` in ``year``; None when it does not exist that year.

    Raises ValueError for a key not in ``holidays.json``.
    """
    h = _holidays().get(key)
    if h is None:
        raise ValueError(f"unknown holiday key: {key!r}")
    rule = h.rule
    try:
        if isinstance(rule, Fixed):
            return date(year, rule.month, rule.day)
        if isinstance(rule, NthWeekday):
            d = _nth_weekday(year, rule.month, rule.weekday, rule.n)
            return d + timedelta(days=rule.offset) if d else None
        return easter(year) + timedelta(days=rule.offset)
    except (ValueError, OverflowError):  # year outside date's range, or 29 February
        return None


def _name_regex(name: str) -> str:
    """Spaces match any whitespace; apostrophes (straight or curly) and periods are optional."""
    out = []
    for ch in name:
        if ch == " ":
            out.append(r"\s+")
        elif ch == "'":
            out.append("['’]?")
        elif ch == ".":
            out.append(r"\.?")
        else:
            out.append(re.escape(ch))
    return "".join(out)


@lru_cache(maxsize=1)
def holiday_pattern() -> str:
    """Alternation (longest first, no groups) matching every holiday name.

    No anchors or flags: compile with ``re.IGNORECASE`` and add word boundaries.
    """
    regexes = dict.fromkeys(_name_regex(n) for n in sorted(holiday_names(), key=len, reverse=True))
    return "|".join(regexes)


# ── spelled years ───────────────────────────────────────────────────────────────────

_UNITS = {w: i for i, w in enumerate("one two three four five six seven eight nine".split(), 1)}
_TEENS = {
    w: i
    for i, w in enumerate(
        "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(), 10
    )
}
_TENS = {w: i * 10 for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_VALUES = {**_UNITS, **_TEENS, **_TENS}
# First words of "<century> <rest>" years: 1300–1999 and 20xx. Lower ones read as clock
# times ("eleven thirty", "twelve fifteen") far more often than as years.
_CENTURIES = ("thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_SEP = r"(?:\s*-\s*|\s+)"


def _words(words: Any) -> str:
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


@lru_cache(maxsize=1)
def spelled_year_pattern() -> str:
    """Regex (no groups, no anchors) for exactly the spelled years ``spelled_year`` reads.

    Hyphens or whitespace between words; compile with ``re.IGNORECASE``.
    """
    unit, teen, tens = _words(_UNITS), _words(_TEENS), _words(_TENS)
    two_digit = f"(?:{tens}(?:{_SEP}{unit})?|{teen})"  # 10–99
    one_to_99 = f"(?:{two_digit}|{unit})"
    oh = f"oh{_SEP}{unit}"  # 01–09
    after_hundred = f"(?:{_SEP}(?:and{_SEP})?{one_to_99})?"
    teen_century = f"{_words(_CENTURIES)}{_SEP}(?:hundred{after_hundred}|{oh}|{two_digit})"
    twenty = f"twenty{_SEP}(?:{oh}|{two_digit})"  # not "twenty one" (21) nor "twenty hundred" (20:00)
    two_thousand = f"two{_SEP}thousand{after_hundred}"
    return f"(?:{teen_century}|{twenty}|{two_thousand})"


@lru_cache(maxsize=1)
def _spelled_year_re() -> re.Pattern[str]:
    return re.compile(spelled_year_pattern(), re.IGNORECASE)


def _sum(words: list[str]) -> int:
    return sum(_VALUES[w] for w in words if w != "and")


def spelled_year(text: str) -> int | None:
    """A year spelled in words → its number ("nineteen oh five" → 1905); None if not a year."""
    s = text.strip()
    if not _spelled_year_re().fullmatch(s):
        return None
    words = re.split(r"[\s-]+", s.lower())
    if words[:2] == ["two", "thousand"]:
        return 2000 + _sum(words[2:])
    century, rest = _VALUES[words[0]] * 100, words[1:]
    if rest[0] in ("hundred", "oh"):
        rest = rest[1:]
    return century + _sum(rest)
