"""The search query language (store/query.py) and the search it drives (store/search.py):
parsing and compiling to FTS5, hostile input, prefixes, CJK inside a run of characters,
and the schema 4 → 5 migration that adds the trigram index."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.errors import StoreError, UsageError
from dateline.store import SQLiteCorpus
from dateline.store.query import (
    CJK_GLOB,
    And,
    Not,
    Or,
    QueryError,
    Term,
    compile_query,
    parse,
    to_fts,
)
from dateline.store.search import computed_snippet
from dateline.store.sqlite import SCHEMA_VERSION

from .backends import BACKENDS, open_backend
from .test_store import _rec

FIXTURES = Path(__file__).parent / "fixtures"
SCHEMA = Path(__file__).parents[1] / "src" / "dateline" / "store" / "schema.sql"


# -- parsing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "fts"),
    [
        ("time warner", '"time" "warner"'),
        ('"time warner"', '"time warner"'),
        ('"time warner" OR cable', '"time warner" OR "cable"'),
        ("a OR b c", '"a" OR ("b" "c")'),
        ("x AND y", '"x" "y"'),
        ("election -sport", '"election" NOT "sport"'),
        ("-sport election", '"election" NOT "sport"'),
        ("election NOT sport", '"election" NOT "sport"'),
        ("a NOT b -c", '"a" NOT ("b" OR "c")'),
        ("a b -c", '("a" "b") NOT "c"'),
        ("a (b OR c)", '"a" AND ("b" OR "c")'),
        ("(a OR b) (c OR d) e", '("a" OR "b") AND ("c" OR "d") AND "e"'),
        ('(talks OR summit) -"trade war"', '("talks" OR "summit") NOT "trade war"'),
        ("-(a OR b) c", '"c" NOT ("a" OR "b")'),
        ("(a b) OR (c -d)", '("a" "b") OR ("c" NOT "d")'),
        ("minist*", '"minist" *'),
        ("well-known", '"well-known"'),
        ("and or not", '"and" "or" "not"'),  # lower case: words
        ("NOT NOT a", '"a"'),
        ("title:x", '"title:x"'),  # a column filter is text
        ("NEAR(a b)", '"NEAR" "a" "b"'),  # NEAR is a word, the parentheses group
        ("^taxes +x {text}:y", '"^taxes" "+x" "{text}:y"'),
        ("'; DROP TABLE articles; --", '"DROP" "TABLE" "articles;"'),
        ("a * -- b", '"a" "b"'),  # punctuation-only words are dropped
        ("x\x00y", '"x" "y"'),
    ],
)
def test_query_compiles_to_quoted_fts(query: str, fts: str) -> None:
    assert to_fts(parse(query)) == fts


def test_query_ast() -> None:
    assert parse('a -"b c" (d OR e*)') == And(
        (Term("a"), Not(Term("b c", phrase=True)), Or((Term("d"), Term("e", prefix=True))))
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"', "unbalanced double quote"),
        ('" OR 1=1 --', "unbalanced double quote"),
        ('taxes "', "close the phrase"),
        ("NEAR(", r"'\(' is never closed"),
        ("(((", r"'\(' is never closed"),
        ("a)", r"'\)' has no '\('"),
        (")", r"'\)' has no '\('"),
        ("()", "empty parentheses"),
        ('""', "empty phrase"),
        ("", "nothing to search for"),
        ("*", "nothing to search for"),
        ("-", "nothing to search for"),
        ("AND", "AND needs a term before it"),
        ("a AND", "AND needs a term after it"),
        ("OR", "OR needs a term"),
        ("a OR", "OR needs a term after it"),
        ("OR a", "OR needs a term before it"),
        ("a NOT", "NOT needs a term after it"),
        ("-sport", "only excluded terms"),
        ("NOT a", "only excluded terms"),
        ("-a -b", "only excluded terms"),
        ("(-a) OR b", "cannot be a side of OR"),
        ("a OR -b", "cannot be a side of OR"),
    ],
)
def test_bad_query_is_a_clear_query_error(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message) as e:
        parse(query)
    assert isinstance(e.value, UsageError)
    assert "\n" not in str(e.value) and "sqlite" not in str(e.value).lower()


def test_cjk_terms_go_to_the_trigram_index() -> None:
    p = compile_query("国家统计局")
    assert (p.match, p.trigram, p.where) == (None, '"国家统计局"', ())
    p = compile_query("economy 国家统计局 -统计 -sport")
    assert p.match == '"economy" NOT "sport"' and p.trigram is None
    assert p.params == ('"国家统计局"', "统计", "统计")  # short term: instr, as parameters
    assert not compile_query("economy").uses_trigram and compile_query("ソウル").uses_trigram


def test_schema_glob_is_the_query_cjk_set() -> None:
    assert SCHEMA.read_text("utf-8").count(CJK_GLOB) == 4  # the four trigram triggers


def test_computed_snippet_marks_every_term_in_the_window() -> None:
    s = computed_snippet("x" * 100 + "国家统计局说统计数据", ["统计", "国家统计局"], width=5)
    assert s == "…xxxxx«国家统计局»说«统计»数据"
    assert computed_snippet("abc", ["zz"]) is None


# -- search ---------------------------------------------------------------------------

ARTICLES = [
    _rec(
        "Ministry",
        "The ministry of finance said the minister resigned.",
        "2020-01-01T00:00:00+00:00",
        "Wire A",
    ),
    _rec(
        "Sport vote", "The election of the sport minister was close.", "2021-01-03T00:00:00+00:00", "Wire B"
    ),
    _rec("Poll", "Voters went to the election on Sunday.", "2021-01-04T00:00:00+00:00", "Wire A"),
    _rec(
        "统计",
        "Beijing 今天国家统计局发布了最新数据，经济增长百分之五。",
        "2021-02-01T00:00:00+00:00",
        "Xinhua",
    ),
    _rec("서울", "Seoul 서울에서 회의가 열렸다.", "2021-02-02T00:00:00+00:00", "Yonhap"),
    _rec("東京", "Tokyo 東京都は新しい計画を発表した。", "2021-02-03T00:00:00+00:00", "Kyodo"),
    _rec("Merger", "Time Warner agreed to a merger.", "2019-05-13T06:00:00+00:00", "Wire B"),
]


@pytest.fixture(params=BACKENDS)
def corpus(request, tmp_path: Path) -> Iterator[SQLiteCorpus]:
    with open_backend(request.param, tmp_path, "q.db") as c:
        c.add_batch(ARTICLES)
        yield c


def titles(hits) -> list[str]:
    return sorted(h.title for h in hits)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("minist*", ["Ministry", "Sport vote"]),  # ministry, minister
        ("MINIST*", ["Ministry", "Sport vote"]),
        ("minist", []),  # without the star, a word is a whole word
        ("election", ["Poll", "Sport vote"]),
        ("election -sport", ["Poll"]),
        ("-sport election", ["Poll"]),
        ("election NOT sport", ["Poll"]),
        ('"time warner"', ["Merger"]),
        ('"warner time"', []),
        ("merger OR voters", ["Merger", "Poll"]),
        ("sunday (voters OR merger)", ["Poll"]),
        ("(went OR agreed) (sunday OR merger) -time", ["Poll"]),
        ("minist* (resigned OR close)", ["Ministry", "Sport vote"]),
        ("(merger OR voters) -sunday", ["Merger"]),
        ("国家统计局", ["统计"]),  # inside a sentence
        ("统计局发布", ["统计"]),
        ("统计", ["统计"]),  # two characters: instr
        ("局", ["统计"]),
        ("서울", ["서울"]),  # Korean word with a particle attached (서울에서)
        ("東京都", ["東京"]),
        ("計画", ["東京"]),
        ("beijing 经济增长", ["统计"]),
        ("beijing -经济增长", []),
        ("beijing -统计", []),
        ("经济增长 -beijing", []),
        ("Seoul OR 東京都", ["東京", "서울"]),
        ("国家统计局 OR 서울", ["统计", "서울"]),
        ("国家统计局 -东京", ["统计"]),
        ("title:x", []),
        ("'; DROP TABLE articles; --", []),
        ("NEAR(minister resigned)", []),
    ],
)
def test_search_finds_what_people_expect(corpus, query: str, expected: list[str]) -> None:
    assert titles(corpus.search(query)) == expected
    assert corpus.stats().articles == len(ARTICLES)


@pytest.mark.parametrize("query", ['" OR 1=1 --', "NEAR(", "*", "-sport", "(a", "a OR", "AND"])
def test_search_bad_query_raises_query_error(corpus, query: str) -> None:
    with pytest.raises(QueryError):
        corpus.search(query)
    assert corpus.stats().articles == len(ARTICLES)


def test_search_snippets_are_highlighted(corpus) -> None:
    (hit,) = corpus.search("minist* resigned")
    assert "«ministry»" in hit.snippet and "«resigned»" in hit.snippet and hit.score > 0
    (hit,) = corpus.search("国家统计局")
    assert "«国家统计局»" in hit.snippet and hit.score > 0
    (hit,) = corpus.search("统计")
    assert "国家«统计»局" in hit.snippet
    (hit,) = corpus.search("seoul OR 東京都", source="yonhap")
    assert "«Seoul»" in hit.snippet


def test_search_sort_offset_and_facets(corpus) -> None:
    by_date = [h.title for h in corpus.search("minist* OR election OR merger", sort="date")]
    assert by_date == ["Poll", "Sport vote", "Ministry", "Merger"]
    page = [h.title for h in corpus.search("minist* OR election OR merger", sort="date", limit=2, offset=1)]
    assert page == ["Sport vote", "Ministry"]
    assert titles(corpus.search("election", source="wire b")) == ["Sport vote"]
    assert titles(corpus.search("election", since="2021-01-04")) == ["Poll"]
    assert titles(corpus.search("计画 OR 計画", until="2021-02-03")) == ["東京"]
    assert [h.title for h in corpus.search("统计 OR 서울 OR 東京都", sort="date")] == ["東京", "서울", "统计"]
    with pytest.raises(UsageError, match="unknown sort"):
        corpus.search("election", sort="'; DROP")
    with pytest.raises(UsageError):
        corpus.search("election", offset=-1)


def test_trigram_index_follows_deletes(tmp_path: Path) -> None:
    with SQLiteCorpus(tmp_path / "d.db") as c:
        c.add_batch(ARTICLES[3:4], files=[])
        rowid = c.db.execute("SELECT rowid FROM articles").fetchone()[0]
        c.db.execute("DELETE FROM articles WHERE rowid = ?", (rowid,))
        assert c.search("国家统计局") == []
        c.db.execute("INSERT INTO articles_tri(articles_tri) VALUES ('integrity-check')")
        # only CJK articles are in the trigram index
        c.add_batch(ARTICLES[:2])
        assert (
            c.db.execute("SELECT count(*) FROM articles_tri WHERE articles_tri MATCH '\"the\"'").fetchone()[0]
            == 0
        )


# -- schema 4 → 5 ---------------------------------------------------------------------


def make_v4(path: Path, records: list[dict]) -> None:
    """A database as dateline with schema version 4 wrote it (tests/fixtures/schema_v4.sql
    is schema.sql as version 4 shipped): articles and the word index, no trigram index."""
    con = sqlite3.connect(path)
    con.executescript((FIXTURES / "schema_v4.sql").read_text("utf-8"))
    con.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '4')")
    for r in records:
        cur = con.execute(
            "INSERT INTO articles (id, title, published, source, language, analysed, body, record, added_at)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (r["id"], r["title"], r["published"], r["source"], "en", 1, r["body"], json.dumps(r, ensure_ascii=False), "x"),
        )  # fmt: skip
        con.execute(
            "INSERT INTO articles_fts(rowid, title, body) VALUES (?,?,?)",
            (cur.lastrowid, r["title"], r["body"]),
        )
    con.commit()
    con.close()


def _version(c: SQLiteCorpus) -> str:
    return c.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]


def test_version_4_database_is_upgraded_to_5(tmp_path: Path) -> None:
    make_v4(tmp_path / "old.db", ARTICLES)
    # Read-only: word search works; CJK search asks for the upgrade.
    with SQLiteCorpus(tmp_path / "old.db", readonly=True) as ro:
        assert titles(ro.search("minist*")) == ["Ministry", "Sport vote"]
        assert titles(ro.search("election -sport")) == ["Poll"]
        with pytest.raises(StoreError, match=r"schema version 4 .*dateline ingest"):
            ro.search("国家统计局")
    with SQLiteCorpus(tmp_path / "old.db") as c:  # writable open migrates
        assert _version(c) == SCHEMA_VERSION
        assert [c.get(r["id"]) for r in ARTICLES] == ARTICLES  # every article kept
        assert titles(c.search("国家统计局")) == ["统计"]
        assert titles(c.search("東京都 OR 서울")) == ["東京", "서울"]
        assert (
            c.db.execute("SELECT count(*) FROM articles_tri WHERE articles_tri MATCH '\"Tok\"'").fetchone()[0]
            == 1
        )
        c.db.execute("INSERT INTO articles_tri(articles_tri) VALUES ('integrity-check')")
        c.add_batch([_rec("新", "新华社报道国家统计局的数据。", "2021-03-01T00:00:00+00:00")])
        assert titles(c.search("国家统计局")) == ["新", "统计"]
    with SQLiteCorpus(tmp_path / "old.db", readonly=True) as ro:  # reopened: upgraded
        assert titles(ro.search("统计局")) == ["新", "统计"]
        assert titles(ro.search("minist*")) == ["Ministry", "Sport vote"]


def test_relevance_window_ranks_the_newest_matches(tmp_path: Path, monkeypatch) -> None:
    from dateline.store import search as fulltext

    with SQLiteCorpus(tmp_path / "w.db") as c:
        c.add_batch(
            [
                _rec(f"T{i}", f"Budget {'budget ' * (5 - i)}talks number {i}.", None, "Wire A")
                for i in range(5)
            ]
        )
        c.add_batch([_rec("Undated other", "Budget news from Wire B.", None, "Wire B")])
        exact = [h.title for h in c.search("budget")]
        assert exact[0] == "T0" and len(exact) == 6  # most "budget" first
        monkeypatch.setattr(fulltext, "RANK_WINDOW", 3)
        assert [h.title for h in c.search("budget")] == ["T3", "T4", "Undated other"]  # the 3 newest stored
        assert [h.title for h in c.search("budget", source="wire a")] == [
            "T2",
            "T3",
            "T4",
        ]  # window after facets
        assert [h.title for h in c.search("budget", source="wire a", offset=2)] == ["T4"]
        assert [h.title for h in c.search("budget", sort="date", limit=2)] == [
            "Undated other",
            "T4",
        ]  # rowid desc


def test_random_queries_never_reach_sqlite_as_syntax(corpus) -> None:
    """Any mix of operators, groups, quotes, prefixes and CJK: hits, or a QueryError."""
    import random

    rng = random.Random(5)
    atoms = ["election", "minist*", "sport", "OR", "AND", "NOT", "-", "(", ")", '"', "*", "-sport",
             "国家统计局", "统计", "서울", "title:x", "NEAR(", "^a", "e*", "'", "--", "x\x00"]  # fmt: skip
    for _ in range(400):
        q = " ".join(rng.choice(atoms) for _ in range(rng.randint(1, 7)))
        for sort in ("relevance", "date"):
            try:
                corpus.search(q, sort=sort, source="wire a" if rng.random() < 0.3 else None)
            except QueryError:
                pass
