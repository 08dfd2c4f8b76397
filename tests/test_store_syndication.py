"""Syndicated copies in the store (store/syndication.py): a copy of an earlier article is
marked ``duplicate_of`` its original and adds nothing to the corpus's counts; a copy of a
copy points at the original; an original that goes hands its place to its first copy;
search shows a copy under its original; the original publisher a copy names is kept; a
schema 6 file is upgraded with its copies found.  Records are hand-built (no spaCy)."""

from __future__ import annotations

import sqlite3
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.store import FileMark, SQLiteCorpus
from dateline.store import syndication as syn

from .backends import BACKENDS, open_backend
from .test_store_quotes import E, Q, record

FIXTURES = Path(__file__).parent / "fixtures"

STORY = [
    "The central bank of Norway raised its main interest rate by a quarter of a point on Thursday,"
    " the third increase this year, saying inflation was proving more stubborn than expected.",
    "Governor Ida Wolden Bache told reporters in Oslo that further rises could not be ruled out"
    " if wage growth stayed strong through the spring bargaining round.",
    '"We are prepared to do what is needed," she said, adding that the krone had weakened'
    " more than the bank had forecast in its December report.",
    "Economists polled before the decision had been split, with a narrow majority expecting the"
    " bank to hold rates steady until the summer.",
]
OTHER = [
    "Sweden's central bank left its policy rate unchanged on Wednesday and signalled that cuts"
    " could come later in the year as price growth cooled faster than officials had feared.",
    "Riksbank governor Erik Thedeen said the krona's recovery had eased pressure on import"
    " prices, and that households were starting to feel relief from lower energy bills.",
    "Analysts said the statement was softer than expected and that markets now priced two"
    " reductions before the end of the year, the first possibly as soon as June.",
]


def _rec(paras: list[str], *, title: str, source: str = "Reuters", origin: str | None = None) -> dict:
    body = "\n\n".join(paras)
    rec = record(
        body,
        [E("Ida Wolden Bache")] if "Ida Wolden Bache" in body else [E("Erik Thedeen")],
        [Q("We are prepared to do what is needed", speaker="e1")] if "prepared" in body else [],
        title=title,
        source=source,
        published="2024-03-21T10:00:00Z",
    )
    rec["origin"] = origin
    return rec


def original() -> dict:
    return _rec(STORY, title="Norway raises rates again", origin="a.txt")


def wire_copy() -> dict:
    """The same story as another outlet runs it: a wire dateline, a new headline, lines
    wrapped again, the last paragraph trimmed, one word edited."""
    paras = ["OSLO (Reuters) - " + STORY[0], *STORY[1:3]]
    body = "\n\n".join(textwrap.fill(p, 70) for p in paras)
    body = body.replace("reporters", "journalists")
    return _rec(
        [body], title="Norges Bank lifts rates for third time", source="Daily Courier", origin="b.txt"
    )


def local_copy() -> dict:
    """A copy with a local paragraph added at the end."""
    paras = [*STORY, "Mortgage holders in Bergen said the rise would add to already high monthly costs."]
    return _rec(paras, title="Rate rise hits home", source="Bergen Local", origin="c.txt")


def other_story() -> dict:
    return _rec(OTHER, title="Riksbank holds", origin="d.txt")


@pytest.fixture(params=BACKENDS)
def corpus(request, tmp_path: Path) -> Iterator[SQLiteCorpus]:
    c = open_backend(request.param, tmp_path, "c.db")
    yield c
    c.close()


def _row(c: SQLiteCorpus, origin: str) -> sqlite3.Row:
    return c.db.execute(
        "SELECT rowid, duplicate_of, similarity, publisher FROM articles WHERE origin = ?", (origin,)
    ).fetchone()


def _counts(c: SQLiteCorpus) -> dict[str, object]:
    one = c.db.execute
    return {
        "entities": one("SELECT count(*) FROM entities").fetchone()[0],
        "quotes": one("SELECT count(*) FROM quotes").fetchone()[0],
        "identities": sorted(tuple(r) for r in one("SELECT name, articles FROM identities")),
    }


def test_copies_are_told_from_other_stories() -> None:
    a, b, c, d = (syn.fingerprint(r["body"]) for r in (original(), wire_copy(), local_copy(), other_story()))
    assert all(s is not None for s in (a, b, c, d))
    assert syn.is_copy(*syn.estimate(a, b))
    assert syn.is_copy(*syn.estimate(a, c))
    assert not syn.is_copy(*syn.estimate(a, d))
    assert syn.estimate(a, a) == (1.0, 1.0)


def test_a_short_brief_is_never_a_copy() -> None:
    assert syn.fingerprint("Rates rose. The bank said more could come.") is None


def test_a_copy_points_at_its_original_and_counts_nothing(corpus) -> None:
    res = corpus.add_batch([original(), other_story()])
    before = _counts(corpus)
    res2 = corpus.add_batch([wire_copy(), local_copy()])
    assert (res.copies, res2.added, res2.copies) == (0, 2, 2)
    first = _row(corpus, "a.txt")
    for origin in ("b.txt", "c.txt"):
        row = _row(corpus, origin)
        assert row["duplicate_of"] == first["rowid"]
        assert 0.5 <= row["similarity"] <= 1.0
    assert _counts(corpus) == before
    assert corpus.db.execute("SELECT count(*) FROM story_queue").fetchone()[0] == 2  # the originals only


def test_a_copy_in_the_same_batch_as_its_original(corpus) -> None:
    corpus.add_batch([original(), wire_copy()])
    assert _row(corpus, "b.txt")["duplicate_of"] == _row(corpus, "a.txt")["rowid"]


def test_a_copy_of_a_copy_points_at_the_original(corpus) -> None:
    corpus.add_batch([original()])
    corpus.add_batch([local_copy()])
    again = local_copy()
    again["title"], again["origin"] = "Bergen reacts", "e.txt"
    again["body"] = again["body"].replace("Mortgage holders", "Home owners")
    again["id"] = "e" * 20
    corpus.add_batch([again])
    assert _row(corpus, "e.txt")["duplicate_of"] == _row(corpus, "a.txt")["rowid"]


def test_the_wire_agency_is_the_publisher(corpus) -> None:
    corpus.add_batch([original(), wire_copy()])
    assert _row(corpus, "b.txt")["publisher"] == "Reuters"
    assert _row(corpus, "a.txt")["publisher"] is None


@pytest.mark.parametrize(
    ("tail", "name"),
    [
        ("This article first appeared in The Conversation.", "The Conversation"),
        ("This story was originally published by ProPublica.", "ProPublica"),
        ("Originally published on Grist, a nonprofit newsroom.", "Grist"),
        ("Republished with permission from Kaiser Health News.", "Kaiser Health News"),
        ("Readers first appeared at the gate.", None),
    ],
)
def test_a_credit_line_names_the_publisher(tail: str, name: str | None) -> None:
    assert syn.publisher({"body": "\n\n".join([*OTHER, tail])}) == name


def test_search_shows_a_copy_under_its_original(corpus) -> None:
    corpus.add_batch([original(), wire_copy(), local_copy(), other_story()])
    hits = corpus.search("inflation stubborn")
    assert [(h.title, h.copies) for h in hits] == [("Norway raises rates again", 2)]
    # a copy's own paragraph finds the copy
    assert [h.title for h in corpus.search("mortgage Bergen")] == ["Rate rise hits home"]


def test_when_the_original_goes_its_first_copy_takes_its_place(corpus, tmp_path: Path) -> None:
    files = [tmp_path / n for n in ("a.txt", "b.txt", "c.txt")]
    for f in files:
        f.write_text("x", encoding="utf-8")
    recs = [original(), wire_copy(), local_copy()]
    for rec, f in zip(recs, files, strict=True):
        rec["origin"] = str(f)
    st = files[0].stat()
    corpus.add_batch(recs, files=[FileMark(str(f), st.st_size, st.st_mtime_ns, 1, 0) for f in files])
    before = _counts(corpus)
    files[0].unlink()
    assert corpus.prune([str(tmp_path)]) == 1
    b, c = _row(corpus, str(files[1])), _row(corpus, str(files[2]))
    assert b["duplicate_of"] is None and c["duplicate_of"] == b["rowid"]
    after = _counts(corpus)
    assert after["entities"] == before["entities"]  # the copy's own entities now count
    assert corpus.db.execute(
        "SELECT count(*) FROM lsh_bands WHERE article_rowid = ?", (b["rowid"],)
    ).fetchone()[0]


def _as_v6(built: Path, target: Path) -> None:
    """A schema 6 file holding ``built``'s articles and what v6 derived from each (copies
    were not known then: every article kept its entities and quotes)."""
    con = sqlite3.connect(target)
    con.executescript((FIXTURES / "schema_v6.sql").read_text("utf-8"))
    con.execute("ATTACH DATABASE ? AS b", (str(built),))
    for (table,) in con.execute("SELECT name FROM main.sqlite_master WHERE type='table'").fetchall():
        if table.endswith(("_fts", "_tri")) or table.startswith(
            ("articles_fts", "articles_tri", "quotes_fts")
        ):
            continue
        cols = [r[1] for r in con.execute(f"PRAGMA main.table_info({table})")]
        con.execute(f"INSERT INTO main.{table} ({','.join(cols)}) SELECT {','.join(cols)} FROM b.{table}")
    con.execute(
        "INSERT INTO articles_fts(rowid, title, body) SELECT rowid, coalesce(title, ''), body FROM articles"
    )
    con.execute("INSERT INTO quotes_fts(rowid, text) SELECT id, text FROM quotes")
    con.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
    con.commit()
    con.execute("DETACH DATABASE b")
    con.close()


def test_a_schema_6_file_is_upgraded_with_its_copies_found(tmp_path: Path, monkeypatch) -> None:
    recs = [original(), other_story(), wire_copy(), local_copy()]
    with monkeypatch.context() as m:  # as v6 stored them: every article an original
        m.setattr(syn, "fingerprint", lambda body: None)
        with SQLiteCorpus(tmp_path / "built.db") as c:
            c.add_batch(recs)
            assert c.db.execute("SELECT count(*) FROM quotes").fetchone()[0] == 3
    _as_v6(tmp_path / "built.db", tmp_path / "v6.db")
    with SQLiteCorpus(tmp_path / "fresh.db") as fresh:
        fresh.add_batch(recs)
        want = _counts(fresh)
    with SQLiteCorpus(tmp_path / "v6.db") as c:
        assert c.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "7"
        assert _counts(c) == want
        first = _row(c, "a.txt")["rowid"]
        assert [_row(c, o)["duplicate_of"] for o in ("b.txt", "c.txt", "d.txt")] == [first, first, None]
        assert _row(c, "b.txt")["publisher"] == "Reuters"
        assert [h.copies for h in c.search("inflation stubborn")] == [2]


def test_the_export_says_which_article_a_copy_copies(corpus, tmp_path: Path) -> None:
    import csv

    from dateline.export import export

    corpus.add_batch([original(), wire_copy(), other_story()])
    export(corpus, "csv", str(tmp_path / "out"))
    with open(tmp_path / "out" / "articles.csv", encoding="utf-8", newline="") as f:
        rows = {r["origin"]: r for r in csv.DictReader(f)}
    assert rows["b.txt"]["duplicate_of"] == rows["a.txt"]["article_id"]
    assert float(rows["b.txt"]["similarity"]) >= 0.5 and rows["b.txt"]["publisher"] == "Reuters"
    assert rows["a.txt"]["duplicate_of"] == rows["d.txt"]["duplicate_of"] == ""


def test_the_search_page_shows_a_copy_under_its_original(corpus) -> None:
    from fastapi.testclient import TestClient

    from dateline.web.app import create_app

    corpus.add_batch([original(), wire_copy(), local_copy(), other_story()])
    with TestClient(create_app(corpus.path)) as client:
        page = client.get("/search", params={"q": "inflation stubborn"}).text
    assert page.count('class="hit-title"') == 1 and "Norway raises rates again" in page
    assert ">2 copies</a>" in page


def test_an_expanded_later_version_is_not_a_copy() -> None:
    """The stored story inside a text twice its size with news of its own: the new text is
    an original (containment alone does not make a copy of a longer text)."""
    more = [
        "Later on Thursday the finance ministry said it would review mortgage relief for first-time"
        " buyers, after lenders warned that arrears had risen for a fourth straight quarter.",
        "Opposition parties called for an emergency debate in parliament, arguing that households in"
        " the north were paying the highest share of income on housing in two decades.",
        "The krone steadied in late trading as investors weighed the bank's guidance against weaker"
        " oil prices, which fell after producers signalled they would pump more from June.",
        "Union leaders said the rise would weigh on the spring wage talks, where they are seeking"
        " settlements that keep pace with prices for the first time since the pandemic.",
    ]
    old, new = syn.fingerprint("\n\n".join(STORY)), syn.fingerprint("\n\n".join([*STORY, *more, *OTHER]))
    j, c = syn.estimate(new, old)
    assert c >= 0.8 and j < 0.5
    assert not syn.is_copy(j, c, new.shingles / old.shingles)
    assert syn.is_copy(j, c, 1.2)  # the same overlap in a text of about the same size would be
