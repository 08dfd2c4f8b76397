"""Text dumps → Article: chrome and furniture removed, headline, header lines, body.

The shape of a scraped or saved page, top to bottom::

    [chrome …]               Skip to content / Home | World / Sign in     removed
    [header lines]           a stamp printed above the headline            → fields
    headline                 title-shaped line right above the header      → title
    [standfirst]             one or two sentences                          → standfirst
    header lines             stamps, outlet, byline, meta, in any order    → published, source, authors …
    body paragraphs          blank-line, one-a-line or hard-wrapped        → body (read/paragraphs.py)
    [rule, taglines]         ___ / X contributed from Y. / This story …   removed
    [trailing header]        Editor: … / (Reporting by …)                  → fields
    [furniture, link lists]  Add Comment / Related + headlines / © …       removed

The header is found by evidence, not by position alone: the first *strong* header line
(one with a stamp or a labelled piece, :mod:`dateline.read.header`) that is not chrome
anchors it (a masthead date with menus above it and no headline is chrome); the header
block is the run of header-shaped lines around it, plus a caption or a short widget line
("Listen to this article") right before the body; the headline is the nearest
title-shaped line above that block (skipping at most two standfirst sentences; of two
title-shaped lines the shorter upper one).  What stands between the headline and the
header block — those sentences, or the lower title-shaped line — is the *standfirst*
(dek, summary): ``Article.standfirst``, never the body's first paragraph, as the HTML
reader leaves standfirst elements out of the body.  A sentence after the header block is
always body.  Everything above the headline is chrome,
except header lines printed right above it (some outlets print the stamp first) and a
known outlet's name (the site's logo text), which give fields.  Weak lines — a lone name
or outlet — count as header only inside such a block, or directly under the headline.
A page with no strong line: navigation items and menus first, then the headline.

At the bottom, furniture is removed by the data file (``data/furniture.txt``), by shape
(a short line that ends no sentence, in Latin or CJK punctuation; menus; a call to
action), and link lists (a "Related" / "Most read" line followed only by headline-shaped
lines).  So are a typographic rule (``___``, ``---``, ``* * *``) and the *taglines* that
close an article without being its text (``taglines`` in data/header.json): contributors
("Associated Press writer X contributed from Y.", "Jane Doe contributed to this report.",
"Additional reporting by …") and correction notes ("This story has been corrected …",
"Correction: …") — removed, and they give no field: a contributor is neither an author
nor the outlet (an agency credited with additional reporting is not the source).  A
Reuters-style "(Reporting by X; Editing by Y)" line is a trailing header line: its
reporters are the authors when the header names none; the ``credit`` field stays the
agency or desk credit of the header ("TNN", "ET Bureau").  Nothing in the middle of an
article is ever dropped except its header lines.

Fields: the outlet is the strongest evidence of ``Source:`` label, an outlet printed in
the header (a known one first), a known agency credit, the trailing lines, the site's
name, the opening wire dateline's agency; authors are the people of labelled bylines, or
of the first bare name line; a stamp without a zone takes the zone of the first outlet
named that the outlets table knows (``read/outlets.py``), through
:func:`dateline.read.datelines.published_from`, which says so in ``published_evidence``.
A stamp without a year (``21 NOV, 18:55``) is a header line all the same (never body,
never the headline); it takes the year of a dated stamp elsewhere in the header, and
with none ``published`` stays None and the evidence says "no year printed".  The wire
dateline's agency (``MOSCOW, November 21. /TASS/.``, ``SEOUL, Nov. 21 (Yonhap) --``) is
``wire.agency``, and the source when nothing above names an outlet.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from ..errors import ParseError
from ..models import Article, Wire
from . import outlets
from .datelines import (
    DatelineLine,
    Stamp,
    disagreement,
    find_stamps,
    find_wire_dateline,
    published_from,
    updated_from,
)
from .header import (
    HeaderLine,
    Part,
    classify_line,
    ends_sentence,
    is_known_furniture,
    looks_call_to_action,
    looks_caption,
    looks_menu,
    looks_rule,
    looks_tagline,
    looks_title,
    outlet_of,
    parse_names,
)
from .paragraphs import split_paragraphs

__all__ = ["is_known_furniture", "parse_byline", "read_text", "split_authors"]

# Non-empty lines searched for the header block from the top (browser chrome can be long).
_TOP_SCAN = 80
# Header lines in one block at most, and the standfirst sentences allowed above it.
_HEADER_MAX = 10
_STANDFIRST_MAX = 2
# A standfirst line has at least this many words (or CJK characters); a shorter line
# between headline and header ("By the numbers") stays where it was, in the body.
_STANDFIRST_MIN_WORDS = 5
_STANDFIRST_MIN_CJK = 10
# Weak header lines (a lone name or outlet) accepted directly under a headline that has
# no strong header line.
_WEAK_UNDER_TITLE = 2
# A prose paragraph: the header search stops after more than _STANDFIRST_MAX of them.
_PROSE_MIN_CHARS = 120
# Structural furniture rule (bottom edge only): at most this many words / characters (or
# CJK characters), and no sentence punctuation.
_FURNITURE_MAX_WORDS = 5
_FURNITURE_MAX_CHARS = 40
_FURNITURE_MAX_CJK = 12
# Chrome between the header block and the body: a line of at most this many words.
_WIDGET_MAX_WORDS = 3
# A navigation item is chrome only when a headline-shaped line follows within this many lines.
_NAV_LOOKAHEAD = 8
# A trailing link list ("Related" then headlines) is looked for in this many last lines.
_TRAIL_SCAN = 40
_HEADLINE_MAX_CHARS = 250
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_SITE_MAX_WORDS = 6  # a chrome line naming the site: its logo text, a few words
_OPENING_SCAN = 150  # characters of the first paragraph where an agency credit stands
_AGENCY_MARK = re.compile(r"[(/]\s*([^\W\d_][\w .&'-]{0,30}?)\s*[)/]")
_PIECES = re.compile(r"[-_·|/()（）]")
_LIST_MARKER = re.compile(
    r"(?i)^(?:related|more|most|also|recommended|trending|popular|latest|top|editor'?s|"
    r"you may|you might|read (?:more|next|also)|further reading|see also|more from|"
    r"相关|推荐|热门|延伸阅读|更多)"
)


# ---- bylines (kept for callers: jsonl authors, tests) ---------------------------------------
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\|)\s*", re.IGNORECASE)
_NOT_A_NAME = re.compile(
    r"^(?:reuters|ap|afp|xinhua|bloomberg|associated press|agence france-presse|cnn|bbc|"
    r"staff|staff writer|staff reporter|correspondent|.*\b(?:news|agency|press|times|post|"
    r"daily|online|english)\b.*)$",
    re.IGNORECASE,
)


def split_authors(names: str) -> tuple[str, ...]:
    """People named by an author field ("Jane Doe, Reuters" → ("Jane Doe",))."""
    people, _credit, ok = parse_names(names)
    if ok:
        return people
    out = []
    for part in _NAME_SPLIT.split(names.strip().rstrip(".")):
        part = part.strip(" .-–—")
        if part and not _NOT_A_NAME.match(part) and any(c.isalpha() for c in part):
            out.append(part)
    return tuple(dict.fromkeys(out))


def parse_byline(line: str) -> tuple[str, ...] | None:
    """Authors named by a byline line, or None when the line is not a byline
    ("By the time the polls closed, …" is a sentence, not a byline)."""
    h = classify_line(line)
    if not h.is_header or not h.of("byline", "editor"):
        return None
    return tuple(dict.fromkeys(a for p in h.of("byline") for a in p.authors))


# ---- line shapes ----------------------------------------------------------------------------
def _structural(line: str) -> bool:
    s = line.strip()
    if ends_sentence(s):
        return False
    if _CJK.search(s):
        return len(s) <= _FURNITURE_MAX_CJK
    return len(s) <= _FURNITURE_MAX_CHARS and len(s.split()) <= _FURNITURE_MAX_WORDS


def _widget(line: str) -> bool:
    """A few words of chrome between the header and the body ("Video PlayerClose",
    "Listen to article"): no sentence, no digits, at most _WIDGET_MAX_WORDS words."""
    s = line.strip()
    return (
        len(s.split()) <= _WIDGET_MAX_WORDS
        and len(s) <= _FURNITURE_MAX_CHARS
        and not ends_sentence(s)
        and not any(ch.isdigit() for ch in s)
        and not _CJK.search(s)
        and find_wire_dateline(s + " x") is None  # "WASHINGTON —" opens the body
    )


def _prose(line: str) -> bool:
    return len(line) >= _PROSE_MIN_CHARS and not looks_menu(line)


def _standfirst(line: str) -> bool:
    return ends_sentence(line) and _sentence_sized(line) and not looks_menu(line)


def _sentence_sized(line: str) -> bool:
    """Long enough to be a summary sentence: a few words, or a dozen CJK characters."""
    return len(line.split()) >= _STANDFIRST_MIN_WORDS or len(_CJK.findall(line)) >= _STANDFIRST_MIN_CJK


# ---- the page -------------------------------------------------------------------------------
class _Page:
    """The non-empty lines of a page and their classification (computed once each)."""

    def __init__(self, text: str) -> None:
        self.lines = [ln.strip() for ln in text.split("\n")]
        self.idx = [i for i, ln in enumerate(self.lines) if ln]
        self._cls: dict[int, HeaderLine] = {}

    def line(self, p: int) -> str:
        return self.lines[self.idx[p]]

    def cls(self, p: int) -> HeaderLine:
        i = self.idx[p]
        if i not in self._cls:
            line = self.lines[i]
            w = find_wire_dateline(line)
            # "BRUSSELS (AP) — Top-seeded Americans Andy Roddick and Andre Agassi": the first
            # line of a hard-wrapped body, not an outlet and a byline.  Only with an agency:
            # "KYODO NEWS - Mar 2, 2021 - 14:45" and "BY JOSH WARREN - 03/02/21" are headers.
            opens_body = w is not None and w.agency is not None and line[w.end :].strip()
            self._cls[i] = HeaderLine(line, (Part("text", line),)) if opens_body else classify_line(line)
        return self._cls[i]

    def headerish(self, p: int) -> bool:
        """A header line, or furniture among header lines; never a menu of the chrome."""
        line = self.line(p)
        return self.cls(p).is_header and (is_known_furniture(line) or not looks_menu(line))


def _trim_bottom(page: _Page) -> list[int]:
    """Drop trailing furniture and link lists; return the trailing header lines (positions
    into the original idx, top to bottom) whose fields still count."""
    trailing: list[int] = []
    while page.idx:
        p = len(page.idx) - 1
        line = page.line(p)
        if looks_tagline(line) or looks_rule(line):
            page.idx.pop()  # "___", "X contributed to this report.", "This story has been corrected …"
            continue
        h = page.cls(p)
        if h.strong or (h.is_header and h.of("byline", "editor", "source")):
            trailing.insert(0, page.idx.pop())
            continue
        if is_known_furniture(line) or looks_menu(line) or _structural(line) or looks_call_to_action(line):
            page.idx.pop()
            continue
        cut = _link_list_start(page)
        if cut is None:
            break
        del page.idx[cut:]
    return trailing


def _link_list_start(page: _Page) -> int | None:
    """Where a trailing link list starts: a marker line ("Related", "Most read") after which
    every line is a headline, a stamp, a menu or furniture."""
    n = len(page.idx)
    start = None
    for p in range(n - 1, max(-1, n - _TRAIL_SCAN), -1):
        line = page.line(p)
        marker = _LIST_MARKER.match(line) and not ends_sentence(line) and len(line.split()) <= 5
        if marker and p > 0:
            start = p
            continue
        listed = looks_title(line) or page.cls(p).is_header or looks_menu(line) or _structural(line)
        if not listed:
            break
    return start


class _Top(NamedTuple):
    """Where the article starts: the headline, the header lines whose fields count, the
    positions that are not body, the first position that may be body, the standfirst."""

    title: int | None
    header: list[int]
    skip: set[int]
    body_from: int
    standfirst: tuple[int, ...] = ()


def _top(page: _Page) -> _Top:
    """The headline, header block and standfirst of the page (see the module docstring)."""
    n = len(page.idx)
    prose = 0
    for p in range(min(n, _TOP_SCAN)):
        line = page.line(p)
        h = page.cls(p)
        if not h.strong or looks_menu(line):
            if _prose(line) and not h.is_header:
                prose += 1
                if prose > _STANDFIRST_MAX:
                    break
            continue
        found = _around(page, p)
        if found is not None:
            return found
    return _no_anchor(page)


def _around(page: _Page, anchor: int) -> _Top | None:
    """The header block around a strong line and the headline above it, or None when the
    line is not a header (chrome above it and no headline)."""
    n = len(page.idx)
    top = anchor
    while top > 0 and page.headerish(top - 1) and anchor - top < _HEADER_MAX:
        top -= 1
    bottom = anchor
    while (
        bottom + 1 < n
        and bottom - top < _HEADER_MAX
        and (
            page.headerish(bottom + 1)
            # a widget line right before the body (never one with header lines under it)
            or (_widget(page.line(bottom + 1)) and not (bottom + 2 < n and page.headerish(bottom + 2)))
            or looks_caption(page.line(bottom + 1))
        )
    ):
        bottom += 1
    last_header = max(p for p in range(anchor, bottom + 1) if page.headerish(p))
    # the headline: nearest title-shaped line above the block, past ≤ 2 standfirst sentences
    title = None
    q = top - 1
    skipped = 0
    while q >= 0:
        line = page.line(q)
        if looks_title(line) and not page.cls(q).strong:
            title = q
            # two title-shaped lines: the shorter upper one is the headline, the lower a
            # standfirst printed without a full stop
            up = page.line(q - 1) if q > 0 else ""
            if up and looks_title(up) and not page.cls(q - 1).is_header and len(up) < len(line):
                title = q - 1
            break
        if skipped < _STANDFIRST_MAX and _standfirst(line):
            skipped += 1
            q -= 1
            continue
        break
    if title is None:
        # a weak line on top of the block may itself be the headline ("Pompeo Meets Putin")
        while top < anchor and page.cls(top).weak and not looks_title(page.line(top)):
            top += 1
        if top < anchor and looks_title(page.line(top)):
            title, top = top, top + 1
    if title is None:
        if top > 0 and not all(is_known_furniture(page.line(k)) for k in range(top)):
            return None  # chrome above a stamp (a masthead date): not the article's header
        nxt = last_header + 1  # a short headline may look like a widget line
        if top == 0 and nxt + 1 < n and looks_title(page.line(nxt)):
            if page.cls(nxt + 1).strong:
                return None  # a stamp printed above the headline: the next block takes it
            header = list(range(top, nxt))  # the stamp above the headline, then the body
            return _Top(nxt, header, set(header) | {nxt}, nxt + 1)
        header = list(range(top, bottom + 1))
        return None if not header else _Top(None, header, set(header), bottom + 1)
    header = list(range(top, bottom + 1))
    # header lines printed right above the headline (a stamp first, or a newspaper
    # export's outlet, date and edition): fields, not chrome, when one of them is strong
    above = []
    k = title - 1
    while k >= 0 and page.headerish(k) and len(above) < _HEADER_MAX:
        above.insert(0, k)
        k -= 1
    if not any(page.cls(q).strong for q in above):
        above = []
    # what stands between the headline and the header block: the standfirst sentences
    # skipped above (or the lower of two title-shaped lines)
    standfirst = tuple(p for p in range(title + 1, top) if _sentence_sized(page.line(p)))
    skip = set(range(title + 1)) | set(header) | set(standfirst)
    return _Top(title, above + header, skip, title + 1, standfirst)


def _no_anchor(page: _Page) -> _Top:
    """No strong header line: leading chrome, then the first line is the headline, then at
    most two weak header lines under it."""
    n = len(page.idx)
    p = 0
    while p < n and (looks_menu(page.line(p)) or is_known_furniture(page.line(p)) or _nav_item(page, p)):
        p += 1
    if p >= n:
        return _Top(None, [], set(range(n)), n)
    line = page.line(p)
    if len(line) > _HEADLINE_MAX_CHARS or n - p < 2:
        return _Top(None, [], set(range(p)), p)
    title = p
    header = []
    q = p + 1
    standfirst_lines = 0  # a standfirst may stand between the headline and a byline
    while (
        q < n - 1
        and standfirst_lines < _STANDFIRST_MAX
        and _standfirst(page.line(q))
        and page.headerish(q + 1)
    ):
        standfirst_lines += 1
        q += 1
    while q < n - 1 and len(header) < _WEAK_UNDER_TITLE and page.headerish(q):
        header.append(q)
        q += 1
    standfirst = tuple(range(title + 1, title + 1 + standfirst_lines)) if header else ()
    return _Top(title, header, set(range(title + 1)) | set(header) | set(standfirst), title + 1, standfirst)


def _nav_item(page: _Page, p: int) -> bool:
    """A short navigation item before the headline: a few words, no sentence, not
    headline-shaped, with a headline-shaped line among the next few."""
    line = page.line(p)
    if len(line.split()) > _WIDGET_MAX_WORDS or ends_sentence(line) or looks_title(line):
        return False
    return any(looks_title(page.line(q)) for q in range(p + 1, min(len(page.idx), p + 1 + _NAV_LOOKAHEAD)))


def _site_name(line: str) -> str | None:
    """A chrome line that names a known outlet: the site's logo text ("Xinhuanet", "The
    Guardian - Back to home" → "The Guardian")."""
    if outlets.lookup(line):
        return line
    if len(line.split()) > _SITE_MAX_WORDS:
        return None
    return next((p.strip() for p in _PIECES.split(line) if p.strip() and outlets.lookup(p.strip())), None)


def _opening_agency(paragraph: str) -> str | None:
    """A known agency or outlet credited in the opening words ("MOSCOW, March 2. /TASS/. …",
    "Taipei, March 2 (CNA) …") when the wire-dateline grammar did not read the dateline."""
    for m in _AGENCY_MARK.finditer(paragraph[:_OPENING_SCAN]):
        if outlet_of(m[1]) is not None:
            return m[1]
    return None


def _dated(lines: list[HeaderLine]) -> tuple[Stamp, ...]:
    """The stamps of header lines in order; a line that prints only a time takes the date
    of the line above it ("Tuesday, March 2, 2021" / "2:45 PM EST")."""
    out: list[Stamp] = []
    # a month and day printed without a year take the year of any dated stamp of the header
    first_day = next((s.local.date() for h in lines for s in h.stamps if s.has_date), None)
    for h in lines:
        stamps = list(h.stamps)
        day = next((s.local.date() for s in reversed(out) if s.has_date), None)
        if day is None and any(s.month_day for s in stamps):
            day = first_day
        if stamps and day is not None and not any(s.has_date for s in stamps):
            stamps = list(find_stamps(h.text, on=day)) or stamps
        out.extend(stamps)
    return tuple(out)


def _people(parts: list[Part]) -> tuple[str, ...]:
    """The header's authors: every labelled byline's people, and the people of the first
    bare name line only when no labelled byline names anyone (a second bare "name" under
    a byline is more likely chrome: "Short Url")."""
    labelled = [a for p in parts if p.kind == "byline" for a in p.authors]
    if labelled:
        return tuple(dict.fromkeys(labelled))
    bare = next((p.authors for p in parts if p.kind == "name" and p.authors), ())
    return tuple(dict.fromkeys(bare))


def _first(parts: list[Part], pick: Callable[[Part], str | None]) -> str | None:
    return next((v for p in parts if (v := pick(p))), None)


def _outlet_line(text: str) -> bool:
    """A byline's credit that names an outlet the table does not know ("Stars and Stripes",
    "The Riverside Gazette"), not a desk or wire credit ("TNN", "Web Desk")."""
    parts = classify_line(text).parts
    return len(parts) == 1 and parts[0].kind == "outlet"


def _lone_headline(paragraph: str) -> bool:
    """One headline-shaped line standing where the body would be (no sentence)."""
    return "\n" not in paragraph and looks_title(paragraph) and not ends_sentence(paragraph)


def read_text(text: str, *, origin: str | None = None, allow_empty: bool = False) -> Article:
    """Parse one normalized text dump (see :func:`dateline.read.decode.normalize_text`).

    A page with no article text raises :class:`ParseError` ("only page furniture", "a
    headline and dateline but no body text"); with ``allow_empty=True`` it is an Article
    with ``body=""`` and whatever fields its header gave, and a lone headline-shaped line
    left where the body would be is the title (never the body) when no title was found.
    """
    page = _Page(text)
    all_idx = list(page.idx)
    # Leading known furniture never holds the article: drop it before anything else.
    while page.idx and is_known_furniture(page.line(0)):
        page.idx.pop(0)
    before_trim = list(page.idx)
    trailing = _trim_bottom(page)
    emptied = not page.idx  # nothing but furniture and header lines
    if emptied:
        if not allow_empty:
            raise ParseError("only page furniture, no article text", path=origin)
        if not before_trim:
            return Article(title=None, body="", origin=origin, format="text")
        page.idx, trailing = before_trim, []  # read the header all the same; no line is body
    title_pos, header_pos, skip, body_from, standfirst_pos = _top(page)
    title = page.line(title_pos) if title_pos is not None else None
    if emptied and title is not None and not looks_title(title):
        title = None
    standfirst = " ".join(page.line(p) for p in standfirst_pos) or None

    head_lines = [
        page.cls(p) for p in header_pos if not looks_caption(page.line(p))
    ]  # a caption's date is the photo's
    tail_lines = [classify_line(page.lines[i]) for i in trailing]
    head_parts = [part for h in head_lines for part in h.parts]
    tail_parts = [part for h in tail_lines for part in h.parts]

    # body: every line from the first body position on that is not a header line; each run
    # of body lines between header lines (a standfirst, then the article) is laid out alone
    paragraphs: list[str] = []
    keep = [p for p in range(body_from, len(page.idx)) if p not in skip]
    runs: list[list[int]] = []
    for p in keep:
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    for run in runs:
        first, last = page.idx[run[0]], page.idx[run[-1]]
        paragraphs.extend(split_paragraphs(page.lines[first : last + 1]))
    if (
        len(paragraphs) > 1
        and (w := find_wire_dateline(paragraphs[0] + " x"))
        and w.end >= len(paragraphs[0])
    ):
        paragraphs[:2] = [f"{paragraphs[0]} {paragraphs[1]}"]  # "WASHINGTON —" printed on a line of its own
    if allow_empty and title is None and len(paragraphs) == 1 and _lone_headline(paragraphs[0]):
        title, paragraphs = paragraphs[0], []  # the headline of a page without its text
    if emptied:
        paragraphs = []
    if not paragraphs and not allow_empty:
        raise ParseError("a headline and dateline but no body text", path=origin)
    body = "\n\n".join(paragraphs)

    # fields
    stamps = _dated(head_lines) or _dated(tail_lines)
    credit = _first(head_parts, lambda p: p.credit) or _first(tail_parts, lambda p: p.credit)
    head_outlets = [p.value for p in head_parts if p.kind == "outlet" and p.value]
    chrome_end = page.idx[title_pos] if title_pos is not None else 0
    site = next((name for i in all_idx if i < chrome_end and (name := _site_name(page.lines[i]))), None)
    authors = _people(head_parts) or tuple(
        dict.fromkeys(a for p in tail_parts if p.kind == "byline" for a in p.authors)
    )
    section = _first(head_parts, lambda p: p.value if p.kind == "section" else None)
    length_text = _first(head_parts, lambda p: p.value if p.kind == "length" else None)

    wire = None
    w = find_wire_dateline(paragraphs[0]) if paragraphs else None
    if w is not None:
        wire = Wire(place=w.place, agency=w.agency, span=(w.start, w.end))
    # the outlet, strongest evidence first: a Source: label; an outlet printed in the header
    # (a known one before an unknown one); a known agency credit; the trailing lines; the
    # site's name among the chrome above the headline (the page that carries a wire story);
    # the wire dateline's agency
    candidates = [
        _first(head_parts, lambda p: p.value if p.kind == "source" else None),
        next((o for o in head_outlets if outlet_of(o)), None),
        next(iter(head_outlets), None),
        credit if outlet_of(credit) else None,
        _first(tail_parts, lambda p: p.value if p.kind in {"source", "outlet"} else None),
        site,
        credit if credit and _outlet_line(credit) else None,  # "By Jane Doe, Stars and Stripes"
        wire.agency if wire and wire.agency else (_opening_agency(paragraphs[0]) if paragraphs else None),
    ]
    source = next((c for c in candidates if c), None)

    notes: list[str] = []
    published = published_local = updated = None
    evidence = None
    if stamps:
        # the zone of zone-less stamps: the first outlet named anywhere that the table knows
        outlet = next((o for c in candidates + [credit] if (o := outlet_of(c)) is not None), None)
        note = disagreement(stamps)
        if note:
            notes.append(note)
        line = DatelineLine(stamps=stamps, source=source, consistent=note is None, note=note)
        tz, name = (outlet.tz, outlet.name) if outlet else (None, None)
        published, published_local, evidence = published_from(line, outlet_zone=tz, outlet=name)
        updated = updated_from(line, tz, outlet=name)
        if updated == published:
            updated = None
    return Article(
        title=title,
        body=body,
        published=published,
        published_local=published_local,
        published_evidence=evidence,
        updated=updated,
        source=source,
        authors=authors,
        wire=wire,
        notes=tuple(notes),
        origin=origin,
        format="text",
        section=section,
        length=int(length_text) if length_text and length_text.isdigit() else None,
        credit=credit,
        standfirst=standfirst,
    )
