"""Events in the corpus (the timeline): rows written with the article, actors and targets
resolved to identities (surname links, a seat speaking for its state, generic actors),
filters by entity, place, PLOVER type, CAMEO prefix and date span, ordering by when
the event happened (partial dates, publication fallback), no orphan rows when an article
goes, and the schema 3 → 4 (and 1 → 4) upgrade.

Records are hand-built dicts shaped like ``dateline.article/1`` (the helpers of
tests/test_store_quotes.py plus :func:`V` for events), so these tests do not depend on
the NLP stage that finds events."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dateline.errors import StoreError
from dateline.store import FileMark, SQLiteCorpus, open_corpus
from dateline.store import quotes as quotes_mod
from dateline.store.base import EventRow
from dateline.store.dialect import is_postgres
from dateline.store.events import PLOVER_TYPES, cameo_range, day_range, period
from dateline.store.sqlite import SCHEMA_VERSION

from . import old_identities as idents
from .backends import BACKENDS, open_backend, target
from .test_store_identities import make_v1
from .test_store_quotes import RUSSIA, E, Q, _version, record

FIXTURES = Path(__file__).parent / "fixtures"

# -- building records ----------------------------------------------------------------


def V(
    sentence: str,
    trigger: str,
    plover: str,
    cameo: str | None,
    *,
    type: str = "meeting",
    actors: list[str] = (),
    targets: list[str] = (),
    actor_spans: list[tuple[str, str | None, str | None]] = (),
    target_spans: list[tuple[str, str | None, str | None]] = (),
    location: str | None = None,
    location_text: str | None = None,
    date: str | None = None,
    modality: str = "asserted",
    said_by: str | None = None,
    historical: bool = False,
    mode: str | None = None,
) -> dict:
    """An event spec: ``sentence`` is found in the body, ``trigger`` and the span texts in
    the sentence; spans are (text, entity id, sector)."""
    return {k: v for k, v in locals().items()}


def with_events(rec: dict[str, Any], *specs: dict) -> dict[str, Any]:
    """``rec`` with events built from specs, offsets computed from its body."""
    body = rec["body"]
    evs = []
    for i, v in enumerate(specs, 1):
        s = body.index(v["sentence"])
        sent = (s, s + len(v["sentence"]))

        def at(text: str, s: int = s) -> list[int]:
            t = body.index(text, s)
            return [t, t + len(text)]

        def spans(items, at=at) -> list[dict]:
            return [{"text": t, "span": at(t), "entity": e, "sector": sec} for t, e, sec in items]

        evs.append(
            {
                "id": f"v{i}",
                "type": v["type"],
                "cameo": v["cameo"],
                "trigger": {"text": v["trigger"], "span": at(v["trigger"])},
                "actors": list(v["actors"]),
                "targets": list(v["targets"]),
                "location": v["location"],
                "date": v["date"],
                "modality": v["modality"],
                "span": list(sent),
                "plover": {"type": v["plover"], "mode": v["mode"], "context": []},
                "goldstein": 1.0,
                "actor_spans": spans(v["actor_spans"]),
                "target_spans": spans(v["target_spans"]),
                "location_text": v["location_text"],
                "date_timex": "t1" if v["date"] else None,
                "date_source": "text" if v["date"] else "publication" if rec["published"] else "none",
                "publication_date": (rec["published"] or "")[:10] or None,
                "historical": v["historical"],
                "said_by": v["said_by"],
                "quote": None,
            }
        )
    return dict(rec, events=evs)


SOCHI_BODY = (
    "Mike Pompeo will meet Vladimir Putin in Sochi on May 14. "
    "Donald Trump spoke to Putin by phone on May 3. "
    "The two leaders met at a July summit in Helsinki."
)
SOCHI = with_events(
    record(
        SOCHI_BODY,
        [
            E("Mike Pompeo"),
            E("Vladimir Putin"),
            E("Sochi", "GPE"),
            E("Donald Trump"),
            E("Putin", surface="Putin by"),
            E("Helsinki", "GPE"),
        ],
        published="2019-05-10T09:00:00Z",
        source="Wire A",
        title="Pompeo to meet Putin",
    ),
    V(
        "Mike Pompeo will meet Vladimir Putin in Sochi on May 14.",
        "meet",
        "CONSULT",
        "036",
        actors=["e1"],
        targets=["e2"],
        actor_spans=[("Mike Pompeo", "e1", "government")],
        location="e3",
        location_text="Sochi",
        date="2019-05-14",
        modality="planned",
        mode="visit",
    ),
    V(
        "Donald Trump spoke to Putin by phone on May 3.",
        "phone",
        "CONSULT",
        "040",
        type="communication",
        actors=["e4"],
        targets=["e5"],
        date="2019-05-03",
        mode="phone",
    ),
    V(
        "The two leaders met at a July summit in Helsinki.",
        "summit",
        "CONSULT",
        "043",
        actors=["e4"],
        targets=["e2"],
        location="e6",
        date="2018-07",
    ),
)
CRIMEA = with_events(
    record(
        "Russia's 2014 takeover of Crimea drew sanctions. Police arrested dozens of protesters in Moscow.",
        [E("Russia", "GPE"), E("Crimea", "GPE"), E("Moscow", "GPE")],
        published="2019-05-12T08:00:00Z",
        source="Wire B",
        title="Crimea anniversary",
    ),
    V(
        "Russia's 2014 takeover of Crimea drew sanctions.",
        "takeover",
        "ASSAULT",
        "1953",
        type="attack",
        actors=["e1"],
        targets=["e2"],
        date="2014",
        historical=True,
    ),
    V(
        "Police arrested dozens of protesters in Moscow.",
        "arrested",
        "COERCE",
        "173",
        type="arrest",
        actor_spans=[("Police", None, "police")],
        target_spans=[("dozens of protesters", None, "protesters")],
        location="e3",
    ),
)
KREMLIN = with_events(  # a seat speaking for a country the article names, inside a quote
    record(
        "The Kremlin rejected the proposal on Friday, Russia said.",
        [E("Kremlin", "FAC", refers_to=dict(RUSSIA, entity="e2")), E("Russia", "GPE")],
        [Q("The Kremlin rejected the proposal on Friday", "indirect", speaker="e2")],
        published="2019-06-01T08:00:00Z",
        source="Wire C",
    ),
    V(
        "The Kremlin rejected the proposal on Friday, Russia said.",
        "rejected",
        "REJECT",
        "12",
        type="rejection",
        actors=["e1"],
        date="2019-05-31",
        modality="reported",
        said_by="e2",
    ),
)
PARTIAL = with_events(  # partial dates and a non-calendar one
    record(
        "Sanctions were tightened in 2018. Envoys met on July 1, 2018. Talks resumed this week."
        " Aid arrived in the second quarter of 2018.",
        [E("Envoys", "NORP")],
        published="2018-12-01T00:00:00Z",
        title="A year of talks",
    ),
    V("Sanctions were tightened in 2018.", "tightened", "SANCTION", "163", actors=["e1"], date="2018"),
    V("Envoys met on July 1, 2018.", "met", "CONSULT", "043", actors=["e1"], date="2018-07-01"),
    V("Talks resumed this week.", "resumed", "CONSULT", "046", actors=["e1"], date="PRESENT_REF"),
    V("Aid arrived in the second quarter of 2018.", "Aid", "AID", "07", actors=["e1"], date="2018-Q2"),
)
UNDATED = with_events(  # no date in the text, no publication date
    record(
        "Protesters marched through Lisbon.",
        [E("Lisbon", "GPE")],
        published=None,
        title="March",
    ),
    V(
        "Protesters marched through Lisbon.",
        "marched",
        "PROTEST",
        "141",
        type="protest",
        actor_spans=[("Protesters", None, "protesters")],
        location="e1",
    ),
)
ALL = [SOCHI, CRIMEA, KREMLIN, PARTIAL, UNDATED]


@pytest.fixture(params=BACKENDS)
def corpus(request, tmp_path: Path) -> Iterator[SQLiteCorpus]:
    c = open_backend(request.param, tmp_path, "c.db")
    yield c
    c.close()


@pytest.fixture
def news(corpus) -> SQLiteCorpus:
    corpus.add_batch(ALL[:2])
    corpus.add_batch(ALL[2:])
    corpus.link_identities()
    return corpus


def triggers(rows: list[EventRow]) -> list[str]:
    return [r.trigger for r in rows]


def count(c: SQLiteCorpus, table: str) -> int:
    return c.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# -- dates ---------------------------------------------------------------------------


def test_period_of_timex_values() -> None:
    assert period("2019-05-14") == ("2019-05-14", "2019-05-15")
    assert period("2019-05-14T10:30") == ("2019-05-14", "2019-05-15")
    assert period("2018-07") == ("2018-07-01", "2018-08-01")
    assert period("2018-12") == ("2018-12-01", "2019-01-01")
    assert period("2014") == ("2014-01-01", "2015-01-01")
    assert period("2019-W20") == ("2019-05-13", "2019-05-20")
    assert period("2018-Q2") == ("2018-04-01", "2018-07-01")
    assert period("2018-H2") == ("2018-07-01", "2019-01-01")
    assert period("2018-WI") == ("2018-12-01", "2019-03-01")
    assert period("201X") == period("201") == ("2010-01-01", "2020-01-01")
    assert period("19") == ("1900-01-01", "2000-01-01")
    for v in ("PRESENT_REF", "XXXX-05-14", "P3Y", "2019-02-30", "2019-13", "", None, 2019):
        assert period(v) is None


def test_since_until_cameo_type_values() -> None:
    assert day_range("2019") == ("2019-01-01", "2020-01-01")
    assert day_range(" 2019-05 ") == ("2019-05-01", "2019-06-01")
    assert day_range("2019-05-14") == ("2019-05-14", "2019-05-15")
    for bad in ("last week", "2019-W20", "201X", "2019-02-30", "14/05/2019", ""):
        with pytest.raises(StoreError, match="YYYY, YYYY-MM or YYYY-MM-DD"):
            day_range(bad)
    assert cameo_range("04") == ("04", "05") and cameo_range("19") == ("19", "1:")
    for bad in ("4a", "", "12345", "04%", "' OR 1"):
        with pytest.raises(StoreError, match="not a CAMEO code"):
            cameo_range(bad)
    assert len(PLOVER_TYPES) == 16 and len(set(PLOVER_TYPES)) == 16


# -- rows ----------------------------------------------------------------------------


def test_rows_in_the_order_events_happened(news) -> None:
    rows = news.events(limit=1000)
    assert [(r.trigger, r.date, r.when, r.when_from) for r in rows] == [
        ("takeover", "2014", "2014-01-01", "text"),
        ("tightened", "2018", "2018-01-01", "text"),
        ("Aid", "2018-Q2", "2018-04-01", "text"),
        ("met", "2018-07-01", "2018-07-01", "text"),  # a day before the month it starts
        ("summit", "2018-07", "2018-07-01", "text"),
        ("resumed", "PRESENT_REF", "2018-12-01", "publication"),  # not a calendar date
        ("phone", "2019-05-03", "2019-05-03", "text"),
        ("arrested", None, "2019-05-12", "publication"),  # no text date: publication day
        ("meet", "2019-05-14", "2019-05-14", "text"),  # published 2019-05-10, happens later
        ("rejected", "2019-05-31", "2019-05-31", "text"),
        ("marched", None, None, None),  # neither: last
    ]
    assert len(news.events(limit=3)) == 3 and news.events(limit=3) == rows[:3]


def test_row_fields(news) -> None:
    meet = next(r for r in news.events() if r.trigger == "meet")
    assert meet == EventRow(
        article_id=SOCHI["id"],
        title="Pompeo to meet Putin",
        published="2019-05-10T09:00:00Z",
        source="Wire A",
        event_id="v1",
        date="2019-05-14",
        when="2019-05-14",
        when_from="text",
        sentence="Mike Pompeo will meet Vladimir Putin in Sochi on May 14.",
        span=tuple(SOCHI["events"][0]["span"]),
        trigger="meet",
        type="meeting",
        plover_type="CONSULT",
        plover_mode="visit",
        cameo="036",
        goldstein=1.0,
        modality="planned",
        historical=False,
        actors=("Mike Pompeo",),
        targets=("Vladimir Putin",),
        location="Sochi",
        said_by=None,
    )
    for r in news.events(limit=1000):  # every row's sentence is its article's body[span]
        assert news.get(r.article_id)["body"][slice(*r.span)] == r.sentence
    by = {r.trigger: r for r in news.events(limit=1000)}
    assert (by["arrested"].actors, by["arrested"].targets) == (("Police",), ("dozens of protesters",))
    assert by["rejected"].actors == ("Russia",)  # the Kremlin speaks for Russia
    assert (by["rejected"].said_by, by["rejected"].modality) == ("Russia", "reported")
    assert by["takeover"].historical is True and by["phone"].targets == ("Putin",)


def test_columns_hold_identities_and_sectors(news) -> None:
    args = news.db.execute(
        "SELECT g.role, g.entity_id, g.identity_id IS NOT NULL, g.name, g.text, g.key, g.sector"
        " FROM event_args g JOIN articles a ON a.rowid = g.article_rowid WHERE a.id = ?"
        " ORDER BY g.event_id, g.role, g.position",
        (CRIMEA["id"],),
    ).fetchall()
    assert [tuple(r) for r in args] == [
        ("actor", "e1", 1, "Russia", None, "russia", None),
        ("target", "e2", 1, "Crimea", None, "crimea", None),
        ("actor", None, 0, None, "Police", "police", "police"),
        ("target", None, 0, None, "dozens of protesters", "dozens of protesters", "protesters"),
    ]
    ev = news.db.execute(
        "SELECT plover_type, cameo, location, location_name, location_identity_id IS NOT NULL,"
        " sort_day, sort_end, sort_from, date_source FROM events WHERE event_id = 'v2' AND"
        " article_rowid = (SELECT rowid FROM articles WHERE id = ?)",
        (CRIMEA["id"],),
    ).fetchone()
    assert tuple(ev) == (
        "COERCE",
        "173",
        "e3",
        "Moscow",
        1,
        "2019-05-12",
        "2019-05-13",
        "publication",
        "publication",
    )


# -- filters -------------------------------------------------------------------------


def test_entity_through_identity_and_surname_link(news) -> None:
    putin = ["summit", "phone", "meet"]
    assert triggers(news.events(entity="Vladimir Putin")) == putin
    assert triggers(news.events(entity="VLADIMIR putin")) == putin  # case-insensitive
    assert triggers(news.events(entity="Putin")) == putin  # the bare surname finds the full name
    assert triggers(news.events(entity="Donald Trump")) == ["summit", "phone"]  # actor
    assert triggers(news.events(entity="crimea")) == ["takeover"]  # target
    assert triggers(news.events(entity="Russia")) == ["takeover", "rejected"]  # a seat for its state
    assert triggers(news.events(entity="kremlin")) == ["rejected"]  # … or by its own name
    assert triggers(news.events(entity="police")) == ["arrested"]  # a generic actor's phrase
    assert triggers(news.events(entity="protesters")) == ["arrested", "marched"]
    assert news.events(entity="Jeb Bush") == [] and news.events(entity="Sochi") == []  # a place is no actor


def test_entity_without_links_is_the_name_only(corpus) -> None:
    corpus.add_batch([SOCHI])
    assert triggers(corpus.events(entity="Vladimir Putin")) == ["summit", "meet"]
    corpus.link_identities()
    assert triggers(corpus.events(entity="Vladimir Putin")) == ["summit", "phone", "meet"]


def test_bare_surname_finds_the_only_full_name(corpus) -> None:
    body = "Mike Pompeo met Vladimir Putin. Jeb Bush met George Bush."
    rec = with_events(
        record(body, [E("Mike Pompeo"), E("Vladimir Putin"), E("Jeb Bush"), E("George Bush")]),
        V("Mike Pompeo met Vladimir Putin.", "met", "CONSULT", "040", actors=["e1"], targets=["e2"]),
        V("Jeb Bush met George Bush.", "met", "CONSULT", "040", actors=["e3"], targets=["e4"]),
    )
    corpus.add_batch([rec])
    corpus.link_identities()
    assert [r.event_id for r in corpus.events(entity="Putin")] == ["v1"]  # no bare "Putin" identity
    assert [r.event_id for r in corpus.events(entity="pompeo")] == ["v1"]
    assert corpus.events(entity="Bush") == []  # two full names: neither
    assert [r.event_id for r in corpus.events(entity="Jeb Bush")] == ["v2"]


def test_place_type_cameo(news) -> None:
    assert triggers(news.events(place="sochi")) == ["meet"]
    assert triggers(news.events(place="Helsinki")) == ["summit"]
    assert triggers(news.events(place="moscow")) == ["arrested"]
    assert news.events(place="Russia") == []
    assert triggers(news.events(type="CONSULT")) == ["met", "summit", "resumed", "phone", "meet"]
    assert triggers(news.events(type="assault")) == ["takeover"]  # case-insensitive
    with pytest.raises(StoreError, match="AGREE, CONSULT.*ASSAULT"):
        news.events(type="MEET")
    assert triggers(news.events(cameo="04")) == ["met", "summit", "resumed", "phone"]  # 040 … 046
    assert triggers(news.events(cameo="043")) == ["met", "summit"]
    assert triggers(news.events(cameo="0")) == ["Aid", "met", "summit", "resumed", "phone", "meet"]
    assert triggers(news.events(cameo="19")) == ["takeover"]  # 1953
    assert triggers(news.events(cameo="12")) == ["rejected"]
    assert news.events(cameo="2") == []
    with pytest.raises(StoreError, match="not a CAMEO code"):
        news.events(cameo="04%")
    assert triggers(news.events(entity="Putin", type="CONSULT", cameo="036", place="Sochi")) == ["meet"]


def test_since_until_overlap_the_event_period(news) -> None:
    assert triggers(news.events(since="2019-05")) == ["phone", "arrested", "meet", "rejected"]
    assert triggers(news.events(since="2019-05-13", until="2019-05-14")) == ["meet"]
    assert triggers(news.events(until="2014")) == ["takeover"]
    # "2018-07" overlaps 15 July; "2018" (the whole year) too; the day 1 July does not.
    assert triggers(news.events(since="2018-07-15", until="2018-07-15")) == ["tightened", "summit"]
    assert triggers(news.events(since="2018-12", until="2018")) == ["tightened", "resumed"]
    assert news.events(since="2020") == []
    with pytest.raises(StoreError, match="YYYY, YYYY-MM or YYYY-MM-DD"):
        news.events(since="last week")


def test_hostile_input(news) -> None:
    for s in ("%", "_", "'; DROP TABLE events; --", '"', "\x00", "  "):
        assert isinstance(news.events(entity=s, place=s), list)
    assert news.events(entity="%") == [] and news.events(place="_") == []
    assert news.events(entity="  ") == news.events()  # blank: no filter
    assert count(news, "events") == 11


def test_readonly_open_reads_events(news, tmp_path: Path) -> None:
    with open_corpus(target(news), readonly=True) as ro:
        assert ro.events(entity="putin") == news.events(entity="putin")


# -- batches, replacement, pruning ----------------------------------------------------


def test_readding_a_batch_does_not_duplicate(news) -> None:
    before = news.events(limit=1000)
    res = news.add_batch(ALL)
    assert (res.added, res.present) == (0, 5)
    assert news.events(limit=1000) == before
    assert (count(news, "events"), count(news, "event_args")) == (11, 16)


def test_failed_batch_leaves_no_events(corpus) -> None:
    bad = dict(CRIMEA, events=[dict(CRIMEA["events"][0], span=5)])  # a span that is not a pair
    with pytest.raises(StoreError, match="malformed event"):
        corpus.add_batch([SOCHI, bad])
    dup = dict(CRIMEA, events=[CRIMEA["events"][0]] * 2)  # two events with one id
    with pytest.raises(StoreError):
        corpus.add_batch([SOCHI, dup])
    for table in ("articles", "entities", "events", "event_args"):
        assert count(corpus, table) == 0
    corpus.add_batch([SOCHI, CRIMEA])
    assert count(corpus, "events") == 5


def test_replaced_and_pruned_articles_leave_no_event_rows(corpus, tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("x")
    first = [dict(SOCHI, origin=f"{path}:1"), dict(CRIMEA, origin=f"{path}:2")]
    corpus.add_batch(first, files=[FileMark(str(path), 1, 1, 2, 0)])
    assert count(corpus, "events") == 5
    # The file was edited: it now holds only the Kremlin article.
    res = corpus.add_batch([dict(KREMLIN, origin=f"{path}:1")], files=[FileMark(str(path), 2, 2, 1, 0)])
    assert res.replaced == 2
    assert triggers(corpus.events()) == ["rejected"]
    assert (count(corpus, "events"), count(corpus, "event_args")) == (1, 1)
    path.unlink()
    assert corpus.prune([str(tmp_path)]) == 1
    for table in ("articles", "entities", "events", "event_args"):
        assert count(corpus, table) == 0
    if not is_postgres(corpus.db):  # PostgreSQL checks its references on every write
        assert corpus.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_deleting_an_article_cascades(news) -> None:
    news.db.execute("DELETE FROM articles WHERE id = ?", (SOCHI["id"],))
    assert news.events(entity="Putin") == []
    orphans = news.db.execute(
        "SELECT count(*) FROM event_args g WHERE NOT EXISTS"
        " (SELECT 1 FROM events e WHERE e.article_rowid = g.article_rowid AND e.event_id = g.event_id)"
    ).fetchone()[0]
    assert orphans == 0 and count(news, "events") == 8


# -- schema 3 → 4 and 1 → 4 ----------------------------------------------------------


def make_v3(path: Path, records: list[dict]) -> None:
    """A database as dateline with schema version 3 wrote it (tests/fixtures/schema_v3.sql
    is schema.sql as version 3 shipped): identities assigned in the batch, quotes with
    speaker identities, events as (type, cameo, date, location) rows."""
    con = sqlite3.connect(path)
    con.executescript((FIXTURES / "schema_v3.sql").read_text("utf-8"))
    con.execute("INSERT INTO meta(key, value) VALUES ('schema_version', '3')")
    cache: dict = {}
    for r in records:
        cur = con.execute(
            "INSERT INTO articles (id, title, published, published_local, source, url, language,"
            " analysed, origin, format, body, record, added_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (r["id"], r["title"], r["published"], None, r["source"], None, "en", 1, None, "text",
             r["body"], json.dumps(r, ensure_ascii=False), "x"),
        )  # fmt: skip
        rowid = cur.lastrowid
        con.execute(
            "INSERT INTO articles_fts(rowid, title, body) VALUES (?,?,?)", (rowid, r["title"], r["body"])
        )
        ents = idents.assign(con, rowid, r["entities"], cache)
        con.executemany(
            "INSERT INTO entities(article_rowid, entity_id, name, type, mentions, identity_id) VALUES (?,?,?,?,?,?)",
            ents,
        )
        con.executemany(quotes_mod.INSERT, quotes_mod.rows(rowid, r, {e[1]: e[5] for e in ents}))
        con.executemany(
            "INSERT INTO events(article_rowid, event_id, type, cameo, date, location) VALUES (?,?,?,?,?,?)",
            [(rowid, v["id"], v["type"], v["cameo"], v["date"], v["location"]) for v in r["events"]],
        )
    idents.refresh_names(con, cache.values())
    idents.link(con)
    con.commit()
    con.close()


QUERIES: list[dict[str, Any]] = [
    {},
    {"entity": "Putin"},
    {"entity": "Russia"},
    {"entity": "police"},
    {"place": "Sochi"},
    {"type": "CONSULT"},
    {"cameo": "04"},
    {"since": "2018-07", "until": "2019-05"},
]


def results(c: SQLiteCorpus) -> list[list[EventRow]]:
    return [c.events(limit=1000, **q) for q in QUERIES]


def fresh_results(folder: Path, *batches: list[dict]) -> list[list[EventRow]]:
    folder.mkdir()
    with SQLiteCorpus(folder / "fresh.db") as fresh:
        for b in batches:
            fresh.add_batch(b)
        fresh.link_identities()
        return results(fresh)


def test_version_3_database_is_upgraded(tmp_path: Path) -> None:
    # As v3 stored them: no events in the records (the stage was empty) …
    bare = [dict(r, events=[]) for r in (SOCHI, CRIMEA)]
    # … and, as a back-fill must handle, records whose JSON holds events.
    old, new = [*bare, KREMLIN, PARTIAL], [UNDATED]
    make_v3(tmp_path / "old.db", old)

    # Read-only: search, identities and quotes still work; events ask for the upgrade.
    with SQLiteCorpus(tmp_path / "old.db", readonly=True) as ro:
        assert len(ro.search(entity="Vladimir Putin")) == 1
        assert len(ro.quotes(speaker="Russia")) == 1 and len(ro.entities()) > 5
        with pytest.raises(StoreError, match=r"schema version 3 \(no event index yet\).*dateline ingest"):
            ro.events()
        with pytest.raises(StoreError, match="schema version 3"):
            ro.events(entity="Putin")

    with SQLiteCorpus(tmp_path / "old.db") as c:  # writable open migrates, in one transaction
        assert _version(c) == SCHEMA_VERSION
        assert c.ids() == sorted(r["id"] for r in old)  # every article kept
        assert [c.get(r["id"]) for r in old] == old
        assert (count(c, "events"), count(c, "event_args")) == (5, 5)  # back-filled from JSON
        assert len(c.quotes()) == 1
        assert results(c) == fresh_results(tmp_path / "a", old)
        c.add_batch(new)
        c.link_identities()
        upgraded = results(c)
    with SQLiteCorpus(tmp_path / "old.db") as again:  # reopening is a no-op
        assert _version(again) == SCHEMA_VERSION and results(again) == upgraded
    with SQLiteCorpus(tmp_path / "old.db", readonly=True) as ro:
        assert ro.events(limit=1000) == upgraded[0]

    # The upgraded database answers as a version-4 database fed the same records.
    assert upgraded == fresh_results(tmp_path / "b", old, new)
    assert sum(map(len, upgraded)) >= 15


def test_version_1_database_is_upgraded_through_3(tmp_path: Path) -> None:
    make_v1(tmp_path / "old.db", ALL)
    with SQLiteCorpus(tmp_path / "old.db") as c:
        assert _version(c) == SCHEMA_VERSION
        assert c.db.execute("SELECT count(*) FROM entities WHERE identity_id IS NULL").fetchone()[0] == 0
        assert len(c.quotes()) == 1
        assert results(c) == fresh_results(tmp_path / "a", ALL)


def test_failed_migration_leaves_version_3(tmp_path: Path) -> None:
    broken = dict(KREMLIN, events=[dict(KREMLIN["events"][0], span=7)])
    make_v3(tmp_path / "old.db", [SOCHI, broken])
    with pytest.raises(StoreError, match="malformed event"):
        SQLiteCorpus(tmp_path / "old.db")
    con = sqlite3.connect(tmp_path / "old.db")
    assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "3"
    assert "plover_type" not in {r[1] for r in con.execute("PRAGMA table_info(events)")}
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 4
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    con.close()
