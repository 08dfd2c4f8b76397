"""Dateline lines and wire datelines of scraped news text.

A *dateline line* is the short line of a text dump that carries the publication stamps::

    2019-05-13 06:22:58 GMT2019-05-13 14:22:58(Beijing Time)  Sina English

:func:`parse_dateline` finds every stamp on it (glued or spaced, each with its own zone),
the outlet printed next to them and whether the stamps agree; :func:`published_from`
picks the publication time from them.  :func:`find_wire_dateline` recognises the agency
dateline that opens a body paragraph (``SOCHI, Russia (AP) — ``).

Decisions:

* Zones come from ``data/zones.json``, loaded once at import.  US zones, generic or not
  (ET, EST, EDT, PT, PST …), follow the DST rule of the stamp's date via zoneinfo, as the
  corpus convention says ("ET/EST/EDT resolve to -05:00/-04:00 by date"): US outlets print
  EST year-round.  Other explicit abbreviations (BST, CET, CEST, MESZ, AEST …) are the
  fixed offset they name.
* ``CST`` is ambiguous: it is US Central (America/Chicago) by default and China Standard
  Time (+08:00) when the line mentions Beijing/China/Xinhua/Sina… (the table's ``context``
  rule).  ``IST`` is India (+05:30), ``BST`` British Summer Time (+01:00).
* A stamp without a zone stays naive (``utc`` None); a date-only stamp is midnight, naive.
  An unusable printed offset (``GMT+15``) keeps its text in ``zone`` but leaves the stamp naive.
  Numeric dates are year-first (``2019-05-13``, ``2019/05/13``) or day-first with dots
  (``18.02.2021``); ``16:45 Uhr MESZ`` is read too.
* A 12-hour marker on an impossible hour (``14:22 PM``) is ignored, not an error.
* A line is a dateline line only when, apart from its stamps, it holds nothing but
  separators, at most one short outlet name (a ``Source:`` label is stripped) and
  byline/editor parts (``By …``, ``Editor: …``), which are never taken as the outlet.
* Stamps are compared to the second, or to the minute when either was printed without
  seconds (``06:22:58 GMT`` and ``14:22 Beijing Time`` agree).
* Offsets are code-point offsets into the line as given: NBSP, CR, tabs and other odd
  spaces are read as spaces without changing the length.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

__all__ = [
    "DatelineLine",
    "Stamp",
    "WireDateline",
    "find_wire_dateline",
    "parse_dateline",
    "published_from",
    "updated_from",
]

# ---- thresholds ---------------------------------------------------------------------------
MAX_LINE_CHARS = 500  # a dateline line is short; anything longer is prose (and not scanned)
MAX_WIRE_SCAN = 300  # a wire dateline sits within the first few dozen characters
MAX_SOURCE_WORDS = 6  # "South China Morning Post" fits; a sentence does not
MAX_SOURCE_CHARS = 60
MAX_EXTRA_PARTS = 3  # non-stamp parts on a dateline line: outlet, editor, byline
MAX_OFFSET_HOURS = 14  # widest real UTC offset (Kiribati)

# length-preserving: every odd space becomes one plain space, so offsets stay valid
_SPACES = str.maketrans(dict.fromkeys("\u00a0\u2007\u2009\u200a\u202f\u3000\r\n\t\f\v", " "))


@dataclass(frozen=True)
class Stamp:
    """One timestamp printed on a dateline line."""

    local: datetime  # as printed; tz-aware when the zone is known, naive otherwise
    utc: datetime | None  # the same instant in UTC (tzinfo=UTC), None when zone unknown
    zone: str | None  # the zone text as printed: "GMT", "Beijing Time", "+08:00", "ET" …
    start: int  # [start, end) offsets of the whole stamp (label included) within the line
    end: int
    has_time: bool  # False for a date-only stamp
    updated: bool  # introduced by "Updated:"/"Last updated"


@dataclass(frozen=True)
class DatelineLine:
    """The stamps of a dateline line, the outlet printed next to them, and their agreement."""

    stamps: tuple[Stamp, ...]
    source: str | None  # outlet name, separators and "Source:" stripped; None if absent
    consistent: bool  # all zone-aware, timed, non-updated stamps are the same instant
    note: str | None  # why not consistent: "stamps disagree: … vs …"


@dataclass(frozen=True)
class WireDateline:
    """A wire dateline opening a body paragraph: ``WASHINGTON, May 13 (Reuters) - ``."""

    place: str  # "SOCHI, Russia" / "WASHINGTON", as printed
    agency: str | None  # "AP", "Reuters", "AFP", "Xinhua" …
    date_text: str | None  # "May 13" when present
    start: int  # [start, end) of the whole prefix incl. the dash and following spaces
    end: int

    @property
    def city(self) -> str:
        """The place without its region: "SOCHI" for "SOCHI, Russia"."""
        return self.place.split(",")[0].strip()


# ---- zone table ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Zones:
    abbreviations: dict[str, str]  # "ET" -> "America/New_York", "BST" -> "+01:00"
    names: dict[str, str]  # folded ("beijing time") -> value
    context: dict[str, tuple[re.Pattern[str], str]]  # "CST" -> (line pattern, value)


def _fold(text: str) -> str:
    return " ".join(text.split()).lower()


def _fixed(sign: str, hours: int, minutes: int) -> tzinfo | None:
    """A fixed-offset zone, or None for an offset no place on Earth uses."""
    if hours > MAX_OFFSET_HOURS or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    if not delta:
        return UTC
    return timezone(-delta if sign in "-−" else delta)


@cache
def _tz(value: str) -> tzinfo:
    """A table value ("+08:00" or an IANA name) as a tzinfo."""
    m = re.fullmatch(r"([+-])(\d\d):(\d\d)", value)
    tz = ZoneInfo(value) if m is None else _fixed(m[1], int(m[2]), int(m[3]))
    if tz is None:
        raise ValueError(f"zones.json: bad offset {value!r}")
    return tz


def _load_zones() -> _Zones:
    path = resources.files(__package__ or "dateline.read").joinpath("data").joinpath("zones.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    zones = _Zones(
        abbreviations=dict(raw["abbreviations"]),
        names={_fold(k): v for k, v in raw["names"].items()},
        context={k: (re.compile(v["when"], re.IGNORECASE), v["zone"]) for k, v in raw["context"].items()},
    )
    values = [*zones.abbreviations.values(), *zones.names.values()]
    for value in values + [v for _, v in zones.context.values()]:
        _tz(value)  # fail at import on a typo, not on the first article that uses it
    return zones


_ZONES = _load_zones()

# ---- stamp grammar ------------------------------------------------------------------------
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTH = (
    r"(?<![A-Za-z])(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![A-Za-z])\.?"
)
_WEEKDAY = (
    r"(?<![A-Za-z])(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)(?![A-Za-z])\.?"
)
_YEAR = r"(?:1[89]|2\d)\d\d(?!\d)"
_DATE = (
    rf"(?:(?<!\d)(?P<y1>{_YEAR})(?P<sep>[-/.])(?P<m1>\d\d?)(?P=sep)(?P<d1>\d\d?)(?!\d)"
    rf"|(?<![\d.])(?P<d5>\d\d?)\.(?P<m5>\d\d?)\.(?P<y5>{_YEAR})"  # 18.02.2021
    rf"|(?<!\d)(?P<y4>{_YEAR})\s*年\s*(?P<m4>\d\d?)\s*月\s*(?P<d4>\d\d?)\s*日"
    rf"|(?P<mn2>{_MONTH})\s*(?P<d2>\d\d?)(?:st|nd|rd|th)?(?!\d)\s*,?\s*(?P<y2>{_YEAR})"
    rf"|(?<!\d)(?P<d3>\d\d?)(?:st|nd|rd|th)?\s*(?P<mn3>{_MONTH})\s*,?\s*(?P<y3>{_YEAR}))"
)
_AMPM = r"(?:[aApP]\.?[mM]\.?)(?![A-Za-z])"


def _alternation(words: list[str]) -> str:
    words = sorted(words, key=len, reverse=True)  # longest first: EDT before ET
    return "|".join(r"\s+".join(re.escape(w) for w in word.split()) for word in words)


_ABBRS = _alternation([a for a in _ZONES.abbreviations if a != "Z"])
_NAMES = _alternation(list(_ZONES.names))
_ZONE_CORE = (
    r"(?P<zoff>(?:UTC|GMT)\s?[+\-−]\s?\d\d?(?::?\d\d)?(?!\d))"
    r"|(?P<zbare>[+\-−](?:0\d|1[0-4]):?[0-5]\d(?!\d))"
    rf"|(?P<zname>(?i:{_NAMES}))(?![A-Za-z])"
    rf"|(?P<zabbr>{_ABBRS})(?![A-Za-z])"
    r"|(?<=\d)(?P<zz>Z)(?![A-Za-z])"
)
_ZONE = rf"\s*(?P<zopen>[(（])?\s*(?:{_ZONE_CORE})(?(zopen)\s*[)）])"
_ZONE_AHEAD = rf"\s*[(（]?\s*(?:{_ABBRS}|(?i:{_NAMES}))(?![A-Za-z])"
_TIME = (
    r"(?<!\d)(?P<h>[01]?\d|2[0-3])"
    r"(?::(?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d)(?:[.,]\d{1,6})?)?"
    rf"|\.(?P<md>[0-5]\d)(?=\s*{_AMPM}|{_ZONE_AHEAD})"  # "06.22 BST", never "10.50 million"
    rf"|(?=\s*{_AMPM}))"  # "6 a.m."
    rf"(?!\d)(?:\s*(?P<ap>{_AMPM}))?(?:\s*(?i:uhr)(?![A-Za-z]))?"
)
_LABEL = (
    r"(?:(?P<pre>(?i:last\s+updated|last\s+modified|updated|modified|first\s+published"
    r"|published|posted|released|date))(?![A-Za-z])\s*(?:(?i:on|at)(?![A-Za-z]))?\s*[:：]?\s*)?"
)
_WEEKDAY_OPT = rf"(?:{_WEEKDAY}\s*,?\s*)?"
_SEP = r"\s*[,|·•–—-]?\s*"
# date first: "Monday, May 13, 2019, 6:22 AM EDT", "2019-05-13T06:22:58Z"
_DATE_FIRST = re.compile(rf"{_LABEL}{_WEEKDAY_OPT}{_DATE}(?:(?:T|{_SEP}(?:(?i:at)\s+)?){_TIME}(?:{_ZONE})?)?")
# time first: "Updated 1:23 PM ET, Mon May 13, 2019", "13:42, 13 May 2019"
_TIME_FIRST = re.compile(rf"{_LABEL}{_TIME}(?:{_ZONE})?{_SEP}(?:(?i:on)\s+)?{_WEEKDAY_OPT}{_DATE}")
_OFFSET_TEXT = re.compile(r"([+\-−])\s?(\d\d?)(?::?(\d\d))?$")
_UTC_NAMES = frozenset({"GMT", "UTC", "Z"})


def _ymd(m: re.Match[str]) -> tuple[int, int, int]:
    if m["y1"]:
        return int(m["y1"]), int(m["m1"]), int(m["d1"])
    if m["y4"]:
        return int(m["y4"]), int(m["m4"]), int(m["d4"])
    if m["y5"]:
        return int(m["y5"]), int(m["m5"]), int(m["d5"])
    if m["y2"]:
        return int(m["y2"]), _MONTHS[m["mn2"][:3].lower()], int(m["d2"])
    return int(m["y3"]), _MONTHS[m["mn3"][:3].lower()], int(m["d3"])


def _hms(m: re.Match[str]) -> tuple[int, int, int]:
    hour, minute, second = int(m["h"]), int(m["mi"] or m["md"] or 0), int(m["s"] or 0)
    if m["ap"] and 1 <= hour <= 12:
        hour = hour % 12 + (12 if m["ap"][0] in "pP" else 0)
    return hour, minute, second


def _zone(m: re.Match[str], line: str) -> tuple[str | None, tzinfo | None]:
    """The zone text as printed and its tzinfo (None when not printed or unusable)."""
    if text := m["zoff"] or m["zbare"]:
        o = _OFFSET_TEXT.search(text)
        return text, None if o is None else _fixed(o[1], int(o[2]), int(o[3] or 0))
    if text := m["zname"]:
        return text, _tz(_ZONES.names[_fold(text)])
    if text := m["zabbr"] or m["zz"]:
        value = _ZONES.abbreviations[text]
        if text in _ZONES.context and _ZONES.context[text][0].search(line):
            value = _ZONES.context[text][1]
        return text, _tz(value)
    return None, None


def _stamp(m: re.Match[str], line: str) -> Stamp | None:
    has_time = m["h"] is not None
    try:
        naive = datetime(*_ymd(m), *(_hms(m) if has_time else (0, 0, 0)))
    except ValueError:  # 2019-02-30
        return None
    zone, tz = _zone(m, line) if has_time else (None, None)
    local = naive if tz is None else naive.replace(tzinfo=tz)
    pre = _fold(m["pre"] or "")
    return Stamp(
        local=local,
        utc=None if tz is None else local.astimezone(UTC),
        zone=zone,
        start=m.start(),
        end=m.end(),
        has_time=has_time,
        updated=pre.startswith(("updated", "last", "modified")),
    )


def _find_stamps(line: str) -> tuple[Stamp, ...]:
    """Every stamp on the line, left to right, none overlapping (earliest, then longest)."""
    found = [
        stamp
        for pattern in (_DATE_FIRST, _TIME_FIRST)
        for m in pattern.finditer(line)
        if (stamp := _stamp(m, line)) is not None
    ]
    found.sort(key=lambda s: (s.start, -s.end))
    kept: list[Stamp] = []
    for stamp in found:
        if not kept or stamp.start >= kept[-1].end:
            kept.append(stamp)
    return tuple(kept)


# ---- what is printed around the stamps ----------------------------------------------------
_PART_SPLIT = re.compile(r"[|｜·•/]|\s[-–—]+\s|[–—]")
_PART_STRIP = " ,;:-–—|｜·•/()[]（）【】<>"
_SOURCE_LABEL = re.compile(r"(?i)^(?:source|from)\s*[:：]\s*")
_BYLINE = re.compile(r"(?i)^(?:by|editors?|author|reporters?|writer|photo|edited\s+by|written\s+by)(?![a-z])")
_LABEL_WORDS = frozenset("updated modified published posted released last".split())
_CONNECTORS = frozenset("of the and for de del la le du des di da van von der al el".split())


def _is_outlet(name: str, labelled: bool) -> bool:
    """Could this short text be an outlet name rather than a piece of prose?"""
    words = name.split()
    if not words or len(words) > MAX_SOURCE_WORDS or len(name) > MAX_SOURCE_CHARS:
        return False
    if not any(ch.isalpha() for ch in name) or name[-1] in "!?":
        return False
    if labelled:
        return True
    cores = [w.strip("\"'“”‘’()[],;:.!?") for w in words]
    if all(c.lower() in _CONNECTORS for c in cores) or cores[0].lower() in _LABEL_WORDS:
        return False
    if any(c in _ZONES.abbreviations for c in cores):
        return False  # a stamp this module could not read ("0622 GMT"), not an outlet
    for core in cores:
        first = next((ch for ch in core if ch.isalpha()), "")
        if first.islower() and core.lower() not in _CONNECTORS and "." not in core:
            return False  # "met", "in": prose; "sina.com.cn" is fine
    return True


def _outlet(line: str, stamps: tuple[Stamp, ...]) -> tuple[bool, str | None]:
    """(is the rest of the line only an outlet / byline / separators, the outlet)."""
    bounds = [0, *(i for s in stamps for i in (s.start, s.end)), len(line)]
    source: str | None = None
    parts = 0
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        for raw in _PART_SPLIT.split(line[a:b]):
            part = raw.strip(_PART_STRIP)
            if not any(ch.isalnum() for ch in part):
                continue  # punctuation between stamps, a final "."
            parts += 1
            if parts > MAX_EXTRA_PARTS:
                return False, None
            if _BYLINE.match(part):
                if len(part.split()) > MAX_SOURCE_WORDS + 2:
                    return False, None
                continue
            label = _SOURCE_LABEL.match(part)
            name = part[label.end() :].strip(_PART_STRIP) if label else part
            if not _is_outlet(name, label is not None):
                return False, None
            source = source or name
    return True, source


def _to_compare(stamp: Stamp, coarse: bool) -> datetime | None:
    """The instant of a stamp, to the minute when ``coarse``."""
    if stamp.utc is None:
        return None
    return stamp.utc.replace(second=0) if coarse else stamp.utc


def _iso_z(dt: datetime | None) -> str:
    return "?" if dt is None else dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_dateline(line: str) -> DatelineLine | None:
    """The stamps and outlet of a dateline line.

    None when the line is not a dateline line (i.e. it is mostly prose: stamps must
    cover most of the line apart from a short outlet name / byline-free remainder; a
    sentence that merely contains a date, like 'Trump met Putin on May 13, 2019 in
    Helsinki.', is NOT a dateline line).  Never raises.
    """
    if not isinstance(line, str) or len(line) > MAX_LINE_CHARS:
        return None
    text = line.translate(_SPACES)
    stamps = _find_stamps(text)
    if not stamps:
        return None
    ok, source = _outlet(text, stamps)
    if not ok:
        return None
    timed = [s for s in stamps if s.utc is not None and s.has_time and not s.updated]
    for other in timed[1:]:
        first = timed[0]
        coarse = first.local.second == 0 or other.local.second == 0  # printed without seconds
        if _to_compare(first, coarse) != _to_compare(other, coarse):
            note = f"stamps disagree: {_iso_z(first.utc)} vs {_iso_z(other.utc)}"
            return DatelineLine(stamps=stamps, source=source, consistent=False, note=note)
    return DatelineLine(stamps=stamps, source=source, consistent=True, note=None)


def _utc_like(stamp: Stamp) -> bool:
    """Printed in UTC itself (GMT, UTC, Z, +00:00), not in the source's local zone."""
    if stamp.zone is None or stamp.utc is None or stamp.local.utcoffset():
        return False
    return stamp.zone.upper() in _UTC_NAMES or stamp.zone[0] in "+-−" or stamp.zone[:3] in _UTC_NAMES


def published_from(line: DatelineLine) -> tuple[datetime | None, datetime | None, str]:
    """(published_utc, published_local, evidence) of a parsed dateline line.

    published_local is the first non-updated stamp whose zone is not UTC/GMT (the local
    time as printed by the source, aware with its offset), else the first non-updated
    stamp.  published_utc is that instant in UTC, read from a timed UTC/GMT stamp when the
    line has one: the same instant when the stamps agree, and the corpus convention when
    they disagree (the GMT stamp is the instant, the other the local time as printed).
    evidence is a short string like 'dateline line: 2 stamps (GMT, Beijing Time), consistent'.

    Project conventions (examples/corpus/README.md) for the cases the rule leaves open:
    stamps with a zone are preferred to stamps without; a line with only "Updated" stamps
    gives its first one; a line with no zoned stamp gives published_local None and its
    first stamp read as UTC (a date-only stamp: midnight Z).
    """
    zones = ", ".join(
        ("updated " if s.updated else "") + (s.zone or ("no zone" if s.has_time else "date only"))
        for s in line.stamps
    )
    n = len(line.stamps)
    evidence = f"dateline line: {n} stamp{'' if n == 1 else 's'} ({zones}), " + (
        "consistent" if line.consistent else "inconsistent"
    )
    if not line.stamps:
        return None, None, evidence
    primary = [s for s in line.stamps if not s.updated]
    if not primary:
        primary = list(line.stamps)
        evidence += ", only updated stamps"
    aware = [s for s in primary if s.utc is not None]
    pick = next((s for s in aware if not _utc_like(s)), aware[0] if aware else primary[0])
    if pick.utc is None:
        return pick.local.replace(tzinfo=UTC), None, evidence + ", no zone: read as UTC"
    in_utc = next((s for s in aware if s.has_time and _utc_like(s)), pick)
    return in_utc.utc or pick.utc, pick.local, evidence


def updated_from(line: DatelineLine) -> datetime | None:
    """The UTC instant of the first "Updated" stamp that has a zone, or None."""
    return next((s.utc for s in line.stamps if s.updated and s.utc is not None), None)


# ---- wire datelines -----------------------------------------------------------------------
_W_WORD = r"[^\W\d_](?:[^\W_]|['’.\-](?=[^\W\d_]))*\.?"  # SOCHI, ST., U.S., N'DJAMENA
_WIRE = re.compile(
    rf"\s*(?P<place>{_W_WORD}(?:[ ]+{_W_WORD}){{0,4}})"
    rf"(?:,[ ]*(?!{_MONTH}[ ]*\d)(?P<region>{_W_WORD}(?:[ ]+{_W_WORD}){{0,3}}))?"
    rf"(?:,[ ]*(?P<date>{_MONTH}[ ]*\d\d?(?!\d)(?:,?[ ]*{_YEAR})?))?"
    r"[ ]*(?:\((?P<agency>[^\W\d_][^()]{0,29})\))?"
    r"(?P<dash>[ ]*(?:—|–|―|--|-)[ ]*)"
)
# all-caps lead-ins that are not places, and acronyms that open ordinary sentences
_NOT_PLACES = frozenset(
    "BREAKING UPDATE UPDATED EXCLUSIVE WATCH LIVE ANALYSIS OPINION EDITORIAL COMMENTARY "
    "VIDEO PHOTOS PHOTO INTERVIEW REVIEW FEATURE URGENT FLASH ALERT CORRECTION NOTE OK "
    "US USA UK EU UN NATO FBI CIA NASA WHO GOP CEO COVID".split()
)


def find_wire_dateline(paragraph: str) -> WireDateline | None:
    """Recognize a wire dateline at the very start of a body paragraph.

    `SOCHI, Russia (AP) — `, `WASHINGTON, May 13 (Reuters) - `, `BEIJING, May 13
    (Xinhua) -- `, `LONDON (AFP) – `, `NEW YORK — ` (all-caps place then dash).  Does
    not fire on ordinary sentences ('US Secretary of State Mike Pompeo is heading to
    Russia - standing firm...').  Never raises; None when there is no wire dateline.
    """
    if not isinstance(paragraph, str):
        return None
    m = _WIRE.match(paragraph[:MAX_WIRE_SCAN].translate(_SPACES))
    if m is None:
        return None
    place, region, agency = m["place"], m["region"], m["agency"]
    letters = sum(ch.isalpha() for ch in place)
    if not place.isupper() or letters < 2:
        return None
    if re.sub(r"[^\w ]", "", place) in _NOT_PLACES:
        return None
    if region and any(w[0].islower() and w not in _CONNECTORS for w in region.split() if w[0].isalpha()):
        return None
    if agency is None and m["date"] is None:
        dash = m["dash"]
        if letters < 3 or (dash.strip() == "-" and not (dash[0] == " " and dash[-1] == " ")):
            return None  # "NEW YORK-based", "I - "
    end_place = m.end("region") if region else m.end("place")
    return WireDateline(
        place=paragraph[m.start("place") : end_place],
        agency=agency.strip() if agency else None,
        date_text=m["date"],
        start=m.start("place"),
        end=m.end(),
    )
