"""read/: bytes of one file → Articles.

    path ─► bytes ─► decode.decode() ─► text ─┬─ text.read_text()   (.txt)
                                              ├─ exports.read_export() (.txt holding
                                              │     many articles: Nexis, Factiva, <doc> …)
                                              ├─ html.parse_html()  (.html .htm)
                                              └─ jsonl.read_jsonl() (.jsonl .json)
                                                      │
                                        language detected ─► Article

Every failure is an :class:`~dateline.errors.InputError` with a reason; ``read_bytes``
yields it in place of the article it could not make, so one bad line of a JSON Lines
file never hides the good ones.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..errors import InputError, ParseError, TooLarge
from ..models import Article
from . import exports
from .decode import decode
from .jsonl import read_jsonl
from .text import read_text

EXTENSIONS = (".txt", ".html", ".htm", ".json", ".jsonl")
_FORMATS = {".txt": "text", ".html": "html", ".htm": "html", ".json": "jsonl", ".jsonl": "jsonl"}

__all__ = ["EXTENSIONS", "detect_language", "format_of", "iter_paths", "read_bytes", "read_path"]


def format_of(name: str, text: str | None = None) -> str:
    """text | html | jsonl, by file extension (``.gz`` looked through), else by content."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    for ext, fmt in _FORMATS.items():
        if lower.endswith(ext):
            return fmt
    head = (text or "").lstrip()[:200].lower()
    if head.startswith(("<!doctype", "<html", "<?xml", "<head", "<body", "<article", "<div", "<p")):
        return "html"
    if head.startswith(("{", "[")):
        return "jsonl"
    return "text"


_MIN_LETTERS = 20  # below this py3langid's guess is noise: leave the language unknown


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid, offline), None when too short."""
    sample = text[:3000]
    letters = 0
    for c in sample:  # stop as soon as there is enough to classify
        letters += c.isalpha()
        if letters >= _MIN_LETTERS:
            break
    else:
        return None
    import py3langid

    lang, _score = py3langid.classify(sample)
    return str(lang)


def read_bytes(
    data: bytes, *, name: str, max_bytes: int = 20 * 1024 * 1024
) -> Iterator[Article | InputError]:
    """All articles in one file's bytes; failures come as InputError values, never raised."""
    try:
        decoded = decode(data, path=name, max_bytes=max_bytes)
        fmt = format_of(name, decoded.text)
        if fmt == "jsonl":
            items: Iterable[Article | InputError] = read_jsonl(decoded.text, origin=name)
        elif fmt == "html":
            from .html import read_html

            items = [read_html(decoded.text, origin=name)]
        else:
            layout = exports.detect(decoded.text)
            if layout is not None:  # many articles in one export file
                items = exports.read_export(decoded.text, origin=name, layout=layout)
            else:
                items = [read_text(decoded.text, origin=name)]
        for item in items:
            if isinstance(item, Article):
                # The text decides the language; a declared one is only a fallback.
                item = replace(item, language=detect_language(item.body) or item.language)
                if decoded.note:  # how the bytes were read is part of the record's story
                    item = replace(item, notes=(*item.notes, decoded.note))
            yield item
    except InputError as err:  # name the file when the parser that raised did not know it
        yield err if err.path else type(err)(str(err), path=name)
    except Exception as err:  # noqa: BLE001 - a third-party parser failing on hostile input
        yield ParseError(f"could not parse ({type(err).__name__}: {err}); please report this file", path=name)


def read_path(
    path: str | os.PathLike[str], *, max_bytes: int = 20 * 1024 * 1024
) -> Iterator[Article | InputError]:
    """All articles in one file ('-' reads standard input)."""
    name = str(path)
    if name == "-":
        import sys

        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        try:
            size = os.path.getsize(name)
            if size > max_bytes * 4:  # too large even compressed: do not read it at all
                yield TooLarge(f"{size} bytes is over the limit; raise DATELINE_MAX_BYTES", path=name)
                return
            data = Path(name).read_bytes()
        except OSError as e:
            yield InputError(f"cannot read: {e.strerror or e}", path=name)
            return
    yield from read_bytes(data, name=name, max_bytes=max_bytes)


def _wanted(p: Path) -> bool:
    lower = p.name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return lower.endswith(EXTENSIONS) and not p.name.startswith(".")


def iter_paths(args: Iterable[str]) -> Iterator[Path]:
    """Files named by paths, folders (walked, sorted) and glob patterns; each once."""
    seen: set[Path] = set()
    for arg in args:
        if any(ch in arg for ch in "*?["):
            candidates: Iterable[Path] = (Path(p) for p in sorted(glob.glob(arg, recursive=True)))
        else:
            candidates = [Path(arg)]
        for cand in candidates:
            if cand.is_dir():
                found = sorted(p for p in cand.rglob("*") if p.is_file() and _wanted(p))
            elif cand.exists():
                found = [cand]
            else:
                found = []
                yield cand  # let the reader report it as unreadable
            for p in found:
                key = p.resolve()
                if key not in seen:
                    seen.add(key)
                    yield p
