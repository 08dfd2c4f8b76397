"""Names on an HTML page: the title without its site suffix, the authors (people only, an
agency or desk byline kept apart as a *credit*), the outlet's name, URL and language.

Each rule is about a kind of value, never about one site:

* **source** — ``og:site_name`` or the JSON-LD ``publisher`` when the value *is a name*
  (not a section or country — ``U.S.``, ``World`` —, a template word — ``Hosted``, ``Home`` —,
  a URL, copyright text — ``…版权所有``, ``© …`` — or a tagline); a name the outlets table
  knows is given in its canonical form; else the outlet of the page's domain
  (:func:`~dateline.read.outlets.by_host`); else the registrable host (``modabot.com``).
* **authors** — every byline value is split into names (``,`` ``;`` ``|`` ``/`` ``&``
  ``and``/``und``; a split that would leave a one-letter fragment — ``Mac & i`` — is not
  made), and each name loses the role, date and label words glued to its ends
  (``Published``, ``Staff Writer``, ``Nov. 8, 2023``) and a trailing outlet
  (``ERIC TUCKER Associated Press`` → ``Eric Tucker`` + credit ``Associated Press``).  A
  value that names an organisation or desk (``Detroit News wire services``) is a credit, not
  an author; placeholders (``Username``, ``admin``, ``Staff``, ``Editorial Team``) are dropped.
  All-capitals names are given in title case.
* **title** — the first of ``og:title``, JSON-LD ``headline``, ``<title>``, trafilatura's,
  without the segments that name the site (its name, the outlet's aliases in any script, the
  host) at either end of the separator chain (`` | `` `` - `` ``｜`` ``_`` and CJK-adjacent
  hyphens); in a ``_`` chain the short channel segments before the site go too
  (``…_科技_腾讯网``).

The word lists are data: ``data/html_names.json``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from html import unescape
from importlib import resources
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from .outlets import Outlet, by_host, lookup

__all__ = [
    "Names",
    "authors",
    "country_zone",
    "first",
    "jsonld_objects",
    "language",
    "meta_map",
    "page_url",
    "site",
    "title",
]

# ---- thresholds ---------------------------------------------------------------------------
MAX_AUTHOR_CHARS = 80  # a longer "author" is a sentence or a bio, not a name
MAX_AUTHORS = 12  # more names than this is a scraped list (related articles, commenters)
MAX_NAME_WORDS = 5
MAX_BYLINE_CHARS = 120  # a printed byline line is short
MIN_SINGLE_NAME = 3  # a one-word "name" shorter than this is initials or a fragment  # "María del Carmen García López" fits; a phrase does not
MAX_SITE_CHARS = 60  # a longer site name is a tagline
MAX_JSONLD_DEPTH = 8  # nesting walked in JSON-LD; real pages nest 3–4 levels
MIN_NAME_KEY = 3  # a site-name key shorter than this (folded) matches too much
MAX_SITE_SEGMENT_WORDS = 6  # a title segment naming the site is short
MAX_HEADLINES = 5  # <h1>s looked at: the page's first few
MIN_HEADLINE_KEY = 8  # an <h1> shorter than this (folded) is a logo or a section name
MAX_CHANNEL_CHARS = 8  # a channel segment of a "_" chain ("科技", "国际新闻") is short


@cache
def _words() -> dict[str, frozenset[str]]:
    path = resources.files(__package__ or "dateline.read").joinpath("data").joinpath("html_names.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if isinstance(v, list)}


def meta_map(tree) -> dict[str, list[str]]:
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


def first(meta: dict[str, list[str]], *keys: str) -> str | None:
    return next((meta[key][0] for key in keys if meta.get(key)), None)


def clean(text) -> str | None:
    if not isinstance(text, str):
        return None
    for _ in range(2):  # twice: "&amp;oacute;" is an entity escaped once more
        text = unescape(text)
    return " ".join(text.split()) or None


def fold(text: str) -> str:
    """Compare names loosely: "Hildesheimer Presse" = "hildesheimer-presse"."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def page_url(tree, meta, url: str | None) -> str | None:
    hrefs = [
        el.get("href") for el in tree.iter("link") if "canonical" in (el.get("rel") or "").lower().split()
    ]
    for href in [*hrefs, first(meta, "og:url")]:
        if href and href.strip():
            full = urljoin(url, href.strip()) if url else href.strip()
            if urlsplit(full).scheme in ("http", "https") and urlsplit(full).netloc:
                return full
    return url


def language(tree, meta) -> str | None:
    candidates = [
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        first(meta, "og:locale"),
        first(meta, "content-language", "language", "dc.language"),
    ]
    for value in candidates:
        match = re.match(r"\s*([A-Za-z]{2})(?![A-Za-z])", value or "")
        if match:
            return match[1].lower()
    return None


def country_zone(host: str) -> tuple[ZoneInfo, str] | None:
    """The zone of a country-code domain whose country keeps one zone (``.de``, ``.it``, ``.jp``)."""
    tld = host.lower().rstrip(".").rsplit(".", 1)[-1] if "." in host else ""
    zone = _zones().get(tld)
    return (ZoneInfo(zone), f"{zone} (zone of the .{tld} domain's country)") if zone else None


@cache
def _zones() -> dict[str, str]:
    path = resources.files(__package__ or "dateline.read").joinpath("data").joinpath("html_names.json")
    return dict(json.loads(path.read_text(encoding="utf-8"))["cctld_zones"])


# ---- JSON-LD ------------------------------------------------------------------------------
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_SKIP_KEYS = {"comment", "review", "liveblogupdate", "itemlistelement", "citation"}
_SKIP_TYPES = {"comment", "review", "answer", "question"}
_ORG_TYPES = {"organization", "newsmediaorganization", "corporation", "organisation"}


def jsonld_objects(tree) -> list[dict]:
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


def jsonld_names(value, *, people: bool | None = None) -> list[str]:
    """Names in a JSON-LD value; ``people=True`` skips organisations, False keeps only them."""
    if isinstance(value, str):
        return [value] if people is not False else []
    if isinstance(value, dict):
        is_org = bool(_types(value) & _ORG_TYPES)
        if people is not None and is_org != (not people):
            return []
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [name for item in value for name in jsonld_names(item, people=people)]
    return []


# ---- source -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Names:
    source: str | None  # the outlet's name
    outlet: Outlet | None  # the outlets-table entry of the page, when known
    keys: frozenset[str]  # folded forms that name the site (for title suffixes)


def site(meta, objs: list[dict], sitename: str | None, host: str) -> Names:
    """The outlet's name: a site-name value that is a name, else the domain's outlet, else
    the host."""
    host = host.lower().removeprefix("www.")
    by_domain = by_host(host)
    raw = [first(meta, "og:site_name"), _publisher(objs), first(meta, "application-name"), sitename]
    keys = {fold(v) for v in raw if isinstance(v, str) and _is_name(clean(v) or "")}
    source, outlet = None, by_domain
    for value in raw:
        name, known = _site_name(value, meta, host, by_domain)
        if name:
            known = known or _contains_outlet(name, by_domain)
            source, outlet = (known.name, known) if known else (name, by_domain)
            break
    if source is None and by_domain is not None:
        source = by_domain.name
    if source is None and host:
        source = host
    if outlet is not None:
        keys |= {fold(n) for n in (outlet.name, *outlet.aliases)} | {
            fold(d.split(".")[0]) for d in outlet.domains
        }
    if host:
        labels = host.split(".")
        keys |= {fold(host), fold(labels[-2] if len(labels) > 1 else labels[0])}
    return Names(source, outlet, frozenset(k for k in keys if len(k) >= MIN_NAME_KEY or k in _cjk_keys(k)))


def _cjk_keys(key: str) -> set[str]:
    return {key} if key and all(_is_cjk(c) for c in key) else set()


def _contains_outlet(name: str, outlet: Outlet | None) -> Outlet | None:
    """The domain's outlet when the site name holds one of its names ("Xinhua | English")."""
    if outlet is None:
        return None
    key = fold(name)
    return (
        outlet
        if any(len(f) >= MIN_NAME_KEY and f in key for f in map(fold, (outlet.name, *outlet.aliases)))
        else None
    )


def _publisher(objs: list[dict]) -> str | None:
    """The first publisher name, the article's own first (objs are ranked)."""
    return next((n for obj in objs for n in jsonld_names(obj.get("publisher"))), None)


def _site_name(value, meta, host: str, by_domain: Outlet | None) -> tuple[str | None, Outlet | None]:
    """(the name, its outlets-table entry) when a site-name value is a name."""
    name = clean(value)
    if not name or _TEMPLATE.search(name):
        return None, None
    known = _known(name, host, by_domain)
    if known is None:
        name = _site_segment(name, host)
        known = _known(name, host, by_domain)
    if known is not None:
        return known.name, known
    if not _is_name(name):
        return None, None
    section = clean(first(meta, "article:section")) or ""
    return (None, None) if fold(section) == fold(name) else (name, None)


def _known(name: str, host: str, by_domain: Outlet | None) -> Outlet | None:
    """The outlet a site name stands for — unless the page's host is another outlet's
    ("Observer" on observer.com is not The Observer of theguardian.com)."""
    outlet = lookup(name)
    if outlet is None or not host or outlet is by_domain or not outlet.domains:
        return outlet
    return None


_URLISH = re.compile(r"://|^www\.|\.(?:com|net|org|de|co|cn|uk|info|io)(?:/|$)", re.IGNORECASE)
_TAGLINE = re.compile(r"[.!?。！？]\s|[,;，、]|\d{4}")  # a sentence, a list, an address or a year
_TEMPLATE = re.compile(r"\{\$|\{\{|\}\}|<\?|%s|\[\[|\$\{")  # an unfilled CMS placeholder
_LEGAL_FORM = re.compile(
    r"[\s,]+(?:gmbh(?:\s*&\s*co\.?\s*kg)?|ag|kg|inc\.?|ltd\.?|llc|plc|s\.?a\.?|s\.?l\.?|b\.?v\.?|corp\.?)$",
    re.IGNORECASE,
)
_SITE_SEPARATOR = re.compile(r"\s+[|\-–—:·•»›]\s+")


def _site_segment(name: str, host: str) -> str:
    """A site name with a separator chain ("polizeiticker.ch - Meldungen"): the segment
    naming the host, else the first; a trailing legal form goes ("Utopia GmbH")."""
    parts = [p for p in _SITE_SEPARATOR.split(name) if p.strip()]
    if len(parts) > 1:
        label = fold(host.split(".")[-2]) if host.count(".") >= 1 else ""
        name = next((p for p in parts if label and label in fold(p)), parts[0])
    return _LEGAL_FORM.sub("", name).strip() or name


def _is_name(name: str) -> bool:
    low = " ".join(name.casefold().split())
    words = _words()
    if any(marker in low for marker in words["copyright"]):
        return False
    if low.strip(" .:|-") in words["not_site_names"] or low in words["not_site_names"]:
        return False
    if _URLISH.search(name) or len(name) > MAX_SITE_CHARS or _TAGLINE.search(name):
        return False
    return sum(c.isalpha() for c in name) >= 2


# ---- title --------------------------------------------------------------------------------
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_SEPARATOR = re.compile(
    rf"\s+[|\-–—:·•»›/~]+\s+|\s*[|｜_]\s*|\s*[-–—]\s*(?=[{_CJK}])|(?<=[{_CJK}])\s*[-–—]\s*|\s*(?:::|»|«)\s*"
)


def _is_cjk(ch: str) -> bool:
    return bool(re.match(f"[{_CJK}]", ch))


def title(candidates: list[str | None], keys: frozenset[str], headlines: list[str] = ()) -> str | None:
    """The first candidate title, cut to the page's headline when it holds it between
    separators, else without the segments naming the site."""
    for candidate in candidates:
        text = clean(candidate)
        if text:
            text = _trailing_separator(text)
            found = _anchored(text, headlines) or strip_site(text, keys)
            if not _names_site(found, keys):
                return found
    # every candidate only names the site ("Four Years Remaining"): the page's headline
    for headline in headlines[:MAX_HEADLINES]:
        text = clean(headline)
        if text and len(fold(text)) >= MIN_HEADLINE_KEY and not _names_site(text, keys):
            return text
    return next((t for t in map(clean, candidates) if t), None)


def _anchored(text: str, headlines: list[str]) -> str | None:
    """The run of separator-delimited segments of ``text`` that is an <h1> of the page."""
    seps = list(_SEPARATOR.finditer(text))
    if not seps:
        return None
    bounds = [*(m.start() for m in seps), len(text)]
    starts = [0, *(m.end() for m in seps)]
    keys = {fold(h) for h in headlines[:MAX_HEADLINES]}
    keys = {k for k in keys if len(k) >= MIN_HEADLINE_KEY}
    for i in range(len(starts)):
        for j in range(len(bounds) - 1, i - 1, -1):
            if (i, j) != (0, len(bounds) - 1) and fold(text[starts[i] : bounds[j]]) in keys:
                return _trailing_separator(text[starts[i] : bounds[j]].strip())
    return None


def strip_site(text: str, keys: frozenset[str]) -> str:
    """The title without the segments naming the site at either end of its separator chain."""
    seps = list(_SEPARATOR.finditer(text))
    if not seps:
        return text
    bounds = [0, *(m.start() for m in seps), len(text)]
    starts = [0, *(m.end() for m in seps)]
    segments = [text[starts[i] : bounds[i + 1]] for i in range(len(starts))]
    joins = [m.group().strip() for m in seps]
    lo, hi = 0, len(segments)
    while hi - lo > 1 and (_names_site(segments[hi - 1], keys) or not _fold_ok(segments[hi - 1])):
        hi -= 1
        while hi - lo > 1 and joins[hi - 1] == "_" and _is_channel(segments[hi - 1]):
            hi -= 1  # "…_科技_腾讯网": the channel segments before the site name
    if hi == len(segments) and hi - lo > 2 and set(joins) == {"_"} and _cjk_share(text) > 0.3:
        while hi - lo > 1 and _is_channel(segments[hi - 1]):
            hi -= 1  # a CJK "_" chain ends in channel names even when the site is not known
    while hi - lo > 1 and (_names_site(segments[lo], keys) or not _fold_ok(segments[lo])):
        lo += 1
    if (lo, hi) == (0, len(segments)):
        return text
    kept = text[starts[lo] : bounds[hi]].strip()
    return kept or text


def _trailing_separator(text: str) -> str:
    """ "Katzendecke mit Namen |": a separator with nothing after it goes."""
    return re.sub(r"\s+[|\-–—:·•»›/~_]+\s*$", "", text) or text


def _fold_ok(segment: str) -> bool:
    """A segment with a letter or digit in it (not an empty slot between two separators)."""
    return bool(fold(segment))


def _names_site(segment: str, keys: frozenset[str]) -> bool:
    key = fold(segment)
    if not key:
        return False
    if key in keys:
        return True
    if len(segment.split()) > MAX_SITE_SEGMENT_WORDS:
        return False
    return any(
        len(k) >= MIN_NAME_KEY and (key.startswith(k) or key.endswith(k)) and len(key) <= 3 * len(k)
        for k in keys
    )


def _is_channel(segment: str) -> bool:
    text = segment.strip()
    if not text:
        return True
    if _cjk_share(text) > 0.5:
        return len(text) <= MAX_CHANNEL_CHARS
    return len(text.split()) <= 2


def _cjk_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(_is_cjk(c) for c in letters) / len(letters) if letters else 0.0


# ---- authors ------------------------------------------------------------------------------
_BYLINE = re.compile(
    r"^\s*(?:by|von|par|por|di|door|av|af|作者|记者|記者|文)\s*[:：/]?\s+|^\s*(?:作者|记者|記者|文)\s*[:：/]\s*",
    re.IGNORECASE,
)
_NOT_A_NAME = re.compile(r"://|^www\.|@\w")
_NAME_SPLIT = re.compile(r"\s*(?:[,;|/&·•、，]|\band\b|\bund\b|\bet\b|\by\b)\s*", re.IGNORECASE)
_TAIL_CUT = re.compile(r"\s+(?:for|at|of|from|für|pour|para)\s+(?=[A-Z])")
_MONTHS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august"
    " september october november december januar februar märz juni juli oktober dezember janvier"
    " février mars avril mai juin juillet août septembre octobre novembre décembre enero febrero marzo"
    " abril mayo junio julio agosto septiembre octubre noviembre diciembre".split()
)


def authors(
    main: dict | None, meta, trafilatura_author: str | None, site_keys: frozenset[str] = frozenset()
) -> tuple[tuple[str, ...], str | None]:
    """(people named as authors, a credit — agency or desk — when the byline names one)."""
    sources = [
        jsonld_names(main.get("author"), people=True) if main else [],
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
    credit = None
    if main:
        orgs = jsonld_names(main.get("author"), people=False)
        credit = next((c for c in (_credit(clean(o) or "") for o in orgs) if c), None)
    found: list[list[str]] = []
    for raw in sources:
        names: list[str] = []
        for value in raw:
            people, org = people_in(value, site_keys)
            credit = credit or org
            for name in people:
                if name.casefold() not in {n.casefold() for n in names}:
                    names.append(name)
        found.append(names)
    best: list[str] = next((names for names in found if names), [])
    for names in found:  # a later source naming everyone the first names, and more
        if {n.casefold() for n in best} < {n.casefold() for n in names}:
            best = names
    return tuple(best[:MAX_AUTHORS]), credit


_PRINTED_BYLINE = re.compile(
    r"^(?:by|von|par|por|di|door|written by|verfasst von|text|autor|autorin|author|reporter|"
    r"记者|記者|作者|文|编辑|編輯)\s*[:：/]?\s+(?=\w)|^(?:记者|記者|作者|文|编辑)\s*[:：/]\s*",
    re.IGNORECASE,
)


def printed_byline(lines: list[str], site_keys: frozenset[str] = frozenset()) -> tuple[list[str], str | None]:
    """People of the first byline line ("By Jane Doe | May 13") among lines near the headline."""
    for line in lines:
        if len(line) <= MAX_BYLINE_CHARS and _PRINTED_BYLINE.match(line):
            people, credit = people_in(_PRINTED_BYLINE.sub("", line), site_keys)
            if people or credit:
                return people[:MAX_AUTHORS], credit
    return [], None


def people_in(value, site_keys: frozenset[str] = frozenset()) -> tuple[list[str], str | None]:
    """The people a byline value names, and the agency or desk it credits."""
    text = clean(value) or ""
    if not text or _NOT_A_NAME.search(text):  # a profile URL or an e-mail address
        return [], None
    text = _BYLINE.sub("", text)
    parts = _NAME_SPLIT.split(text)
    if any(0 < sum(c.isalpha() for c in p) < 2 for p in parts):
        parts = [text]  # "Mac & i": splitting would leave a fragment, so it is one name
    people, credit = [], None
    places = [i for i, part in enumerate(parts) if fold(part) in _countries()]
    for i in places:  # "Munich, Germany": a place, and the one-word city before the country
        parts[i] = ""
        if i > 0 and len(parts[i - 1].split()) == 1:
            parts[i - 1] = ""
    for part in parts:
        if not part or (len(parts) > 1 and fold(part) in site_keys):
            continue  # "Ernst Lohoff, Jungle World": the site named next to its author
        person, org = _person(part, site_keys)
        credit = credit or org
        if person:
            people.append(person)
    return people, credit


def _person(part: str, site_keys: frozenset[str] = frozenset()) -> tuple[str | None, str | None]:
    words = _words()
    if fold(part) in site_keys and len(part.split()) <= 2 and not _person_shaped_site(part):
        return None, None  # the site's own name as its byline ("The Local", "Digitalcourage")
    text = _BYLINE.sub("", part).strip()
    credit = None
    cut = _TAIL_CUT.search(text)
    if cut:  # "Jane Doe for The Guardian"
        credit = _credit(text[cut.end() :])
        text = text[: cut.start()]
    tokens = text.split()
    tokens = _trim(tokens, words["role_words"])
    for i in range(1, len(tokens)):  # "ERIC TUCKER Associated Press": a trailing outlet
        outlet = lookup(" ".join(tokens[i:]))
        if outlet is not None:
            credit = credit or outlet.name
            tokens = _trim(tokens[:i], words["role_words"])
            break
    name = " ".join(tokens).strip(" ,:;-–—|()[]")
    name = name if _ABBREVIATION_END.search(name) else name.rstrip(".")  # "Perry Bacon Jr." keeps its dot
    if not name:
        return None, credit
    outlet = lookup(name)
    if outlet is not None:
        return None, credit or outlet.name
    low = name.casefold()
    if low in words["placeholders"] or len(name) > MAX_AUTHOR_CHARS:
        return None, credit
    if fold(name) in site_keys and len(name.split()) == 1:
        return None, credit
    folded = [w.strip(".,'’").casefold() for t in name.split() for w in t.split("-")]
    if len(name.split()) == 1 and (len(low) < MIN_SINGLE_NAME or any(p in low for p in _PLACEHOLDER_PARTS)):
        return None, credit  # "Dt", "Wordpressadmin"
    if any(t in words["url_words"] for t in folded):
        return None, credit  # "wien.ORF.at" with its dots turned into spaces
    if any(t in words["org_words"] for t in folded):
        return None, credit or _credit(name)
    if any(c.isdigit() for c in name) or re.search(r"[&@#<>{}=+*]|\.\w{2,4}$", name):
        return None, credit
    if not _name_shaped(name):
        return None, credit
    if name.isupper() and not _cjk_share(name):
        name = " ".join(
            w.capitalize() if "-" not in w else "-".join(p.capitalize() for p in w.split("-"))
            for w in name.split()
        )
    return name, credit


def _person_shaped_site(text: str) -> bool:
    """A personal site named after its author: two capitalised words ("Wolfgang Schmale"),
    not an article and a noun ("Das Mitternachtskabinett")."""
    tokens = text.split()
    if len(tokens) != 2 or tokens[0].casefold() in _words()["articles"]:
        return False
    return all(t[:1].isupper() and t[1:].islower() for t in tokens)


@cache
def _countries() -> frozenset[str]:
    """Folded country names (pycountry): a byline part that is one is a place, not a person."""
    import pycountry

    names = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(fold(value))
    return frozenset(names | {fold(n) for n in _words()["countries"]})


def _trim(tokens: list[str], roles: frozenset[str]) -> list[str]:
    """Role, label and date words off both ends of a byline's words (month names only at
    the end, after the day and year: "Jan Kupitz" keeps its first name)."""

    def junk(token: str, end: bool = False) -> bool:
        t = token.strip(".,:;()[]|").casefold()
        return not t or t in roles or (end and t in _MONTHS) or any(c.isdigit() for c in t)

    while tokens and (junk(tokens[-1], end=True) or " ".join(tokens[-2:]).casefold() in roles):
        tokens = tokens[:-2] if " ".join(tokens[-2:]).casefold() in roles and len(tokens) > 1 else tokens[:-1]
    while tokens and (junk(tokens[0]) or " ".join(tokens[:2]).casefold() in roles):
        tokens = tokens[2:] if " ".join(tokens[:2]).casefold() in roles and len(tokens) > 1 else tokens[1:]
    return tokens


_ABBREVIATION_END = re.compile(r"(?:^|\s)(?:\w|Jr|Sr|Dr|St)\.$")
_PLACEHOLDER_PARTS = ("admin", "webmaster", "username")


def _name_shaped(name: str) -> bool:
    """A person's name: a few words with letters, a capital in Latin script; 2–6 CJK chars."""
    if _cjk_share(name) > 0.5:
        return 2 <= len(name.replace(" ", "").replace("·", "")) <= 6
    tokens = name.split()
    if not tokens or len(tokens) > MAX_NAME_WORDS or sum(c.isalpha() for c in name) < 2:
        return False
    if not all(any(c.isalpha() for c in t) for t in tokens):
        return False
    particles = _words()["name_particles"]
    if any(t[0].islower() and t.casefold() not in particles for t in tokens if t[0].isalpha()):
        return False  # "Eine realistische Interpretation …": a phrase, not a name
    return any(t[0].isupper() for t in tokens if t[0].isalpha())


def _credit(text: str) -> str | None:
    """An agency or desk credit: the outlet's canonical name, else the text when it is
    name-like (starts with a capital, short)."""
    text = " ".join(text.split()).strip(" .,:;-–—|()")
    if not text:
        return None
    outlet = lookup(text)
    if outlet is not None:
        return outlet.name
    tokens = _trim(text.split(), _words()["role_words"] - {"report", "reports"})
    text = " ".join(tokens)
    if text and text[0].isupper() and len(tokens) <= MAX_NAME_WORDS and not any(c.isdigit() for c in text):
        return text
    return None
