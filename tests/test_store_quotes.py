"""Quotes in the corpus: speakers resolved to identities (surname links, capitals speaking
for their state, anonymous sources), full-text search over quote text, filters, atomic
and idempotent batches, and the schema 2 → 3 (and 1 → 3) upgrade.

Records are hand-built dicts shaped like ``dateline.article/1`` so these tests do not
depend on the NLP stage that finds quotes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dateline.errors import StoreError
from dateline.models import content_id
from dateline.store import QuoteRow, SQLiteCorpus, open_corpus
from dateline.store.dialect import is_postgres
from dateline.store.sqlite import SCHEMA_VERSION

from . import old_identities as idents
from .backends import BACKENDS, open_backend, target
from .test_store_identities import make_v1

# -- building records ----------------------------------------------------------------


def E(name: str, type: str = "PERSON", surface: str | None = None, refers_to: dict | None = None) -> dict:
    """An entity spec: ``surface`` (default ``name``) is found in the body."""
    return {"name": name, "type": type, "surface": surface or name, "refers_to": refers_to}


def Q(
    text: str, kind: str = "direct", speaker: str | None = None, speaker_text: str | None = None, cue="said"
) -> dict:
    """A quote spec: ``speaker`` is an entity id (e1 …), ``text`` and ``cue`` are found in the body."""
    return {"text": text, "kind": kind, "speaker": speaker, "speaker_text": speaker_text, "cue": cue}


def record(
    body: str,
    entities: list[dict] = (),
    quotes: list[dict] = (),
    *,
    published: str | None = None,
    source: str = "Test Wire",
    title: str | None = None,
) -> dict[str, Any]:
    """A ``dateline.article/1`` record as a plain dict, offsets computed from ``body``."""
    title = title or body[:30]
    ents = []
    for i, e in enumerate(entities, 1):
        s = body.index(e["surface"])
        ents.append(
            {
                "id": f"e{i}",
                "name": e["name"],
                "type": e["type"],
                "aliases": [],
                "roles": [],
                "mentions": [[s, s + len(e["surface"])]],
                "geo": None,
                "refers_to": e["refers_to"],
            }
        )
    by_id = {e["id"]: e for e in ents}
    qs = []
    for j, q in enumerate(quotes, 1):
        s = body.index(q["text"])
        cue = None
        if q["cue"]:
            c = body.index(q["cue"])
            cue = {"text": q["cue"], "span": [c, c + len(q["cue"])]}
        spk = by_id.get(q["speaker"])
        qs.append(
            {
                "id": f"q{j}",
                "text": q["text"],
                "kind": q["kind"],
                "speaker": q["speaker"],
                "speaker_text": q["speaker_text"] or (body[slice(*spk["mentions"][0])] if spk else None),
                "speaker_span": spk["mentions"][0] if spk else None,
                "cue": cue,
                "span": [s, s + len(q["text"])],
            }
        )
    return {
        "schema": "dateline.article/1",
        "id": content_id(title, body),
        "title": title,
        "published": published,
        "published_local": None,
        "published_evidence": None,
        "source": source,
        "authors": [],
        "url": None,
        "language": "en",
        "body": body,
        "entities": ents,
        "quotes": qs,
        "timexes": [],
        "events": [],
        "topics": [],
        "summary": None,
        "updated": None,
        "wire": None,
        "analysed": True,
        "skipped_reason": None,
        "model": None,
        "notes": [],
        "origin": None,
        "format": "text",
    }


RUSSIA = {"name": "Russia", "country": "RU"}

PUTIN_FULL = record(
    'Vladimir Putin said on Monday: "We will not retreat from Donbas." Talks went on in the Kremlin.',
    [E("Vladimir Putin"), E("Kremlin", "ORG")],
    [Q("We will not retreat from Donbas.", speaker="e1")],
    published="2022-01-10T09:00:00Z",
    source="Wire A",
)
PUTIN_BARE = record(
    'Putin described the sanctions as "an economic blitzkrieg" in a televised address from the Kremlin.',
    [E("Putin"), E("Kremlin", "ORG")],
    [Q("an economic blitzkrieg", "partial", speaker="e1", cue="described")],
    published="2022-02-10T09:00:00Z",
    source="Wire B",
)
OFFICIALS = record(
    "A State Department official said the talks had stalled. Another official, speaking on"
    ' condition of anonymity, told reporters: "Nothing is agreed until everything is agreed."',
    [],
    [
        Q("the talks had stalled", "indirect", speaker_text="A State Department official"),
        Q("Nothing is agreed until everything is agreed.", speaker_text="another official", cue="told"),
    ],
    published="2022-03-01T12:00:00Z",
    source="Wire A",
)
KREMLIN = record(  # a seat speaking for a country the article names
    "The Kremlin said Russia would respond firmly to new sanctions.",
    [E("Kremlin", "FAC", refers_to=dict(RUSSIA, entity="e2")), E("Russia", "GPE")],
    [Q("Russia would respond firmly to new sanctions", "indirect", speaker="e1")],
    published="2022-03-05T08:00:00Z",
    source="Wire C",
)
MOSCOW = record(  # a capital speaking for a country the article never names
    "Moscow warned that gas supplies to Europe could be cut within days.",
    [E("Moscow", "GPE", refers_to=dict(RUSSIA, entity=None))],
    [Q("gas supplies to Europe could be cut within days", "indirect", speaker="e1", cue="warned")],
    published="2022-03-06T08:00:00Z",
    source="Wire C",
)
GEORGE = record(
    'George Bush told the convention: "Read my lips: no new taxes."',
    [E("George Bush")],
    [Q("Read my lips: no new taxes.", speaker="e1", cue="told")],
    published="2022-03-11T09:00:00Z",
)
JEB = record(
    'Jeb Bush said the campaign was "a marathon, not a sprint".',
    [E("Jeb Bush")],
    [Q("a marathon, not a sprint", "partial", speaker="e1")],
    published="2022-03-12T09:00:00Z",
)
BUSH = record(  # bare "Bush": two comparable full names, so it stays unlinked
    'Bush said: "We will stay the course on taxes."',
    [E("Bush")],
    [Q("We will stay the course on taxes.", speaker="e1")],
    published="2022-03-13T09:00:00Z",
)
ANNA = record(
    'Anna Bergström called the budget "a disgrace to this city" on Tuesday.',
    [E("Anna Bergström")],
    [Q("a disgrace to this city", "partial", speaker="e1", cue="called")],
    published="2022-03-15T10:00:00Z",
    source="Wire B",
)
UNDATED = record(  # no date, no speaker at all
    'A sign on the door read "Closed until further notice" on Friday.',
    [],
    [Q("Closed until further notice", speaker_text=None, cue="read")],
)
ALL = [PUTIN_FULL, PUTIN_BARE, OFFICIALS, KREMLIN, MOSCOW, GEORGE, JEB, BUSH, ANNA, UNDATED]


@pytest.fixture(params=BACKENDS)
def corpus(request, tmp_path: Path) -> Iterator[SQLiteCorpus]:
    c = open_backend(request.param, tmp_path, "c.db")
    yield c
    c.close()


@pytest.fixture
def news(corpus) -> SQLiteCorpus:
    corpus.add_batch(ALL[:5])
    corpus.add_batch(ALL[5:])
    corpus.link_identities()
    return corpus


def texts(rows: list[QuoteRow]) -> list[str]:
    return [r.text for r in rows]


def fts_ok(c: SQLiteCorpus) -> None:
    """FTS5's own check of quotes_fts against its content table (raises when out of step);
    on PostgreSQL, every row's tsvector is that of its text."""
    if is_postgres(c.db):
        from dateline.store.postgres import words_sql

        words = words_sql(c.text_config, "text")
        stale = c.db.execute(f"SELECT count(*) FROM quotes WHERE tsv IS DISTINCT FROM {words}")
        assert stale.fetchone()[0] == 0
        return
    c.db.execute("INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('integrity-check', 1)")


# -- rows ----------------------------------------------------------------------------


def test_quotes_newest_first_with_fields(news) -> None:
    rows = news.quotes()
    assert len(rows) == 11
    dated = [r.published for r in rows if r.published]
    assert dated == sorted(dated, reverse=True) and rows[-1].published is None  # undated last
    first = rows[0]
    assert first == QuoteRow(
        article_id=ANNA["id"],
        title=ANNA["title"],
        published="2022-03-15T10:00:00Z",
        source="Wire B",
        quote_id="q1",
        kind="partial",
        speaker="Anna Bergström",
        speaker_text="Anna Bergström",
        text="a disgrace to this city",
        cue="called",
        span=tuple(ANNA["quotes"][0]["span"]),
    )
    for r in rows:  # every row points back into its article's body
        assert news.get(r.article_id)["body"][slice(*r.span)] == r.text
    official = [r for r in rows if r.article_id == OFFICIALS["id"]]
    assert [(r.speaker, r.speaker_text, r.cue) for r in official] == [
        (None, "A State Department official", "said"),
        (None, "another official", "told"),
    ]
    assert (rows[-1].speaker, rows[-1].speaker_text) == (None, None)
    assert len(news.quotes(limit=3)) == 3
    fts_ok(news)


def test_columns_hold_entity_identity_offsets(news) -> None:
    def identity(article: dict, eid: str) -> int:
        return news.db.execute(
            "SELECT e.identity_id FROM entities e JOIN articles a ON a.rowid = e.article_rowid"
            " WHERE a.id = ? AND e.entity_id = ?",
            (article["id"], eid),
        ).fetchone()[0]

    def columns(article: dict) -> tuple:
        return tuple(
            news.db.execute(
                'SELECT q.speaker_entity_id, q.speaker_identity_id, q.speaker_name, q.cue, q.start, q."end"'
                " FROM quotes q JOIN articles a ON a.rowid = q.article_rowid WHERE a.id = ?",
                (article["id"],),
            ).fetchone()
        )

    # The Kremlin speaks for Russia: entity e1, identity of the article's Russia (e2).
    s, t = KREMLIN["quotes"][0]["span"]
    assert columns(KREMLIN) == ("e1", identity(KREMLIN, "e2"), "Russia", "said", s, t)
    assert identity(KREMLIN, "e2") != identity(KREMLIN, "e1")
    # Moscow speaks for Russia, which its article never names: Moscow's own identity.
    s, t = MOSCOW["quotes"][0]["span"]
    assert columns(MOSCOW) == ("e1", identity(MOSCOW, "e1"), "Russia", "warned", s, t)
    s, t = OFFICIALS["quotes"][0]["span"]
    assert columns(OFFICIALS) == (None, None, "A State Department official", "said", s, t)


# -- speaker -------------------------------------------------------------------------


def test_speaker_full_name_and_surname_link(news) -> None:
    both = ["an economic blitzkrieg", "We will not retreat from Donbas."]
    assert texts(news.quotes(speaker="Vladimir Putin")) == both
    assert texts(news.quotes(speaker="vladimir PUTIN")) == both  # case-insensitive
    assert texts(news.quotes(speaker="Putin")) == both  # the bare surname finds the full name
    assert [r.speaker for r in news.quotes(speaker="putin")] == ["Putin", "Vladimir Putin"]
    assert texts(news.quotes(speaker="anna bergstrom")) == ["a disgrace to this city"]  # diacritics


def test_speaker_without_links_is_the_name_only(corpus) -> None:
    corpus.add_batch([PUTIN_FULL, PUTIN_BARE, OFFICIALS])  # links need a context word not in every article
    assert texts(corpus.quotes(speaker="Vladimir Putin")) == ["We will not retreat from Donbas."]
    corpus.link_identities()
    assert len(corpus.quotes(speaker="Vladimir Putin")) == 2


def test_speaker_ambiguous_surname_stays_apart(news) -> None:
    assert texts(news.quotes(speaker="George Bush")) == ["Read my lips: no new taxes."]
    assert texts(news.quotes(speaker="Bush")) == ["We will stay the course on taxes."]
    assert texts(news.quotes(speaker="Jeb Bush")) == ["a marathon, not a sprint"]


def test_speaker_anonymous_description(news) -> None:
    assert texts(news.quotes(speaker="official")) == [
        "the talks had stalled",
        "Nothing is agreed until everything is agreed.",
    ]
    assert texts(news.quotes(speaker="STATE DEPARTMENT")) == ["the talks had stalled"]
    assert news.quotes(speaker="spokesman") == []


def test_speaker_capital_speaks_for_its_state(news) -> None:
    rows = news.quotes(speaker="russia")
    assert [(r.article_id, r.speaker) for r in rows] == [(MOSCOW["id"], "Russia"), (KREMLIN["id"], "Russia")]
    assert [r.speaker_text for r in rows] == ["Moscow", "Kremlin"]  # what the article said
    # Moscow has no Russia entity in its article: its own identity still finds it.
    assert texts(news.quotes(speaker="Moscow")) == ["gas supplies to Europe could be cut within days"]


def test_speaker_hostile_input(news) -> None:
    for s in ("%", "_", "'; DROP TABLE quotes; --", '"', "NEAR(", "\x00"):
        assert news.quotes(speaker=s) == []
    assert news.quotes(speaker="  ") == news.quotes()  # blank: no filter
    assert len(news.quotes()) == 11


# -- about (full text) ---------------------------------------------------------------


def test_about_full_text(news) -> None:
    assert texts(news.quotes(about="sanctions")) == ["Russia would respond firmly to new sanctions"]
    assert texts(news.quotes(about="TAXES")) == [
        "We will stay the course on taxes.",
        "Read my lips: no new taxes.",
    ]
    assert texts(news.quotes(about='"economic blitzkrieg"')) == ["an economic blitzkrieg"]
    assert news.quotes(about='"blitzkrieg economic"') == []
    assert len(news.quotes(about="retreat OR blitzkrieg")) == 2
    assert texts(news.quotes(about="taxes NOT lips")) == ["We will stay the course on taxes."]
    assert texts(news.quotes(about="taxes", speaker="George Bush")) == ["Read my lips: no new taxes."]
    assert texts(news.quotes(about="disgrace city")) == ["a disgrace to this city"]  # all words


@pytest.mark.parametrize(
    "about",
    ['"', 'taxes "', "NEAR(", "NEAR(taxes lips, 2)", "'; DROP TABLE quotes; --", "*", "taxes*", "OR", "AND NOT",
     "^taxes", "text:taxes", "(((", ")", "-", "+", "{text}: taxes", "\x00\x01", "taxes OR"],
)  # fmt: skip
def test_about_hostile_syntax_never_breaks(news, about: str) -> None:
    rows = news.quotes(about=about)
    assert isinstance(rows, list)
    assert len(news.quotes()) == 11
    fts_ok(news)


# -- kind, dates, source -------------------------------------------------------------


def test_kind_filter(news) -> None:
    assert {r.kind for r in news.quotes(kind="partial")} == {"partial"}
    assert len(news.quotes(kind="partial")) == 3
    assert len(news.quotes(kind="DIRECT")) == 5
    assert len(news.quotes(kind="indirect", speaker="Russia")) == 2
    with pytest.raises(StoreError, match="direct, partial, indirect"):
        news.quotes(kind="hearsay")


def test_since_until_source(news) -> None:
    # A bare date covers its whole day, as in search.
    assert {r.article_id for r in news.quotes(since="2022-03-01", until="2022-03-01")} == {OFFICIALS["id"]}
    assert news.quotes(since="2022-03-01T13:00:00Z", until="2022-03-01") == []
    # A timestamp bound is exact: since includes it, until excludes it.
    assert news.quotes(since="2022-03-01T12:00:00+00:00", until="2022-03-01T12:00:00Z") == []
    assert {r.article_id for r in news.quotes(until="2022-02-10")} == {PUTIN_FULL["id"], PUTIN_BARE["id"]}
    assert all(r.published >= "2022-03-13" for r in news.quotes(since="2022-03-13"))
    assert len(news.quotes(since="2022-03-13")) == 2
    assert texts(news.quotes(source="wire b", speaker="putin")) == ["an economic blitzkrieg"]
    with pytest.raises(StoreError, match="not a date"):
        news.quotes(since="last week")


# -- batches -------------------------------------------------------------------------


def test_readding_a_batch_does_not_duplicate(news) -> None:
    before = news.quotes(limit=1000)
    res = news.add_batch(ALL + ALL[:2])
    assert (res.added, res.present) == (0, 12)
    assert news.quotes(limit=1000) == before
    assert news.db.execute("SELECT count(*) FROM quotes").fetchone()[0] == 11
    assert len(news.quotes(about="taxes")) == 2
    fts_ok(news)


def test_failed_batch_leaves_no_quotes(corpus) -> None:
    with pytest.raises(StoreError):
        corpus.add_batch([PUTIN_FULL, dict(ANNA, body=None)])  # the second article breaks NOT NULL
    bad_quote = dict(GEORGE, quotes=[dict(GEORGE["quotes"][0], text=None)])
    with pytest.raises(StoreError):
        corpus.add_batch([PUTIN_BARE, bad_quote])  # fails at the quote, after article and entities
    assert corpus.quotes() == [] and corpus.quotes(about="taxes") == []
    for table in ("articles", "entities", "quotes"):
        assert corpus.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    fts_ok(corpus)
    corpus.add_batch([PUTIN_FULL, PUTIN_BARE, GEORGE])  # the same records go in cleanly later
    assert len(corpus.quotes()) == 3


def test_deleting_an_article_keeps_the_index_in_step(news) -> None:
    news.db.execute("DELETE FROM articles WHERE id = ?", (BUSH["id"],))  # cascades to quotes
    assert texts(news.quotes(about="taxes")) == ["Read my lips: no new taxes."]
    fts_ok(news)


def test_readonly_open_reads_quotes(news, tmp_path: Path) -> None:
    with open_corpus(target(news), readonly=True) as ro:
        assert ro.quotes(speaker="putin") == news.quotes(speaker="putin")


# -- schema 2 → 3 and 1 → 3 ----------------------------------------------------------

# The version-2 schema as it shipped (comments dropped).
V2_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT, published TEXT,
    published_local TEXT, source TEXT, url TEXT, language TEXT,
    analysed INTEGER NOT NULL DEFAULT 0, origin TEXT, format TEXT, body TEXT NOT NULL,
    record TEXT NOT NULL, cluster_id INTEGER REFERENCES clusters(id), added_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_source ON articles(source);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TABLE entities (
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    entity_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, mentions INTEGER NOT NULL,
    identity_id INTEGER REFERENCES identities(id),
    PRIMARY KEY (article_rowid, entity_id)
);
CREATE INDEX entities_name ON entities(name, type);
CREATE INDEX entities_identity ON entities(identity_id, article_rowid);
CREATE TABLE identities (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL,
    surname TEXT, tokens INTEGER NOT NULL, articles INTEGER NOT NULL DEFAULT 0,
    UNIQUE (key, type)
);
CREATE INDEX identities_surname ON identities(type, surname, tokens);
CREATE TABLE identity_forms (
    identity_id INTEGER NOT NULL REFERENCES identities(id), form TEXT NOT NULL,
    articles INTEGER NOT NULL, PRIMARY KEY (identity_id, form)
);
CREATE TABLE identity_links (
    identity_id INTEGER PRIMARY KEY REFERENCES identities(id),
    target_id INTEGER NOT NULL REFERENCES identities(id), confidence REAL NOT NULL
);
CREATE INDEX identity_links_target ON identity_links(target_id);
CREATE TABLE quotes (
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    quote_id TEXT NOT NULL, kind TEXT NOT NULL, speaker_name TEXT, text TEXT NOT NULL,
    PRIMARY KEY (article_rowid, quote_id)
);
CREATE TABLE events (
    article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
    event_id TEXT NOT NULL, type TEXT NOT NULL, cameo TEXT, date TEXT, location TEXT,
    PRIMARY KEY (article_rowid, event_id)
);
CREATE INDEX events_date ON events(date);
CREATE TABLE clusters (id INTEGER PRIMARY KEY, label TEXT, created_at TEXT NOT NULL);
CREATE TABLE files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
    articles INTEGER NOT NULL, failures INTEGER NOT NULL, done_at TEXT NOT NULL
);
CREATE TABLE failures (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, reason TEXT NOT NULL, message TEXT NOT NULL,
    at TEXT NOT NULL, UNIQUE (path, reason, message)
);
INSERT INTO meta(key, value) VALUES ('schema_version', '2');
"""


def make_v2(path: Path, records: list[dict]) -> None:
    """A database as dateline with schema version 2 wrote it: identities assigned in the
    batch, quotes with a speaker name only, surname links computed."""
    con = sqlite3.connect(path)
    con.executescript(V2_SCHEMA)
    cache: dict = {}
    for r in records:
        cur = con.execute(
            "INSERT INTO articles (id, title, published, source, language, analysed, body, record, added_at)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (
                r["id"],
                r["title"],
                r["published"],
                r["source"],
                r["language"],
                1,
                r["body"],
                json.dumps(r),
                "x",
            ),
        )
        rowid = cur.lastrowid
        con.execute(
            "INSERT INTO articles_fts(rowid, title, body) VALUES (?,?,?)", (rowid, r["title"], r["body"])
        )
        con.executemany(
            "INSERT INTO entities(article_rowid, entity_id, name, type, mentions, identity_id)"
            " VALUES (?,?,?,?,?,?)",
            idents.assign(con, rowid, r["entities"], cache),
        )
        names = {e["id"]: e["name"] for e in r["entities"]}
        con.executemany(
            "INSERT INTO quotes(article_rowid, quote_id, kind, speaker_name, text) VALUES (?,?,?,?,?)",
            [
                (rowid, q["id"], q["kind"], names.get(q["speaker"]) or q.get("speaker_text"), q["text"])
                for q in r["quotes"]
            ],
        )
    idents.refresh_names(con, cache.values())
    idents.link(con)
    con.commit()
    con.close()


QUERIES: list[dict[str, Any]] = [
    {},
    {"speaker": "Vladimir Putin"},
    {"speaker": "putin"},
    {"speaker": "Bush"},
    {"speaker": "official"},
    {"speaker": "Russia"},
    {"about": "taxes"},
    {"about": '"economic blitzkrieg"', "kind": "partial"},
    {"since": "2022-03-01", "until": "2022-03-06"},
    {"source": "Wire C"},
]


def results(c: SQLiteCorpus) -> list[list[QuoteRow]]:
    return [c.quotes(limit=1000, **q) for q in QUERIES]


def fresh_results(folder: Path, *batches: list[dict]) -> list[list[QuoteRow]]:
    folder.mkdir()
    with SQLiteCorpus(folder / "fresh.db") as fresh:
        for b in batches:
            fresh.add_batch(b)
        fresh.link_identities()
        return results(fresh)


def _version(c: SQLiteCorpus) -> str:
    return c.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]


def test_version_2_database_is_upgraded(tmp_path: Path) -> None:
    old, new = ALL[:6], ALL[6:]
    make_v2(tmp_path / "old.db", old)

    # Read-only: search and identities still work; quotes ask for the upgrade.
    with SQLiteCorpus(tmp_path / "old.db", readonly=True) as ro:
        assert len(ro.search(entity="Vladimir Putin")) == 2
        with pytest.raises(StoreError, match="schema version 2.*dateline ingest"):
            ro.quotes()

    with SQLiteCorpus(tmp_path / "old.db") as c:  # writable open migrates, in one transaction
        assert _version(c) == SCHEMA_VERSION
        fts_ok(c)
        one = c.db.execute
        assert one("SELECT count(*) FROM quotes WHERE speaker_entity_id IS NOT NULL").fetchone()[0] == 5
        assert one("SELECT count(*) FROM quotes WHERE speaker_identity_id IS NOT NULL").fetchone()[0] == 5
        assert results(c) == fresh_results(tmp_path / "a", old)
        c.add_batch(new)
        c.link_identities()
        upgraded = results(c)
    with SQLiteCorpus(tmp_path / "old.db") as again:  # reopening is a no-op
        assert results(again) == upgraded
        fts_ok(again)

    # The upgraded database answers as a version-3 database fed the same records.
    assert upgraded == fresh_results(tmp_path / "b", old, new)
    assert sum(map(len, upgraded)) > 20  # the queries do find things


def test_version_1_database_is_upgraded_through_2(tmp_path: Path) -> None:
    make_v1(tmp_path / "old.db", ALL)
    with SQLiteCorpus(tmp_path / "old.db") as c:
        assert _version(c) == SCHEMA_VERSION
        assert c.db.execute("SELECT count(*) FROM entities WHERE identity_id IS NULL").fetchone()[0] == 0
        fts_ok(c)
        assert results(c) == fresh_results(tmp_path / "a", ALL)


def test_failed_migration_leaves_version_2(tmp_path: Path) -> None:
    broken = dict(PUTIN_FULL, quotes=[dict(PUTIN_FULL["quotes"][0], span=None)])
    make_v2(tmp_path / "old.db", [broken, GEORGE])
    with pytest.raises(StoreError, match="malformed quote"):
        SQLiteCorpus(tmp_path / "old.db")
    con = sqlite3.connect(tmp_path / "old.db")
    assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "2"
    assert "speaker_identity_id" not in {r[1] for r in con.execute("PRAGMA table_info(quotes)")}
    assert con.execute("SELECT count(*) FROM quotes").fetchone()[0] == 2
    con.close()
