"""Calendar knowledge for the timex stage: holiday dates and names, years spelled in words."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources

import pytest

from dateline.nlp import timex_calendar as cal


def _json_keys() -> list[str]:
    raw = resources.files("dateline.nlp").joinpath("data", "holidays.json").read_text("utf-8")
    return [h["key"] for h in json.loads(raw)["holidays"]]


# ── holiday dates ───────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("key", "year", "expected"),
    [
        ("thanksgiving", 1999, date(1999, 11, 25)),
        ("thanksgiving", 2019, date(2019, 11, 28)),
        ("election_day", 1998, date(1998, 11, 3)),
        ("election_day", 2020, date(2020, 11, 3)),
        ("election_day", 2016, date(2016, 11, 8)),  # 1 November is a Tuesday: not Election Day
        ("easter", 2000, date(2000, 4, 23)),
        ("easter", 2019, date(2019, 4, 21)),
        ("easter", 1998, date(1998, 4, 12)),
        ("easter", 2008, date(2008, 3, 23)),
        ("easter", 1818, date(1818, 3, 22)),  # earliest possible
        ("easter", 2038, date(2038, 4, 25)),  # latest possible
        ("easter", 1900, date(1900, 4, 15)),
        # Other centuries, other solar and lunar corrections (values from dateutil.easter).
        ("easter", 1583, date(1583, 4, 10)),
        ("easter", 1650, date(1650, 4, 17)),
        ("easter", 1700, date(1700, 4, 11)),
        ("easter", 2100, date(2100, 3, 28)),
        ("easter", 2200, date(2200, 4, 6)),
        ("easter", 2285, date(2285, 3, 22)),
        ("easter", 2400, date(2400, 4, 16)),
        ("good_friday", 2019, date(2019, 4, 19)),
        ("easter_monday", 2019, date(2019, 4, 22)),
        ("ash_wednesday", 2019, date(2019, 3, 6)),
        ("memorial_day", 2019, date(2019, 5, 27)),
        ("memorial_day", 2021, date(2021, 5, 31)),  # 31 May is itself the last Monday
        ("labor_day", 2019, date(2019, 9, 2)),
        ("labor_day", 2025, date(2025, 9, 1)),  # 1 September is itself the first Monday
        ("martin_luther_king_day", 2020, date(2020, 1, 20)),
        ("presidents_day", 2020, date(2020, 2, 17)),
        ("mothers_day", 2019, date(2019, 5, 12)),
        ("christmas", 2019, date(2019, 12, 25)),
        ("christmas_eve", 1999, date(1999, 12, 24)),
        ("independence_day", 1776, date(1776, 7, 4)),
        ("new_years_eve", 1999, date(1999, 12, 31)),
        ("halloween", 2001, date(2001, 10, 31)),
        ("veterans_day", 2018, date(2018, 11, 11)),
    ],
)
def test_holiday_date(key: str, year: int, expected: date) -> None:
    assert cal.holiday_date(key, year) == expected


def test_holiday_date_unknown_key_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown holiday key"):
        cal.holiday_date("Thanksgiving", 2019)  # a surface form, not a key


@pytest.mark.parametrize("key", _json_keys())
def test_every_holiday_has_a_date_every_year(key: str) -> None:
    dates = [cal.holiday_date(key, y) for y in range(1900, 2101)]
    assert all(isinstance(d, date) for d in dates)
    assert [d.year for d in dates] == list(range(1900, 2101))  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("key", "weekday", "month", "days"),
    [
        ("thanksgiving", 3, 11, range(22, 29)),
        ("election_day", 1, 11, range(2, 9)),
        ("memorial_day", 0, 5, range(25, 32)),
        ("labor_day", 0, 9, range(1, 8)),
        ("martin_luther_king_day", 0, 1, range(15, 22)),
        ("presidents_day", 0, 2, range(15, 22)),
        ("easter", 6, None, None),
        ("good_friday", 4, None, None),
    ],
)
def test_holiday_weekday_and_window(key: str, weekday: int, month: int | None, days: range | None) -> None:
    for year in range(1900, 2101):
        d = cal.holiday_date(key, year)
        assert d is not None and d.weekday() == weekday, (key, year, d)
        if month is not None and days is not None:
            assert d.month == month and d.day in days, (key, year, d)


def test_easter_window() -> None:
    for year in range(1583, 3000):
        assert date(year, 3, 22) <= cal.easter(year) <= date(year, 4, 25), year


# ── holiday names ───────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Thanksgiving", "thanksgiving"),
        ("Thanksgiving Day", "thanksgiving"),
        ("THANKSGIVING  DAY", "thanksgiving"),
        ("Christmas", "christmas"),
        ("Christmas Day", "christmas"),
        ("Christmas Eve", "christmas_eve"),
        ("New Year’s Day", "new_years_day"),
        ("New Year's Eve", "new_years_eve"),
        ("new years eve", "new_years_eve"),
        ("Valentine’s Day", "valentines_day"),
        ("Presidents' Day", "presidents_day"),
        ("President’s Day", "presidents_day"),
        ("St Patrick's Day", "st_patricks_day"),
        ("St. Patrick’s Day", "st_patricks_day"),
        ("Martin Luther King Jr. Day", "martin_luther_king_day"),
        ("MLK Day", "martin_luther_king_day"),
        ("the Fourth of July", "independence_day"),
        ("Independence Day", "independence_day"),
        ("Easter", "easter"),
        ("Easter Sunday", "easter"),
        ("Good Friday", "good_friday"),
        ("Election Day", "election_day"),
        ("Halloween Day", "halloween"),  # a trailing "day" the data does not list
        ("May Day", "may_day"),
        ("may day", "may_day"),  # any case: capitalisation is the caller's check
        ("Boxing Day", "boxing_day"),
        ("Bastille Day", "bastille_day"),
        ("Guy Fawkes Night", "guy_fawkes_night"),
        ("Veterans Day", "veterans_day"),
        ("Independence", None),
        ("Labor", None),
        ("May", None),
        ("Memorial", None),
        ("Easter egg", None),
        ("National Day", None),
        ("Christmas Day Eve", None),
        ("", None),
    ],
)
def test_holiday_key(text: str, key: str | None) -> None:
    assert cal.holiday_key(text) == key


def test_holiday_names_are_lower_case_and_cover_the_brief() -> None:
    names = cal.holiday_names()
    assert all(n == n.lower() and n == n.strip() for n in names)
    for must in ("thanksgiving", "christmas eve", "new year's day", "the fourth of july", "easter sunday"):
        assert must in names
    for common_word in ("independence", "labor", "may", "memorial", "national day"):
        assert common_word not in names


def test_every_name_maps_to_its_own_key() -> None:
    raw = resources.files("dateline.nlp").joinpath("data", "holidays.json").read_text("utf-8")
    for h in json.loads(raw)["holidays"]:
        for name in h["names"]:
            assert cal.holiday_key(name) == h["key"], name
            assert cal.holiday_key(name.title().replace("'", "’")) == h["key"], name


def test_holiday_pattern_matches_every_name_and_variant() -> None:
    p = cal.holiday_pattern()
    assert re.compile(p).groups == 0
    for name in cal.holiday_names():
        for variant in (name, name.upper(), name.replace("'", "’"), name.replace(" ", "\n  ")):
            assert re.fullmatch(p, variant, re.IGNORECASE), variant
            assert cal.holiday_key(variant) is not None, variant


@pytest.mark.parametrize("text", ["independence", "labor", "may", "christmas day eve", "easter egg", "day"])
def test_holiday_pattern_rejects(text: str) -> None:
    assert not re.fullmatch(cal.holiday_pattern(), text, re.IGNORECASE)


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("Shoppers crowded stores the day after Thanksgiving Day.", "Thanksgiving Day"),  # longest first
        ("They met on Christmas Eve in Paris.", "Christmas Eve"),
        ("Turnout on Election Day was high.", "Election Day"),
        ("Fireworks for the Fourth of July.", "the Fourth of July"),
        ("Happy New Year’s Eve!", "New Year’s Eve"),
    ],
)
def test_holiday_pattern_in_text(sentence: str, found: str) -> None:
    m = re.search(rf"\b(?:{cal.holiday_pattern()})\b", sentence, re.IGNORECASE)
    assert m is not None and m.group() == found


# ── spelled years ───────────────────────────────────────────────────────────────────

SPELLED = [
    ("nineteen ninety-six", 1996),
    ("nineteen ninety six", 1996),
    ("Nineteen Ninety-Six", 1996),
    ("nineteen-ninety-six", 1996),
    ("nineteen ninety-one", 1991),
    ("nineteen ninety", 1990),
    ("nineteen hundred", 1900),
    ("nineteen oh five", 1905),
    ("nineteen-oh-five", 1905),
    ("nineteen eleven", 1911),
    ("nineteen hundred and eighty-four", 1984),
    ("nineteen hundred sixty-eight", 1968),
    ("two thousand", 2000),
    ("two thousand and one", 2001),
    ("two thousand one", 2001),
    ("two thousand and twenty-four", 2024),
    ("twenty ten", 2010),
    ("twenty nineteen", 2019),
    ("twenty-twenty", 2020),
    ("twenty twenty-one", 2021),
    ("twenty oh eight", 2008),
    ("eighteen twelve", 1812),
    ("fourteen ninety-two", 1492),
    ("seventeen seventy-six", 1776),
]
NOT_YEARS = [
    "ninety-six",
    "two",
    "twenty",
    "one thousand",
    "three thousand",
    "nineteen",
    "twenty one",  # 21
    "twenty-one",
    "twenty hundred",  # 20:00
    "twelve thirty",  # a clock time
    "eleven fifteen",
    "nineteen one",
    "nineteen oh",
    "nineteen oh ten",
    "nineteen ninety-six hundred",
    "two thousand and",
    "two thousand one hundred",
    "nineteen ninety-six people",
    "1996",
    "",
]


@pytest.mark.parametrize(("text", "year"), SPELLED)
def test_spelled_year(text: str, year: int) -> None:
    assert cal.spelled_year(text) == year


@pytest.mark.parametrize("text", NOT_YEARS)
def test_spelled_year_rejects(text: str) -> None:
    assert cal.spelled_year(text) is None


@pytest.mark.parametrize(("text", "year"), SPELLED)
def test_spelled_year_pattern_matches_years(text: str, year: int) -> None:
    assert re.fullmatch(cal.spelled_year_pattern(), text, re.IGNORECASE)


@pytest.mark.parametrize("text", NOT_YEARS)
def test_spelled_year_pattern_rejects_non_years(text: str) -> None:
    assert not re.fullmatch(cal.spelled_year_pattern(), text, re.IGNORECASE)


def test_spelled_year_pattern_has_no_groups() -> None:
    assert re.compile(cal.spelled_year_pattern()).groups == 0


_ONES = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _two_digits(n: int) -> str:
    """An independent speller for 10–99: 47 → 'forty-seven'."""
    if n < 20:
        return _TEENS[n - 10]
    tens, ones = divmod(n, 10)
    return _TENS[tens - 2] + (f"-{_ONES[ones - 1]}" if ones else "")


def _spoken(year: int) -> str:
    """How a newsreader says ``year`` (1300–2099)."""
    century, rest = divmod(year, 100)
    if year == 2000:
        return "two thousand"
    if 2000 < year < 2010:
        return f"two thousand and {_ONES[rest - 1]}"
    head = _two_digits(century)
    if rest == 0:
        return f"{head} hundred"
    if rest < 10:
        return f"{head} oh {_ONES[rest - 1]}"
    return f"{head} {_two_digits(rest)}"


def test_spelled_year_round_trip() -> None:
    p = re.compile(cal.spelled_year_pattern(), re.IGNORECASE)
    for year in range(1300, 2100):
        text = _spoken(year)
        assert cal.spelled_year(text) == year, text
        assert cal.spelled_year(text.replace("-", " ").upper()) == year, text
        assert p.fullmatch(text), text


def test_spelled_year_in_running_text() -> None:
    text = "He arrived in January nineteen ninety-seven, left in the year two thousand and one."
    found = [m.group() for m in re.finditer(rf"\b(?:{cal.spelled_year_pattern()})\b", text, re.IGNORECASE)]
    assert found == ["nineteen ninety-seven", "two thousand and one"]
    assert [cal.spelled_year(f) for f in found] == [1997, 2001]
