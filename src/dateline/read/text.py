"""Text dumps → Article: headline, dateline line, byline, body, furniture removed.

The shape of a scraped page, top to bottom::

    [furniture …]            Share / Print / breadcrumbs          removed
    headline                 first line that is not furniture     → title
    [dateline line]          stamps + outlet                      → published, source
    [byline]                 "By …" / "Editor: …"                 → authors
    body paragraphs          separated by blank lines             → body
    [furniture …]            Add Comment / © … / Related: …       removed

Furniture is removed only at the edges: by the data file ``data/furniture.txt`` at both
edges, and at the bottom edge also by a structural rule (a short line without sentence
punctuation).  Nothing in the middle of an article is ever dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from ..errors import ParseError
from ..models import Article, Wire
from .datelines import find_wire_dateline, parse_dateline, published_from, updated_from

# How far below the headline the dateline line and byline may stand (non-empty lines).
# Pages put them right under the headline, sometimes after a standfirst or a byline.
_HEADER_WINDOW = 4
# Structural furniture rule (bottom edge only): at most this many words / characters,
# and no sentence punctuation.  A real closing paragraph ends with . ! ? or a quote.
_FURNITURE_MAX_WORDS = 5
_FURNITURE_MAX_CHARS = 40
_SENTENCE_END = re.compile(r"[.!?\"'”’)\]:;…]\s*$")
# A headline is a line, not a paragraph: longer than this is body text.
_HEADLINE_MAX_CHARS = 250

_BYLINE = re.compile(
    r"^(?:by|von|por|par|written by|words by|editor|editors|author|authors|reporter|reported by|"
    r"reporting by|edited by|source)\s*[:\-–]?\s+(?P<names>.+)$",
    re.IGNORECASE,
)
_BYLINE_MAX_WORDS = 14
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\|)\s*", re.IGNORECASE)
_NOT_A_NAME = re.compile(
    r"^(?:reuters|ap|afp|xinhua|bloomberg|associated press|agence france-presse|cnn|bbc|"
    r"staff|staff writer|staff reporter|correspondent|.*\b(?:news|agency|press|times|post|"
    r"daily|online|english)\b.*)$",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _furniture() -> tuple[frozenset[str], re.Pattern[str]]:
    text = resources.files(__package__).joinpath("data/furniture.txt").read_text("utf-8")
    exact: set[str] = set()
    patterns: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("re:"):
            patterns.append(f"(?:{line[3:]})")
        else:
            exact.add(line.lower())
    return frozenset(exact), re.compile("|".join(patterns), re.IGNORECASE)


def _key(line: str) -> str:
    return line.strip().rstrip(":»›|").strip().lower()


def is_known_furniture(line: str) -> bool:
    exact, pattern = _furniture()
    return _key(line) in exact or pattern.fullmatch(line.strip()) is not None


def _looks_structural(line: str) -> bool:
    s = line.strip()
    return (
        len(s) <= _FURNITURE_MAX_CHARS
        and len(s.split()) <= _FURNITURE_MAX_WORDS
        and not _SENTENCE_END.search(s)
    )


def split_authors(names: str) -> tuple[str, ...]:
    out = []
    for part in _NAME_SPLIT.split(names.strip().rstrip(".")):
        part = part.strip(" .-–—")
        if part and not _NOT_A_NAME.match(part) and any(c.isalpha() for c in part):
            out.append(part)
    return tuple(dict.fromkeys(out))


_PARTICLES = frozenset(
    {"de", "da", "del", "van", "von", "der", "den", "bin", "al", "la", "le", "di", "du", "dos"}
)
_NAME_MAX_WORDS = 5


def _nameish(part: str) -> bool:
    words = part.split()
    return 0 < len(words) <= _NAME_MAX_WORDS and all(
        w.lower() in _PARTICLES or not w[0].islower() for w in words
    )


def parse_byline(line: str) -> tuple[str, ...] | None:
    """Authors named by a byline line, or None when the line is not a byline
    ("By the time the polls closed, …" is a sentence, not a byline)."""
    m = _BYLINE.match(line.strip())
    if not m or len(line.split()) > _BYLINE_MAX_WORDS:
        return None
    parts = [p.strip(" .-–—") for p in _NAME_SPLIT.split(m["names"].strip().rstrip("."))]
    if not all(_nameish(p) for p in parts if p):
        return None
    return split_authors(m["names"])


def read_text(text: str, *, origin: str | None = None) -> Article:
    """Parse one normalized text dump (see :func:`dateline.read.decode.normalize_text`)."""
    lines = [ln.strip() for ln in text.split("\n")]
    idx = [i for i, ln in enumerate(lines) if ln]
    # Leading furniture: data file only (a headline is short and unpunctuated too).
    while idx and is_known_furniture(lines[idx[0]]):
        idx.pop(0)
    # Trailing furniture: data file or structure.
    while idx and (is_known_furniture(lines[idx[-1]]) or _looks_structural(lines[idx[-1]])):
        idx.pop()
    if not idx:
        raise ParseError("only page furniture, no article text", path=origin)

    title: str | None = None
    notes: list[str] = []
    published = published_local = updated = None
    evidence = source = None
    authors: tuple[str, ...] = ()

    first = lines[idx[0]]
    pos = 0
    if parse_dateline(first) is None and len(first) <= _HEADLINE_MAX_CHARS and len(idx) > 1:
        title = first
        pos = 1
    # The dateline line, byline and furniture stand right under the headline, in any order.
    start = pos
    while pos < min(len(idx), start + _HEADER_WINDOW):
        line = lines[idx[pos]]
        stamp_line = parse_dateline(line) if published is None else None
        if stamp_line is not None and stamp_line.stamps:
            published, published_local, evidence = published_from(stamp_line)
            updated = updated_from(stamp_line)
            if updated == published:
                updated = None
            source = stamp_line.source
            if not stamp_line.consistent and stamp_line.note:
                notes.append(stamp_line.note)
        elif not authors and (names := parse_byline(line)) is not None:
            authors = names
        elif not is_known_furniture(line):
            break
        pos += 1
    body_lines = idx[pos:]
    if not body_lines:
        raise ParseError("a headline and dateline but no body text", path=origin)
    header_end = body_lines[0]

    paragraphs: list[str] = []
    current: list[str] = []
    for i in range(header_end, body_lines[-1] + 1):
        if lines[i]:
            current.append(lines[i])
        elif current:
            paragraphs.append(" ".join(" ".join(current).split()))
            current = []
    if current:
        paragraphs.append(" ".join(" ".join(current).split()))
    body = "\n\n".join(paragraphs)

    wire = None
    w = find_wire_dateline(paragraphs[0])
    if w is not None:
        wire = Wire(place=w.place, agency=w.agency, span=(w.start, w.end))
        if source is None and w.agency:
            source = w.agency
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
    )
