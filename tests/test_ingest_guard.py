"""One bad article never stops a run: per-article guard, bounded bodies, the CLI's edges."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.ingest import ingest, process_group
from dateline.models import Article
from dateline.nlp.pipeline import MAX_CHARS, analyze_batch
from dateline.store import SQLiteCorpus

from .factory import make_corpus

DATELINE = [sys.executable, "-m", "dateline.cli"]
GOOD = "The council voted on Tuesday to extend the night bus service, officials said.\n\n" * 3


def test_a_body_over_the_limit_is_stored_unanalysed_with_the_reason(nlp) -> None:
    long = Article(title="Long", body="Word " * 100, origin="long.txt")
    short = Article(title="Short", body=GOOD, origin="short.txt")
    recs = analyze_batch([long, short], nlp=nlp, max_chars=300)
    assert not recs[0].analysis.analysed
    assert "over the analysis limit of 300" in recs[0].analysis.skipped_reason
    assert "DATELINE_MAX_CHARS" in recs[0].analysis.skipped_reason
    assert recs[1].analysis.analysed
    assert MAX_CHARS == 200_000


def test_a_doc_that_cannot_be_made_fails_alone(nlp, monkeypatch) -> None:
    import dateline.nlp.pipeline as pipeline

    real = pipeline._make_doc

    def make_doc(nlp_, article):
        if article.origin == "bad.txt":
            raise ValueError("[E088] Text of length 1102935 exceeds maximum")
        return real(nlp_, article)

    monkeypatch.setattr(pipeline, "_make_doc", make_doc)
    arts = [Article(title="A", body=GOOD, origin="bad.txt"), Article(title="B", body=GOOD, origin="ok.txt")]
    recs = analyze_batch(arts, nlp=nlp)
    assert not recs[0].analysis.analysed
    assert recs[0].analysis.skipped_reason.startswith("tokenizing failed: ValueError: [E088]")
    assert recs[1].analysis.analysed


def test_a_record_that_cannot_be_encoded_is_a_failure_of_its_article(tmp_path: Path, monkeypatch) -> None:
    """The readers repair lone surrogates; should any reach a record, the guard holds."""
    import dateline.ingest as ingest_mod

    good = tmp_path / "good.txt"
    good.write_text("Night buses extended\n\n" + GOOD, encoding="utf-8")
    real = ingest_mod.read_path

    def read_path(path, **kw):
        if str(path).endswith("bad.txt"):
            yield Article(title="Broken \ud83d title", body=GOOD, origin=str(path))
        else:
            yield from real(path, **kw)

    monkeypatch.setattr(ingest_mod, "read_path", read_path)
    result = process_group([(str(good), 1, 1), (str(tmp_path / "bad.txt"), 1, 1)], 10**6, 8)
    assert [r["title"] for r in result.records] == ["Night buses extended"]
    (f,) = result.failures
    assert f.reason == "record" and "bad.txt" in f.message and "could not be encoded" in f.message


@pytest.mark.slow
def test_skipped_lines_show_their_reason(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", 2, duplicates=0, bad=2)
    run = subprocess.run(
        [*DATELINE, "ingest", str(tmp_path / "in"), "--db", str(tmp_path / "c.db"), "-q", "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "[empty]" in run.stderr and "[binary]" in run.stderr


@pytest.mark.slow
def test_ctrl_c_prints_the_resume_hint_and_exits_130(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", 60, duplicates=0, bad=0)
    proc = subprocess.Popen(
        [*DATELINE, "ingest", str(tmp_path / "in"), "--db", str(tmp_path / "c.db"), "-q"]
        + ["--workers", "1", "--batch-size", "1"],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (tmp_path / "c.db").exists():
        time.sleep(0.2)
    time.sleep(3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted; what was committed is kept, run again to resume" in err
    with SQLiteCorpus(tmp_path / "c.db") as corpus:  # what was committed is intact
        again = ingest(corpus, [str(tmp_path / "in")], workers=1)
    assert corpus_count(tmp_path / "c.db") == 60 and again.present == 0


def corpus_count(db: Path) -> int:
    import sqlite3

    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        con.close()


@pytest.mark.slow
def test_failures_command_lists_failed_inputs_by_reason(tmp_path: Path) -> None:
    make_corpus(tmp_path / "in", 2, duplicates=0, bad=2)
    db = str(tmp_path / "c.db")
    subprocess.run(
        [*DATELINE, "ingest", str(tmp_path / "in"), "--db", db, "-q", "--workers", "1"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    run = subprocess.run(
        [*DATELINE, "failures", "--db", db, "--json", "--reason", "binary"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["reason"] for r in rows] == ["binary"] and rows[0]["path"].endswith(".txt")
    stats = subprocess.run([*DATELINE, "stats", "--db", db], capture_output=True, text=True, timeout=60)
    assert "dateline failures" in stats.stdout


@pytest.mark.slow
def test_a_killed_worker_is_replaced_and_its_files_retried(tmp_path: Path) -> None:
    """SIGKILL one worker mid-run (as the OOM killer would): the run goes on, every article lands."""
    psutil = pytest.importorskip("psutil")
    make_corpus(tmp_path / "in", 80, duplicates=0, bad=0)
    db = tmp_path / "c.db"
    proc = subprocess.Popen(
        [
            *DATELINE,
            "ingest",
            str(tmp_path / "in"),
            "--db",
            str(db),
            "-q",
            "--workers",
            "2",
            "--batch-size",
            "2",
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    killed = False
    deadline = time.monotonic() + 180
    while not killed and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.3)
        if not db.exists() or corpus_count_safe(db) < 2:
            continue
        # workers are forked by the forkserver: the ingest process's grandchildren
        workers = [c for c in psutil.Process(proc.pid).children(recursive=True) if c.ppid() != proc.pid]
        if workers:
            workers[0].kill()
            killed = True
    _, err = proc.communicate(timeout=300)
    assert killed, "no worker was found to kill"
    assert proc.returncode == 0, err
    assert corpus_count(db) == 80
    assert "internal error" not in err
    assert "a worker process died" in err  # the kill was seen, and survived


def corpus_count_safe(db: Path) -> int:
    try:
        return corpus_count(db)
    except Exception:  # noqa: BLE001 - the file is being created
        return 0


# ---- the CLI's edges -----------------------------------------------------------------------


def _cli(*args: str, env: dict[str, str] | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        [*DATELINE, *args], capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )


@pytest.mark.slow
def test_version_and_short_help() -> None:
    from dateline import __version__

    assert _cli("--version").stdout.strip() == f"dateline {__version__}"
    assert "Usage" in _cli("-h").stdout


@pytest.mark.slow
def test_a_path_matching_nothing_is_a_usage_error_and_creates_nothing(tmp_path: Path) -> None:
    run = _cli("ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "c.db"))
    assert run.returncode == 2 and "matches no file or folder" in run.stderr
    assert not (tmp_path / "c.db").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--workers", "-1"], {}, "--workers"),
        ([], {"DATELINE_MAX_BYTES": "0"}, "DATELINE_MAX_BYTES=0 is out of range; give 1 or more"),
        ([], {"DATELINE_BATCH_SIZE": "many"}, "is not a whole number"),
    ],
)
def test_invalid_settings_are_usage_errors(tmp_path: Path, args, env, message) -> None:
    make_corpus(tmp_path / "in", 1, duplicates=0, bad=0)
    run = _cli("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "c.db"), *args, env=env)
    assert run.returncode == 2, run.stderr
    assert message in run.stderr and "internal error" not in run.stderr
    assert not (tmp_path / "c.db").exists()


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    import os

    from dateline.read import read_path

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (err,) = list(read_path(fifo))  # returns at once: no writer is waited for
    assert "named pipe (FIFO)" in str(err) and err.path == str(fifo)
    (err,) = list(read_path("/dev/zero"))
    assert "character device" in str(err)


def test_reads_are_bounded_whatever_the_size_says(tmp_path: Path, monkeypatch) -> None:
    import os

    from dateline.read import read_path

    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 1000)
    real = os.fstat

    def lying_fstat(fd):  # /proc files report st_size 0
        st = real(fd)
        return os.stat_result((*st[:6], 0, *st[7:]))

    monkeypatch.setattr(os, "fstat", lying_fstat)
    (err,) = list(read_path(big, max_bytes=100))
    assert err.reason == "too-large"


def test_an_unreadable_subfolder_is_reported_not_skipped(tmp_path: Path, monkeypatch) -> None:
    import os

    from dateline.read import iter_paths, read_path

    (tmp_path / "in" / "locked").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text("Title\n\nBody text here.\n")
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    paths = list(iter_paths([str(tmp_path / "in")]))
    assert [p.name for p in paths] == ["a.txt", "locked"]
    monkeypatch.setattr(
        os, "listdir", lambda p: (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
    )
    (err,) = list(read_path(paths[1]))
    assert "cannot read folder: Permission denied" in str(err)


@pytest.mark.slow
def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "other.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE articles (x)")
    con.commit()
    con.close()
    before = db.read_bytes()
    make_corpus(tmp_path / "in", 1, duplicates=0, bad=0)
    ing = _cli("ingest", str(tmp_path / "in"), "--db", str(db), "-q")
    assert ing.returncode == 1 and "another application" in ing.stderr and "untouched" in ing.stderr
    st = _cli("stats", "--db", str(db))
    assert st.returncode == 1 and "not a dateline corpus" in st.stderr and "internal error" not in st.stderr
    assert db.read_bytes() == before


# ---- edits and deletions -------------------------------------------------------------------

STORY_A = (
    "Port reopens after storm\n\nThe port of Dover reopened on Monday after the storm, said Anna Berg.\n"
)
STORY_B = "Port stays shut\n\nThe port of Dover stayed shut on Monday as the storm went on, said Anna Berg.\n"
OTHER = "Library extends hours\n\nThe city library in Leeds will open on Sundays, said Tom Hale.\n"


def _consistent(db: Path) -> None:
    import sqlite3

    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        con.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        con.execute("INSERT INTO quotes_fts(quotes_fts) VALUES ('integrity-check')")
        bad = con.execute(
            "SELECT i.id FROM identities i WHERE i.articles !="
            " (SELECT count(DISTINCT article_rowid) FROM entities e WHERE e.identity_id = i.id)"
        ).fetchall()
        assert bad == []
    finally:
        con.close()


def test_an_edited_file_replaces_its_article(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "port.txt").write_text(STORY_A)
    (folder / "library.txt").write_text(OTHER)
    db = tmp_path / "c.db"
    with SQLiteCorpus(db) as corpus:
        ingest(corpus, [str(folder)], workers=1)
        (folder / "port.txt").write_text(STORY_B)
        os.utime(folder / "port.txt", ns=(2, 2))
        report = ingest(corpus, [str(folder)], workers=1)
        assert (report.added, report.replaced) == (1, 1)
        assert "1 old version of edited files removed" in report.line()
        assert [h.title for h in corpus.search("Dover")] == ["Port stays shut"]
        assert corpus.search("reopened") == []
        assert corpus.stats().articles == 2
    _consistent(db)


def test_prune_removes_articles_of_deleted_files_only_under_the_paths(tmp_path: Path) -> None:
    folder, elsewhere = tmp_path / "in", tmp_path / "other"
    folder.mkdir()
    elsewhere.mkdir()
    (folder / "port.txt").write_text(STORY_A)
    (folder / "library.txt").write_text(OTHER)
    (elsewhere / "port2.txt").write_text(STORY_B)
    db = tmp_path / "c.db"
    with SQLiteCorpus(db) as corpus:
        ingest(corpus, [str(folder), str(elsewhere)], workers=1)
        (folder / "port.txt").unlink()
        (elsewhere / "port2.txt").unlink()
        kept = ingest(corpus, [str(folder)], workers=1)  # no --prune: nothing goes
        assert kept.pruned == 0 and corpus.stats().articles == 3
        report = ingest(corpus, [str(folder)], workers=1, prune=True)
        assert report.pruned == 1 and "1 article of deleted files pruned" in report.line()
        assert [h.title for h in corpus.search("Dover")] == ["Port stays shut"]  # other folder kept
        assert corpus.stats().articles == 2
    _consistent(db)


# ---- JSON Lines: each line on its own --------------------------------------------------------


def test_one_pathological_json_line_loses_only_itself() -> None:
    from dateline.read import read_bytes

    lines = [
        json.dumps({"title": "A", "text": "The port reopened on Monday after the storm."}),
        "[" * 100_000,
        '{"title": "B", "text": "x", "n": ' + "9" * 5000 + "}",
        json.dumps({"title": "Broken \ud83d title", "text": "The ferry \ud83d resumed on Tuesday."}),
        json.dumps({"title": "N", "text": 12345}),
        json.dumps({"title": "L", "text": ["a", "b"]}),
        json.dumps({"title": {"x": 1}, "text": "An object without a name gives no title."}),
        json.dumps({"title": 42, "text": "A number is not a title."}),
        json.dumps({"title": "Z", "text": "The last line is read too."}),
    ]
    items = list(read_bytes("\n".join(lines).encode("utf-8"), name="f.jsonl"))
    arts = [i for i in items if not isinstance(i, Exception)]
    errs = {i.path: str(i) for i in items if isinstance(i, Exception)}
    assert [a.title for a in arts] == ["A", "Broken \ufffd title", None, "Z"]
    assert "\ufffd" in arts[1].body and any("surrogate" in n for n in arts[1].notes)
    assert "nested deeper than 64" in errs["f.jsonl:2"]
    assert "digits" in errs["f.jsonl:3"]
    assert "JSON int, not a string" in errs["f.jsonl:5"]
    assert "JSON list, not a string" in errs["f.jsonl:6"]
    assert "title is a JSON int" in errs["f.jsonl:8"]
    assert Record_json_encodes(arts)


def Record_json_encodes(arts) -> bool:
    from dateline.models import Record

    for a in arts:
        json.dumps(Record(a).to_json(), ensure_ascii=False).encode("utf-8")
    return True


def test_surrogates_in_html_json_ld_are_repaired_with_a_note() -> None:
    from dateline.read import read_bytes

    page = (
        '<html><head><title>x</title><script type="application/ld+json">'
        '{"@type":"NewsArticle","headline":"Port \\ud83d reopens"}</script></head><body><article>'
        "<p>The port reopened on Monday after the storm, officials said, and ferries resumed.</p>"
        "</article></body></html>"
    )
    (art,) = list(read_bytes(page.encode(), name="p.html"))
    assert art.title == "Port \ufffd reopens" and any("surrogate" in n for n in art.notes)


def test_records_without_text_are_told_apart_by_outlet_and_time() -> None:
    from datetime import UTC, datetime

    a = Article(
        title="Storm closes ports", body="", source="Outlet A", published=datetime(2023, 1, 2, tzinfo=UTC)
    )
    b = Article(
        title="Storm closes ports", body="", source="Outlet B", published=datetime(2023, 1, 2, tzinfo=UTC)
    )
    c = Article(
        title="Storm closes ports", body="", source="Outlet A", published=datetime(2023, 1, 3, tzinfo=UTC)
    )
    assert len({a.id, b.id, c.id}) == 3
    same = Article(
        title="Storm closes ports", body="", source="Outlet A", published=a.published, origin="other"
    )
    assert same.id == a.id  # the same headline from the same outlet at the same time is one record
    with_text = Article(title="Storm closes ports", body="Ports closed.", source="Outlet A")
    assert with_text.id == Article(title="Storm closes ports", body="Ports closed.", source="Outlet B").id


def test_a_corpus_in_a_read_only_folder_opens_immutable(tmp_path: Path, monkeypatch) -> None:
    """A WAL corpus whose folder this user cannot write: mode=ro cannot make its -shm file
    ("attempt to write a readonly database"); it is opened immutable and searched.  (Root
    writes anywhere, so the refusal is simulated at the two calls the logic depends on.)"""
    import os
    import sqlite3

    import dateline.store.sqlite as store

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "port.txt").write_text(STORY_A)
    db = tmp_path / "c.db"
    with SQLiteCorpus(db) as corpus:
        ingest(corpus, [str(folder)], workers=1)
    real_connect = sqlite3.connect
    uris: list[str] = []

    class Refusing:  # what mode=ro gives when the -shm file cannot be created
        def execute(self, *args):
            raise sqlite3.OperationalError("attempt to write a readonly database")

        def close(self):
            pass

    def fake_connect(*a, **kw):
        uri = a[0] if a else kw["database"]
        uris.append(str(uri))
        return real_connect(*a, **kw) if "immutable=1" in str(uri) else Refusing()

    monkeypatch.setattr(store.sqlite3, "connect", fake_connect)
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with SQLiteCorpus(db, readonly=True) as corpus:
        assert [h.title for h in corpus.search("Dover")] == ["Port reopens after storm"]
    assert uris[-1].endswith("&immutable=1")
