"""Corpus identities: same name across articles, person names folded, the type vote,
surname links by context, corrections, counts, --entity search, idempotent batches, and
the schema upgrades.  Written against the Corpus protocol."""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from dateline.errors import StoreError
from dateline.models import Analysis, Article, Entity, Record
from dateline.store import SQLiteCorpus, links
from dateline.store.identities import display_name, identity_key, name_parts
from dateline.store.sqlite import SCHEMA_VERSION

from .backends import BACKENDS, open_backend

_n = iter(range(10**6))
_WORDS = (
    "harbour council rail budget school river hospital tariff market election bridge festival"
    " drought museum airport factory union court police weather vaccine housing energy tourism"
).split()


def _filler(k: int) -> str:
    """Words of its own for item ``k``: templated test articles are not syndicated copies
    of each other (store/syndication.py)."""
    rng = random.Random(k)
    return " ".join(rng.choice(_WORDS) for _ in range(30)) + "."


def rec(*names: str | tuple[str, str], published: str | None = None, source: str = "Test Wire") -> dict:
    """A record shaped like ``Record(...).to_json()`` whose entities are ``names``
    (PERSON unless given as ``(name, type)``), each mentioned once in the body."""
    body, ents = "", []
    for i, item in enumerate(names, 1):
        name, typ = (item, "PERSON") if isinstance(item, str) else item
        start = len(body)
        body += f"{name} spoke to reporters on Monday about the budget. "
        ents.append(Entity(f"e{i}", name, typ, ((start, start + len(name)),)))
    k = next(_n)
    body += f"Officials said more talks were planned (item {k}). " + _filler(k)
    art = Article(
        title=f"Report {k}",
        body=body,
        published=datetime.fromisoformat(published) if published else None,
        source=source,
        language="en",
    )
    return Record(art, Analysis(entities=tuple(ents))).to_json()


def filler(n: int = 6) -> list[dict]:
    """Unrelated articles: a corpus where the context words are not in every article."""
    return [rec((f"Town{chr(97 + i)}", "GPE")) for i in range(n)]


@pytest.fixture(params=BACKENDS)
def corpus(request, tmp_path: Path) -> Iterator[SQLiteCorpus]:
    c = open_backend(request.param, tmp_path, "c.db")
    yield c
    c.close()


def by_name(corpus, **kw) -> dict[tuple[str, str], object]:
    return {(r.name, r.type): r for r in corpus.entities(top=1000, **kw)}


# -- keys ----------------------------------------------------------------------------


def test_identity_key_folds_case_space_diacritics() -> None:
    assert identity_key("  Anna  BERGSTRÖM ") == identity_key("anna bergstrom") == "anna bergstrom"
    assert identity_key("O’Brien") == identity_key("O'Brien")
    assert name_parts("martin luther king jr.") == ("king", 3)
    assert name_parts("putin") == ("putin", 1)


# -- identities ----------------------------------------------------------------------


def test_same_name_in_two_articles_is_one_identity(corpus) -> None:
    corpus.add_batch([rec("Anna Bergström", ("Oslo", "GPE")), rec("ANNA  BERGSTROM")])
    corpus.add_batch([rec("anna bergström", ("Oslo", "GPE")), rec("Anna Bergström")])
    rows = by_name(corpus)
    anna = rows[("Anna Bergström", "PERSON")]  # the most frequent surface form
    assert anna.articles == 4 and anna.linked_to is None and anna.confidence is None
    assert rows[("Oslo", "GPE")].articles == 2
    assert len(rows) == 2


def test_same_name_different_type_is_one_identity_typed_by_vote(corpus) -> None:
    corpus.add_batch([rec(("Washington", "GPE")), rec(("Washington", "PERSON")), rec(("Washington", "GPE"))])
    rows = by_name(corpus)
    assert rows[("Washington", "GPE")].articles == 3 and len(rows) == 1


def test_type_vote_follows_the_stages_evidence(corpus) -> None:
    votes = [{"PERSON": 1.0, "ORG": 3.0}, {"PERSON": 2.0}, {"ORG": 1.0}]
    recs = []
    for v in votes:
        r = rec("Manchester United")
        r["entities"][0]["type_votes"] = v
        recs.append(r)
    corpus.add_batch(recs[:2])
    assert by_name(corpus)[("Manchester United", "PERSON")].articles == 2  # 0.25 + 1 vs 0.75
    corpus.add_batch(recs[2:])  # re-voted as articles arrive
    assert by_name(corpus)[("Manchester United", "ORG")].articles == 3
    margin = corpus.db.execute("SELECT type_margin FROM identities").fetchone()[0]
    assert margin == pytest.approx((1.75 - 1.25) / 3, abs=1e-3)


def test_honorifics_and_middle_initials_fold(corpus) -> None:
    corpus.add_batch([rec("George W. Bush"), rec("George W Bush"), rec("George Bush"), rec("Sen. Ann Lee")])
    corpus.add_batch([rec(("Mr Blair", "ORG")), rec("Blair"), rec("Ann Lee"), rec("GEORGE BUSH")])
    rows = by_name(corpus)
    assert rows[("George W. Bush", "PERSON")].articles == 4  # the fullest common form
    assert rows[("Ann Lee", "PERSON")].articles == 2
    assert rows[("Blair", "PERSON")].articles == 2  # "Mr" is not part of the name
    assert len(rows) == 3


def test_display_name_is_the_fullest_common_form() -> None:
    assert display_name([("Bush", 40), ("George W Bush", 20), ("George Bush", 30)]) == "George W Bush"
    assert display_name([("Donald Trump", 300), ("Donald J. Trump", 5)]) == "Donald Trump"  # not common
    assert display_name([("Mr Blair", 10), ("Blair", 3)]) == "Blair"
    assert display_name([("Blackburn", 14), ("Tony Blackburn", 1)], "tony blackburn") == "Tony Blackburn"


def test_one_article_counts_once_per_identity(corpus) -> None:
    corpus.add_batch([rec("Vladimir Putin", "VLADIMIR PUTIN")])  # two entities, one identity
    [row] = corpus.entities()
    assert row.articles == 1 and row.name == "Vladimir Putin"  # tie: not ALL CAPS


def test_surname_links_to_unique_full_name(corpus) -> None:
    corpus.add_batch(
        filler()
        + [
            rec("Vladimir Putin", ("Kremlin", "ORG")),
            rec("Vladimir Putin", "Dmitry Peskov", ("Kremlin", "ORG")),
            rec("Putin", ("Kremlin", "ORG")),
            rec("Putin", "Peskov", ("Kremlin", "ORG")),
        ]
    )
    assert corpus.link_identities() == 3
    rows = by_name(corpus, type="person")
    # The linked rows count toward the full name (distinct articles); the bare names keep none.
    assert rows[("Vladimir Putin", "PERSON")].articles == 4
    assert rows[("Dmitry Peskov", "PERSON")].articles == 2
    assert ("Putin", "PERSON") not in rows
    [putin, peskov] = sorted(corpus.identity_links(), key=lambda r: r.bare, reverse=True)
    assert (putin.bare, putin.target, putin.articles) == ("Putin", "Vladimir Putin", 2)
    assert 0.5 <= putin.lowest <= putin.confidence <= 1
    assert (peskov.bare, peskov.target) == ("Peskov", "Dmitry Peskov")
    assert corpus.entities(type="PERSON", top=1)[0].name == "Vladimir Putin"


def test_ambiguous_surname_links_by_context(corpus) -> None:
    """Two people share a surname: each bare mention goes where its article's company
    says; with no telling company it stays unlinked."""
    bill = [rec("Bill Clinton", ("Arkansas", "GPE"), ("Monica Lewinsky", "PERSON")) for _ in range(3)]
    hillary = [rec("Hillary Clinton", ("State Department", "ORG"), ("Benghazi", "GPE")) for _ in range(3)]
    corpus.add_batch(bill + hillary)
    a = rec("Clinton", ("Arkansas", "GPE"), ("Monica Lewinsky", "PERSON"))
    b = rec("Clinton", ("State Department", "ORG"), ("Benghazi", "GPE"))
    c = rec("Clinton")
    corpus.add_batch([a, b, c])
    corpus.link_identities()
    got = {
        r[0]: r[1]
        for r in corpus.db.execute(
            "SELECT a.id, t.name FROM entity_links l JOIN articles a ON a.rowid = l.article_rowid"
            " LEFT JOIN identities t ON t.id = l.target_id"
        )
    }
    assert got == {a["id"]: "Bill Clinton", b["id"]: "Hillary Clinton", c["id"]: None}
    evidence = json.loads(corpus.db.execute("SELECT evidence FROM entity_links LIMIT 1").fetchone()[0])
    assert {"name", "p", "prior", "context", "shared"} <= set(evidence["candidates"][0])
    why = corpus.link_evidence("Clinton")  # what `dateline entities links Clinton --why` prints
    assert sorted((d["article"], d["linked_to"]) for d in why) == sorted(got.items())
    assert (
        "Monica Lewinsky"
        in next(d for d in why if d["article"] == a["id"])["evidence"]["candidates"][0]["shared"]
    )


def test_honorific_gender_rules_out_a_candidate(corpus) -> None:
    corpus.add_batch(
        filler()
        + [rec("Tony Blair", ("Labour", "ORG")) for _ in range(5)]
        + [rec("Cherie Blair", ("Labour", "ORG"))]
    )
    # Tony Blair is the likelier Blair by far, but "Mrs" rules him out.
    corpus.add_batch([rec("Mrs Blair", ("Labour", "ORG")), rec("Mr Blair", ("Labour", "ORG"))])
    corpus.link_identities()
    targets = sorted(
        r[0]
        for r in corpus.db.execute(
            "SELECT t.name FROM entity_links l JOIN identities t ON t.id = l.target_id"
        )
    )
    assert targets == ["Cherie Blair", "Tony Blair"]


def test_only_person_surnames_link(corpus) -> None:
    corpus.add_batch(
        [rec(("Marsh", "ORG")), rec("Helen Marsh"), rec(("Jordan", "GPE")), rec("Michael Jordan")]
    )
    corpus.add_batch([rec("Helen"), rec(("New York", "GPE")), rec(("York", "PERSON"))])
    corpus.add_batch([rec("Kill Bill"), rec("Bill"), rec("ofNew Labour"), rec("Labour")])
    assert corpus.link_identities() == 0  # first names, other types, non-names never link
    for junk in (
        "ofNew Labour",
        "Kill Bill",
        "Crooked Hillary",
        "Freddy Vs Jason",
        "That's Jeb Bush",
        "Obama's agenda",
    ):
        assert not links.person_name(junk), junk
    for person in ("Tony Blair", "JK Rowling", "Ruud van Nistelrooy", "Vladimir Putin"):
        assert links.person_name(person), person


def test_link_identities_is_idempotent(corpus) -> None:
    corpus.add_batch(filler() + [rec("Angela Merkel", ("Berlin", "GPE")), rec("Merkel", ("Berlin", "GPE"))])
    first = corpus.entities()
    assert corpus.link_identities() == 1
    assert corpus.link_identities() == 0  # nothing queued: nothing changed
    assert corpus.entities() == corpus.entities() != first  # linked now, then stable
    links.relink(corpus.db, ["merkel"])  # deciding again gives the same
    assert corpus.entities() == corpus.entities(top=50) and corpus.identity_links()[0].articles == 1


def test_entities_top_type_and_query(corpus) -> None:
    corpus.add_batch(
        [
            rec(("China", "GPE"), "Li Qiang"),
            rec(("China", "GPE")),
            rec(("Chinese", "NORP")),
            rec("Anna Bergström"),
        ]
    )
    assert [r.name for r in corpus.entities(top=1)] == ["China"]
    assert [r.name for r in corpus.entities(type="PERSON")] == ["Anna Bergström", "Li Qiang"]
    assert [r.name for r in corpus.entities(query="CHIN")] == ["China", "Chinese"]
    assert [r.name for r in corpus.entities(query="bergstrom")] == ["Anna Bergström"]
    assert corpus.entities(query="%") == [] and corpus.entities(query="_") == []


def test_readding_a_batch_does_not_double_count(corpus) -> None:
    batch = [rec("Vladimir Putin", ("Moscow", "GPE")), rec("Putin"), rec(("Moscow", "GPE"))]
    corpus.add_batch(batch)
    corpus.link_identities()
    before = corpus.entities()
    res = corpus.add_batch(batch + batch[:1])
    assert (res.added, res.present) == (0, 4)
    corpus.link_identities()
    assert corpus.entities() == before
    assert ("Moscow", 2) in {(r.name, r.articles) for r in before}
    assert sum(r.articles for r in before if "Putin" in r.name) == 2  # linked or not, each article once


def test_failed_batch_leaves_no_identities(corpus) -> None:
    good = rec("Vladimir Putin")
    with pytest.raises(StoreError):
        corpus.add_batch([good, dict(rec("Jeb Bush"), body=None)])
    assert corpus.entities() == []


# -- search --entity -----------------------------------------------------------------


@pytest.fixture
def news(corpus) -> SQLiteCorpus:
    corpus.add_batch(
        [
            rec("Vladimir Putin", ("Moscow", "GPE"), published="2022-01-10T09:00:00+00:00", source="Wire A"),
            rec("Putin", "Putin", ("Moscow", "GPE"), published="2022-02-10T09:00:00+00:00", source="Wire B"),
            rec(("Moscow", "GPE"), published="2022-03-10T09:00:00+00:00", source="Wire A"),
            rec("George Bush", published="2022-03-11T09:00:00+00:00"),
            rec("Jeb Bush", published="2022-03-12T09:00:00+00:00"),
            rec("Bush", published="2022-03-13T09:00:00+00:00"),
        ]
    )
    corpus.link_identities()
    return corpus


def test_search_entity_without_query(news) -> None:
    hits = news.search(entity="vladimir PUTIN")
    assert [h.source for h in hits] == ["Wire B", "Wire A"]  # most mentions first
    assert hits[0].score == 2.0 and hits[0].snippet.startswith("«Putin»")
    assert "«Vladimir Putin»" in hits[1].snippet
    # A linked surname finds its full name's articles too; unlinked ones only their own.
    assert {h.source for h in news.search(entity="Putin")} == {"Wire A", "Wire B"}
    assert len(news.search(entity="Bush")) == 1
    assert len(news.search(entity="Jeb Bush")) == 1
    assert news.search(entity="Nobody Atall") == []


def test_search_entity_combines_with_query_and_filters(news) -> None:
    assert len(news.search("budget", entity="Vladimir Putin")) == 2
    assert news.search("nonexistentword", entity="Vladimir Putin") == []
    hits = news.search("budget", entity="Moscow", source="wire a", since="2022-03-01")
    assert [h.published for h in hits] == ["2022-03-10T09:00:00Z"]
    assert "«" in hits[0].snippet  # the FTS snippet when there is a query
    assert [h.source for h in news.search(entity="Vladimir Putin", until="2022-01-31")] == ["Wire A"]
    assert len(news.search(entity="Moscow", limit=1)) == 1


def test_search_needs_query_or_entity(news) -> None:
    with pytest.raises(StoreError):
        news.search()
    news.search(entity="'; DROP TABLE identities; --")
    news.search("x", entity="%")
    assert len(news.entities(top=100)) == 5  # the linked "Putin" counts under Vladimir Putin


# -- schema 1 → 2 --------------------------------------------------------------------

# The version-1 schema as it shipped (the parts an old database holds).
V1_SCHEMA = """
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
    PRIMARY KEY (article_rowid, entity_id)
);
CREATE INDEX entities_name ON entities(name, type);
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
INSERT INTO meta(key, value) VALUES ('schema_version', '1');
"""


def make_v1(path: Path, records: list[dict]) -> None:
    """A database as dateline with schema version 1 wrote it."""
    con = sqlite3.connect(path)
    con.executescript(V1_SCHEMA)
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
            "INSERT INTO entities(article_rowid, entity_id, name, type, mentions) VALUES (?,?,?,?,?)",
            [(rowid, e["id"], e["name"], e["type"], len(e["mentions"])) for e in r["entities"]],
        )
    con.commit()
    con.close()


def _listing(c: SQLiteCorpus) -> list[tuple]:
    return [(r.name, r.type, r.articles, r.linked_to, r.confidence) for r in c.entities(top=1000)]


def test_version_1_database_is_upgraded(tmp_path: Path) -> None:
    old = [
        rec("Vladimir Putin", ("Moscow", "GPE")),
        rec("Putin", ("Moscow", "GPE")),
        rec("vladimir putin"),
        rec("George Bush"),
    ]
    new = [rec("Jeb Bush"), rec("Bush"), rec("Putin", ("MOSCOW", "GPE"))]
    make_v1(tmp_path / "old.db", old)

    # Read-only: plain search still works; identities ask for the upgrade.
    with SQLiteCorpus(tmp_path / "old.db", readonly=True) as ro:
        assert len(ro.search("budget")) == 4
        with pytest.raises(StoreError, match="schema version 1.*dateline ingest"):
            ro.entities()

    with SQLiteCorpus(tmp_path / "old.db") as c:  # writable open migrates, in one transaction
        assert (
            c.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == SCHEMA_VERSION
        )
        assert c.db.execute("SELECT count(*) FROM entities WHERE identity_id IS NULL").fetchone()[0] == 0
        rows = by_name(c)
        assert rows[("Vladimir Putin", "PERSON")].articles == 3  # 2 by name + 1 linked surname
        assert [(r.bare, r.target) for r in c.identity_links()] == [("Putin", "Vladimir Putin")]
        assert len(c.search(entity="Vladimir Putin")) == 3
        c.add_batch(new)
        c.link_identities()
        upgraded = _listing(c)
    with SQLiteCorpus(tmp_path / "old.db") as again:  # reopening is a no-op
        assert _listing(again) == upgraded

    # The upgraded database holds what a version-2 database fed the same records holds.
    with SQLiteCorpus(tmp_path / "fresh.db") as fresh:
        fresh.add_batch(old)
        fresh.add_batch(new)
        fresh.link_identities()
        assert _listing(fresh) == upgraded
    assert ("Bush", "PERSON", 1, None, None) in upgraded  # George and Jeb: ambiguous


def test_version_1_without_version_row_is_upgraded(tmp_path: Path) -> None:
    make_v1(tmp_path / "old.db", [rec("Vladimir Putin")])
    con = sqlite3.connect(tmp_path / "old.db")
    con.execute("DELETE FROM meta")  # a v1 run killed before it wrote its version row
    con.commit()
    con.close()
    with SQLiteCorpus(tmp_path / "old.db") as c:
        assert [r.name for r in c.entities()] == ["Vladimir Putin"]


def test_newer_schema_version_is_refused(tmp_path: Path) -> None:
    SQLiteCorpus(tmp_path / "n.db").close()
    con = sqlite3.connect(tmp_path / "n.db")
    con.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    con.commit()
    con.close()
    for readonly in (False, True):
        with pytest.raises(StoreError, match="schema version 99"):
            SQLiteCorpus(tmp_path / "n.db", readonly=readonly)


# -- corrections that last -------------------------------------------------------------


def test_corrections_apply_now_and_to_later_ingests(corpus) -> None:
    corpus.add_batch(
        [
            rec(("Lib Dem", "NORP")),
            rec(("Liberal Democrats", "ORG")),
            rec(("Liberal Democrats", "ORG")),
            rec("Manchester United"),
        ]
    )
    corpus.add_batch(filler() + [rec("George Bush", ("Texas", "GPE")), rec("Bush", ("Texas", "GPE"))])
    corpus.link_identities()
    assert corpus.identity_links()[0].target == "George Bush"
    assert "merged Lib Dem into Liberal Democrats" in corpus.fix_identity(
        "merge", "Lib Dem", "Liberal Democrats"
    )
    corpus.fix_identity("retype", "manchester united", "org")
    corpus.fix_identity("split", "Bush")
    rows = by_name(corpus)
    assert rows[("Liberal Democrats", "ORG")].articles == 3 and ("Lib Dem", "NORP") not in rows
    assert ("Manchester United", "ORG") in rows
    assert corpus.identity_links() == [] and rows[("Bush", "PERSON")].articles == 1
    # A later ingest honours every fix.
    corpus.add_batch([rec(("Lib Dem", "ORG")), rec("Manchester United"), rec("Bush", ("Texas", "GPE"))])
    corpus.link_identities()
    rows = by_name(corpus)
    assert rows[("Liberal Democrats", "ORG")].articles == 4
    assert rows[("Manchester United", "ORG")].articles == 2
    assert corpus.identity_links() == [] and rows[("Bush", "PERSON")].articles == 2
    with pytest.raises(StoreError, match="no identity is named 'Nobody'"):
        corpus.fix_identity("merge", "Nobody", "Bush")


def _named(name: str, votes: dict[str, float], body_extra: str = "") -> dict:
    r = rec(name)
    r["entities"][0]["type_votes"] = votes
    if body_extra:  # a second mention by another form ("Blair" after "Tony Blair")
        s = len(r["body"]) + 1
        r["body"] += " " + body_extra
        r["entities"][0]["mentions"] = [*r["entities"][0]["mentions"], [s, s + len(body_extra)]]
    return r


def test_person_vote_needs_a_person(corpus) -> None:
    """A PERSON vote stands for a name shaped and treated like a person's: a one-word name
    that is nobody's surname ("Yukos") or a full name never called by its surname
    ("Harry Potter") takes its best other type; real people keep theirs."""
    corpus.add_batch(
        [_named("Yukos", {"PERSON": 2.0, "ORG": 1.0}) for _ in range(4)]
        + [_named("Harry Potter", {"PERSON": 2.0, "WORK_OF_ART": 1.0}) for _ in range(4)]
        + [_named("Tony Blair", {"PERSON": 2.0, "ORG": 1.0}, "Blair") for _ in range(4)]
        + [_named("Blair", {"PERSON": 2.0, "ORG": 1.0})]
        + [_named("Kate Winslet", {"PERSON": 1.0}) for _ in range(4)]  # no other vote: stays
    )
    types = {r.name: r.type for r in corpus.entities(top=100)}
    assert types["Yukos"] == "ORG" and types["Harry Potter"] == "WORK_OF_ART"
    assert types["Tony Blair"] == "PERSON" and types["Kate Winslet"] == "PERSON"
    assert types["Blair"] == "PERSON"  # the surname of a full name in the corpus
    margin = corpus.db.execute("SELECT type_margin FROM identities WHERE key = 'yukos'").fetchone()[0]
    assert margin < 0  # chosen against the label vote, and it says so


def test_no_link_for_families_compounds_and_first_names(corpus) -> None:
    corpus.add_batch(
        filler()
        + [rec("Charles Koch", ("Kansas", "GPE")) for _ in range(3)]
        + [rec("Chris Dodd", ("Senate", "ORG")) for _ in range(3)]
        + [rec("Rand Paul", ("Senate", "ORG"))]
        + [rec("Paul Ryan", ("Senate", "ORG")) for _ in range(3)]
    )
    family = rec("Koch", ("Kansas", "GPE"))
    family["body"] = family["body"].replace("Koch spoke", "Koch brothers spoke", 1)
    law = rec("Dodd", ("Senate", "ORG"))
    law["body"] = law["body"].replace("Dodd spoke", "Dodd-Frank spoke", 1)
    first = rec("Paul", ("Senate", "ORG"))
    mister = rec("Mr Koch", ("Kansas", "GPE"))
    corpus.add_batch([family, law, first, mister])
    corpus.link_identities()
    got = {
        r[0]: (r[1], json.loads(r[2]).get("rule"))
        for r in corpus.db.execute(
            "SELECT a.id, t.name, l.evidence FROM entity_links l JOIN articles a ON a.rowid = l.article_rowid"
            " LEFT JOIN identities t ON t.id = l.target_id"
        )
    }
    assert got[family["id"]][0] is None and "several" in got[family["id"]][1]
    assert got[law["id"]][0] is None
    assert got[first["id"]] == (None, "a first name without an honorific: not linked by the model")
    assert got[mister["id"]][0] == "Charles Koch"  # the same surname, one person


def test_a_relative_named_in_full_does_not_decide(corpus) -> None:
    """ "Edwards … Sherry Edwards, his sister": the bare surname is not the sister."""
    corpus.add_batch(filler() + [rec("Sherry Edwards", ("Wales", "GPE")) for _ in range(2)])
    sister = rec("Edwards", "Sherry Edwards")
    sister["body"] = sister["body"].replace("Sherry Edwards spoke", "Sherry Edwards, his sister, spoke", 1)
    plain = rec("Edwards", "Sherry Edwards")
    corpus.add_batch([sister, plain])
    corpus.link_identities()
    got = {
        d["article"]: (d["linked_to"], d["evidence"].get("relatives"))
        for d in corpus.link_evidence("Edwards")
    }
    assert got[sister["id"]] == (None, ["Sherry Edwards"])
    assert got[plain["id"]][0] == "Sherry Edwards"  # named in full, no kinship: the rule links
