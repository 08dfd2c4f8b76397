"""Bytes in: declared charset, detection, Latin-1 fallback, binary/empty/huge refused."""

from __future__ import annotations

import codecs
import gzip

import pytest

from dateline.errors import BinaryInput, DecodeError, EmptyInput, TooLarge
from dateline.read.decode import decode, normalize_text

ZH = "北京时间5月13日，国务院召开常务会议，研究部署进一步扩大对外开放的措施。会议指出，要稳定外贸外资。"


@pytest.mark.parametrize(
    ("data", "text_part", "evidence"),
    [
        (b"Plain ASCII news text.", "Plain ASCII", "utf-8"),
        ("Café owners in Zürich said prices rose.".encode(), "Zürich", "utf-8"),
        (codecs.BOM_UTF8 + b"With a BOM.", "With a BOM", "bom"),
        ("Hello from UTF-16.".encode("utf-16"), "UTF-16", "bom"),
        (
            f'<html><head><meta charset="gbk"></head><body><p>{ZH}</p></body></html>'.encode("gbk"),
            "国务院",
            "declared",
        ),
        (
            f'<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>{ZH}</p>'.encode(
                "gb2312"
            ),
            "国务院",
            "declared",
        ),
        (f"<meta charset='GB18030'><p>{ZH} 𠀀</p>".encode("gb18030"), "𠀀", "declared"),
        ("The ticket cost £60 in Málaga, fans said.".encode("latin-1"), "£60", None),
        (f"{ZH}{ZH}{ZH}".encode("gb18030"), "国务院", "detected"),
    ],
)
def test_decode_encodings(data: bytes, text_part: str, evidence: str | None) -> None:
    d = decode(data, path="x")
    assert text_part in d.text
    if evidence:
        assert d.evidence == evidence


def test_decode_declared_charset_that_lies_falls_back() -> None:
    data = '<meta charset="utf-8"><p>Le café coûte 3 €, a dit le patron.</p>'.encode("cp1252")
    assert "café" in decode(data).text


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyInput),
        (b"   \n\r\n\t  ", EmptyInput),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), BinaryInput),
        (b"%PDF-1.7\n...", BinaryInput),
        (b"abc\x00def" * 20, BinaryInput),
        (bytes(range(1, 9)) * 200, BinaryInput),
        (gzip.compress(b""), EmptyInput),
        (b"\x1f\x8b\x08\x00garbage", DecodeError),
    ],
)
def test_decode_refuses_with_one_line_reason(data: bytes, error: type) -> None:
    with pytest.raises(error) as exc:
        decode(data, path="some/file.txt")
    assert "some/file.txt" in str(exc.value) and "\n" not in str(exc.value)


def test_decode_size_limits_including_gzip_bombs() -> None:
    with pytest.raises(TooLarge):
        decode(b"a" * 1001, max_bytes=1000)
    bomb = gzip.compress(b"a" * 100_000)
    assert len(bomb) < 1000
    with pytest.raises(TooLarge):
        decode(bomb, max_bytes=10_000)
    assert decode(gzip.compress(b"gzipped text"), max_bytes=10_000).text == "gzipped text"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("x\u00a0y\u202fz\u2009w", "x y z w"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("cafe\u0301", "café"),
    ],
)
def test_decode_normalize_text(raw: str, clean: str) -> None:
    assert normalize_text(raw) == clean
    assert normalize_text(normalize_text(raw)) == normalize_text(raw)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("deep.html", b"<html><body>" + b"<div>" * 20000 + b"<p>Deep text here.</p>"),
        ("nul.jsonl", b'{"title": "x", "text": "a\\u0000b"}\n'),
        ("huge.txt", b"Headline\n\n" + b"word " * 300_000),
        ("weird.json", b'[1, 2, {"text": "Only text."}]'),
    ],
)
def test_decode_hostile_inputs_give_articles_or_one_line_errors(tmp_path, name: str, data: bytes) -> None:
    from dateline.errors import InputError
    from dateline.read import read_path

    path = tmp_path / name
    path.write_bytes(data)
    for item in read_path(path, max_bytes=1_000_000):
        if isinstance(item, InputError):
            assert "\n" not in str(item) and name in str(item)


# ---- mostly UTF-8, multi-member gzip (issue 9) ------------------------------------------------


def test_decode_mostly_utf8_keeps_utf8_and_says_so() -> None:
    good = "The ticket cost £60 in Málaga, fans said. " * 5
    data = good.encode() + b"A stray Latin-1 byte: \xa3 here."
    d = decode(data, path="x.txt")
    assert d.encoding == "utf-8" and d.evidence == "utf-8 with replacements"
    assert "£60" in d.text and "Â£" not in d.text and "\ufffd" in d.text
    assert d.note == "decoded as UTF-8 with 1 invalid byte sequence replaced by U+FFFD"


def test_decode_latin1_without_utf8_evidence_is_not_read_as_utf8() -> None:
    d = decode("Fans paid £60 and €20 at the café. ".encode("cp1252") * 3)
    assert d.encoding != "utf-8" and "£60" in d.text and d.note is None


def test_decode_mostly_utf8_note_reaches_the_article() -> None:
    from dateline.read import read_bytes

    body = "Officials in Zürich said the café would reopen on Monday after repairs. " * 3
    data = ("Café reopens\n\n" + body).encode() + b"\n\nCost: \x80 unknown.\n"
    (art,) = list(read_bytes(data, name="mostly.txt"))
    assert any("invalid byte sequence" in n for n in art.notes)
    assert "Zürich" in art.body


def test_gzip_every_member_is_read() -> None:
    data = gzip.compress(b"Storm closes ports\n\nFirst paragraph.\n") + gzip.compress(b"\nSecond member.\n")
    assert decode(data).text.endswith("Second member.\n")


def test_gzip_limit_counts_all_members() -> None:
    data = gzip.compress(b"a" * 600) + gzip.compress(b"b" * 600)
    with pytest.raises(TooLarge):
        decode(data, max_bytes=1000)


def test_gzip_trailing_garbage_is_an_error_naming_the_file() -> None:
    with pytest.raises(DecodeError) as e:
        decode(gzip.compress(b"text here\n") + b"not gzip at all", path="f.txt.gz")
    assert e.value.path == "f.txt.gz"
