"""The body of an HTML news page: the article's paragraphs, never the page's chrome.

Four passes, each about the *kind* of page, never about one site:

1. structure — a copy of the tree loses the elements that hold furniture rather than article
   text: ``<header>``, ``<aside>``, ``<figcaption>``, elements whose class names a kicker,
   standfirst, dek, summary or subtitle, and consent/cookie/newsletter boxes (class or id
   names one *and* its text says so); an element holding half the page's text or more is a
   wrapper, not furniture, and stays;
2. extraction, a cascade — trafilatura (with its own readability/jusText fallbacks) first.
   Old table layouts come back as ``| … |`` rows and on some pages trafilatura picks the
   wrong block; when its text is such a table dump or misses most of the page's main ``<p>``
   block, trafilatura without tables is tried, then that ``<p>`` block itself;
3. the guard — the first candidate is checked: is it consent, cookie, newsletter, paywall or
   navigation text (phrases in ``data/boilerplate.txt`` plus structure: link density of the
   page paragraphs it came from, sentence punctuation, paragraph count and length), or is it
   short next to the page's text?  Only then are second opinions computed — trafilatura
   with ``favor_recall``, readability-lxml, jusText, the main ``<p>`` block, JSON-LD
   ``articleBody`` — chrome candidates are rejected and the best-scoring survivor is the
   body.  A page whose every candidate is chrome has no article text (ParseError);
4. edges — the top loses the kicker/section/headline run ending at the title, known furniture
   lines (``data/furniture.txt``) and a metadata line (timestamp + source/author labels);
   the bottom loses known furniture lines (share/print/copyright/editor notes).

Library logging (trafilatura's "discarding data", readability's tracebacks) is turned into
this module's DEBUG records at the call sites; nothing is printed.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources

import lxml.html
import trafilatura

from dateline.errors import ParseError

from .datelines import parse_dateline
from .text import is_known_furniture

log = logging.getLogger(__name__)

# ---- thresholds ---------------------------------------------------------------------------
# Structure and edges (unchanged since they were set on the sample corpus and BBC pages).
MAX_PRUNED_SHARE = 0.5  # a "furniture" element with this share of the page's text is a wrapper
MAX_STANDFIRST_CHARS = 500  # a kicker/standfirst/summary-classed element longer than this (in
#   non-space characters) is the text itself ("cm-entry-summary" themes wrap whole posts).
#   On the dev half of trafilatura_eval 364 of the 383 class-matched elements hold ≤ 400;
#   most of those above 500 are article bodies (Drupal text fields, WordPress entry
#   summaries), the rest body-length lists and one consent banner
MIN_MAIN_BLOCK_CHARS = 200  # a <p> block shorter than this is no evidence of the main text
MIN_COVERAGE = 0.5  # extracted text must hold this share of the main <p> block's characters
TITLE_WINDOW = 4  # kicker, section, date … the headline stands within the first paragraphs
MAX_INFO_CHARS = 120  # a metadata line (time, source, reporter) is short

# The guard.  Calibrated on the dev half of trafilatura_eval (pages whose evaldata key sorts
# at an even position; `eval/reader_body.py --calibrate` prints the figures behind each):
CHROME_SHARE = 0.4  # chrome phrases in paragraphs holding this share of a candidate's text:
#   chrome.  On dev, correct bodies peak at 0.25 (an article on cookie law, a newsletter
#   plug inside a long article), consent walls and newsletter boxes start at 0.45.
CHROME_MAX_WORDS = 400  # a candidate longer than this is never rejected on phrases alone: a
#   consent wall on dev is 20–300 words; an article that quotes a cookie banner is longer
NAV_LINK_DENSITY = 0.6  # a candidate whose page paragraphs are links for this share of their
#   text is navigation (menus 0.9–1.0 on dev, article text 0.0–0.15, teaser lists 0.5–0.8)
SHORT_SHARE = 0.15  # a first candidate with less than this share of the page's visible text
#   is "short": second opinions are computed.  On dev, 90% of right bodies hold ≥ 0.2 of
#   their page; the wrong ones that a second opinion fixes hold ≤ 0.12
MIN_BODY_CHARS = 400  # …and a first candidate under this many characters is short too
BETTER_RATIO = 1.5  # a second opinion replaces a non-chrome first candidate only when it is
#   this much longer (in sentence text) and holds most of the first one's text; below that
#   the first candidate's precision wins on dev
MIN_SENTENCE_SHARE = 0.3  # a candidate whose text ends sentences in less than this share of
#   its paragraphs (by characters) is a list of links, labels or teasers, not an article
MAX_EDGE_CHROME_CHARS = 300  # a chrome paragraph at the body's edge is dropped up to this long
CHROME_RUN = 3  # this many chrome paragraphs in a row inside the text are a block of chrome

_FURNITURE_TAGS = frozenset({"header", "aside", "figcaption"})
_FURNITURE_CLASSES = frozenset({"standfirst", "kicker", "dek", "subtitle", "summary", "strapline", "eyebrow"})
# class/id words of consent and newsletter boxes (not "paywall": sites wrap the article in it)
_CHROME_ATTR = re.compile(
    r"cookie|consent|gdpr|\bcmp\b|cmp[-_]|newsletter|opt-?in|onetrust|usercentrics", re.I
)
_MENU_SEPARATOR = re.compile(r"\s[|·•»›/]\s|\s[-–]\s")
MIN_MENU_ITEMS = 3
_CLASS_WORD = re.compile(r"[\s_-]+")
_NOT_SCRIPT = "text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"
_BLOCK_TAGS = frozenset(
    "p div li ul ol h1 h2 h3 h4 h5 h6 blockquote pre td th tr table section article dd dt dl br hr figure".split()
)

# a metadata line: a timestamp and a label, no sentence punctuation
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_INFO_STAMP = re.compile(
    rf"\d{{4}}\s*[-/.年]\s*\d{{1,2}}\s*[-/.月]\s*\d{{1,2}}|\d{{1,2}}\s*[:：]\s*\d{{2}}"
    rf"|\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTH}(?!\w)",
    re.IGNORECASE,
)
_INFO_LABEL = re.compile(
    r"来源|來源|记者|記者|作者|编辑|編輯|发布|發布"
    r"|\b(?:source|by|author|reporter|editor|posted|published|updated)\b",
    re.IGNORECASE,
)
_SENTENCE_PUNCT = re.compile(r"[。！？!?]|[.…]\s*$")
_SENTENCE_END = re.compile(r"[.!?…。！？:;][\"'”’»«)\]]*$")


# ---- entry points -------------------------------------------------------------------------
def body_paragraphs(tree, url: str | None, *, explain: list | None = None) -> list[str]:
    """The page's text paragraphs (edges not yet trimmed); ParseError when there are none.

    ``explain``, when given, receives every candidate that was considered (for the eval's
    calibration and error listings); the chosen one has ``chosen=True``.
    """
    page = _Page(tree, url)
    paragraphs = _first_extraction(page)
    first = page.candidate("trafilatura", paragraphs, structure=False)  # text evidence only
    considered = [first]
    chosen = first
    if _suspicious(first):  # now the page's structure is worth reading, and second opinions
        first = chosen = page.candidate("trafilatura", paragraphs)
        considered = [first, *(page.candidate(name, make()) for name, make in page.second_opinions())]
        chosen = _choose(considered)
    if explain is not None:
        explain.extend(c if c is not chosen else c.mark_chosen() for c in considered)
    if chosen is None:
        kinds = sorted({c.chrome for c in considered if c.chrome})
        raise ParseError(
            f"no article text found in HTML: the page's text is {' and '.join(kinds)} text "
            "(a consent wall, paywall or newsletter box); save the rendered article page"
        )
    if not chosen.paragraphs:
        raise ParseError(
            "no article text found in HTML: neither trafilatura nor a <p> scan found "
            "paragraphs (script-only page, consent wall or empty template?); save the "
            "rendered article page, or read the text another way"
        )
    return list(chosen.paragraphs)


def trim_edges(paragraphs: list[str], title: str | None) -> list[str]:
    """Drop page-top and page-bottom furniture; at least one paragraph always stays."""
    out = list(paragraphs)
    if title:
        key = _norm(title)
        for i, paragraph in enumerate(out[:TITLE_WINDOW]):
            if _norm(paragraph) == key and i + 1 < len(out):
                out = out[i + 1 :]  # the headline and the kicker/section lines above it
                break
    while len(out) > 1 and (is_known_furniture(out[0]) or is_info_line(out[0])):
        out.pop(0)
    while len(out) > 1 and is_known_furniture(out[-1]):
        out.pop()
    return out


def is_info_line(line: str) -> bool:
    """A page's metadata line: "2021-06-28 09:30 Source: X Reporter: Y", not a sentence."""
    text = " ".join(line.split())
    if not text or len(text) > MAX_INFO_CHARS or _SENTENCE_PUNCT.search(text):
        return False
    if _INFO_STAMP.search(text) and _INFO_LABEL.search(text):
        return True
    return parse_dateline(text) is not None


def chrome_kind(paragraphs: Iterable[str]) -> str | None:
    """The kind of page chrome the text is ("consent", "newsletter", "paywall", "navigation").

    Text evidence only (phrases of ``data/boilerplate.txt``, sentence shape): chrome at the
    edges and runs of chrome paragraphs are set aside, and what is left is judged.  The
    body cascade adds the page's structure.  The eval applies this to any system's output.
    """
    kept, removed = strip_chrome(_paragraphs(paragraphs))
    return _chrome_of(kept, removed, link_density=0.0)


def strip_chrome(paragraphs: list[str]) -> tuple[list[str], dict[str, int]]:
    """The paragraphs without chrome at the edges or in runs, and the removed chars by kind.

    At either end a chrome paragraph up to ``MAX_EDGE_CHROME_CHARS`` goes; inside the text
    only a run of ``CHROME_RUN`` or more chrome paragraphs does (a consent dialog's purpose
    list, a menu), so one sentence about cookies in an article stays.
    """
    kinds = [_paragraph_chrome(p) for p in paragraphs]
    drop = [False] * len(paragraphs)
    for order in (range(len(paragraphs)), reversed(range(len(paragraphs)))):
        for i in order:
            if drop[i]:
                continue
            if not kinds[i] or len(paragraphs[i]) > MAX_EDGE_CHROME_CHARS:
                break
            drop[i] = True
    start = 0
    for i in range(len(paragraphs) + 1):
        if i < len(paragraphs) and kinds[i]:
            continue
        if i - start >= CHROME_RUN:
            drop[start:i] = [True] * (i - start)
        start = i + 1
    removed = dict.fromkeys(CHROME_KINDS, 0)
    for p, kind, gone in zip(paragraphs, kinds, drop, strict=True):
        if gone:
            removed[kind] += len(p)
    return [p for p, gone in zip(paragraphs, drop, strict=True) if not gone], removed


# ---- the page and its candidates ----------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """One extractor's answer, with the evidence the guard and the score read."""

    source: str
    paragraphs: tuple[str, ...]
    chars: int  # non-space characters
    sentence_chars: int  # non-space characters of paragraphs that end a sentence
    page_share: float  # chars / the page's visible text
    link_density: float  # link text share of the page paragraphs the text came from
    chrome: str | None  # the kind of chrome, None for article text
    covers_main: bool  # holds most of the page's main <p> block (or there is none)
    score: float
    chosen: bool = field(default=False, compare=False)

    def mark_chosen(self) -> Candidate:
        return Candidate(**{**self.__dict__, "chosen": True})


class _Page:
    """The tree, its pruned copy and page-level figures, each computed once and lazily."""

    def __init__(self, tree, url: str | None) -> None:
        self.tree = tree
        self.url = url

    @cached_property
    def work(self):
        return _without_furniture(deepcopy(self.tree))

    @cached_property
    def main(self) -> list[str]:
        return _main_block(self.work)

    @cached_property
    def text_chars(self) -> int:
        root = self.tree.find(".//body")
        return _text_len(self.tree if root is None else root)

    @cached_property
    def justext(self) -> list:
        """jusText's classified paragraphs of the whole page (link density, boilerplate)."""
        return _justext_paragraphs(self.tree)

    @cached_property
    def blocks(self) -> dict[str, tuple[int, int]]:
        """The page's jusText paragraphs: folded text → (chars, link chars)."""
        index: dict[str, tuple[int, int]] = {}
        for p in self.justext:
            key = _fold(p.text)
            if key:
                chars = len(key)
                links = round(p.links_density() * chars)
                old = index.get(key, (0, 0))
                index[key] = (old[0] + chars, old[1] + links)
        return index

    def link_density(self, paragraphs: tuple[str, ...]) -> float:
        """Link share of the page paragraphs a candidate's text matches (exactly, folded)."""
        chars = links = 0
        for p in paragraphs:
            hit = self.blocks.get(_fold(p))
            if hit:
                chars += hit[0]
                links += hit[1]
        return links / chars if chars else 0.0

    def candidate(self, source: str, paragraphs: list[str], *, structure: bool = True) -> Candidate:
        """A candidate with its evidence; ``structure=False`` skips the page's link index."""
        kept, removed = strip_chrome(_paragraphs(paragraphs))
        paragraphs_t = tuple(kept)
        chars = sum(len(_fold(p)) for p in paragraphs_t)
        sentence_chars = sum(len(_fold(p)) for p in paragraphs_t if _SENTENCE_END.search(p))
        share = chars / self.text_chars if self.text_chars else 1.0
        density = self.link_density(paragraphs_t) if paragraphs_t and structure else 0.0
        chrome = _chrome_of(kept, removed, link_density=density)
        return Candidate(
            source=source,
            paragraphs=paragraphs_t,
            chars=chars,
            sentence_chars=sentence_chars,
            page_share=share,
            link_density=density,
            chrome=chrome,
            covers_main=_covers(list(paragraphs_t), self.main),
            score=_score(chars, sentence_chars, density),
        )

    def second_opinions(self) -> Iterator[tuple[str, Callable[[], list[str]]]]:
        yield "trafilatura recall", lambda: _trafilatura(self.work, self.url, favor_recall=True)
        yield "trafilatura, whole page", lambda: _trafilatura(deepcopy(self.tree), self.url)
        yield "readability", lambda: readability_paragraphs(self.work, self.url)
        yield "justext", lambda: [p.text for p in self.justext if not p.is_boilerplate]
        yield "main <p> block", lambda: self.main
        yield "json-ld articleBody", lambda: _jsonld_body(self.tree)


def _first_extraction(page: _Page) -> list[str]:
    """trafilatura on the pruned tree; a layout-table dump is retried without tables."""
    work, main = page.work, page.main
    paragraphs = _trafilatura(work, page.url)
    if _is_table_dump(paragraphs):
        retry = _trafilatura(work, page.url, include_tables=False)
        if retry and not _is_table_dump(retry):
            paragraphs = retry
        elif main:
            paragraphs = main
        else:
            paragraphs = _cells(paragraphs)
    for source in (work, page.tree):  # no extraction at all: every <p> of the page
        if not paragraphs:
            paragraphs = _paragraphs(p.text_content() for p in source.iter("p"))
    return paragraphs


def _suspicious(first: Candidate) -> bool:
    """Chrome, short next to the page, or missing the page's main <p> block: ask again."""
    return bool(
        first.chrome
        or first.chars < MIN_BODY_CHARS
        or first.page_share < SHORT_SHARE
        or not first.covers_main
    )


def _score(chars: int, sentence_chars: int, link_density: float) -> float:
    """Sentence text, in log characters, discounted by links: long prose wins."""
    if chars == 0:
        return 0.0
    prose = sentence_chars / chars
    if prose < MIN_SENTENCE_SHARE:
        return 0.0
    return math.log1p(sentence_chars) * (1.0 - link_density)


def _choose(candidates: list[Candidate]) -> Candidate | None:
    """The first candidate unless it is chrome or a survivor has much more sentence text.

    Among the survivors the best score wins.  None when every candidate with text is chrome.
    """
    first, others = (
        candidates[0],
        [c for c in candidates[1:] if c.paragraphs and not c.chrome and c.score > 0],
    )
    if first.paragraphs and not first.chrome:
        floor = BETTER_RATIO * max(first.sentence_chars, 1)
        others = [c for c in others if c.sentence_chars >= floor]
        return max(others, key=lambda c: c.score) if others else first
    if others:
        return max(others, key=lambda c: c.score)
    return None if first.chrome else first


# ---- page chrome: consent, newsletter, paywall, navigation --------------------------------
CHROME_KINDS = ("consent", "newsletter", "paywall", "navigation")
_TEXT_KINDS = ("consent", "newsletter", "paywall")


@cache
def _chrome_patterns() -> dict[str, re.Pattern[str]]:
    """One alternation per kind of chrome, from ``data/boilerplate.txt``."""
    text = resources.files(__package__).joinpath("data/boilerplate.txt").read_text("utf-8")
    parts: dict[str, list[str]] = {kind: [] for kind in CHROME_KINDS}
    kind = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            kind = line[1:-1].strip()
            if kind not in parts:
                raise ValueError(f"boilerplate.txt: unknown section [{kind}]")
            continue
        if kind is None:
            raise ValueError(f"boilerplate.txt: phrase before any [section]: {line!r}")
        parts[kind].append(line[3:] if line.startswith("re:") else r"\s+".join(map(re.escape, line.split())))
    return {
        k: re.compile(r"(?<!\w)(?:" + "|".join(sorted(v, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)
        for k, v in parts.items()
    }


def _chrome_of(kept: list[str], removed: dict[str, int], *, link_density: float) -> str | None:
    """The kind of chrome a candidate is: nothing but chrome, mostly chrome, or all links."""
    if not kept:
        kind, chars = max(removed.items(), key=lambda kv: kv[1])
        return kind if chars else None
    total = sum(len(p) for p in kept)
    words = sum(len(p.split()) for p in kept)
    by_kind = dict.fromkeys(CHROME_KINDS, 0)
    for p in kept:
        kind = _paragraph_chrome(p)
        if kind:
            by_kind[kind] += len(p)
    kind, chars = max(by_kind.items(), key=lambda kv: kv[1])
    if chars >= CHROME_SHARE * total and words <= CHROME_MAX_WORDS:
        return kind
    if link_density >= NAV_LINK_DENSITY:
        return "navigation"
    return None


def _paragraph_chrome(paragraph: str) -> str | None:
    """The kind of chrome one paragraph names by its phrases, or "navigation" for a menu line."""
    patterns = _chrome_patterns()
    for kind in _TEXT_KINDS:
        if patterns[kind].search(paragraph):
            return kind
    return "navigation" if _is_nav_paragraph(paragraph, patterns["navigation"]) else None


def _is_nav_paragraph(paragraph: str, pattern: re.Pattern[str]) -> bool:
    """A menu line: navigation words and separators only, no sentence."""
    if len(paragraph) > 200 or _SENTENCE_END.search(paragraph):
        return False
    items = [i for i in _MENU_SEPARATOR.split(paragraph) if i.strip()]
    if len(items) >= MIN_MENU_ITEMS and all(len(i.split()) <= 3 for i in items):
        return True  # "Home | News | Sport | Contact"
    letters = sum(c.isalpha() for c in paragraph)
    rest = sum(c.isalpha() for c in pattern.sub(" ", paragraph))
    return letters > 0 and rest <= 0.25 * letters


def _chrome_element(el) -> bool:
    """A consent, cookie or newsletter box: its class/id says so and its text agrees."""
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    if not _CHROME_ATTR.search(names):
        return False
    return chrome_kind(_block_paragraphs(el)) in _TEXT_KINDS


# ---- structure ----------------------------------------------------------------------------
def _without_furniture(tree):
    """The tree minus its kicker/standfirst/header/aside/caption and chrome boxes (in place)."""
    root = tree.find(".//body")
    root = tree if root is None else root
    total = _text_len(root)
    doomed = [el for el in root.iter() if _is_furniture_element(el)]
    for el in doomed:
        size = _text_len(el)
        if not total or size >= MAX_PRUNED_SHARE * total:
            continue  # a wrapper of the article, not furniture
        if size > MAX_STANDFIRST_CHARS and not _is_furniture_tag(el) and not _chrome_element(el):
            continue  # "field-type-text-with-summary", "entry-summary": the text itself
        _drop(el)
    return tree


def _is_furniture_tag(el) -> bool:
    return isinstance(el.tag, str) and el.tag.lower() in _FURNITURE_TAGS


def _is_furniture_element(el) -> bool:
    if not isinstance(el.tag, str):  # comments, processing instructions
        return False
    if _is_furniture_tag(el):
        return True
    words = _CLASS_WORD.split((el.get("class") or "").lower())
    named = any(w in _FURNITURE_CLASSES and (i == 0 or words[i - 1] != "with") for i, w in enumerate(words))
    return named or _chrome_element(el)  # "text-with-summary" is a field type, not a summary


def _text_len(el) -> int:
    return sum(len("".join(t.split())) for t in el.xpath(f"descendant-or-self::{_NOT_SCRIPT}"))


def _drop(el) -> None:
    """Remove an element but keep its tail text (lxml's drop_tree, for any element)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


# ---- extractors ---------------------------------------------------------------------------
class _ToDebug(logging.Handler):
    """Re-logs a library's records as this module's DEBUG records (shown with -v only)."""

    def emit(self, record: logging.LogRecord) -> None:
        log.debug("%s: %s", record.name, record.getMessage())


@contextmanager
def _library_logs(*names: str):
    """While a library runs, its log records go to DEBUG here, not to the terminal."""
    loggers = [logging.getLogger(name) for name in names]
    saved = [(lg.propagate, lg.handlers) for lg in loggers]
    handler = _ToDebug()
    for lg in loggers:
        lg.handlers = [handler]
        lg.propagate = False
    try:
        yield
    finally:
        for lg, (propagate, handlers) in zip(loggers, saved, strict=True):
            lg.handlers = handlers
            lg.propagate = propagate


def _trafilatura(tree, url: str | None, **options) -> list[str]:
    try:
        with _library_logs("trafilatura", "htmldate", "courlan", "justext", "readability"):
            doc = trafilatura.bare_extraction(tree, url=url, include_comments=False, **options)
    except Exception as err:  # noqa: BLE001 — third-party extractor; fall back to <p>
        log.debug("trafilatura extraction failed: %s", err)
        return []
    return _paragraphs(((doc.text if doc is not None else None) or "").split("\n"))


def readability_paragraphs(tree, url: str | None = None) -> list[str]:
    """readability-lxml's article, as text paragraphs (block elements and <br> split them)."""
    from readability import Document  # imported on first use: a second opinion, rarely needed

    try:
        with _library_logs("readability"):
            summary = Document(deepcopy(tree), url=url).summary(html_partial=True)
        root = lxml.html.fragment_fromstring(summary, create_parent="div")
    except Exception as err:  # noqa: BLE001 — third-party extractor; a missing opinion only
        log.debug("readability extraction failed: %s", err)
        return []
    return _block_paragraphs(root)


def _justext_paragraphs(tree) -> list:
    """jusText's classified paragraphs of a cleaned copy (every language's stop words)."""
    from justext.core import ParagraphMaker, classify_paragraphs, revise_paragraph_classification
    from trafilatura.baseline import basic_cleaning

    try:
        with _library_logs("justext", "trafilatura"):
            paragraphs = ParagraphMaker.make_paragraphs(basic_cleaning(deepcopy(tree)))
            classify_paragraphs(paragraphs, _stoplist(), 50, 150, 0.1, 0.2, 0.3, True)
            revise_paragraph_classification(paragraphs, 150)
    except Exception as err:  # noqa: BLE001 — third-party extractor; a missing opinion only
        log.debug("jusText failed: %s", err)
        return []
    return paragraphs


@cache
def _stoplist() -> frozenset[str]:
    from justext import get_stoplist, get_stoplists

    return frozenset(word for language in get_stoplists() for word in get_stoplist(language))


def _jsonld_body(tree) -> list[str]:
    """schema.org ``articleBody`` from the page's JSON-LD, split at its line breaks."""
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower() or "articleBody" not in (script.text or ""):
            continue
        try:
            data = json.loads(script.text, strict=False)
        except ValueError:
            continue
        body = _find_key(data, "articleBody", 0)
        if body:
            return _paragraphs(body.splitlines())
    return []


def _find_key(data, key: str, depth: int) -> str | None:
    if depth > 8:
        return None
    if isinstance(data, dict):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return _markup_text(value)
        data = list(data.values())
    if isinstance(data, list):
        for item in data:
            found = _find_key(item, key, depth + 1)
            if found:
                return found
    return None


def _markup_text(value: str) -> str:
    """articleBody is plain text, or sometimes HTML: its text with block breaks as lines."""
    if "<" not in value:
        return value
    try:
        root = lxml.html.fragment_fromstring(value, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return value
    return "\n".join(_block_paragraphs(root))


def _block_paragraphs(root) -> list[str]:
    """Text of an element tree, one paragraph per block element."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            out.append("".join(buf))
            buf.clear()

    stack: list = [(root, False)]
    while stack:  # iterative walk: deep trees do not hit the recursion limit
        el, closing = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if closing:
            if tag in _BLOCK_TAGS:
                flush()
            if el.tail:
                buf.append(el.tail)
            continue
        if tag in _BLOCK_TAGS:
            flush()
        if el.text and tag and tag not in ("script", "style"):
            buf.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    flush()
    return _paragraphs(out)


def _main_block(tree) -> list[str]:
    """The paragraphs of the parent whose <p> children hold the most text, if it is long."""
    blocks: dict = {}
    for p in tree.iter("p"):
        blocks.setdefault(p.getparent(), []).append(p.text_content())
    best: list[str] = []
    for texts in blocks.values():
        paragraphs = _paragraphs(texts)
        if _chars(paragraphs) > _chars(best):
            best = paragraphs
    return best if _chars(best) >= MIN_MAIN_BLOCK_CHARS else []


def _covers(paragraphs: list[str], main: list[str]) -> bool:
    """Whether the extracted text holds most of the main <p> block (spacing ignored)."""
    if not main:
        return True
    text = "".join("".join(paragraphs).split())
    found = sum(len(key) for key in ("".join(p.split()) for p in main) if key in text)
    return found >= MIN_COVERAGE * _chars(main)


def _is_table_dump(paragraphs: list[str]) -> bool:
    """Most of the text sits in "| cell | cell |" rows: a layout table, not an article."""
    piped = _chars(p for p in paragraphs if p.startswith("|") or p.endswith("|"))
    return piped > 0 and piped >= 0.5 * _chars(paragraphs)


def _cells(paragraphs: list[str]) -> list[str]:
    """A table dump split into its cells, one paragraph each."""
    return _paragraphs(cell for p in paragraphs for cell in p.strip("|").split(" | "))


def _chars(paragraphs) -> int:
    return sum(len(p) for p in paragraphs)


def _paragraphs(lines) -> list[str]:
    return [p for p in (" ".join(line.split()) for line in lines) if p]


def _fold(text: str) -> str:
    return "".join(text.split())


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()
