"""The HTML pages of ``dateline serve`` (web/pages*.py, web/browse.py), in process with
TestClient over a small corpus built here from hand-written ``dateline.article/1``
records (no NLP model): every page renders, shows what it must (an entity linked, a
quote with its speaker, a timex value in a title, an event row, circles on the map, the
empty timeline), facets and pagination work, the world outline decodes, and an article
whose every field is hostile shows it as text on every page that shows it."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from dateline.models import content_id
from dateline.store import SQLiteCorpus
from dateline.web import browse
from dateline.web.app import create_app
from dateline.web.pages_article import mark_body
from dateline.web.pages_map import decode_arcs, world

XSS = '<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>'
GEO = {
    "Sochi": (43.6, 39.73, "RU"),
    "Moscow": (55.75, 37.62, "RU"),
    "Lisbon": (38.72, -9.14, "PT"),
}


def article(
    body: str,
    *,
    title: str,
    published: str | None = "2019-05-13T06:00:00Z",
    source: str = "Test Wire",
    authors: tuple[str, ...] = (),
    url: str | None = None,
    entities: list[tuple[str, str, str]] = (),  # (name, type, surface)
    quotes: list[tuple[str, str | None, str | None]] = (),  # (text, speaker entity id, speaker_text)
    timexes: list[tuple[str, str]] = (),  # (text, value)
    events: list[dict[str, Any]] = (),
    language: str = "en",
) -> dict[str, Any]:
    """A record with offsets computed from ``body`` (first occurrence of each text)."""

    def at(text: str) -> list[int]:
        s = body.index(text)
        return [s, s + len(text)]

    ents = []
    for i, (name, type_, surface) in enumerate(entities, 1):
        g = GEO.get(name)
        ents.append(
            {
                "id": f"e{i}",
                "name": name,
                "type": type_,
                "aliases": [],
                "roles": ["Foreign Minister"] if name == "Pavel Orlov" else [],
                "mentions": [at(surface)],
                "geo": {"name": name, "lat": g[0], "lon": g[1], "country": g[2]} if g else None,
                "refers_to": None,
            }
        )
    qs = [
        {
            "id": f"q{j}",
            "text": text,
            "kind": "direct",
            "speaker": spk,
            "speaker_text": stext,
            "cue": {"text": "said", "span": at("said")} if "said" in body else None,
            "span": at(text),
        }
        for j, (text, spk, stext) in enumerate(quotes, 1)
    ]
    txs = [
        {"id": f"t{k}", "text": text, "type": "DATE", "value": value, "span": at(text)}
        for k, (text, value) in enumerate(timexes, 1)
    ]
    evs = []
    for n, ev in enumerate(events, 1):
        evs.append(
            {
                "id": f"v{n}",
                "type": ev.get("type", "meeting"),
                "cameo": ev.get("cameo", "040"),
                "trigger": {"text": ev["trigger"], "span": at(ev["trigger"])},
                "actors": [a for a, _ in ev.get("actors", []) if a],
                "targets": [t for t, _ in ev.get("targets", []) if t],
                "actor_spans": [
                    {"text": t, "span": at(t), "entity": a, "sector": None} for a, t in ev.get("actors", [])
                ],
                "target_spans": [
                    {"text": t, "span": at(t), "entity": a, "sector": None} for a, t in ev.get("targets", [])
                ],
                "location": ev.get("location"),
                "location_text": ev.get("location_text"),
                "date": ev.get("date"),
                "date_timex": ev.get("date_timex"),
                "date_source": "text" if ev.get("date") else "publication",
                "modality": "asserted",
                "span": at(ev["sentence"]),
                "plover": {"type": ev.get("plover", "CONSULT"), "mode": None, "context": []},
                "goldstein": 1.0,
                "publication_date": (published or "")[:10] or None,
                "historical": False,
                "said_by": None,
                "quote": None,
            }
        )
    return {
        "schema": "dateline.article/1",
        "id": content_id(title, body),
        "title": title,
        "published": published,
        "published_local": None,
        "published_evidence": "dateline line: 1 stamp (UTC)" if published else None,
        "source": source,
        "authors": list(authors),
        "url": url,
        "language": language,
        "body": body,
        "entities": ents,
        "quotes": qs,
        "timexes": txs,
        "events": evs,
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


SOCHI_BODY = (
    "Foreign Minister Pavel Orlov will meet Helen Marsh in Sochi on Tuesday, officials said.\n\n"
    '"We are ready to talk," Orlov said in Moscow.'
)
SOCHI = article(
    SOCHI_BODY,
    title="Diplomats to meet in Sochi",
    source="Sina English",
    entities=[
        ("Pavel Orlov", "PERSON", "Pavel Orlov"),
        ("Helen Marsh", "PERSON", "Helen Marsh"),
        ("Sochi", "GPE", "Sochi"),
        ("Moscow", "GPE", "Moscow"),
    ],
    quotes=[("We are ready to talk,", "e1", "Orlov")],
    timexes=[("Tuesday", "2019-05-14")],
    events=[
        {
            "trigger": "meet",
            "sentence": "Foreign Minister Pavel Orlov will meet Helen Marsh in Sochi on Tuesday, officials said.",
            "actors": [("e1", "Pavel Orlov")],
            "targets": [("e2", "Helen Marsh")],
            "location": "e3",
            "location_text": "Sochi",
            "date": "2019-05-14",
            "date_timex": "t1",
        }
    ],
)
HOSTILE = article(
    f"Body {XSS} and Pavel Orlov again.\n\n{XSS} said the man in Lisbon.",
    title=f"Title {XSS}",
    source=f"Source {XSS}",
    authors=(f"Author {XSS}",),
    url="javascript:alert(1)",
    published="2019-06-01T08:00:00Z",
    entities=[
        ("Pavel Orlov", "PERSON", "Pavel Orlov"),
        ("Lisbon", "GPE", "Lisbon"),
        (f"N {XSS}", "ORG", XSS),
    ],
    quotes=[(f"{XSS} said the man", None, f"man {XSS}")],
    events=[
        {
            "trigger": "said",
            "sentence": f"{XSS} said the man in Lisbon.",
            "actors": [("e3", XSS)],
            "targets": [(None, "the man")],
            "location": "e2",
            "location_text": "Lisbon",
            "plover": "ACCUSE",
        }
    ],
)


def filler(i: int) -> dict[str, Any]:
    return article(
        f"Lisbon council debates water prices (report {i}). The tram line was delayed, officials said.",
        title=f"Lisbon water report {i}",
        published=f"2021-03-{1 + i % 28:02d}T08:00:00Z",
        source="Porto Daily" if i % 2 else "Test Wire",
        entities=[("Lisbon", "GPE", "Lisbon")],
        language="en" if i % 3 else "pt",
    )


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "corpus.db"
    with SQLiteCorpus(path) as corpus:
        corpus.add_batch([SOCHI, HOSTILE, *(filler(i) for i in range(45))])
        corpus.link_identities()
    return path


@pytest.fixture(scope="module")
def client(db_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db_path)) as c:
        yield c


def ident(client: TestClient, name: str) -> int:
    row = client.app.state.corpus.db.execute("SELECT id FROM identities WHERE name = ?", (name,)).fetchone()
    return row[0]


def matches(html: str) -> int:
    return int(re.search(r'<h2 class="count" id="count">\s*(\d+)', html)[1])


def ok(client: TestClient, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    return r.text


# -- every page ----------------------------------------------------------------------


def test_every_page_renders(client: TestClient) -> None:
    for url in [
        "/",
        "/search?q=Sochi",
        f"/article/{SOCHI['id']}",
        f"/entity/{ident(client, 'Pavel Orlov')}",
        "/quotes",
        "/timeline",
        "/map",
        "/status",
    ]:
        html = ok(client, url)
        assert "<script" not in html  # no inline script anywhere (the CSP forbids it)
        assert " style=" not in html and " onclick=" not in html
        assert 'href="/static/dateline.css"' in html


def test_missing_article_and_entity_are_404_pages(client: TestClient) -> None:
    assert client.get("/article/nope").status_code == 404
    assert client.get("/entity/999999").status_code == 404
    assert "no article nope" in client.get("/article/nope").text


def test_static_serves_only_its_folder(client: TestClient) -> None:
    assert client.get("/static/dateline.css").status_code == 200
    for url in [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/vendor/../../app.py",
    ]:
        assert client.get(url).status_code == 404, url


# -- search --------------------------------------------------------------------------


def test_search_highlights_and_links(client: TestClient) -> None:
    html = ok(client, "/search?q=Sochi")
    assert 'id="results"' in html
    assert html.count('class="hit"') == 1
    assert "<mark>Sochi</mark>" in html
    assert f'href="/article/{SOCHI["id"]}"' in html
    assert 'id="query-help"' in html and "minist*" in html  # the query language is documented


def test_search_pagination(client: TestClient) -> None:
    first = ok(client, "/search?q=water")
    assert matches(first) == 45
    assert first.count('class="hit"') == 20
    assert 'rel="next"' in first and "page=2" in first
    third = ok(client, "/search?q=water&page=3")
    assert third.count('class="hit"') == 5
    assert 'rel="next"' not in third and 'rel="prev"' in third
    ids = lambda h: set(re.findall(r'class="hit-title" href="/article/(\w+)"', h))  # noqa: E731
    second = ok(client, "/search?q=water&page=2")
    assert not ids(first) & ids(second) and len(ids(first) | ids(second) | ids(third)) == 45


def test_search_facets_narrow(client: TestClient) -> None:
    html = ok(client, "/search?q=water")
    assert 'id="facet-source"' in html and "Porto Daily" in html
    assert 'id="facet-lang"' in html and 'id="facet-etype"' in html and 'id="facet-month"' in html
    by_source = ok(client, "/search?q=water&source=Porto+Daily")
    assert matches(by_source) == 22
    by_lang = ok(client, "/search?q=water&lang=pt")
    assert matches(by_lang) == 15
    by_type = ok(client, "/search?q=Orlov&etype=GPE")
    assert matches(by_type) == 2
    by_plover = ok(client, "/search?q=Orlov&plover=CONSULT")
    assert matches(by_plover) == 1 and "Diplomats to meet" in by_plover
    month = ok(client, "/search?q=water&since=2021-03-01&until=2021-03-31")
    assert matches(month) == 45
    by_entity = ok(client, "/search?entity=Pavel+Orlov")
    assert by_entity.count('class="hit"') == 2


def test_search_sort_by_date(client: TestClient) -> None:
    html = ok(client, "/search?q=Orlov&sort=date")
    assert html.index("Title &lt;script&gt;") < html.index("Diplomats to meet")  # June before May


def test_search_without_words_lists_articles(client: TestClient) -> None:
    html = ok(client, "/")
    assert "47 articles" in html and html.count('class="hit"') == 20


def test_bad_query_is_a_message_not_a_500(client: TestClient) -> None:
    for q in ['"unclosed', "NOT", "((", "a OR", "'; DROP TABLE articles; --", "*"]:
        r = client.get("/search", params={"q": q})
        assert r.status_code in (200, 400, 422), (q, r.status_code)
    assert (
        client.get("/search", params={"q": "x", "sort": "published; DROP TABLE articles"}).status_code == 200
    )
    assert "<th>articles</th><td>47</td>" in ok(client, "/status")  # nothing dropped


# -- article -------------------------------------------------------------------------


def test_article_marks_up_the_body(client: TestClient) -> None:
    html = ok(client, f"/article/{SOCHI['id']}")
    orlov = ident(client, "Pavel Orlov")
    assert re.search(
        rf'<a class="entity t-PERSON" href="/entity/{orlov}" title="Pavel Orlov · PERSON">Pavel Orlov</a>',
        html,
    )
    assert re.search(r'<a class="entity t-GPE" href="/entity/\d+"[^>]*>Sochi</a>', html)
    assert '<span class="timex" title="2019-05-14" data-value="2019-05-14">Tuesday</span>' in html
    assert re.search(r'<q class="quote k-direct" id="quote-q1" title="direct quote · Pavel Orlov">We are ready to talk,</q>'
                     r'<sup class="speaker"><a href="/entity/\d+">Pavel Orlov</a></sup>', html)  # fmt: skip
    assert '<span class="sent" id="s-v1"></span>' in html
    row = re.search(r'<tr class="event" id="event-v1">(.*?)</tr>', html, re.S)[1]
    assert "Pavel Orlov" in row and "meet" in row and "Helen Marsh" in row and "Sochi" in row
    assert "2019-05-14" in row and 'href="#s-v1"' in row
    assert "dateline line: 1 stamp (UTC)" in html  # the evidence for the time
    assert '<details class="raw" id="raw">' in html and "dateline.article/1" in html


def test_markup_resolves_overlaps_and_keeps_text() -> None:
    body = "Alpha Beta Gamma said today."
    rec = {
        "body": body,
        "entities": [
            {
                "id": "e1",
                "name": "Alpha Beta",
                "type": "PERSON",
                "mentions": [[0, 10], [6, 16], [-1, 3], [20, 99]],
            },
        ],
        "timexes": [{"id": "t1", "text": "today", "value": "2020-01-01", "span": [22, 27]}],
        "quotes": [{"id": "q1", "text": "Beta Gamma said", "kind": "direct", "span": [6, 21]}],
        "events": [{"id": "v1", "span": [0, 28]}, {"id": "v2", "span": "bad"}],
    }
    marked = mark_body(rec, {"e1": 7})
    text = re.sub(r"<[^>]+>", "", re.sub(r'<sup class="speaker">.*?</sup>', "", str(marked.html)))
    assert text == body  # every character once, in order
    assert marked.dropped == 1  # "Alpha Beta" crosses the quote's start
    assert str(marked.html).count("<a ") == 0 and str(marked.html).count('class="timex"') == 1


# -- entity, quotes, timeline, map, status -------------------------------------------


def test_entity_page(client: TestClient) -> None:
    html = ok(client, f"/entity/{ident(client, 'Pavel Orlov')}")
    assert "<h1>" in html and "Pavel Orlov" in html
    assert "Foreign Minister" in html  # roles seen
    assert '<svg class="chart"' in html and '<rect class="bar"' in html
    assert "We are ready to talk," in html  # quotes by this entity
    assert re.search(r'id="events-actor".*?<li class="event">', html, re.S)
    assert re.search(r'id="events-target".*?None\.', html, re.S)
    assert "Helen Marsh" in html and 'id="places"' in html and "Lisbon" in html
    marsh = ok(client, f"/entity/{ident(client, 'Helen Marsh')}")
    assert re.search(r'id="events-target".*?<li class="event">', marsh, re.S)


def test_quotes_filters(client: TestClient) -> None:
    html = ok(client, "/quotes")
    assert html.count('<li class="quote') == 2
    only = ok(client, "/quotes?speaker=Pavel+Orlov")
    assert only.count('<li class="quote') == 1 and "We are ready to talk," in only
    assert ok(client, "/quotes?source=Sina+English").count('<li class="quote') == 1
    assert ok(client, "/quotes?since=2019-06-01").count('<li class="quote') == 1
    assert client.get("/quotes?since=yesterday").status_code == 400


def test_timeline(client: TestClient, tmp_path: Path) -> None:
    html = ok(client, "/timeline")
    assert re.search(r'id="timeline".*?<li class="event from-text">', html, re.S)
    assert "2019-05-14" in html and "meet" in html
    assert ok(client, "/timeline?type=CONSULT").count('<li class="event') == 1
    assert 'id="timeline-empty"' in ok(client, "/timeline?type=ASSAULT")
    assert ok(client, "/timeline?entity=Helen+Marsh").count('<li class="event') == 1
    path = tmp_path / "no-events.db"
    with SQLiteCorpus(path) as corpus:
        corpus.add_batch([filler(1)])
    with TestClient(create_app(path)) as c:
        empty = ok(c, "/timeline")
    assert 'id="timeline-empty"' in empty and "events stage has not run" in empty


def test_map(client: TestClient) -> None:
    html = ok(client, "/map")
    svg = re.search(r'<div id="map".*?</svg>', html, re.S)[0]
    assert svg.count("<path ") > 150  # the countries
    circles = re.findall(r'<a href="/entity/(\d+)"><circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"', svg)
    assert len(circles) == 3  # Sochi, Moscow, Lisbon
    lisbon = ident(client, "Lisbon")
    r = {int(i): float(rad) for i, _, _, rad in circles}
    assert r[lisbon] == max(r.values())  # 46 articles: the biggest


def test_world_outline_decodes() -> None:
    topo = {"transform": {"scale": [0.5, 0.25], "translate": [-10, 20]}, "arcs": [[[0, 0], [2, 4], [-1, 0]]]}
    assert decode_arcs(topo) == [[(-10, 20), (-9, 21), (-9.5, 21)]]
    countries = dict(world())
    assert len(countries) > 170 and countries["Portugal"].startswith("M")


def test_status(client: TestClient, db_path: Path) -> None:
    html = ok(client, "/status")
    assert "Sina English" in html and "No failures." in html


def test_browse_places_and_failures(client: TestClient) -> None:
    db = client.app.state.corpus.db
    names = {p.name: p.articles for p in browse.places(db)}
    assert names == {"Lisbon": 46, "Sochi": 1, "Moscow": 1}
    assert browse.failures_by_reason(db) == []


# -- hostile text --------------------------------------------------------------------

ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def assert_inert(html: str) -> None:
    assert (
        "<script" not in html
        and "<img" not in html
        and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    )
    assert 'href="javascript:' not in html


def test_hostile_article_is_text_everywhere(client: TestClient) -> None:
    pages = [
        f"/article/{HOSTILE['id']}",
        "/search?q=Orlov",
        "/search?q=alert",
        "/search?q=Orlov&etype=GPE",
        "/timeline",
        "/timeline?type=ACCUSE",
        "/search?entity=Pavel+Orlov",
        "/",
        "/quotes",
        f"/entity/{ident(client, 'Pavel Orlov')}",
        f"/entity/{ident(client, 'N ' + XSS)}",
        "/map",
        "/status",
    ]
    for url in pages:
        html = ok(client, url)
        assert_inert(html)
    art = ok(client, f"/article/{HOSTILE['id']}")
    assert f"Title {ESCAPED}" in art and f"Source {ESCAPED}" in art and f"Author {ESCAPED}" in art
    assert re.search(r'<dd class="url">\s*javascript:alert\(1\)\s*</dd>', art)  # as text, not a link
    assert art.count(ESCAPED) >= 5  # title, source, author, body, quote, raw JSON
    assert f"Title {ESCAPED}" in ok(client, "/search?q=Orlov")
    assert f"man {ESCAPED}" in ok(client, "/quotes")
    assert ESCAPED in ok(client, "/timeline?type=ACCUSE")


def test_serves_while_an_ingest_writes(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "live.db"
    with SQLiteCorpus(path) as writer:
        writer.add_batch([SOCHI])
        with TestClient(create_app(path)) as c:
            assert "1 article," in ok(c, "/")
            writer.add_batch([filler(99)])  # the writer commits while the server holds its connection
            assert "2 articles," in ok(c, "/")
            assert matches(ok(c, "/search?q=water")) == 1


def test_one_connection_per_thread(db_path: Path) -> None:
    app = create_app(db_path)
    corpus = app.state.corpus
    seen: list[int] = []

    def work() -> None:
        seen.append(id(corpus.db))
        assert corpus.stats().articles == 47

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(seen)) == 4 and corpus.connections == 5  # + the one opened to check the file
    corpus.close()


# -- dateline serve ------------------------------------------------------------------

DATELINE = [sys.executable, "-m", "dateline.cli"]


def test_serve_usage_and_missing_db(tmp_path: Path) -> None:
    r = subprocess.run(
        [*DATELINE, "serve", "--db", str(tmp_path / "none.db")], capture_output=True, timeout=60
    )
    assert r.returncode == 1 and r.stderr.decode().strip().count("\n") == 0 and b"no corpus at" in r.stderr
    r = subprocess.run([*DATELINE, "serve", "--port", "0"], capture_output=True, timeout=60)
    assert r.returncode == 2


def test_serve_binds_loopback_and_serves(db_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [*DATELINE, "serve", "--db", str(db_path), "--port", str(port)], stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/status", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None, "dateline serve did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and "<th>articles</th><td>47</td>" in r.text
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert f"http://127.0.0.1:{port}/".encode() in proc.stderr.read()
