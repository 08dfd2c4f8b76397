"""analyze_partition: the one function both engines run; JSON Lines byte ranges read
exactly as the whole file is (origins, content ids, failures)."""

from __future__ import annotations

import codecs
import gzip
import json
import os
from pathlib import Path

import pytest

from dateline.errors import InputError
from dateline.ingest import PartitionSettings, analyze_partition, ingest, process_group
from dateline.ingest_pool import run_pool
from dateline.read import read_path
from dateline.read.ranges import ByteRange, plan, read_range
from dateline.store import SQLiteCorpus

from .conftest import CORPUS

CITIES = ("Leeds", "Bristol", "Cardiff", "Glasgow", "Belfast", "York", "Bath", "Derby")


def _article(i: int) -> str:
    city = CITIES[i % len(CITIES)]
    return json.dumps(
        {
            "title": f"{city} council approves plan {i}",
            "text": f"The council in {city} voted on Monday to approve plan number {i}. "
            f'"It is a good day for {city}," said Mayor Anna Smith{i}. The work starts in March.',
            "published": f"2024-03-{1 + i % 28:02d}T10:00:00Z",
            "source": "Example News",
        }
    )


def _jsonl(
    path: Path,
    n: int,
    *,
    broken: tuple[int, ...] = (),
    blank: tuple[int, ...] = (),
    end: str = "\n",
    sep: str = "\n",
) -> Path:
    lines = []
    for i in range(n):
        if i in blank:
            lines.append("")
        elif i in broken:
            lines.append('{"title": "unterminated')
        else:
            lines.append(_article(i))
    path.write_text(sep.join(lines) + end, encoding="utf-8", newline="")
    return path


def _seen(items) -> list[tuple]:  # noqa: ANN001 - Articles and InputErrors
    out = []
    for it in items:
        if isinstance(it, InputError):
            out.append(("error", it.path, it.reason, str(it)))
        else:
            out.append(("article", it.origin, it.id, it.language, it.notes, it.title, it.body))
    return out


def _ranges(path: Path, chunk: int) -> list[ByteRange]:
    st = path.stat()
    ranges = plan(str(path), st.st_size, st.st_mtime_ns, chunk)
    assert ranges, "the file should have been split"
    return ranges


def _split_equals_whole(path: Path, chunk: int) -> list[ByteRange]:
    ranges = _ranges(path, chunk)
    whole = _seen(read_path(path))
    parts = [x for r in ranges for x in _seen(read_range(r, max_bytes=10**7))]
    assert parts == whole
    assert [r.start for r in ranges][0] == 0 and ranges[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in zip(ranges, ranges[1:], strict=False))
    return ranges


def test_ranges_give_the_whole_files_articles_origins_and_failures(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "feed.jsonl", 120, broken=(7, 40, 41, 99), blank=(3, 60))
    ranges = _split_equals_whole(path, 1500)
    assert len(ranges) > 10
    # a broken line inside a later range keeps its line number in the whole file
    errors = [x for r in ranges for x in read_range(r, max_bytes=10**7) if isinstance(x, InputError)]
    assert [e.path for e in errors] == [f"{path}:{n}" for n in (8, 41, 42, 100)]
    first_lines = [r.first_line for r in ranges]
    data = path.read_bytes()
    assert first_lines == [data[: r.start].count(b"\n") + 1 for r in ranges]


def test_no_trailing_newline_crlf_and_bom(tmp_path: Path) -> None:
    _split_equals_whole(_jsonl(tmp_path / "a.jsonl", 60, broken=(59,), end=""), 700)
    _split_equals_whole(_jsonl(tmp_path / "b.jsonl", 60, sep="\r\n", end="\r\n", broken=(30,)), 700)
    c = tmp_path / "c.jsonl"
    _jsonl(c, 60)
    c.write_bytes(codecs.BOM_UTF8 + c.read_bytes())
    _split_equals_whole(c, 700)


def test_a_boundary_exactly_at_a_line_break(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "feed.jsonl", 40)
    data = path.read_bytes()
    nl = data.index(b"\n", 2000)
    # the split point is the first line break at or after each multiple of the chunk:
    # a chunk ending exactly after a line break starts the next range right there
    ranges = _split_equals_whole(path, nl + 1)
    assert ranges[1].start == nl + 1 and ranges[1].first_line == data[: nl + 1].count(b"\n") + 1


def test_a_range_never_starts_on_a_line_the_reader_would_read_otherwise(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    lines = [_article(i) for i in range(30)]
    lines[10:10] = ["[1, 2, 3]", "  ", '{"title": "broken', "{", '"text": "pretty"', "}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for chunk in (200, 333, 700, 1200):
        ranges = _split_equals_whole(path, chunk)
        for r in ranges:
            assert path.read_bytes()[r.start : r.start + 1] == b"{"


@pytest.mark.parametrize(
    "content",
    [
        b'{"title": "a"}\r{"title": "b"}\n' * 50,  # a lone CR: the decoder makes it a line break
        ('{"title": "caf\xe9"}\n' * 50).encode("latin-1"),  # not UTF-8
        b'{"title": "x \xef\xbf\xbd"}\n' * 50,  # U+FFFD present: the decoder counts them
        b'[{"title": "a"},\n' * 50,  # a JSON array
        b'{"title": "broken\n' + b'{"title": "a"}\n' * 50,  # line 1 broken: read as one object?
        codecs.BOM_UTF16_LE + '{"title": "a"}\n'.encode("utf-16-le") * 50,
    ],
)
def test_files_not_plain_are_read_whole(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(content)
    st = path.stat()
    assert plan(str(path), st.st_size, st.st_mtime_ns, 64) is None


def test_only_large_json_lines_files_are_split(tmp_path: Path) -> None:
    small = _jsonl(tmp_path / "small.jsonl", 3)
    gz = tmp_path / "big.jsonl.gz"
    gz.write_bytes(gzip.compress(_jsonl(tmp_path / "big.jsonl", 50).read_bytes()))
    txt = tmp_path / "big.txt"
    txt.write_bytes((tmp_path / "big.jsonl").read_bytes())
    for p in (small, gz, txt):
        st = p.stat()
        assert plan(str(p), st.st_size, st.st_mtime_ns, 10**6 if p == small else 100) is None


def test_a_range_of_a_file_changed_since_planned_fails_cleanly(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "feed.jsonl", 30)
    ranges = _ranges(path, 500)
    path.write_text(path.read_text() + _article(99) + "\n")
    got = list(read_range(ranges[1], max_bytes=10**7))
    assert len(got) == 1 and isinstance(got[0], InputError) and "changed while" in str(got[0])


def test_analyze_partition_of_ranges_equals_the_whole_file(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "feed.jsonl", 24, broken=(5, 17))
    st = path.stat()
    settings = PartitionSettings(max_bytes=10**7, batch_size=8, max_chars=200_000)
    whole = analyze_partition([(str(path), st.st_size, st.st_mtime_ns)], settings)
    parts = [analyze_partition([r], settings) for r in _ranges(path, 900)]
    assert [r for p in parts for r in p.records] == whole.records
    assert [f for p in parts for f in p.failures] == whole.failures
    assert all(p.marks == [] for p in parts)  # a range never marks its file done
    assert sum(d.articles for p in parts for d in p.ranges) == whole.marks[0].articles == 22
    assert sum(d.failures for p in parts for d in p.ranges) == whole.marks[0].failures == 2


def test_analyze_partition_on_text_files_and_the_pool_give_the_same_records(tmp_path: Path) -> None:
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html", ".jsonl"))[:12]
    items = [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files]
    settings = PartitionSettings(max_bytes=10**7, batch_size=4, max_chars=200_000)
    direct = [analyze_partition(items[i : i + 4], settings) for i in range(0, len(items), 4)]
    assert process_group(items[:4], 10**7, 4) == direct[0]  # the old name, the same function
    pooled = []
    run_pool(iter([items[i : i + 4] for i in range(0, len(items), 4)]), 2, settings, pooled.append)
    assert pooled == direct
    assert sum(len(r.records) for r in direct) > 8


def test_a_split_file_ingests_to_the_rows_of_the_whole_file(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    path = _jsonl(tmp_path / "in" / "feed.jsonl", 30, broken=(12,))
    with SQLiteCorpus(tmp_path / "whole.db") as whole, SQLiteCorpus(tmp_path / "split.db") as split:
        a = ingest(whole, [str(tmp_path / "in")], workers=1)
        b = ingest(split, [str(tmp_path / "in")], workers=1, range_bytes=800)
        assert (a.added, dict(a.failed)) == (b.added, dict(b.failed)) == (29, {"parse": 1})
        rows = "SELECT id, origin FROM articles ORDER BY rowid"
        assert whole.db.execute(rows).fetchall() == split.db.execute(rows).fetchall()
        marks = "SELECT path, size, mtime_ns, articles, failures FROM files"
        assert whole.db.execute(marks).fetchall() == split.db.execute(marks).fetchall()
        fails = "SELECT path, reason, message FROM failures ORDER BY path"
        assert whole.db.execute(fails).fetchall() == split.db.execute(fails).fetchall()
        # a file with a failure is read again (all its ranges): nothing new, the failure once
        again = ingest(split, [str(tmp_path / "in")], workers=1, range_bytes=800)
        assert (again.files_unchanged, again.added, again.present, dict(again.failed)) == (
            0,
            0,
            29,
            {"parse": 1},
        )
        assert split.db.execute(fails).fetchall() == whole.db.execute(fails).fetchall()
        # edited: one article gone from the middle, one line fixed; the store drops the
        # gone one (it sees the ids of every range, not only the last's) and keeps the rest
        lines = path.read_text().split("\n")
        gone = json.loads(lines[3])["title"]
        lines[3] = ""
        lines[12] = _article(12)
        path.write_text("\n".join(lines))
        os.utime(path, ns=(2_000_000_000 * 10**9, 2_000_000_000 * 10**9))
        edited = ingest(split, [str(tmp_path / "in")], workers=1, range_bytes=800)
        assert (edited.added, edited.replaced, edited.recovered, sum(edited.failed.values())) == (1, 1, 1, 0)
        titles = {r[0] for r in split.db.execute("SELECT title FROM articles")}
        assert gone not in titles and len(titles) == 29
        assert [tuple(r) for r in split.db.execute("SELECT articles, failures FROM files")] == [(29, 0)]
        assert split.failures() == []
        assert ingest(split, [str(tmp_path / "in")], workers=1, range_bytes=800).files_unchanged == 1
