"""The publication time of an HTML page: a cascade over what the page says about itself.

Candidates, in order of trust:

1. *machine* stamps — JSON-LD ``datePublished`` then ``dateCreated`` (article objects first);
   ``<meta>`` tags (``article:published_time`` …), ``itemprop="datePublished"``,
   ``<time pubdate>``, the article's first ``<time datetime>``.  A later one only *refines* an
   earlier one (adds a time or a zone on the same calendar day), never contradicts it;
2. the *printed* dateline — the first short text line near the headline (``<h1>``) that
   :func:`~dateline.read.datelines.parse_dateline` reads as a non-"Updated" stamp.  It is
   what a reader of the page sees, so when the machine stamps name another day, the
   printed line wins unless another machine stamp agrees with it (``notes`` says so);
3. htmldate (original date, extensive search; it may return a bare date) — ignored when it
   only echoes the modification time or turns a bare year into 1 January;
4. a date in the URL (``/2019/05/13/``) — only when nothing above found a date;
5. last resort: the modification time, and the evidence says so.

Then the *zone*.  A full timestamp keeps its instant; when it was given in UTC the page's
own printed zone is looked for (a ``<time datetime>`` of the same instant with an offset,
a printed zoneless wall-clock time a whole number of quarter hours away, the outlet's zone
from ``outlets.json``), so ``published_local`` is the time *as printed* and its date the
day the page shows.  A stamp with a time but no zone takes the outlet's zone when the
outlets table knows it (evidence ``zone Asia/Shanghai of Xinhua``); otherwise it is kept as
the printed wall-clock time — ``published_local`` naive, ``published`` that time read as
UTC — and the evidence says ``zone unknown``.  A guess is never presented as a fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from lxml import etree

from .datelines import parse_dateline

__all__ = ["PageText", "Published", "Stamp", "near_headline", "page_text", "parse_stamp", "published"]

# ---- thresholds ---------------------------------------------------------------------------
EARLIEST_META_YEAR = 1800  # metadata years before this are CMS junk (0001-01-01); digitised
#                            newspaper archives legitimately go back to the 19th century
EARLIEST_URL_YEAR = 1990  # no web page carried a date in its URL before the web existed
EARLIEST_PRINTED_YEAR = 1990  # a printed "date" before the web is a date in the text, not the page's
FUTURE_TOLERANCE = timedelta(days=1)  # a timestamp up to a day ahead is clock skew / zone slop;
#                                       further ahead is a scheduled or bogus date: rejected
MAX_UTC_OFFSET = timedelta(hours=14)  # widest real offset (UTC+14, Kiribati); beyond is garbage
MAX_STAMP_CHARS = 64  # a timestamp string longer than this is prose, not a timestamp
SAME_INSTANT = timedelta(minutes=1)  # printed times drop seconds: within a minute is the same
OFFSET_STEP = 15  # minutes; every real UTC offset is a whole number of quarter hours
# where the printed dateline stands: lines of page text around the headline (<h1>)
LINES_BEFORE_H1 = 3  # kicker, section, date above the headline
LINES_AFTER_H1 = 15  # standfirst, byline, share buttons, then the dateline
MAX_PRINTED_LINE = 160  # a dateline line is short; a longer one is a paragraph
MAX_PARAGRAPHS_AFTER_H1 = 2
MAX_SCAN_LINES = 600  # a bare day is refined by a time printed in the page's first lines  # a dateline after two body paragraphs belongs to something else

# precision of a time candidate: a higher one may refine a lower one on the same day
DATE_ONLY, NO_ZONE, FULL = 1, 2, 3


@dataclass(frozen=True)
class Stamp:
    local: datetime  # aware when precision == FULL, naive otherwise
    precision: int
    evidence: str
    fixed: bool = False  # its offset is the one the page prints: never shown in another zone
    printed_day: date | None = None  # the day the page prints for this (UTC) instant
    text: str | None = None  # the printed line it was read from
    above: bool = False  # printed above the headline (where mastheads print today's date)

    @property
    def utc(self) -> datetime:
        return self.local.astimezone(UTC) if self.local.tzinfo else self.local.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Published:
    utc: datetime | None  # aware, UTC
    local: datetime | None  # as printed: aware with its offset, naive when the zone is unknown
    evidence: str | None
    notes: tuple[str, ...] = ()


NOTHING = Published(None, None, None)


# ---- entry point --------------------------------------------------------------------------
def published(
    tree,
    meta: dict[str, list[str]],
    objs: list[dict],
    htmldate_value: str | None,
    urls: list[str],
    *,
    title: str | None = None,
    text: PageText | None = None,
    zone: tuple[tzinfo, str] | None = None,
    country: tuple[tzinfo, str] | None = None,
) -> Published:
    """The publication time of a page.  ``zone`` is (zone, label) of the outlet when known;
    ``country`` the zone of the domain's country, used only to show a UTC instant in the
    zone that gives the day the page prints."""
    text = text or page_text(tree)
    machine = _machine(tree, meta, objs)
    printed = _printed(text, title)
    notes: list[str] = []
    if machine and printed:
        stamp = _agree(machine, printed)
        if stamp is None:
            ally = next((c for c in _all_machine(tree, meta, objs) if _agree(c, printed)), None)
            if ally is not None:
                stamp = _agree(ally, printed)
                notes.append(
                    f"{machine.evidence} says {_day(machine)}; the printed dateline agrees with {ally.evidence}"
                )
            elif printed.above and printed.precision == DATE_ONLY:
                stamp = machine  # a bare day above the headline may be the masthead's "today"
                notes.append(f"{printed.evidence} above the headline says {_day(printed)}; not taken")
            else:
                stamp = printed
                notes.append(f"{machine.evidence} says {_day(machine)}; the printed dateline wins")
                modified = _from_modified(objs, meta)
                if modified is not None and _day(modified) == _day(printed):
                    notes.append("the printed day is the day of the page's modification time")
    else:
        stamp = machine or printed
    if stamp is None or stamp.precision < FULL:
        stamp = _merge(stamp, _from_htmldate(htmldate_value, urls, objs, meta))
    if stamp is None:
        stamp = _from_url(urls) or _from_modified(objs, meta)
    if stamp is None:
        return NOTHING
    if stamp.precision == DATE_ONLY:  # a bare day (htmldate, the URL): the page may print its time
        stamp = _merge(stamp, _printed_on(text, stamp.local.date()))
    return _resolve(stamp, _offsets(tree, meta, objs), zone, country, tuple(notes))


# ---- stage 1: machine stamps --------------------------------------------------------------
_META_DATES = (  # in order of trust
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
)


def _machine(tree, meta, objs) -> Stamp | None:
    best = _from_jsonld(objs, "datePublished") or _from_jsonld(objs, "dateCreated")
    if best is not None and best.precision == FULL:
        return best
    return _merge(best, _from_meta(tree, meta))


def _all_machine(tree, meta, objs) -> list[Stamp]:
    """Every machine publication stamp of the page, in order of trust (none modified)."""
    values = [
        (v, f"json-ld {key}") for key in ("datePublished", "dateCreated") for v in _jsonld_values(objs, key)
    ]
    values += [(v, f"meta {key}") for key in _META_DATES for v in meta.get(key, [])]
    values += [(v, "itemprop datePublished") for v in _itemprops(tree)]
    values += [(v, "<time pubdate>") for v in tree.xpath("//time[@pubdate]/@datetime")]
    stamps = (parse_stamp(v, e) for v, e in values)
    return [s for s in stamps if s is not None]


def _jsonld_values(objs: list[dict], key: str) -> list[str]:
    values = [obj.get(key) for obj in objs]
    values = [v[0] if isinstance(v, list) and v else v for v in values]
    return [v for v in values if isinstance(v, str)]


def _from_jsonld(objs: list[dict], key: str, label: str = "") -> Stamp | None:
    return _first_stamp(_jsonld_values(objs, key), f"json-ld {key}{label}")


def _itemprops(tree) -> list[str]:
    return [
        el.get("datetime") or el.get("content") or el.text_content()
        for el in tree.xpath('//*[@itemprop="datePublished"][not(self::meta)]')
    ]


def _from_meta(tree, meta) -> Stamp | None:
    best = None
    for key in _META_DATES:
        best = _merge(best, _first_stamp(meta.get(key, []), f"meta {key}"))
    best = _merge(best, _first_stamp(_itemprops(tree), "itemprop datePublished"))
    best = _merge(best, _first_stamp(tree.xpath("//time[@pubdate]/@datetime"), "<time pubdate>"))
    article_times = tree.xpath(f"//article//time[not({_MODIFIED})]/@datetime")[:1]
    return _merge(best, _first_stamp(article_times, "the article's first <time datetime>"))


# a <time> element that says it is the modification time
_MODIFIED = (
    "contains(translate(@class, 'UPDATEMOFI', 'updatemofi'), 'updated')"
    " or contains(translate(@class, 'UPDATEMOFI', 'updatemofi'), 'modified')"
    " or @itemprop='dateModified'"
)


def _merge(best: Stamp | None, candidate: Stamp | None) -> Stamp | None:
    """Keep the earlier candidate unless the later one is more precise on the same day."""
    if best is None or candidate is None:
        return best or candidate
    if candidate.precision > best.precision and candidate.local.date() == best.local.date():
        return Stamp(
            candidate.local, candidate.precision, f"{candidate.evidence}, same day as {best.evidence}"
        )
    return best


def _first_stamp(values, evidence: str) -> Stamp | None:
    best = None
    for value in values:
        best = _merge(best, parse_stamp(value, evidence))
    return best


# ---- stage 2: the printed dateline near the headline --------------------------------------
_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "nav", "footer", "select", "button"}
)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6"
    " header hr li main ol p section table td th tr ul time".split()
)
_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’»)]*$")
_LABEL = re.compile(r"[|·•]?\s*\w+(?:\s+\w+){0,2}\s*[:：]")  # "PUBLISHED:", "| Updated:", "Stand:"
# words before a stamp that make it the modification time, whatever the grammar says
_UPDATE = re.compile(
    r"\b(?:updated?|last\s+(?:edited|modified|changed)|edited|modified|revised|aktualisiert|geändert"
    r"|stand|mis\s+à\s+jour|actualizado|aggiornato)\b|更新|修改",
    re.IGNORECASE,
)
_FIELD_TAGS = frozenset({"span", "a", "time", "small", "abbr", "label"})  # inline, but one field each
_PIECES = re.compile(r"\s*[|·•]\s*|\s+[-–—/]\s+")


def near_headline(text: PageText, title: str | None) -> list[str]:
    """The short lines around the headline, nearest first: the lines after it
    (up to the body's second paragraph), then the lines above it."""
    after, before = _around(text, title)
    return [*after, *before]


def _around(text: PageText, title: str | None) -> tuple[list[str], list[str]]:
    lines, h1 = text.lines, _headline(text.h1s, title)
    if h1 is None:
        return [], []
    lines = [
        f"{line} {lines[i + 1]}" if _LABEL.fullmatch(line) and i + 1 < len(lines) else line
        for i, line in enumerate(lines)
    ]
    after, paragraphs = [], 0
    for line in lines[h1 + 1 : h1 + 1 + LINES_AFTER_H1]:
        if len(line) > MAX_PRINTED_LINE:
            paragraphs += bool(_SENTENCE_END.search(line))  # a body paragraph, not a long byline
            if paragraphs >= MAX_PARAGRAPHS_AFTER_H1:
                break
            continue
        after.append(line)
    before = lines[max(0, h1 - LINES_BEFORE_H1) : h1][::-1]
    return after, before


def _printed(text: PageText, title: str | None) -> Stamp | None:
    after, before = _around(text, title)
    for above, lines in ((False, after), (True, before)):
        for line in lines:
            stamp = _printed_stamp(line)
            if stamp is not None:
                return replace(stamp, above=above)
    return None


def _printed_on(text: PageText, day: date) -> Stamp | None:
    """The first timed, non-"Updated" stamp printed anywhere on the page on ``day``."""
    for line in text.lines[:MAX_SCAN_LINES]:
        if len(line) <= MAX_PRINTED_LINE and _HAS_TIME.search(line):
            stamp = _printed_stamp(line)
            if stamp is not None and stamp.precision > DATE_ONLY and stamp.local.date() == day:
                return stamp
    return None


_HAS_TIME = re.compile(r"\d[:.h]\d\d|\d\d\d\d\s*(?:gmt|utc|[a-z]{2,4}t)\b", re.IGNORECASE)


def _printed_stamp(line: str) -> Stamp | None:
    if len(line) > MAX_PRINTED_LINE:
        return None
    for text in (line, *_PIECES.split(line)):
        try:
            parsed = parse_dateline(text) if text else None
        except (ValueError, OverflowError):  # "9999/12/31 0:00" + a zone: out of range
            parsed = None
        if parsed is None:
            continue
        stamp = next(
            (s for s in parsed.stamps if not s.updated and not _UPDATE.search(text[: s.start])), None
        )
        if stamp is None:
            return None  # the line is an "Updated" line: not the publication
        local = stamp.local
        if local.year < EARLIEST_PRINTED_YEAR or not _plausible(_to_utc(local)):
            return None
        precision = FULL if local.tzinfo else NO_ZONE if stamp.has_time else DATE_ONLY
        evidence = f"printed dateline {' '.join(text.split())!r}"
        return Stamp(local, precision, evidence, fixed=precision == FULL, text=text)
    return None


@dataclass(frozen=True)
class PageText:
    lines: list[str]  # the page's visible text, one line per block element
    h1s: list[tuple[int, str]]  # (line index, text) of every <h1>

    @property
    def headlines(self) -> list[str]:
        return [text for _, text in self.h1s]


def page_text(tree) -> PageText:
    """The page's visible text as lines (one per block element), with its <h1> lines."""
    body = tree.find(".//body")
    root = tree if body is None else body
    lines: list[str] = []
    current: list[str] = []
    h1s: list[tuple[int, str]] = []
    skip = 0
    h1_start = 0

    def flush() -> None:
        text = " ".join("".join(current).split())
        current.clear()
        if text:
            lines.append(text)

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _SKIP_TAGS or not tag:
                skip += 1
                continue
            if skip:
                continue
            if tag in _BLOCK_TAGS:
                flush()
                if tag == "h1":
                    h1_start = len(lines)
            elif tag in _FIELD_TAGS:
                current.append(" ")  # "6 January 2020<span>By Jane Doe</span>": two fields
            if el.text:
                current.append(el.text)
        else:
            if tag in _SKIP_TAGS or not tag:
                skip -= 1
            elif not skip:
                if tag in _BLOCK_TAGS:
                    flush()
                    if tag == "h1" and len(lines) > h1_start:
                        h1s.append((len(lines) - 1, lines[-1]))
                elif tag in _FIELD_TAGS:
                    current.append(" ")
            if not skip and el.tail:
                current.append(el.tail)
    flush()
    return PageText(lines, h1s)


def _headline(h1s: list[tuple[int, str]], title: str | None) -> int | None:
    """The <h1> that is the article's headline: the one matching the title, else the first
    with a few words (a logo <h1> holds the site name)."""
    key = _fold(title or "")
    if key:
        for index, text in h1s:
            folded = _fold(text)
            if folded and (folded == key or (len(folded) >= 12 and (folded in key or key in folded))):
                return index
    return next((index for index, text in h1s if len(text.split()) >= 3), None)


def _fold(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


# ---- stages 3-5 ---------------------------------------------------------------------------
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?!\d)")


def _from_htmldate(value: str | None, urls: list[str], objs, meta) -> Stamp | None:
    stamp = parse_stamp(value, "htmldate") if value else None
    if stamp is None or (stamp.precision == DATE_ONLY and stamp.local.strftime("%m%d") == "0101"):
        return None  # htmldate turns a bare year ("© 2021") into 1 January: a guess, not a date
    modified = _from_modified(objs, meta)
    if modified and stamp.local.date() == modified.local.date():
        return None  # htmldate echoed the modification time: that is stage 5, not 3
    url_stamp = _from_url(urls)
    if url_stamp and stamp.precision == DATE_ONLY and stamp.local == url_stamp.local:
        return url_stamp  # htmldate fell back on the URL; say so
    return stamp


def _from_url(urls: list[str]) -> Stamp | None:
    for url in urls:
        for match in _URL_DATE.finditer(urlsplit(url).path):
            year, month, day = (int(g) for g in match.groups())
            try:
                day_found = datetime(year, month, day)
            except ValueError:
                continue
            if year >= EARLIEST_URL_YEAR and _plausible(day_found.replace(tzinfo=UTC)):
                return Stamp(day_found, DATE_ONLY, "url")
    return None


def _from_modified(objs, meta) -> Stamp | None:
    note = " (last resort: modification time, publication time not found)"
    return _from_jsonld(objs, "dateModified", note) or _first_stamp(
        meta.get("article:modified_time", []) + meta.get("og:updated_time", []),
        "meta article:modified_time" + note,
    )


# ---- agreement ----------------------------------------------------------------------------
def _agree(machine: Stamp, printed: Stamp) -> Stamp | None:
    """The machine stamp as the page prints it when the two agree, else None.  A numeric
    printed date that reads both ways (``11/08/23``) agrees when either reading does."""
    found = _agree_as_read(machine, printed)
    swapped = _swapped(printed)
    if found is None and swapped is not None:
        found = _agree_as_read(machine, swapped)
    return found


def _swapped(stamp: Stamp) -> Stamp | None:
    """The stamp with day and month exchanged, when it was printed with a numeric month."""
    local = stamp.local
    if stamp.text is None or local.day > 12 or local.day == local.month or _MONTH_WORD.search(stamp.text):
        return None
    swapped = local.replace(day=local.month, month=local.day)
    return Stamp(
        swapped, stamp.precision, f"{stamp.evidence} (read month-first)", stamp.fixed, text=stamp.text
    )


_MONTH_WORD = re.compile(r"[^\W\d_]{3,}(?<!uhr)(?<!stand)", re.IGNORECASE)


def _agree_as_read(machine: Stamp, printed: Stamp) -> Stamp | None:
    if machine.precision == FULL and printed.precision == FULL:
        if abs(machine.utc - printed.utc) <= SAME_INSTANT:
            local = printed.local.replace(second=machine.local.second)
            return Stamp(local, FULL, _with(machine, printed), fixed=True)
        return machine if machine.local.date() == printed.local.date() else None
    if machine.precision == FULL and printed.precision == NO_ZONE:
        offset = _offset_between(printed.local, machine.utc)
        if offset is None:
            return None
        return Stamp(machine.utc.astimezone(timezone(offset)), FULL, _with(machine, printed), fixed=True)
    if machine.precision == FULL and printed.precision == DATE_ONLY:
        if printed.local.date() == machine.local.date():
            return Stamp(machine.local, FULL, _with(machine, printed))
        if not machine.local.utcoffset() and abs(printed.local.date() - machine.local.date()) <= timedelta(
            days=1
        ):
            return _printed_day(machine, printed)
        return None
    if printed.local.date() != machine.local.date():
        return None
    if printed.precision > machine.precision:
        return Stamp(printed.local, printed.precision, _with(printed, machine))
    return Stamp(machine.local, machine.precision, _with(machine, printed))


def _printed_day(machine: Stamp, printed: Stamp) -> Stamp:
    """A UTC instant whose printed day is the day before or after: the page prints it in a
    zone that is not UTC; the instant stands, the zone is looked for when resolving."""
    day = printed.local.date()
    return Stamp(machine.local, FULL, _with(machine, printed), printed_day=day)


def _with(first: Stamp, second: Stamp) -> str:
    return f"{first.evidence}, same as {second.evidence}"


def _offset_between(wall: datetime, instant: datetime) -> timedelta | None:
    """The UTC offset at which ``instant`` reads as the wall-clock time ``wall``, if real."""
    minutes = round(
        (wall.replace(tzinfo=UTC) - instant.replace(second=0, microsecond=0)).total_seconds() / 60
    )
    if minutes % OFFSET_STEP or abs(minutes) > MAX_UTC_OFFSET.total_seconds() / 60:
        return None
    return timedelta(minutes=minutes)


def _day(stamp: Stamp) -> date:
    return stamp.local.date()


# ---- zones --------------------------------------------------------------------------------
def _offsets(tree, meta, objs) -> list[datetime]:
    """Every aware timestamp of the page with a non-zero offset: printed zones to look up."""
    values = [*tree.xpath("//time/@datetime"), *(v for vs in meta.values() for v in vs[:3])]
    for key in ("datePublished", "dateCreated", "dateModified"):
        values += _jsonld_values(objs, key)
    out = []
    for value in values:
        stamp = parse_stamp(value, "")
        if stamp is not None and stamp.precision == FULL and stamp.local.utcoffset():
            out.append(stamp.local)
    return out


def _resolve(
    stamp: Stamp,
    offsets: list[datetime],
    zone: tuple[tzinfo, str] | None,
    country: tuple[tzinfo, str] | None,
    notes: tuple[str, ...],
) -> Published:
    if stamp.precision == FULL:
        local = stamp.local
        if not local.utcoffset() and not stamp.fixed:  # given in UTC: the zone the page prints
            day = stamp.printed_day
            shown = [(o, f"printed at {_iso_offset(o)}") for o in offsets if abs(o - local) <= SAME_INSTANT]
            for known in (zone, country) if day else (zone,):
                if known is not None:
                    shown.append((local.astimezone(known[0]), f"shown in {known[1]}"))
            for moment, label in shown:
                if day is None or moment.date() == day:
                    agrees = f", the printed day {day} agrees" if day else ""
                    return Published(stamp.utc, moment, f"{stamp.evidence}, {label}{agrees}", notes)
        if stamp.printed_day and local.date() != stamp.printed_day:
            notes = (*notes, f"the page prints the day {stamp.printed_day}; its zone is unknown")
        return Published(stamp.utc, local, stamp.evidence, notes)
    if stamp.precision == NO_ZONE:
        if zone is not None:
            local = stamp.local.replace(tzinfo=zone[0])
            return Published(_to_utc(local), local, f"{stamp.evidence}, {zone[1]}", notes)
        same = next(
            (o for o in offsets if o.replace(tzinfo=None, second=0) == stamp.local.replace(second=0)), None
        )
        if same is not None:
            local = stamp.local.replace(tzinfo=same.tzinfo)
            return Published(
                _to_utc(local),
                local,
                f"{stamp.evidence}, offset {_iso_offset(same)} of the same time printed with a zone",
                notes,
            )
        return Published(
            stamp.local.replace(tzinfo=UTC),
            stamp.local,
            f"{stamp.evidence}; zone unknown: {stamp.local:%H:%M} kept as printed, published reads it as UTC",
            notes,
        )
    return Published(stamp.local.replace(tzinfo=UTC), None, f"{stamp.evidence} (date only)", notes)


def _iso_offset(moment: datetime) -> str:
    return moment.isoformat()[-6:]


# ---- parsing ------------------------------------------------------------------------------
_ISO = re.compile(
    r"(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?\s*$",
    re.IGNORECASE,
)


def parse_stamp(value: str, evidence: str) -> Stamp | None:
    """Parse an ISO 8601 or RFC 2822 timestamp; None if unparseable or implausible."""
    text = (value or "").strip() if isinstance(value, str) else ""
    if not text or len(text) > MAX_STAMP_CHARS:
        return None
    match = _ISO.match(text)
    try:
        if match:
            year, month, day, hour, minute, second, zone = match.groups()
            local = datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
            )
            local = local.replace(tzinfo=_offset(zone)) if zone else local
        else:
            local = parsedate_to_datetime(text)  # "Thu, 04 Mar 2021 10:15:00 +0800"
        if local.year < EARLIEST_META_YEAR or not _plausible(_to_utc(local)):
            return None
    except (ValueError, TypeError, IndexError, OverflowError):  # OverflowError: year 9999 + zone
        return None
    if local.tzinfo is not None:
        precision = FULL
    elif local.time() != datetime.min.time():
        precision = NO_ZONE
    else:  # no time, or a zoneless midnight: CMSs print T00:00:00 for "date only"
        precision = DATE_ONLY
    return Stamp(local, precision, evidence)


def _offset(zone: str) -> timezone:
    if zone.upper() in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
    if delta > MAX_UTC_OFFSET:
        raise ValueError(f"offset {zone} out of range")
    return timezone(sign * delta)


def _to_utc(local: datetime) -> datetime:
    return local.astimezone(UTC) if local.tzinfo else local.replace(tzinfo=UTC)


def _plausible(moment: datetime) -> bool:
    return moment <= datetime.now(UTC) + FUTURE_TOLERANCE
