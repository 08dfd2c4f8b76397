"""A generated hostile input set: one of each input a million scraped pages will contain.

Nothing here is committed as data: :func:`make` writes the files into a folder the test
chooses, and returns what ingest must say of each — the failure reason, or that the file
gives an article (stored, perhaps unanalysed, with the reason).
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

GOOD_BODY = (
    "The harbour authority said on Monday that the northern pier would reopen after repairs, "
    "and that ferries would run on the usual timetable from Wednesday.\n\n"
    "Officials said the work had cost about 2 million and finished a week early."
)

#: name → ("fails", reason) | ("article", None) | ("unanalysed", reason substring)
Expected = dict[str, tuple[str, str | None]]


def make(folder: Path, *, max_chars: int = 200_000) -> Expected:
    """Write the hostile set into ``folder``; returns what ingest must report of each."""
    folder.mkdir(parents=True, exist_ok=True)
    out: Expected = {}

    def put(name: str, data: bytes | str, expect: tuple[str, str | None]) -> None:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        out[name] = expect

    put("empty.txt", b"", ("fails", "empty"))
    put("blank.txt", b"\n \n\t\n", ("fails", "empty"))
    put("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, ("fails", "binary"))
    put("nul.html", b"<html>\x00\x00\x00" + b"\x00" * 4000, ("fails", "binary"))
    put("gbk.html", _gbk_page(), ("article", None))
    put(
        "cp1252.txt",
        ("Ticket prices rise\n\n" + GOOD_BODY.replace("2 million", "£2 million")).encode("cp1252"),
        ("article", None),
    )
    put(
        "mostly_utf8.txt",
        ("Café reopens\n\n" + GOOD_BODY).encode() + b"\n\nPrice: \xa3 unknown.\n",
        ("article", None),
    )
    put(
        "truncated.html",
        "<html><head><title>Pier reopens</title></head><body><article><p>" + GOOD_BODY[:180],
        ("article", None),
    )
    put(
        "french.txt",
        "Le port rouvre\n\nLe port du nord a rouvert lundi après des travaux, a indiqué l'autorité portuaire, et les ferries reprendront mercredi.\n",
        ("unanalysed", "language fr"),
    )
    put(
        "huge_body.txt",
        "A very long page\n\n" + ("The pier reopened on Monday. " * (max_chars // 29 + 10)),
        ("unanalysed", "over the analysis limit"),
    )
    put(
        "multi.txt.gz",
        gzip.compress(b"Pier reopens\n\n") + gzip.compress(GOOD_BODY.encode()),
        ("article", None),
    )
    put("corrupt.txt.gz", gzip.compress(GOOD_BODY.encode())[:30], ("fails", "decode"))
    lines = [
        json.dumps({"title": "Line one", "text": GOOD_BODY}),
        "{not json",
        "[" * 50_000,
        json.dumps({"title": "Numbers", "text": 12345}),
        json.dumps({"title": "Surrogate \ud83d", "text": GOOD_BODY}),
    ]
    put("feed.jsonl", "\n".join(lines), ("article", None))  # and three line failures
    out["feed.jsonl:2"] = ("fails", "parse")
    out["feed.jsonl:3"] = ("fails", "parse")
    out["feed.jsonl:4"] = ("fails", "parse")
    os.mkfifo(folder / "pipe.txt")
    out["pipe.txt"] = ("fails", "input")
    os.symlink("/dev/zero", folder / "zero.txt")
    out["zero.txt"] = ("fails", "input")
    return out


def _gbk_page() -> bytes:
    html = (
        '<html><head><meta charset="gbk"><title>地铁新线开通</title></head><body><article>'
        "<h1>地铁新线开通</h1><p>北京时间5月13日，地铁新线正式开通运营，全长二十公里，设站十二座。</p>"
        "<p>有关负责人表示，新线将缓解城市东部的交通压力。</p></article></body></html>"
    )
    return html.encode("gbk")
