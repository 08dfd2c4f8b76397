"""read/: bytes of one file → Articles.

    path ─► bytes ─► decode.decode() ─► text ─┬─ text.read_text()   (.txt)
                                              ├─ exports.read_export() (.txt .rtf .docx holding
                                              │     many articles: Nexis, Factiva, <doc> …;
                                              │     rtf / docx: their text first)
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
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..errors import InputError, ParseError, TooLarge
from ..models import Article
from . import exports
from .decode import Decoded, decode, maybe_gunzip, normalize_text
from .docx import docx_to_text, is_docx
from .headlines import read_text_or_metadata
from .jsonl import read_jsonl
from .rtf import is_rtf, rtf_to_text

EXTENSIONS = (".txt", ".rtf", ".docx", ".html", ".htm", ".json", ".jsonl")
_FORMATS = {
    ".txt": "text",
    ".rtf": "text",
    ".docx": "text",
    ".html": "html",
    ".htm": "html",
    ".json": "jsonl",
    ".jsonl": "jsonl",
}

__all__ = ["EXTENSIONS", "detect_language", "format_of", "iter_paths", "read_bytes", "read_path", "unmatched"]


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
        if is_docx(data):  # a Word export (Nexis Uni's default download): its text
            if len(data) > max_bytes:
                raise TooLarge(
                    f"{len(data)} bytes is over the limit of {max_bytes}; raise DATELINE_MAX_BYTES"
                )
            text = normalize_text(docx_to_text(data, max_bytes=max_bytes, path=name))
            decoded, fmt = Decoded(text=text, encoding="docx", evidence="docx"), "text"
        else:
            decoded = decode(data, path=name, max_bytes=max_bytes)
            fmt = format_of(name, decoded.text)
        if fmt == "jsonl":
            items: Iterable[Article | InputError] = read_jsonl(decoded.text, origin=name)
        elif fmt == "html":
            from .html import read_html

            items = [read_html(decoded.text, origin=name)]
        else:
            text = decoded.text
            if is_rtf(text):  # an export saved as RTF (Nexis Uni, Factiva): its text
                text = normalize_text(rtf_to_text(text))
            layout = exports.detect(text)
            paged_candidate = decoded.encoding != "docx" and not is_rtf(decoded.text)
            if layout is None and paged_candidate and (b"\x0c" in data or data[:2] == b"\x1f\x8b"):
                # articles one a page: the decoder folds form feeds into spaces
                paged = exports.paged_text(maybe_gunzip(data, limit=max_bytes, path=name), decoded.encoding)
                if paged is not None and exports.detect(paged) == "wire-rules":
                    text, layout = paged, "wire-rules"
            if layout is not None:  # many articles in one export file
                items = exports.read_export(text, origin=name, layout=layout)
            else:
                items = [read_text_or_metadata(text, origin=name)]
        for item in items:
            if isinstance(item, Article):
                # The text decides the language; a declared one is only a fallback (a
                # record without text: its headline decides).
                said = item.body or (item.title or "" if item.skip_reason else "")
                item = replace(item, language=detect_language(said) or item.language)
                if decoded.note:  # how the bytes were read is part of the record's story
                    item = replace(item, notes=(*item.notes, decoded.note))
                item = _storable(item)
            yield item
    except InputError as err:  # name the file when the parser that raised did not know it
        yield err if err.path else type(err)(str(err), path=name)
    except Exception as err:  # noqa: BLE001 - a third-party parser failing on hostile input
        yield ParseError(f"could not parse ({type(err).__name__}: {err}); please report this file", path=name)


_SURROGATES = re.compile(r"[\ud800-\udfff]")
_TEXT_FIELDS = ("title", "body", "source", "url", "section", "credit", "standfirst", "published_evidence")


def _storable(article: Article) -> Article:
    """Every string of the article encodable as UTF-8: a lone surrogate (a JSON or JSON-LD
    "\\ud83d" escape) is replaced by U+FFFD here, with a note, never raised by the store."""
    changes: dict[str, object] = {}
    for name in _TEXT_FIELDS:
        value = getattr(article, name)
        if isinstance(value, str) and _SURROGATES.search(value):
            changes[name] = _SURROGATES.sub("\ufffd", value)
    if any(_SURROGATES.search(a) for a in article.authors):
        changes["authors"] = tuple(_SURROGATES.sub("\ufffd", a) for a in article.authors)
    if not changes:
        return article
    note = "lone surrogate code points replaced by U+FFFD"
    notes = article.notes if any("surrogate" in n for n in article.notes) else (*article.notes, note)
    return replace(article, notes=notes, **changes)  # type: ignore[arg-type]


def read_path(
    path: str | os.PathLike[str], *, max_bytes: int = 20 * 1024 * 1024
) -> Iterator[Article | InputError]:
    """All articles in one file ('-' reads standard input).

    Only regular files are read: a FIFO would block forever and a device (``/dev/zero``)
    never ends, so both are refused with the reason; and the read itself is bounded by the
    limit, whatever ``st_size`` says (``/proc`` files report 0)."""
    name = str(path)
    if name == "-":
        import sys

        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        try:
            data = _read_regular(name, max_bytes)
        except InputError as e:
            yield e
            return
        except OSError as e:
            yield InputError(f"cannot read: {e.strerror or e}", path=name)
            return
    yield from read_bytes(data, name=name, max_bytes=max_bytes)


_NOT_REGULAR = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _read_regular(name: str, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of a regular file; InputError for anything else."""
    if os.path.isdir(name):
        try:
            os.listdir(name)
        except OSError as e:
            raise InputError(
                f"cannot read folder: {e.strerror or e}; fix its permissions", path=name
            ) from None
        raise InputError("is a folder, not a file", path=name)
    # O_NONBLOCK: opening a FIFO must not wait for a writer; it changes nothing for files
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        mode = st.st_mode
        for test, what in _NOT_REGULAR:
            if test(mode):
                raise InputError(f"is {what}, not a regular file; only regular files are read", path=name)
        size = st.st_size
        if size > max_bytes:
            raise TooLarge(
                f"{size} bytes is over the limit of {max_bytes}; raise DATELINE_MAX_BYTES", path=name
            )
        return fh.read(max_bytes + 1)  # the decoder refuses the extra byte as too large


def _wanted(p: Path) -> bool:
    lower = p.name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return lower.endswith(EXTENSIONS) and not p.name.startswith(".")


def unmatched(args: Iterable[str]) -> list[str]:
    """The arguments that name no existing file or folder and match no glob pattern."""
    out = []
    for arg in args:
        if arg == "-" or os.path.lexists(arg):
            continue
        if any(ch in arg for ch in "*?[") and glob.glob(arg, recursive=True):
            continue
        out.append(arg)
    return out


def _walk(folder: Path, errors: list[str]) -> Iterator[Path]:
    """Wanted files under a folder, lazily, in sorted order (each folder's entries by
    name, a sub-folder's files where its name falls: the order ``sorted()`` gives paths),
    one folder listing in memory at a time.  A sub-folder that cannot be listed goes to
    ``errors`` (yielded after the walk, so the reader reports it instead of skipping it
    without a word).  Symbolic links to folders are not followed."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        errors.append(e.filename or str(folder))
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
            is_link = entry.is_symlink()
        except OSError:
            is_dir = is_link = False
        if is_dir:
            if not is_link:
                yield from _walk(path, errors)
        elif _wanted(path):
            # not only regular files: a FIFO or a device named like an article is reported
            yield path


def iter_paths(args: Iterable[str]) -> Iterator[Path]:
    """Files named by paths, folders (walked, sorted) and glob patterns; each once.
    Unreadable sub-folders and missing paths are yielded too: the reader reports them.

    Lazy and flat in memory however many files there are: a file is recognised as seen
    before by the folders and files given before it (not by a set of every path), and
    by the targets of the symbolic links met so far."""
    roots: list[Path] = []  # folders walked, resolved
    named: set[Path] = set()  # files given by name or pattern, resolved
    linked: set[Path] = set()  # targets of symbolic links yielded
    for arg in args:
        if any(ch in arg for ch in "*?["):
            candidates: Iterable[Path] = (Path(p) for p in sorted(glob.glob(arg, recursive=True)))
        else:
            candidates = [Path(arg)]
        for cand in candidates:
            errors: list[str] = []
            if cand.is_dir():
                found: Iterable[Path] = _walk(cand, errors)
                here = [cand.resolve()]
            elif cand.exists():
                found, here = [cand], []
            else:
                found, here = [], []
                yield cand  # let the reader report it as unreadable
            for p in found:
                key = p.resolve()
                if key in named or key in linked or any(key.is_relative_to(r) for r in roots):
                    continue
                if p.is_symlink():
                    if here and key.is_relative_to(here[0]):
                        continue  # its target is in this walk: read once, by its own name
                    linked.add(key)
                if not here:
                    named.add(key)
                yield p
            roots.extend(here)
            yield from (Path(e) for e in errors)
