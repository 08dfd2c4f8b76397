"""The body of an HTML news page: the article's paragraphs, page furniture removed.

Three passes, each about the *kind* of page, never about one site:

1. structure — a copy of the tree loses the elements that hold furniture rather than article
   text: ``<header>``, ``<aside>``, ``<figcaption>`` and elements whose class names a kicker,
   standfirst, dek, summary or subtitle; an element holding half the page's text or more is
   a wrapper, not furniture, and stays;
2. extraction — trafilatura.  Old table layouts come back as ``| … |`` rows, and on some
   pages trafilatura picks the wrong block; when its text is such a table dump or misses most
   of the page's main ``<p>`` block, trafilatura without tables is tried, then that ``<p>``
   block itself;
3. edges — the top loses the kicker/section/headline run ending at the title, known furniture
   lines (``data/furniture.txt``) and a metadata line (timestamp + source/author labels);
   the bottom loses known furniture lines (share/print/copyright/editor notes).
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy

import trafilatura

from dateline.errors import ParseError

from .datelines import parse_dateline
from .text import is_known_furniture

log = logging.getLogger(__name__)

# ---- thresholds ---------------------------------------------------------------------------
MAX_PRUNED_SHARE = 0.5  # a "furniture" element with this share of the page's text is a wrapper
MIN_MAIN_BLOCK_CHARS = 200  # a <p> block shorter than this is no evidence of the main text
MIN_COVERAGE = 0.5  # extracted text must hold this share of the main <p> block's characters
TITLE_WINDOW = 4  # kicker, section, date … the headline stands within the first paragraphs
MAX_INFO_CHARS = 120  # a metadata line (time, source, reporter) is short

_FURNITURE_TAGS = frozenset({"header", "aside", "figcaption"})
_FURNITURE_CLASSES = frozenset({"standfirst", "kicker", "dek", "subtitle", "summary", "strapline", "eyebrow"})
_CLASS_WORD = re.compile(r"[\s_-]+")
_NOT_SCRIPT = "text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"

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


# ---- entry points -------------------------------------------------------------------------
def body_paragraphs(tree, url: str | None) -> list[str]:
    """The page's text paragraphs (edges not yet trimmed); ParseError when there are none."""
    work = _without_furniture(deepcopy(tree))
    main = _main_block(work)
    paragraphs = _trafilatura(work, url)
    if _is_table_dump(paragraphs) or not _covers(paragraphs, main):
        retry = _trafilatura(work, url, include_tables=False)
        if retry and not _is_table_dump(retry) and _covers(retry, main):
            paragraphs = retry
        elif main:
            paragraphs = main
        elif _is_table_dump(paragraphs):
            paragraphs = _cells(paragraphs)
    for source in (work, tree):  # no extraction at all: every <p> of the page
        if not paragraphs:
            paragraphs = _paragraphs(p.text_content() for p in source.iter("p"))
    if not paragraphs:
        raise ParseError(
            "no article text found in HTML: neither trafilatura nor a <p> scan found "
            "paragraphs (script-only page, consent wall or empty template?); save the "
            "rendered article page, or read the text another way"
        )
    return paragraphs


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


# ---- structure ----------------------------------------------------------------------------
def _without_furniture(tree):
    """The tree minus its kicker/standfirst/header/aside/caption elements (in place)."""
    root = tree.find(".//body")
    root = tree if root is None else root
    total = _text_len(root)
    doomed = [el for el in root.iter() if _is_furniture_element(el)]
    for el in doomed:
        if total and _text_len(el) < MAX_PRUNED_SHARE * total:
            _drop(el)
    return tree


def _is_furniture_element(el) -> bool:
    if not isinstance(el.tag, str):  # comments, processing instructions
        return False
    if el.tag.lower() in _FURNITURE_TAGS:
        return True
    words = _CLASS_WORD.split((el.get("class") or "").lower())
    return not _FURNITURE_CLASSES.isdisjoint(words)


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


# ---- extraction ---------------------------------------------------------------------------
def _trafilatura(tree, url: str | None, **options) -> list[str]:
    try:
        doc = trafilatura.bare_extraction(tree, url=url, include_comments=False, **options)
    except Exception as err:  # noqa: BLE001 — third-party extractor; fall back to <p>
        log.debug("trafilatura extraction failed: %s", err)
        return []
    return _paragraphs(((doc.text if doc is not None else None) or "").split("\n"))


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


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()
