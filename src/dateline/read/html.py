"""Read one HTML news page into an :class:`HtmlPage`.

The body comes from trafilatura, with furniture pruned and fallbacks (see :mod:`.html_body`).
Title, authors, site name, URL and language come from the page's own metadata first
(Open Graph, JSON-LD, ``<meta>``), then from trafilatura's heuristics.

The publication time is a cascade; each numbered stage runs only while no full timestamp
(date, time *and* zone) has been found, and a later stage may only *refine* an earlier
one — add a time or a zone to the same calendar day — never contradict it:

1. JSON-LD ``datePublished``, then ``dateCreated``;
2. ``<meta>`` tags, ``itemprop="datePublished"``, ``<time pubdate>``, the article's ``<time>``;
3. htmldate (run once, inside trafilatura's metadata pass; it may return a bare date) —
   ignored when it only echoes the modification time or guesses 1 January from a bare year;
4. a date in the URL (``/2019/05/13/``) — only when stages 1–3 found nothing;
5. last resort: the modification time (JSON-LD ``dateModified``, ``article:modified_time``).

Nothing here touches the network: every parser gets an already-parsed lxml tree, because
htmldate downloads any *string* that looks like a URL.
"""

from __future__ import annotations

import json
import logging
import re
from copy import deepcopy
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from html import unescape
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from dateline.errors import EmptyInput, ParseError

from .html_body import body_paragraphs, trim_edges

log = logging.getLogger(__name__)

# ---- thresholds ---------------------------------------------------------------------------
EARLIEST_META_YEAR = 1800  # metadata years before this are CMS junk (0001-01-01); digitised
#                            newspaper archives legitimately go back to the 19th century
EARLIEST_URL_YEAR = 1990  # no web page carried a date in its URL before the web existed
FUTURE_TOLERANCE = timedelta(days=1)  # a timestamp up to a day ahead is clock skew / zone slop;
#                                       further ahead is a scheduled or bogus date: rejected
MAX_UTC_OFFSET = timedelta(hours=14)  # widest real offset (UTC+14, Kiribati); beyond is garbage
MAX_AUTHOR_CHARS = 80  # a longer "author" is a sentence or a bio, not a name
MAX_AUTHORS = 12  # more names than this is a scraped list (related articles, commenters)
MAX_JSONLD_DEPTH = 8  # nesting walked in JSON-LD; real pages nest 3–4 levels
MAX_STAMP_CHARS = 64  # a timestamp string longer than this is prose, not a timestamp

# precision of a time candidate: a higher one may refine a lower one on the same day
DATE_ONLY, NO_ZONE, FULL = 1, 2, 3

# htmldate's output format: a bare date comes back as T00:00:00 with no offset
HTMLDATE_PARAMS = {
    "extensive_search": True,
    "original_date": True,  # the publication date, not the latest update
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
    "deferred_url_extractor": True,  # look at the page before falling back to its URL
}


@dataclass(frozen=True)
class HtmlPage:
    title: str | None
    body: str  # paragraphs separated by exactly one blank line, stripped
    authors: tuple[str, ...]
    source: str | None  # site name
    url: str | None
    published: datetime | None  # UTC
    published_local: datetime | None  # as printed by the page, aware; None without a zone
    published_evidence: str | None  # where the time came from
    language: str | None  # 2-letter code


@dataclass(frozen=True)
class _Stamp:
    local: datetime  # aware when precision == FULL, naive otherwise
    precision: int
    evidence: str


# ---- entry point --------------------------------------------------------------------------
def parse_html(html: str, *, url: str | None = None) -> HtmlPage:
    """Parse one HTML page; raise EmptyInput for blank input, ParseError when no text."""
    if not html or not html.strip():
        raise EmptyInput("the HTML input is empty; nothing to read")
    if not _TAG.search(html):
        raise ParseError("input has no HTML tags; read it as plain text instead of HTML")
    tree = _load_tree(html)
    paragraphs = body_paragraphs(tree, url)  # first: a page without text fails fast
    meta, objs = _meta_map(tree), _jsonld_objects(tree)
    main = objs[0] if objs else None  # ranked: the article object when there is one
    doc = _trafilatura_metadata(tree, url)
    page_url = _page_url(tree, meta, url)
    sites = [_clean(s) for s in (_first(meta, "og:site_name"), _publisher(objs), doc.sitename)]
    host = urlsplit(page_url or "").hostname or ""
    host = host.removeprefix("www.").rsplit(".", 1)[0]  # "www.modabot.com" -> "modabot"
    title = _title(tree, meta, main, doc, [*sites, host])
    paragraphs = trim_edges(paragraphs, title)  # headline, kicker, info line, editor note
    stamp = _published(tree, meta, objs, doc.date, [u for u in (page_url, url) if u])
    published, published_local, evidence = _resolve(stamp) if stamp else (None, None, None)
    return HtmlPage(
        title=title,
        body="\n\n".join(paragraphs),
        authors=_authors(main, meta, doc.author),
        source=next((s for s in sites if s), None),
        url=page_url,
        published=published,
        published_local=published_local,
        published_evidence=evidence,
        language=_language(tree, meta),
    )


# ---- loading ------------------------------------------------------------------------------
_TAG = re.compile(r"<[A-Za-z!/?]")
# NUL and other C0 controls and lone surrogates make lxml raise instead of parse
_UNPARSABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def _load_tree(html: str) -> lxml.html.HtmlElement:
    text = _UNPARSABLE.sub("", html)
    try:
        tree = load_html(text)  # trafilatura's loader repairs common breakage; never fetches
    except Exception as err:  # noqa: BLE001 — third-party parser; fall back to plain lxml
        log.debug("trafilatura could not load the HTML: %s", err)
        tree = None
    if tree is None:  # a bare fragment ("<p>x</p>") is rejected by trafilatura's loader
        try:
            parser = lxml.html.HTMLParser(encoding="utf-8")
            tree = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError) as err:
            raise ParseError(f"the HTML could not be parsed ({err}); check the file") from err
    return tree


def _trafilatura_metadata(tree, url: str | None):
    """trafilatura's metadata (title, author, sitename) and htmldate's date, from a copy."""
    try:
        return extract_metadata(deepcopy(tree), url, date_config=dict(HTMLDATE_PARAMS))
    except Exception as err:  # noqa: BLE001 — third-party heuristics; degrade, don't fail
        log.debug("trafilatura metadata failed: %s", err)
        return trafilatura.settings.Document()


# ---- simple metadata ----------------------------------------------------------------------
def _meta_map(tree) -> dict[str, list[str]]:
    """Every <meta> content, keyed by its lower-cased property/name/itemprop/http-equiv."""
    found: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        content = (el.get("content") or "").strip()
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (el.get(attr) or "").strip().lower()
            if key:
                found.setdefault(key, []).append(content)
    return found


def _first(meta: dict[str, list[str]], *keys: str) -> str | None:
    return next((meta[key][0] for key in keys if meta.get(key)), None)


def _clean(text) -> str | None:
    return (" ".join(unescape(text).split()) or None) if isinstance(text, str) else None


def _alnum(text: str) -> str:
    """Compare site names loosely: "Hildesheimer Presse" = "hildesheimer-presse"."""
    return "".join(c for c in text.casefold() if c.isalnum())


def _page_url(tree, meta, url: str | None) -> str | None:
    hrefs = [
        el.get("href") for el in tree.iter("link") if "canonical" in (el.get("rel") or "").lower().split()
    ]
    for href in [*hrefs, _first(meta, "og:url")]:
        if href and href.strip():
            full = urljoin(url, href.strip()) if url else href.strip()
            if urlsplit(full).scheme in ("http", "https") and urlsplit(full).netloc:
                return full
    return url


_SEPARATOR = re.compile(r"\s+[|\-–—:·•»/]+\s+")


def _title(tree, meta, main, doc, sites: list[str | None]) -> str | None:
    head = tree.find(".//title")
    candidates = [
        _first(meta, "og:title"),
        main.get("headline") if main else None,
        head.text_content() if head is not None else None,
        doc.title,
    ]
    names = {_alnum(s) for s in sites if s}
    for candidate in candidates:
        title = _clean(candidate)
        if title:
            return _strip_site(title, names)
    return None


def _strip_site(title: str, names: set[str]) -> str:
    """Drop a " | Site" suffix (or "Site | " prefix) when it is the site's name or host."""
    parts = _SEPARATOR.split(title)
    if len(parts) > 1 and _alnum(parts[-1]) in names:
        match = list(_SEPARATOR.finditer(title))[-1]
        return title[: match.start()].strip() or title
    if len(parts) > 1 and _alnum(parts[0]) in names:
        match = _SEPARATOR.search(title)
        return title[match.end() :].strip() or title
    return title


_BYLINE = re.compile(r"^\s*by\b\s*:?\s*", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"://|^www\.|@\w")
_NAME_SPLIT = re.compile(r"\s*(?:[,;|/&]|\band\b|\bund\b)\s*", re.IGNORECASE)


def _authors(main, meta, trafilatura_author: str | None) -> tuple[str, ...]:
    sources = [
        _jsonld_names(main.get("author")) if main else [],
        [
            v
            for key in (
                "author",
                "article:author",
                "byl",
                "parsely-author",
                "sailthru.author",
                "dc.creator",
                "dcterms.creator",
            )
            for v in meta.get(key, [])
        ],
        [trafilatura_author] if trafilatura_author else [],
    ]
    for raw in sources:
        names: list[str] = []
        for value in raw:
            value = _clean(value) or ""
            if _NOT_A_NAME.search(value):  # a profile URL or an e-mail address
                continue
            for part in _NAME_SPLIT.split(_BYLINE.sub("", value)):
                name = _BYLINE.sub("", part).strip(" .-–—")
                if (
                    name
                    and len(name) <= MAX_AUTHOR_CHARS
                    and any(c.isalpha() for c in name)
                    and name.casefold() not in {n.casefold() for n in names}
                ):
                    names.append(name)
        if names:
            return tuple(names[:MAX_AUTHORS])
    return ()


def _language(tree, meta) -> str | None:
    candidates = [
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        _first(meta, "og:locale"),
        _first(meta, "content-language", "language", "dc.language"),
    ]
    for value in candidates:
        match = re.match(r"\s*([A-Za-z]{2})(?![A-Za-z])", value or "")
        if match:
            return match[1].lower()
    return None


# ---- JSON-LD ------------------------------------------------------------------------------
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_SKIP_KEYS = {"comment", "review", "liveblogupdate", "itemlistelement", "citation"}
_SKIP_TYPES = {"comment", "review", "answer", "question"}


def _jsonld_objects(tree) -> list[dict]:
    """All JSON-LD objects of the page, the article-like ones first; broken JSON tolerated."""
    objs: list[dict] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        raw = (script.text or "").strip()
        data = _loads_lenient(raw)
        if data is None:  # unrecoverable: salvage the plain string fields we need
            data = {
                k: unescape(v)
                for k, v in re.findall(
                    r'"(datePublished|dateCreated|dateModified|headline)"\s*:\s*"([^"]{1,300})"', raw
                )[::-1]
            }
        _walk(data, objs, 0)
    return sorted(objs, key=_rank)  # stable: document order within a rank


def _loads_lenient(raw: str):
    raw = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$|^\s*<!--|-->\s*$", "", raw)
    for attempt in (raw, _TRAILING_COMMA.sub(r"\1", raw)):
        try:
            return json.loads(attempt, strict=False)  # strict=False: raw newlines in strings
        except (ValueError, RecursionError):
            continue
    return None


def _walk(data, out: list[dict], depth: int) -> None:
    if depth > MAX_JSONLD_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            _walk(item, out, depth + 1)
    elif isinstance(data, dict):
        if _types(data) & _SKIP_TYPES:
            return
        out.append(data)
        for key, value in data.items():
            if isinstance(value, (dict, list)) and key.lower() not in _SKIP_KEYS:
                _walk(value, out, depth + 1)


def _types(obj: dict) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.lower() for v in values if isinstance(v, str)}


def _rank(obj: dict) -> int:
    types = " ".join(_types(obj))
    if any(word in types for word in ("article", "posting", "report")):
        return 0
    return 1 if "page" in types else 2


def _jsonld_names(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _jsonld_names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _jsonld_names(item)]
    return []


def _publisher(objs: list[dict]) -> str | None:
    """The first publisher name, the article's own first (objs are ranked)."""
    return next((n for obj in objs for n in _jsonld_names(obj.get("publisher"))), None)


# ---- publication time ---------------------------------------------------------------------
_META_DATES = (  # stage 2, in order of trust
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
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?!\d)")


def _published(tree, meta, objs, htmldate_value, urls: list[str]) -> _Stamp | None:
    stages = (
        lambda: _from_jsonld(objs, "datePublished") or _from_jsonld(objs, "dateCreated"),
        lambda: _from_meta(tree, meta),
        lambda: _from_htmldate(htmldate_value, urls, objs, meta),
    )
    best = None
    for stage in stages:
        best = _merge(best, stage())
        if best is not None and best.precision == FULL:
            return best
    if best is not None:
        return best
    return _from_url(urls) or _from_modified(objs, meta)


def _merge(best: _Stamp | None, candidate: _Stamp | None) -> _Stamp | None:
    """Keep the earlier candidate unless the later one is more precise on the same day."""
    if best is None or candidate is None:
        return best or candidate
    if candidate.precision > best.precision and candidate.local.date() == best.local.date():
        return _Stamp(
            candidate.local, candidate.precision, f"{candidate.evidence}, same day as {best.evidence}"
        )
    return best


def _first_stamp(values, evidence: str) -> _Stamp | None:
    best = None
    for value in values:
        best = _merge(best, _parse_stamp(value, evidence))
    return best


def _from_jsonld(objs: list[dict], key: str, label: str = "") -> _Stamp | None:
    values = [obj.get(key) for obj in objs]
    values = [v[0] if isinstance(v, list) and v else v for v in values]
    return _first_stamp([v for v in values if isinstance(v, str)], f"json-ld {key}{label}")


def _from_meta(tree, meta) -> _Stamp | None:
    best = None
    for key in _META_DATES:
        best = _merge(best, _first_stamp(meta.get(key, []), f"meta {key}"))
    itemprops = [
        el.get("datetime") or el.get("content") or el.text_content()
        for el in tree.xpath('//*[@itemprop="datePublished"][not(self::meta)]')
    ]
    best = _merge(best, _first_stamp(itemprops, "itemprop datePublished"))
    best = _merge(best, _first_stamp(tree.xpath("//time[@pubdate]/@datetime"), "<time pubdate>"))
    article_times = tree.xpath("//article//time/@datetime")[:1]
    return _merge(best, _first_stamp(article_times, "the article's first <time datetime>"))


def _from_htmldate(value: str | None, urls: list[str], objs, meta) -> _Stamp | None:
    stamp = _parse_stamp(value, "htmldate") if value else None
    if stamp is None or (stamp.precision == DATE_ONLY and stamp.local.strftime("%m%d") == "0101"):
        return None  # htmldate turns a bare year ("© 2021") into 1 January: a guess, not a date
    modified = _from_modified(objs, meta)
    if modified and stamp.local.date() == modified.local.date():
        return None  # htmldate echoed the modification time: that is stage 5, not 3
    url_stamp = _from_url(urls)
    if url_stamp and stamp.precision == DATE_ONLY and stamp.local == url_stamp.local:
        return url_stamp  # htmldate fell back on the URL; say so
    return stamp


def _from_url(urls: list[str]) -> _Stamp | None:
    for url in urls:
        for match in _URL_DATE.finditer(urlsplit(url).path):
            year, month, day = (int(g) for g in match.groups())
            try:
                day_found = datetime(year, month, day)
            except ValueError:
                continue
            if year >= EARLIEST_URL_YEAR and _plausible(day_found.replace(tzinfo=UTC)):
                return _Stamp(day_found, DATE_ONLY, "url")
    return None


def _from_modified(objs, meta) -> _Stamp | None:
    note = " (last resort: modification time, publication time not found)"
    return _from_jsonld(objs, "dateModified", note) or _first_stamp(
        meta.get("article:modified_time", []) + meta.get("og:updated_time", []),
        "meta article:modified_time" + note,
    )


_ISO = re.compile(
    r"(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?"
    r"\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?\s*$",
    re.IGNORECASE,
)


def _parse_stamp(value: str, evidence: str) -> _Stamp | None:
    """Parse an ISO 8601 or RFC 2822 timestamp; None if unparseable or implausible."""
    text = (value or "").strip()
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
    return _Stamp(local, precision, evidence)


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


def _resolve(stamp: _Stamp) -> tuple[datetime, datetime | None, str]:
    if stamp.precision == FULL:
        return _to_utc(stamp.local), stamp.local, stamp.evidence
    if stamp.precision == NO_ZONE:
        return _to_utc(stamp.local), None, f"{stamp.evidence} (zone unknown, assumed UTC)"
    return _to_utc(stamp.local), None, f"{stamp.evidence} (date only)"
