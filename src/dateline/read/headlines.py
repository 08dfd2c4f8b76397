"""Headlines with metadata and no article text: one record each, never analysed.

Two kinds of file hold a headline and its metadata (stamp, outlet, byline) but no body:

* a **headline-only dump**: one headline and its header lines, the article text left out
  (a clipping saved without its text, a database record with no full text);
* a **headline list**: a news feed, alert or clipping-service report that lists many
  headlines, each with its stamp and outlet, as blocks::

      Harbour strike talks collapse            Dock strike enters third day
      Nov 21, 2023 06:55 PM | The Guardian     The Guardian
                                               21 November 2023
      Ferry operator adds winter sailings      By Jane Marlow
      …

  or one line each (``headline — Outlet — 21 November 2023``).

Found by evidence, never by layout: every non-blank line is either a headline-shaped
line, a header line (:func:`dateline.read.header.classify_line`: stamp, outlet, byline,
label) or a headline followed on the same line by header pieces; no line is prose; a few
cover lines may stand on top.  A list needs :data:`MIN_LIST_ENTRIES` headlines each with
a stamp; a single headline needs one strong header line (a stamp or a labelled piece).

Each entry's fields are read by the text reader itself (:func:`dateline.read.text.read_text`
on the entry's own lines, with a stand-in paragraph where the body would be, so the
stamps, the outlet's zone and the bylines are read exactly as for any text dump); the
record gets ``body=""`` and :data:`NO_TEXT` as ``skip_reason`` (stored ``analysed: false``).
In a list, the slot that holds the outlet in most entries holds it in all ("Nov 20, 2023
| Lloyd's List": a name-shaped outlet where the others print "The Guardian").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from ..errors import InputError, ParseError
from ..models import Article
from .header import (
    HeaderLine,
    classify_line,
    ends_sentence,
    is_known_furniture,
    looks_call_to_action,
    looks_menu,
    looks_title,
)

__all__ = [
    "MIN_LIST_ENTRIES",
    "NO_TEXT",
    "Entry",
    "entries",
    "metadata_only",
    "read_entries",
    "read_text_or_metadata",
]

NO_TEXT = "no article text (headline and metadata only)"
# A headline list: at least this many headlines, each with a stamp.
MIN_LIST_ENTRIES = 2
# Cover lines (a report's title, "Prepared 22 November") allowed above the first entry.
MAX_COVER_LINES = 3
# A line longer than this, or a sentence of at least PROSE_MIN_WORDS words that is no
# header line, is article text: the file is no headline list.
PROSE_MAX_CHARS = 250
PROSE_MIN_WORDS = 12
PROSE_MIN_CJK = 20  # … or of this many CJK characters
# A body this short may be page chrome (a paywall notice) rather than article text.
CHROME_BODY_MAX_CHARS = 400
CHROME_LINE_MAX_WORDS = 8  # … and a line of chrome beside it, no sentence, this many words
# Header lines under one headline at most (more is not a headline's metadata).
MAX_ENTRY_LINES = 6
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_STAND_IN = (
    "Stand-in paragraph for the article text that this file does not hold, "
    "so that the header lines above are read as a header."
)
_SEPARATORS = (" | ", " — ", " – ", " - ", " · ", " • ", "\t")
_COLUMNS = re.compile(r"\s{3,}|\t+")  # headline, outlet and date in columns of spaces
_LINK = re.compile(r"^https?://\S+$", re.IGNORECASE)
_NUMBERED = re.compile(r"^\d{1,4}[.)]\s+(?=\S)")  # "1. Headline" in a numbered list


@dataclass(frozen=True)
class Entry:
    """One headline and its header lines (a one-line entry: its header pieces as a line)."""

    title: str
    header: tuple[str, ...]
    dated: bool  # a stamp among the header lines

    def text(self) -> str:
        return "\n".join([self.title, *self.header, "", _STAND_IN])


def _prose(line: str) -> bool:
    if len(line) > PROSE_MAX_CHARS:
        return True
    if not ends_sentence(line):
        return False
    return len(line.split()) >= PROSE_MIN_WORDS or len(_CJK.findall(line)) >= PROSE_MIN_CJK


def _chrome(line: str) -> bool:
    return is_known_furniture(line) or looks_menu(line) or looks_call_to_action(line)


def _one_line(line: str, h: HeaderLine) -> Entry | None:
    """'headline — Outlet — 5 January 2024': a headline-shaped text, then header pieces
    with a stamp among them (cut at the separator that the line uses)."""
    parts = h.parts
    if len(parts) < 2 or parts[0].kind != "text" or any(p.kind == "text" for p in parts[1:]):
        return None
    if not any(p.kind == "stamp" for p in parts[1:]):
        return None
    for sep in _SEPARATORS:
        pieces = line.split(sep) if sep != "\t" else _COLUMNS.split(line)
        if len(pieces) < 2:
            continue
        for k in range(1, len(pieces)):
            title, rest = sep.join(pieces[:k]).strip(), sep.join(pieces[k:]).strip()
            if looks_title(title) and classify_line(rest).strong:
                return Entry(title=title, header=(" | ".join(p.strip() for p in pieces[k:]),), dated=True)
    return None


@dataclass(frozen=True)
class _Token:
    kind: str  # header | title | one (a one-line entry)
    line: str
    block: int  # which blank-line block the line stands in
    one: Entry | None = None


def _tokens(text: str) -> list[_Token] | None:
    """The lines that matter, classified; None when one is text that is no headline."""
    out: list[_Token] = []
    block = 0
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            block += 1
            continue
        if _LINK.match(line):
            out.append(_Token("header", line, block))  # the item's link
            continue
        h = classify_line(line)
        if not h.strong and _chrome(line):
            continue  # a menu, "Share this article", "Advertisement": never an entry
        if h.is_header and not looks_title(line):
            out.append(_Token("header", line, block))
        elif not h.is_header and (one := _one_line(line, h)) is not None:
            out.append(_Token("one", line, block, one))
        elif looks_title(line):
            out.append(_Token("title", _NUMBERED.sub("", line), block))
        else:
            return None  # text that is no headline
    return out


def _entry(title: _Token, header: list[_Token]) -> tuple[Entry, bool]:
    """The entry and whether it crosses a blank line (an entry is one block when the
    file has blocks: evidence for which side of its headline the metadata stands)."""
    lines = [t.line for t in header]
    headline = title.line
    named = any(p.kind in ("outlet", "source") for ln in lines for p in classify_line(ln).parts)
    cut = None if named else _outlet_suffix(headline)
    if cut is not None:  # "Dock strike enters third day - The Guardian" (news feeds)
        headline, outlet = cut
        lines.insert(0, outlet)
    entry = Entry(title=headline, header=tuple(lines), dated=any(classify_line(ln).stamps for ln in lines))
    return entry, len({title.block, *(t.block for t in header)}) > 1


def _outlet_suffix(headline: str) -> tuple[str, str] | None:
    """(headline, outlet) of a headline that ends with its outlet's name after a
    separator, when no header line names the outlet."""
    for sep in _SEPARATORS[:-1]:
        head, found, tail = headline.rpartition(sep)
        if not found:
            continue
        parts = classify_line(tail.strip()).parts
        if len(parts) == 1 and parts[0].kind == "outlet" and looks_title(head.strip()):
            return head.strip(), tail.strip()
    return None


def _below(tokens: list[_Token]) -> tuple[list[Entry], int] | None:
    """Entries with their header lines under the headline (the usual order)."""
    out: list[Entry] = []
    crossings = cover = 0
    title: _Token | None = None
    header: list[_Token] = []
    for tok in [*tokens, _Token("end", "", -1)]:
        if tok.kind == "header":
            if title is None:
                if out:
                    return None  # header lines with no headline, between entries
                cover += 1
            elif len(header) >= MAX_ENTRY_LINES:
                return None
            else:
                header.append(tok)
            continue
        if title is not None:
            if header:
                entry, crossed = _entry(title, header)
                out.append(entry)
                crossings += crossed
            elif out or tok.kind == "end":
                return None  # a headline without metadata between entries, or at the end
            else:
                cover += 1
        title, header = (tok if tok.kind == "title" else None), []
        if tok.one is not None:
            out.append(tok.one)
        if cover > MAX_COVER_LINES:
            return None
    return out, crossings


def _above(tokens: list[_Token]) -> tuple[list[Entry], int] | None:
    """Entries with their header lines above the headline (feeds that print the stamp
    first)."""
    out: list[Entry] = []
    crossings = cover = 0
    pending: list[_Token] = []
    for tok in tokens:
        if tok.kind == "header":
            pending.append(tok)
            if len(pending) > MAX_ENTRY_LINES:
                return None
            continue
        if tok.kind == "title" and pending:
            entry, crossed = _entry(tok, pending)
            out.append(entry)
            crossings += crossed
        elif out:
            return None
        else:
            cover += 1 + len(pending)
        pending = []
        if tok.one is not None:
            out.append(tok.one)
        if cover > MAX_COVER_LINES:
            return None
    # the unusual order only on the evidence of blocks that hold one entry each
    return (out, crossings) if not pending and not crossings else None


def entries(text: str) -> list[Entry] | None:
    """The headline entries of a text with no article text, or None when the text holds
    a paragraph (or a line that is neither headline nor header).  Metadata under each
    headline or above it, whichever reads every entry without crossing a blank line."""
    found = _entries(text)  # detect() and read_entries() ask for the same text
    return list(found) if found is not None else None


@lru_cache(maxsize=2)
def _entries(text: str) -> tuple[Entry, ...] | None:
    if not any(ln.strip() for ln in text.split("\n")) or any(_prose(ln.strip()) for ln in text.split("\n")):
        return None
    tokens = _tokens(text)
    if not tokens:
        return None
    found = [r for r in (_below(tokens), _above(tokens)) if r is not None and r[0]]
    if not found:
        return None
    best = min(found, key=lambda r: (r[1], -len(r[0])))  # below wins a tie (listed first)
    return tuple(best[0])


def _is_list(found: list[Entry]) -> bool:
    return len(found) >= MIN_LIST_ENTRIES and all(e.dated for e in found)


def _strong(entry: Entry) -> bool:
    return any(classify_line(ln).strong for ln in entry.header)


def headline_layout(text: str) -> str | None:
    """'headline-list' for a list of dated headlines, 'headline-only' for one headline
    with metadata and no text, else None."""
    found = entries(text)
    if not found:
        return None
    if _is_list(found):
        return "headline-list"
    if len(found) == 1 and _strong(found[0]):
        return "headline-only"
    return None


def _canonical(source: str | None) -> str | None:
    from .exports import _source  # the outlet's canonical name, as the exports give it

    return _source(source)


def _record(entry: Entry, origin: str | None) -> Article:
    from .text import read_text

    art = read_text(entry.text(), origin=origin)
    notes = list(art.notes)
    if art.body != _STAND_IN:
        notes.append("header lines not all read as header")
    link = next((ln for ln in entry.header if _LINK.match(ln)), None)  # feeds give each item's link
    return replace(
        art,
        title=art.title or entry.title,
        url=art.url or link,
        body="",
        source=_canonical(art.source),
        wire=None,
        notes=tuple(notes),
        skip_reason=NO_TEXT,
    )


def _slot_kinds(entry: Entry) -> dict[tuple[int, int], tuple[str, str]]:
    """(header line, part) → (kind, text) of an entry's header pieces."""
    out = {}
    for i, line in enumerate(entry.header):
        for j, p in enumerate(classify_line(line).parts):
            out[(i, j)] = (p.kind, p.value or p.text)
    return out


def _outlet_slots(found: list[Entry]) -> set[tuple[int, int]]:
    """The slots that hold an outlet (or a Source: value) in most entries that have them."""
    kinds: dict[tuple[int, int], Counter[str]] = {}
    for e in found:
        for slot, (kind, _text) in _slot_kinds(e).items():
            kinds.setdefault(slot, Counter())[kind] += 1
    return {
        slot
        for slot, c in kinds.items()
        if c["outlet"] + c["source"] > sum(c.values()) / 2 and c["outlet"] + c["source"] >= 2
    }


def read_entries(text: str, *, origin: str) -> Iterator[Article | InputError]:
    """One record per headline (``origin#n`` in a list, ``origin`` for a single one)."""
    found = entries(text) or []
    single = len(found) == 1
    slots = _outlet_slots(found) if not single else set()
    for n, entry in enumerate(found, 1):
        where = origin if single else f"{origin}#{n}"
        try:
            art = _record(entry, where)
        except InputError as err:
            yield err if err.path else type(err)(str(err), path=where)
            continue
        if art.source is None:  # a name-shaped outlet where the other entries print an outlet
            for slot, (kind, value) in _slot_kinds(entry).items():
                if slot in slots and kind == "name":
                    art = replace(
                        art,
                        source=_canonical(value),
                        authors=tuple(a for a in art.authors if a != value),
                    )
                    break
        yield replace(art, notes=(*art.notes, f"export layout: headline-{'only' if single else 'list'}"))


def metadata_only(text: str, *, origin: str | None) -> Article | None:
    """The record of a text that holds one headline and its metadata but no article text
    (what :func:`read_text` refuses as "no body text"), or None."""
    found = entries(text)
    if not found or len(found) != 1 or not _strong(found[0]):
        return None
    try:
        return _record(found[0], origin)
    except ParseError:
        return None


def read_text_or_metadata(text: str, *, origin: str | None) -> Article:
    """:func:`dateline.read.text.read_text`, except that a text holding one headline and
    its metadata but no article text is a record without a body (read_text would refuse
    it, or take the headline for the body)."""
    from .text import read_text

    if headline_layout(text) == "headline-only":
        article = metadata_only(text, origin=origin)
        if article is not None:
            return article
    try:
        article = read_text(text, origin=origin)
    except ParseError:  # read_text found no text: page chrome (a paywall, consent) aside, a headline?
        found = metadata_only(_without_chrome_lines(text), origin=origin)
        if found is None:
            raise
        return found
    return _headline_as_body(article) or _chrome_only(article) or article


def _without_chrome_lines(text: str) -> str:
    """The text without the lines that are page chrome by the HTML guard's phrases."""
    from .html_body import chrome_kind

    return "\n".join(ln for ln in text.split("\n") if not (ln.strip() and chrome_kind([ln.strip()])))


def _headline_as_body(article: Article) -> Article | None:
    """read_text's answer for a headline whose header lines it kept but whose text is
    missing (the page chrome below it dropped): no title, and a "body" that is one
    headline-shaped line — the headline, and no article text."""
    body = article.body
    if article.title or "\n" in body or not looks_title(body) or ends_sentence(body):
        return None
    if article.published is None and not article.authors and article.source is None:
        return None
    return replace(article, title=body, body="", wire=None, skip_reason=NO_TEXT)


def _chrome_only(article: Article) -> Article | None:
    """The record without a body when a dated or sourced headline's whole "text" is page
    chrome — a paywall or consent notice ("This article is for subscribers only."),
    judged by the phrases the HTML body guard uses (``data/boilerplate.txt``)."""
    if len(article.body) > CHROME_BODY_MAX_CHARS or not article.title:
        return None
    if article.published is None and article.source is None and not article.authors:
        return None
    from .html_body import chrome_kind  # imported only for such short bodies

    paragraphs = article.body.split("\n\n")
    kinds = [chrome_kind([p]) for p in paragraphs]
    # every paragraph chrome, or a short line that is no sentence ("Subscribe to keep reading")
    short = [
        not k and not ends_sentence(p) and len(p.split()) <= CHROME_LINE_MAX_WORDS
        for p, k in zip(paragraphs, kinds, strict=True)
    ]
    kind = chrome_kind(paragraphs) or next((k for k in kinds if k), None)
    if kind is None or not all(k or sh for k, sh in zip(kinds, short, strict=True)):
        return None
    note = f"the only text was {kind} chrome: {article.body[:80]!r}"
    return replace(article, body="", wire=None, notes=(*article.notes, note), skip_reason=NO_TEXT)
