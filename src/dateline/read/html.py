"""Read one HTML news page into an :class:`HtmlPage` (and an :class:`Article`).

The body comes from trafilatura, with furniture pruned and fallbacks (see :mod:`.html_body`).
Title, authors, credit, source, URL and language come from the page's own metadata first
(Open Graph, JSON-LD, ``<meta>``), then from trafilatura's heuristics, cleaned by kind of
value (see :mod:`.html_meta`).  The publication time is a cascade — machine stamps, the
dateline printed near the headline, htmldate, the URL, the modification time as a last
resort — with the zone the page prints (see :mod:`.html_time`).

A page with no article text but a findable date still gives a page: empty body and a
``skip_reason`` (the pipeline stores it with ``analysed: false``); with neither, ParseError.

Nothing here touches the network: every parser gets an already-parsed lxml tree, because
htmldate downloads any *string* that looks like a URL.  Library warnings raised while a page
is read are swallowed here (logging is the CLI's business).
"""

from __future__ import annotations

import logging
import re
import warnings
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from dateline.errors import EmptyInput, ParseError
from dateline.models import Article

from . import html_meta as names
from .html_body import body_paragraphs, standfirst_text, trim_edges
from .html_time import near_headline, page_text
from .html_time import published as publication_time

__all__ = ["HtmlPage", "parse_html", "read_html"]

log = logging.getLogger(__name__)

# htmldate's output format: a bare date comes back as T00:00:00 with no offset
HTMLDATE_PARAMS = {
    "extensive_search": True,
    "original_date": True,  # the publication date, not the latest update
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
    "deferred_url_extractor": True,  # look at the page before falling back to its URL
}
NO_TEXT = (
    "no article text found in the HTML (neither the extractor nor a <p> scan found paragraphs: "
    "script-only page, consent wall or template?); title, date and source kept"
)


@dataclass(frozen=True)
class HtmlPage:
    title: str | None
    body: str  # paragraphs separated by exactly one blank line, stripped; "" with skip_reason
    authors: tuple[str, ...]  # people only
    source: str | None  # the outlet's name
    url: str | None
    published: datetime | None  # UTC
    published_local: datetime | None  # as printed: aware, or naive when the zone is unknown
    published_evidence: str | None  # where the time came from
    language: str | None  # 2-letter code
    credit: str | None = None  # an agency or desk named in the byline ("Associated Press")
    skip_reason: str | None = None  # why the body is empty although the page was read
    notes: tuple[str, ...] = ()  # reader remarks: machine stamps the printed dateline overrode
    standfirst: str | None = None  # the dek under the headline, kept out of the body


# ---- entry points -------------------------------------------------------------------------
def parse_html(html: str, *, url: str | None = None) -> HtmlPage:
    """Parse one HTML page; EmptyInput for blank input, ParseError when it has neither
    article text nor a date."""
    if not html or not html.strip():
        raise EmptyInput("the HTML input is empty; nothing to read")
    if not _TAG.search(html):
        raise ParseError("input has no HTML tags; read it as plain text instead of HTML")
    with warnings.catch_warnings():  # dateutil's UnknownTimezoneWarning, lxml/trafilatura noise
        warnings.simplefilter("ignore")
        return _parse(html, url)


def read_html(html: str, *, origin: str | None = None, url: str | None = None) -> Article:
    """One HTML page as an :class:`Article` (``format="html"``)."""
    page = parse_html(html, url=url)
    return Article(
        title=page.title,
        body=page.body,
        published=page.published,
        published_local=page.published_local,
        published_evidence=page.published_evidence,
        source=page.source,
        authors=page.authors,
        url=page.url,
        language=page.language,
        notes=page.notes,
        origin=origin,
        format="html",
        credit=page.credit,
        skip_reason=page.skip_reason,
        standfirst=page.standfirst,
    )


def _parse(html: str, url: str | None) -> HtmlPage:
    tree = _load_tree(html)
    try:
        paragraphs, no_text = body_paragraphs(tree, url), None
    except ParseError as err:
        paragraphs, no_text = [], err
    meta, objs = names.meta_map(tree), names.jsonld_objects(tree)
    main = objs[0] if objs else None  # ranked: the article object when there is one
    doc = _trafilatura_metadata(tree, url)
    page_url = names.page_url(tree, meta, url)
    host = urlsplit(page_url or "").hostname or ""
    site = names.site(meta, objs, doc.sitename, host)
    text = page_text(tree)
    head = tree.find(".//title")
    title = names.title(
        [
            names.first(meta, "og:title"),
            main.get("headline") if main else None,
            head.text_content() if head is not None else None,
            doc.title,
        ],
        site.keys,
        text.headlines,
    )
    zone = None
    if site.outlet is not None and site.outlet.tz is not None:
        zone = (site.outlet.tz, f"zone {site.outlet.zone} of {site.outlet.name} (outlets table)")
    urls = [u for u in (page_url, url) if u]
    when = publication_time(
        tree, meta, objs, doc.date, urls, title=title, text=text, zone=zone, country=names.country_zone(host)
    )
    if no_text is not None and (when.utc is None or not title):
        raise no_text  # neither text nor a dated, titled page: nothing to make a record of
    authors, credit = names.authors(main, meta, doc.author, site.keys)
    if not authors:  # no byline in the metadata: the one printed near the headline
        printed, printed_credit = names.printed_byline(near_headline(text, title), site.keys)
        authors, credit = tuple(printed), credit or printed_credit
    source = site.source
    if source is None or (site.outlet is None and source == host.lower().removeprefix("www.")):
        source = credit or source  # an agency byline names the outlet when the page names none
    return HtmlPage(
        title=title,
        body="\n\n".join(trim_edges(paragraphs, title)) if paragraphs else "",
        authors=authors,
        source=source,
        url=page_url,
        published=when.utc,
        published_local=when.local,
        published_evidence=when.evidence,
        language=names.language(tree, meta),
        credit=credit,
        skip_reason=NO_TEXT if no_text is not None else None,
        notes=when.notes,
        standfirst=standfirst_text(tree, paragraphs or None),
    )


def _why(err: ParseError) -> str:
    return (
        "neither the extractor nor a <p> scan found paragraphs: script-only page, consent wall or template?"
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
