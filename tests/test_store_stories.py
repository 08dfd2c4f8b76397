"""Story clusters (store/stories.py): reports of one happening join one story, a report
outside the time window or about another topic with the same names starts its own, every
decision keeps its evidence, adding articles never moves earlier members, forgetting
undoes an article's terms and membership, and the listing, detail and per-article views.

Records are hand-built dicts shaped like ``dateline.article/1`` (tests/test_store_quotes.py
helpers), stored with add_batch; stories.assign is called on the store's connection as the
store's queue calls it, so these tests do not depend on the NLP stage."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.store import SQLiteCorpus, stories
from dateline.store.story_match import FEATURES
from dateline.store.story_terms import config, from_json, stem

from .backends import BACKENDS, open_backend
from .test_store_quotes import E, record

BODY_1 = (
    "Ana Costa, leader of the Lisbon Dockers Union, said the strike over container crane wages "
    "would shut the port of Lisbon for 48 hours. Dockers picketed the Alcantara container "
    "terminal and ships queued in the Tagus estuary."
)
BODY_2 = (
    "The Lisbon Dockers Union began a 48-hour strike at the port of Lisbon. Ana Costa said crane "
    "operators want higher wages; the Alcantara container terminal stood idle and ships waited "
    "in the Tagus estuary."
)
BODY_3 = (
    "Container ships queued in the Tagus estuary as the Lisbon Dockers Union strike closed the "
    "Alcantara terminal. Union leader Ana Costa said the dockers' wages dispute could last beyond "
    "48 hours at the port of Lisbon."
)
BODY_OTHER = (
    "Ana Costa, a Lisbon city councillor, opened the renovated botanical garden in Lisbon, where "
    "gardeners restored rare orchids, cacti and a Victorian glasshouse for visitors and schools."
)
BODY_FLOOD = (
    "Heavy rain flooded riverside districts of Osaka, and the Yodo river burst its banks. Mayor "
    "Kenji Mori ordered evacuations as rescuers in boats reached stranded residents."
)

NAMES = [E("Ana Costa"), E("Lisbon", "GPE"), E("Lisbon Dockers Union", "ORG")]


def strike(body: str, title: str, published: str | None, source: str) -> dict:
    return record(body, NAMES, published=published, source=source, title=title)


A1 = strike(BODY_1, "Lisbon dockers strike shuts port", "2024-05-06T08:00:00Z", "Wire A")
A2 = strike(BODY_2, "Port of Lisbon idle as dockers strike over wages", "2024-05-06T12:00:00Z", "Daily B")
A3 = strike(BODY_3, "Ships queue in Tagus as Lisbon dock strike goes on", "2024-05-07T07:30:00Z", "Radio C")
OTHER = record(
    BODY_OTHER,
    [E("Ana Costa"), E("Lisbon", "GPE", surface="Lisbon city")],
    published="2024-05-06T15:00:00Z",
    source="Daily B",
    title="Lisbon botanical garden reopens with restored glasshouse",
)
FLOOD = record(
    BODY_FLOOD,
    [E("Osaka", "GPE"), E("Kenji Mori")],
    published="2024-05-06T10:00:00Z",
    source="Wire A",
    title="Floods in Osaka force evacuations",
)
BODY_LATE = (
    "Ten weeks after their first walkout, Lisbon dockers stopped work again on Saturday. Ana Costa accused "
    "the operators of breaking a promise on crane wages, and the Lisbon Dockers Union warned of rolling "
    "stoppages through August at every container berth."
)
LATE = strike(BODY_LATE, "Lisbon dockers strike again", "2024-07-20T08:00:00Z", "Wire A")


@pytest.fixture(params=BACKENDS)
def corpus(request, tmp_path: Path) -> Iterator[SQLiteCorpus]:
    c = open_backend(request.param, tmp_path, "c.db")
    yield c
    c.close()


def rowid(corpus: SQLiteCorpus, rec: dict) -> int:
    return corpus.db.execute("SELECT rowid FROM articles WHERE id = ?", (rec["id"],)).fetchone()[0]


def add(corpus: SQLiteCorpus, *recs: dict) -> None:
    """Store the records and assign their stories, in order, one transaction."""
    corpus.add_batch(list(recs))
    ids = [rowid(corpus, r) for r in recs]
    corpus.db.execute("BEGIN IMMEDIATE")
    stories.assign(corpus.db, ids)
    corpus.db.execute("COMMIT")


def story_of(corpus: SQLiteCorpus, rec: dict) -> int | None:
    return corpus.db.execute("SELECT story_id FROM articles WHERE id = ?", (rec["id"],)).fetchone()[0]


def evidence(corpus: SQLiteCorpus, rec: dict) -> tuple[float | None, dict]:
    score, ev = corpus.db.execute(
        "SELECT m.score, m.evidence FROM story_members m JOIN articles a ON a.rowid = m.article_rowid"
        " WHERE a.id = ?",
        (rec["id"],),
    ).fetchone()
    return score, json.loads(ev)


def test_reports_of_one_happening_join_one_story(corpus):
    add(corpus, FLOOD, A1, OTHER, A2, A3)
    sid = story_of(corpus, A1)
    assert sid is not None
    assert story_of(corpus, A2) == sid and story_of(corpus, A3) == sid
    assert story_of(corpus, FLOOD) != sid
    row = corpus.db.execute(
        "SELECT label, first_published, last_published, articles, sources FROM stories WHERE id = ?", (sid,)
    ).fetchone()
    assert tuple(row) == (A1["title"], A1["published"], A3["published"], 3, 3)


def test_same_names_other_topic_stays_apart(corpus):
    add(corpus, A1, A2, OTHER)
    assert story_of(corpus, OTHER) != story_of(corpus, A1)
    score, ev = evidence(corpus, OTHER)
    assert score is None
    assert ev["best"]["story"] == story_of(corpus, A1)  # it was compared, and fell short
    assert ev["best"]["score"] < ev["best"]["threshold"]


def test_outside_the_time_window_starts_a_story(corpus):
    add(corpus, A1, A2, LATE)
    assert story_of(corpus, LATE) != story_of(corpus, A1)
    _, ev = evidence(corpus, LATE)
    assert ev["candidates"] == 0 and ev["best"] is None


def test_undated_reports_need_a_higher_score(corpus):
    undated = strike(BODY_3, A3["title"], None, "Radio C")
    add(corpus, A1, undated)
    score, ev = evidence(corpus, undated)
    option = ev if score is not None else ev["best"]
    assert option["threshold"] == pytest.approx(config().join_threshold + config().undated_margin)


def test_evidence_explains_the_decision(corpus):
    add(corpus, A1, A2, OTHER, A3)
    score, ev = evidence(corpus, A1)
    assert score is None and ev["candidates"] == 0  # it started the story
    score, ev = evidence(corpus, A3)
    assert score == ev["score"] >= ev["threshold"] == config().join_threshold
    assert ev["matched"] in (A1["id"], A2["id"])
    assert set(ev["features"]) == set(FEATURES)
    assert ev["features"]["identities"] > 0.5
    runner = ev["runner_up"]
    assert runner is None or runner["score"] <= ev["score"]


def test_adding_articles_never_moves_earlier_members(corpus):
    add(corpus, A1, OTHER)
    before = {r["id"]: story_of(corpus, r) for r in (A1, OTHER)}
    add(corpus, A2, FLOOD, A3, LATE)
    assert {r["id"]: story_of(corpus, r) for r in (A1, OTHER)} == before
    # assigning again decides nothing new
    corpus.db.execute("BEGIN IMMEDIATE")
    assert stories.assign(corpus.db, [rowid(corpus, A1), rowid(corpus, A2)]) == 0
    corpus.db.execute("COMMIT")


def test_forget_undoes_terms_and_membership(corpus):
    add(corpus, A1, A2, A3)
    sid = story_of(corpus, A1)
    df_before = dict(corpus.db.execute("SELECT term, n FROM term_df"))
    a2 = rowid(corpus, A2)
    a2_terms = [
        t for (t,) in corpus.db.execute("SELECT term FROM article_terms WHERE article_rowid = ?", (a2,))
    ]
    stories.forget(corpus.db, [a2])
    df_after = dict(corpus.db.execute("SELECT term, n FROM term_df"))
    for t in a2_terms:
        assert df_after.get(t, 0) == df_before[t] - 1
    assert story_of(corpus, A2) is None
    assert (
        corpus.db.execute("SELECT articles, last_published FROM stories WHERE id = ?", (sid,)).fetchone()[0]
        == 2
    )
    stories.forget(corpus.db, [rowid(corpus, A1), rowid(corpus, A3)])
    assert corpus.db.execute("SELECT count(*) FROM stories").fetchone()[0] == 0
    assert corpus.db.execute("SELECT count(*) FROM term_df").fetchone()[0] == 0
    assert corpus.db.execute("SELECT count(*) FROM article_terms").fetchone()[0] == 0


def _listing(corpus: SQLiteCorpus, **kw) -> list:
    args = {"since": None, "until": None, "entity_ids": None, "min_articles": 1, "limit": 50, "offset": 0}
    return stories.listing(corpus.db, **{**args, **kw})


def test_listing_latest_first_with_filters(corpus):
    add(corpus, FLOOD, A1, A2, A3, LATE)
    rows = _listing(corpus)
    assert [r.label for r in rows] == [LATE["title"], A1["title"], FLOOD["title"]]
    strike_row = rows[1]
    assert strike_row.outlets == ("Wire A", "Daily B", "Radio C")
    assert "Ana Costa" in strike_row.entities and "Osaka" not in strike_row.entities
    assert [r.label for r in _listing(corpus, min_articles=2)] == [A1["title"]]
    may = _listing(corpus, since="2024-05-07T00:00:00Z", until="2024-05-08T00:00:00Z")
    assert [r.label for r in may] == [A1["title"]]  # its span [6 May, 7 May] meets 7 May
    osaka = corpus.db.execute("SELECT identity_id FROM entities WHERE name = 'Osaka'").fetchone()[0]
    assert [r.label for r in _listing(corpus, entity_ids=[osaka])] == [FLOOD["title"]]
    assert _listing(corpus, entity_ids=[]) == []
    assert [r.label for r in _listing(corpus, limit=1, offset=1)] == [A1["title"]]


def test_detail_members_by_time_copies_and_shared_names(corpus):
    add(corpus, A2, A1, FLOOD, A3)
    copy = record(BODY_1 + " Copy.", [], published="2024-05-06T09:00:00Z", source="Paper D", title="copy")
    corpus.add_batch([copy])
    corpus.db.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", (rowid(corpus, A1), copy["id"]))
    d = stories.detail(corpus.db, story_of(corpus, A1))
    assert d is not None
    assert [m.article_id for m in d.members] == [A1["id"], A2["id"], A3["id"]]
    assert [m.copies for m in d.members] == [1, 0, 0]
    assert d.members[1].score is None and d.members[0].score is not None  # A2 came first
    assert d.members[0].evidence["features"]
    assert ("Ana Costa", "PERSON", 3) in d.entities
    assert isinstance(d.happenings, tuple)
    assert d.story.label == A1["title"]  # the earliest report's title
    assert stories.detail(corpus.db, 999) is None


def test_of_article(corpus):
    add(corpus, A1, FLOOD, A2, A3)
    sid, others = stories.of_article(corpus.db, rowid(corpus, A2))
    assert sid == story_of(corpus, A2)
    assert others == [rowid(corpus, A1), rowid(corpus, A3)]
    assert stories.of_article(corpus.db, rowid(corpus, FLOOD)) == (story_of(corpus, FLOOD), [])
    assert stories.of_article(corpus.db, 12345) == (None, [])


def test_stemmer_joins_inflections():
    assert stem("talks") == stem("talk")
    assert stem("protesters") == stem("protester")
    assert stem("agreed") == stem("agree")
    assert stem("ceasefires") == stem("ceasefire")
    assert stem("country's") == stem("country")


def test_settings_say_what_is_wrong():
    data = json.loads((Path(stories.__file__).parent / "data" / "stories.json").read_text(encoding="utf-8"))
    data["story_score"] = "median"
    with pytest.raises(ValueError, match="'max' or 'top2'"):
        from_json(data)


def test_cluster_scores_pairwise_and_bcubed():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
    from story_clusters import scores

    gold = {1: "s1", 2: "s1", 3: "s1", 4: "x1", 5: "x2"}
    assert scores(gold, {1: 10, 2: 10, 3: 10, 4: 11, 5: 12})["bcubed_f1"] == 1.0
    s = scores(gold, {1: 10, 2: 10, 3: 11, 4: 11, 5: 12})  # one report split off with a distractor
    assert s["pair_precision"] == 0.5 and s["pair_recall"] == pytest.approx(1 / 3, abs=1e-4)
    # B-cubed precision: (1 + 1 + 1/2 + 1/2 + 1) / 5; recall: (2/3 + 2/3 + 1/3 + 1 + 1) / 5
    assert s["bcubed_precision"] == pytest.approx(0.8, abs=1e-4)
    assert s["bcubed_recall"] == pytest.approx(11 / 15, abs=1e-4)
