"""A large JSON Lines file, split into byte ranges a worker reads by itself.

    client: plan(path) ─► scans the bytes once (counts lines, checks the file is plain
            UTF-8 JSON Lines) ─► ByteRange(start, end, first_line) …   no text is sent
    worker: read_range(r) ─► open + seek + read ─► read_bytes() ─► origins "path:N"

A range is read by the very code that reads a whole file (:func:`read_bytes`); only the
line numbers in its origins and error paths are moved by ``first_line - 1``.  So a split
file gives exactly the articles, origins, content ids and failures of reading it whole.
That holds because a file is split only when reading it whole and reading each range
take the same path through the decoder and the JSON Lines reader: not gzip, no UTF-16
byte-order mark, strictly valid UTF-8 without U+FFFD, no lone CR (the decoder makes it a
line break), no charset declared other than UTF-8, an object on line 1 that parses; and
every range starts at a line break, on a line holding a JSON object that parses, with a
head that no check of the decoder (binary sniffing, declared charset) treats otherwise.
Any other file is read whole, as before.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..errors import InputError
from ..models import Article
from .decode import _declared, check_not_binary

SPLIT_EXTENSIONS = (".jsonl", ".ndjson")
_BLOCK = 1 << 20
_HEAD = 8192  # what the decoder sniffs: the binary test reads 8 KiB, the charset 4 KiB
_MAX_LINE = 32 << 20  # a line the client reads to check it parses, at most
_MAX_TRIES = 200  # lines tried after a split point before that range is merged into the last


@dataclass(frozen=True)
class ByteRange:
    """Bytes [start, end) of a JSON Lines file; its first line is line ``first_line``.
    ``size`` and ``mtime_ns`` are the file's when planned; ``index`` of ``count``."""

    path: str
    size: int
    mtime_ns: int
    start: int
    end: int
    first_line: int
    index: int
    count: int


def plan(path: str, size: int, mtime_ns: int, chunk: int) -> list[ByteRange] | None:
    """The ranges of about ``chunk`` bytes a file is read in, or None to read it whole
    (small, not JSON Lines, or not plain enough to be read in pieces identically)."""
    if size <= chunk or not path.lower().endswith(SPLIT_EXTENSIONS):
        return None
    try:
        with open(path, "rb") as fh:
            if not _startable(fh, 0, first=True):
                return None
            fh.seek(0)
            marks = _scan(fh, chunk)
            if marks is None:
                return None
            starts = _starts(fh, marks)
    except OSError:
        return None  # the whole-file reader reports it
    if len(starts) < 2:
        return None
    ends = [s for s, _ in starts[1:]] + [size]
    return [
        ByteRange(path, size, mtime_ns, s, e, line, i, len(starts))
        for i, ((s, line), e) in enumerate(zip(starts, ends, strict=True))
    ]


def _scan(fh, chunk: int) -> list[tuple[int, int]] | None:  # noqa: ANN001 - a binary file
    """One pass: (offset after a line break, its line number) at the first break past each
    multiple of ``chunk``; None when the file is not plain UTF-8 text."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    marks: list[tuple[int, int]] = []
    offset, lines, target = 0, 1, chunk
    last_cr = False
    while block := fh.read(_BLOCK):
        try:
            text = decoder.decode(block)
        except UnicodeDecodeError:
            return None
        if "\ufffd" in text or _lone_cr(block, last_cr):
            return None
        last_cr = block.endswith(b"\r")
        pos = 0
        while offset + len(block) >= target:  # the first line starting at or after target
            nl = block.find(b"\n", max(pos, target - 1 - offset))
            if nl < 0:
                break
            lines += block.count(b"\n", pos, nl + 1)
            pos = nl + 1
            marks.append((offset + pos, lines))
            target = offset + pos + chunk
        lines += block.count(b"\n", pos)
        offset += len(block)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return [m for m in marks if m[0] < offset]


def _lone_cr(block: bytes, last_cr: bool) -> bool:
    if last_cr and not block.startswith(b"\n"):
        return True
    body = block[:-1] if block.endswith(b"\r") else block
    return body.count(b"\r") != body.count(b"\r\n")


def _starts(fh, marks: list[tuple[int, int]]) -> list[tuple[int, int]]:  # noqa: ANN001
    """Range starts (offset, first line): each split point moved down to the first line
    where a range may start; the file's start first."""
    starts = [(0, 1)]
    for offset, line in marks:
        if offset <= starts[-1][0]:
            continue
        for _ in range(_MAX_TRIES):
            if _startable(fh, offset, first=False):
                starts.append((offset, line))
                break
            fh.seek(offset)
            skipped = fh.readline(_MAX_LINE)
            if not skipped.endswith(b"\n"):
                break  # the end of the file, or a line longer than _MAX_LINE
            offset, line = offset + len(skipped), line + 1
    return starts


def _startable(fh, offset: int, *, first: bool) -> bool:  # noqa: ANN001
    """Whether the file (``first``) or a range starting at ``offset`` is read by the
    decoder as strict UTF-8 and by the JSON Lines reader line by line, its line 1 an
    object that parses (else the reader would try the whole text as one object)."""
    from .decode import normalize_text
    from .jsonl import _loads

    fh.seek(offset)
    head = fh.read(_HEAD)
    if first and head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    if not head.startswith(b"{") or _declared(head) not in (None, "utf-8"):
        return False
    try:
        check_not_binary(head)
    except InputError:
        return False
    fh.seek(offset)
    line = fh.readline(_MAX_LINE)
    if not line.endswith(b"\n"):
        return False
    try:
        _loads(normalize_text(line.decode("utf-8-sig" if first else "utf-8")).rstrip("\n"), "")
    except (InputError, UnicodeDecodeError):
        return False
    return True


def read_range(r: ByteRange, *, max_bytes: int) -> Iterator[Article | InputError]:
    """The articles (and failures) of one range, named as when the file is read whole."""
    from . import read_bytes

    try:
        with open(r.path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if (st.st_size, st.st_mtime_ns) != (r.size, r.mtime_ns):
                yield InputError("changed while it was being read; run ingest again", path=r.path)
                return
            fh.seek(r.start)
            data = fh.read(r.end - r.start)
    except OSError as e:
        yield InputError(f"cannot read: {e.strerror or e}", path=r.path)
        return
    shift = r.first_line - 1
    for item in read_bytes(data, name=r.path, max_bytes=max_bytes):
        yield _moved(item, r.path, shift) if shift else item


def _line_moved(where: str | None, path: str, shift: int) -> str | None:
    if where is None or not where.startswith(path + ":"):
        return where
    tail = where[len(path) + 1 :]
    return f"{path}:{int(tail) + shift}" if tail.isdigit() else where


def _moved(item: Article | InputError, path: str, shift: int) -> Article | InputError:
    if isinstance(item, Article):
        return replace(item, origin=_line_moved(item.origin, path, shift))
    where = _line_moved(item.path, path, shift)
    if where == item.path:
        return item
    message = str(item)[len(item.path or "") + 2 :] if item.path else str(item)
    return type(item)(message, path=where)


__all__ = ["SPLIT_EXTENSIONS", "ByteRange", "plan", "read_range"]
