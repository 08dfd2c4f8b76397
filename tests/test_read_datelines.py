"""Tests of dateline.read.datelines: dateline lines, published time, wire datelines.

Every expected instant below was worked out by hand from the printed offset
(e.g. 06:22 a.m. ET in May is EDT, -04:00, so 10:22Z), never copied from the code.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.read.datelines import (
    DatelineLine,
    Stamp,
    WireDateline,
    find_wire_dateline,
    parse_dateline,
    published_from,
    updated_from,
)

SINA = "2019-05-13 06:22:58 GMT2019-05-13 14:22:58(Beijing Time)  Sina English"

# (line, [(stamp text, local iso, utc iso or None, zone, has_time, updated), ...])
Expected = tuple[str, str, str | None, str | None, bool, bool]


def S(
    text: str,
    local: str,
    utc: str | None = None,
    zone: str | None = None,
    *,
    date_only: bool = False,
    updated: bool = False,
) -> Expected:
    """One expected stamp: its text on the line, local ISO, UTC (``…Z``) and zone as printed."""
    return (text, local, utc, zone, not date_only, updated)


def one(line: str, local: str, utc: str | None = None, zone: str | None = None, **kw: bool):
    """A case whose whole line is a single stamp."""
    return (line, [S(line, local, utc, zone, **kw)])


STAMP_CASES = [
    # the real Sina line: two glued stamps, GMT and Beijing Time, same instant
    (
        SINA,
        [
            S(
                "2019-05-13 06:22:58 GMT",
                "2019-05-13T06:22:58+00:00",
                "2019-05-13T06:22:58Z",
                "GMT",
            ),
            S(
                "2019-05-13 14:22:58(Beijing Time)",
                "2019-05-13T14:22:58+08:00",
                "2019-05-13T06:22:58Z",
                "Beijing Time",
            ),
        ],
    ),
    (
        "2019-05-13 06:22 GMT / 2019-05-13 14:22 HKT",
        [
            S("2019-05-13 06:22 GMT", "2019-05-13T06:22:00+00:00", "2019-05-13T06:22:00Z", "GMT"),
            S("2019-05-13 14:22 HKT", "2019-05-13T14:22:00+08:00", "2019-05-13T06:22:00Z", "HKT"),
        ],
    ),
    # UTC itself, ISO, numeric offsets
    one("2019-05-13 06:22 UTC", "2019-05-13T06:22:00+00:00", "2019-05-13T06:22:00Z", "UTC"),
    one("2019-05-13T06:22:58Z", "2019-05-13T06:22:58+00:00", "2019-05-13T06:22:58Z", "Z"),
    one("2019-05-13T14:22:58+08:00", "2019-05-13T14:22:58+08:00", "2019-05-13T06:22:58Z", "+08:00"),
    one("2019-05-13 14:22 +0800", "2019-05-13T14:22:00+08:00", "2019-05-13T06:22:00Z", "+0800"),
    one("2019-05-13 02:22 -0400", "2019-05-13T02:22:00-04:00", "2019-05-13T06:22:00Z", "-0400"),
    one("2019-05-13 14:22 UTC+8", "2019-05-13T14:22:00+08:00", "2019-05-13T06:22:00Z", "UTC+8"),
    one("2019-05-13 14:22 GMT+8", "2019-05-13T14:22:00+08:00", "2019-05-13T06:22:00Z", "GMT+8"),
    one(
        "2019-05-13 11:52 UTC+05:30",
        "2019-05-13T11:52:00+05:30",
        "2019-05-13T06:22:00Z",
        "UTC+05:30",
    ),
    # Beijing Time in any case, with ASCII or full-width parentheses
    one(
        "2019-05-13 14:22 beijing time",
        "2019-05-13T14:22:00+08:00",
        "2019-05-13T06:22:00Z",
        "beijing time",
    ),
    one(
        "2019-05-13 14:22（Beijing Time）",
        "2019-05-13T14:22:00+08:00",
        "2019-05-13T06:22:00Z",
        "Beijing Time",
    ),
    # US zones follow the DST rule of the date, even when printed as EST/PST in summer
    one("May 13, 2019 6:22 a.m. ET", "2019-05-13T06:22:00-04:00", "2019-05-13T10:22:00Z", "ET"),
    one("Jan 13, 2019 6:22 p.m. ET", "2019-01-13T18:22:00-05:00", "2019-01-13T23:22:00Z", "ET"),
    one(
        "Monday, May 13, 2019, 6:22 AM EDT",
        "2019-05-13T06:22:00-04:00",
        "2019-05-13T10:22:00Z",
        "EDT",
    ),
    one("Jan. 13, 2019 6:22 am EST", "2019-01-13T06:22:00-05:00", "2019-01-13T11:22:00Z", "EST"),
    one("May 13, 2019 3:22 PM PT", "2019-05-13T15:22:00-07:00", "2019-05-13T22:22:00Z", "PT"),
    one("May 13, 2019 6:22 a.m. EST", "2019-05-13T06:22:00-04:00", "2019-05-13T10:22:00Z", "EST"),
    one("May 13, 2019 6:22 p.m. PST", "2019-05-13T18:22:00-07:00", "2019-05-14T01:22:00Z", "PST"),
    one("Dec 13, 2019 6:22 p.m. PST", "2019-12-13T18:22:00-08:00", "2019-12-14T02:22:00Z", "PST"),
    one("May 13, 2019 1:22 AM PDT", "2019-05-13T01:22:00-07:00", "2019-05-13T08:22:00Z", "PDT"),
    one("May 13, 2019 1:22 AM CT", "2019-05-13T01:22:00-05:00", "2019-05-13T06:22:00Z", "CT"),
    one("May 13, 2019 1:22 AM CDT", "2019-05-13T01:22:00-05:00", "2019-05-13T06:22:00Z", "CDT"),
    one("May 13, 2019 at 12:05 a.m. ET", "2019-05-13T00:05:00-04:00", "2019-05-13T04:05:00Z", "ET"),
    one("May 13, 2019 12:05 p.m. ET", "2019-05-13T12:05:00-04:00", "2019-05-13T16:05:00Z", "ET"),
    one("May 13, 2019 6 p.m. PT", "2019-05-13T18:00:00-07:00", "2019-05-14T01:00:00Z", "PT"),
    # Europe, Russia, Asia, Australia
    one("13 May 2019 06:22 BST", "2019-05-13T06:22:00+01:00", "2019-05-13T05:22:00Z", "BST"),
    one("Mon 13 May 2019 06.22 BST", "2019-05-13T06:22:00+01:00", "2019-05-13T05:22:00Z", "BST"),
    one("13 May 2019 08:22 CEST", "2019-05-13T08:22:00+02:00", "2019-05-13T06:22:00Z", "CEST"),
    one("13 January 2019 07:22 CET", "2019-01-13T07:22:00+01:00", "2019-01-13T06:22:00Z", "CET"),
    one("2019-05-13 09:22 MSK", "2019-05-13T09:22:00+03:00", "2019-05-13T06:22:00Z", "MSK"),
    one("2019-05-13 11:52 IST", "2019-05-13T11:52:00+05:30", "2019-05-13T06:22:00Z", "IST"),
    one("2019-05-13 15:22 JST", "2019-05-13T15:22:00+09:00", "2019-05-13T06:22:00Z", "JST"),
    one("2019-05-13 14:22 SGT", "2019-05-13T14:22:00+08:00", "2019-05-13T06:22:00Z", "SGT"),
    one("2019-05-13 16:22 AEST", "2019-05-13T16:22:00+10:00", "2019-05-13T06:22:00Z", "AEST"),
    one("2019-01-13 17:22 AEDT", "2019-01-13T17:22:00+11:00", "2019-01-13T06:22:00Z", "AEDT"),
    one("18.02.2021 14:30 CET", "2021-02-18T14:30:00+01:00", "2021-02-18T13:30:00Z", "CET"),
    one("04.10.2022, 16:45 Uhr MESZ", "2022-10-04T16:45:00+02:00", "2022-10-04T14:45:00Z", "MESZ"),
    # CST: US Central by default (DST by date), China Standard Time on a Chinese line
    one("2019-01-13 00:22 CST", "2019-01-13T00:22:00-06:00", "2019-01-13T06:22:00Z", "CST"),
    one("2019-05-13 00:22 CST", "2019-05-13T00:22:00-05:00", "2019-05-13T05:22:00Z", "CST"),
    (
        "2019-05-13 14:22 CST Xinhua",
        [S("2019-05-13 14:22 CST", "2019-05-13T14:22:00+08:00", "2019-05-13T06:22:00Z", "CST")],
    ),
    # no zone: naive; date only: midnight, naive
    one("2019/05/13 14:22", "2019-05-13T14:22:00"),
    one("2019-05-13 06:22", "2019-05-13T06:22:00"),
    one("May 13, 2019", "2019-05-13T00:00:00", date_only=True),
    one("May 13, 2019 at 6:22 a.m.", "2019-05-13T06:22:00"),
    one("2019年5月13日 14:22", "2019-05-13T14:22:00"),
    # labelled stamps, time-first stamps
    one("Posted: 2019-05-13 06:22 GMT", "2019-05-13T06:22:00+00:00", "2019-05-13T06:22:00Z", "GMT"),
    one(
        "Last updated: 13 May 2019, 08:00 CEST",
        "2019-05-13T08:00:00+02:00",
        "2019-05-13T06:00:00Z",
        "CEST",
        updated=True,
    ),
    one(
        "Updated 1:23 PM ET, Mon May 13, 2019",
        "2019-05-13T13:23:00-04:00",
        "2019-05-13T17:23:00Z",
        "ET",
        updated=True,
    ),
    one("13:42, 13 May 2019", "2019-05-13T13:42:00"),
    (
        "Updated: May 13, 2019 7:00 p.m. PT | Published: May 13, 2019 6:22 p.m. PT",
        [
            S(
                "Updated: May 13, 2019 7:00 p.m. PT",
                "2019-05-13T19:00:00-07:00",
                "2019-05-14T02:00:00Z",
                "PT",
                updated=True,
            ),
            S(
                "Published: May 13, 2019 6:22 p.m. PT",
                "2019-05-13T18:22:00-07:00",
                "2019-05-14T01:22:00Z",
                "PT",
            ),
        ],
    ),
]


@pytest.mark.parametrize(("line", "expected"), STAMP_CASES, ids=[c[0][:40] for c in STAMP_CASES])
def test_datelines_stamp_forms(line: str, expected: list[Expected]) -> None:
    parsed = parse_dateline(line)
    assert parsed is not None
    got = [
        (
            line[s.start : s.end],
            s.local.isoformat(),
            None if s.utc is None else s.utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            s.zone,
            s.has_time,
            s.updated,
        )
        for s in parsed.stamps
    ]
    assert got == expected
    for s in parsed.stamps:
        assert (s.local.tzinfo is None) == (s.utc is None)
        assert s.utc is None or s.utc.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("line", "offset"),
    [
        ("May 13, 2019 6:22 a.m. ET", timedelta(hours=-4)),
        ("January 13, 2019 6:22 a.m. ET", timedelta(hours=-5)),
        ("November 3, 2019 12:30 a.m. ET", timedelta(hours=-4)),  # DST ends at 2 a.m. that day
        ("November 4, 2019 12:30 a.m. ET", timedelta(hours=-5)),
        ("July 4, 2019 9:00 AM PT", timedelta(hours=-7)),
        ("December 4, 2019 9:00 AM PT", timedelta(hours=-8)),
    ],
)
def test_datelines_dst_rule_of_the_date(line: str, offset: timedelta) -> None:
    parsed = parse_dateline(line)
    assert parsed is not None
    assert parsed.stamps[0].local.utcoffset() == offset


def test_datelines_inconsistent_double_stamp() -> None:
    parsed = parse_dateline("2019-05-13 06:22:58 GMT 2019-05-13 15:22:58 Beijing Time")
    assert parsed is not None
    assert not parsed.consistent
    assert parsed.note == "stamps disagree: 2019-05-13T06:22:58Z vs 2019-05-13T07:22:58Z"


@pytest.mark.parametrize(
    "line",
    [
        SINA,
        "2019-05-13 06:22:58 GMT2019-05-13 14:22(Beijing Time)",  # seconds dropped: same minute
        "2019-05-13 06:22 GMT | 2019-05-13 02:22 EDT | 2019-05-13 15:22 JST",
        # an "Updated" stamp may be later and is not compared
        "Updated: May 13, 2019 7:00 p.m. PT | Published: May 13, 2019 6:22 p.m. PT",
        # a naive stamp cannot be compared
        "2019-05-13 06:22 GMT 2019-05-13 19:00",
    ],
)
def test_datelines_consistent_stamps(line: str) -> None:
    parsed = parse_dateline(line)
    assert parsed is not None
    assert parsed.consistent
    assert parsed.note is None


def test_datelines_est_in_summer_is_read_as_edt() -> None:
    # US outlets print "EST" all year; by the date's rule 02:22 EST on May 13 is 06:22Z
    parsed = parse_dateline("2019-05-13 06:22 GMT / 2019-05-13 02:22 EST")
    assert parsed is not None
    assert parsed.consistent
    assert parsed.stamps[1].utc == datetime(2019, 5, 13, 6, 22, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "source"),
    [
        (SINA, "Sina English"),
        ("Sina English | 2019-05-13 06:22 GMT", "Sina English"),
        ("Source: Xinhua| 2019-05-13 14:22:58|Editor: huaxia", "Xinhua"),
        ("May 13, 2019 · Reuters", "Reuters"),
        ("May 13, 2019 - Global Times", "Global Times"),
        ("www.chinadaily.com.cn 2019-05-13 14:22", "www.chinadaily.com.cn"),
        ("2019-05-13 06:22 GMT (South China Morning Post)", "South China Morning Post"),
        ("Reuters | Updated: May 13, 2019 06:22 GMT", "Reuters"),
        ("By John Smith | May 13, 2019", None),  # a byline is not an outlet
        ("2019-05-13 06:22 GMT", None),
        ("May 13, 2019.", None),
    ],
)
def test_datelines_source(line: str, source: str | None) -> None:
    parsed = parse_dateline(line)
    assert parsed is not None
    assert parsed.source == source


@pytest.mark.parametrize(
    "line",
    [
        "Trump met Putin on May 13, 2019 in Helsinki.",
        "The meeting is scheduled for May 13, 2019.",
        "On May 13, 2019, Pompeo said the talks had been productive.",
        "2019-05-13 06:22 GMT and then the minister said it was over",
        "US Secretary of State Mike Pompeo is heading to Russia - standing firm",
        "Sina English",
        "",
        "   ",
        "2019-02-30 06:22",  # no such day
        "Photo taken on May 13, 2019 shows a view of Beijing.",
        "Markets rose on May 13, 2019. " * 20 + "May 13, 2019",  # far too long to be a dateline
    ],
)
def test_datelines_prose_lines_are_none(line: str) -> None:
    assert parse_dateline(line) is None


def test_datelines_nbsp_and_crlf_tolerated() -> None:
    raw = SINA.replace(" ", "\u00a0") + "\r\n"
    parsed = parse_dateline(raw)
    assert parsed is not None
    assert parsed.source == "Sina English"
    assert [raw[s.start : s.end] for s in parsed.stamps] == [
        "2019-05-13\u00a006:22:58\u00a0GMT",
        "2019-05-13\u00a014:22:58(Beijing\u00a0Time)",
    ]
    assert parsed.stamps[1].local == datetime(2019, 5, 13, 14, 22, 58, tzinfo=timezone(timedelta(hours=8)))


@pytest.mark.parametrize(
    ("line", "utc", "local", "evidence"),
    [
        (
            SINA,
            "2019-05-13T06:22:58+00:00",
            "2019-05-13T14:22:58+08:00",
            "dateline line: 2 stamps (GMT, Beijing Time), consistent",
        ),
        (
            "2019-05-13T06:22:58Z",
            "2019-05-13T06:22:58+00:00",
            "2019-05-13T06:22:58+00:00",
            "dateline line: 1 stamp (Z), consistent",
        ),
        (
            "Updated: May 13, 2019 7:00 p.m. PT | Published: May 13, 2019 6:22 p.m. PT",
            "2019-05-14T01:22:00+00:00",
            "2019-05-13T18:22:00-07:00",
            "dateline line: 2 stamps (updated PT, PT), consistent",
        ),
        # stamps disagree: the GMT stamp is the instant, Beijing the local time as printed
        (
            "2019-05-13 06:22:58 GMT 2019-05-13 15:22:58 Beijing Time",
            "2019-05-13T06:22:58+00:00",
            "2019-05-13T15:22:58+08:00",
            "dateline line: 2 stamps (GMT, Beijing Time), inconsistent",
        ),
        # no zone at all: the wall clock read as UTC, said so; local is the naive wall clock
        (
            "2019/05/13 14:22",
            "2019-05-13T14:22:00+00:00",
            "2019-05-13T14:22:00",
            "dateline line: 1 stamp (no zone), consistent, "
            "zone unknown: published is the printed wall-clock time read as UTC",
        ),
        (
            "May 13, 2019",
            "2019-05-13T00:00:00+00:00",
            None,
            "dateline line: 1 stamp (date only), consistent, "
            "date only: published is midnight UTC of the printed day",
        ),
        # a zoned stamp beats one without, even when printed later
        (
            "2019-05-13 14:22 | 2019-05-13 02:22 ET",
            "2019-05-13T06:22:00+00:00",
            "2019-05-13T02:22:00-04:00",
            "dateline line: 2 stamps (no zone, ET), consistent",
        ),
        (
            "2019-05-13 14:22 | 2019-05-13 06:22 GMT",
            "2019-05-13T06:22:00+00:00",
            "2019-05-13T06:22:00+00:00",
            "dateline line: 2 stamps (no zone, GMT), consistent",
        ),
        # a lone Updated stamp is the publication time
        (
            "Updated 1:23 PM ET, Mon May 13, 2019",
            "2019-05-13T17:23:00+00:00",
            "2019-05-13T13:23:00-04:00",
            "dateline line: 1 stamp (updated ET), consistent, only updated stamps",
        ),
    ],
)
def test_datelines_published_from(line: str, utc: str | None, local: str | None, evidence: str) -> None:
    parsed = parse_dateline(line)
    assert parsed is not None
    got_utc, got_local, got_evidence = published_from(parsed)
    assert (None if got_utc is None else got_utc.isoformat()) == utc
    assert (None if got_local is None else got_local.isoformat()) == local
    assert got_evidence == evidence


# The dateline lines of the sample corpus (examples/corpus) with the published /
# published_local its expectations file requires (written independently of this module).
CORPUS_LINES = [
    ("14 June 2021 08:30 BST | AFP", "2021-06-14T07:30:00Z", "2021-06-14T08:30:00+01:00", "AFP"),
    (
        "AP News | May 14, 2019 11:40 a.m. ET",
        "2019-05-14T15:40:00Z",
        "2019-05-14T11:40:00-04:00",
        "AP News",
    ),
    (
        "The Brussels Ledger - 18.02.2021 14:30 CET",
        "2021-02-18T13:30:00Z",
        "2021-02-18T14:30:00+01:00",
        "The Brussels Ledger",
    ),
    (
        "March 5, 2018 | The Riverside Gazette",
        "2018-03-05T00:00:00Z",
        None,
        "The Riverside Gazette",
    ),
    (
        "Rheinischer Bote | 04.10.2022, 16:45 Uhr MESZ",
        "2022-10-04T14:45:00Z",
        "2022-10-04T16:45:00+02:00",
        "Rheinischer Bote",
    ),
    (
        "January 19, 2021 7:05 PM EST - Midwest Legal Report\r",
        "2021-01-20T00:05:00Z",
        "2021-01-19T19:05:00-05:00",
        "Midwest Legal Report",
    ),
    (
        "Jan. 28, 2020 10:15 a.m. ET | Media Business Weekly",
        "2020-01-28T15:15:00Z",
        "2020-01-28T10:15:00-05:00",
        "Media Business Weekly",
    ),
    (
        "TechWire Daily | 2021-11-04T16:40:00Z",
        "2021-11-04T16:40:00Z",
        "2021-11-04T16:40:00+00:00",
        "TechWire Daily",
    ),
    (
        "The Deccan Ledger | Updated: Mar 02, 2020, 14:45 IST",
        "2020-03-02T09:15:00Z",
        "2020-03-02T14:45:00+05:30",
        "The Deccan Ledger",
    ),
    (
        "2022-08-23 10:00 JST - Japan Coastal News",
        "2022-08-23T01:00:00Z",
        "2022-08-23T10:00:00+09:00",
        "Japan Coastal News",
    ),
    (
        "21 September 2020, 19:05 MSK — Moscow Evening Courier",
        "2020-09-21T16:05:00Z",
        "2020-09-21T19:05:00+03:00",
        "Moscow Evening Courier",
    ),
    (
        "2020-03-02 09:15 +05:30 | Bombay Chronicle Online",
        "2020-03-02T03:45:00Z",
        "2020-03-02T09:15:00+05:30",
        "Bombay Chronicle Online",
    ),
    (
        "Gulf Daily Post | Published: 18 Nov 2019 10:02 GMT | Updated: 18 Nov 2019 12:40 GMT",
        "2019-11-18T10:02:00Z",
        "2019-11-18T10:02:00+00:00",
        "Gulf Daily Post",
    ),
    (
        "Reuters - May 13, 2019 2:05 PM EDT",
        "2019-05-13T18:05:00Z",
        "2019-05-13T14:05:00-04:00",
        "Reuters",
    ),
    (SINA, "2019-05-13T06:22:58Z", "2019-05-13T14:22:58+08:00", "Sina English"),
    (
        "2020-01-16 09:05:31 GMT 2020-01-16 17:05:31 (Beijing Time) Sina English",
        "2020-01-16T09:05:31Z",
        "2020-01-16T17:05:31+08:00",
        "Sina English",
    ),
    (
        "2019-06-04 06:22:12 GMT2019-06-04 15:22:12(Beijing Time)  Sina English",
        "2019-06-04T06:22:12Z",
        "2019-06-04T15:22:12+08:00",
        "Sina English",
    ),
    (
        "Published: 07 Jan 2022 22:10 UTC | Global Sports Desk",
        "2022-01-07T22:10:00Z",
        "2022-01-07T22:10:00+00:00",
        "Global Sports Desk",
    ),
    (
        "2023-01-09 07:15 UTC | Nordic Observer",
        "2023-01-09T07:15:00Z",
        "2023-01-09T07:15:00+00:00",
        "Nordic Observer",
    ),
    (
        "Source: Xinhua | Updated: 2020-03-02 17:48:11 (GMT+8)",
        "2020-03-02T09:48:11Z",
        "2020-03-02T17:48:11+08:00",
        "Xinhua",
    ),
]


@pytest.mark.parametrize(("line", "utc", "local", "source"), CORPUS_LINES)
def test_datelines_corpus_dateline_lines(line: str, utc: str, local: str | None, source: str) -> None:
    parsed = parse_dateline(line)
    assert parsed is not None
    got_utc, got_local, _ = published_from(parsed)
    assert got_utc is not None
    assert got_utc.strftime("%Y-%m-%dT%H:%M:%SZ") == utc
    assert (None if got_local is None else got_local.isoformat()) == local
    assert parsed.source == source
    assert parsed.consistent == ("2019-06-04" not in line)  # the corpus's one disagreeing pair


def test_datelines_updated_from() -> None:
    line = "Gulf Daily Post | Published: 18 Nov 2019 10:02 GMT | Updated: 18 Nov 2019 12:40 GMT"
    parsed = parse_dateline(line)
    assert parsed is not None
    assert updated_from(parsed) == datetime(2019, 11, 18, 12, 40, tzinfo=UTC)
    sina = parse_dateline(SINA)
    assert sina is not None
    assert updated_from(sina) is None


WIRE_CASES = [
    ("SOCHI, Russia (AP) — US Secretary of State", "SOCHI, Russia", "AP", None, 0, 21),
    ("WASHINGTON, May 13 (Reuters) - The U.S.", "WASHINGTON", "Reuters", "May 13", 0, 31),
    ("BEIJING, May 13 (Xinhua) -- China on Monday", "BEIJING", "Xinhua", "May 13", 0, 28),
    ("LONDON (AFP) – Britain's", "LONDON", "AFP", None, 0, 15),
    ("NEW YORK — Stocks fell", "NEW YORK", None, None, 0, 11),
    ("NEW YORK—Stocks fell", "NEW YORK", None, None, 0, 9),
    ("  LONDON (AFP) – Britain's", "LONDON", "AFP", None, 2, 17),
    ("LONDON\u00a0(AFP)\u00a0–\u00a0Britain's", "LONDON", "AFP", None, 0, 15),
    ("SAN FRANCISCO, Calif. (AP) — Uber", "SAN FRANCISCO, Calif.", "AP", None, 0, 29),
    ("ST. PETERSBURG, Russia (Reuters) - Putin", "ST. PETERSBURG, Russia", "Reuters", None, 0, 35),
    ("UNITED NATIONS (AP) — The", "UNITED NATIONS", "AP", None, 0, 22),
    (
        "WASHINGTON, Sept. 13, 2019 (Reuters) - The",
        "WASHINGTON",
        "Reuters",
        "Sept. 13, 2019",
        0,
        39,
    ),
    ("BEIJING, March 2 (Xinhua) -- Online retail", "BEIJING", "Xinhua", "March 2", 0, 29),
    # other agencies' shapes
    ("MOSCOW, November 21. /TASS/. Russia will", "MOSCOW", "TASS", "November 21", 0, 29),
    ("SEOUL, Nov. 21 (Yonhap) -- South Korea", "SEOUL", "Yonhap", "Nov. 21", 0, 27),
    ("TOKYO (Kyodo) -- The government", "TOKYO", "Kyodo", None, 0, 17),
    ("LONDON, Nov 21 (Reuters) - Copper", "LONDON", "Reuters", "Nov 21", 0, 27),
    ("PUNE: The metro will", "PUNE", None, None, 0, 6),  # Indian papers: a city and a colon
    ("NEW DELHI: The government", "NEW DELHI", None, None, 0, 11),
    ("NEW DELHI, Nov 21: The government", "NEW DELHI", None, "Nov 21", 0, 19),
    ("Oct. 20 (Example Wire) -- A chipmaker", "", "Example Wire", "Oct. 20", 0, 26),  # no place
]


@pytest.mark.parametrize(("paragraph", "place", "agency", "date_text", "start", "end"), WIRE_CASES)
def test_datelines_wire_dateline_found(
    paragraph: str, place: str, agency: str | None, date_text: str | None, start: int, end: int
) -> None:
    assert find_wire_dateline(paragraph) == WireDateline(
        place=place, agency=agency, date_text=date_text, start=start, end=end
    )


@pytest.mark.parametrize(
    "paragraph",
    [
        "US Secretary of State Mike Pompeo is heading to Russia - standing firm on sanctions.",
        "NEW YORK-based Acme Corp said on Monday",
        "BREAKING — Earthquake hits",
        "US - China trade talks resumed on Monday.",
        "The ceasefire (AP) — held",
        "London (AFP) – Britain's",
        "SOCHI, russia (AP) — Pompeo",
        "Reuters reported that NEW YORK — stocks",
        "I - I don't know, he said.",
        "WATCH: The moment the bridge fell",  # a kicker and a colon: no place
        "UPDATE: Officials said",
        "FACT CHECK: No, the law did not change",
        "Nov 21 was a Tuesday - everyone knew",  # a date without an agency is no dateline
        "NEW DELHI (PTI): The",  # a colon goes with a bare place only
        "",
    ],
)
def test_datelines_wire_dateline_not_found(paragraph: str) -> None:
    assert find_wire_dateline(paragraph) is None


@pytest.mark.parametrize(
    ("paragraph", "city"),
    [
        ("SOCHI, Russia (AP) — Torrential rain", "SOCHI"),
        ("SAN FRANCISCO, Calif. (AP) — Uber", "SAN FRANCISCO"),
        ("WASHINGTON, May 13 (Reuters) - The", "WASHINGTON"),
    ],
)
def test_datelines_wire_city_drops_the_region(paragraph: str, city: str) -> None:
    wire = find_wire_dateline(paragraph)
    assert wire is not None
    assert wire.city == city


def test_datelines_dataclasses_are_frozen() -> None:
    parsed = parse_dateline(SINA)
    assert isinstance(parsed, DatelineLine)
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.stamps[0].zone = "UTC"  # type: ignore[misc]
    assert isinstance(parsed.stamps[0], Stamp)


# ---- properties ---------------------------------------------------------------------------
DATEY = st.text(alphabet="0123456789-:/.,() TZGMUCESDPBIJKamp|·Mayon", max_size=80)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=300), DATEY))
def test_datelines_never_raise(text: str) -> None:
    parsed = parse_dateline(text)
    if parsed is not None:
        last = 0
        for s in parsed.stamps:
            assert last <= s.start < s.end <= len(text)
            last = s.end
        published_from(parsed)
    wire = find_wire_dateline(text)
    if wire is not None:
        assert 0 <= wire.start < wire.end <= len(text)
        assert text[wire.start :].startswith(wire.place)


MONTHS = "January February March April May June July August September October November December".split()
ZONES = {  # printed text -> tzinfo; "" = no zone
    "": None,
    " GMT": UTC,
    " UTC": UTC,
    "(Beijing Time)": ZoneInfo("Asia/Shanghai"),
    " ET": ZoneInfo("America/New_York"),
    " BST": timezone(timedelta(hours=1)),
    " +0800": timezone(timedelta(hours=8)),
    " UTC+8": timezone(timedelta(hours=8)),
}


def _render(d: datetime, style: int) -> tuple[str, datetime, bool]:
    """(text, naive local it denotes, has_time) for one printing style."""
    h12 = d.hour % 12 or 12
    ampm = "a.m." if d.hour < 12 else "p.m."
    minute = d.replace(second=0)
    if style == 0:
        return f"{d:%Y-%m-%d %H:%M:%S}", d, True
    if style == 1:
        return f"{d:%Y/%m/%d %H:%M}", minute, True
    if style == 2:
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year} {h12}:{d.minute:02d} {ampm}", minute, True
    if style == 3:
        return f"{d.day} {MONTHS[d.month - 1][:3]} {d.year} {d:%H:%M}", minute, True
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}", d.replace(hour=0, minute=0, second=0), False


STAMP = st.tuples(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2035, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.integers(0, 4),
    st.sampled_from(sorted(ZONES)),
    st.sampled_from(["", "Updated: ", "Published: "]),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(STAMP, min_size=1, max_size=3),
    st.sampled_from([" ", "  ", " | ", " / "]),
    st.sampled_from(["", "  Sina English", " | Reuters", " - Global Times"]),
)
def test_datelines_spans_slice_the_stamps(stamps: list, sep: str, outlet: str) -> None:
    pieces, expected = [], []
    for d, style, zone, label in stamps:
        text, naive, has_time = _render(d, style)
        zone = zone if has_time else ""
        pieces.append(label + text + zone)
        tz = ZONES[zone]
        expected.append((label + text + zone, naive if tz is None else naive.replace(tzinfo=tz), has_time))
    line = sep.join(pieces) + outlet
    parsed = parse_dateline(line)
    assert parsed is not None, line
    assert [(line[s.start : s.end], s.local, s.has_time) for s in parsed.stamps] == expected
    assert [s.updated for s in parsed.stamps] == [label == "Updated: " for *_, label in stamps]
    assert parsed.source == (outlet.strip(" |-") or None)
    for s, (_, local, _) in zip(parsed.stamps, expected, strict=True):
        assert s.utc == (None if local.tzinfo is None else local.astimezone(UTC))
