"""The timex stage: TIMEX3 tagging and normalization against the publication time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.models import Timex
from dateline.nlp import timex_rules
from dateline.nlp.timex import dateline_timex, normalize, tag

ANCHOR = datetime(2019, 5, 13, 6, 22, 58, tzinfo=UTC)  # a Monday


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("May 3", "past", ("DATE", "2019-05-03", None)),
        ("May 3, 2019", "none", ("DATE", "2019-05-03", None)),
        ("3 May 2019", "none", ("DATE", "2019-05-03", None)),
        ("2019-05-03", "none", ("DATE", "2019-05-03", None)),
        ("05/03/2019", "none", ("DATE", "2019-05-03", None)),
        ("Tuesday, May 14", "none", ("DATE", "2019-05-14", None)),
        ("Tuesday, May 14", "past", ("DATE", "2019-05-14", None)),  # the weekday fixes the year
        ("2016", "none", ("DATE", "2016", None)),
        ("May 2019", "none", ("DATE", "2019-05", None)),
        ("the 1990s", "none", ("DATE", "199", None)),
        ("the early 1990s", "none", ("DATE", "199", "START")),
        ("the '80s", "none", ("DATE", "198", None)),
        ("the 20th century", "none", ("DATE", "19", None)),
        ("the twenty-first century", "none", ("DATE", "20", None)),
        ("mid-2019", "none", ("DATE", "2019", "MID")),
        ("2019-05-03T14:30", "none", ("TIME", "2019-05-03T14:30", None)),
    ],
)
def test_timex_explicit_dates(text: str, tense: str, expected: tuple) -> None:
    assert normalize(text, anchor=ANCHOR, tense=tense) == expected


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        ("May 3", "past", "2019-05-03"),
        ("May 20", "past", "2019-05-20"),  # a week ahead under a past verb: an announced date
        ("August 20", "past", "2018-08-20"),  # beyond the look-ahead: last year's
        ("June", "past", "2018-06"),  # a bare month in a past clause: the most recent past one
        ("May 3", "future", "2020-05-03"),
        ("May 3", "none", "2019-05-03"),
        ("July", "past", "2018-07"),
        ("July", "future", "2019-07"),
        ("July", "none", "2019-07"),
        ("March", "future", "2020-03"),
        ("last July", "none", "2018-07"),
        ("next March", "none", "2020-03"),
        ("Tuesday", "future", "2019-05-14"),
        ("Tuesday", "past", "2019-05-07"),
        ("Tuesday", "none", "2019-05-14"),
        ("Friday", "none", "2019-05-10"),
        ("Monday", "past", "2019-05-13"),
        ("last Tuesday", "none", "2019-05-07"),
        ("next Monday", "none", "2019-05-20"),
        ("Saturday night", "past", "2019-05-11TNI"),
    ],
)
def test_timex_month_and_weekday_resolve_by_tense(text: str, tense: str, value: str) -> None:
    assert normalize(text, anchor=ANCHOR, tense=tense) == ("DATE", value, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", ("DATE", "2019-05-12", None)),
        ("today", ("DATE", "2019-05-13", None)),
        ("tomorrow", ("DATE", "2019-05-14", None)),
        ("tonight", ("DATE", "2019-05-13TNI", None)),
        ("this morning", ("DATE", "2019-05-13TMO", None)),
        ("last night", ("DATE", "2019-05-12TNI", None)),
        ("now", ("DATE", "PRESENT_REF", None)),
        ("recently", ("DATE", "PAST_REF", None)),
        ("the future", ("DATE", "FUTURE_REF", None)),
        ("last week", ("DATE", "2019-W19", None)),  # the anchor is in ISO week 20
        ("next month", ("DATE", "2019-06", None)),
        ("this year", ("DATE", "2019", None)),
        ("last weekend", ("DATE", "2019-W19-WE", None)),
        ("two years ago", ("DATE", "2017", None)),
        ("three days ago", ("DATE", "2019-05-10", None)),
        ("a month ago", ("DATE", "2019-04", None)),
        ("almost four years ago", ("DATE", "2015", None)),
        ("years ago", ("DATE", "PAST_REF", None)),
        ("earlier this month", ("DATE", "2019-05", None)),
        ("later this year", ("DATE", "2019", None)),
        ("the past week", ("DURATION", "P1W", None)),
        ("the last three years", ("DURATION", "P3Y", None)),
        ("Q2", ("DATE", "2019-Q2", None)),
        ("the second quarter", ("DATE", "2019-Q2", None)),
        ("the fourth quarter of 2018", ("DATE", "2018-Q4", None)),
        ("H1", ("DATE", "2019-H1", None)),
        ("the first half of 2018", ("DATE", "2018-H1", None)),
        ("fiscal 2019", ("DATE", "2019", None)),  # the fiscal year's number, as TimeBank annotates it
        ("FY19", ("DATE", "2019", None)),
        ("last summer", ("DATE", "2018-SU", None)),
        ("last winter", ("DATE", "2018-WI", None)),
        ("next autumn", ("DATE", "2019-FA", None)),
        ("the summer of 2016", ("DATE", "2016-SU", None)),
    ],
)
def test_timex_relative_and_calendar_parts(text: str, expected: tuple) -> None:
    assert normalize(text, anchor=ANCHOR) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6:22 a.m. ET", ("TIME", "2019-05-13T06:22", None)),
        ("6pm", ("TIME", "2019-05-13T18:00", None)),
        ("12 a.m.", ("TIME", "2019-05-13T00:00", None)),
        ("18:30 GMT", ("TIME", "2019-05-13T18:30", None)),
        ("4.30pm", ("TIME", "2019-05-13T16:30", None)),
        ("noon", ("TIME", "2019-05-13T12:00", None)),
        ("midnight", ("TIME", "2019-05-13T24:00", None)),
    ],
)
def test_timex_times_of_day(text: str, expected: tuple) -> None:
    assert normalize(text, anchor=ANCHOR) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("five years", ("DURATION", "P5Y", None)),
        ("less than two months", ("DURATION", "P2M", "LESS_THAN")),
        ("more than an hour", ("DURATION", "PT1H", "MORE_THAN")),
        ("the first two years", ("DURATION", "P2Y", None)),
        ("for weeks", ("DURATION", "PXW", None)),
        ("weeks", ("DURATION", "PXW", None)),
        ("about 10 days", ("DURATION", "P10D", "APPROX")),
        ("at least three weeks", ("DURATION", "P3W", "EQUAL_OR_MORE")),
        ("up to 30 minutes", ("DURATION", "PT30M", "EQUAL_OR_LESS")),
        ("nearly a decade", ("DURATION", "P10Y", "LESS_THAN")),  # ISO 8601 has no decade unit
        ("two decades", ("DURATION", "P20Y", None)),
        ("decades", ("DURATION", "PXDE", None)),  # uncounted: the unit is all there is to say
        ("5 1/2 hours", ("DURATION", "PT5H30M", None)),
        ("2 1/2 years", ("DURATION", "P2Y6M", None)),
        ("a day and a half", ("DURATION", "P1DT12H", None)),
        ("a minute and a half", ("DURATION", "PT1M30S", None)),
        ("two more weeks", ("DURATION", "P2W", None)),
        ("half an hour", ("DURATION", "PT30M", None)),
        ("two and a half years", ("DURATION", "P2Y6M", None)),
        ("a year and a half", ("DURATION", "P1Y6M", None)),
        ("several months", ("DURATION", "PXM", None)),
        ("twenty-five years", ("DURATION", "P25Y", None)),
        ("a fortnight", ("DURATION", "P2W", None)),
        ("every week", ("SET", "P1W", None)),
        ("every two weeks", ("SET", "P2W", None)),
        ("every other year", ("SET", "P2Y", None)),
        ("annually", ("SET", "P1Y", None)),
        ("daily", ("SET", "P1D", None)),
        ("twice a week", ("SET", "P1W", None)),
        ("each Monday", ("SET", "XXXX-WXX-1", None)),
        ("Mondays", ("SET", "XXXX-WXX-1", None)),
    ],
)
def test_timex_durations_and_sets(text: str, expected: tuple) -> None:
    assert normalize(text, anchor=ANCHOR) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("May 3", "XXXX-05-03"),
        ("July", "XXXX-07"),
        ("Tuesday", "XXXX-WXX-2"),
        ("recently", "PAST_REF"),
        ("yesterday", "PAST_REF"),
        ("last week", "PAST_REF"),
        ("next month", "FUTURE_REF"),
        ("two years ago", "PAST_REF"),
        ("6:22 a.m. ET", "XXXX-XX-XXT06:22"),
        ("Q2", "XXXX-Q2"),
        ("last summer", "XXXX-SU"),
        ("May 3, 2019", "2019-05-03"),
    ],
)
def test_timex_without_anchor_stays_underspecified(text: str, value: str) -> None:
    assert normalize(text, anchor=None, tense="past")[1] == value


@pytest.mark.parametrize(
    "text", ["nonsense", "", "the", "5 people", "a second term", "10-year-old", "2005 year"]
)
def test_timex_normalize_rejects_non_expressions(text: str) -> None:
    assert normalize(text, anchor=ANCHOR) is None


def test_timex_normalize_requires_keyword_anchor_and_known_tense() -> None:
    with pytest.raises(TypeError):
        normalize("May 3")  # type: ignore[call-arg]
    with pytest.raises(ValueError):
        normalize("May 3", anchor=ANCHOR, tense="pluperfect")


def _tagged(nlp, text: str, anchor: datetime | None = ANCHOR) -> dict[str, tuple]:
    found = tag(nlp(text), anchor=anchor)
    for t in found:
        assert text[t.span[0] : t.span[1]] == t.text
    return {t.text: (t.type, t.value, t.mod) for t in found}


# Sentences from the AP article of 2019-05-13 the project is built around.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Pompeo will meet Tuesday with Putin in the Black Sea resort of Sochi, in the highest-level US "
            "engagement with the Russian leader since a July summit in Helsinki after which Trump faced wide "
            "scorn at home.",
            {"Tuesday": ("DATE", "2019-05-14", None), "July": ("DATE", "2018-07", None)},
        ),
        (
            "Trump chatted for more than an hour by telephone with Putin on May 3",
            {"more than an hour": ("DURATION", "PT1H", "MORE_THAN"), "May 3": ("DATE", "2019-05-03", None)},
        ),
        (
            "The top US diplomat's trip comes less than two months after Special Counsel Robert Mueller wound "
            "up an investigation that found that Russia interfered in the 2016 presidential election",
            {"less than two months": ("DURATION", "P2M", "LESS_THAN"), "2016": ("DATE", "2016", None)},
        ),
        (
            "After spending the first two years of his presidency",
            {"the first two years": ("DURATION", "P2Y", None)},
        ),
        (
            "where Western powers have been attempting for five years to little avail",
            {"five years": ("DURATION", "P5Y", None)},
        ),
        ("its 2014 takeover of Crimea", {"2014": ("DATE", "2014", None)}),
    ],
)
def test_timex_tag_article_sentences(nlp, text: str, expected: dict) -> None:
    assert _tagged(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministers met Tuesday in Brussels.", {"Tuesday": ("DATE", "2019-05-07", None)}),
        ("The ministers will meet Friday in Brussels.", {"Friday": ("DATE", "2019-05-17", None)}),
        ("The ministers are meeting Friday in Brussels.", {"Friday": ("DATE", "2019-05-17", None)}),
        ("The summit will take place in July.", {"July": ("DATE", "2019-07", None)}),
        ("The summit took place in December.", {"December": ("DATE", "2018-12", None)}),
        ("Prices rose from 2014 to 2019.", {"2014": ("DATE", "2014", None), "2019": ("DATE", "2019", None)}),
        ("Theresa May said 2000 people came.", {}),
        ("The Daily Mail said the 10-year-old boy was 5 years old.", {}),
        (
            "It was agreed on May 3 at 6 p.m. ET.",
            {"May 3": ("DATE", "2019-05-03", None), "6 p.m. ET": ("TIME", "2019-05-03T18:00", None)},
        ),
        ("They march in spring, and the fall of Rome came later.", {}),
    ],
)
def test_timex_tag_uses_tense_and_context(nlp, text: str, expected: dict) -> None:
    assert _tagged(nlp, text) == expected


def test_timex_tag_interval_for_present_perfect_duration(nlp) -> None:
    (t,) = tag(nlp("Western powers have been attempting for five years to little avail."), anchor=ANCHOR)
    assert t.interval == ("2014-05-13", "2019-05-13")
    assert t.to_json()["interval"] == ["2014-05-13", "2019-05-13"]
    assert t.to_json()["mod"] is None


def test_timex_tag_without_anchor_keeps_underspecified_values(nlp) -> None:
    got = _tagged(
        nlp, "Pompeo will meet Tuesday with Putin, who he called on May 3 and again recently.", None
    )
    assert got == {
        "Tuesday": ("DATE", "XXXX-WXX-2", None),
        "May 3": ("DATE", "XXXX-05-03", None),
        "recently": ("DATE", "PAST_REF", None),
    }


def test_timex_component_reads_anchor_extension() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("dateline_timex")
    doc = nlp.make_doc("Talks resumed yesterday and will go on for two weeks.")
    doc._.dateline_anchor = ANCHOR
    doc = nlp(doc)
    assert [(t.id, t.text, t.value) for t in doc._.dateline_timexes] == [
        ("t1", "yesterday", "2019-05-12"),
        ("t2", "two weeks", "P2W"),
    ]
    assert all(isinstance(t, Timex) for t in doc._.dateline_timexes)
    plain = dateline_timex(spacy.blank("en")("Talks resumed yesterday."))  # no anchor set: underspecified
    assert plain._.dateline_timexes[0].value == "PAST_REF"


_FRAGMENTS = [
    "May 3",
    "Tuesday",
    "last week",
    "for five years",
    "more than an hour",
    "the 1990s",
    "2016",
    "in July",
    "6:22 a.m. ET",
    "every week",
    "the past week",
    "Q2",
    "fiscal 2019",
    "two years ago",
    "12/31/2019",
    "31/12/2019",
    "May",
    "March",
    "said",
    "will meet",
    "met",
    "the",
    ",",
    ".",
    "—",
    "a-year",
    "10-year-old",
    "9:99",
    "February 30",
    "\n\n",
    "é",
    "’s",
    "mid-",
    "early",
    "the 1st century",
    "$2019",
    "2019%",
    "the following year",
    "a year earlier",
    "the year-ago quarter",
    "the latest period",
    "the previous Friday",
    "that same day",
    "the next morning",
    "Feb. 29, 2000",
    "the 1988 quarter",
    "third-quarter",
    "5 p.m. EST",
    "Nov. 9",
    "Thanksgiving Day",
    "nineteen ninety-six",
    "the nineties",
    "year-end",
    "over the weekend",
    "2 1/2 years",
    "decades-long",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=8)), max_size=14))
def test_timex_tag_never_raises_and_spans_slice(nlp, parts: list[str]) -> None:
    text = " ".join(parts)
    doc = nlp(text)
    for anchor in (ANCHOR, None):
        for t in tag(doc, anchor=anchor):
            assert text[t.span[0] : t.span[1]] == t.text
            assert t.type in ("DATE", "TIME", "DURATION", "SET")
            assert t.value


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.sampled_from(["past", "present", "future", "none"]))
def test_timex_normalize_never_raises(text: str, tense: str) -> None:
    out = normalize(text, anchor=ANCHOR, tense=tense)
    assert out is None or out[0] in ("DATE", "TIME", "DURATION", "SET")


def test_timex_normalize_never_reads_the_wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    table = [
        "May 3",
        "July",
        "Tuesday",
        "yesterday",
        "last week",
        "two years ago",
        "6 p.m.",
        "now",
        "last summer",
    ]

    def run() -> list:
        return [
            normalize(t, anchor=a, tense=s) for t in table for a in (ANCHOR, None) for s in ("past", "none")
        ]

    baseline = run()
    for year in (1970, 2099):

        class FakeDate(date):
            @classmethod
            def today(cls, year=year):  # type: ignore[override]
                return date(year, 1, 1)

        class FakeDatetime(datetime):
            @classmethod
            def now(cls, tz=None, year=year):  # type: ignore[override]
                return datetime(year, 1, 1, tzinfo=tz)

            @classmethod
            def utcnow(cls, year=year):  # type: ignore[override]
                return datetime(year, 1, 1)

        monkeypatch.setattr(timex_rules, "date", FakeDate)
        monkeypatch.setattr(timex_rules, "datetime", FakeDatetime)
        assert run() == baseline


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        ("March 12", datetime(1998, 12, 20, tzinfo=UTC), "1999-03-12"),  # the near future
        ("January", datetime(1998, 12, 20, tzinfo=UTC), "1999-01"),
        ("November 3", datetime(1999, 1, 10, tzinfo=UTC), "1998-11-03"),  # the near past
        ("July", datetime(2019, 5, 13, tzinfo=UTC), "2019-07"),  # within six months: same year
    ],
)
def test_timex_tenseless_month_is_the_nearest(text: str, anchor: datetime, value: str) -> None:
    assert normalize(text, anchor=anchor, tense="none")[1] == value


# Expressions added with the TempEval-3 error analysis; the anchor is Monday 2019-05-13.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Elian was found on Thanksgiving Day clinging to an inner tube.",
            {"Thanksgiving Day": ("DATE", "2018-11-22", None)},
        ),
        ("The vote falls on Election Day 2020.", {"Election Day 2020": ("DATE", "2020-11-03", None)}),
        ("In nineteen ninety-one Keating was convicted.", {"nineteen ninety-one": ("DATE", "1991", None)}),
        ("Families have kept their secrets for two thousand years.", {}),  # a count, not the year 2000
        (
            "Atlanta, January nineteen ninety-seven.",
            {"January nineteen ninety-seven": ("DATE", "1997-01", None)},
        ),
        ("The deal should close by year-end.", {"year-end": ("DATE", "2019", "END")}),
        ("The index has risen 4% since year-end.", {"year-end": ("DATE", "2018", "END")}),
        ("Sales for the full year rose 13%.", {"the full year": ("DATE", "2019", None)}),
        (
            "For the year ended June 30, it earned $2 million.",
            {"the year": ("DURATION", "P1Y", None), "June 30": ("DATE", "2019-06-30", None)},
        ),
        ("Prices have fallen in recent weeks.", {"recent weeks": ("DURATION", "PXW", None)}),
        ("Funds may sell junk in the weeks ahead.", {"the weeks ahead": ("DURATION", "PXW", None)}),
        ("Lawyers met over the weekend.", {"the weekend": ("DATE", "2019-W19-WE", None)}),
        ("Protesters will rally over the weekend.", {"the weekend": ("DATE", "2019-W20-WE", None)}),
        ("He planned a large demonstration on Saturday.", {"Saturday": ("DATE", "2019-05-18", None)}),
        ("The board named a chairman, effective Aug. 1.", {"Aug. 1": ("DATE", "2019-08-01", None)}),
        ("The company cited current market conditions.", {"current": ("DATE", "PRESENT_REF", None)}),
        ("Jan Kavan of the Czech Republic signed the documents.", {}),
        ("The stock pays $1.76 a year and 700 seats a week were added.", {}),
        ("It has had losses in the past two quarters.", {"the past two quarters": ("DURATION", "P2Q", None)}),
    ],
)
def test_timex_tag_calendar_and_business_expressions(nlp, text: str, expected: dict) -> None:
    assert _tagged(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Orangemen march each July.", {"each July": ("SET", "XXXX-07", None)}),
        ("Numbers dropped through the nineties.", {"the nineties": ("DATE", "199", None)}),
        ("They met for a third day-long session.", {"day-long": ("DURATION", "P1D", None)}),
        ("It is a decades-long battle.", {"decades-long": ("DURATION", "PXDE", None)}),
        ("They will live without it for a while.", {"a while": ("DURATION", "PXX", None)}),
        ("It scrapped the unit this past winter.", {"this past winter": ("DATE", "2018-WI", None)}),
        (
            "Midwest agreed to acquire the bank in November.",  # after the agreeing: not last November
            {"November": ("DATE", "2019-11", None)},
        ),
    ],
)
def test_timex_tag_sets_decade_words_and_adjectival_spans(nlp, text: str, expected: dict) -> None:
    assert _tagged(nlp, text) == expected


def _full_scan(text: str) -> list[tuple[int, int, str]]:
    out = []
    for rule in timex_rules.RULES:
        for m in rule.pattern.finditer(text):
            s, e = m.span("x") if "x" in m.re.groupindex and m.group("x") is not None else m.span()
            if e > s and rule.accept(m, text):
                out.append((s, e, rule.name))
    return sorted(out)


def test_timex_trigger_windows_find_what_a_full_scan_finds() -> None:
    """Rules run only near their trigger words; on real articles that must lose nothing."""
    from pathlib import Path

    from dateline.nlp.timex import candidates

    texts = [p.read_text("utf-8", errors="replace") for p in Path("examples/corpus").glob("*.txt")]
    texts += [
        "The Q3 results, FY19 guidance and H1 2020 plans; a 5-year-old; mid-November; the '80s.",
        "Sales rose 4% in the year-earlier quarter, from 1,200 units a year ago (Thanksgiving Day).",
    ]
    assert len(texts) > 10
    for text in texts:
        assert sorted((s, e, r.name) for s, e, _o, r, _m in candidates(text)) == _full_scan(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "the",
                "year",
                "ago",
                "Q3",
                "'80s",
                "May",
                "3",
                "weekend",
                " ",
                ",",
                "mid-",
                "Nov.",
                "1999",
                "two",
                "days",
                "later",
                "-long",
                "Thanksgiving",
                "\n\n",
                "          ",
                "quarter",
                "earlier",
            ]
        ),
        max_size=30,
    )
)
def test_timex_trigger_windows_match_full_scan_on_generated_text(parts: list[str]) -> None:
    from dateline.nlp.timex import candidates

    text = " ".join(parts)
    assert sorted((s, e, r.name) for s, e, _o, r, _m in candidates(text)) == _full_scan(text)
