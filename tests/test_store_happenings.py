"""Happenings (issue 13): events of several articles merged into one record per real
happening — across outlets, not across a different place, date, type or swapped roles;
a happening told twice in one article; sources counted by original publisher; forget;
the listing's filters and the detail.

Records are hand-built like tests/test_store_events.py (no spaCy).  Stories are set by
hand (``articles.story_id``) and ``happenings.assign`` is called directly, so these tests
do not depend on the story clustering."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.store import SQLiteCorpus
from dateline.store import happenings as hap
from dateline.store.happening_merge import Side, decide, rules, when

from .backends import BACKENDS, open_backend
from .test_store_events import V, with_events
from .test_store_quotes import E, record


def accuse(sentence: str, *, actor: str = "e1", target: str = "e2", **kw) -> dict:
    return V(
        sentence,
        kw.pop("trigger", "sued"),
        kw.pop("plover", "ACCUSE"),
        "112",
        actors=[actor],
        targets=[target],
        **kw,
    )


def article(body: str, ents: list[dict], *specs: dict, source: str, published: str, title: str) -> dict:
    return with_events(record(body, ents, published=published, source=source, title=title), *specs)


ALPHA_BETA = [E("Alpha Corp", "ORG"), E("Beta Bank", "ORG")]

# One lawsuit, three outlets (the third is undated and prints it twice), one story.
WIRE = article(
    "Alpha Corp sued Beta Bank in Lisbon on March 3 over a failed merger, the company said.",
    ALPHA_BETA + [E("Lisbon", "GPE")],
    accuse("Alpha Corp sued Beta Bank in Lisbon on March 3 over a failed merger, the company said.",
           date="2024-03-03", location="e3"),
    source="Reuters", published="2024-03-03T18:00:00Z", title="Alpha sues Beta",
)  # fmt: skip
PAPER = article(
    "Lawyers for Alpha Corp filed suit against Beta Bank on Sunday. Beta Bank called the claim baseless.",
    ALPHA_BETA,
    accuse("Lawyers for Alpha Corp filed suit against Beta Bank on Sunday.", trigger="filed suit",
           date="2024-03-03"),
    source="Daily Post", published="2024-03-04T07:00:00Z", title="Suit over merger",
)  # fmt: skip
BLOG = article(
    "Why did Alpha Corp take Beta Bank to court? Alpha Corp accused Beta Bank of bad faith. "
    "Shareholders of both firms were stunned by the news this week.",
    ALPHA_BETA,
    accuse("Why did Alpha Corp take Beta Bank to court?", trigger="take"),
    accuse("Alpha Corp accused Beta Bank of bad faith.", trigger="accused"),
    source="Market Notes", published="2024-03-05T10:00:00Z", title="The merger fight",
)  # fmt: skip
# Same people, but not the same happening.
SWAPPED = article(  # the reply: Beta accuses Alpha
    "Beta Bank accused Alpha Corp of hiding its debts in a statement on March 4.",
    ALPHA_BETA[::-1],
    accuse("Beta Bank accused Alpha Corp of hiding its debts in a statement on March 4.", trigger="accused",
           date="2024-03-04"),
    source="Evening Star", published="2024-03-04T20:00:00Z", title="Beta hits back",
)  # fmt: skip
LATER = article(  # another suit, a year later
    "Alpha Corp sued Beta Bank again on March 3, 2025, over unpaid fees owed since the merger collapsed.",
    ALPHA_BETA,
    accuse("Alpha Corp sued Beta Bank again on March 3, 2025, over unpaid fees owed since the merger collapsed.",
           date="2025-03-03"),
    source="Reuters", published="2025-03-03T18:00:00Z", title="Alpha sues Beta again",
)  # fmt: skip
ELSEWHERE = article(  # the same day, in another city
    "In Porto, Alpha Corp sued Beta Bank on March 3 over a second branch deal gone wrong.",
    ALPHA_BETA + [E("Porto", "GPE")],
    accuse("In Porto, Alpha Corp sued Beta Bank on March 3 over a second branch deal gone wrong.",
           date="2024-03-03", location="e3"),
    source="Porto Herald", published="2024-03-03T21:00:00Z", title="Porto suit",
)  # fmt: skip
OTHER_TYPE = article(  # the same two, another type
    "Beta Bank's board rejected an offer from Alpha Corp to settle, on March 3, before any hearing.",
    ALPHA_BETA[::-1],
    V("Beta Bank's board rejected an offer from Alpha Corp to settle, on March 3, before any hearing.",
      "rejected", "REJECT", "12", actors=["e1"], targets=["e2"], date="2024-03-03"),
    source="Daily Post", published="2024-03-04T09:00:00Z", title="No settlement",
)  # fmt: skip
MEETING = article(  # a symmetric type: "Beta met Alpha" is "Alpha met Beta"; and a plan, negated talk
    "Beta Bank met Alpha Corp on March 6. They will meet again in April. "
    "Alpha Corp did not meet Beta Bank's lawyers at all, the company insisted.",
    ALPHA_BETA[::-1],
    V("Beta Bank met Alpha Corp on March 6.", "met", "CONSULT", "040", actors=["e1"], targets=["e2"],
      date="2024-03-06"),
    V("They will meet again in April.", "meet", "CONSULT", "036", actors=["e1"], targets=["e2"],
      date="2024-04", modality="planned"),
    V("Alpha Corp did not meet Beta Bank's lawyers at all, the company insisted.", "meet", "CONSULT", "040",
      actors=["e2"], targets=["e1"], modality="negated"),
    source="Daily Post", published="2024-03-06T19:00:00Z", title="Talks",
)  # fmt: skip
TALKS = article(
    "Alpha Corp and Beta Bank held talks on Wednesday, March 6, in a bid to end their dispute.",
    ALPHA_BETA,
    V("Alpha Corp and Beta Bank held talks on Wednesday, March 6, in a bid to end their dispute.", "talks",
      "CONSULT", "040", actors=["e1"], targets=["e2"], date="2024-03-06"),
    source="Reuters", published="2024-03-06T20:00:00Z", title="Alpha and Beta talk",
)  # fmt: skip


@pytest.fixture(params=BACKENDS)
def corpus(request, tmp_path: Path) -> Iterator[SQLiteCorpus]:
    c = open_backend(request.param, tmp_path, "h.db")
    yield c
    c.close()


def store(c: SQLiteCorpus, *recs: dict, story: int | None = 1) -> list[int]:
    """Store the records, put them in ``story`` (a stories row), merge their events."""
    c.add_batch(list(recs))
    c.link_identities()
    rowids = [c.db.execute("SELECT rowid FROM articles WHERE id = ?", (r["id"],)).fetchone()[0] for r in recs]
    with c.db:
        if story is not None:
            c.db.execute(
                "INSERT OR IGNORE INTO stories(id, created_at) VALUES (?, '2024-01-01T00:00:00Z')", (story,)
            )
        c.db.executemany("UPDATE articles SET story_id = ? WHERE rowid = ?", [(story, r) for r in rowids])
        hap.assign(c.db, rowids)
    return rowids


def happening_of(c: SQLiteCorpus, rowid: int, event_id: str = "v1") -> int:
    return c.db.execute(
        "SELECT happening_id FROM happening_reports WHERE article_rowid = ? AND event_id = ?",
        (rowid, event_id),
    ).fetchone()[0]


def row(c: SQLiteCorpus, hid: int) -> dict:
    r = c.db.execute("SELECT * FROM happenings WHERE id = ?", (hid,)).fetchone()
    return dict(r) if r is not None else {}


# -- the merge rules ----------------------------------------------------------------


def test_dates_overlap_window_and_mismatch() -> None:
    r = rules()

    def side(period=None, published=None) -> Side:
        return Side("ACCUSE", frozenset({"@1"}), frozenset({"@2"}), period, published, None, None)

    day = ("2024-03-03", "2024-03-04")
    assert when(side(day), side(("2024-03-01", "2024-04-01")), r) == "overlap"  # a day inside its month
    assert when(side(day), side(("2024-03-10", "2024-03-11")), r) is None
    assert when(side(day), side(published="2024-03-08"), r) == "window"
    assert when(side(day), side(published="2024-04-20"), r) is None  # published long after
    assert when(side(day), side(published="2024-02-20"), r) is None  # published before it happened
    assert decide(side(day), side(published="2024-03-05"), r) is None  # other story: needs text dates
    assert decide(side(day), side(day), r).evidence["story"] == "other"


def test_decide_vetoes_and_symmetric_types() -> None:
    r = rules()
    day = ("2024-03-03", "2024-03-04")

    def side(actors=("@1",), targets=("@2",), type="ACCUSE", place=None, story=7) -> Side:
        return Side(type, frozenset(actors), frozenset(targets), day, "2024-03-03", place, story)

    assert decide(side(), side(), r).evidence == {
        "actors": ["@1"], "targets": ["@2"], "date": "overlap", "place": None, "story": "same story", "score": 4.0
    }  # fmt: skip
    assert decide(side(place="@9"), side(), r).score == 4.0  # one place unknown
    assert decide(side(place="@9"), side(place="@8"), r) is None  # two known places
    assert decide(side(type="REJECT"), side(), r) is None
    assert decide(side(("@2",), ("@1",)), side(), r) is None  # swapped roles
    assert decide(side(("@1", "@2"), ()), side(), r) is None  # the target acting
    assert decide(side(("@2",), ("@1",), "CONSULT"), side(type="CONSULT"), r) is not None  # "met" both ways
    assert (
        decide(side(("police",), ("protesters",), story=1), side(("police",), ("protesters",), story=2), r)
        is None
    )


def test_merges_reports_across_outlets(corpus: SQLiteCorpus) -> None:
    wire, paper, blog = store(corpus, WIRE, PAPER, BLOG)
    hid = happening_of(corpus, wire)
    assert happening_of(corpus, paper) == hid and happening_of(corpus, blog) == hid
    assert happening_of(corpus, blog, "v2") == hid  # told twice in one article
    h = row(corpus, hid)
    assert h["reports"] == 4 and h["sources"] == 3 and h["plover_type"] == "ACCUSE"
    assert h["label"] == "Alpha Corp ACCUSE Beta Bank"
    assert (h["date"], h["date_sort"], h["date_end"], h["sort_day"]) == (
        "2024-03-03", "2024-03-03", "2024-03-04", "2024-03-03"
    )  # fmt: skip
    assert h["location_name"] == "Lisbon" and h["story_id"] == 1
    assert h["first_reported"] == "2024-03-03T18:00:00Z"
    args = corpus.db.execute(
        "SELECT role, key, name, reports FROM happening_args WHERE happening_id = ? ORDER BY role", (hid,)
    ).fetchall()
    assert [(a, n, k) for a, _, n, k in args] == [("actor", "Alpha Corp", 3), ("target", "Beta Bank", 3)]
    assert all(key.startswith("@") for _, key, _, _ in args)  # identities, counted once per article
    assert corpus.db.execute("SELECT count(*) FROM happenings").fetchone()[0] == 1


def test_across_stories_only_on_strong_evidence(corpus: SQLiteCorpus) -> None:
    [wire] = store(corpus, WIRE, story=1)
    [paper] = store(corpus, PAPER, story=2)  # dated, same actor and target: merges
    [blog] = store(corpus, BLOG, story=3)  # undated: its own happening
    assert happening_of(corpus, paper) == happening_of(corpus, wire)
    assert happening_of(corpus, blog) != happening_of(corpus, wire)
    evidence = corpus.happening(happening_of(corpus, wire)).reports[1].evidence
    assert evidence["story"] == "other" and evidence["date"] == "overlap"


def test_not_merged_other_place_date_type_or_roles(corpus: SQLiteCorpus) -> None:
    wire, swapped, later, elsewhere, other = store(corpus, WIRE, SWAPPED, LATER, ELSEWHERE, OTHER_TYPE)
    ids = [happening_of(corpus, r) for r in (wire, swapped, later, elsewhere, other)]
    assert len(set(ids)) == 5
    assert row(corpus, ids[1])["label"] == "Beta Bank ACCUSE Alpha Corp"
    assert row(corpus, ids[4])["plover_type"] == "REJECT"


def test_symmetric_types_and_modalities(corpus: SQLiteCorpus) -> None:
    meeting, talks = store(corpus, MEETING, TALKS)
    hid = happening_of(corpus, meeting)
    assert happening_of(corpus, talks) == hid  # "Beta met Alpha" is "Alpha and Beta held talks"
    kept = corpus.db.execute("SELECT event_id FROM happening_reports WHERE article_rowid = ?", (meeting,))
    assert [r[0] for r in kept] == ["v1"]  # planned and negated talks are no happening
    assert row(corpus, hid)["reports"] == 2


def test_sources_count_the_original_publisher(corpus: SQLiteCorpus) -> None:
    corpus.add_batch([PAPER, BLOG])
    rowids = [r[0] for r in corpus.db.execute("SELECT rowid FROM articles ORDER BY rowid")]
    with corpus.db:
        corpus.db.execute("UPDATE articles SET publisher = 'Reuters', story_id = NULL")
    [wire] = store(corpus, WIRE, story=None)  # source Reuters
    with corpus.db:
        hap.assign(corpus.db, rowids)  # no story: the dated paper merges, the undated blog does not
    hid = happening_of(corpus, wire)
    assert happening_of(corpus, rowids[0]) == hid
    assert row(corpus, hid)["reports"] == 2 and row(corpus, hid)["sources"] == 1


def test_forget_and_assign_again(corpus: SQLiteCorpus) -> None:
    wire, paper, blog = store(corpus, WIRE, PAPER, BLOG)
    hid = happening_of(corpus, wire)
    with corpus.db:
        hap.forget(corpus.db, [blog])
    assert row(corpus, hid)["reports"] == 2 and row(corpus, hid)["sources"] == 2
    with corpus.db:
        hap.assign(corpus.db, [blog, blog])  # re-queued: merged once
    assert row(corpus, hid)["reports"] == 4
    with corpus.db:
        hap.forget(corpus.db, [wire, paper, blog])
    assert row(corpus, hid) == {}
    for table in ("happenings", "happening_reports", "happening_args"):
        assert corpus.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_listing_filters_and_order(corpus: SQLiteCorpus) -> None:
    store(corpus, WIRE, PAPER, BLOG, SWAPPED, MEETING, TALKS)
    store(corpus, LATER, story=2)
    got = corpus.happenings()
    assert [(h.plover_type, h.date) for h in got] == [
        ("ACCUSE", "2024-03-03"), ("ACCUSE", "2024-03-04"), ("CONSULT", "2024-03-06"), ("ACCUSE", "2025-03-03"),
    ]  # fmt: skip
    first = got[0]
    assert first.when == "2024-03-03" and first.reports == 4 and first.sources == 3
    assert first.actors == ("Alpha Corp",) and first.targets == ("Beta Bank",) and first.location == "Lisbon"
    assert [h.date for h in corpus.happenings(type="consult")] == ["2024-03-06"]
    assert [h.date for h in corpus.happenings(story=2)] == ["2025-03-03"]
    assert [h.date for h in corpus.happenings(since="2024-03-04", until="2024-03")] == [
        "2024-03-04",
        "2024-03-06",
    ]
    assert [h.date for h in corpus.happenings(since="2025")] == ["2025-03-03"]
    assert [h.date for h in corpus.happenings(min_sources=2)] == ["2024-03-03", "2024-03-06"]
    assert [h.date for h in corpus.happenings(limit=2, offset=1)] == ["2024-03-04", "2024-03-06"]
    assert len(corpus.happenings(entity="alpha corp")) == 4
    assert corpus.happenings(entity="Gamma Ltd") == []


def test_listing_generic_actor(corpus: SQLiteCorpus) -> None:
    protest = article(
        "Police arrested dozens of protesters in Lisbon on May 2 after the march.",
        [E("Lisbon", "GPE")],
        V("Police arrested dozens of protesters in Lisbon on May 2 after the march.", "arrested", "COERCE",
          "173", actor_spans=[("Police", None, "police")], target_spans=[("dozens of protesters", None, "protesters")],
          location="e1", date="2024-05-02"),
        source="Reuters", published="2024-05-02T20:00:00Z", title="Arrests",
    )  # fmt: skip
    store(corpus, protest, WIRE)
    assert [h.plover_type for h in corpus.happenings(entity="police")] == ["COERCE"]
    assert [h.plover_type for h in corpus.happenings(entity="protesters")] == ["COERCE"]


def test_detail_lists_the_reports(corpus: SQLiteCorpus) -> None:
    wire, paper, blog = store(corpus, WIRE, PAPER, BLOG)
    d = corpus.happening(happening_of(corpus, wire))
    assert d is not None and d.happening.reports == 4
    assert [r.source for r in d.reports] == ["Reuters", "Daily Post", "Market Notes", "Market Notes"]
    first, second = d.reports[0], d.reports[1]
    assert first.sentence.startswith("Alpha Corp sued Beta Bank in Lisbon") and first.trigger == "sued"
    assert first.score is None and first.evidence == {"started": True}
    assert first.date == "2024-03-03" and first.span is not None
    assert second.score is not None and second.evidence["actors"] and second.evidence["date"] == "overlap"
    assert second.evidence["story"] == "same story"
    assert d.reports[3].evidence["story"] == "same article"
    assert corpus.happening(999) is None


def test_loose_names_inside_a_story_only(corpus: SQLiteCorpus) -> None:
    full = article(
        "The Hellenic Coast Guard rescued 112 migrants south of Gavdos on August 23.",
        [E("Hellenic Coast Guard", "ORG")],
        V("The Hellenic Coast Guard rescued 112 migrants south of Gavdos on August 23.", "rescued", "AID", "07",
          actors=["e1"], target_spans=[("112 migrants", None, None)], date="2024-08-23"),
        source="AP", published="2024-08-23T12:00:00Z", title="Rescue",
    )  # fmt: skip
    short = article(
        "Greek coast guard boats picked up more than a hundred people at sea on Friday night.",
        [E("coast guard", "ORG")],
        V("Greek coast guard boats picked up more than a hundred people at sea on Friday night.", "picked up",
          "AID", "07", actors=["e1"], target_spans=[("more than a hundred people", None, None)]),
        source="MigrantWatch", published="2024-08-25T09:00:00Z", title="Rescue at sea",
    )  # fmt: skip
    a, b = store(corpus, full, short)
    assert happening_of(corpus, a) == happening_of(corpus, b)
    [report] = [r for r in corpus.happening(happening_of(corpus, a)).reports if r.score is not None]
    assert report.evidence["loose"] == [["coast guard", "hellenic coast guard"]]
    with corpus.db:
        corpus.db.execute("UPDATE articles SET story_id = NULL")
        hap.assign(corpus.db, [a, b])  # no story: the names alone do not merge
    assert happening_of(corpus, a) != happening_of(corpus, b)


def test_repeat_in_an_undated_article(corpus: SQLiteCorpus) -> None:
    undated = article(
        "Alpha Corp sued Beta Bank, the company said. Alpha Corp accused Beta Bank of bad faith in court papers.",
        ALPHA_BETA,
        accuse("Alpha Corp sued Beta Bank, the company said."),
        accuse("Alpha Corp accused Beta Bank of bad faith in court papers.", trigger="accused"),
        source="BBC", published=None, title="Lawsuit",
    )  # fmt: skip
    [rowid] = store(corpus, undated, story=None)
    assert happening_of(corpus, rowid) == happening_of(corpus, rowid, "v2")
    h = row(corpus, happening_of(corpus, rowid))
    assert h["reports"] == 2 and h["sources"] == 1 and h["sort_day"] is None and h["first_reported"] is None
