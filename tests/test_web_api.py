"""The JSON API (web/api.py), in process over a fixture corpus of hand-built records:
every endpoint, records served exactly as stored, facets, cursors that are stable and
refuse tampering, errors as JSON (404, 422 with the reason), and /api/export streaming
JSON Lines that parse.

The corpus is built here from ``dateline.article/1`` dicts (the helpers of
tests/test_store_quotes.py and tests/test_store_events.py), so no NLP model runs.
:func:`build_corpus` is shared with tests/test_web_security.py, test_web_browser.py
and bench/load.py."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path
from typing import Any

import httpx
import pytest

from dateline.store import SQLiteCorpus, open_corpus

from .backends import BACKENDS
from .pg import fresh_pg_db
from .test_store_events import CRIMEA, KREMLIN, SOCHI, V, with_events
from .test_store_quotes import E, Q, record

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(1)>"
SOURCES = ["Wire A", "Wire B", "Harbour Post"]
PEOPLE = ["Maria Lopes", "James Okoro", "Yuki Tanaka"]
CITIES = [("Lisbon", 38.72, -9.14, "PT"), ("Nairobi", -1.29, 36.82, "KE"), ("Osaka", 34.69, 135.5, "JP")]


_FILLER = (
    "orchard lantern pebble saffron glacier violin meadow harbour quilt falcon ember"
    " thistle compass marble willow beacon cobalt juniper walnut tundra"
).split()


def _own_words(i: int) -> str:
    """A sentence of report ``i``'s own: templated reports are not syndicated copies of
    one another (store/syndication.py)."""
    rng = random.Random(i)
    return "Notes: " + " ".join(rng.choice(_FILLER) for _ in range(40)) + "."


def _council(i: int) -> dict[str, Any]:
    person = PEOPLE[i % 3]
    city, lat, lon, cc = CITIES[i % 3]
    body = (
        f"{person}, a council member in {city}, said on Tuesday that the tram line would cost "
        f'{10 + i} million. "We will build it by 2023," {person} said. '
        f"The vote in {city} is expected next week."
    )
    rec = record(
        body + " The Tram Authority was silent. " + _own_words(i),
        [E(person), E(city, "GPE"), E("Tram Authority", "ORG")],
        [Q("We will build it by 2023,", "direct", speaker="e1")],
        published=f"2021-03-{1 + i:02d}T{8 + i % 10:02d}:15:00Z",
        source=SOURCES[i % 3],
        title=f"{city} council debates the tram line (report {i})",
    )
    rec["entities"][1]["geo"] = {"lat": lat, "lon": lon, "country": cc}
    t = rec["body"].index("Tuesday")
    rec["timexes"] = [
        {"id": "t1", "text": "Tuesday", "type": "DATE", "value": "2021-03-02", "span": [t, t + 7]}
    ]
    rec["language"] = "pt" if i % 5 == 4 else "en"
    rec["authors"] = ["Desk"]
    if i % 6 == 0:
        rec = with_events(
            rec,
            V(
                f"The vote in {city} is expected next week.",
                "vote",
                "CONSULT",
                "036",
                actors=["e1"],
                location="e2",
                location_text=city,
                date=f"2021-03-{8 + i:02d}",
                modality="planned",
            ),
        )
    return rec


def hostile_record() -> dict[str, Any]:
    """An article whose title, body, source and author carry script and ``javascript:``."""
    body = (
        f"Evil Person wrote {HOSTILE} in Lisbon and a link "
        '<a href="javascript:alert(1)">click</a> javascript:alert(document.cookie) '
        f'"{HOSTILE} is harmless," Evil Person said.'
    )
    rec = record(
        body,
        [E("Evil Person"), E("Lisbon", "GPE"), E("<script>alert(1)</script>", "ORG")],
        [Q(f"{HOSTILE} is harmless,", "direct", speaker="e1")],
        published="2021-04-01T10:00:00Z",
        source=f"Hostile {HOSTILE} Wire",
        title=f'Hostile {HOSTILE} <a href="javascript:alert(1)">title</a>',
    )
    rec["entities"][1]["geo"] = {"lat": 38.72, "lon": -9.14, "country": "PT"}
    j = body.index("javascript:alert(document")
    rec["timexes"] = [
        {"id": "t1", "text": "javascript:", "type": "DATE", "value": f'"> {HOSTILE}', "span": [j, j + 11]}
    ]
    rec["authors"] = [f"Mallory {HOSTILE}", "javascript:alert(1)"]
    rec["url"] = "javascript:alert(1)"
    return rec


def records() -> list[dict[str, Any]]:
    return [_council(i) for i in range(24)] + [SOCHI, CRIMEA, KREMLIN, hostile_record()]


def build_corpus(path: Path) -> Path:
    with SQLiteCorpus(path) as db:
        db.add_batch(records())
        db.link_identities()
    return path


def make_app(path: Path):
    from dateline.web.app import create_app

    return create_app(path)


@pytest.fixture(scope="module", params=BACKENDS)
def corpus_path(request, tmp_path_factory: pytest.TempPathFactory) -> Path | str:
    """The API's corpus on each backend: an SQLite file, or a PostgreSQL URL."""
    if request.param == "postgresql":
        url = fresh_pg_db("webapi")
        with open_corpus(url) as db:
            db.add_batch(records())
            db.link_identities()
        return url
    return build_corpus(tmp_path_factory.mktemp("webapi") / "corpus.db")


@pytest.fixture(scope="module")
def app(corpus_path: Path):
    return make_app(corpus_path)


def get(app, url: str, **params: Any) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            return await client.get(url, params=params or None)

    return asyncio.run(go())


def all_pages(app, url: str, **params: Any) -> list[dict]:
    out, cursor = [], None
    for _ in range(100):
        r = get(app, url, **params, **({"cursor": cursor} if cursor else {}))
        assert r.status_code == 200, r.text
        body = r.json()
        out.extend(body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return out
    raise AssertionError("no last page")


# -- articles ----------------------------------------------------------------------------


def test_article_is_the_stored_record(app, corpus_path: Path) -> None:
    rec = SOCHI
    r = get(app, f"/api/articles/{rec['id']}")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    assert r.json() == rec
    with open_corpus(corpus_path, readonly=True) as db:
        stored = db.db.execute("SELECT record FROM articles WHERE id = ?", (rec["id"],)).fetchone()[0]
    assert r.text == stored  # byte for byte what the store (and `analyze`) has


def test_unknown_article_is_404_json(app) -> None:
    r = get(app, "/api/articles/nope")
    assert r.status_code == 404
    assert r.json() == {"error": "no article 'nope'"}
    r = get(app, "/api/no/such/route")
    assert r.status_code == 404 and set(r.json()) == {"error"}


# -- search ------------------------------------------------------------------------------


def test_search_words_and_facets(app) -> None:
    hits = all_pages(app, "/api/search", q="tram", limit=5)
    assert len(hits) == 24 and len({h["id"] for h in hits}) == 24
    assert {"id", "title", "published", "source", "snippet", "score"} <= set(hits[0])
    wire_a = all_pages(app, "/api/search", q="tram", source="Wire A")
    assert wire_a and all(h["source"] == "Wire A" for h in wire_a) and len(wire_a) == 8
    pt = all_pages(app, "/api/search", q="tram", language="pt")
    assert pt and all(h["language"] == "pt" for h in pt) and len(pt) == 4
    since = all_pages(app, "/api/search", q="tram", since="2021-03-20", until="2021-03-22")
    assert sorted(h["published"][:10] for h in since) == ["2021-03-20", "2021-03-21", "2021-03-22"]
    consult = all_pages(app, "/api/search", q="tram", plover="consult")
    assert len(consult) == 4
    ent = all_pages(app, "/api/search", entity="Yuki Tanaka")
    assert len(ent) == 8 and all("Yuki Tanaka" in h["snippet"] for h in ent)
    org = all_pages(app, "/api/search", q="Putin", type="GPE")
    assert [h["title"] for h in org] == ["Pompeo to meet Putin"]


def test_search_sort_by_date_is_newest_first(app) -> None:
    hits = all_pages(app, "/api/search", q="tram", sort="date", limit=7)
    dates = [h["published"] for h in hits]
    assert dates == sorted(dates, reverse=True) and len(hits) == 24


def test_browse_without_words_is_newest_first(app) -> None:
    hits = all_pages(app, "/api/search", limit=10)
    assert len(hits) == len(records())
    dates = [h["published"] for h in hits]
    assert dates == sorted(dates, reverse=True)


def test_search_pages_are_stable_and_disjoint(app) -> None:
    first = get(app, "/api/search", q="tram", limit=5).json()
    again = get(app, "/api/search", q="tram", limit=5).json()
    assert first == again
    second = get(app, "/api/search", q="tram", limit=5, cursor=first["next_cursor"]).json()
    second_again = get(app, "/api/search", q="tram", limit=5, cursor=first["next_cursor"]).json()
    assert second == second_again
    assert not {h["id"] for h in first["items"]} & {h["id"] for h in second["items"]}


def _flip(text: str, at: int) -> str:
    c = text[at]
    return text[:at] + ("A" if c != "A" else "B") + text[at + 1 :]


def test_tampered_cursor_is_422(app) -> None:
    cursor = get(app, "/api/search", q="tram", limit=5).json()["next_cursor"]
    assert cursor
    for bad in (_flip(cursor, 3), _flip(cursor, len(cursor) - 2), cursor + "x", "garbage", "a.b", "."):
        r = get(app, "/api/search", q="tram", limit=5, cursor=bad)
        assert r.status_code == 422, bad
        assert "cursor" in r.json()["error"]
    # a good cursor with other filters is refused too
    r = get(app, "/api/search", q="vote", limit=5, cursor=cursor)
    assert r.status_code == 422 and "other filters" in r.json()["error"]
    # forged payloads (a valid-looking body with another offset) fail the signature
    import base64

    body, sig = cursor.split(".")
    data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    data["o"] = 1
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=") + "." + sig
    assert get(app, "/api/search", q="tram", limit=5, cursor=forged).status_code == 422


def test_bad_parameters_are_422_with_reason(app) -> None:
    for params, word in [
        ({"q": "tram", "limit": 0}, "limit"),
        ({"q": "tram", "limit": 101}, "limit"),
        ({"q": "tram", "limit": "ten"}, "limit"),
        ({"q": "tram", "sort": "price"}, "sort"),
        ({"q": "tram", "since": "yesterday"}, "since"),
        ({"q": "tram", "plover": "DANCE"}, "PLOVER"),
        ({"q": "x" * 600}, "q"),
    ]:
        r = get(app, "/api/search", **params)
        assert r.status_code == 422, params
        assert word in r.json()["error"], r.json()
    r = get(app, "/api/events", since="2019-13")
    assert r.status_code == 422 and "error" in r.json()


# -- entities, quotes, events, timeline, stats ----------------------------------------


def test_entities_and_an_entity(app) -> None:
    ents = all_pages(app, "/api/entities", limit=3)
    assert len({e["id"] for e in ents}) == len(ents) >= 10
    counts = [e["articles"] for e in ents]
    assert counts == sorted(counts, reverse=True)
    people = all_pages(app, "/api/entities", type="PERSON")
    assert {e["type"] for e in people} == {"PERSON"}
    maria = next(e for e in people if e["name"] == "Maria Lopes")
    r = get(app, f"/api/entities/{maria['id']}")
    assert r.status_code == 200
    d = r.json()
    assert d["entity"]["name"] == "Maria Lopes" and d["entity"]["articles"] == 8
    assert len(d["articles"]) == 8 and len(d["quotes"]) == 8
    assert all(q["speaker"] == "Maria Lopes" for q in d["quotes"])
    assert "Lisbon" in {c["name"] for c in d["co_occurring"]}
    assert sum(n for _, n in d["by_month"]) == 8
    by_name = get(app, "/api/entities/maria lopes").json()
    assert by_name["entity"]["id"] == maria["id"]
    assert get(app, "/api/entities/999999").status_code == 404
    assert get(app, "/api/entities/Nobody At All").json() == {"error": "no entity 'Nobody At All'"}


def test_quotes(app) -> None:
    qs = all_pages(app, "/api/quotes", limit=4)
    assert len(qs) == 26  # 24 council quotes, the hostile one, Kremlin's indirect one
    assert len({(q["article_id"], q["quote_id"]) for q in qs}) == 26
    assert all(q["speaker"] == "James Okoro" for q in all_pages(app, "/api/quotes", speaker="James Okoro"))
    assert [q["kind"] for q in all_pages(app, "/api/quotes", kind="indirect")] == ["indirect"]
    assert len(all_pages(app, "/api/quotes", about="build", source="Wire B")) == 8
    assert get(app, "/api/quotes", kind="shouted").status_code == 422


def test_events_and_timeline(app) -> None:
    evs = all_pages(app, "/api/events", limit=2)
    assert len(evs) == 4 + 3 + 2 + 1  # council votes, Sochi, Crimea, Kremlin
    whens = [e["when"] for e in evs if e["when"]]
    assert whens == sorted(whens)  # the order they happened in
    assert {e["plover_type"] for e in all_pages(app, "/api/events", type="CONSULT")} == {"CONSULT"}
    putin = all_pages(app, "/api/timeline", entity="Vladimir Putin")
    assert [e["date"] for e in putin] == ["2018-07", "2019-05-03", "2019-05-14"]
    assert all_pages(app, "/api/timeline", entity="Nobody") == []
    assert [e["cameo"] for e in all_pages(app, "/api/events", cameo="17")] == ["173"]


def test_stats(app) -> None:
    s = get(app, "/api/stats").json()
    assert s["articles"] == len(records())
    assert {c["name"] for c in s["by_language"]} == {"en", "pt"}
    assert sum(c["count"] for c in s["by_language"]) == s["articles"]


# -- export ------------------------------------------------------------------------------


def test_export_streams_json_lines(app) -> None:
    r = get(app, "/api/export")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-ndjson")
    lines = r.text.splitlines()
    recs = [json.loads(line) for line in lines]
    assert len(recs) == len(records())
    assert {x["id"] for x in recs} == {x["id"] for x in records()}
    assert all(x["schema"] == "dateline.article/1" for x in recs)
    wire_b = [json.loads(line) for line in get(app, "/api/export", source="Wire B").text.splitlines()]
    assert wire_b and {x["source"] for x in wire_b} == {"Wire B"}
    some = [json.loads(line) for line in get(app, "/api/export", q="Putin").text.splitlines()]
    assert [x["title"] for x in some] == ["Pompeo to meet Putin"]
    assert get(app, "/api/export", since="not a date").status_code == 422


def test_export_is_streamed_in_chunks(corpus_path: Path) -> None:
    """The body arrives in several pieces (EXPORT_CHUNK records each), not one buffer."""
    from dateline.web import api

    app = make_app(corpus_path)
    old, api.EXPORT_CHUNK = api.EXPORT_CHUNK, 5

    async def go() -> list[bytes]:  # the ASGI app itself: httpx's transport buffers the body
        sent: list[dict] = []
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
            "scheme": "http", "path": "/api/export", "raw_path": b"/api/export", "query_string": b"",
            "root_path": "", "headers": [(b"host", b"testserver")], "client": ("127.0.0.1", 1),
            "server": ("testserver", 80),
        }  # fmt: skip

        requested = False

        async def receive() -> dict:  # the request, then nothing until the app is done
            nonlocal requested
            if requested:
                await asyncio.Event().wait()
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict) -> None:
            sent.append(message)

        await app(scope, receive, send)
        return [m.get("body", b"") for m in sent if m["type"] == "http.response.body" and m.get("body")]

    try:
        chunks = asyncio.run(go())
    finally:
        api.EXPORT_CHUNK = old
    assert len(chunks) >= 5
    assert sum(c.count(b"\n") for c in chunks) == len(records())


def test_openapi_describes_the_api(app) -> None:
    spec = get(app, "/openapi.json").json()
    paths = spec["paths"]
    for p in [
        "/api/articles/{article_id}",
        "/api/search",
        "/api/entities",
        "/api/entities/{identity}",
        "/api/quotes",
        "/api/events",
        "/api/timeline",
        "/api/stats",
        "/api/export",
    ]:
        assert p in paths, p
    ok = paths["/api/search"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/SearchPage")
    assert "ErrorOut" in spec["components"]["schemas"]


def test_a_cursor_survives_items_added_before_it() -> None:
    """The next page starts after the last item sent, wherever it moved to."""
    from dateline.web.api import paginate

    items = [f"a{i:02d}" for i in range(30)]

    def fetch(n: int, skip: int) -> list[str]:
        return items[skip : skip + n]

    def page(cursor: str | None) -> tuple[list[str], str | None]:
        return paginate(fetch, lambda x: [x], limit=10, cursor=cursor, filters={"q": "x"})

    first, cur = page(None)
    assert first == items[:10] and cur
    items[0:0] = ["new1", "new2"]  # two items arrive before the page boundary
    second, cur2 = page(cur)
    assert second == [f"a{i:02d}" for i in range(10, 20)]
    del items[:5]  # and some go
    third, _ = page(cur2)
    assert third == [f"a{i:02d}" for i in range(20, 30)]
