"""The story pages and API (web/pages_story.py, web/api_stories.py, the article page's
copies and other reports, the timeline's happenings), in process over a small schema-7
corpus built here: hand-made records stored with ``add_batch``, then their copies,
stories and happenings written straight into the v7 tables (so these tests depend on
the store's reading of those tables, not on how stories are decided).  A report whose
title, body and outlet are hostile shows them as text on every page showing it."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dateline.store import SQLiteCorpus
from dateline.web.app import create_app

from .test_store_events import V, with_events
from .test_store_quotes import E, record

XSS = '<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"

TALKS = "Anna Berg met Omar Haddad in Geneva on Monday to open talks on the border dispute."
TALKS_B = "In Geneva, Anna Berg met Omar Haddad on Monday as border talks began after months of delay."
TALKS_X = f"{XSS} Anna Berg met Omar Haddad in Geneva on Monday, the talks went on late."
FLOOD = "Flood defences in Perth were raised on Friday after the river broke its banks twice."


def _talks(body: str, *, source: str, published: str, title: str) -> dict[str, Any]:
    return with_events(
        record(
            body,
            [E("Anna Berg"), E("Omar Haddad"), E("Geneva", "GPE")],
            published=published,
            source=source,
            title=title,
        ),
        V(
            body[body.index("Anna Berg") :].split(",")[0].split(" on Monday")[0],
            "met",
            "CONSULT",
            "040",
            actor_spans=[("Anna Berg", "e1", None)],
            target_spans=[("Omar Haddad", "e2", None)],
            location="e3",
            date="2024-03-04",
        ),
    )


A1 = _talks(
    TALKS, source="Wire A", published="2024-03-04T08:00:00Z", title="Berg and Haddad open Geneva talks"
)
A2 = _talks(TALKS_B, source="Daily B", published="2024-03-04T11:00:00Z", title="Border talks begin in Geneva")
A3 = _talks(TALKS_X, source=f"Evil {XSS} Post", published="2024-03-05T09:00:00Z", title=f"Talks {XSS} go on")
COPY = record(
    TALKS + " Reporting by Wire A.",
    [E("Anna Berg"), E("Omar Haddad")],
    published="2024-03-04T12:00:00Z",
    source="Local C",
    title="Geneva talks open (Wire A)",
)
D1 = with_events(
    record(
        FLOOD, [E("Perth", "GPE")], published="2024-02-02T10:00:00Z", source="Daily B", title="Perth floods"
    ),
    V(FLOOD.split(" after")[0], "raised", "MATERIAL", "070", location="e1", date="2024-02-02"),
)
ALL = [A1, A2, A3, COPY, D1]

WHY_A2 = {
    "candidates": 1,
    "story": 1,
    "matched": A1["id"],
    "features": {"cosine": 0.61, "identities": 1.0, "plover": 1.0, "dates": 1.0, "gap": 0.1},
    "score": 0.912,
    "threshold": 0.5,
}


def _rowids(db: sqlite3.Connection) -> dict[str, int]:
    return {r[0]: r[1] for r in db.execute("SELECT id, rowid FROM articles")}


def _identity(db: sqlite3.Connection, name: str) -> int:
    return db.execute("SELECT id FROM identities WHERE name = ?", (name,)).fetchone()[0]


def build_story_corpus(path: Path) -> Path:
    """The corpus: story 1 (A1 started it; A2 and the hostile A3 joined; COPY is A1's
    syndicated copy), story 2 (D1 alone); happening 1 (CONSULT, the three reports of
    story 1), happening 2 (D1's event)."""
    with SQLiteCorpus(path) as c:
        c.add_batch(ALL)
        c.link_identities()
    db = sqlite3.connect(path)
    with db:
        rid = _rowids(db)
        a1, a2, a3, cp, d1 = (rid[r["id"]] for r in ALL)
        db.execute("DELETE FROM story_queue")
        db.execute("UPDATE articles SET duplicate_of = NULL, similarity = NULL, publisher = NULL")
        db.execute("UPDATE articles SET duplicate_of = ?, similarity = 0.93 WHERE rowid = ?", (a1, cp))
        db.execute("UPDATE articles SET publisher = 'Wire A' WHERE rowid = ?", (cp,))
        for sid, first, last, n, sources in (
            (1, A1["published"], A3["published"], 3, 3),
            (2, D1["published"], D1["published"], 1, 1),
        ):
            db.execute(
                "INSERT INTO stories (id, label, first_published, last_published, articles, sources, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, '2024-03-06T00:00:00Z')",
                (sid, A1["title"] if sid == 1 else D1["title"], first, last, n, sources),
            )
        members = [
            (a1, 1, None, {"candidates": 0, "best": None, "threshold": 0.5}),
            (a2, 1, 0.912, WHY_A2),
            (a3, 1, 0.7, {**WHY_A2, "matched": A2["id"], "score": 0.7}),
            (d1, 2, None, {"candidates": 0, "best": None, "threshold": 0.5}),
        ]
        for rowid, sid, score, ev in members:
            db.execute(
                "INSERT INTO story_members (article_rowid, story_id, score, evidence) VALUES (?, ?, ?, ?)",
                (rowid, sid, score, json.dumps(ev)),
            )
            db.execute("UPDATE articles SET story_id = ? WHERE rowid = ?", (sid, rowid))
        db.execute(
            "INSERT INTO happenings (id, plover_type, label, date, date_sort, date_end, sort_day,"
            " location_name, story_id, first_reported, reports, sources) VALUES"
            " (1, 'CONSULT', 'Anna Berg CONSULT Omar Haddad', '2024-03-04', '2024-03-04', '2024-03-05',"
            "  '2024-03-04', 'Geneva', 1, ?, 3, 3),"
            " (2, 'MATERIAL', 'MATERIAL in Perth', '2024-02-02', '2024-02-02', '2024-02-03',"
            "  '2024-02-02', 'Perth', 2, ?, 1, 1)",
            (A1["published"], D1["published"]),
        )
        for rowid, hid, score in ((a1, 1, None), (a2, 1, 3.0), (a3, 1, 3.0), (d1, 2, None)):
            db.execute(
                "INSERT INTO happening_reports (article_rowid, event_id, happening_id, score, evidence)"
                " VALUES (?, 'v1', ?, ?, ?)",
                (
                    rowid,
                    hid,
                    score,
                    json.dumps({"actor": 1.0, "target": 1.0} if score else {"started": True}),
                ),
            )
        berg, haddad = _identity(db, "Anna Berg"), _identity(db, "Omar Haddad")
        db.executemany(
            "INSERT INTO happening_args (happening_id, role, key, identity_id, name, reports) VALUES (?,?,?,?,?,?)",
            [
                (1, "actor", f"@{berg}", berg, "Anna Berg", 3),
                (1, "target", f"@{haddad}", haddad, "Omar Haddad", 3),
            ],
        )
    db.close()
    return path


def labelled_v6(path: Path) -> Path:
    """The corpus with its schema version set back to 6: a file read-only opens that an
    ingest has not upgraded yet."""
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")
    db.close()
    return path


@pytest.fixture(scope="module")
def corpus_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_story_corpus(tmp_path_factory.mktemp("webstories") / "corpus.db")


@pytest.fixture(scope="module")
def client(corpus_path: Path):
    with TestClient(create_app(corpus_path)) as c:
        yield c


def ok(client: TestClient, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code, r.text[:300])
    assert "text/html" in r.headers["content-type"]
    return r.text


def text(html: str) -> str:
    """The page's text: tags dropped, whitespace folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def no_raw_markup(html: str) -> None:
    assert "<script>alert" not in html and "<img src=x" not in html and 'href="javascript:' not in html
    assert "<script" not in html  # no inline script at all (CSP)


# -- pages -----------------------------------------------------------------------------


def test_stories_list(client: TestClient) -> None:
    html = ok(client, "/stories")
    assert html.count('class="hit story"') == 1  # story 2 has one report: not listed by default
    assert 'href="/story/1"' in html and "3 reports from 3 sources" in html
    assert "Wire A" in html and "Daily B" in html and "Anna Berg" in html
    assert 'class="on"' in html.split("<nav>")[1].split("</nav>")[0]  # the nav link is on
    assert ok(client, "/stories?min=1").count('class="hit story"') == 2
    assert ok(client, "/stories?since=2024-03").count('class="hit story"') == 1
    assert 'id="stories-empty"' in ok(client, "/stories?until=2024-01-31")
    assert 'id="stories-empty"' in ok(client, "/stories?entity=Nobody+Atall")
    assert ok(client, "/stories?entity=Omar+Haddad").count('class="hit story"') == 1
    r = client.get("/stories?since=March")
    assert r.status_code == 400 and "is not a date" in r.text
    assert client.get("/stories?min=0").status_code == 422


def test_stories_pages(tmp_path: Path) -> None:
    path = build_story_corpus(tmp_path / "many.db")
    db = sqlite3.connect(path)
    with db:
        for sid in range(3, 28):
            db.execute(
                "INSERT INTO stories (id, label, first_published, last_published, articles, sources, created_at)"
                " VALUES (?, ?, '2023-01-01T00:00:00Z', ?, 2, 2, '2024-01-01T00:00:00Z')",
                (sid, f"story number {sid}", f"2023-01-{sid:02d}T00:00:00Z"),
            )
    db.close()
    with TestClient(create_app(path)) as c:
        first, second = ok(c, "/stories"), ok(c, "/stories?page=2")
    assert first.count('class="hit story"') == 20 and 'rel="next"' in first
    assert second.count('class="hit story"') == 6 and 'rel="prev"' in second and 'rel="next"' not in second
    ids = lambda html: set(re.findall(r'data-story="(\d+)"', html))  # noqa: E731
    assert not ids(first) & ids(second)


def test_story_page(client: TestClient) -> None:
    html = ok(client, "/story/1")
    members = re.findall(r'<li class="hit member" data-article="([^"]+)"', html)
    assert members == [A1["id"], A2["id"], A3["id"]]  # by time
    assert "1 copy" in html  # A1's syndicated copy, not a member
    assert re.search(r'href="/entity/\d+">Anna Berg</a>', html)  # shared names link to the entity
    assert re.search(r'href="/entity/\d+">Omar Haddad</a>', html)
    assert 'href="/happening/1"' in html and "3 reports from 3 sources" in html
    assert html.count("<details") == 3 and "started the story" in html
    assert "score 0.912 ≥ threshold 0.500" in html and "cosine" in html
    assert f'href="/article/{A1["id"]}">{A1["title"]}</a>' in html  # the member A2 matched


def test_story_and_happening_not_found(client: TestClient) -> None:
    for url in ("/story/999", "/happening/999"):
        r = client.get(url)
        assert r.status_code == 404 and "no " in r.text
    assert client.get("/story/abc").status_code == 422
    assert client.get("/story/0").status_code == 422
    assert client.get(f"/story/{2**64}").status_code == 422


def test_happening_page(client: TestClient) -> None:
    html = ok(client, "/happening/1")
    reports = re.findall(r'<li class="hit report" data-article="([^"]+)"', html)
    assert reports == [A1["id"], A2["id"], A3["id"]]
    assert f'href="/article/{A1["id"]}#s-v1"' in html
    assert "3 reports from 3 sources" in text(html) and 'href="/story/1"' in html
    assert re.search(r'href="/entity/\d+">Geneva</a>', html)
    assert "started the happening" in html and "merged, score 3.00" in html


def test_article_page_copies_and_other_reports(client: TestClient) -> None:
    html = ok(client, f"/article/{A1['id']}")
    assert 'id="copies"' in html and "1 copy" in html and f'href="/article/{COPY["id"]}"' in html
    assert "(from Wire A)" in html  # the copy names its original publisher
    assert 'id="other-reports"' in html and f'href="/article/{A2["id"]}"' in html
    assert f'href="/article/{A3["id"]}"' in html and 'href="/story/1"' in html
    assert 'id="copy-of"' not in html
    copy = ok(client, f"/article/{COPY['id']}")
    assert 'id="copy-of"' in copy and "similarity 0.93" in copy and f'href="/article/{A1["id"]}"' in copy
    alone = ok(client, f"/article/{D1['id']}")
    assert 'id="article-links"' not in alone and 'id="copy-of"' not in alone


def test_timeline_shows_happenings_first_and_events_on_request(client: TestClient) -> None:
    html = ok(client, "/timeline")
    assert 'id="happenings"' in html and html.count('<li class="happening">') == 2
    assert "3 reports from 3 sources" in html and 'href="/happening/1"' in html
    section = html.split('id="happenings"')[1]
    assert section.index("MATERIAL") < section.index("CONSULT")  # in the order they happened
    assert ok(client, "/timeline?type=CONSULT").count('<li class="happening">') == 1
    assert ok(client, "/timeline?entity=Anna+Berg").count('<li class="happening">') == 1
    assert 'id="happenings-empty"' in ok(client, "/timeline?type=ASSAULT")
    assert ok(client, "/timeline?sources=2").count('<li class="happening">') == 1  # by 2+ publishers
    assert client.get("/timeline?sources=0").status_code == 422
    events = ok(client, "/timeline?view=events")
    assert 'id="timeline"' in events and events.count('<li class="event') == 4  # one a report
    assert 'name="view" value="events"' in events
    assert client.get("/timeline?view=nonsense").status_code == 200


def test_hostile_report_is_text_everywhere(client: TestClient) -> None:
    for url in ("/stories", "/story/1", "/happening/1", f"/article/{A1['id']}", "/timeline?view=events"):
        html = ok(client, url)
        no_raw_markup(html)
        assert ESCAPED in html, url


def test_old_schema_pages_say_how_to_upgrade(tmp_path: Path) -> None:
    path = labelled_v6(build_story_corpus(tmp_path / "old.db"))
    with TestClient(create_app(path)) as c:
        r = c.get("/stories")
        assert r.status_code == 400 and "dateline ingest" in r.text
        assert c.get("/story/1").status_code == 400
        assert 'id="article-links"' not in ok(c, f"/article/{A1['id']}")  # the article still shows
        r = c.get("/api/stories")
        assert r.status_code == 422 and "dateline ingest" in r.json()["error"]


# -- API -------------------------------------------------------------------------------


def test_api_stories(client: TestClient) -> None:
    body = client.get("/api/stories").json()
    assert [s["id"] for s in body["items"]] == [1] and body["next_cursor"] is None
    s = body["items"][0]
    assert s["articles"] == 3 and s["sources"] == 3 and s["outlets"][:2] == ["Wire A", "Daily B"]
    assert "Anna Berg" in s["entities"]
    assert [x["id"] for x in client.get("/api/stories?min_articles=1").json()["items"]] == [1, 2]
    assert [x["id"] for x in client.get("/api/stories?min_articles=1&until=2024-02").json()["items"]] == [2]
    assert client.get("/api/stories?entity=Nobody").json()["items"] == []


def test_api_story_detail(client: TestClient) -> None:
    d = client.get("/api/stories/1").json()
    assert d["story"]["id"] == 1
    assert [m["article_id"] for m in d["members"]] == [A1["id"], A2["id"], A3["id"]]
    assert d["members"][0]["score"] is None and d["members"][0]["copies"] == 1
    assert d["members"][1]["evidence"]["matched"] == A1["id"]
    assert {"name": "Anna Berg", "type": "PERSON", "members": 3} in d["entities"]
    assert [h["id"] for h in d["happenings"]] == [1]
    assert d["members"][2]["title"] == A3["title"]  # JSON carries the text as it is


def test_api_happenings(client: TestClient) -> None:
    items = client.get("/api/happenings").json()["items"]
    assert [h["id"] for h in items] == [2, 1]
    h = items[1]
    assert (h["reports"], h["sources"], h["actors"], h["targets"]) == (3, 3, ["Anna Berg"], ["Omar Haddad"])
    assert [x["id"] for x in client.get("/api/happenings?type=consult").json()["items"]] == [1]
    assert [x["id"] for x in client.get("/api/happenings?min_sources=2").json()["items"]] == [1]
    assert [x["id"] for x in client.get("/api/happenings?story=2").json()["items"]] == [2]
    assert [x["id"] for x in client.get("/api/happenings?entity=Omar Haddad").json()["items"]] == [1]
    assert [x["id"] for x in client.get("/api/happenings?since=2024-03").json()["items"]] == [1]
    d = client.get("/api/happenings/1").json()
    assert d["happening"]["label"] == "Anna Berg CONSULT Omar Haddad"
    assert [r["article_id"] for r in d["reports"]] == [A1["id"], A2["id"], A3["id"]]
    assert d["reports"][0]["event_id"] == "v1" and d["reports"][0]["sentence"].startswith("Anna Berg met")


def test_api_paging_is_disjoint_and_complete(client: TestClient) -> None:
    seen, cursor = [], None
    for _ in range(5):
        body = client.get(
            "/api/happenings", params={"limit": 1, **({"cursor": cursor} if cursor else {})}
        ).json()
        seen += [h["id"] for h in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [2, 1]
    first = client.get("/api/stories", params={"limit": 1, "min_articles": 1}).json()
    nxt = client.get("/api/stories", params={"limit": 1, "min_articles": 1, "cursor": first["next_cursor"]})
    assert [first["items"][0]["id"], nxt.json()["items"][0]["id"]] == [1, 2]
    other = client.get("/api/stories", params={"limit": 1, "cursor": first["next_cursor"]})
    assert other.status_code == 422 and "other filters" in other.json()["error"]


def test_api_search_hit_counts_its_copies(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "border dispute"}).json()["items"]
    assert [(h["id"], h["copies"]) for h in hits] == [(A1["id"], 1)]  # the copy collapsed under it


def test_api_links(client: TestClient) -> None:
    links = client.get(f"/api/articles/{A1['id']}/links").json()
    assert links["duplicate_of"] is None and links["story_id"] == 1
    assert [c["article_id"] for c in links["copies"]] == [COPY["id"]]
    assert links["copies"][0]["publisher"] == "Wire A" and links["copies"][0]["similarity"] == 0.93
    assert [c["article_id"] for c in links["others"]] == [A2["id"], A3["id"]]
    copy = client.get(f"/api/articles/{COPY['id']}/links").json()
    assert copy["duplicate_of"]["article_id"] == A1["id"] and copy["duplicate_of"]["similarity"] == 0.93
    r = client.get("/api/articles/missing/links")
    assert r.status_code == 404 and "no article" in r.json()["error"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/stories/999",
        "/api/happenings/999",
    ],
)
def test_api_not_found(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404 and "lists them" in r.json()["error"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/stories?since=yesterday",
        "/api/stories?since=2024-13",
        "/api/stories?min_articles=0",
        "/api/stories?limit=1000",
        "/api/stories?cursor=forged.cursor",
        "/api/stories/0",
        "/api/stories/abc",
        f"/api/stories/{2**64}",
        "/api/happenings?type=NOT_A_TYPE",
        "/api/happenings?type=CONSULT' OR 1=1",
        "/api/happenings?since=2024-03-04T10:00",
        "/api/happenings?story=0",
        "/api/happenings?min_sources=0",
        "/api/happenings/-1",
    ],
)
def test_api_bad_parameters_are_422(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 422, (url, r.text)
    assert r.json()["error"]


def test_api_injection_gives_no_extra_rows(client: TestClient) -> None:
    for value in ("' OR 1=1 --", '" OR ""="', "%", "_"):
        assert client.get("/api/stories", params={"entity": value}).json()["items"] == []
        assert client.get("/api/happenings", params={"entity": value}).json()["items"] == []


def test_openapi_describes_the_story_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/happenings",
        "/api/happenings/{happening_id}",
        "/api/articles/{article_id}/links",
    ):
        assert path in spec["paths"], path
    schemas = spec["components"]["schemas"]
    assert {
        "Story",
        "StoryPage",
        "StoryOut",
        "Member",
        "Happening",
        "HappeningOut",
        "Report",
        "Links",
    } <= set(schemas)
    assert "sources" in schemas["Happening"]["properties"]
