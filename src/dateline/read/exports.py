"""Many articles in one file: database and archive exports, one record per article.

    detect(text)                      -> layout id, or None for an ordinary text dump
    read_export(text, origin=path)    -> Article | InputError per article, ``path#n``

Layouts (``id``: what marks an article, where its metadata stands):

    nexis           LexisNexis / Nexis Uni text (RTF, DOCX saved as text): each article
                    ends with ``End of Document``; title, publication, date line,
                    ``Copyright …``, label lines (``Section:``, ``Length: 966 words``,
                    ``Byline:``, ``Highlight:``, ``Dateline:``), ``Body``, paragraphs,
                    ``Classification``, ``Language:``, ``Subject:``, ``Load-Date:``
    nexis-classic   older LexisNexis Academic text: ``1 of 12 DOCUMENTS`` opens each
                    article; publication, date line, edition lines, title, upper-case
                    labels (``BYLINE:``, ``SECTION:``, ``LENGTH:``), body, ``LOAD-DATE:``
    factiva         Factiva with Intelligence Indexing: field codes (``HD``, ``BY``,
                    ``WC``, ``PD``, ``ET``, ``SN``, ``SC``, ``LA``, ``CY``, ``LP``, ``TD``,
                    ``CO``, ``IN``, ``NS``, ``RE``, ``PUB``, ``AN``) at the start of a
                    line, the value after it or on the lines below; ``AN`` ends an article
    factiva-article Factiva article format without codes: header lines in a fixed order
                    (title, byline, ``512 words``, date, time, source, code, language,
                    copyright), text, and ``Document XXXXXXXX…`` ending each article
    doc-records     ``<doc id=… url=… title=…>…</doc>`` records (portal crawls,
                    WikiExtractor-style corpora; also ``<contenttitle>``/``<content>``)
    trec            ``<DOC>`` SGML (TREC, LDC Gigaword): ``<DOCNO>``, ``<HEADLINE>``,
                    ``<DATELINE>``, ``<TEXT>`` with ``<P>`` paragraphs
    wire-dash       concatenated wire stories whose header lines start with ``-- ``
                    (``-- Headline``, ``-- By Jane Doe``, ``-- Published: …``, ``-- URL``)
    wire-rules      text-dump articles separated by rule lines (``----``, ``====``,
                    ``* * *``) or form feeds (see :func:`paged_text`); each chunk is read
                    by :func:`dateline.read.text.read_text`
    proquest        ProQuest "TXT - Text Only" downloads: records between underscore
                    rules (``Document 1 of 3``), the headline, ``Label: value`` fields
                    (``Author: Marlow, Jane``, ``Publication title:``, ``Publication
                    date:``, ``Section:``, ``Document URL:``); the text is ``Full text:``
                    up to the next field label
    nexis-list      a Nexis results list: numbered headlines, each with its publication,
                    date line and labels (``Section:``, ``Length:``, ``Byline:``), no text
    headline-list   news feeds, alerts, clipping reports: headlines each with a stamp and
                    outlet (blocks, or ``headline — Outlet — date`` lines), no text
                    (:mod:`dateline.read.headlines`)
    headline-only   one headline with its metadata and no text (origin: the file itself)

An article with a headline and metadata but no text (a citation-only ProQuest record, a
graphic-only Nexis page, every headline-list entry) is a record with ``body=""`` and
``skip_reason`` :data:`dateline.read.headlines.NO_TEXT`: stored, never analysed.

Detection is by evidence, never by one line: a layout needs its separators *and* its
metadata (a Nexis file needs ``End of Document`` and two kinds of label line; a rule
line separates articles only when an article — a headline with a stamp or byline under
it and a body — stands on both sides of it).  A plain single-article text dump is never
split.  Every article's failure is an :class:`~dateline.errors.InputError` naming
``path#n``, and the file's other articles are still read.  The parsers are line scans
(no regex spans more than one line or tag), so a 20 MB export reads in seconds.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..errors import InputError, ParseError
from ..models import Article, Wire
from . import outlets
from .datelines import find_wire_dateline, parse_dateline, published_from
from .headlines import NO_TEXT, headline_layout, read_entries, read_text_or_metadata
from .paragraphs import ends_sentence, join_lines, split_paragraphs
from .text import parse_byline

__all__ = ["LAYOUTS", "detect", "paged_text", "parse_byline_credit", "read_export"]

LAYOUTS = (
    "nexis",
    "nexis-classic",
    "factiva",
    "factiva-article",
    "doc-records",
    "trec",
    "wire-dash",
    "wire-rules",
    "proquest",
    "nexis-list",
    "headline-list",
    "headline-only",
)

# --- evidence thresholds -------------------------------------------------------------
# Distinct kinds of Nexis label line a file must show besides its separators (one
# "Length:" line could be prose; Length + Load-Date + Byline is an export).
NEXIS_MIN_LABEL_KINDS = 2
# … and without any separator (one article saved on its own), this many kinds, with
# "Length:" and a "Body" line or "Load-Date:" among them.
NEXIS_SINGLE_MIN_LABEL_KINDS = 3
# Distinct Factiva field codes (beside HD) a file must show at line starts.
FACTIVA_MIN_CODES = 4
# An article chunk of a rule-separated file: this many words at least …
MIN_ARTICLE_WORDS = 30
# … and a stamp or byline within this many non-blank lines below its headline.
ARTICLE_HEADER_LINES = 4
# Nexis Uni: the "Body" line stands within this many lines of the first label.
NEXIS_BODY_WINDOW = 60
# Wire-dash files: each article's header run has at least this many "-- " lines.
WIRE_DASH_MIN_RUN = 2
# An HD line inside a Factiva text opens a new article when two other header codes
# (WC, PD, SN …) follow within this many lines.
FACTIVA_HD_LOOKAHEAD = 8
# Factiva article format: the "N words" line stands within this many header lines.
FACTIVA_WC_WINDOW = 6
# A byline without "By" in a Factiva header has at most this many words ("Jane Doe and
# John Roe"); a longer capitalized line is a headline.
FACTIVA_BYLINE_MAX_WORDS = 4
# Indentation marks paragraphs (TREC-style <TEXT>) when at least this many lines are
# indented and some are not.
INDENT_MIN_PARAGRAPHS = 2
# ProQuest: a record shows this many kinds of its own field (Full text:, Publication
# title:, ProQuest document ID: …); a file, this many kinds beside its rules.
PROQUEST_MIN_RECORD_FIELDS = 2
PROQUEST_MIN_FILE_FIELDS = 3
# A date line in an export header is short: longer lines are prose.
DATE_LINE_MAX_CHARS = 80

_RULE = re.compile(r"^(?:-{4,}|={4,}|_{4,}|~{4,}|#{4,}|\*{3,}|(?:\*[ \t]*){3,}|(?:-[ \t]){3,}-?)$")
_LONG_RULE = re.compile(r"^[-_=]{10,}$")
_NEXIS_CLASSIC_SEP = re.compile(  # English, German and French LexisNexis files
    r"^(?:\d{1,6}\s+of\s+\d{1,6}\s+DOCUMENTS?|Dokument\s+\d{1,6}\s+von\s+\d{1,6}|Document\s+\d{1,6}\s+de\s+\d{1,6})$",
    re.IGNORECASE,
)
_END_OF_DOCUMENT = re.compile(r"^End of Document$", re.IGNORECASE)
_LABEL = re.compile(r"^([^\W\d_](?:[^\W\d_]|[/\- ]){0,30}?)\s*:\s*(.*)$")
_COPYRIGHT = re.compile(r"^(?:copyright\b|©|\(c\)\s*\d{4}|all rights reserved)", re.IGNORECASE)
_WORDS = re.compile(r"^(\d[\d,.]*)\s+(?:words?|wörter|worte|mots)\b", re.IGNORECASE)
_FACTIVA_CODE = re.compile(r"^([A-Z]{2,3})(?:[ \t]+(.*))?$")
_FACTIVA_DOCUMENT = re.compile(r"^Document\s+[A-Za-z0-9]{16,40}$")
_INDEX_VALUE = re.compile(r"^[\w.]{1,12}\s+:\s+")  # "i814 : Banking", "usa : United States"
_TIME_ONLY = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s*(?:[AaPp]\.?[Mm]\.?))?(?:\s+[A-Z]{2,5})?$")
_WEEKDAY = re.compile(
    r",?\s*\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b,?", re.IGNORECASE
)
_WIRE_DASH = re.compile(r"^--\s+(\S.*)$")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_CJK_INDENT = re.compile(r"(?<=[。！？」』”）])[ \t]{2,}(?=\S)")
_DOC_TAG = re.compile(r"<(/?)doc\b([^<>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""([A-Za-z_][\w:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_TAG = re.compile(r"<[^<>]{0,200}>")
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|blockquote|section|article)\b[^<>]*>", re.IGNORECASE)
_P_TAG = re.compile(r"<p\b[^<>]*>", re.IGNORECASE)
_ID_DATE = re.compile(
    r"(?:^|[_\-.])((?:19|20)\d{6})(?=[_\-.]|$)|^[A-Z]{2,5}((?:[89]\d|[0-2]\d)[01]\d[0-3]\d)-"
)
_ID_SOURCE = re.compile(r"^([A-Z]{2,5})(?=[_\d])")


@cache
def _data() -> dict:
    path = resources.files(__package__ or "dateline.read").joinpath("data").joinpath("exports.json")
    return json.loads(path.read_text(encoding="utf-8"))


def _fold(label: str) -> str:
    return " ".join(label.replace("-", " ").split()).casefold()


@cache
def _nexis_labels() -> dict[str, tuple[str, str]]:
    """Folded label → (role: header | trailer | cover, the English label it stands for:
    German and French exports print "LÄNGE:", "RUBRIK:", "LANGUE:" …)."""
    nexis = _data()["nexis"]
    table: dict[str, tuple[str, str]] = {}
    for role in ("cover", "trailer", "header"):
        for label in nexis[role]:
            table[_fold(label)] = (role, _fold(label))
    for alias, label in nexis["aliases"].items():
        if alias != "_comment":
            table[_fold(alias)] = table[_fold(label)]
    return table


@cache
def _nexis_markers() -> tuple[frozenset[str], frozenset[str]]:
    nexis = _data()["nexis"]
    return (
        frozenset(m.casefold() for m in nexis["body_marker"]),
        frozenset(m.casefold() for m in nexis["end_markers"]),
    )


@cache
def _factiva_codes() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    f = _data()["factiva"]
    return frozenset(f["header"]), frozenset(f["body"]), frozenset(f["trailer"])


def _nexis_label(line: str, upper: bool = False) -> tuple[str, str, str] | None:
    """(role, folded label, value) of a Nexis label line, or None.  ``upper``: the
    label must be printed in capitals (LexisNexis classic prints ``LOAD-DATE:``, so a
    body line "Subject: …" is prose there)."""
    m = _LABEL.match(line)
    if not m or (upper and not m[1].isupper()):
        return None
    hit = _nexis_labels().get(_fold(m[1]))
    if hit is None:
        return None
    return hit[0], hit[1], m[2].strip()


# --- shared field readers -------------------------------------------------------------


def _stamp(text: str) -> tuple[datetime | None, datetime | None, str] | None:
    """(published, published_local, evidence) of a date text, or None.  A weekday between
    date and time ("November 21, 2023 Tuesday 6:00 AM GMT") is tolerated."""
    text = " ".join(text.split())
    if not text or len(text) > DATE_LINE_MAX_CHARS:
        return None
    for candidate in (text, _WEEKDAY.sub(" ", text)):
        line = parse_dateline(" ".join(candidate.split()))
        if line is not None and line.stamps:
            return published_from(line)
    return None


_ZONE_UNKNOWN = "zone unknown: published is the printed wall-clock time read as UTC"


def _in_zone(
    stamp: tuple[datetime | None, datetime | None, str], zone: str | None
) -> tuple[datetime | None, datetime | None, str]:
    """A zone-less timed stamp placed in the outlet's zone when it is known; others
    unchanged (a zone-less stamp keeps its wall-clock time, naive, as published_local)."""
    published, local, evidence = stamp
    zoneless = local is None or local.tzinfo is None
    if published is None or not zoneless or not zone or "no zone" not in evidence:
        return stamp
    wall = (local or published.replace(tzinfo=None)).replace(tzinfo=ZoneInfo(zone))
    head = evidence.split(", zone unknown")[0].split(", no zone: read as UTC")[0]
    return wall.astimezone(UTC), wall, f"{head}, no zone printed: {zone}, the outlet's zone"


def _source(name: str | None) -> str | None:
    """The outlet's canonical name when outlets.json knows it ("The Guardian (London)" →
    "The Guardian"), else the name as printed."""
    if not name:
        return None
    name = " ".join(name.split()).strip(" .;,")
    if not name:
        return None
    for form in (name, re.sub(r"\s*\([^()]*\)$", "", name)):
        hit = outlets.lookup(form)
        if hit is not None:
            return hit.name
    if re.fullmatch(r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+", name, re.IGNORECASE):  # "Guardian.com"
        hit = outlets.by_host(name.lower())
        if hit is not None:
            return hit.name
    return name


def _outlet_zone(name: str | None) -> str | None:
    hit = outlets.lookup(name) if name else None
    return hit.zone if hit else None


def _length(value: str | None) -> int | None:
    m = _WORDS.match(value.strip()) if value else None
    if not m:
        return None
    digits = re.sub(r"[^\d]", "", m[1])
    return int(digits) if digits else None


def _language(value: str | None) -> str | None:
    if not value:
        return None
    return _data()["languages"].get(value.strip().split()[0].casefold().strip(";,."))


def _section(value: str | None) -> str | None:
    """'WORLD NEWS; Version:2' → 'WORLD NEWS'; 'FEATURES; Pg. 6' → 'FEATURES'."""
    if not value:
        return None
    parts = [p.strip() for p in value.split(";")]
    keep = [
        p for p in parts if p and not re.match(r"^(?:pg\.?|page|p\.|version|edition)\b", p, re.IGNORECASE)
    ]
    return keep[0] if keep else None


_NAME_PARTICLES = frozenset(
    {"de", "da", "del", "van", "von", "der", "den", "bin", "al", "la", "le", "di", "du", "dos", "el"}
)


def _person(part: str) -> bool:
    words = part.split()
    return (
        0 < len(words) <= 5
        and any(c.isalpha() for c in part)
        and all(w.lower() in _NAME_PARTICLES or w[0].isupper() or not w[0].isalpha() for w in words)
        and not any(c.isdigit() for c in part)
    )


def _credit_name(words: Sequence[str], credits: frozenset[str]) -> str | None:
    """The credit these words name (an agency, outlet or desk credit), or None."""
    text = " ".join(words)
    outlet = outlets.lookup(text)
    if outlet is not None:
        return outlet.name
    return text if text.casefold() in credits else None


@cache
def _byline_words() -> tuple[frozenset[str], frozenset[str], tuple[str, ...], frozenset[str]]:
    by = _data()["byline"]
    return (
        frozenset(c.casefold() for c in by["credits"]),
        frozenset(w.casefold() for w in by["desk_words"]),
        tuple(sorted((r.casefold() for r in by["roles"]), key=len, reverse=True)),
        frozenset(m.casefold() for m in by["role_modifiers"]),
    )


_SPECIAL_TO = re.compile(r",?\s+special\s+to\s+(\S.*?)\.?$", re.IGNORECASE)


@cache
def _nobody() -> frozenset[str]:
    return frozenset(x.casefold() for x in _data()["byline"]["nobody"])


def parse_byline_credit(value: str) -> tuple[tuple[str, ...], str | None]:
    """(people, credit) of an export's byline: ``By Jane Doe and John Roe in Kyiv``,
    ``Jane Doe, Reuters``, ``ERIC TUCKER Associated Press``, ``Associated Press``.
    Agencies, outlets and desks go to the credit (canonical name when outlets.json knows
    them); role words ("Staff Writers", "Financial Correspondent") are dropped."""
    credits, desk, roles, modifiers = _byline_words()
    text = re.sub(r"^\s*(?:by|from)\s+", "", " ".join(value.split()), flags=re.IGNORECASE)
    people: list[str] = []
    credit: str | None = None
    special = _SPECIAL_TO.search(text)  # "JOHN HALLORAN Special to The Example Times."
    if special:
        credit = _source(special[1])
        text = text[: special.start()]
    parts = re.split(r"\s*(?:[,;|/]|\band\b|&|\s-\s|\s–\s|\s—\s)\s*", text, flags=re.IGNORECASE)
    for n, raw in enumerate(parts):
        part = re.sub(r"^(?:by|from)\s+", "", raw.strip(" .-–—()"), flags=re.IGNORECASE)
        part = re.sub(r"\s+(?:in|at|reporting from)\s+[A-Z][\w .'-]*$", "", part)
        words = part.split()
        if not words:
            continue
        key = part.casefold()
        if key in roles or key in _nobody():
            continue
        whole = _credit_name(words, credits)
        if whole is not None:
            credit = credit or whole
            continue
        role_tail = next((r for r in roles if key.endswith(" " + r)), None)
        rest = words[: -len(role_tail.split())] if role_tail else []
        named = bool(rest) and _person(" ".join(rest)) and not desk & {w.casefold() for w in rest}
        if desk & set(key.split()) and not named:  # "Our Foreign Staff", "Business Desk"
            credit = credit or part  # (not "Laura Finch Staff Writer": a name and a role)
            continue
        # An agency glued after the name: "ERIC TUCKER Associated Press".  A one-word
        # tail only when it is a wire agency after a full name ("Jonathan Hill" is not
        # "The Hill").
        for k in range(min(4, len(words) - 2), 0, -1):
            tail = _credit_name(words[-k:], credits)
            if tail is not None and k == 1 and not outlets.is_agency(words[-1]):
                tail = None
            if tail is not None:
                credit = credit or tail
                words = words[:-k]
                break
        role = next((r for r in roles if " ".join(words).casefold().endswith(" " + r)), None)
        if role is not None:
            if n > 0:  # ", Local Government Correspondent": a description, not a name
                continue
            words = words[: -len(role.split())]  # "Jane Doe Political Editor"
            while len(words) > 2 and words[-1].casefold() in modifiers:  # "… Financial"
                words = words[:-1]
        part = " ".join(words)
        if _person(part):
            people.append(part)
    return tuple(dict.fromkeys(people)), credit


# --- the article made from a chunk ----------------------------------------------------


@dataclass
class _Fields:
    title: str | None = None
    body: list[str] = field(default_factory=list)  # paragraphs
    stamp: tuple[datetime | None, datetime | None, str] | None = None
    source: str | None = None
    authors: tuple[str, ...] = ()
    credit: str | None = None
    section: str | None = None
    length: int | None = None
    language: str | None = None
    url: str | None = None
    notes: list[str] = field(default_factory=list)

    def article(self, origin: str, layout: str) -> Article:
        # A headline with its metadata and no text (a record without full text, a
        # graphic-only page): a record that is stored but not analysed.
        metadata_only = not self.body and bool(self.title) and bool(self.stamp or self.source)
        if not self.body and not metadata_only:
            raise ParseError(f"{layout} article with no body text", path=origin)
        published, local, evidence = self.stamp or (None, None, None)
        w = (
            find_wire_dateline(self.body[0]) if self.body else None
        )  # "LONDON, Nov 21 (Reuters) -" stays in the body
        wire = Wire(place=w.place, agency=w.agency, span=(w.start, w.end)) if w else None
        return Article(
            title=self.title or None,
            body="\n\n".join(self.body),
            published=published,
            published_local=local,
            published_evidence=f"{layout} export: {evidence}" if evidence else None,
            source=self.source or self.credit or (wire.agency if wire else None),
            authors=self.authors,
            url=self.url,
            wire=wire,
            language=self.language,
            notes=tuple(self.notes),
            origin=origin,
            format="text",
            section=self.section,
            length=self.length,
            credit=self.credit,
            skip_reason=NO_TEXT if metadata_only else None,
        )


def _byline_into(f: _Fields, value: str | None) -> None:
    if value:
        people, credit = parse_byline_credit(value)
        f.authors = f.authors or people
        f.credit = f.credit or credit


def _blocks(lines: Sequence[str]) -> list[list[int]]:
    """Indexes of the non-blank lines, grouped into blocks between blank lines."""
    out: list[list[int]] = []
    cur: list[int] = []
    for i, line in enumerate(lines):
        if line:
            cur.append(i)
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


# --- Nexis ----------------------------------------------------------------------------


def _split_at(lines: Sequence[str], separator: re.Pattern[str]) -> list[list[str]]:
    """The lines between separator lines (the separators left out)."""
    chunks: list[list[str]] = [[]]
    for line in lines:
        if separator.match(line):
            chunks.append([])
        else:
            chunks[-1].append(line)
    return chunks


def _nexis_chunks(lines: list[str], layout: str) -> list[list[str]]:
    chunks = _split_at(lines, _END_OF_DOCUMENT if layout == "nexis" else _NEXIS_CLASSIC_SEP)
    # A chunk without an article's header label (Length:, Byline:, Section: …) is a
    # cover page or trailing matter, not an article.
    return [c for c in chunks if any((lab := _nexis_label(ln)) and lab[0] == "header" for ln in c)]


def _nexis_article(lines: list[str], layout: str) -> _Fields:
    body_markers, end_markers = _nexis_markers()
    classic = layout == "nexis-classic"

    def label(line: str) -> tuple[str, str, str] | None:
        return _nexis_label(line, upper=classic) if line else None

    f = _Fields()
    n = len(lines)
    # The first article of a file carries the cover page: start after its long rule.
    start = 0
    for i, line in enumerate(lines):
        if _LONG_RULE.match(line):
            start = i + 1
        elif (lab := label(line)) is not None and lab[0] == "header":
            break
    first_label = next((i for i in range(start, n) if (lab := label(lines[i])) and lab[0] == "header"), None)

    # "Body" stands right after the label block (Nexis Uni; "BODY:" in old classic files).
    def is_body_marker(line: str) -> bool:
        return line.rstrip(":").casefold() in body_markers and (not classic or line.isupper())

    window = range(first_label if first_label is not None else start, n)
    body_line = next((i for i in window[:NEXIS_BODY_WINDOW] if is_body_marker(lines[i])), None)
    header_end = min(x for x in (first_label, body_line, n) if x is not None)

    # Label block: from the first header label to "Body" (or to the first line that is
    # neither a label nor a label's continuation).
    labels: dict[str, str] = {}
    body_start = header_end
    if first_label is not None and (body_line is None or first_label < body_line):
        key: str | None = None
        stop = body_line if body_line is not None else n
        i = first_label
        while i < stop:
            line = lines[i]
            lab = label(line)
            if lab is not None and lab[0] == "header":
                key = lab[1]
                labels[key] = lab[2]
            elif not line:
                if body_line is None:
                    key = None  # without a "Body" line, a blank line ends a label's value
            elif key is not None:
                labels[key] = f"{labels[key]} {line}".strip()
            elif body_line is None:
                break  # the first line that is neither a label nor its value: the body
            i += 1
        body_start = i
    if body_line is not None:
        body_start = body_line + 1
    # The body ends at the first end marker ("Classification", "End of Document"), or,
    # in an article without one, at the first trailer label (Load-Date:, Language: …).
    ends = [i for i in range(body_start, n) if lines[i].casefold() in end_markers]
    body_end = ends[0] if ends else n
    if not ends:
        body_end = next(
            (i for i in range(body_start, n) if (lab := label(lines[i])) and lab[0] == "trailer"), n
        )
    for i in range(body_end, n):  # trailer labels: language
        lab = label(lines[i])
        if lab and lab[1] == "language":
            f.language = _language(lab[2])

    _nexis_header(lines[start:header_end], f, classic=classic)
    if labels.get("headline") or labels.get("head"):  # older files label the headline
        f.title = labels.get("headline") or labels.get("head")
    f.body = split_paragraphs(lines[body_start:body_end])
    _byline_into(f, labels.get("byline"))
    f.section = _section(labels.get("section"))
    f.length = _length(labels.get("length"))
    f.source = _source(f.source)
    return f


def _is_header_noise(line: str) -> bool:
    lab = _nexis_label(line)
    return bool(
        _COPYRIGHT.match(line)
        or _NEXIS_CLASSIC_SEP.match(line)
        or _RULE.match(line)
        or (lab is not None and lab[0] == "cover")
        or (re.match(r"^\d{1,4}\.\s", line) is not None and _stamp(line) is None)  # a cover's list of titles
    )


def _nexis_header(lines: Sequence[str], f: _Fields, classic: bool) -> None:
    """Title, publication and date line from the lines above the labels.

    Nexis Uni: title, publication, date line [, edition], copyright.  Classic:
    publication, date line [, edition lines], title.  The date line is the anchor and
    the lines around it decide the order (``classic`` only breaks a tie): the publication
    is the line above the date; the title is the block above the publication when two
    lines stand above the date (Uni), else the last block below the date's own (classic)."""
    kept = [ln if ln and not _is_header_noise(ln) else "" for ln in lines]
    blocks = _blocks(kept)
    nonblank = [i for b in blocks for i in b]
    date_at = None
    for i in nonblank:
        f.stamp = _stamp(kept[i])
        if f.stamp is not None:
            date_at = i
            break
    if date_at is None:
        if nonblank:
            f.title = kept[nonblank[0]]
            if len(nonblank) > 1:
                f.source = kept[nonblank[1]]
        return
    above = [i for i in nonblank if i < date_at]
    date_block = next(b for b in blocks if date_at in b)
    below = [b for b in blocks if b[0] > date_block[-1]]
    if above:
        f.source = kept[above[-1]]
    uni_order = len(above) >= 2
    if below and (classic or not uni_order):
        f.title = join_lines([kept[i] for i in below[-1]])
        return
    if not uni_order:
        return
    pub_block = next(b for b in blocks if above[-1] in b)
    if pub_block[0] == above[-1]:  # the publication stands alone: the title is the block above
        prev = [b for b in blocks if b[-1] < pub_block[0]]
        if prev:
            f.title = join_lines([kept[i] for i in prev[-1]])
    else:  # single-newline header: the line above the publication
        f.title = kept[above[-2]]


# --- Factiva --------------------------------------------------------------------------


def _factiva_code(line: str, in_body: bool) -> tuple[str, str] | None:
    m = _FACTIVA_CODE.match(line)
    if not m:
        return None
    header, body, trailer = _factiva_codes()
    code, value = m[1], (m[2] or "").strip()
    if not in_body:
        return (code, value) if code in header or code in body or code in trailer else None
    # Inside the text only the codes that close it count, and only in their own shape:
    # alone on the line, an indexing value ("i814 : Banking"), or the accession number.
    if code == "TD" or (code in trailer and (not value or _INDEX_VALUE.match(value))):
        return code, value
    if code == "AN" and value.startswith("Document"):
        return code, value
    if code == "PUB" and value:
        return code, value
    return None


def _opens_factiva_article(lines: Sequence[str], i: int) -> bool:
    """An HD line inside a text opens the next article when header codes follow it
    (an article without indexing codes or AN runs straight into the next one)."""
    header = _factiva_codes()[0] - {"HD", "SE"}
    window = [ln for ln in lines[i + 1 : i + 1 + FACTIVA_HD_LOOKAHEAD] if ln]
    found = {hit[0] for ln in window if (hit := _factiva_code(ln, False)) and hit[0] in header}
    return len(found) >= 2


def _factiva_chunks(lines: list[str]) -> list[list[str]]:
    """An article starts at an HD (or SE before it) code line outside any text, once the
    current chunk has its HD; the AN accession number closes the one before."""
    trailer = _factiva_codes()[2]
    chunks: list[list[str]] = [[]]
    has_hd = in_body = False
    for i, line in enumerate(lines):
        hit = _factiva_code(line, in_body) if line else None
        if hit is None and in_body and line.startswith("HD") and _opens_factiva_article(lines, i):
            hit, in_body = ("HD", ""), False
        code = hit[0] if hit else None
        if code in ("HD", "SE") and has_hd:
            chunks.append([])
            has_hd = False
        chunks[-1].append(line)
        if code == "HD":
            has_hd = True
        elif code in ("LP", "TD"):
            in_body = True
        elif code in trailer:
            in_body = False
    return [c for c in chunks if any(ln.startswith("HD") and _factiva_code(ln, False) for ln in c)]


def _factiva_article(lines: list[str]) -> _Fields:
    fields: dict[str, list[str]] = {}
    code: str | None = None
    in_body = False
    for line in lines:
        hit = _factiva_code(line, in_body) if line else None
        if hit:
            code = hit[0]
            if code in fields and code in ("LP", "TD"):
                fields[code].append("")
            fields.setdefault(code, [])
            if hit[1]:
                fields[code].append(hit[1])
            if code in ("LP", "TD"):
                in_body = True
            elif in_body and code in _factiva_codes()[2]:
                in_body = False
        elif code is not None:
            fields[code].append(line)
    f = _Fields()

    def value(c: str) -> str | None:
        got = " ".join(" ".join(ln for ln in fields.get(c, []) if ln).split())
        return got or None

    f.title = join_lines([ln for ln in fields.get("HD", []) if ln]) or None
    f.source = _source(value("SN"))
    f.section = value("SE")
    f.length = _length(value("WC"))
    f.language = _language(value("LA"))
    credit = value("CR")
    if credit:
        f.credit = parse_byline_credit(credit)[1] or credit
    _byline_into(f, value("BY"))
    when = " ".join(x for x in (value("PD"), value("ET")) if x)
    if when:
        f.stamp = _stamp(when)
    body = fields.get("LP", []) + [""] + fields.get("TD", [])
    f.body = split_paragraphs(body)
    return f


def _factiva_article_chunks(lines: list[str]) -> list[list[str]]:
    return [c for c in _split_at(lines, _FACTIVA_DOCUMENT) if _factiva_wc_at(c) is not None]


def _factiva_wc_at(lines: Sequence[str]) -> int | None:
    nonblank = [i for i, ln in enumerate(lines) if ln]
    for i in nonblank[:FACTIVA_WC_WINDOW]:
        if _WORDS.match(lines[i]) and len(lines[i].split()) <= 3:
            return i
    return None


def _bylineish(line: str) -> bool:
    """A byline line: "By …", or a few words that are all people or a credit."""
    if line.lower().startswith("by "):
        return True
    if len(line.split()) > FACTIVA_BYLINE_MAX_WORDS or ends_sentence(line):
        return False
    people, credit = parse_byline_credit(line)
    return bool(people or credit)


def _factiva_plain_article(lines: list[str]) -> _Fields:
    """Header lines by position around the ``N words`` line: [section] title [byline] |
    N words | date | [time] | source | [source code, edition, page] | language |
    [copyright]; then the text."""
    f = _Fields()
    wc = _factiva_wc_at(lines)
    assert wc is not None  # chunks are chosen by it
    above = [ln for ln in lines[:wc] if ln]
    # [section] title [byline]: two lines are title + byline when the second reads as
    # one and is the shorter (a section name is shorter than the headline under it).
    if len(above) >= 3 or (len(above) == 2 and _bylineish(above[-1]) and len(above[-1]) < len(above[-2])):
        _byline_into(f, above.pop())
    if above:
        f.title = above.pop()
    if above:
        f.section = above[-1]
    f.length = _length(lines[wc])
    rest = [i for i in range(wc + 1, len(lines)) if lines[i]]
    pos = 0
    date_text = ""
    if pos < len(rest) and _stamp(lines[rest[pos]]):
        date_text = lines[rest[pos]]
        pos += 1
        if pos < len(rest) and _TIME_ONLY.match(lines[rest[pos]]):
            date_text += " " + lines[rest[pos]]
            pos += 1
    f.stamp = _stamp(date_text) if date_text else None
    if pos < len(rest):
        f.source = _source(lines[rest[pos]])
        pos += 1
    # source code, edition, page … up to the language line, then the copyright line
    for k in range(pos, min(pos + 4, len(rest))):
        lang = _language(lines[rest[k]]) if len(lines[rest[k]].split()) == 1 else None
        if lang:
            f.language = lang
            pos = k + 1
            break
    if pos < len(rest) and _COPYRIGHT.match(lines[rest[pos]]):
        pos += 1
    body_from = rest[pos] if pos < len(rest) else len(lines)
    f.body = split_paragraphs(lines[body_from:])
    return f


# --- Nexis results lists (headlines and metadata, no text) ----------------------------

_NUMBERED_TITLE = re.compile(r"^\d{1,4}\.\s+(?=\S)")


def _nexis_list_chunks(lines: Sequence[str]) -> list[list[str]] | None:
    """The entries of a Nexis results list — '1. Headline', publication, date line,
    'Section:' / 'Length:' / 'Byline:' labels, no text — cut at blank lines and at
    numbered headlines; None unless every block after the cover is such an entry."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if not line or (_NUMBERED_TITLE.match(line) and blocks[-1]):
            blocks.append([])
        if line:
            blocks[-1].append(line)
    blocks = [b for b in blocks if b]
    out: list[list[str]] = []
    for block in blocks:
        if _nexis_list_entry(block):
            out.append(block)
        elif out:
            return None  # text or something else between entries: not a results list
    return out or None


def _nexis_list_entry(block: Sequence[str]) -> bool:
    """Headline, [publication], date line, then only Nexis label lines (and their
    continuations), one of them an article header label."""
    if len(block) < 3 or _nexis_label(block[0]) or _stamp(block[0]):
        return False
    date_at = next((k for k in (1, 2) if k < len(block) and _stamp(block[k])), None)
    if date_at is None:
        return False
    labels = [_nexis_label(ln) for ln in block[date_at + 1 :]]
    if not labels or labels[0] is None or not any(lab and lab[0] == "header" for lab in labels):
        return False
    return all(
        lab is not None or not ends_sentence(ln) for lab, ln in zip(labels, block[date_at + 1 :], strict=True)
    )


def _nexis_list_article(block: list[str]) -> _Fields:
    f = _Fields()
    f.title = _NUMBERED_TITLE.sub("", block[0])
    date_at = 1 if _stamp(block[1]) else 2
    f.stamp = _stamp(block[date_at])
    f.source = _source(block[1]) if date_at == 2 else None
    labels: dict[str, str] = {}
    key = None
    for line in block[date_at + 1 :]:
        lab = _nexis_label(line)
        if lab is not None:
            key = lab[1]
            labels[key] = lab[2]
        elif key is not None:
            labels[key] = f"{labels[key]} {line}"
    _byline_into(f, labels.get("byline"))
    f.section = _section(labels.get("section"))
    f.length = _length(labels.get("length"))
    f.language = _language(labels.get("language"))
    return f


# --- ProQuest -------------------------------------------------------------------------


@cache
def _proquest_data() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """(folded label → label, core labels, furniture lines), folded."""
    pq = _data()["proquest"]
    labels = {_fold(lab): lab for lab in pq["labels"]}
    return labels, frozenset(_fold(c) for c in pq["core"]), frozenset(_fold(x) for x in pq["furniture_lines"])


def _proquest_label(line: str) -> tuple[str, str] | None:
    """(folded label, value) of a ProQuest field line, or None."""
    m = _LABEL.match(line) if ":" in line[:40] else None
    if not m:
        return None
    key = _fold(m[1])
    return (key, m[2].strip()) if key in _proquest_data()[0] else None


def _proquest_core_kinds(lines: Sequence[str]) -> set[str]:
    core = _proquest_data()[1]
    return {lab[0] for ln in lines if ln and (lab := _proquest_label(ln)) and lab[0] in core}


def _proquest_chunks(lines: list[str]) -> list[list[str]]:
    """The records between underscore rules that hold ProQuest fields (the report's
    cover, its table of contents and the closing 'Contact ProQuest' are none)."""
    chunks = _split_at(lines, _LONG_RULE) if any(_LONG_RULE.match(ln) for ln in lines if ln) else [lines]
    return [c for c in chunks if len(_proquest_core_kinds(c)) >= PROQUEST_MIN_RECORD_FIELDS]


_SURNAME_FIRST = re.compile(
    r"^([^\W\d_][\w'’.-]*(?:\s+[\w'’.-]+){0,2}),\s+([^\W\d_][\w'’.-]*(?:\s+[\w'’.-]+){0,3})$"
)


def _proquest_authors(value: str | None) -> tuple[tuple[str, ...], str | None]:
    """People of an 'Author:' field: 'Marlow, Jane; Chen, Maria' (surname first, as
    ProQuest indexes them) or the paper's own byline ('By Laura Finch Staff Writer')."""
    if not value:
        return (), None
    credits = _byline_words()[0]
    parts = [p.strip() for p in value.split(";") if p.strip()]
    people: list[str] = []
    credit: str | None = None
    for part in parts:
        m = _SURNAME_FIRST.match(part)
        if (
            m
            and not part.lower().startswith("by ")
            and _credit_name(m[2].split(), credits) is None
            and _person(f"{m[2]} {m[1]}")
        ):
            people.append(f"{m[2]} {m[1]}")
            continue
        got, cred = parse_byline_credit(part)
        people.extend(got)
        credit = credit or cred
    return tuple(dict.fromkeys(people)), credit


def _proquest_article(lines: list[str]) -> _Fields:
    """Headline, then 'Label: value' fields; the text is the 'Full text:' value, up to
    the next field label."""
    labels, _core, furniture = _proquest_data()
    body_key = _fold(_data()["proquest"]["body"])
    f = _Fields()
    values: dict[str, list[str]] = {}
    heading: list[str] = []
    key: str | None = None
    for line in lines:
        if line and (_fold(line) in furniture or re.fullmatch(r"Document \d+ of \d+", line)):
            continue
        lab = _proquest_label(line) if line else None
        if lab is not None:  # every field label ends the text before it
            key = lab[0]
            values.setdefault(key, [])
            if values[key]:
                values[key].append("")  # a field printed twice (Author:): its values apart
            if lab[1]:
                values[key].append(lab[1])
        elif key is None:
            if line:
                heading.append(line)
        elif key == body_key or key == _fold("Abstract") or line:
            values[key].append(line)

    def value(label: str) -> str | None:
        got = " ".join(" ".join(ln for ln in values.get(_fold(label), []) if ln).split())
        return got or None

    def first(label: str) -> str | None:  # a field printed twice: its first value
        got = values.get(_fold(label), [])
        head = got[: got.index("")] if "" in got else got
        return " ".join(" ".join(head).split()) or None

    f.title = join_lines(heading) if heading else first("Title")
    publication = first("Publication title")
    # "Example Times (1923-Current file); New York, N.Y.": the paper's name
    f.source = (
        _source(re.sub(r"\s*\([^()]*\)$", "", publication.split(";")[0].strip())) if publication else None
    )
    when = first("Publication date")
    f.stamp = _stamp(when) if when else None
    f.authors, f.credit = _proquest_authors(first("Author"))
    if not f.authors and value("Credit"):
        people, credit = parse_byline_credit(value("Credit") or "")
        f.authors, f.credit = people, f.credit or credit
    f.section = first("Section")
    f.language = _language(first("Language of publication"))
    url = first("Document URL")
    f.url = url if url and _URL.match(url) else None
    f.body = split_paragraphs(values.get(body_key, []))
    return f


# --- <doc> records and TREC / Gigaword SGML ---------------------------------------------


def _doc_spans(text: str) -> list[tuple[str, int, int]]:
    """(attributes, inner start, inner end) of each <doc …>…</doc> record, in order."""
    spans: list[tuple[str, int, int]] = []
    open_at: tuple[str, int] | None = None
    for m in _DOC_TAG.finditer(text):
        if m[1]:  # </doc>
            if open_at is not None:
                spans.append((open_at[0], open_at[1], m.start()))
                open_at = None
        else:
            if open_at is not None:  # unclosed record: it ends where the next begins
                spans.append((open_at[0], open_at[1], m.start()))
            open_at = (m[2], m.end())
    if open_at is not None:
        spans.append((open_at[0], open_at[1], len(text)))
    return spans


def _attrs(text: str) -> dict[str, str]:
    return {
        m[1].lower(): html.unescape(next(g for g in (m[2], m[3], m[4]) if g is not None)).strip()
        for m in _ATTR.finditer(text)
    }


def _children(inner: str) -> dict[str, str]:
    """The first <tag>…</tag> of each element directly in a record, by lower-case name
    (found with str.find on a lower-cased copy: linear, no backtracking)."""
    lower = inner.lower()
    out: dict[str, str] = {}
    pos = 0
    while True:
        lt = lower.find("<", pos)
        if lt < 0:
            break
        m = re.match(r"<([a-z_][\w-]{0,30})\b[^<>]*>", lower[lt : lt + 240])
        if not m:
            pos = lt + 1
            continue
        name = m[1]
        close = lower.find(f"</{name}>", lt + m.end())
        if close < 0:
            pos = lt + m.end()
            continue
        out.setdefault(name, inner[lt + m.end() : close])
        pos = close + len(name) + 3
    return out


def _strip_tags(text: str) -> str:
    """Text without its tags; block tags (<p>, <br>, <div> …) end a line."""
    return html.unescape(_TAG.sub(" ", _BLOCK_TAG.sub("\n", text)))


def _indented_lines(text: str) -> list[str]:
    """Stripped lines, with a blank line before each indented one when indentation (not
    blank lines) marks the paragraphs: some lines indented, others not."""
    raw = text.split("\n")
    nonblank = [ln for ln in raw if ln.strip()]
    indented = sum(ln[:1] in " \t" for ln in nonblank)
    if not (INDENT_MIN_PARAGRAPHS <= indented < len(nonblank)):
        return [ln.strip() for ln in raw]
    out: list[str] = []
    for ln in raw:
        if ln[:1] in " \t" and ln.strip():
            out.append("")
        out.append(ln.strip())
    return out


def _sgml_paragraphs(text: str) -> list[str]:
    if _P_TAG.search(text):
        parts = _P_TAG.split(text)
        paras = [join_lines(_strip_tags(p).split("\n")) for p in parts]
        return [p for p in paras if p]
    return split_paragraphs(_indented_lines(_strip_tags(text)))


def _id_fields(doc_id: str | None) -> tuple[str | None, tuple[datetime | None, datetime | None, str] | None]:
    """Source and date from a Gigaword / TREC document id (AFP_ENG_20231121.0001)."""
    if not doc_id:
        return None, None
    doc_id = doc_id.strip()
    source = None
    m = _ID_SOURCE.match(doc_id)
    if m:
        name = _data()["gigaword_sources"].get(m[1])
        source = _source(name) if name else None
    stamp = None
    d = _ID_DATE.search(doc_id)
    if d:
        digits = d[1] or d[2]
        if len(digits) == 6:  # AP880212: a two-digit year
            digits = ("19" if digits[0] in "89" else "20") + digits
        try:
            day = datetime.strptime(digits, "%Y%m%d").replace(tzinfo=UTC)
            stamp = (day, None, "document id: date only")
        except ValueError:
            stamp = None
    return source, stamp


def _timed(value: str | None, zone: str | None) -> tuple[datetime | None, datetime | None, str] | None:
    """A metadata time (ISO or printed) → stamp, a zone-less time in the outlet's zone."""
    if not value:
        return None
    value = value.strip()
    try:
        dt = datetime.fromisoformat(value[:-1] + "+00:00" if value.endswith("Z") else value)
    except ValueError:
        dt = None
    if dt is not None:
        if dt.tzinfo is not None:
            return dt.astimezone(UTC), dt, "ISO 8601 timestamp"
        if len(value) <= 10:
            return dt.replace(tzinfo=UTC), None, "date only"
        return _in_zone((dt.replace(tzinfo=UTC), dt, f"1 stamp (no zone), {_ZONE_UNKNOWN}"), zone)
    got = _stamp(value)
    return _in_zone(got, zone) if got else None


def _trec_article(attrs: dict[str, str], inner: str) -> _Fields:
    kids = _children(inner)
    f = _Fields()
    doc_id = attrs.get("id") or _strip_tags(kids.get("docno", "")).strip() or None
    id_source, id_stamp = _id_fields(doc_id)
    headline = kids.get("headline") or kids.get("head") or kids.get("hl") or kids.get("title")
    f.title = join_lines(_strip_tags(headline).split("\n")) if headline else None
    f.source = id_source
    when = kids.get("date_time") or kids.get("date") or kids.get("pubdate")
    f.stamp = _timed(_strip_tags(when).strip(), _outlet_zone(f.source)) if when else None
    f.stamp = f.stamp or id_stamp
    byline = kids.get("byline") or kids.get("author")
    if byline:
        _byline_into(f, _strip_tags(byline))
    f.body = _sgml_paragraphs(kids.get("text", ""))
    kind = attrs.get("type", "story").lower()
    if kind != "story":  # Gigaword marks advisories and lists: "advis", "multi", "other"
        f.notes.append(f"document type: {kind}")
    return f


def _doc_article(attrs: dict[str, str], inner: str, origin: str) -> Article:
    """A <doc> record: metadata from its attributes (or <contenttitle>-style children),
    the inner text read as a text dump under the record's title."""
    kids = _children(inner)
    title = attrs.get("title") or _strip_tags(kids.get("contenttitle", kids.get("title", ""))).strip() or None
    url = attrs.get("url") or _strip_tags(kids.get("url", "")).strip() or None
    content = kids.get("content")
    text = _strip_tags(content) if content is not None else _strip_tags(inner)
    # Portal crawls keep a paragraph's indent (two ideographic spaces, folded to spaces by
    # the decoder) and put a whole article on one line: an indent after a sentence end
    # starts a paragraph.
    text = _CJK_INDENT.sub("\n", text)
    lines = _indented_lines(text)
    nonblank = [ln for ln in lines if ln]
    if title and nonblank and " ".join(nonblank[0].split()) == " ".join(title.split()):
        lines = lines[lines.index(nonblank[0]) + 1 :]  # WikiExtractor repeats the title
    host_outlet = outlets.by_host(urlsplit(url).hostname) if url and "//" in url else None
    source = _source(attrs.get("source") or attrs.get("site")) or (host_outlet.name if host_outlet else None)
    zone = _outlet_zone(source) or (host_outlet.zone if host_outlet else None)
    when = attrs.get("date") or attrs.get("time") or attrs.get("published") or attrs.get("pubdate")
    stamp = _timed(when, zone)
    people = parse_byline_credit(attrs["author"])[0] if attrs.get("author") else ()
    dump = "\n".join([title or "", "", *lines]) if title else "\n".join(lines)
    art = read_text_or_metadata(dump, origin=origin)
    if stamp is None and art.published is not None:
        # a zone-less stamp in the text: the outlet's zone when it is known
        stamp0 = (art.published, art.published_local, art.published_evidence or "")
        moved = _in_zone(stamp0, zone)
        if moved is not stamp0:
            art = replace(art, published=moved[0], published_local=moved[1], published_evidence=moved[2])
    return replace(
        art,
        title=title or art.title,
        url=url or art.url,
        source=source or art.source,
        authors=people or art.authors,
        published=stamp[0] if stamp else art.published,
        published_local=stamp[1] if stamp else art.published_local,
        published_evidence=f"doc-records export: {stamp[2]}" if stamp else art.published_evidence,
    )


# --- concatenated text dumps ----------------------------------------------------------


def _article_like(lines: Sequence[str], *, stamp_needed: bool = False) -> bool:
    """A headline with a stamp (or byline) right under it, and a body of some length."""
    nonblank = [ln for ln in lines if ln]
    if sum(len(ln.split()) for ln in nonblank) < MIN_ARTICLE_WORDS or len(nonblank) < 2:
        return False
    for line in nonblank[1 : 1 + ARTICLE_HEADER_LINES]:
        dl = parse_dateline(line)
        if dl is not None and dl.stamps:
            return True
        if not stamp_needed and parse_byline(line):
            return True
    return False


def _stamp_place(lines: Sequence[str]) -> int | None:
    """Which non-blank line under the headline holds the stamp, in an article-like chunk."""
    if not _article_like(lines, stamp_needed=True):
        return None
    nonblank = [ln for ln in lines if ln]
    for k, line in enumerate(nonblank[1 : 1 + ARTICLE_HEADER_LINES], 1):
        dl = parse_dateline(line)
        if dl is not None and dl.stamps:
            return k
    return None


def _rule_cuts(lines: Sequence[str], limit: int | None = None) -> list[int]:
    """The rule lines with an article right after them (at most ``limit`` of them)."""
    rules = [i for i, ln in enumerate(lines) if ln and ln[0] in "-=_~#*" and _RULE.match(ln)]
    cuts: list[int] = []
    edges = [*rules, len(lines)]
    for k in range(len(rules)):
        if _article_like(lines[edges[k] + 1 : edges[k + 1]]):
            cuts.append(edges[k])
            if limit is not None and len(cuts) >= limit:
                break
    return cuts


def _rule_chunks(lines: list[str], cuts: list[int] | None = None) -> list[list[str]] | None:
    """Chunks at the rule lines that stand between two articles, or None when there is
    not the evidence: two boundaries, or one with a stamped article on each side."""
    cuts = _rule_cuts(lines) if cuts is None else cuts
    if not cuts:
        return None
    chunks: list[list[str]] = []
    prev = -1
    for cut in [*cuts, len(lines)]:
        chunks.append(lines[prev + 1 : cut])
        prev = cut
    if not _article_like(chunks[0]):
        if sum(len(ln.split()) for ln in chunks[0]) < MIN_ARTICLE_WORDS:
            chunks = chunks[1:]  # a title page or cover before the first article
        elif len(cuts) < 2:
            return None
    if len(chunks) < 2:
        return None
    if len(cuts) == 1:
        # One boundary is little evidence: both sides must be stamped articles of the
        # same header shape (a concatenated file repeats one layout; a "Related" box
        # after a rule does not look like the article above it).
        places = {_stamp_place(c) for c in chunks}
        if None in places or len(places) != 1:
            return None
    # Rule lines inside an article (section breaks) are not text.
    return [[ln for ln in c if not _RULE.match(ln)] for c in chunks]


def _opens_story(value: str) -> bool:
    """A '-- ' header value that only a story header holds: URL, byline or stamp."""
    if _URL.match(value):
        return True
    if value[:3].lower() == "by " and parse_byline(value):
        return True
    if any(c.isdigit() for c in value):
        dl = parse_dateline(value)
        return dl is not None and bool(dl.stamps)
    return False


def _wire_runs(lines: Sequence[str], limit: int | None = None) -> list[int]:
    """Starts of the runs of '-- ' header lines that open a wire story (at most
    ``limit`` of them)."""
    starts: list[int] = []
    i, n = 0, len(lines)
    while i < n:
        if lines[i].startswith("--") and _WIRE_DASH.match(lines[i]):
            j = i
            while j < n and _WIRE_DASH.match(lines[j]):
                j += 1
            run = [_WIRE_DASH.match(lines[k])[1] for k in range(i, j)]  # type: ignore[index]
            if j - i >= WIRE_DASH_MIN_RUN and any(_opens_story(x) for x in run[1:]):
                starts.append(i)
                if limit is not None and len(starts) >= limit:
                    break
            i = j
        else:
            i += 1
    return starts


def _wire_dash_article(lines: list[str], origin: str) -> Article:
    url = None
    header: list[str] = []
    i = 0
    while i < len(lines) and (m := _WIRE_DASH.match(lines[i])):
        value = m[1].strip()
        if _URL.match(value):
            url = url or value
        else:
            header.append(value)
        i += 1
    art = read_text_or_metadata("\n".join([*header, "", *lines[i:]]), origin=origin)
    return replace(art, url=url or art.url)


# --- detection and reading ------------------------------------------------------------


@dataclass(frozen=True)
class _Evidence:
    end_of_document: int = 0
    classic_separators: int = 0
    nexis_label_kinds: frozenset[str] = frozenset()
    body_markers: int = 0
    factiva_hd: int = 0
    factiva_codes: int = 0
    factiva_documents: int = 0
    wire_dash_lines: int = 0
    rule_lines: int = 0


def _evidence(lines: Sequence[str]) -> _Evidence:
    eod = classic = hd = docs = dash = rules = body = 0
    body_markers = _nexis_markers()[0]
    kinds: set[str] = set()
    codes: set[str] = set()
    for line in lines:
        if not line:
            continue
        c = line[0]
        if c == "E" or c == "e":
            eod += bool(_END_OF_DOCUMENT.match(line))
        if c.isdigit() or c == "D":
            classic += bool(_NEXIS_CLASSIC_SEP.match(line))
        if c == "D":
            docs += bool(_FACTIVA_DOCUMENT.match(line))
        if c == "-":
            dash += line.startswith("-- ")
        if c in "-=_~#*":
            rules += bool(_RULE.match(line))
        if len(line) <= 4 and line.casefold() in body_markers:
            body += 1
        if ":" in line[:32]:
            lab = _nexis_label(line)
            if lab and lab[0] != "cover":
                kinds.add(lab[1])
        if c.isupper() and (len(line) < 4 or line[2] in " \t" or line[3:4] in (" ", "\t", "")):
            code = _factiva_code(line, False)
            if code:
                codes.add(code[0])
                hd += code[0] == "HD"
    return _Evidence(
        end_of_document=eod,
        classic_separators=classic,
        nexis_label_kinds=frozenset(kinds),
        body_markers=body,
        factiva_hd=hd,
        factiva_codes=len(codes - {"HD"}),
        factiva_documents=docs,
        wire_dash_lines=dash,
        rule_lines=rules,
    )


@cache
def _page_furniture() -> re.Pattern[str]:
    patterns = _data()["page_furniture"]["patterns"]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _lines(text: str) -> list[str]:
    """The stripped lines, without the page headers and footers exports leave in them."""
    furniture = _page_furniture()
    return [ln for ln in (raw.strip() for raw in text.split("\n")) if not (ln and furniture.fullmatch(ln))]


def detect(text: str) -> str | None:
    """The export layout of a (normalized) text, or None for an ordinary text dump."""
    head = text.lstrip()[:400].lower()
    if head.startswith("<?xml"):  # an XML declaration before the records
        head = head[head.find("?>") + 2 :].lstrip() if "?>" in head else head
    if head.startswith("<doc"):
        spans = _doc_spans(text)
        if spans:
            first = text[spans[0][1] : spans[0][2]].lower()
            return "trec" if ("<text" in first or "<headline" in first) else "doc-records"
    lines = _lines(text)
    ev = _evidence(lines)
    if len(_proquest_core_kinds(lines)) >= PROQUEST_MIN_FILE_FIELDS and _proquest_chunks(lines):
        return "proquest"
    if ev.factiva_hd >= 1 and ev.factiva_codes >= FACTIVA_MIN_CODES:
        return "factiva"
    kinds = ev.nexis_label_kinds
    if ev.end_of_document >= 1 and len(kinds) >= NEXIS_MIN_LABEL_KINDS:
        return "nexis"
    if ev.classic_separators >= 1 and len(kinds) >= NEXIS_MIN_LABEL_KINDS:
        return "nexis-classic"
    if (  # one Nexis Uni article saved on its own, without "End of Document"
        len(kinds) >= NEXIS_SINGLE_MIN_LABEL_KINDS
        and "length" in kinds
        and (ev.body_markers or "load date" in kinds)
    ):
        return "nexis"
    if ev.factiva_documents >= 1 and _factiva_article_chunks(lines):
        return "factiva-article"
    if ev.wire_dash_lines >= 2 * WIRE_DASH_MIN_RUN and len(_wire_runs(lines, limit=2)) >= 2:
        return "wire-dash"
    if ev.rule_lines >= 1:
        cuts = _rule_cuts(lines, limit=2)
        if len(cuts) >= 2 or (cuts and _rule_chunks(lines, cuts) is not None):
            return "wire-rules"
    if not ev.body_markers and not ev.end_of_document and kinds and _nexis_list_chunks(lines):
        return "nexis-list"
    return headline_layout(text)


def paged_text(raw: bytes, encoding: str) -> str | None:
    """The text of (decompressed) bytes with each form feed — a page break, which the
    decoder folds into a space — as a rule line, so that articles printed one a page
    can be split; None when the bytes hold no form feed (or in an encoding where byte
    0x0C is not one)."""
    if b"\x0c" not in raw or encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32")):
        return None
    from .decode import normalize_text

    try:
        text = raw.decode(encoding, errors="replace")
    except LookupError:
        return None
    return normalize_text(text.replace("\f", "\n\n----\n\n"))


def _numbered(
    chunks: Sequence[object], make: Callable[[object, str], Article], origin: str
) -> Iterator[Article | InputError]:
    for n, chunk in enumerate(chunks, 1):
        where = f"{origin}#{n}"
        try:
            yield make(chunk, where)
        except InputError as err:
            yield err if err.path else type(err)(str(err), path=where)
        except Exception as err:  # noqa: BLE001 - one article's surprise never loses the others
            yield ParseError(f"could not parse this article ({type(err).__name__}: {err})", path=where)


def read_export(text: str, *, origin: str, layout: str | None = None) -> Iterator[Article | InputError]:
    """One Article (or the InputError of its article) per article of an export file."""
    layout = layout or detect(text)
    if layout is None:
        raise ValueError("not an export layout; read it with read_text")
    note = f"export layout: {layout}"

    def tagged(art: Article) -> Article:
        return replace(art, notes=(*art.notes, note))

    if layout in ("headline-list", "headline-only"):
        yield from read_entries(text, origin=origin)
        return
    if layout in ("doc-records", "trec"):
        spans = _doc_spans(text)

        def doc(span: object, where: str) -> Article:
            attrs_text, s, e = span  # type: ignore[misc]
            attrs, inner = _attrs(attrs_text), text[s:e]
            if layout == "trec":
                return tagged(_trec_article(attrs, inner).article(where, layout))
            return tagged(_doc_article(attrs, inner, where))

        yield from _numbered(spans, doc, origin)
        return
    lines = _lines(text)
    header_layouts = {  # layout → (its articles' line chunks, one chunk's header parser)
        "nexis": (lambda: _nexis_chunks(lines, layout), lambda c: _nexis_article(c, layout)),
        "nexis-classic": (lambda: _nexis_chunks(lines, layout), lambda c: _nexis_article(c, layout)),
        "nexis-list": (lambda: _nexis_list_chunks(lines) or [], _nexis_list_article),
        "proquest": (lambda: _proquest_chunks(lines), _proquest_article),
        "factiva": (lambda: _factiva_chunks(lines), _factiva_article),
        "factiva-article": (lambda: _factiva_article_chunks(lines), _factiva_plain_article),
    }
    if layout in header_layouts:
        chunks_of, parse = header_layouts[layout]
        yield from _numbered(
            chunks_of(),
            lambda c, where: tagged(parse(c).article(where, layout)),  # type: ignore[arg-type]
            origin,
        )
    elif layout == "wire-dash":
        starts = _wire_runs(lines)
        bounds = [*starts, len(lines)]
        chunks = [lines[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
        yield from _numbered(chunks, lambda c, where: tagged(_wire_dash_article(c, where)), origin)  # type: ignore[arg-type]
    elif layout == "wire-rules":
        chunks = _rule_chunks(lines) or [lines]
        yield from _numbered(
            chunks, lambda c, where: tagged(read_text_or_metadata("\n".join(c), origin=where)), origin
        )  # type: ignore[arg-type]
    else:
        raise ValueError(f"unknown export layout {layout!r}")
