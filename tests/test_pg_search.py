"""Full-text search on PostgreSQL (store/pg_search.py) finds what SQLite finds.

The sample corpus is analysed once and stored into SQLite and into PostgreSQL (two
databases: the schema as PostgresCorpus creates it, and one whose ``tsv`` columns read
text through ``pg_search.index_text`` — FTS5's word breaks); every query then gives the
same hit ids on both (the same order for ``sort="date"``; the same set, and the same
top hit where SQLite's is clear, for relevance), the same copies counts, and the same
results from ``quotes(about=)``, export ``--query`` and the search page's matching.
Skips (with the reason) when PostgreSQL cannot start here; CI starts one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline import export
from dateline.errors import StoreError, UsageError
from dateline.store import open_corpus, pg_search
from dateline.store.query import QueryError
from dateline.web import browse_search

from .pg import fresh_pg_db

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"

# Equal on any PostgreSQL schema: words, phrases, OR, NOT, prefixes, CJK, hostile text.
QUERIES = [
    "sochi",
    "Harlan",
    "rain",
    '"heavy rain"',
    '"time warner"',
    "time warner",
    "sochi OR norway",
    "rain OR glaciers",
    "(rain OR storm) -sochi",
    "sochi NOT floodwater",
    "minist*",
    "market*",
    "price*",
    "glaciers",  # a title word
    "wind farm",
    "percent",
    "the",
    "said",
    "start-up",
    "杭州",  # CJK, 2 characters: a substring
    "地铁新线",  # CJK, 3 or more
    "地铁 OR 杭州",
    "杭州 -地铁",
    "杭州 market*",
    'a\\b %_? "x(y)" \'; DROP TABLE articles; --',
    "o'brien \\' %% ?? :* & | ! <->",
    "café",
]
# Equal when diacritics are removed, as FTS5 removes them (PostgresCorpus's unaccent
# configuration, or pg_search.index_text under 'simple').
FOLDED_QUERIES = ["vasteras", "Bergström", "fur", "fallig OR Lösung", "angek*", "cafe"]
# Equal when the index reads text through pg_search.index_text (FTS5's words): PostgreSQL's
# own parser keeps file names (the README's ap_wire_sochi_floods.txt), decimals (2.5
# percent) and hyphenated numbers whole.
GLUED_QUERIES = [
    "rain OR storm",
    "floods",
    "sochi -floods",
    "flood*",
    "chip",
    "court",
    "storm",
    "fed",
    "19",
    "2 percent",
]
# SQLite's top hit is clear when it scores this many times the second, for a query of one
# positive term: ts_rank has no corpus statistics (bm25's IDF), so where several terms
# weigh against each other the orders may differ.
CLEAR = 1.5


def _one_term(q: str) -> bool:
    from dateline.store.query import And, Not, Term, parse

    node = parse(q)
    pos = [c for c in node.children if not isinstance(c, Not)] if isinstance(node, And) else [node]
    return len(pos) == 1 and isinstance(pos[0], Term)


def _analysed() -> tuple[list, list, list]:
    from dateline.ingest import process_group

    paths = sorted(str(p) for p in CORPUS.rglob("*") if p.is_file())
    items = [(p, Path(p).stat().st_size, Path(p).stat().st_mtime_ns) for p in paths]
    r = process_group(items, 20 * 1024 * 1024, 32)
    return r.records, r.failures, r.marks


def _fill(url: str, data: tuple[list, list, list]) -> None:
    with open_corpus(url) as c:
        c.add_batch(*data)
        c.link_identities()
        c.assign_stories()


def _glue(url: str) -> None:
    """Rebuild the tsv columns over pg_search.index_text, under the corpus's own text
    search configuration (diacritics folded there when it unaccents, else by index_text)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        config = conn.execute("SELECT value FROM meta WHERE key = 'text_search_config'").fetchone()[0]
        fold = config == "simple"
        title = pg_search.index_text("coalesce(title, '')", fold=fold)
        body = pg_search.index_text(f"left(body, {500_000})", fold=fold)
        conn.execute("ALTER TABLE articles DROP COLUMN tsv")
        conn.execute(
            "ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
            f"setweight(to_tsvector('{config}', {title}), 'A') || setweight(to_tsvector('{config}', {body}), 'B')"
            ") STORED"
        )
        conn.execute("CREATE INDEX articles_tsv ON articles USING GIN (tsv)")
        conn.execute("ALTER TABLE quotes DROP COLUMN tsv")
        conn.execute(
            "ALTER TABLE quotes ADD COLUMN tsv tsvector GENERATED ALWAYS AS"
            f" (to_tsvector('{config}', {pg_search.index_text('text', fold=fold)})) STORED"
        )
        conn.execute("CREATE INDEX quotes_tsv ON quotes USING GIN (tsv)")


@pytest.fixture(scope="module")
def backends(tmp_path_factory: pytest.TempPathFactory):
    plain, glued = fresh_pg_db("pg_search"), fresh_pg_db("pg_search_glued")  # skips without a server
    data = _analysed()
    path = str(tmp_path_factory.mktemp("pg_search") / "s.db")
    for url in (path, plain, glued):
        _fill(url, data)
    _glue(glued)
    opened = {
        name: open_corpus(url, readonly=True)
        for name, url in (("sqlite", path), ("pg", plain), ("glued", glued))
    }
    yield opened
    for c in opened.values():
        c.close()


@pytest.fixture(params=["pg", "glued"])
def pair(request: pytest.FixtureRequest, backends):
    return backends["sqlite"], backends[request.param], request.param


def _queries(corpus) -> list[str]:
    how = pg_search.reading(corpus.db)
    folded = how.fold or how.config != "simple"
    return QUERIES + (FOLDED_QUERIES if folded else []) + (GLUED_QUERIES if how.glue else [])


def _ids(hits) -> list[str]:
    return [h.id for h in hits]


def test_reading_probe(backends) -> None:
    plain, glued = (pg_search.reading(backends[k].db) for k in ("pg", "glued"))
    assert glued.glue and glued.config == plain.config
    assert glued.fold == (glued.config == "simple")
    assert pg_search.reading(backends["glued"].db, "quotes").glue


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_same_hits(pair, sort: str) -> None:
    s, p, kind = pair
    for q in _queries(p):
        a, b = s.search(q, sort=sort, limit=100), p.search(q, sort=sort, limit=100)
        if sort == "date":
            assert _ids(b) == _ids(a), q
        else:
            assert set(_ids(b)) == set(_ids(a)), q
            if _one_term(q) and (len(a) == 1 or (len(a) > 1 and a[0].score >= CLEAR * a[1].score)):
                assert b[0].id == a[0].id, q
        copies = {h.id: h.copies for h in a}
        assert {h.id: h.copies for h in b} == copies, q
        assert all(h.snippet for h in b), q


def test_known_matches(backends) -> None:
    """The equalities above are not vacuous: queries find what they should."""
    p = backends["pg"]
    assert len(p.search("sochi")) >= 3
    assert [h.copies for h in p.search('"heavy rain"')][0] == 1  # the syndicated copy, collapsed
    zh = p.search("地铁新线")
    assert len(zh) == 1 and "«地铁新线»" in zh[0].snippet
    assert p.search("glaciers")[0].title.startswith("Swiss glaciers")
    assert "«Harlan»" in p.search("Harlan")[0].snippet
    if pg_search.reading(p.db).config != "simple":  # diacritics removed, as on SQLite
        assert _ids(p.search("vasteras")) == _ids(p.search("Västerås")) != []
    assert p.search("sochi NOT floodwater") and len(p.search("sochi NOT floodwater")) < len(p.search("sochi"))


def test_snippets_alike(backends) -> None:
    s, p = backends["sqlite"], backends["glued"]
    for q in ("Harlan", '"heavy rain"', "杭州", "minist*", "glaciers", "Västerås"):
        a = {h.id: h.snippet for h in s.search(q, limit=50)}
        b = {h.id: h.snippet for h in p.search(q, limit=50)}
        assert b == a, q


def test_paging(pair) -> None:
    s, p, _ = pair
    for sort in ("date", "relevance"):
        whole = _ids(p.search("said", sort=sort, limit=100))
        assert len(whole) > 10
        pages = [_ids(p.search("said", sort=sort, limit=7, offset=o)) for o in range(0, len(whole), 7)]
        assert [i for page in pages for i in page] == whole
        if sort == "date":
            assert _ids(p.search("said", sort=sort, limit=7, offset=7)) == _ids(
                s.search("said", sort=sort, limit=7, offset=7)
            )
    assert p.search("said", limit=0) == []


def test_facets(pair) -> None:
    s, p, kind = pair
    cases = [
        dict(entity="Sochi"),
        dict(entity="Russia", sort="date"),
        dict(source="sina english"),
        dict(since="2020-01-01"),
        dict(until="2020-12-31", sort="date"),
        dict(since="2019-05-13", until="2019-05-14", sort="date"),
        dict(source="AP News", since="2019-01-01"),
        dict(entity="Nobody Atall"),
    ]
    for q in ("said", "sochi", "rain OR glaciers", "the", None):
        for kw in cases:
            if q is None and "entity" not in kw:
                continue
            sort = kw.get("sort", "relevance")
            a, b = s.search(q, limit=100, **kw), p.search(q, limit=100, **kw)
            if sort == "date" or q is None:
                assert _ids(b) == _ids(a), (q, kw)
            else:
                assert set(_ids(b)) == set(_ids(a)), (q, kw)
            assert [h.copies for h in sorted(b, key=lambda h: h.id)] == [
                h.copies for h in sorted(a, key=lambda h: h.id)
            ]
    assert p.search("said", entity="Sochi")  # the facets leave something to compare


def test_same_errors(backends) -> None:
    s, p = backends["sqlite"], backends["pg"]
    for q in ('"unbalanced', "-sport", "a OR", "()", "NOT", "(a", "a)", '""', "AND b", "x OR -y"):
        with pytest.raises(QueryError) as ea:
            s.search(q)
        with pytest.raises(QueryError) as eb:
            p.search(q)
        assert str(eb.value) == str(ea.value)
    for kw in (dict(sort="newest"), dict(limit=-1), dict(offset=-2)):
        with pytest.raises(UsageError) as ea:
            s.search("x", **kw)
        with pytest.raises(UsageError) as eb:
            p.search("x", **kw)
        assert str(eb.value) == str(ea.value)
    for call in (lambda c: c.search(None), lambda c: c.search("x", since="yesterday")):
        with pytest.raises(StoreError) as ea:
            call(s)
        with pytest.raises(StoreError) as eb:
            call(p)
        assert str(eb.value) == str(ea.value)


def test_quotes_about(pair) -> None:
    s, p, kind = pair
    abouts = [
        "rates",
        "water",
        '"no rush"',
        '"hot spell"',
        '"pleasant few days" OR "regular occurrence"',
        "heat*",
        "rain OR flood*",
        "the -rates",
        "said",
        "杭州",
        '"unbalanced',
        "a\\b'%",
    ]
    found = 0
    for about in abouts:
        a = s.quotes(about=about, limit=200)
        b = p.quotes(about=about, limit=200)
        assert [(q.article_id, q.quote_id) for q in b] == [(q.article_id, q.quote_id) for q in a], about
        found += len(a)
    assert found > 0
    assert p.quotes(about='"hot spell"') and p.quotes(about="dangero*")
    assert p.quotes(about="rates", speaker="Harlan") == s.quotes(about="rates", speaker="Harlan")


def test_export_query(pair) -> None:
    s, p, kind = pair
    for q in [*_queries(p), "sochi -floodwater"]:
        a = [r["id"] for r in export.iter_records(s, query=q)]
        b = [r["id"] for r in export.iter_records(p, query=q)]
        assert b == a, q
    with pytest.raises(UsageError):
        list(export.iter_records(p, query='"open'))


def test_search_page_matching(pair) -> None:
    s, p, kind = pair
    for q in _queries(p):
        for sort in ("relevance", "date"):
            a = browse_search.matching(s, q, sort=sort)
            b = browse_search.matching(p, q, sort=sort)
            if sort == "date":
                assert b.ids == a.ids, q
            else:
                assert set(b.ids) == set(a.ids), q
    a = browse_search.matching(s, "said", entity="Sochi", since="2019-01-01")
    b = browse_search.matching(p, "said", entity="Sochi", since="2019-01-01")
    assert set(b.ids) == set(a.ids) and a.ids


def test_expand_not_needed(backends) -> None:
    assert pg_search.expand(backends["pg"].db, "minist") is None


def test_from_fts_round_trip() -> None:
    from dateline.store.query import parse, to_fts
    from dateline.store.sqlite import fts_query

    for q in ["a b", '"a b" OR c*', "(a OR b) -c", "a -b -c", "x (y OR z) NOT w", 'x" y', "AND"]:
        fts = fts_query(q)
        assert to_fts(pg_search.from_fts(fts)) == to_fts(pg_search.from_fts(to_fts(pg_search.from_fts(fts))))
    assert to_fts(pg_search.from_fts(to_fts(parse("(a OR b) -c")))) == to_fts(parse("(a OR b) -c"))
    with pytest.raises(QueryError):
        pg_search.from_fts("a OR")


def test_gin_index_used(backends) -> None:
    """The tsquery is a constant the planner folds: the GIN index can drive the search."""
    for name, table, index in (("pg", "articles", "articles_tsv"), ("glued", "quotes", "quotes_tsv")):
        db = backends[name].db
        plan = pg_search.compile_query("(rain OR storm) -sochi minist*", db)
        assert plan.match is not None
        q = plan.match
        db.execute("BEGIN")
        try:
            db.execute("SET LOCAL enable_seqscan = off")
            lines = [
                r[0] for r in db.execute(f"EXPLAIN SELECT 1 FROM {table} a WHERE a.tsv @@ {q.text}", q.params)
            ]
        finally:
            db.execute("ROLLBACK")
        assert any(index in line for line in lines), lines


def test_phrase_stays_in_one_column(backends) -> None:
    """tsv is title || body, positions running on: a phrase must not span the two."""
    db = backends["pg"].db
    q = pg_search.tsquery(pg_search.parse('"the court"'))

    def hit(title: str, body: str) -> bool:
        vec = "setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B')"
        return db.execute(f"SELECT ({vec}) @@ {q.text}", (title, body, *q.params)).fetchone()[0]

    assert not hit("appeal to the", "court rules")
    assert hit("the court rules", "x") and hit("x", "then the court ruled")
    word = pg_search.tsquery(pg_search.parse("court"))
    assert db.execute(f"SELECT to_tsvector('simple', 'court') @@ {word.text}", word.params).fetchone()[0]
