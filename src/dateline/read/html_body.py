"""The body of an HTML news page: the article's paragraphs, never the page's chrome.

Four passes, each about the *kind* of page, never about one site:

1. structure — a copy of the tree loses the elements that hold furniture rather than article
   text: ``<header>``, ``<aside>``, ``<figcaption>``, elements whose class names a kicker,
   standfirst, dek, summary or subtitle (up to standfirst length), and consent/cookie/
   newsletter boxes (class or id names one *and* its text is such chrome); an element
   holding half the page's text or more is a wrapper, not furniture, and stays;
2. the first candidate — trafilatura on the pruned copy (with its own readability/jusText
   fallbacks); an old table layout that comes back as ``| … |`` rows is retried without
   tables, then read from the main ``<p>`` block or cell by cell;
3. the guard — every candidate loses chrome at its edges and blocks of chrome inside it
   (phrases of ``data/boilerplate.txt``: consent, newsletter, paywall, navigation; menu-line
   shape), then is judged: chrome when what is left is still mostly chrome phrases, or all
   links.  Only when the first candidate is chrome, short next to the page's visible text,
   or misses most of the page's main ``<p>`` block are second opinions computed (lazily;
   on about one page in twelve): trafilatura with ``favor_recall`` and on the unpruned
   page, readability-lxml, and — when the first one was rejected outright — jusText, the
   main ``<p>`` block and JSON-LD ``articleBody``.  Chrome candidates are rejected; a
   survivor replaces a first candidate that is not chrome only with several times its
   sentence text; among survivors the best score (sentence text, discounted by links)
   wins.  A page whose every candidate is chrome has no article text (ParseError);
4. edges — the top loses the kicker/section/headline run ending at the title, known furniture
   lines (``data/furniture.txt``) and a metadata line (timestamp + source/author labels);
   the bottom loses known furniture lines (share/print/copyright/editor notes) and a share
   widget's echo of the headline or URL.

Every pass is linear in the page's size: element text lengths for the structural pass come
from one bottom-up walk, each candidate paragraph is scanned for chrome phrases once, the
main-block coverage check matches whole paragraphs first (tests count the work).

``standfirst_text`` gives what the structural pass prunes as a standfirst (dek, summary,
subtitle, strapline, a lead-classed ``<p>``) for ``Article.standfirst``.

Thresholds were calibrated on the dev half of trafilatura_eval only (``eval/reader_body.py
--calibrate`` prints the figures); the test half and the total are reported beside it.

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
from functools import cache, cached_property, lru_cache
from importlib import resources

import lxml.html
import trafilatura
from lxml import etree

from dateline.errors import ParseError

from .datelines import parse_dateline
from .text import is_known_furniture

log = logging.getLogger(__name__)

# ---- thresholds ---------------------------------------------------------------------------
# Structure and edges (set on the sample corpus and BBC pages, except MAX_STANDFIRST_CHARS).
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
# at an even position); `eval/reader_body.py --calibrate` prints the figures quoted here.
CHROME_SHARE = 0.4  # chrome-phrase paragraphs holding this share of what is left of a
#   candidate make it chrome.  On dev the right bodies (snippet recall 1) reach 0.32 (a
#   186-word post and an 85-word brief, each with a cookie notice left in); the consent
#   and newsletter candidates (recall 0) are at 0.63 and 1.0
CHROME_MAX_WORDS = 400  # …unless more than this many words are left: a guard for articles
#   about cookies and consent.  Candidates rejected on phrases on dev have ≤ 180 words; the
#   one candidate above both thresholds, a 563-word privacy-policy block (0.45, recall 0), is
#   a rescue-only candidate and never chosen
NAV_LINK_DENSITY = 0.6  # a candidate whose text is, for this share, paragraphs that are whole
#   links of the page is navigation.  On dev the menus and link lists (recall 0) are at
#   0.74–1.0, and no candidate with recall above 0 reaches 0.4
SHORT_SHARE = 0.1  # a first candidate with less than this share of the page's visible text
#   is "short" and second opinions are computed; so is one under MIN_BODY_CHARS, or one that
#   misses most of the page's main <p> block.  With BETTER_RATIO these were set on the dev
#   half by a grid (share 0–0.3, chars 0–800, ratio 1.5–5): snippet accuracy is flat at its
#   best (2738 of 2952, first candidate alone 2729) for share 0.05–0.15, chars 0–200, ratio
#   3–5; the values are mid-plateau.  Second opinions then run on 42 of 495 dev pages
MIN_BODY_CHARS = 200  # (non-space characters)
BETTER_RATIO = 3.0  # a second opinion replaces a first candidate that is not chrome only when
#   it has this many times its sentence text; nearer 1 the first one's precision wins on dev
MIN_SENTENCE_SHARE = 0.3  # a candidate whose text ends sentences in less than this share of
#   its paragraphs (by characters) is a list of links, labels or teasers: score 0.  Dev
#   accuracy is flat for 0–0.5 (a guard for kinds of page dev has few of), lower at 0.7
MAX_EDGE_CHROME_CHARS = 300  # a chrome paragraph at the body's edge is dropped up to this long
#   (a banner sentence or a button label; longer edge paragraphs are left for CHROME_SHARE)
CHROME_RUN = 3  # this many chrome paragraphs in a row inside the text are a block of chrome
#   (two could be an article quoting a banner)
CHROME_GAP = 2  # …counting across up to this many labels (short, no sentence) between two

# jusText, the main <p> block and JSON-LD articleBody compete only when the first candidate is
# rejected: as merely "longer" alternatives they lost more snippets than they won on dev
RESCUE_ONLY = frozenset({"justext", "main <p> block", "json-ld articleBody"})

_FURNITURE_TAGS = frozenset({"header", "aside", "figcaption"})
_FURNITURE_CLASSES = frozenset({"standfirst", "kicker", "dek", "subtitle", "summary", "strapline", "eyebrow"})
# class/id words of consent and newsletter boxes (not "paywall": sites wrap the article in it)
_CHROME_ATTR = re.compile(
    r"cookie|consent|gdpr|\bcmp\b|cmp[-_]|newsletter|opt-?in|onetrust|usercentrics", re.I
)
_BARE_URL = re.compile(r"(?:https?://|www\.)\S+")
_MENU_SEPARATOR = re.compile(r"\s[|·•»›/]\s|\s[-–]\s")
MIN_MENU_ITEMS = 3  # "Home | News | Sport": a menu line has this many short items …
MAX_MENU_CHARS = 200  # … and is at most this long
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
    first = chosen = page.candidate("trafilatura", _first_extraction(page))
    considered = [first]
    if _suspicious(first):
        rescue = bool(first.chrome or not first.paragraphs)  # the first one is rejected outright
        opinions = page.second_opinions(rescue=rescue)
        considered = [first, *(page.candidate(name, make()) for name, make in opinions)]
        chosen = _choose(considered)
    if explain is not None:
        explain.extend(c if c is not chosen else c.mark_chosen() for c in considered)
    if chosen is None:
        kinds = [k for k in CHROME_KINDS if any(c.chrome == k for c in considered)]
        raise ParseError(
            "no article text found in HTML: the page's text is "
            f"{' and '.join(_CHROME_NAMES[k] for k in kinds)}, not an article; "
            "save the rendered article page"
        )
    if not chosen.paragraphs:
        raise ParseError(
            "no article text found in HTML: neither trafilatura nor a <p> scan found "
            "paragraphs (script-only page, consent wall or empty template?); save the "
            "rendered article page, or read the text another way"
        )
    return list(chosen.paragraphs)


def calibration_candidates(tree, url: str | None) -> list[Candidate]:
    """Every candidate of a page, computed eagerly (for eval/reader_body.py --calibrate)."""
    page = _Page(tree, url)
    first = page.candidate("trafilatura", _first_extraction(page))
    return [first, *(page.candidate(name, make()) for name, make in page.second_opinions())]


def trim_edges(paragraphs: list[str], title: str | None) -> list[str]:
    """Drop page-top and page-bottom furniture; at least one paragraph always stays."""
    out = list(paragraphs)
    key = _norm(title) if title else None
    if key:
        for i, paragraph in enumerate(out[:TITLE_WINDOW]):
            if _norm(paragraph) == key and i + 1 < len(out):
                if all(len(p) <= MAX_INFO_CHARS for p in out[:i]):  # a kicker run, not text
                    out = out[i + 1 :]  # the headline and the kicker/section lines above it
                break
    start, end = 0, len(out)  # indices, not pop(0): linear however many lines go
    while end - start > 1 and (is_known_furniture(out[start]) or is_info_line(out[start])):
        start += 1
    while end - start > 1 and (is_known_furniture(out[end - 1]) or _is_share_line(out[end - 1], key)):
        end -= 1
    return out[start:end]


def _is_share_line(line: str, title_key: str | None) -> bool:
    """A share widget's echo at the bottom: the headline again, or a bare URL."""
    return _norm(line) == title_key or bool(_BARE_URL.fullmatch(line.strip()))


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
    kept, kinds, removed = _strip_chrome(_paragraphs(paragraphs))
    return _chrome_of(kept, kinds, removed, link_density=0.0)


def strip_chrome(paragraphs: list[str]) -> tuple[list[str], dict[str, int]]:
    """The paragraphs without chrome at the edges or in runs, and the removed chars by kind.

    At either end a chrome paragraph up to ``MAX_EDGE_CHROME_CHARS`` goes; elsewhere only a
    block of them does (see ``_chrome_zones``), so one sentence about cookies in an article
    stays.
    """
    kept, _kinds, removed = _strip_chrome(paragraphs)
    return kept, removed


def _strip_chrome(paragraphs: list[str]) -> tuple[list[str], list[str | None], dict[str, int]]:
    """``strip_chrome``, with the chrome kind of every kept paragraph: each paragraph is
    scanned for phrases once, however many paragraphs there are (an LRU cache alone thrashed
    on pages with more paragraphs than it holds, doubling the scans)."""
    kinds = [_paragraph_chrome(p) for p in paragraphs]
    n = len(paragraphs)
    drop = [False] * n
    for order in (range(n), reversed(range(n))):  # short chrome paragraphs at either end
        for i in order:
            if drop[i]:
                continue
            if not kinds[i] or len(paragraphs[i]) > MAX_EDGE_CHROME_CHARS:
                break
            drop[i] = True
    for start, end in _chrome_zones(paragraphs, kinds):
        drop[start:end] = [True] * (end - start)
    removed = dict.fromkeys(CHROME_KINDS, 0)
    for p, kind, gone in zip(paragraphs, kinds, drop, strict=True):
        if gone and kind:  # a label inside a dropped block counts for nothing
            removed[kind] += len(p)
    kept = [p for p, gone in zip(paragraphs, drop, strict=True) if not gone]
    return kept, [k for k, gone in zip(kinds, drop, strict=True) if not gone], removed


def standfirst_text(tree, body: Iterable[str] | None = None) -> str | None:
    """The standfirst (dek, summary, subtitle, strapline) of the page's article, or None.

    The text of the first element near the top of the article whose class names one (the
    classes the structural pass prunes, kicker and eyebrow aside) or a ``<p>`` whose class
    names a lead/intro: after the first ``<h1>`` when there is one, before the first
    paragraph of the main ``<p>`` block, outside nav/footer/aside/figcaption and consent or
    newsletter boxes; whitespace folded, 20–``MAX_STANDFIRST_CHARS`` non-space characters,
    not (part of) the headline, not chrome, not a whole link.  ``body``, when given (the body
    paragraphs), excludes a dek that is already among its first paragraphs, so the
    standfirst never repeats the body's first paragraph.
    """
    root = tree.find(".//body")
    root = tree if root is None else root
    order = {el: i for i, el in enumerate(root.iter())}
    h1 = next(root.iter("h1"), None)
    start = order[h1] if h1 is not None else -1
    title = _norm(h1.text_content()) if h1 is not None else None
    first_p = _main_block_start(root)
    end = order[first_p] if first_p is not None else len(order)
    skip = {_norm(p) for p in list(body or ())[:TITLE_WINDOW]}
    anchors = None
    for el in _MAYBE_FURNITURE(root):
        i = order[el]
        if i >= end:
            break
        if i <= start or not _is_dek(el) or _outside_article(el):
            continue
        text = " ".join(el.text_content().split())
        size = len(_fold(text))
        if not 20 <= size <= MAX_STANDFIRST_CHARS or _norm(text) in skip or (title and _norm(text) in title):
            continue
        if anchors is None:
            anchors = {_fold(a.text_content()) for a in root.iter("a")}
        if _fold(text) in anchors or chrome_kind([text]) is not None:
            continue
        return text
    return None


_DEK_CLASS = re.compile(
    r"(?:^|(?<=[\s_-]))(?<!with[\s_-])(?:standfirst|dek|deck|subtitle|summary|strapline|sub-?headline)"
    r"(?=$|[\s_-])"
)
_LEAD_CLASS = re.compile(r"(?:^|(?<=[\s_-]))(?:lead|lede|intro)(?=$|[\s_-])")
_NOT_ARTICLE_TAGS = frozenset({"nav", "footer", "aside", "figcaption"})


def _is_dek(el) -> bool:
    """A dek-classed element (no headings, at most two paragraphs), or a lead-classed <p>."""
    if not isinstance(el.tag, str):
        return False
    cls = (el.get("class") or "").lower()
    if el.tag.lower() == "p" and _LEAD_CLASS.search(cls):
        return True
    if not _DEK_CLASS.search(cls):
        return False
    return next(el.iterdescendants("h1", "h2", "h3"), None) is None and sum(1 for _ in el.iter("p")) <= 2


def _outside_article(el) -> bool:
    """Inside (or itself) navigation, a footer, an aside, a caption or a consent box."""
    for node in (el, *el.iterancestors()):
        if not isinstance(node.tag, str):
            continue
        if node.tag.lower() in _NOT_ARTICLE_TAGS:
            return True
        if _CHROME_ATTR.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
    return False


def _main_block_start(root):
    """The first <p> (not a lead one) of the parent whose <p> children hold the most text
    (as ``_main_block``), or None."""
    blocks: dict = {}
    for p in root.iter("p"):
        entry = blocks.setdefault(p.getparent(), [None, 0])
        if entry[0] is None and not _is_dek(p):  # a lead <p> in the block stands before it
            entry[0] = p
        entry[1] += len(_fold(p.text_content()))
    best = max(blocks.values(), key=lambda e: e[1], default=None)
    return best[0] if best and best[1] >= MIN_MAIN_BLOCK_CHARS else None


# ---- the page and its candidates ----------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """One extractor's answer, with the evidence the guard and the score read."""

    source: str
    paragraphs: tuple[str, ...]
    chars: int  # non-space characters
    sentence_chars: int  # non-space characters of paragraphs that end a sentence
    page_share: float  # chars / the page's visible text
    link_density: float  # share of the text in paragraphs that are a link of the page
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
        """jusText's classified paragraphs of the whole page."""
        return _justext_paragraphs(self.tree)

    @cached_property
    def anchors(self) -> frozenset[str]:
        """The folded text of every link on the page."""
        return frozenset(k for k in (_fold(a.text_content()) for a in self.tree.iter("a")) if k)

    def link_share(self, paragraphs: tuple[str, ...]) -> float:
        """The share of a candidate's text in paragraphs that are, whole, a link of the page."""
        chars = sum(len(_fold(p)) for p in paragraphs)
        links = sum(len(k) for k in (_fold(p) for p in paragraphs) if k in self.anchors)
        return links / chars if chars else 0.0

    def candidate(self, source: str, paragraphs: list[str]) -> Candidate:
        """A candidate, chrome stripped, with the evidence the guard and the score read."""
        kept, kinds, removed = _strip_chrome(_paragraphs(paragraphs))
        paragraphs_t = tuple(kept)
        chars = sum(len(_fold(p)) for p in paragraphs_t)
        sentence_chars = sum(len(_fold(p)) for p in paragraphs_t if _SENTENCE_END.search(p))
        share = chars / self.text_chars if self.text_chars else 1.0
        density = self.link_share(paragraphs_t)
        chrome = _chrome_of(kept, kinds, removed, link_density=density)
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

    def second_opinions(self, *, rescue: bool = True) -> Iterator[tuple[str, Callable[[], list[str]]]]:
        """Other extractors' answers; the RESCUE_ONLY ones only when the first candidate was
        rejected (``rescue``)."""
        yield "trafilatura recall", lambda: _trafilatura(self.work, self.url, favor_recall=True)
        yield "trafilatura, whole page", lambda: _trafilatura(deepcopy(self.tree), self.url)
        yield "readability", lambda: readability_paragraphs(self.work, self.url)
        if not rescue:
            return  # the rest are RESCUE_ONLY
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


def _suspicious(
    first: Candidate, *, short_share: float = SHORT_SHARE, min_chars: int = MIN_BODY_CHARS
) -> bool:
    """Chrome, short next to the page, or missing the page's main <p> block: ask again."""
    return bool(
        first.chrome or first.chars < min_chars or first.page_share < short_share or not first.covers_main
    )


def _score(chars: int, sentence_chars: int, link_density: float) -> float:
    """Sentence text, in log characters, discounted by links: long prose wins."""
    if chars == 0:
        return 0.0
    prose = sentence_chars / chars
    if prose < MIN_SENTENCE_SHARE:
        return 0.0
    return math.log1p(sentence_chars) * (1.0 - link_density)


def _choose(candidates: list[Candidate], *, ratio: float = BETTER_RATIO) -> Candidate | None:
    """The first candidate unless it is chrome or a survivor has much more sentence text.

    Among the survivors the best score wins.  None when every candidate with text is chrome.
    """
    first = candidates[0]
    rescue = first.chrome or not first.paragraphs
    others = [
        c
        for c in candidates[1:]
        if c.paragraphs and not c.chrome and c.score > 0 and (rescue or c.source not in RESCUE_ONLY)
    ]
    if not rescue:
        floor = ratio * max(first.sentence_chars, 1)
        others = [c for c in others if c.sentence_chars >= floor]
        return max(others, key=lambda c: c.score) if others else first
    if others:
        return max(others, key=lambda c: c.score)
    return None if first.chrome else first


# ---- page chrome: consent, newsletter, paywall, navigation --------------------------------
CHROME_KINDS = ("consent", "newsletter", "paywall", "navigation")
_TEXT_KINDS = ("consent", "newsletter", "paywall")
_CHROME_NAMES = {
    "consent": "a cookie/consent notice",
    "newsletter": "a newsletter sign-up box",
    "paywall": "a paywall or subscription offer",
    "navigation": "menus and link lists",
}


@cache
def _phrase_lines() -> dict[str, list[tuple[str, str]]]:
    """Every phrase of ``data/boilerplate.txt`` by kind: (its key word, its regular
    expression); the key is "" for a "re:" line or a phrase with no spaced-script word, and
    "label:<word>" for a phrase that counts only in a label paragraph."""
    text = resources.files(__package__).joinpath("data/boilerplate.txt").read_text("utf-8")
    parts: dict[str, list[tuple[str, str]]] = {kind: [] for kind in CHROME_KINDS}
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
        line = line.casefold()  # patterns match casefolded text: no IGNORECASE, which makes
        if line.startswith("re:"):  # the boundary classes below take seconds to compile
            parts[kind].append(("", line[3:]))
            continue
        label = line.startswith("label:")
        phrase = line.removeprefix("label:").strip()
        words = [w for w in _WORD.findall(phrase) if w.isalpha() and all(map(_spaced, w))]
        key = max(words, key=len) if words else ""
        parts[kind].append((f"label:{key}" if label else key, _phrase_regex(phrase)))
    return parts


def _phrase_regex(phrase: str) -> str:
    """A phrase as a regular expression: any whitespace between its words, word boundaries
    at its ends — none for a phrase with CJK characters, whose words have no spaces."""
    body = r"\s+".join(map(re.escape, phrase.split()))
    return body if not all(map(_spaced, phrase.replace(" ", ""))) else rf"(?<!\w){body}(?!\w)"


def _spaced(char: str) -> bool:
    return ord(char) < 0x2E80  # below the CJK blocks


@cache
def _chrome_patterns() -> dict[str, re.Pattern[str]]:
    """One alternation per kind of chrome (the navigation one strips menu words), for
    casefolded text."""
    return {
        k: re.compile("|".join(f"(?:{p})" for _key, p in sorted(v, key=lambda kp: -len(kp[1]))))
        for k, v in _phrase_lines().items()
    }


_WORD = re.compile(r"\w+")
_Phrase = tuple[str, re.Pattern[str], bool]  # kind, pattern, counts only in a label paragraph


@cache
def _phrase_index() -> tuple[dict[str, list[_Phrase]], list[_Phrase]]:
    """The consent/newsletter/paywall phrases keyed by their longest word, so a paragraph is
    only matched against the phrases whose key word it contains (one big alternation tried
    at every position costs more than the rest of the guard); regular expressions and
    phrases without a Latin-script key word are tried on every paragraph."""
    keyed: dict[str, list[tuple[str, re.Pattern[str], bool]]] = {}
    always: list[tuple[str, re.Pattern[str], bool]] = []
    for kind in _TEXT_KINDS:
        for key, source in _phrase_lines()[kind]:
            label = key.startswith("label:")
            key = key.removeprefix("label:")
            entry = (kind, re.compile(source), label)
            if key:
                keyed.setdefault(key, []).append(entry)
            else:
                always.append(entry)
    return keyed, always


def _text_chrome(paragraph: str) -> str | None:
    """The kind of consent/newsletter/paywall phrase a paragraph holds, if any."""
    keyed, always = _phrase_index()
    paragraph = paragraph.casefold()
    words = set(_WORD.findall(paragraph))
    label = _is_label(paragraph)
    candidates = [entry for key in words.intersection(keyed) for entry in keyed[key]] + always
    found = {kind for kind, pattern, only in candidates if (label or not only) and pattern.search(paragraph)}
    return next((kind for kind in _TEXT_KINDS if kind in found), None)


def _chrome_zones(paragraphs: list[str], kinds: list[str | None]) -> list[tuple[int, int]]:
    """Blocks of chrome: ``CHROME_RUN`` or more chrome paragraphs with at most ``CHROME_GAP``
    labels between neighbours (a consent tool's purposes and their switch labels, a menu
    with a heading); a sentence ends a block."""
    zones = []
    i, n = 0, len(paragraphs)
    while i < n:
        if not kinds[i]:
            i += 1
            continue
        count, last, gap, k = 1, i, 0, i + 1
        while k < n:
            if kinds[k]:
                count, last, gap = count + 1, k, 0
            elif gap < CHROME_GAP and _is_label(paragraphs[k]):
                gap += 1
            else:
                break
            k += 1
        if count >= CHROME_RUN:
            zones.append((i, last + 1))
        i = last + 1
    return zones


def _is_label(paragraph: str) -> bool:
    """A short line that ends no sentence: a heading, a switch or button label."""
    return len(paragraph) <= MAX_MENU_CHARS and not _SENTENCE_END.search(paragraph)


def _chrome_of(
    kept: list[str], kinds: list[str | None], removed: dict[str, int], *, link_density: float
) -> str | None:
    """The kind of chrome a candidate is: nothing but chrome, mostly chrome, or all links.

    ``kinds`` are the kept paragraphs' chrome kinds (``_strip_chrome`` has them)."""
    if not kept:
        kind, chars = max(removed.items(), key=lambda kv: kv[1])
        return kind if chars else None
    total = sum(len(p) for p in kept)
    words = sum(len(p.split()) for p in kept)
    by_kind = dict.fromkeys(CHROME_KINDS, 0)
    for p, kind in zip(kept, kinds, strict=True):
        if kind:
            by_kind[kind] += len(p)
    kind, chars = max(by_kind.items(), key=lambda kv: kv[1])
    if chars >= CHROME_SHARE * total and words <= CHROME_MAX_WORDS:
        return kind
    if link_density >= NAV_LINK_DENSITY:
        return "navigation"
    return None


@lru_cache(maxsize=4096)  # strip_chrome and _chrome_of ask about the same paragraphs
def _paragraph_chrome(paragraph: str) -> str | None:
    """The kind of chrome one paragraph names by its phrases, or "navigation" for a menu line."""
    return _text_chrome(paragraph) or (
        "navigation" if _is_nav_paragraph(paragraph, _chrome_patterns()["navigation"]) else None
    )


def _is_nav_paragraph(paragraph: str, pattern: re.Pattern[str]) -> bool:
    """A menu line: navigation words and separators only, no sentence."""
    if len(paragraph) > MAX_MENU_CHARS or _SENTENCE_END.search(paragraph):
        return False
    if paragraph.startswith("|") and paragraph.endswith("|"):
        return False  # a table row ("| file | speed |"), as trafilatura writes tables
    items = [i for i in _MENU_SEPARATOR.split(paragraph) if i.strip()]
    if len(items) >= MIN_MENU_ITEMS and all(len(i.split()) <= 3 for i in items):
        return True  # "Home | News | Sport | Contact"
    letters = sum(c.isalpha() for c in paragraph)
    rest = sum(c.isalpha() for c in pattern.sub(" ", paragraph.casefold()))
    return letters > 0 and rest <= 0.25 * letters


def _chrome_element(el) -> bool:
    """A consent, cookie or newsletter box: its class/id says so and its text agrees."""
    if not _CHROME_ATTR.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
        return False
    return chrome_kind(_block_paragraphs(el)) in _TEXT_KINDS


# ---- structure ----------------------------------------------------------------------------
def _without_furniture(tree):
    """The tree minus its kicker/standfirst/header/aside/caption and chrome boxes (in place)."""
    root = tree.find(".//body")
    root = tree if root is None else root
    sizes, ends = _subtree_figures(root)
    total = sizes[0]
    if not total:
        return tree
    order = {el: i for i, el in enumerate(root.iter())}
    skip_until = 0  # the preorder index where the last dropped element's subtree ends
    for el in _MAYBE_FURNITURE(root):  # document order: a wrapper is judged before what it holds
        i = order[el]
        if i < skip_until or not (kind := _furniture_kind(el)):
            continue  # inside an element already dropped: nothing to judge
        size = sizes[i]  # its subtree is as it was: only elements before it were dropped
        if size >= MAX_PRUNED_SHARE * total:
            continue  # a wrapper of the article, not furniture
        if kind == "class" and size > MAX_STANDFIRST_CHARS and not _chrome_element(el):
            continue  # "entry-summary" and the like holding the text itself
        if kind == "chrome" and not _chrome_element(el):
            continue  # a "cookie"-named element whose text is not consent text
        _drop(el)
        skip_until = ends[i]
    return tree


_HIDDEN_TAGS = frozenset({"script", "style", "noscript"})


def _subtree_figures(root) -> tuple[list[int], list[int]]:
    """For every element of ``root.iter()`` (preorder): its visible text length (as
    ``_text_len``) and the preorder index just past its subtree; one pass over the tree
    (``_text_len`` on each furniture candidate was quadratic in nested markup)."""
    elements = list(root.iter())
    index = {el: i for i, el in enumerate(elements)}
    n = len(elements)
    hidden = [isinstance(el.tag, str) and el.tag.lower() in _HIDDEN_TAGS for el in elements]
    inside = [False] * n  # under a script/style/noscript: _text_len counts all its text
    for i, el in enumerate(elements):
        for child in el:
            inside[index[child]] = inside[i] or hidden[i]
    raw, seen, ends = [0] * n, [0] * n, list(range(1, n + 1))
    for i in range(n - 1, -1, -1):  # children before parents
        el = elements[i]
        own = _nonspace(el.text) if isinstance(el.tag, str) else 0  # a comment's text is not text
        r = v = own
        for child in el:
            j = index[child]
            tail = _nonspace(child.tail)
            r, v = r + raw[j] + tail, v + seen[j] + tail
            ends[i] = max(ends[i], ends[j])
        raw[i], seen[i] = r, (0 if hidden[i] else v)
    return [raw[i] if inside[i] else seen[i] for i in range(n)], ends


def _nonspace(text: str | None) -> int:
    return len(_fold(text)) if text else 0


_MAYBE_FURNITURE = etree.XPath(
    "descendant-or-self::*[@class or @id or self::header or self::aside or self::figcaption]"
)
_FURNITURE_CLASS = re.compile(
    r"(?:^|(?<=[\s_-]))(?<!with[\s_-])(?:" + "|".join(sorted(_FURNITURE_CLASSES)) + r")(?=$|[\s_-])"
)  # "field-type-text-with-summary" is a field type, not a summary


def _furniture_kind(el) -> str | None:
    """The kind of furniture: "tag" (header, aside, figcaption), "class" (kicker, standfirst
    …), "chrome" (consent, newsletter box by class or id), or None."""
    if not isinstance(el.tag, str):  # comments, processing instructions
        return None
    if el.tag.lower() in _FURNITURE_TAGS:
        return "tag"
    if _FURNITURE_CLASS.search((el.get("class") or "").lower()):
        return "class"
    return "chrome" if _CHROME_ATTR.search(f"{el.get('class') or ''} {el.get('id') or ''}") else None


_STRING = etree.XPath("string()", smart_strings=False)
_UNSEEN = etree.XPath(  # the outermost script/style/noscript elements at or under a node
    "descendant-or-self::*[self::script or self::style or self::noscript]"
    "[not(ancestor::script or ancestor::style or ancestor::noscript)]"
)


def _text_len(el) -> int:
    """Non-space characters of an element's visible text (scripts and styles left out)."""
    return len(_fold(_STRING(el))) - sum(len(_fold(_STRING(s))) for s in _UNSEEN(el))


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
    except (ValueError, etree.ParserError):
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
    need = MIN_COVERAGE * _chars(main)
    keys = [_fold(p) for p in main]
    whole = {_fold(p) for p in paragraphs}
    found = sum(len(k) for k in keys if k in whole)  # the usual case, in linear time
    rest = [k for k in keys if k not in whole]
    left = sum(map(len, rest))
    if found >= need or found + left < need:
        return found >= need
    text = "".join(map(_fold, paragraphs))
    for key in sorted(rest, key=len, reverse=True):  # substring search only while it can matter
        left -= len(key)
        found += len(key) if key in text else 0
        if found >= need or found + left < need:
            break
    return found >= need


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
