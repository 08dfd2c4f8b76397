"""Dateline lines and wire datelines of scraped news text.

A *dateline line* is the short line of a text dump that carries the publication stamps::

    2019-05-13 06:22:58 GMT2019-05-13 14:22:58(Beijing Time)  Sina English
    -- 21 Nov 2023 1342 HKT (0542 GMT)
    Source: Global Times| 2019-10-26 18:55:22|Editor: Li Wei

:func:`parse_dateline` finds every stamp on it (glued or spaced, each with its own zone),
the outlet and the people printed next to them and whether the stamps agree;
:func:`find_stamps` gives the stamps of any line and :func:`disagreement` says whether
stamps gathered anywhere are one instant; :func:`published_from` and
:func:`updated_from` pick the times, saying how; :func:`find_wire_dateline` recognises
the agency dateline that opens a body paragraph (``SOCHI, Russia (AP) — ``, ``MOSCOW,
November 21. /TASS/. ``, ``PUNE: ``).

The stamp grammar (a grammar of the *kind* of stamp, not a list of styles):

* A line is cut into *atoms*: label (``Updated``, ``Published on``, ``Posted:``,
  ``Date:``, ``Time:``, ``发布时间`` …), weekday, month name, day number, year, numeric
  date, CJK date (``2023年11月21日``), time (``18:55``, ``6:22 a.m.``, ``下午6:55``,
  ``18.55`` before a zone, a.m./p.m. or ``Uhr``, ``18h55``, ``18时55分``, ``18:55 hrs``,
  and ``HHMM`` only before a zone or ``hrs``: ``0542 GMT``), zone, and a time with its
  zone in parentheses (``(0542 GMT)``).  Words glued by copying text out of a browser
  still part (``November 21, 20236:00 AM GMTUpdated 2 hours ago``).
* Atoms joined by spaces, a comma or ``at``/``on``/``of``/``de`` (or ``T`` between a
  date and a time) build one stamp, in any order: weekday, day, month, year, time and
  zone each fill one slot (``November 21, 2023 Tuesday 6:00 AM GMT``, ``6:22 p.m. EDT
  Nov. 21, 2023``).  Only a zone *name* may come first (``北京时间 2023-11-21 18:55``);
  an abbreviation before a time is not its zone (Factiva's ``ET 18:55`` field).  ``|``,
  ``/``, ``-``, ``·`` join a time to a date only ("Nov. 21, 2023 / 6:22 PM").  An atom
  whose slot is taken, or a label, starts the next stamp.
* A time in parentheses after a zoned time (``1342 HKT (0542 GMT)``) is a second stamp of
  the same instant, checked to agree.  A time printed without a date (``/ Updated 7:01
  PM``, ``(0542 GMT)``) takes the date of the nearest dated stamp of the line: of the three
  days around that stamp's date, the one that puts it nearest that stamp's instant.  With
  no dated stamp on the line it keeps ``has_date`` False (or takes ``on=`` when given).
* A stamp needs a whole date or a time: ``Nov 21`` without a year, ``20231121`` and a
  bare ``2023`` are not stamps.  A month and a day *with a time* but no year (``21 NOV,
  18:55`` as TASS prints it, ``Nov 21, 18:55``, ``11月21日 18:55``) is a stamp: it takes the
  year of a dated stamp of the line (the year that puts it nearest that date, so ``Dec 31``
  next to ``Jan 1, 2024`` is in 2023) or of ``on=``; with neither it keeps ``has_date``
  False and its ``month_day``, and :func:`published_from` says "no year printed".
* A wide gap (3+ spaces, a tab) separates the fields of a line: no stamp spans it (``By
  Nguyen Thu   March 2, 2021``: the surname is no weekday).
* Numeric dates, day and month order decided by evidence, in this order: a component
  > 12 is the day; a printed weekday that fits only one reading decides; year-first is
  year-month-day (``2023-11-21``, ``2023/11/21``, ``2023.11.21``); dot- and dash-separated
  day-first (``21.11.2023``, ``21-11-2023``); slash-separated month-first (US,
  ``11/21/2023``) only when the line prints a US zone or its outlet (``outlet=`` or the
  one on the line) is a US outlet in ``data/outlets.json``, day-first (``21/11/2023``)
  otherwise.  A two-digit year after day and month is in the 2000s (``21.11.23``).
* Calendar words (months, weekdays in several languages) and labels are data, in
  ``data/zones.json`` with the zones.

Zones (``data/zones.json``, loaded once at import):

* US zones, generic or not (ET, EST, EDT, PT, PST …), follow the DST rule of the stamp's
  date via zoneinfo, as the corpus convention says ("ET/EST/EDT resolve to -05:00/-04:00
  by date"): US outlets print EST year-round.  Other explicit abbreviations (BST, CET,
  CEST, MESZ, AEST …) are the fixed offset they name.
* Zone names in the languages outlets print them (``北京时间``, ``（北京时间）``, ``東京時間``,
  ``МСК``, ``Moscow time``, ``(IST)`` …); a zone label is never an outlet.
* ``CST`` is ambiguous: it is US Central (America/Chicago) by default and China Standard
  Time (+08:00) when the line mentions Beijing/China/Xinhua/Sina… (the table's ``context``
  rule).  ``IST`` is India (+05:30), ``BST`` British Summer Time (+01:00).
* A stamp without a zone stays naive (``utc`` None); a date-only stamp is midnight, naive.
  An unusable printed offset (``GMT+15``) keeps its text in ``zone`` but leaves the stamp
  naive.  :func:`published_from` then says what it did (no silent zone): the zone the
  line prints elsewhere or the outlet's zone when known, else the wall-clock time read
  as UTC, *saying so*.

The line:

* A line is a dateline line only when, apart from its stamps, it holds nothing but
  separators, a line prefix (``-- ``, ``> ``, ``* ``), at most one short outlet name (a
  ``Source:``/``来源：`` label is stripped), byline/editor parts (``By …``, ``Editor: …``,
  ``Writer:``, ``Reporter:``, ``Author:``, ``Photo:``), which are never the outlet, and
  stray calendar words (a lone weekday or zone label), relative times and page
  counters (``Updated 2 hours ago``, ``5 min read``, ``12 Comments``) and label-value
  parts (``Section: World``, for the header classifier of read/text.py; never the
  outlet).  A leftover that still holds calendar words and digits
  is a stamp this grammar could not read, and a stamp under a label it does not know
  (``Load-Date: …``) is not a publication: either way, not a dateline line.  A line whose
  stamps have no date (``18:55``) stands alone: with an outlet it is a headline (a month
  and day without a year are a date for this: ``TASS  21 NOV, 18:55`` is a dateline line).
* Stamps are compared to the second, or to the minute when either was printed without
  seconds (``06:22:58 GMT`` and ``14:22 Beijing Time`` agree).
* A 12-hour marker on an impossible hour (``14:22 PM``) is ignored, not an error.
* Offsets are code-point offsets into the line as given: NBSP, CR, tabs and other odd
  spaces are read as spaces without changing the length.
* Linear and bounded: one regular-expression scan of at most MAX_LINE_CHARS characters,
  then a single pass over the atoms; never raises.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from .outlets import lookup as lookup_outlet

__all__ = [
    "DatelineLine",
    "Stamp",
    "WireDateline",
    "disagreement",
    "find_stamps",
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
MAX_CJK_SOURCE_CHARS = 10  # "央视新闻客户端" fits; "国务院新闻发布会召开" is a headline
MAX_BYLINE_WORDS = 12  # "By Faisal bin Saad and Anna van der Berg"; longer is prose
MAX_EXTRA_PARTS = 3  # non-stamp parts on a dateline line: outlet, editor, byline
MAX_OFFSET_HOURS = 14  # widest real UTC offset (Kiribati)
MAX_ZONE_GAP = 2  # spaces allowed between "0542" and "GMT" for an HHMM time

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
    updated: bool  # introduced by "Updated:"/"Last updated" (or the annex of such a stamp)
    has_date: bool = True  # False for a time printed with no date anywhere (local is 0001-01-01)
    date_inferred: bool = False  # the date was taken from another stamp of the line / ``on``
    label: str | None = None  # the label as printed: "Published on", "Updated:", "发布时间："
    # (month, day) of a stamp printed without a year ("21 NOV, 18:55", "11月21日 18:55") that
    # found no year on its line or in ``on``: has_date False, local 0001-01-01 at its time
    month_day: tuple[int, int] | None = None


@dataclass(frozen=True)
class DatelineLine:
    """The stamps of a dateline line, the outlet printed next to them, and their agreement."""

    stamps: tuple[Stamp, ...]
    source: str | None  # outlet name, separators and "Source:" stripped; None if absent
    consistent: bool  # all zone-aware, timed, non-updated stamps are the same instant
    note: str | None  # why not consistent: "stamps disagree: … vs …"
    authors: tuple[str, ...] = ()  # people of "By …", "Editor: …", "Writer: …" parts
    prefix: str | None = None  # a line prefix before everything: "--", ">", "*"


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


# ---- zone and calendar tables -------------------------------------------------------------
@dataclass(frozen=True)
class _Zones:
    abbreviations: dict[str, str]  # "ET" -> "America/New_York", "BST" -> "+01:00"
    names: dict[str, str]  # folded ("beijing time") -> value
    context: dict[str, tuple[re.Pattern[str], str]]  # "CST" -> (line pattern, value)
    months: dict[str, int]  # folded word -> 1..12
    weekdays: dict[str, int]  # folded word -> 0 (Monday) .. 6
    labels: dict[str, str]  # folded label, colon dropped -> "published" | "updated" | "time"
    label_forms: tuple[str, ...]  # labels as listed (an entry ending in ":" needs its colon)


def _fold(text: str) -> str:
    return " ".join(text.split()).lower()


def _label_key(text: str) -> str:
    return _fold(re.sub(r"(?i)(?:\s+(?:on|at))?\s*[:：]?\s*$", "", text))


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
    labels = {kind: list(forms) for kind, forms in raw["labels"].items()}
    zones = _Zones(
        abbreviations=dict(raw["abbreviations"]),
        names={_fold(k): v for k, v in raw["names"].items()},
        context={k: (re.compile(v["when"], re.IGNORECASE), v["zone"]) for k, v in raw["context"].items()},
        months={_fold(w): i for i, words in enumerate(raw["months"], 1) for w in words},
        weekdays={_fold(w): i for i, words in enumerate(raw["weekdays"]) for w in words},
        labels={_label_key(f): kind for kind, forms in labels.items() for f in forms},
        label_forms=tuple(f for forms in labels.values() for f in forms),
    )
    if len(raw["months"]) != 12 or len(raw["weekdays"]) != 7:
        raise ValueError("zones.json: 12 months and 7 weekdays expected")
    values = [*zones.abbreviations.values(), *zones.names.values()]
    for value in values + [v for _, v in zones.context.values()]:
        _tz(value)  # fail at import on a typo, not on the first article that uses it
    return zones


_ZONES = _load_zones()


# ---- atoms --------------------------------------------------------------------------------
def _is_cjk(word: str) -> bool:
    return any(ord(ch) >= 0x2E80 for ch in word)


def _alternation(words: list[str] | tuple[str, ...], *, lower: bool = False) -> str:
    """The words as one regular expression, factored as a trie (one character test per
    position instead of one per word) and greedy, so the longest word wins: EDT before ET.
    Spaces inside a word match any run of spaces; ``lower`` for a case-insensitive group."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in " ".join((word.lower() if lower else word).split()):
            node = node.setdefault(r"\s+" if ch == " " else re.escape(ch), {})
        node[""] = {}
    return _trie(root)


def _trie(node: dict[str, dict]) -> str:
    alts = [tok + _trie(child) for tok, child in sorted(node.items()) if tok]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if "" in node:
        return f"(?:{body})?" if len(alts) > 1 or len(body) > 2 else f"{body}?"
    return body


_LETTER_BEFORE = r"(?<![^\W\d_])"  # not inside a word (digits and punctuation are fine)
_LETTER_AFTER = r"(?![^\W\d_])"


def _words(words: list[str], *, script: str = "all", single_cjk: bool = True) -> str:
    """Whole words (case-insensitive) of a script ("latin": any alphabet; "cjk"; "all");
    CJK words need no word boundary; ``single_cjk`` False leaves out one-character ones."""
    latin = [w for w in words if not _is_cjk(w)] if script != "cjk" else []
    cjk = [w for w in words if _is_cjk(w) and (single_cjk or len(w) > 1)] if script != "latin" else []
    alts = [f"{_LETTER_BEFORE}(?i:{_alternation(latin, lower=True)}){_LETTER_AFTER}"] if latin else []
    if cjk:
        alts.append(f"(?:{_alternation(cjk)})")
    return "(?:" + "|".join(alts) + ")" if alts else "(?!)"


# text copied out of a browser glues words: "November 21, 20236:00 AM GMTUpdated 2 hours ago"
_GLUED_LABEL = _alternation(
    sorted({f[:1].upper() + f[1:] for f in _ZONES.label_forms if f[:1].isalpha() and not _is_cjk(f)})
)
_AFTER_ABBR = rf"(?:{_LETTER_AFTER}|(?={_GLUED_LABEL}))"
_ABBRS = _alternation([a for a in _ZONES.abbreviations if a != "Z"])
_NAMES = _alternation(list(_ZONES.names), lower=True)
_CJK_NAMES = _alternation([n for n in _ZONES.names if _is_cjk(n)])
_ZONE_LATIN = (  # a zone that starts with a letter of an alphabet, or a sign
    r"(?:(?:UTC|GMT)\s?[+\-−]\s?\d\d?(?::?\d\d)?(?!\d)"
    r"|[+\-−](?:0\d|1[0-4]):?[0-5]\d(?!\d)"
    rf"|(?<![A-Za-z])(?i:{_alternation([n for n in _ZONES.names if not _is_cjk(n)], lower=True)})(?![A-Za-z])"
    rf"|{_LETTER_BEFORE}(?:{_ABBRS}){_AFTER_ABBR}"
    rf"|(?<=\d)Z{_LETTER_AFTER})"
)
_ZONE_CORE = rf"(?:{_ZONE_LATIN}|(?:{_CJK_NAMES}))"
_ZONE_PAREN = rf"[(（]\s*{_ZONE_CORE}\s*[)）]"
_ZONE = rf"(?:{_ZONE_PAREN}|{_ZONE_CORE})"
_ZONE_AHEAD = rf"\s*[(（]?\s*(?:{_LETTER_BEFORE}(?:{_ABBRS})|(?i:{_NAMES})|(?:UTC|GMT)\s?[+\-−]\s?\d|[+\-−]\d\d:?\d\d)(?![A-Za-z])"
_AMPM = rf"(?:[aApP]\.?\s?[mM]\.?){_LETTER_AFTER}"
_HOUR = r"(?:[01]?\d|2[0-3])"
_GLUED_YEAR = r"(?<=(?<!\d)(?:1[89]|20)\d\d)"  # "20236:00": the year, then the hour
_TIME = (
    rf"(?:(?:(?<![\d:.])|{_GLUED_YEAR}){_HOUR}"
    r"(?::[0-5]\d(?::[0-5]\d(?:[.,]\d{1,6})?)?"
    rf"|\.[0-5]\d(?=\s*{_AMPM}|{_ZONE_AHEAD}|\s*(?i:uhr){_LETTER_AFTER})"  # "06.22 BST", "14.45 Uhr", never "10.50 million"
    r"|h[0-5]\d"  # "18h55"
    rf"|(?=\s*{_AMPM}))"  # "6 a.m."
    rf"(?!\d)(?:\s*{_AMPM})?(?:\s*(?i:uhr|hrs?|hours){_LETTER_AFTER}\.?)?"
    rf"|(?<![\d:.])(?:[01]\d|2[0-3])[0-5]\d\s*(?i:hrs?|hours){_LETTER_AFTER}\.?"  # "1855 hrs"
    rf"|(?<!\d){_HOUR}\s*[时時点點시]\s*[0-5]?\d\s*[分분]?)"  # "18时55分", "18시 55분"
)
_CJK_PM = ("下午", "午後", "오후")
_CJK_AMPM = "|".join(("上午", "午前", "오전", *_CJK_PM))
_CJK_TIME = rf"(?:{_CJK_AMPM})\s*(?:1[0-2]|0?\d)(?::[0-5]\d(?::[0-5]\d)?|\s*[时時点點시]\s*(?:[0-5]?\d\s*[分분]?)?)(?!\d)"
_HHMM = r"(?<![\d:.])(?:[01]\d|2[0-3])[0-5]\d(?![\d:])"
_ANNEX = rf"[(（]\s*(?:{_TIME}|{_HHMM})\s*{_ZONE_CORE}\s*[)）]"
_YEAR_DIGITS = r"(?:1[89]|2\d)\d\d"  # 1800-2999: no instant near datetime's limits
_NUMDATE = (
    rf"(?<![\d.:/])(?:{_YEAR_DIGITS}(?:-\d\d?-\d\d?|/\d\d?/\d\d?|\.\d\d?\.\d\d?)"
    rf"|\d\d?(?:-\d\d?-|/\d\d?/|\.\d\d?\.){_YEAR_DIGITS})(?!\d)"
    r"|(?<![\w.:/])\d\d?(?:/\d\d?/|\.\d\d?\.)\d\d(?![\d.:/])"  # 21/11/23, 21.11.23: the 2000s
)
_CJKDATE = rf"(?<!\d){_YEAR_DIGITS}\s*[年년]\s*\d\d?\s*[月월]\s*\d\d?\s*[日일号號]"
_CJK_MONTH_DAY = (
    r"(?<![\d年년])(?:1[0-2]|0?[1-9])\s*[月월]\s*(?:[12]\d|3[01]|0?[1-9])\s*[日일号號]"  # 11月21日
)
_label_forms = list(_ZONES.label_forms)
_LABEL_TAIL = rf"(?:\s+(?i:on|at){_LETTER_AFTER})?(?:\s*[:：])?"
_LABEL_LATIN = rf"(?<!-)(?:{_words(_label_forms, script='latin')}){_LABEL_TAIL}"
_LABEL_CJK = rf"(?:{_words(_label_forms, script='cjk')}){_LABEL_TAIL}"
_weekday_words = list(_ZONES.weekdays)
_WEEKDAY_PAREN = rf"[(（]\s*{_words(_weekday_words)}\.?\s*[)）]"  # one-character ones only here: "（火）"
_WEEKDAY_LATIN = rf"{_words(_weekday_words, script='latin')}\.?"
_WEEKDAY_CJK = _words(_weekday_words, script="cjk", single_cjk=False)
_WEEKDAY = rf"(?:{_WEEKDAY_PAREN}|{_WEEKDAY_LATIN}|{_WEEKDAY_CJK})"
_MONTH_WORD = rf"(?:{_words(list(_ZONES.months), script='latin')}\.?)"
_YEAR4 = (  # beside a month name: 1800-2099, so "2142 GMT" stays a time
    r"(?<![\d:,])(?<!\d[-/.])(?:1[89]|20)\d\d(?:(?![\d:])|(?=\d\d?:\d\d))(?:\s?(?:г\.|года"
    + _LETTER_AFTER
    + "))?"
)
_NUM4 = r"(?<![\d:,])(?<!\d[-/.])\d{4}(?![\d:])"
_DAYNUM = (
    rf"(?<![\d:,/])(?<!\d\.)(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er|\.(?!\d))?(?![\d:]){_LETTER_AFTER}"
)
_CJK_START = "[\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]"  # CJK, kana, Hangul, full-width forms
_ATOM = re.compile(  # dispatched on the first character, so prose costs one test per position
    rf"(?=\d)(?:(?P<numdate>{_NUMDATE})|(?P<cjkdate>{_CJKDATE})|(?P<cjkmd>{_CJK_MONTH_DAY})|(?P<time>{_TIME})"
    rf"|(?P<year>{_YEAR4})|(?P<num4>{_NUM4})|(?P<day>{_DAYNUM}))"
    rf"|(?=[(（])(?:(?P<annex>{_ANNEX})|(?P<pzone>{_ZONE_PAREN})|(?P<pweekday>{_WEEKDAY_PAREN}))"
    # words start a word, except CJK ones, which need no space before them
    rf"|{_LETTER_BEFORE}(?=[^\W\d_]|[+\-−])(?:(?P<label>{_LABEL_LATIN})|(?P<zone>{_ZONE_LATIN})"
    rf"|(?P<weekday>{_WEEKDAY_LATIN})|(?P<month>{_MONTH_WORD}))"
    rf"|(?={_CJK_START})(?:(?P<cjktime>{_CJK_TIME})|(?P<clabel>{_LABEL_CJK})|(?P<czone>{_CJK_NAMES})"
    rf"|(?P<cweekday>{_WEEKDAY_CJK}))"
    rf"|(?:(?<=[a-z])|(?<=[A-Z][A-Z]))(?P<glabel>(?:{_GLUED_LABEL}){_LETTER_AFTER}{_LABEL_TAIL})"
)
_DIGIT = re.compile(r"\d")

# pieces of atoms, read once an atom is found
_TIME_PARTS = re.compile(r"(?P<h>\d\d?)(?:\s*[:.h时時点點시]\s*(?P<mi>\d\d?)(?::(?P<s>\d\d))?)?")
_HHMM_PARTS = re.compile(r"(\d\d)(\d\d)(?!\d)")
_AMPM_PART = re.compile(r"([aApP])\.?\s?[mM]")
_OFFSET_TEXT = re.compile(r"([+\-−])\s?(\d\d?)(?::?(\d\d))?$")
_ZONE_ATOM = re.compile(rf"(?P<zone>{_ZONE_CORE})")
_UTC_NAMES = frozenset({"GMT", "UTC", "Z"})
_US_PREFIX = "America/"

# between two atoms of one stamp: nothing, spaces, a comma, "at"/"on"/"of"/"de"
_TIGHT = re.compile(r"\s*(?:[,，、]\s*)?(?:(?i:at|on|of|de|del|à|um|le|в)\s+)?")
# between a date and a time only
_WEAK = re.compile(r"\s*[|｜/·•●–—\-@]\s*")
# between the parts of one date, unspaced: "21-Nov-2023", "Nov.21.2023"
_DATE_GLUE = frozenset("-/.")
_DATE_PARTS = frozenset({"day", "month", "year"})
# a wide gap (3+ spaces, a tab) separates fields of a line: no stamp spans it ("By Nguyen
# Thu   March 2, 2021": the surname is no weekday)
_FIELD_GAP = re.compile(r" {3,}|\t")


@dataclass(frozen=True)
class _Atom:
    kind: str
    start: int
    end: int
    text: str


def _atoms(text: str) -> list[_Atom]:
    return [
        _Atom(_KINDS.get(m.lastgroup or "", m.lastgroup or ""), m.start(), m.end(), m[0])
        for m in _ATOM.finditer(text)
    ]


_KINDS = {
    "pzone": "zone",
    "pweekday": "weekday",
    "cjktime": "time",
    "clabel": "label",
    "czone": "zone",
    "cweekday": "weekday",
    "glabel": "label",
}


@dataclass
class _Build:
    """The slots of one stamp being read, filled atom by atom."""

    start: int
    end: int
    label: str | None = None
    label_kind: str | None = None
    weekday: int | None = None
    numeric: tuple[int, int, int, str] | None = None  # a numeric date, order decided at the end
    year: int | None = None
    month: int | None = None
    day: int | None = None
    time: tuple[int, int, int] | None = None
    zone: str | None = None  # the zone text without parentheses
    last: str = ""  # kind of the last atom taken
    annex: bool = False  # opened by "(0542 GMT)"

    @property
    def dated(self) -> bool:
        return (
            self.numeric is not None
            or self.year is not None
            or self.month is not None
            or self.day is not None
        )

    def take(self, atom: _Atom, mode: str, text: str, nxt: _Atom | None) -> bool:
        """Fill a slot with ``atom`` (mode "first", "tight" or "weak"); False when it opens a new stamp."""
        kind = atom.kind
        time_or_date_only = mode != "weak" or (self.time is not None and not self.dated)
        if kind == "label":
            if mode == "first":
                self.label, self.label_kind = atom.text, _ZONES.labels.get(_label_key(atom.text), "published")
                return self._took(atom)
            # "Date: 2023-11-21 | Time: 18:55": a time label goes on with the date
            joins = _ZONES.labels.get(_label_key(atom.text)) == "time" and self.dated and self.time is None
            return joins and self._took(atom)
        if kind == "weekday":
            if self.weekday is not None or not time_or_date_only:
                return False
            self.weekday = _weekday(atom.text)
            return self._took(atom)
        if kind in ("numdate", "cjkdate"):
            if self.dated or not time_or_date_only:
                return False
            self.numeric = _numeric(atom.text)
            return self._took(atom)
        if kind == "cjkmd":  # "11月21日": a month and a day, no year
            if self.dated or not time_or_date_only:
                return False
            self.month, self.day = (int(n) for n in re.findall(r"\d+", atom.text))
            return self._took(atom)
        if kind == "month":
            if self.month is not None or self.numeric or not time_or_date_only:
                return False
            self.month = _ZONES.months.get(_fold(atom.text.rstrip(".")))
            return self.month is not None and self._took(atom)
        if kind == "day":
            if self.day is not None or self.numeric or not time_or_date_only:
                return False
            self.day = int(re.match(r"\d+", atom.text)[0])  # type: ignore[index]
            return self._took(atom)
        if kind in ("year", "num4"):
            return self._take_number(atom, mode, text, nxt)
        if kind == "time":
            if self.time is not None or (mode == "weak" and not self.dated):
                return False
            self.time = _clock(atom.text)
            return self._took(atom)
        if kind == "zone":
            inner = atom.text.strip(" (（)）")
            bare = inner[:1] in "+-−"
            if self.zone is not None or mode == "weak" or (bare and (self.last != "time" or mode == "first")):
                return False
            if mode == "first" and _fold(inner) not in _ZONES.names:
                return False  # only a zone *name* leads ("北京时间 18:55"); "ET 18:55" is a field code
            self.zone = inner
            return self._took(atom)
        if kind == "annex":
            if self.time is not None or self.zone is not None or (mode == "weak" and not self.dated):
                return False
            inner = atom.text.strip(" (（)）")
            z = _ZONE_ATOM.search(inner)
            if z is None:  # cannot happen: the atom pattern ends with a zone
                return False
            clock = inner[: z.start()].strip()
            self.time = _clock(clock)
            self.zone = z["zone"].strip()
            self.annex = mode == "first"
            return self._took(atom)
        return False

    def _take_number(self, atom: _Atom, mode: str, text: str, nxt: _Atom | None) -> bool:
        """A four-digit number: the year, or an HHMM time when a zone follows ("1342 HKT")."""
        digits = atom.text[:4]
        value = int(digits)
        yearish = atom.kind == "year"
        zone_next = (
            nxt is not None
            and nxt.kind == "zone"
            and len(text[atom.end : nxt.start]) <= MAX_ZONE_GAP
            and not text[atom.end : nxt.start].strip()
            and atom.text == digits
        )
        hhmm = value // 100 <= 23 and value % 100 <= 59
        as_time = (
            zone_next
            and hhmm
            and self.time is None
            and (not yearish or self.year is not None or self.numeric is not None or not self.dated)
        )
        if as_time:
            if mode == "weak" and not self.dated:
                return False
            self.time = (value // 100, value % 100, 0)
            return self._took(atom, "time")
        if not yearish or self.year is not None or self.numeric is not None:
            return False
        if mode == "weak" and not (self.time is not None and not self.dated):
            return False
        self.year = value
        return self._took(atom)

    def _took(self, atom: _Atom, kind: str | None = None) -> bool:
        self.end = atom.end
        self.last = kind or atom.kind
        return True


def _weekday(text: str) -> int | None:
    return _ZONES.weekdays.get(_fold(text.strip(" (（)）.")))


def _numeric(text: str) -> tuple[int, int, int, str]:
    """A numeric date's three numbers as printed, and its separator ("年" for CJK)."""
    numbers = re.findall(r"\d+", text)
    a, b, c = (int(n) for n in numbers)
    sep = next((ch for ch in text if not ch.isdigit() and not ch.isspace()), "-")
    if len(numbers[0]) <= 2 and len(numbers[2]) == 2:  # a two-digit year: 21/11/23
        c += 2000
    return a, b, c, sep


def _clock(text: str) -> tuple[int, int, int]:
    """(hour, minute, second) of a time atom."""
    hhmm = _HHMM_PARTS.match(text)
    if hhmm is not None:  # "0542" before a zone, "1855 hrs"
        return int(hhmm[1]), int(hhmm[2]), 0
    m = _TIME_PARTS.search(text)
    if m is None:  # not reachable: every time atom holds its hour
        return 0, 0, 0
    hour, minute, second = int(m["h"]), int(m["mi"] or 0), int(m["s"] or 0)
    ap = _AMPM_PART.search(text, m.end())
    if ap is not None:  # "6:22 p.m."
        pm: bool | None = ap[1] in "pP"
    elif m.start():  # a marker before the time: "下午6:55"
        pm = text.startswith(_CJK_PM)
    else:
        pm = None
    if pm is not None and 1 <= hour <= 12:
        hour = hour % 12 + (12 if pm else 0)
    return hour, minute, second


def _ymd(b: _Build, us: bool) -> tuple[int, int, int] | None:
    """The date of a stamp, numeric day/month order by the module's evidence rule."""
    if b.numeric is None:
        if b.year is None or b.month is None or b.day is None:
            return None
        return b.year, b.month, b.day
    a, m, c, sep = b.numeric
    if a > 31:  # year first: 2023-11-21, 2023/11/21, 2023.11.21, 2023年11月21日
        return a, m, c
    readings = [(c, m, a), (c, a, m)]  # (y, m, d): day-first, month-first
    valid = [r for r in readings if 1 <= r[1] <= 12 and 1 <= r[2] <= 31]
    if len(valid) == 1 or (valid and valid[0] == valid[-1]):
        return valid[0]
    if not valid:
        return None
    if b.weekday is not None:
        fits = [r for r in valid if _weekday_of(r) == b.weekday]
        if len(fits) == 1:
            return fits[0]
    return readings[1] if sep == "/" and us else readings[0]


def _weekday_of(ymd: tuple[int, int, int]) -> int | None:
    try:
        return date(*ymd).weekday()
    except ValueError:
        return None


def _zone_value(zone: str, line: str) -> tuple[str, tzinfo | None] | None:
    """(table value or offset, tzinfo) of a printed zone; tzinfo None when unusable."""
    if zone[:1] in ("+", "-", "−") or (zone[:3].upper() in ("UTC", "GMT") and len(zone) > 3):
        o = _OFFSET_TEXT.search(zone)
        return zone, None if o is None else _fixed(o[1], int(o[2]), int(o[3] or 0))
    value = _ZONES.names.get(_fold(zone)) or _ZONES.abbreviations.get(zone)
    if value is None:
        return None
    if zone in _ZONES.context and _ZONES.context[zone][0].search(line):
        value = _ZONES.context[zone][1]
    return value, _tz(value)


@dataclass
class _Proto:
    """A stamp read, before undated times take a date from their neighbours."""

    build: _Build
    ymd: tuple[int, int, int] | None
    tz: tzinfo | None
    inferred: bool = False
    month_day: tuple[int, int] | None = None  # printed without a year, none found yet

    def naive(self, ymd: tuple[int, int, int] | None = None) -> datetime:
        y, m, d = ymd or self.ymd or (1, 1, 1)
        return datetime(y, m, d, *(self.build.time or (0, 0, 0)))

    def instant(self, ymd: tuple[int, int, int] | None = None) -> datetime:
        """UTC instant when the zone is known, else the wall-clock time (for comparisons)."""
        naive = self.naive(ymd)
        if self.tz is None:
            return naive
        return naive.replace(tzinfo=self.tz).astimezone(UTC).replace(tzinfo=None)


def _group(text: str, atoms: list[_Atom], line: str) -> list[_Build]:
    """One pass over the atoms: each joins the stamp being read or opens the next (never
    across a wide gap of ``line``, the text as given)."""
    builds: list[_Build] = []
    cur: _Build | None = None
    for i, atom in enumerate(atoms):
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        if cur is not None:
            gap = text[cur.end : atom.start]
            if _FIELD_GAP.search(line[cur.end : atom.start]):
                mode: str | None = None
            elif (
                _TIGHT.fullmatch(gap)
                or (gap == "T" and cur.dated and atom.kind == "time")
                or (gap in _DATE_GLUE and cur.last in _DATE_PARTS and atom.kind in _DATE_PARTS)  # 21-Nov-2023
                or (gap.strip() in (":", "：") and cur.last == "zone" and not cur.dated and cur.time is None)
            ):  # the last: "北京时间：2023-11-21 18:55"
                mode = "tight"
            else:
                mode = "weak" if _WEAK.fullmatch(gap) else None
            if mode is not None and cur.take(atom, mode, text, nxt):
                continue
            builds.append(cur)
        cur = _Build(start=atom.start, end=atom.start)
        if not cur.take(atom, "first", text, nxt):
            cur = None
            continue
        prev = builds[-1] if builds else None
        if (
            cur.annex
            and prev is not None
            and prev.time is not None
            and not text[prev.end : atom.start].strip()
        ):
            cur.label_kind = prev.label_kind  # "Updated 0622 GMT (1422 HKT)": both updated
    if cur is not None:
        builds.append(cur)
    return builds


def _protos(text: str, builds: list[_Build], us: bool) -> list[_Proto]:
    out: list[_Proto] = []
    for b in builds:
        ymd = _ymd(b, us)
        month_day = _month_day(b) if ymd is None else None
        if ymd is None and month_day is None and (b.dated or b.time is None):
            continue  # "Nov 21" without a year and a time, a lone weekday or label: not a stamp
        tz = None
        if b.zone is not None and b.time is not None:
            zv = _zone_value(b.zone, text)
            tz = None if zv is None else zv[1]
        proto = _Proto(b, ymd, tz, month_day=month_day)
        try:
            proto.instant()  # 2019-02-30, 25:00, out of range: not a stamp
            if month_day is not None:
                date(2000, *month_day)  # "31 NOV" is no day of any year (2000: a leap year)
        except (ValueError, OverflowError):
            continue
        out.append(proto)
    return out


def _month_day(b: _Build) -> tuple[int, int] | None:
    """(month, day) of a stamp printed with a time, a month and a day but no year."""
    if b.numeric is not None or b.year is not None or b.month is None or b.day is None or b.time is None:
        return None
    return b.month, b.day


def _year_near(month_day: tuple[int, int], anchor: date) -> tuple[int, int, int] | None:
    """The date of ``month_day`` nearest ``anchor``, in its year or the one before or after."""
    days = []
    for year in (anchor.year, anchor.year - 1, anchor.year + 1):
        try:
            days.append(date(year, *month_day))
        except ValueError:  # 29 February
            continue
    if not days:
        return None
    best = min(days, key=lambda d: abs(d - anchor))
    return best.year, best.month, best.day


def _lend_dates(protos: list[_Proto], on: date | None) -> None:
    """Give a time printed without a date the date of its nearest dated neighbour (or ``on``);
    a month and day printed without a year the year that puts it nearest that date."""
    following: list[_Proto | None] = [None] * len(protos)  # the next printed date, right to left
    nxt: _Proto | None = None
    for i in range(len(protos) - 1, -1, -1):
        following[i] = nxt
        if protos[i].ymd is not None:
            nxt = protos[i]
    preceding: _Proto | None = None
    for i, p in enumerate(protos):
        if p.ymd is not None:
            if not p.inferred:
                preceding = p
            continue
        anchor = preceding or following[i]
        if p.month_day is not None:
            near = date(*anchor.ymd) if anchor is not None and anchor.ymd is not None else on
            ymd = _year_near(p.month_day, near) if near is not None else None
            if ymd is not None:
                p.ymd, p.inferred, p.month_day = ymd, True, None
            continue
        if anchor is None or anchor.ymd is None:
            if on is not None:
                p.ymd, p.inferred = (on.year, on.month, on.day), True
            continue
        base = date(*anchor.ymd)
        days = [base + timedelta(days=k) for k in (0, -1, 1)]
        if anchor.build.time is None:  # a date-only neighbour: its own day
            days = days[:1]
        target = anchor.instant() if anchor.tz is not None and p.tz is not None else anchor.naive()
        best: tuple[timedelta, tuple[int, int, int]] | None = None
        for day in days:
            ymd = (day.year, day.month, day.day)
            try:
                got = p.instant(ymd) if anchor.tz is not None and p.tz is not None else p.naive(ymd)
            except (ValueError, OverflowError):
                continue
            distance = abs(got - target)
            if best is None or distance < best[0]:
                best = (distance, ymd)
        if best is not None:
            p.ymd, p.inferred = best[1], True


def _to_stamp(p: _Proto) -> Stamp | None:
    b = p.build
    try:
        naive = p.naive()
        local = naive if p.tz is None or p.ymd is None else naive.replace(tzinfo=p.tz)
        utc = None if local.tzinfo is None else local.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return Stamp(
        local=local,
        utc=utc,
        zone=b.zone,
        start=b.start,
        end=b.end,
        has_time=b.time is not None,
        updated=b.label_kind == "updated",
        has_date=p.ymd is not None,
        date_inferred=p.inferred,
        label=b.label.strip() if b.label else None,
        month_day=p.month_day,
    )


def _stamps(text: str, line: str, *, us: bool, on: date | None) -> tuple[Stamp, ...]:
    protos = _protos(text, _group(text, _atoms(text), line), us)
    _lend_dates(protos, on)
    return tuple(s for p in protos if (s := _to_stamp(p)) is not None)


def _us_line(text: str, outlet: str | None) -> bool:
    """Does the line print a US zone, or name a US outlet (``outlet`` or on the line)?"""
    known = lookup_outlet(outlet) if outlet else None
    if known is not None and known.country == "US":
        return True
    for z in _ZONE_ATOM.finditer(text):
        zv = _zone_value(z["zone"].strip(), text)
        if zv is not None and zv[0].startswith(_US_PREFIX):
            return True
    return False


def _ambiguous_slash(stamps: tuple[Stamp, ...]) -> bool:
    return any(s.has_date and s.local.day <= 12 and s.local.month <= 12 for s in stamps)


def find_stamps(line: str, *, outlet: str | None = None, on: date | None = None) -> tuple[Stamp, ...]:
    """Every stamp on any line, left to right, none overlapping.

    ``outlet`` names the page's outlet when the caller knows it (it decides ``11/05/2023``
    for a US outlet); ``on`` is a date for times printed with no date on the line (a
    header that prints the date on one line and the time on the next).  Never raises.
    """
    if not isinstance(line, str) or len(line) > MAX_LINE_CHARS or not _DIGIT.search(line):
        return ()
    text = line.translate(_SPACES)
    us = "/" in text and _us_line(text, outlet)
    stamps = _stamps(text, line, us=us, on=on)
    if "/" in text and not us and _ambiguous_slash(stamps):
        _, source, _ = _outlet(text, stamps)
        known = lookup_outlet(source) if source else None
        if known is not None and known.country == "US":
            stamps = _stamps(text, line, us=True, on=on)
    return stamps


_find_stamps = find_stamps  # the name other modules used before it was public


# ---- what is printed around the stamps ----------------------------------------------------
_META_LABEL = (
    r"(?:source|from|by|editors?|author|reporters?|writer|photo|edited\s+by|written\s+by"
    r"|来源|作者|编辑|责任编辑|记者|摄影)"
)
_PART_SPLIT = re.compile(
    r"[|｜·•●/]|\s[-–—]+\s|[–—]|(?<![:：])\s{2,}"
    rf"|\s+(?=(?i:{_META_LABEL})\s*[:：])"
)
_PART_STRIP = " ,;:-–—|｜·•●/()[]（）【】<>*"
# "Updated 2 hours ago", "Published about an hour ago": a relative time says nothing to read
# and what pages print beside a stamp that is neither outlet nor person: "5 min read",
# "12 Comments", "1.2K Shares"
_PAGE_NOISE = re.compile(
    r"(?i)(?:(?:last\s+)?(?:updated|modified|published|posted)\s*:?\s*)?(?:about\s+|over\s+)?"
    r"(?:\d+|an?|one)\s+(?:sec|min|hour|hr|day|week|month)[a-z]*\s+ago"
    r"|(?:reading\s+time\s*:?\s*)?\d+(?:\s*-\s*|\s+)min(?:ute)?s?(?:\s+read)?"
    r"|\d[\d.,]*\s*[km]?\s+(?:comments?|shares?|views?|likes?|replies|reads)"
)
_SOURCE_LABEL = re.compile(r"(?i)^(?:source|from|来源|來源)\s*[:：]\s*")
_BYLINE = re.compile(
    r"(?i)^(?:(?:posted|published|updated|reported|written|edited|photos?)\s+by|by|byline"
    r"|editors?|authors?|reporters?|writers?|photo|责任编辑|编辑|作者|记者|摄影)(?![a-z])"
)
_BYLINE_LABEL = re.compile(
    r"(?i)^(?:(?:posted|published|updated|reported|written|edited|photos?)\s+by|byline|by"
    r"|editors?|authors?|reporters?|writers?|责任编辑|编辑|作者|记者)\s*[:：]?\s*"
)
# "Staff Reporter", "Our Correspondent": a role, not a person
_ROLE_WORDS = frozenset(
    "staff reporter reporters correspondent correspondents writer writers editor editors bureau "
    "desk team our special contributor news online agency agencies wire services web".split()
)
_NAME_PARTICLES = frozenset("de del della der den van von bin ibn al el la le du dos da di ter ten y".split())
_NAME_TAIL = re.compile(r"(?i)\s+(?:on|at|in)$")
# "Section: World", "Load-Date:", "Length: 966 words": a label and its value, for the
# header classifier of read/text.py; never an outlet
_META_PART = re.compile(r"^[^\W\d_][\w'’.\-]*(?:\s+[\w'’.\-]+){0,2}\s*[:：]")
_NOT_AUTHORS = re.compile(r"(?i)^(?:photo|摄影)")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|、|，|\band\b)\s*", re.IGNORECASE)
_LABEL_WORDS = frozenset("updated modified published posted released last".split())
_CONNECTORS = frozenset("of the and for de del la le du des di da van von der al el".split())
_PREFIX = re.compile(r"\s*(--+|>+|\*+|•|·|»)\s")
_CAL_WORD = re.compile(rf"{_WEEKDAY}|{_MONTH_WORD}|{_ZONE}")
_CAL_ONLY = re.compile(rf"(?:[\s,.;:()（）]|{_WEEKDAY}|{_ZONE})+")


def _is_outlet(name: str, labelled: bool) -> bool:
    """Could this short text be an outlet name rather than a piece of prose?"""
    words = name.split()
    if not words or len(words) > MAX_SOURCE_WORDS or len(name) > MAX_SOURCE_CHARS:
        return False
    if not any(ch.isalpha() for ch in name) or name[-1] in "!?":
        return False
    if labelled or lookup_outlet(name) is not None:
        return True
    if sum(_is_cjk(ch) for ch in name) > MAX_CJK_SOURCE_CHARS or any(ch in "。，！？；" for ch in name):
        return False
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


def _authors(part: str) -> tuple[str, ...] | None:
    """The people a byline part names; None when it is a sentence ("By the time …")."""
    if _NOT_AUTHORS.match(part):
        return ()
    label = _BYLINE_LABEL.match(part)
    names = part[label.end() :] if label else part
    out = []
    for name in _NAME_SPLIT.split(names.strip().rstrip(".")):
        name = _NAME_TAIL.sub("", name.strip(_PART_STRIP + ".")).strip(_PART_STRIP + ".")
        words = name.split()
        if not name or not any(ch.isalpha() for ch in name) or lookup_outlet(name) is not None:
            continue
        if all(w.lower().strip(".") in _ROLE_WORDS for w in words):
            continue  # "Staff Reporter": a role, not a person
        if all(_is_cjk(w) or w[0].isupper() or w in _NAME_PARTICLES for w in words):
            out.append(name)
        elif len(words) > 1:
            return None  # lower-case words: prose
        # one lower-case token ("huaxia") is a desk's login, not a printed name
    return tuple(out)


def _outlet(line: str, stamps: tuple[Stamp, ...]) -> tuple[bool, str | None, tuple[str, ...]]:
    """(is the rest of the line only an outlet / byline / separators, the outlet, authors)."""
    bounds = [0, *(i for s in stamps for i in (s.start, s.end)), len(line)]
    source: str | None = None
    authors: list[str] = []
    parts = 0
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        for raw in _PART_SPLIT.split(line[a:b]):
            part = raw.strip(_PART_STRIP)
            if (
                not any(ch.isalnum() for ch in part)
                or _CAL_ONLY.fullmatch(part)
                or _PAGE_NOISE.fullmatch(part)
            ):
                continue  # punctuation, a final ".", a lone weekday or zone label, "2 hours ago"
            if _DIGIT.search(part) and _CAL_WORD.search(part):
                return False, None, ()  # a stamp this grammar could not read
            parts += 1
            if parts > MAX_EXTRA_PARTS:
                return False, None, ()
            if _BYLINE.match(part):
                if len(part.split()) > MAX_BYLINE_WORDS:
                    return False, None, ()
                names = _authors(part)
                if names is None:
                    return False, None, ()
                authors.extend(names)
                continue
            label = _SOURCE_LABEL.match(part)
            meta = None if label else _META_PART.match(raw.strip(" |｜·•●/"))
            if meta is not None:
                if meta.end() == len(raw.strip(" |｜·•●/")):
                    return False, None, ()  # "Load-Date: <stamp>": a label this module does not know
                continue
            name = part[label.end() :].strip(_PART_STRIP) if label else part
            if not _is_outlet(name, label is not None):
                return False, None, ()
            source = source or name
    return True, source, tuple(dict.fromkeys(authors))


def _to_compare(stamp: Stamp, coarse: bool) -> datetime | None:
    """The instant of a stamp, to the minute when ``coarse``."""
    if stamp.utc is None:
        return None
    return stamp.utc.replace(second=0) if coarse else stamp.utc


def _iso_z(dt: datetime | None) -> str:
    return "?" if dt is None else dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_dateline(line: str, *, outlet: str | None = None, on: date | None = None) -> DatelineLine | None:
    """The stamps, outlet and people of a dateline line.

    None when the line is not a dateline line (i.e. it is mostly prose: stamps must
    cover most of the line apart from a short outlet name / byline-free remainder; a
    sentence that merely contains a date, like 'Trump met Putin on May 13, 2019 in
    Helsinki.', is NOT a dateline line).  ``outlet`` and ``on`` as for
    :func:`find_stamps`.  Never raises.
    """
    stamps = find_stamps(line, outlet=outlet, on=on)
    if not stamps:
        return None
    text = line.translate(_SPACES)
    ok, source, authors = _outlet(text, stamps)
    if not ok or (not any(s.has_date or s.month_day for s in stamps) and (source or authors)):
        return None  # "Breaking News 18:55" is a headline: a lone time stands on its own line
    prefix = _PREFIX.match(text)
    if prefix is not None and prefix.end(1) > stamps[0].start:
        prefix = None
    common = {"authors": authors, "prefix": prefix[1] if prefix else None}
    note = disagreement(stamps)
    return DatelineLine(stamps=stamps, source=source, consistent=note is None, note=note, **common)


def disagreement(stamps: tuple[Stamp, ...]) -> str | None:
    """Why the zoned, timed, non-"Updated" stamps are not one instant ("stamps disagree:
    2019-05-13T06:22:58Z vs 2019-05-13T07:22:58Z"), or None when they agree.  Compared to
    the second, or to the minute when either was printed without seconds."""
    timed = [s for s in stamps if s.utc is not None and s.has_time and not s.updated]
    for other in timed[1:]:
        first = timed[0]
        coarse = first.local.second == 0 or other.local.second == 0  # printed without seconds
        if _to_compare(first, coarse) != _to_compare(other, coarse):
            return f"stamps disagree: {_iso_z(first.utc)} vs {_iso_z(other.utc)}"
    return None


def _utc_like(stamp: Stamp) -> bool:
    """Printed in UTC itself (GMT, UTC, Z, +00:00), not in the source's local zone."""
    if stamp.zone is None or stamp.utc is None or stamp.local.utcoffset():
        return False
    return stamp.zone.upper() in _UTC_NAMES or stamp.zone[0] in "+-−" or stamp.zone[:3] in _UTC_NAMES


def _zone_name(tz: tzinfo) -> str:
    return getattr(tz, "key", None) or str(tz)


def _outlet_zone(
    line: DatelineLine, outlet_zone: tzinfo | None, outlet: str | None
) -> tuple[tzinfo | None, str]:
    """The zone a zone-less stamp is in, and why: the one zone the line prints on its
    other stamps ("November 21, 2023 06:55 pm | Updated 07:01 pm IST"), else the
    outlet's (``outlet_zone``, or ``outlet`` / the line's outlet in data/outlets.json)."""
    printed = {s.zone: s.local.tzinfo for s in line.stamps if s.utc is not None and s.zone}
    if len(printed) == 1:
        (zone, tz), *_ = printed.items()
        return tz, f"{zone}, the zone the line prints on its other stamp"
    if outlet_zone is not None:
        return outlet_zone, f"{_zone_name(outlet_zone)}, the zone {outlet or 'the outlet'} prints"
    for name in (outlet, line.source):
        known = lookup_outlet(name) if name else None
        if known is not None and known.tz is not None:
            return known.tz, f"{_zone_name(known.tz)}, the zone {name} prints"
    return None, ""


def published_from(
    line: DatelineLine, *, outlet_zone: tzinfo | None = None, outlet: str | None = None
) -> tuple[datetime | None, datetime | None, str]:
    """(published_utc, published_local, evidence) of a parsed dateline line.

    published_local is the first non-updated timed stamp whose zone is not UTC/GMT (the
    local time as printed by the source, aware with its offset), else the first
    non-updated zoned stamp.  published_utc is that instant in UTC, read from a timed
    UTC/GMT stamp when the line has one: the same instant when the stamps agree, and the
    corpus convention when they disagree (the GMT stamp is the instant, the other the
    local time as printed).  A line with only "Updated" stamps gives its first one.

    No silent zone.  When no publication stamp of the line prints a zone, the first
    timed one takes, in this order: the one zone the line prints on its other stamps
    (``November 21, 2023 06:55 pm | Updated 07:01 pm IST``); ``outlet_zone`` (the
    caller's, from read/outlets.py); the zone of ``outlet`` or of the outlet printed on
    the line when data/outlets.json knows it.  The evidence names it (``…, no zone
    printed: Asia/Shanghai, the zone Global Times prints``).  With no such zone, published is the printed wall-clock time read as UTC,
    published_local is that wall-clock time, naive, and the evidence says ``zone unknown:
    published is the printed wall-clock time read as UTC``.  A date-only line gives
    midnight UTC of the printed day and no local time.  A line of times with no date
    gives (None, None, evidence).  evidence starts like 'dateline line: 2 stamps (GMT,
    Beijing Time), consistent'.
    """
    zones = ", ".join(
        ("updated " if s.updated else "") + (s.zone or ("no zone" if s.has_time else "date only"))
        for s in line.stamps
    )
    n = len(line.stamps)
    evidence = f"dateline line: {n} stamp{'' if n == 1 else 's'} ({zones}), " + (
        "consistent" if line.consistent else "inconsistent"
    )
    dated = [s for s in line.stamps if s.has_date]
    primary = [s for s in dated if not s.updated]
    if not primary and dated:
        primary = dated
        evidence += ", only updated stamps"
    if not primary:
        if any(s.month_day for s in line.stamps):
            return None, None, evidence + ", no year printed: published unknown"
        return None, None, evidence + ", time only: no date printed"
    aware = [s for s in primary if s.utc is not None and s.has_time]
    if aware:
        pick = next((s for s in aware if not _utc_like(s)), aware[0])
        in_utc = next((s for s in aware if _utc_like(s)), pick)
        return in_utc.utc or pick.utc, pick.local, evidence
    timed = next((s for s in primary if s.has_time), None)
    if timed is None:
        day = primary[0].local.replace(hour=0, minute=0, second=0, tzinfo=UTC)
        return day, None, evidence + ", date only: published is midnight UTC of the printed day"
    if timed.zone:  # printed, but no place on Earth uses it: "GMT+15"
        evidence += f", printed zone {timed.zone} is no real offset"
    tz, whose = _outlet_zone(line, outlet_zone, outlet)
    if tz is not None:
        local = timed.local.replace(tzinfo=tz)
        note = f", {'zone taken' if timed.zone else 'no zone printed'}: {whose}"
        return local.astimezone(UTC), local, evidence + note
    note = ", zone unknown: published is the printed wall-clock time read as UTC"
    return timed.local.replace(tzinfo=UTC), timed.local, evidence + note


def updated_from(
    line: DatelineLine, outlet_zone: tzinfo | None = None, *, outlet: str | None = None
) -> datetime | None:
    """The UTC instant of the first dated "Updated" stamp, or None.

    A stamp printed without a zone takes ``outlet_zone`` (or the zone of ``outlet`` / of
    the outlet on the line, as for :func:`published_from`); with no zone known it gives
    None rather than a guess, since this value carries no evidence of its own.
    """
    for s in line.stamps:
        if not (s.updated and s.has_date and s.has_time):
            continue
        if s.utc is not None:
            return s.utc
        tz, _ = _outlet_zone(line, outlet_zone, outlet)
        if tz is not None:
            return s.local.replace(tzinfo=tz).astimezone(UTC)
    return None


# ---- wire datelines (English month names, as agencies print them) -------------------------
_MONTH = (
    r"(?<![A-Za-z])(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![A-Za-z])\.?"
)
_YEAR = r"(?:1[89]|2\d)\d\d(?!\d)"
_W_WORD = r"[^\W\d_](?:[^\W_]|['’.\-](?=[^\W\d_]))*\.?"  # SOCHI, ST., U.S., N'DJAMENA
_W_DATE = rf"{_MONTH}[ ]*\d\d?(?!\d)(?:,?[ ]*{_YEAR})?"
_WIRE = re.compile(
    rf"\s*(?:(?P<place>{_W_WORD}(?:[ ]+{_W_WORD}){{0,4}})"
    rf"(?:,[ ]*(?!{_MONTH}[ ]*\d)(?P<region>{_W_WORD}(?:[ ]+{_W_WORD}){{0,3}}))?"
    rf"(?:,[ ]*(?P<date>{_W_DATE}))?"
    rf"|(?P<bare_date>{_W_DATE})(?=[ ]*[(/]))"  # "Oct. 20 (Example Wire) --": no place printed
    r"(?:[ ]*\((?P<agency>[^\W\d_][^()]{0,29})\)"  # "(Reuters)"
    r"|\.?[ ]*/(?P<slashed>[^\W\d_][^/\n]{0,29})/)?"  # ". /TASS/."
    r"(?P<dash>[ ]*(?:—|–|―|--|-)[ ]*|(?<=/)\.?[ ]+|[ ]*:[ ]+)"  # a dash; "/TASS/. "; "PUNE: "
)
# all-caps lead-ins that are not places, and acronyms that open ordinary sentences
_NOT_PLACES = frozenset(
    "BREAKING UPDATE UPDATED EXCLUSIVE WATCH LIVE ANALYSIS OPINION EDITORIAL COMMENTARY "
    "VIDEO PHOTOS PHOTO INTERVIEW REVIEW FEATURE URGENT FLASH ALERT CORRECTION NOTE OK "
    "US USA UK EU UN NATO FBI CIA NASA WHO GOP CEO COVID".split()
)


def find_wire_dateline(paragraph: str) -> WireDateline | None:
    """Recognize a wire dateline at the very start of a body paragraph.

    The kinds, by what follows the place (an all-caps city, with its region and the date
    when printed):

    * an agency in brackets and a dash: `SOCHI, Russia (AP) — `, `WASHINGTON, May 13
      (Reuters) - `, `SEOUL, Nov. 21 (Yonhap) -- `, `TOKYO (Kyodo) -- `;
    * an agency between slashes (TASS): `MOSCOW, November 21. /TASS/. `;
    * a dash alone: `NEW YORK — `;
    * a colon alone (Indian papers): `PUNE: `, `NEW DELHI, Nov 21: ` — only when the place
      is a city or country of the places table (``WATCH:``, ``UPDATE:`` are not);
    * no place at all, a date and an agency: `Oct. 20 (Example Wire) -- ` (``place`` "").

    Does not fire on ordinary sentences ('US Secretary of State Mike Pompeo is heading to
    Russia - standing firm...').  Never raises; None when there is no wire dateline.
    """
    if not isinstance(paragraph, str):
        return None
    m = _WIRE.match(paragraph[:MAX_WIRE_SCAN].translate(_SPACES))
    if m is None:
        return None
    agency = m["agency"] or m["slashed"]
    dash = m["dash"]
    if m["bare_date"] is not None:
        if agency is None or ":" in dash:
            return None
        start = m.start("bare_date")
        return WireDateline(
            place="", agency=agency.strip(), date_text=m["bare_date"], start=start, end=m.end()
        )
    place, region = m["place"], m["region"]
    letters = sum(ch.isalpha() for ch in place)
    if not place.isupper() or letters < 2:
        return None
    if re.sub(r"[^\w ]", "", place) in _NOT_PLACES:
        return None
    if region and any(w[0].islower() and w not in _CONNECTORS for w in region.split() if w[0].isalpha()):
        return None
    if ":" in dash and (agency is not None or not _is_place(place)):
        return None  # "WATCH: …", "UPDATE: …": a kicker, not a place
    if agency is None and m["date"] is None and ":" not in dash:
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


def _is_place(name: str) -> bool:
    """A city or country of the header grammar's places table (imported late: the header
    grammar is built on this module)."""
    from .header import is_place

    return is_place(name)
