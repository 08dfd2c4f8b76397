"""Bytes → text: decompress, refuse binary, decode, normalize whitespace.

Decoding is a cascade, and the winner is recorded:
  1. a byte-order mark;
  2. the charset the document declares (``<meta charset>``, ``http-equiv``, XML
     declaration) — GB2312 and GBK are read as their superset GB18030;
  3. strict UTF-8, by far the most common encoding in the wild;
  4. detection with charset-normalizer;
  5. cp1252, a superset of Latin-1 for printable text, which cannot fail.
Normalization (NBSP and other space characters → space, CRLF/CR → LF, zero-width and
control characters dropped, NFC) happens here, before any offset is computed.
"""

from __future__ import annotations

import codecs
import gzip
import re
import unicodedata
import zlib
from dataclasses import dataclass
from typing import Any

from ..errors import BinaryInput, DecodeError, EmptyInput, TooLarge

# Signatures of common binary formats that sometimes end up in scraped folders.
_MAGIC = (
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x7fELF", "executable"),
    (b"RIFF", "RIFF media file"),
    (b"\x00\x00\x01\x00", "icon"),
)
_SNIFF = 8192  # bytes inspected for the binary test; enough to see any header
# A text file has almost no C0 control bytes besides \t \n \r \f; 10% means binary.
# (Calibrated: BBC, trafilatura and htmldate eval pages all have < 0.1%.)
_MAX_CONTROL_RATIO = 0.10

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""",
    re.IGNORECASE,
)
# Read GB2312/GBK as GB18030: a strict superset, so pages mislabelled as the older
# sets still decode.  Latin-1 labels are read as cp1252, as browsers do (WHATWG).
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "iso-8859-1": "cp1252", "latin-1": "cp1252"}

_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_DROP = re.compile(r"[\u200b-\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    evidence: str  # bom | declared | utf-8 | utf-8 with replacements | detected | fallback
    note: str | None = None  # a remark for Article.notes ("3 invalid UTF-8 bytes replaced")


def maybe_gunzip(data: bytes, *, limit: int, path: str | None = None) -> bytes:
    """Decompress gzip data (by magic bytes), every member of it, refusing output larger
    than ``limit``.  ``cat a.gz b.gz > c.gz`` is a valid gzip file of two members (RFC 1952):
    all of them are read, not only the first."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    out = bytearray()
    rest = data
    while rest:
        try:
            d = zlib.decompressobj(wbits=31)
            out += d.decompress(rest, limit + 1 - len(out))
        except (zlib.error, EOFError, gzip.BadGzipFile) as e:
            raise DecodeError(f"corrupt gzip data ({e}); re-compress or unpack the file", path=path) from None
        if len(out) > limit or (d.unconsumed_tail and not d.eof):
            raise TooLarge(
                f"decompresses to more than {limit} bytes; raise DATELINE_MAX_BYTES to accept it",
                path=path,
            )
        if not d.eof:
            raise DecodeError("truncated or corrupt gzip data; re-compress or unpack the file", path=path)
        rest = d.unused_data
        if rest and not rest.startswith(b"\x1f\x8b"):
            if rest.strip(b"\x00"):  # padding after the last member is allowed, anything else is not
                raise DecodeError("data after the end of the gzip stream; re-compress the file", path=path)
            rest = b""
    return bytes(out)


def check_not_binary(data: bytes, *, path: str | None = None) -> None:
    head = data[:_SNIFF]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise BinaryInput(f"looks like a {what}, not text; leave it out of the input", path=path)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in head or controls > _MAX_CONTROL_RATIO * len(head):
        raise BinaryInput(
            "binary data (NUL or control bytes), not text; leave it out of the input", path=path
        )


def _declared(data: bytes) -> str | None:
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii", "replace").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode(data: bytes, *, path: str | None = None, max_bytes: int = 20 * 1024 * 1024) -> Decoded:
    """Decode raw bytes of one input into normalized text, or raise an InputError."""
    if len(data) > max_bytes:
        raise TooLarge(
            f"{len(data)} bytes is over the limit of {max_bytes}; raise DATELINE_MAX_BYTES to accept it",
            path=path,
        )
    data = maybe_gunzip(data, limit=max_bytes, path=path)
    if not data.strip():
        raise EmptyInput("empty file: nothing to read", path=path)
    check_not_binary(data, path=path)

    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _finish(data.decode(enc, errors="replace"), enc, "bom", path)
    declared = _declared(data)
    if declared:
        try:
            return _finish(data.decode(declared), declared, "declared", path)
        except UnicodeDecodeError:
            pass  # the declaration lies; detect instead
    try:
        return _finish(data.decode("utf-8"), "utf-8", "utf-8", path)
    except UnicodeDecodeError:
        pass
    if (mostly := _mostly_utf8(data, path)) is not None:
        return mostly
    from charset_normalizer import from_bytes  # imported lazily: costs ~50 ms

    best = _most_coherent(from_bytes(data[: 256 * 1024]))
    if best is not None and best.encoding:
        enc = _ALIASES.get(best.encoding, best.encoding)
        try:
            return _finish(data.decode(enc), enc, "detected", path)
        except (UnicodeDecodeError, LookupError):
            pass
    return _finish(data.decode("cp1252", errors="replace"), "cp1252", "fallback", path)


# A file is UTF-8 with a few bad bytes (a truncated copy, one pasted Latin-1 character)
# rather than a legacy encoding when its valid multi-byte UTF-8 sequences outnumber its
# invalid ones by this factor.  Text in cp1252/Latin-1 almost never forms a valid UTF-8
# multi-byte sequence by chance (it takes an accented capital followed by a symbol, "Ã©"),
# so even a handful of valid sequences is strong evidence; BBC sport/199.txt (one Latin-1
# "£", no valid sequence) stays cp1252.
_UTF8_EVIDENCE_RATIO = 4
_UTF8_MIN_SEQUENCES = 2
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _mostly_utf8(data: bytes, path: str | None) -> Decoded | None:
    """UTF-8 with U+FFFD for the few invalid bytes, when the bytes are evidently UTF-8."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    valid = len(_UTF8_MULTIBYTE.findall(data))
    if valid < _UTF8_MIN_SEQUENCES or valid < _UTF8_EVIDENCE_RATIO * bad:
        return None
    note = f"decoded as UTF-8 with {bad} invalid byte sequence{'s' if bad != 1 else ''} replaced by U+FFFD"
    decoded = _finish(text, "utf-8", "utf-8 with replacements", path)
    return Decoded(decoded.text, decoded.encoding, decoded.evidence, note)


# Candidates within this much "chaos" (charset-normalizer's mess ratio, 0..1) of the
# least chaotic are all plausible; among them the most coherent (language fit) wins.
# Calibrated on BBC sport/199.txt: ASCII English with one Latin-1 "£" scores chaos 0.0
# as cp932 (Japanese, coherence 0) and 0.08 as cp1252 (coherence 0.98).
_CHAOS_TOLERANCE = 0.1
# Short texts leave many single-byte sets tied; cp1252 — the WHATWG default and by far
# the most common legacy encoding of English-language news — wins ties within this margin.
_CP1252_BONUS = 0.05


def _most_coherent(results: Any) -> Any:
    matches = list(results)
    if not matches:
        return None
    floor = min(m.chaos for m in matches)
    plausible = [m for m in matches if m.chaos <= floor + _CHAOS_TOLERANCE]
    return max(plausible, key=lambda m: m.coherence + (_CP1252_BONUS if m.encoding == "cp1252" else 0))


def _finish(text: str, encoding: str, evidence: str, path: str | None) -> Decoded:
    text = normalize_text(text)
    if not text.strip():
        raise EmptyInput("no text after decoding", path=path)
    if text.count("\ufffd") > max(8, len(text) // 20):
        raise DecodeError(
            f"decoded as {encoding} but 5%+ of characters are invalid; "
            "convert the file to UTF-8 or declare its charset",
            path=path,
        )
    return Decoded(text, encoding, evidence)


def normalize_text(text: str) -> str:
    """NFC; CRLF/CR → LF; NBSP and other spaces → ' '; zero-width and control chars dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _DROP.sub("", text)
    text = _SPACES.sub(" ", text)
    return unicodedata.normalize("NFC", text)
