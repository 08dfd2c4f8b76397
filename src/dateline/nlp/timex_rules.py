"""Rule table for the timex stage: patterns built from ``data/timex.json``, and handlers.

Each rule is a pattern (case-insensitive; a named group ``x``, when present, is the
expression and the rest is context) and a handler ``(match, anchor, tense) → Result``.
Handlers are pure: the only time they know is ``anchor``; with ``anchor=None`` a
relative expression gets an underspecified value (``XXXX-05-03``, ``PAST_REF``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

from . import timex_calendar as calendar
from .timex_discourse import Ref

# Two-digit years below this are 20xx ("05/03/19"), others 19xx.
_TWO_DIGIT_PIVOT = 50
# Average lengths used only for fractional shifts ("2.5 years ago").
_DAYS_PER = {"D": 1.0, "W": 7.0, "M": 30.44, "Y": 365.25, "DE": 3652.5, "CE": 36525.0}
# Seasons: months each one spans after its start month.
_SEASON_MONTHS = 3
# Without tense, a weekday is read within this many days before the anchor (or 6 − this after).
_WEEKDAY_BACK = 4


class Result(NamedTuple):
    type: str
    value: str  # anchored on the publication time; "" = only a reference can give one
    mod: str | None = None
    ref: Ref | None = None  # read the value from an earlier expression when one qualifies


@dataclass(frozen=True)
class Tense:
    future_aux: frozenset[str]
    future_verbs: frozenset[str]
    past_markers: frozenset[str]
    planning_verbs: frozenset[str]
    forward_markers: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    data: dict[str, Any]
    tense: Tense
    year_context: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = resources.files(__package__).joinpath("data", "timex.json").read_text("utf-8")
    data = json.loads(raw)
    t = data["tense"]
    tense = Tense(
        frozenset(t["future_aux"]),
        frozenset(t["future_verbs"]),
        frozenset(t["past_markers"]),
        frozenset(t["planning_verbs"]),
        frozenset(t["forward_markers"]),
    )
    return Lexicon(data, tense, frozenset(data["year_context"]))


def _alt(words: Any) -> str:
    """Longest-first alternation; spaces match any whitespace."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _key(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").split())


# ── values ──────────────────────────────────────────────────────────────────────────


_FRACTIONS = {"1/2": 0.5, "½": 0.5, "1/4": 0.25, "¼": 0.25, "3/4": 0.75, "¾": 0.75}


def _num(s: str | None) -> int | float | str | None:
    """'five' → 5, '2.5' → 2.5, 'twenty-one' → 21, 'several' → 'X'."""
    if s is None:
        return None
    k = _key(s)
    d = lexicon().data
    if re.fullmatch(r"\d+(?:\.\d+)?", k):
        f = float(k)
        return int(f) if f.is_integer() else f
    if (frac := re.fullmatch(r"(\d+)(?:\s+|-)?(1/2|½|1/4|¼|3/4|¾)", k)) is not None:
        return int(frac.group(1)) + _FRACTIONS[frac.group(2)]
    if k in d["vague_numbers"]:
        return "X"
    if k in d["numbers"]:
        return d["numbers"][k]
    parts = re.split(r"[\s-]+", k)
    if len(parts) == 2 and parts[0] in d["numbers"] and parts[1] in d["numbers"]:
        return d["numbers"][parts[0]] + d["numbers"][parts[1]]
    return None


def _fmt_n(n: int | float | str) -> str:
    if isinstance(n, float):
        return f"{n:g}"
    return str(n)


def duration_value(n: int | float | str, unit: str) -> str | None:
    u = lexicon().data["units"].get(_key(unit))
    if u is None:
        return None
    letter, factor, is_time = u[:3]
    if n == "X":
        return f"PTX{letter}" if is_time else f"PX{u[3] if len(u) > 3 else letter}"
    n = n * factor
    if isinstance(n, float) and n.is_integer():
        n = int(n)
    if isinstance(n, float) and letter in _SMALLER:
        # "5 1/2 hours" → PT5H30M, "2 1/2 years" → P2Y6M, "a minute and a half" → PT1M30S
        small, per = _SMALLER[letter][is_time]
        whole, rest = int(n), round((n - int(n)) * per, 6)
        if float(rest).is_integer():
            head = f"{whole}{letter}" if whole else ""
            tail = f"{int(rest)}{small}"
            if is_time:
                return f"PT{head}{tail}"
            return f"P{head}T{tail}" if small == "H" else f"P{head}{tail}"
    return f"PT{_fmt_n(n)}{letter}" if is_time else f"P{_fmt_n(n)}{letter}"


# A fraction of a unit in the next smaller one: letter → {is_time: (smaller letter, how many)}.
_SMALLER = {
    "Y": {False: ("M", 12)},
    "M": {False: ("D", 30), True: ("S", 60)},
    "W": {False: ("D", 7)},
    "D": {False: ("H", 24)},
    "H": {True: ("M", 60)},
}


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _fmt(d: date, letter: str) -> str:
    return {
        "D": d.isoformat(),
        "W": _week(d),
        "WE": _week(d) + "-WE",
        "M": f"{d.year}-{d.month:02d}",
        "Q": f"{d.year}-Q{(d.month - 1) // 3 + 1}",
        "Y": str(d.year),
        "DE": str(d.year // 10),
        "CE": str(d.year // 100),
    }[letter]


def shift(anchor: datetime, letter: str, n: int | float, *, is_time: bool = False) -> Result:
    """The calendar unit ``n`` units from the anchor, at that unit's granularity."""
    if is_time:
        sec = {"H": 3600, "M": 60, "S": 1}[letter]
        t = anchor + timedelta(seconds=n * sec)
        form = {"H": "%Y-%m-%dT%H", "M": "%Y-%m-%dT%H:%M", "S": "%Y-%m-%dT%H:%M:%S"}[letter]
        return Result("TIME", t.strftime(form))
    day = anchor.date()
    if isinstance(n, float) and not n.is_integer():
        return Result("DATE", _fmt(day + timedelta(days=n * _DAYS_PER.get(letter, 1.0)), letter))
    n = int(n)
    if letter in ("D", "W", "WE"):
        return Result("DATE", _fmt(day + timedelta(days=n * (1 if letter == "D" else 7)), letter))
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}[letter] * n
    total = day.year * 12 + day.month - 1 + months
    return Result("DATE", _fmt(date(total // 12, total % 12 + 1, 1), letter))


def interval_to(anchor: datetime, value: str) -> tuple[str, str] | None:
    """[start, end] of a duration ending at the anchor ("have … for five years")."""
    m = re.fullmatch(r"P(\d+)(D|W|M|Y)", value)
    if m is None:
        return None
    n, letter = int(m.group(1)), m.group(2)
    end = anchor.date()
    if letter in ("D", "W"):
        start = end - timedelta(days=n * (1 if letter == "D" else 7))
    else:
        total = end.year * 12 + end.month - 1 - n * (12 if letter == "Y" else 1)
        y, mo = total // 12, total % 12 + 1
        start = date(y, mo, min(end.day, 28 if mo == 2 else 30 if mo in (4, 6, 9, 11) else 31))
    return start.isoformat(), end.isoformat()


# Without tense, a month or month-day more than this many months away from the anchor is
# read in the neighbouring year: news mentions the near past and near future far more
# than dates most of a year away.
_NEAREST_MONTHS = 6


def _lookahead() -> timedelta:
    """Under a past-tense verb, a date this close ahead of the anchor is still ahead: "set
    Nov. 10 as the deadline", "extended the offer to Nov. 16", "payable Dec. 7"."""
    return timedelta(days=lexicon().data["past_tense_lookahead_days"])


def _pick_year(
    first: Callable[[int], date | None], anchor: datetime, tense: str, *, whole_month: bool = False
) -> int:
    """The year whose occurrence of a month (or month-day) the tense points to.

    ``first(y)`` is the occurrence's first day in year ``y`` (None if it has none, Feb 29).
    past: the latest one starting no later than the anchor (a day: plus the look-ahead);
    future: the earliest one not over (its start ≥ the anchor's month start);
    none: the nearest, within ±6 months."""
    y, today = anchor.year, anchor.date()
    years = [c for c in (y - 1, y, y + 1) if first(c) is not None]
    if tense == "past":
        limit = today if whole_month else today + _lookahead()
        return max((c for c in years if first(c) <= limit), default=y - 1)
    if tense == "future":
        floor = today.replace(day=1) if whole_month else today
        return min((c for c in years if first(c) >= floor), default=y + 1)
    return min(years, key=lambda c: (abs((first(c) - today).days), c != y))


def _month_year(month: int, anchor: datetime, tense: str) -> int:
    if tense not in ("past", "future"):
        # No tense to go by: the nearest such month (a December article's "March" is the next one).
        y, am = anchor.year, anchor.month
        if month - am > _NEAREST_MONTHS:
            return y - 1
        if am - month > _NEAREST_MONTHS:
            return y + 1
        return y
    return _pick_year(lambda y: date(y, month, 1), anchor, tense, whole_month=True)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_day(month: int, day: int, anchor: datetime | None, tense: str) -> str | None:
    if _safe_date(2000, month, day) is None:  # 2000 is a leap year: Feb 29 passes
        return None
    if anchor is None:
        return f"XXXX-{month:02d}-{day:02d}"
    if tense in ("past", "future"):
        y = _pick_year(lambda c: _safe_date(c, month, day), anchor, tense)
    else:
        # No tense to go by: the nearest such day, as for months.
        y = _month_year(month, anchor, tense)
    return f"{y}-{month:02d}-{day:02d}"


def _weekday(wd: int, anchor: datetime, tense: str, rel: str | None) -> date:
    today = anchor.date()
    cur = today.isoweekday()
    if rel == "last":
        return today - timedelta(days=(cur - wd) % 7 or 7)
    if rel == "next":
        return today + timedelta(days=(wd - cur) % 7 or 7)
    if rel in ("this", "coming") or tense == "future":
        return today + timedelta(days=(wd - cur) % 7)
    if tense == "past":
        return today - timedelta(days=(cur - wd) % 7)
    # No tense: within the 4 days before or the 2 after (news reports the past more).
    return today + timedelta(days=(wd - cur + _WEEKDAY_BACK) % 7 - _WEEKDAY_BACK)


def _season_year(start: int, anchor: datetime, tense: str, rel: str | None) -> int:
    y, am = anchor.year, anchor.month
    if rel == "last":
        return y if start + _SEASON_MONTHS <= am else y - 1
    if rel == "next":
        return y if start > am else y + 1
    if rel == "this":
        return y
    if tense == "past":
        return y if start <= am else y - 1
    if tense == "future":
        return y if start + _SEASON_MONTHS > am else y + 1
    return y


def _year_of(s: str) -> int:
    """A four-digit or spelled-out year ("nineteen ninety-seven")."""
    if s.isdigit():
        return int(s)
    y = calendar.spelled_year(s)
    if y is None:
        raise ValueError(f"not a year: {s!r}")  # the patterns only let spelled years through
    return y


def _year(s: str) -> int:
    y = int(s)
    return y if len(s) == 4 else (2000 + y if y < _TWO_DIGIT_PIVOT else 1900 + y)


def _pmod(s: str | None) -> str | None:
    return lexicon().data["point_modifiers"].get(_key(s).rstrip("-")) if s else None


# ── handlers ────────────────────────────────────────────────────────────────────────

Handler = Callable[[re.Match[str], datetime | None, str], Result | None]


def _g(m: re.Match[str], name: str) -> str | None:
    return m.group(name) if name in m.re.groupindex else None


def h_iso(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if _safe_date(y, mo, d) is None:
        return None
    base = f"{y:04d}-{mo:02d}-{d:02d}"
    if m["H"]:
        return Result("TIME", f"{base}T{m['H']}:{m['M']}" + (f":{m['S']}" if m["S"] else ""))
    return Result("DATE", base)


def h_numeric(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    y, mo, d = _year(m["y"]), int(m["m"]), int(m["d"])
    return Result("DATE", f"{y:04d}-{mo:02d}-{d:02d}") if _safe_date(y, mo, d) else None


def _month_of(s: str) -> int:
    return lexicon().data["months"][_key(s)]


def h_month_day(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    month, day = _month_of(m["mon"]), int(re.match(r"\d+", m["d"]).group(0))
    if m["y"]:
        y = int(m["y"])
        return Result("DATE", f"{y:04d}-{month:02d}-{day:02d}") if _safe_date(y, month, day) else None
    value = _month_day(month, day, anchor, tense)
    if value and anchor is not None and m["wd"]:  # "Tuesday, May 14": the year whose May 14 is a Tuesday
        wd = lexicon().data["weekdays"][_key(m["wd"])]
        y = int(value[:4])
        for cand in (y, y - 1, y + 1):
            d = _safe_date(cand, month, day)
            if d is not None and d.isoweekday() == wd:
                value = d.isoformat()
                break
    return Result("DATE", value) if value else None


def h_month_year(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    return Result("DATE", f"{_year_of(m['y']):04d}-{_month_of(m['mon']):02d}", _pmod(m["pm"]))


def h_month(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    month = _month_of(m["mon"])
    rel = _key(m["rel"]).rstrip("-") if m["rel"] else None
    mod = _pmod(rel) if rel in ("early", "late", "mid") else None
    if rel in ("each", "every"):
        return Result("SET", f"XXXX-{month:02d}")  # "each July"
    if anchor is None:
        return Result("DATE", f"XXXX-{month:02d}", mod)
    if rel == "last":
        y = anchor.year if month < anchor.month else anchor.year - 1
    elif rel == "next":
        y = anchor.year if month > anchor.month else anchor.year + 1
    elif rel == "this":
        y = anchor.year
    else:
        y = _month_year(month, anchor, tense)
    return Result("DATE", f"{y}-{month:02d}", mod)


def h_weekday(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    wd = lexicon().data["weekdays"][_key(m["wd"])]
    rel = _key(m["rel"]) if m["rel"] else None
    part = lexicon().data["day_parts"].get(_key(m["part"])) if m["part"] else None
    suffix = f"T{part}" if part else ""
    if rel in ("each", "every") or m["pl"]:
        return Result("SET", f"XXXX-WXX-{wd}{suffix}")
    if anchor is None:
        return Result("DATE", f"XXXX-WXX-{wd}{suffix}")
    return Result("DATE", _weekday(wd, anchor, tense, rel).isoformat() + suffix)


def h_year(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    return Result("DATE", m["y"], _pmod(m["pm"]))


def h_decade(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    if m["dec"]:
        return Result("DATE", m["dec"][:3], _pmod(m["pm"]))
    if m["decw"]:  # "the nineties": this century's or the last, whichever is not ahead
        n = lexicon().data["decade_words"][_key(m["decw"])]
        century = 19 if anchor is None or 2000 + n * 10 > anchor.year else 20
        return Result("DATE", f"{century}{n}", _pmod(m["pm"]))
    d = m["dec2"]
    return Result("DATE", ("20" if d in ("00", "10") else "19") + d[0], _pmod(m["pm"]))


def h_century(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    o = _key(m["o"])
    n = lexicon().data["ordinals"].get(o)
    if n is None and o[0].isdigit():
        n = int(re.match(r"\d+", o).group(0))
    if not n or n > 30:
        return None
    return Result("DATE", f"{n - 1:02d}", _pmod(m["pm"]))


def h_fiscal(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    """ "fiscal 1989", "FY2019": the fiscal year's number, as TimeBank annotates it (the
    text keeps "fiscal"; its months depend on the company)."""
    return Result("DATE", str(_year(m["y"])))


def _resolve_part(kind: str, n: int, y: str | None, anchor: datetime | None, tense: str) -> Result:
    """Quarter (kind Q, n 1-4) or half (kind H, n 1-2) of a given or resolved year."""
    if y:
        return Result("DATE", f"{int(y)}-{kind}{n}")
    if anchor is None:
        return Result("DATE", f"XXXX-{kind}{n}")
    size = 3 if kind == "Q" else 6
    start = (n - 1) * size + 1
    year = anchor.year
    if tense == "past" and start > anchor.month:
        year -= 1
    elif tense == "future" and start + size - 1 < anchor.month - size:
        year += 1  # a quarter that ended just before is still reported on ("will report third-quarter")
    return Result("DATE", f"{year}-{kind}{n}")


def h_quarter(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    q = int(m["q"][1]) if m["q"] else lexicon().data["ordinals"].get(_key(m["qo"])) or int(m["qo"][0])
    year = m["y"] or m["y0"]
    if m["yrel"] and anchor is not None:  # "next year's first quarter"
        year = str(anchor.year + lexicon().data["shifts"][_key(m["yrel"])])
    return _resolve_part("Q", q, year, anchor, tense)


def h_half(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    n = int(m["h"][1]) if m["h"] else lexicon().data["ordinals"][_key(m["ho"])]
    return _resolve_part("H", n, m["y"], anchor, tense)


def h_season(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    d = lexicon().data
    s = d["seasons"][_key(m["s"])]
    rel = _key(m["rel"]).rstrip("-") if m["rel"] else None
    if rel == "this past":
        rel = "last"
    mod = _pmod(rel) if rel in ("early", "late", "mid") else None
    if m["y"]:
        return Result("DATE", f"{_year_of(m['y'])}-{s}", mod)
    if anchor is None:
        return Result("DATE", f"XXXX-{s}", mod)
    y = _season_year(
        d["season_start_month"][s], anchor, tense, rel if rel in ("last", "next", "this") else None
    )
    return Result("DATE", f"{y}-{s}", mod)


def h_day_rel(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    d = lexicon().data
    w = _key(m["w"])
    part = d["day_parts"].get(_key(m["part"])) if m["part"] else None
    if w == "tonight":
        part = part or "NI"
    if w in ("this", "last"):
        if part is None:
            return None
        offset = -1 if w == "last" else 0
        if w == "last" and part != "NI":
            return None  # "last morning" is not a date
    else:
        offset = d["relative_days"][w]
    suffix = f"T{part}" if part else ""
    if anchor is None:
        ref = {-1: "PAST_REF", 0: "PRESENT_REF", 1: "FUTURE_REF"}[offset]
        return Result("DATE", f"XXXX-XX-XX{suffix}" if part and offset == 0 else ref)
    return Result("DATE", (anchor.date() + timedelta(days=offset)).isoformat() + suffix)


def h_ref(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    return Result("DATE", lexicon().data["refs"][_key(m["r"])])


def h_shift(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    d = lexicon().data
    dir_ = _key(m["dir"])
    u = _key(m["u"])
    n = _num(m["n"])
    if m["n"] is not None and n is None:
        return None
    if m["the"] or n is not None or dir_ == "past":  # "the past week", "last two years"
        if u in ("quarter", "quarters") and n is not None and "this" not in dir_:
            return Result("DURATION", f"P{_fmt_n(n)}Q")  # "the past two quarters"
        if "this" in dir_ or dir_ == "current" or u in ("weekend", "weekends", "quarter", "quarters"):
            return None
        if n is None and dir_ in ("previous", "following"):  # "the previous year": anaphoric
            return None
        if n is None and d["units"].get(u, [""])[0] in ("D", "H", "M", "S") and u not in ("month", "months"):
            return None  # "the next day", "the last minute": not spans
        if n is None:
            n = "X" if u.endswith("s") else 1  # "the coming weeks": some weeks
        value = duration_value(n, u)
        return Result("DURATION", value) if value else None
    if u not in d["calendar_units"]:
        return None
    offset = d["shifts"][dir_]
    letter = {
        "week": "W",
        "month": "M",
        "year": "Y",
        "quarter": "Q",
        "decade": "DE",
        "century": "CE",
        "weekend": "WE",
        "fortnight": "W",
    }[u]
    if anchor is None:
        return Result("DATE", {-1: "PAST_REF", 0: "PRESENT_REF", 1: "FUTURE_REF"}[offset])
    return shift(anchor, letter, offset)


def h_ago(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    d = lexicon().data
    sign = d["ago"][_key(m["dir"])]
    ref = "PAST_REF" if sign < 0 else "FUTURE_REF"
    n = _num(m["n"]) if m["n"] else "X"
    if n is None:
        return None
    letter, factor, is_time = d["units"][_key(m["u"])][:3]
    if anchor is None or n == "X":
        return Result("DATE", ref)
    out = shift(anchor, letter, sign * n * factor, is_time=is_time)
    if letter == "Y" and n * factor == 1:
        # "a year ago" in an earnings story: the year-ago quarter when one is in discussion
        return out._replace(ref=Ref("=", sign, quarter="only"))
    return out


def h_duration(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    n = _num(m["n"])
    u = _key(m["u"])
    if n is None or (_key(m["n"]) in ("a", "an") and (u == "second" or re.search(r"(?i)\ban?-", m[0]))):
        return None  # "a second term", "£1m-a-year"
    if (m["half"] or m["half2"]) and n != "X":
        n = n + 0.5
    value = duration_value(n, u)
    mod = lexicon().data["modifiers"].get(_key(m["mod"])) if m["mod"] else None
    return Result("DURATION", value, mod) if value else None


_HALF = {"hour": "PT30M", "day": "PT12H", "year": "P6M", "decade": "P5Y", "century": "P50Y"}


def h_half_unit(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    mod = lexicon().data["modifiers"].get(_key(m["mod"])) if m["mod"] else None
    return Result("DURATION", _HALF[_key(m["u"])], mod)


def h_vague(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    value = duration_value("X", m["u"])
    return Result("DURATION", value) if value else None


def h_set_word(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    return Result("SET", lexicon().data["set_words"][_key(m["w"])])


def h_set_q(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    d = lexicon().data
    u = _key(m["u"])
    if u in d["day_parts"]:
        return Result("SET", f"XXXX-XX-XXT{d['day_parts'][u]}")
    n = _num(m["n"]) if m["n"] else 1
    if n is None or n == "X":
        return None
    n *= d["set_quantifiers"][_key(m["q"])]
    value = duration_value(n, u)
    return Result("SET", value) if value else None


def h_freq(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    value = duration_value(1, m["u"])
    return Result("SET", value) if value else None


def h_time(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    if _g(m, "tw"):
        hm = lexicon().data["time_words"][_key(m["tw"])]
    else:
        h = int(m["h"])
        mi = int(m["mi"] or m["mi2"] or 0)
        ap = (m["ap"] or m["ap2"] or m["ap3"] or "").lower().replace(".", "")
        if ap and not 1 <= h <= 12:
            return None
        if ap == "pm" and h < 12:
            h += 12
        elif ap == "am" and h == 12:
            h = 0
        hm = f"{h:02d}:{mi:02d}"
    day = anchor.date().isoformat() if anchor is not None else "XXXX-XX-XX"
    return Result("TIME", f"{day}T{hm}")


def _unit_letter(u: str) -> str:
    return {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}[_key(u).rstrip("s")]


def h_rel_offset(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    """ "a year earlier", "two days later": from the last reference time, else the anchor."""
    n = _num(m["n"])
    if not isinstance(n, int):
        return None
    u = _key(m["u"])
    sign = -1 if _key(m["dir"]) == "earlier" else 1
    if u.rstrip("s") == "decade":
        letter, n = "Y", n * 10
    else:
        letter = _unit_letter(u)
    fallback = shift(anchor, letter, sign * n).value if anchor is not None else ""
    if letter == "Y":
        return Result("DATE", fallback, None, Ref("=", sign * n, quarter="only"))
    if letter == "Q":
        return Result("DATE", fallback, None, Ref("Q", sign * n))
    return Result("DATE", fallback, None, Ref(letter, sign * n))


def h_year_ago(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    """ "year-earlier", "the year-ago quarter", "the year-ago third quarter": a year before
    the quarter (or date) in discussion."""
    if m["qo"]:
        n = lexicon().data["ordinals"].get(_key(m["qo"])) or int(m["qo"][0])
        base = _resolve_part("Q", n, None, anchor, "past")
        if anchor is None:
            return base
        return Result("DATE", f"{int(base.value[:4]) - 1}{base.value[4:]}")
    fallback = str(anchor.year - 1) if anchor is not None else "PAST_REF"
    return Result("DATE", fallback, None, Ref("=", -1, quarter="prefer"))


def h_quarter_ref(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    """ "the quarter", "the latest quarter", "the latest period", "the 1988 quarter": the
    quarter in discussion; without one, the last quarter ended (or the current one)."""
    adj = _key(m["adj"]) if m["adj"] else ""
    noun = _key(m["noun"])
    year = int(m["y0"]) if m["y0"] else None
    if anchor is None:
        fallback = "XXXX-QX" if year is None else f"{year}-QX"
    else:
        cur = Result("DATE", f"{anchor.year}-Q{(anchor.month - 1) // 3 + 1}")
        if adj == "current" or _key(m["det"]) == "this":
            return cur if year is None else None
        last = shift(anchor, "Q", -1)
        if adj in ("latest", "most recent", "just-ended", "just ended") and year is None:
            return last  # the last quarter ended, whatever quarter was mentioned before
        fallback = last.value if year is None else f"{year}-{last.value[5:]}"
    if noun == "period" and not adj and year is None:
        fallback = ""  # "the period" alone is only a quarter when one is in discussion
    return Result("DATE", fallback, None, Ref("Q", 0, quarter="only", year=year))


_ANAPHOR_UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y", "quarter": "Q"}


def h_anaphor(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    """ "that year", "the following month", "the next day", "the day before", "that morning"."""
    d = lexicon().data
    u = _key(m["u"] or m["u2"] or m["u3"])
    part = d["day_parts"].get(u)
    letter = "D" if part else _ANAPHOR_UNITS[u]
    w = _key(m["w"] or m["w2"] or m["post"] or "that").removeprefix("the ")
    if w == "same":
        w = "that"
    offset = {
        "that": 0,
        "that same": 0,
        "following": 1,
        "next": 1,
        "after": 1,
        "later": 1,
        "previous": -1,
        "preceding": -1,
        "prior": -1,
        "before": -1,
        "earlier": -1,
    }[w]
    if anchor is None:
        fallback = ""
    else:
        fallback = shift(anchor, letter, offset).value + (f"T{part}" if part else "")
    return Result("DATE", fallback, None, Ref(letter, offset, part=part))


def h_weekday_anaphor(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    """ "the previous Friday", "the following Monday": relative to the day in discussion."""
    wd = lexicon().data["weekdays"][_key(m["wd"])]
    back = _key(m["w"]) in ("previous", "preceding", "prior")
    fallback = ""
    if anchor is not None:
        fallback = _weekday(wd, anchor, tense, "last" if back else "next").isoformat()
    return Result("DATE", fallback, None, Ref("D", -1 if back else 1, weekday=wd))


def h_month_rel_year(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    """ "June last year", "January this year", "early October next year"."""
    month = _month_of(m["mon"])
    off = lexicon().data["shifts"][_key(m["rel"])]
    if anchor is None:
        return Result("DATE", f"XXXX-{month:02d}", _pmod(m["pm"]))
    return Result("DATE", f"{anchor.year + off}-{month:02d}", _pmod(m["pm"]))


def h_weekend(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    """ "the weekend": the one just past, unless the clause looks ahead."""
    if anchor is None:
        return Result("DATE", "XXXX-WXX-WE")
    today = anchor.date()
    wd = today.isoweekday()
    if tense == "future":
        sat = today + timedelta(days=(6 - wd) % 7)
    else:
        sat = today - timedelta(days=(wd - 6) % 7)
    return Result("DATE", _week(sat) + "-WE")


def h_holiday(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    """ "Thanksgiving Day", "last Christmas", "Election Day 1998": the holiday's date."""
    key = calendar.holiday_key(m["h"])
    if key is None:
        return None
    if m["y"]:
        d = calendar.holiday_date(key, _year_of(m["y"]))
        return Result("DATE", d.isoformat()) if d else None
    if anchor is None:
        return Result("DATE", "XXXX-XX-XX")
    rel = _key(m["rel"]) if m["rel"] else None
    tense = {"last": "past", "next": "future"}.get(rel or "", tense)
    y = _pick_year(lambda c: calendar.holiday_date(key, c), anchor, tense)
    if rel == "last" and (d := calendar.holiday_date(key, y)) is not None and d >= anchor.date():
        y -= 1
    d = calendar.holiday_date(key, y)
    return Result("DATE", d.isoformat()) if d else None


def h_spelled_year(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    return Result("DATE", str(_year_of(m["y"])))


def h_year_end(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    """ "year-end", "by year's end", "the end of the month": the current one, or under a past
    verb the last one over ("since year-end")."""
    unit = "M" if m["mo"] else "Y"
    if anchor is None:
        return Result("DATE", "XXXX-XX" if unit == "M" else "XXXX", "END")
    last = tense == "past" and not (unit == "Y" and anchor.month == 12)
    out = shift(anchor, unit, -1 if last else 0)
    return Result("DATE", out.value, "END")


def h_the_year(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    """ "the full year", "the current fiscal year", "for the year": the publication's year;
    "the year ended June 30" is a span."""
    if re.match(r"\s+(?:ended|ending|to)\b", m.string[m.end() :]):
        return Result("DURATION", "P1Y")
    if anchor is None:
        return Result("DATE", "PRESENT_REF")
    return Result("DATE", str(anchor.year))


def h_vague_span(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    """ "recent weeks", "coming months", "the past few days", "the weeks ahead": an
    uncounted span (PXW…)."""
    u = _key(m["u"] or m["u2"])
    if u == "quarters":
        return Result("DURATION", "PXQ")
    value = duration_value("X", u)
    return Result("DURATION", value) if value else None


def h_long_adjective(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    """ "day-long meeting", "decades-long battle", "two-week-long strike"."""
    n = _num(m["n"]) if m["n"] else ("X" if _key(m["u"]).endswith("s") else 1)
    if n is None:
        return None
    value = duration_value(n, m["u"])
    return Result("DURATION", value) if value else None


def h_while(m: re.Match[str], anchor: datetime | None, tense: str) -> Result | None:
    return Result("DURATION", "PXX")  # "for a while": some unspecified span


# ── patterns ────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Handler
    tensed: bool = False  # the value depends on the clause's tense
    check: Callable[[re.Match[str], str], bool] | None = None
    triggers: frozenset[str] | None = None  # words (or "#": digits) every match contains

    def accept(self, m: re.Match[str], text: str) -> bool:
        return self.check is None or self.check(m, text)


def _capitalized(m: re.Match[str], text: str) -> bool:
    return all(not m[g] or m[g][0].isupper() for g in ("mon", "wd") if g in m.re.groupindex)


def _month_ok(m: re.Match[str], text: str) -> bool:
    if not _capitalized(m, text):
        return False
    d = lexicon().data
    if _key(m["mon"]).rstrip(".") in d["ambiguous_months"] and not m["rel"]:
        return bool(m["pre"]) and _key(m["pre"]) in d["month_context"]
    return True


def _season_ok(m: re.Match[str], text: str) -> bool:
    d = lexicon().data
    pre = _key(m["pre"]) if m["pre"] else None
    if m["rel"] or m["y"]:
        return True
    if _key(m["s"]) in d["verb_like_seasons"]:
        return pre == "the" and not re.match(r"\s+of\b", text[m.end() :])
    return pre in d["season_context"]


def _period_ok(m: re.Match[str], text: str) -> bool:
    # "the period when …", "the period from May to June": a span the text goes on to define
    return _key(m["noun"]) != "period" or not re.match(
        r"\s+(?:when|in\s+which|between|from)\b", text[m.end() :]
    )


def _set_word_ok(m: re.Match[str], text: str) -> bool:
    # "Daily Mail", "Weekly Standard": a capitalized set word before a name is a title
    return not (m["w"][0].isupper() and re.match(r"\s+[A-Z]", text[m.end() :]))


def _letter_ok(group: str) -> Callable[[re.Match[str], str], bool]:
    return lambda m, text: not m[group] or m[group][0].isupper()


JOINER = re.compile(r"\s*,?\s*(?:at|from|by|around|about)?\s*", re.IGNORECASE)
TIME_THEN_DAY = re.compile(r"\s*,?\s*(?:on\s+)?", re.IGNORECASE)
FULL_DAY = re.compile(r"\d{4}-\d\d-\d\d")
PERFECT_LEAD = re.compile(r"\b(?:for|over|in)\s+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _rules() -> tuple[Rule, ...]:
    d = lexicon().data
    MON = _alt(d["months"])
    WD = _alt(d["weekdays"])
    DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    ones = [k for k, v in d["numbers"].items() if 1 <= v <= 9 and " " not in k and k not in ("a", "an")]
    tens = [k for k, v in d["numbers"].items() if v >= 20 and v % 10 == 0 and " " not in k]
    NUM = rf"(?:\d{{1,3}}(?:\s+|-)?(?:1/2|1/4|3/4)|\d{{1,3}}[½¼¾]|\d{{1,3}}(?:\.\d+)?|(?:{_alt(tens)})[\s-](?:{_alt(ones)})|{_alt(d['vague_numbers'])}|{_alt(d['numbers'])})"
    UNITS = _alt(d["units"])
    PM = _alt(k for k in d["point_modifiers"] if not k.endswith("-"))
    MODS = _alt(d["modifiers"])
    ORD = _alt(d["ordinals"])
    PARTS = _alt(d["day_parts"])
    ZONES = rf"(?-i:{_alt(d['zones'])})"
    AP = r"a\.m\.|p\.m\.|a\.m|p\.m|am|pm"
    SPELLED = calendar.spelled_year_pattern()
    B, E = r"(?<![\w'’])", r"(?![\w])"
    R: list[Rule] = []

    def words(*tables: str, extra: str = "") -> frozenset[str]:
        found: set[str] = set(extra.split())
        for table in tables:
            for key in d[table]:
                found.update(w for w in re.split(r"[\W_]+", key.lower()) if w and w not in _STOP)
        return frozenset(found)

    DIGITS = frozenset({"#"})
    UNIT_WORDS = words("units", extra="quarter quarters weekend weekends")
    triggers = {
        "iso": DIGITS,
        "numeric": DIGITS,
        "year": DIGITS,
        "time": DIGITS,
        "mdy": words("months"),
        "dmy": words("months"),
        "month_year": words("months"),
        "month": words("months"),
        "month_rel_year": words("months"),
        "weekday": words("weekdays"),
        "weekday_anaphor": words("weekdays"),
        "decade": DIGITS | words("decade_words"),
        "century": frozenset({"century", "centuries"}),
        "fiscal": frozenset({"fiscal", "fy", "#"}),
        "quarter": frozenset({"quarter", "q", "#"}),  # "Q3" is the words "Q" and "3"
        "half": frozenset({"half", "h", "#"}),
        "season": words("seasons"),
        "rel_offset": UNIT_WORDS,
        "year_ago": frozenset({"year"}),
        "quarter_ref": frozenset({"quarter", "period"}),
        "anaphor": words("day_parts", extra="day week month year"),
        "year_end": frozenset({"year", "month"}),
        "the_year": frozenset({"year"}),
        "spelled_year": words("numbers"),
        "day_rel": words("day_parts", extra="this last yesterday today tomorrow tonight"),
        "ref": words("refs"),
        "shift": UNIT_WORDS,
        "ago": words("ago"),
        "duration": UNIT_WORDS,
        "half_unit": frozenset({"half"}),
        "vague": UNIT_WORDS,
        "vague_span": UNIT_WORDS,
        "long_adjective": frozenset({"long"}),
        "while": frozenset({"while"}),
        "set_word": words("set_words"),
        "set_q": UNIT_WORDS | words("day_parts"),
        "freq": UNIT_WORDS,
        "time_word": words("time_words"),
        "weekend": frozenset({"weekend"}),
        "holiday": frozenset(
            w
            for name in calendar.holiday_names()
            for w in re.split(r"[\W_]+", name.lower())
            if w and w not in _STOP
        ),
    }

    def add(name: str, pat: str, handler: Handler, **kw: Any) -> None:
        R.append(Rule(name, re.compile(pat, re.IGNORECASE), handler, triggers=triggers.get(name), **kw))

    add(
        "iso",
        r"(?<![\w-])(?P<y>\d{4})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
        r"(?:T(?P<H>[01]\d|2[0-3]):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)?(?![\w-])",
        h_iso,
    )
    add(
        "numeric",
        r"(?<![\w/.-])(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])/(?P<y>\d{4}|\d{2})(?![\w/])",
        h_numeric,
    )
    add(
        "mdy",
        rf"{B}(?:(?P<wd>{WD}),?\s+)?(?P<mon>{MON})\s+(?P<d>{DAY}){E}(?!,\d)(?:,?\s+(?P<y>\d{{4}}){E})?",
        h_month_day,
        tensed=True,
        check=_capitalized,
    )
    add(
        "dmy",
        rf"{B}(?:(?P<wd>{WD}),?\s+)?(?:the\s+)?(?P<d>{DAY})(?:\s+of)?\s+(?P<mon>{MON}){E}"
        rf"(?:,?\s+(?P<y>\d{{4}}){E})?",
        h_month_day,
        tensed=True,
        check=_capitalized,
    )
    add(
        "month_year",
        rf"{B}(?:(?P<pm>{PM})[\s-]*)?(?P<mon>{MON})(?:,?\s+|\s+of\s+)(?P<y>\d{{4}}|{SPELLED}){E}",
        h_month_year,
        check=_capitalized,
    )
    add(
        "month",
        rf"{B}(?:(?!(?:last|next|this|early|late|mid|each|every)\b)(?P<pre>[\w'’-]+)\s+)?(?P<x>(?:(?P<rel>last|next|this|early|late|mid|each|every)[\s-]+)?"
        rf"(?P<mon>{MON})){E}",
        h_month,
        tensed=True,
        check=_month_ok,
    )
    add(
        "weekday",
        rf"{B}(?P<x>(?:(?P<rel>last|next|this|coming|each|every)\s+)?(?P<wd>{WD})(?P<pl>s)?"
        rf"(?:\s+(?P<part>{PARTS}))?){E}",
        h_weekday,
        tensed=True,
        check=_capitalized,
    )
    add(
        "year",
        r"(?<![\w$£€.,:/])(?:(?P<pm>early|late|mid)[\s-]+)?(?P<y>(?:1[5-9]|20)\d\d)"
        r"(?![\w%]|[.,:/]\d|-\d{1,2}(?!\d)|\s*(?:per\s*cent|percent))",
        h_year,
    )
    add(
        "decade",
        rf"{B}(?:the\s+)?(?:(?P<pm>early|late|mid)[\s-]+)?(?:(?P<dec>(?:1\d|20)\d0)['’]?s|"
        rf"['’](?P<dec2>\d0)s|(?P<decw>{_alt(d['decade_words'])})){E}",
        h_decade,
    )
    add(
        "century",
        rf"{B}(?:the\s+)?(?:(?P<pm>early|late|mid)[\s-]+)?(?P<o>{ORD}|\d{{1,2}}(?:st|nd|rd|th))"
        rf"[\s-]+century{E}",
        h_century,
    )
    add(
        "fiscal",
        rf"{B}(?:fiscal(?:\s+year)?\s+|(?-i:FY)\s?)(?P<y>\d{{4}}|\d{{2}})(?:[-/–](?P<y2>\d{{2,4}}))?{E}",
        h_fiscal,
    )
    add(
        "quarter",
        rf"{B}(?:(?P<q>Q[1-4])|(?:the\s+)?(?:(?P<y0>(?:19|20)\d\d)\s+|(?P<yrel>last|this|next)\s+year['’]s\s+)?"
        rf"(?:fiscal\s+)?(?P<qo>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+"
        rf"quarter)(?:(?:\s+of(?:\s+the)?(?:\s+fiscal)?(?:\s+year)?)?\s+(?P<y>\d{{4}}))?{E}",
        h_quarter,
        tensed=True,
        check=_letter_ok("q"),
    )
    add(
        "half",
        rf"{B}(?:(?P<h>H[12])|(?:the\s+)?(?P<ho>first|second)\s+half\s+of(?:\s+the\s+year|(?=\s+\d{{4}})))"
        rf"(?:\s+(?:of\s+)?(?P<y>\d{{4}}))?{E}",
        h_half,
        tensed=True,
        check=_letter_ok("h"),
    )
    add(
        "season",
        rf"{B}(?:(?P<pre>in|the|during|by|until|since|over|through)\s+)?(?P<x>(?:(?P<rel>this\s+past|last|next|this|"
        rf"early|late|mid)[\s-]+)?(?P<s>{_alt(d['seasons'])})(?:\s+(?:of\s+)?(?P<y>\d{{4}}|{SPELLED}))?){E}",
        h_season,
        tensed=True,
        check=_season_ok,
    )
    add(
        "rel_offset",
        rf"{B}(?P<n>{NUM})\s+(?P<u>days?|weeks?|months?|quarters?|years?|decades?)\s+(?P<dir>earlier|later)"
        rf"{E}(?!\s+than)",
        h_rel_offset,
    )
    add(
        "year_ago",
        rf"{B}(?:(?:the\s+)?(?:(?:comparable|corresponding|same)\s+)?year[\s-](?:earlier|ago)\s+"
        rf"(?:(?P<qo>first|second|third|fourth)[\s-]+quarter|quarter|period)|year-(?:earlier|ago)|"
        rf"(?:the\s+)?(?:quarter|period)\s+a\s+year\s+(?:ago|earlier)|"
        rf"(?:the\s+)?(?:corresponding|comparable|same)\s+(?:quarter|period)\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year)|"
        rf"last\s+year['’]s\s+(?:quarter|period)){E}(?!-)",
        h_year_ago,
    )
    add(
        "quarter_ref",
        rf"{B}(?P<det>the|that|this)\s+(?:(?P<y0>(?:19|20)\d\d)\s+|(?P<adj>latest|same|current|most\s+recent|"
        rf"just-ended|just\s+ended|comparable|fiscal)\s+)?(?P<noun>quarter|period){E}(?!-)(?!\s+of\b)",
        h_quarter_ref,
        check=_period_ok,
    )
    add(
        "anaphor",
        rf"{B}(?:(?:(?P<w>that(?:\s+same)?|the\s+same|the\s+(?:following|previous|preceding|prior))\s+|"
        rf"(?:earlier|later|late|early)\s+that\s+)(?P<u>day|week|month|year|{PARTS})|"
        rf"the\s+(?P<w2>next)\s+(?P<u2>day|{PARTS})|"
        rf"the\s+(?P<u3>day|week|month|year)\s+(?P<post>before|after|earlier|later)(?=\s*[,.;:!?)'\"’”]))"
        rf"{E}",
        h_anaphor,
    )
    add(
        "weekday_anaphor",
        rf"{B}the\s+(?P<w>previous|preceding|prior|following)\s+(?P<wd>{WD}){E}",
        h_weekday_anaphor,
        tensed=True,
        check=_capitalized,
    )
    add(
        "month_rel_year",
        rf"{B}(?:(?P<pm>{PM})[\s-]*)?(?P<mon>{MON})(?:\s+of)?\s+(?P<rel>last|this|next)\s+year{E}(?!['’]s)",
        h_month_rel_year,
        check=_capitalized,
    )
    add("weekend", rf"{B}the\s+weekend{E}", h_weekend, tensed=True)
    add(
        "year_end",
        rf"{B}(?:(?:around|by|at|since|before|until)\s+)?(?P<x>year[\s-]end|year['’]s\s+end|the\s+end\s+of\s+the\s+"
        rf"(?:(?P<mo>month)|year)){E}(?!-)",
        h_year_end,
        tensed=True,
    )
    add(
        "the_year",
        rf"{B}(?:(?P<pre>for|in|during|throughout|of|through)\s+)?(?P<x>the\s+(?:(?:full|current|whole|entire|latest)\s+)?"
        rf"(?:fiscal\s+|calendar\s+)?year){E}(?!['’-])",
        h_the_year,
        check=lambda m, text: bool(m["pre"]) or bool(re.match(r"the\s+\w+\s", m["x"])),
    )
    add(
        "holiday",
        rf"{B}(?:(?P<rel>last|next|this)\s+)?(?P<h>{calendar.holiday_pattern()})(?:,?\s+(?P<y>\d{{4}}|{SPELLED}))?{E}",
        h_holiday,
        tensed=True,
        check=lambda m, text: any(c.isupper() for c in m["h"]),
    )
    add(
        "spelled_year",
        rf"{B}(?:the\s+year\s+)?(?P<y>{SPELLED}){E}(?![\s-]+(?:{UNITS}|{_alt(d['numbers'])}|hundred|thousand|million|percent|dollars)\b)",
        h_spelled_year,
    )
    add(
        "day_rel",
        rf"{B}(?P<w>this|last|yesterday|today|tomorrow|tonight)(?:\s+(?P<part>{PARTS}))?{E}",
        h_day_rel,
    )
    add("ref", rf"{B}(?P<r>{_alt(d['refs'])}){E}", h_ref)
    add(
        "shift",
        rf"{B}(?P<the>the\s+)?(?P<dir>{_alt(d['shifts'])})\s+(?:(?P<n>{NUM})\s+)?"
        rf"(?P<u>{UNITS}|quarters?|weekends?){E}",
        h_shift,
    )
    add(
        "ago",
        rf"{B}(?:(?P<mod>{MODS})\s+)?(?:(?P<n>{NUM})\s+)?(?P<u>{UNITS})\s+(?P<dir>{_alt(d['ago'])}){E}",
        h_ago,
    )
    add(
        "duration",
        rf"{B}(?:(?P<mod>{MODS})\s+)?(?:the\s+(?:{_alt(d['span_ordinals'])})\s+)?(?P<n>{NUM})(?P<half2>\s+and\s+a\s+half)?(?:\s+|-)"
        rf"(?:(?:more|additional|extra|further)\s+)?(?P<u>{UNITS})(?P<half>\s+and\s+a\s+half)?{E}(?!-?\s*old\b)",
        h_duration,
    )
    add(
        "half_unit",
        rf"{B}(?:(?P<mod>{MODS})\s+)?(?:an?\s+)?half\s+(?:an?\s+)?(?P<u>hour|day|year|decade|century){E}",
        h_half_unit,
    )
    add(
        "vague",
        rf"{B}(?:{_alt(d['vague_duration_context'])})\s+(?P<x>(?P<u>seconds|minutes|hours|days|weeks|months|"
        rf"years|decades|centuries)){E}(?!\s+(?:ago|of|later|earlier|before|after|to\s+come|old))",
        h_vague,
    )
    add(
        "vague_span",
        rf"{B}(?:the\s+)?(?:recent|coming|past\s+few|next\s+few|last\s+few)\s+(?P<u>days|weeks|months|quarters|decades)"
        rf"(?:\s+and\s+(?:days|weeks|months|years))?{E}|"
        rf"{B}the\s+(?P<u2>days|weeks|months|years)\s+ahead{E}",
        h_vague_span,
    )
    add(
        "long_adjective",
        rf"{B}(?:(?P<n>{NUM})-)?(?P<u>{UNITS})-long{E}",
        h_long_adjective,
    )
    add(
        "while",
        rf"{B}(?:for\s+)?(?P<x>a\s+(?:little\s+|long\s+|short\s+)?while){E}(?!\s+(?:ago|back|later|before|after))",
        h_while,
    )
    add("set_word", rf"{B}(?P<w>{_alt(d['set_words'])}){E}", h_set_word, check=_set_word_ok)
    add(
        "set_q",
        rf"{B}(?P<q>{_alt(d['set_quantifiers'])})\s+(?:(?P<n>{NUM})\s+)?(?P<u>{UNITS}|{PARTS}){E}",
        h_set_q,
    )
    add(
        "freq",
        rf"{B}(?:(?P<f>{_alt(d['frequencies'])})|(?P<n>{NUM})\s+times)\s+(?:a|an|per|each|every)\s+"
        rf"(?P<u>{UNITS}){E}",
        h_freq,
    )
    add(
        "time",
        rf"(?<![\w:.,$£€])(?P<h>[01]?\d|2[0-3])(?::(?P<mi>[0-5]\d)(?:\s*(?P<ap>{AP}))?|\.(?P<mi2>[0-5]\d)\s*"
        rf"(?P<ap2>{AP})|\s*(?P<ap3>{AP}))(?![\w])(?!:\d)(?:\s+(?P<z>{ZONES}){E})?",
        h_time,
    )
    add("time_word", rf"{B}(?P<tw>{_alt(d['time_words'])})(?:\s+(?P<z>{ZONES}){E})?{E}", h_time)
    return tuple(R)


_STOP = frozenset(
    {"the", "of", "in", "at", "on", "to", "an", "a", "and", "upon", "these", "right", "this", "that"}
)

# Every rule match contains one of its rule's trigger words (or digits) and reaches no
# further than this from it (the longest match on TempEval-3 is 34 characters; the rest is
# room for runs of whitespace), so a rule need only run this close to its triggers.
TRIGGER_MARGIN = 80


_TOKEN = re.compile(r"\d+|[^\W\d_]+")


@lru_cache(maxsize=1)
def _trigger_index() -> tuple[re.Pattern[str], dict[str, tuple[int, ...]], tuple[int, ...]]:
    """One scan for every rule's triggers: the pattern, trigger word → rule orders, and the
    orders of rules without triggers (they run on the whole text)."""
    by_word: dict[str, list[int]] = {}
    untriggered = []
    for order, rule in enumerate(_rules()):
        if rule.triggers is None:
            untriggered.append(order)
            continue
        for w in rule.triggers:
            by_word.setdefault(w, []).append(order)
    return _TOKEN, {w: tuple(v) for w, v in by_word.items()}, tuple(untriggered)


def rule_windows(text: str) -> list[list[tuple[int, int]]]:
    """For each rule (in order), the merged stretches of ``text`` within TRIGGER_MARGIN
    characters of one of its triggers, found in a single scan."""
    pattern, by_word, untriggered = _trigger_index()
    n = len(text)
    out: list[list[list[int]]] = [[] for _ in range(len(_rules()))]
    for m in pattern.finditer(text):
        word = m.group(0)
        if word[0].isdigit():
            orders = by_word.get("#", ())
        else:
            word = word.lower()
            orders = (
                by_word.get(word) or by_word.get(word[:-1], ()) if word[-1] == "s" else by_word.get(word, ())
            )
        s, e = max(0, m.start() - TRIGGER_MARGIN), min(n, m.end() + TRIGGER_MARGIN)
        for order in orders:
            spans = out[order]
            if spans and s <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], e)
            else:
                spans.append([s, e])
    for order in untriggered:
        out[order] = [[0, n]]
    return [[(s, e) for s, e in spans] for spans in out]


def bare_plural(text: str) -> Result | None:
    """A bare plural unit standing alone ("weeks") is an unspecified duration."""
    k = _key(text)
    u = lexicon().data["units"].get(k)
    if u is None or not k.endswith("s") or k.endswith("ss"):
        return None
    value = duration_value("X", k)
    return Result("DURATION", value) if value else None


class _Rules:
    """Lazy sequence: the table is compiled on first use, once per process."""

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(_rules())

    def __len__(self) -> int:
        return len(_rules())


RULES = _Rules()
