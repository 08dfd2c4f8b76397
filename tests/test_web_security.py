"""Security of ``dateline serve`` (web/security.py, web/api.py), proven in process and on
loopback: the headers on pages, API, static files and errors; no route serves a file
outside its static folder (raw ``..`` and encoded variants, in process and through a
real uvicorn socket); injection through terms, facets, sort and cursor parameters fails
safely (never a 500, never an extra row, the corpus intact); request size (413) and time
(503) limits; a route's crash is a generic JSON 500 without a stack trace; schemathesis
against the app's own OpenAPI description finds no 500; and a short loopback load run
(bench/load.py) has zero errors."""

from __future__ import annotations

import asyncio
import socket
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI, Request

from dateline.store import SQLiteCorpus
from dateline.web import security

from .test_web_api import build_corpus, get, make_app, records

ROOT = Path(__file__).resolve().parents[1]
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


@pytest.fixture(scope="module")
def corpus_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("websec") / "corpus.db")


@pytest.fixture(scope="module")
def app(corpus_path: Path):
    return make_app(corpus_path)


def raw(
    app, path: str, method: str = "GET", headers: list | None = None, body: bytes = b""
) -> tuple[int, dict, bytes]:
    """One request straight into the ASGI app with ``path`` exactly as given (httpx
    would normalise ``..`` away before sending)."""
    sent: list[dict] = []

    async def go() -> None:
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
            "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
            "root_path": "", "headers": [(b"host", b"testserver"), *(headers or [])],
            "client": ("127.0.0.1", 1), "server": ("testserver", 80),
        }  # fmt: skip
        chunks = [body]

        async def receive() -> dict:  # the body once, then nothing until the app is done
            if not chunks:
                await asyncio.Event().wait()
            return {"type": "http.request", "body": chunks.pop(), "more_body": False}

        async def send(message: dict) -> None:
            sent.append(message)

        await app(scope, receive, send)

    asyncio.run(go())
    start = next(m for m in sent if m["type"] == "http.response.start")
    hdrs = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return (
        start["status"],
        hdrs,
        b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"),
    )


def assert_headers(h: dict | httpx.Headers) -> None:
    assert h["content-security-policy"] == CSP
    assert h["x-content-type-options"] == "nosniff"
    assert h["x-frame-options"] == "DENY"
    assert h["referrer-policy"] == "no-referrer"


# -- headers -----------------------------------------------------------------------------


def test_headers_on_pages_api_static_and_errors(app) -> None:
    rec = records()[0]
    urls = ["/", f"/article/{rec['id']}", "/api/stats", f"/api/articles/{rec['id']}", "/api/search?q=tram"]
    urls += ["/static/dateline.css", "/api/articles/missing", "/no/such/page", "/api/search?limit=0"]
    for url in urls:
        r = get(app, url)
        assert r.status_code < 500, url
        assert_headers(r.headers)
    status, h, _ = raw(app, "/static/../../etc/passwd")
    assert status == 404
    assert_headers(h)
    # only FastAPI's own documentation page gets the wider policy it needs
    docs = get(app, "/docs")
    assert docs.headers["content-security-policy"] == security.DOCS_CSP
    assert "frame-ancestors 'none'" in security.DOCS_CSP and "object-src 'none'" in security.DOCS_CSP


class _Tags(HTMLParser):
    """Script elements with content, ``on…`` attributes and ``javascript:`` URLs in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for k, v in attrs:
            if k.startswith("on"):
                self.bad.append(f"<{tag} {k}=>")
            if k in ("href", "src", "action", "formaction") and (v or "").strip().lower().startswith(
                "javascript:"
            ):
                self.bad.append(f"<{tag} {k}={v}>")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and data.strip():
            self.bad.append("inline <script>")


def test_no_inline_script_or_handler_in_pages(app) -> None:
    """The CSP forbids inline script and the pages have none — not even on the article
    whose every field carries markup (tests/test_web_api.py hostile_record): it is text."""
    hostile = records()[-1]
    ent = get(app, "/api/entities", q="Evil Person").json()["items"][0]["id"]
    urls = ["/", "/search?q=tram", "/search?q=Hostile", f"/article/{records()[0]['id']}"]
    urls += [f"/article/{hostile['id']}", f"/entity/{ent}", "/quotes", "/timeline", "/map", "/status"]
    for url in urls:
        r = get(app, url)
        assert r.status_code == 200, url
        tags = _Tags()
        tags.feed(r.text)
        assert not tags.bad, (url, tags.bad)
    page = get(app, f"/article/{hostile['id']}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page and "<img src=x" not in page


# -- path traversal ----------------------------------------------------------------------

TRAVERSALS = [
    "/static/../../etc/passwd",
    "/static/../../../../../../etc/passwd",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/static/....//....//etc/passwd",
    "/static/..\\..\\etc\\passwd",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/../app.py",
    "/static/../../web/app.py",
    "/static/%252e%252e/%252e%252e/etc/passwd",
    "/static/vendor/../../app.py",
    "/static/..%00/etc/passwd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_in_process_is_404(app, path: str) -> None:
    status, h, body = raw(app, path)
    assert status == 404, (path, status)
    assert b"root:" not in body and b"create_app" not in body
    assert_headers(h)


def test_traversal_over_a_real_socket_is_404(corpus_path: Path) -> None:
    """The same paths sent byte for byte to uvicorn (no client normalisation)."""
    sys.path.insert(0, str(ROOT))
    from bench.load import Server

    with Server(make_app(corpus_path)) as srv:
        for path in TRAVERSALS[:6] + ["/static/../../etc/passwd?x=1"]:
            with socket.create_connection(("127.0.0.1", srv.port), timeout=5) as s:
                s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
                data = b""
                while chunk := s.recv(65536):
                    data += chunk
            status = int(data.split(b" ", 2)[1])
            assert status in (400, 404), (path, data[:200])
            assert b"root:" not in data and b"create_app" not in data


# -- injection ---------------------------------------------------------------------------

NASTY = [
    "'; DROP TABLE articles; --",
    "' OR '1'='1",
    '" OR 1=1 --',
    "tram) OR (1=1",
    "NEAR(tram council, 2)",
    "title:tram",
    "*",
    "tram*",
    '"',
    "\x00tram",
    "tram' UNION SELECT record FROM articles --",
    "{tram}",
    "tram AND",
    "OR OR OR",
    "-",
    "- -tram",
    "^tram",
    "%",
    "_",
    "\\",
    "国家统计局' OR 1=1",
]


def test_injection_through_terms_fails_safely(app, corpus_path: Path) -> None:
    total = len(records())
    for q in NASTY:
        r = get(app, "/api/search", q=q)
        assert r.status_code in (200, 422), (q, r.status_code, r.text)
        assert "Traceback" not in r.text
        if r.status_code == 200:
            assert len(r.json()["items"]) <= 20
        for url, p in [("/api/quotes", "about"), ("/api/quotes", "speaker"), ("/api/events", "entity")]:
            r = get(app, url, **{p: q})
            assert r.status_code in (200, 422), (url, q, r.text)
        r = get(app, "/api/export", q=q)
        assert r.status_code in (200, 422), (q, r.text)
        if r.status_code == 200:
            assert len(r.text.splitlines()) < total  # a filter never widens to everything
        assert get(app, "/search", q=q).status_code in (200, 400, 422)  # the page says what to fix
    with SQLiteCorpus(corpus_path, readonly=True) as db:
        assert db.stats().articles == total


def test_injection_through_facets_gives_no_extra_rows(app) -> None:
    for value in ["' OR '1'='1", "Wire A' --", "%", "Wire%", "_ire A", "Wire A\x00"]:
        r = get(app, "/api/search", q="tram", source=value)
        assert r.status_code in (200, 422), value
        if r.status_code == 200:
            assert r.json()["items"] == [], value
        r = get(app, "/api/search", source=value)
        assert r.status_code == 200 and r.json()["items"] == [], value
        r = get(app, "/api/search", entity=value)
        assert r.status_code == 200 and r.json()["items"] == [], value
        assert get(app, "/api/quotes", source=value).json()["items"] == [], value
        r = get(app, "/api/export", source=value)
        assert r.status_code == 200 and r.text == "", value
    for name, value in [
        ("type", "PERSON' OR 1=1"),
        ("language", "en' OR '1'='1"),
        ("plover", "CONSULT' OR 1=1"),
        ("since", "2021' OR 1=1"),
        ("until", "1; DROP TABLE articles"),
    ]:
        r = get(app, "/api/search", q="tram", **{name: value})
        assert r.status_code == 422, (name, value)
        assert set(r.json()) == {"error"}
    assert get(app, "/api/events", cameo="04' OR 1=1").status_code == 422
    assert get(app, "/api/entities", type="PERSON' OR 1=1").status_code == 422
    assert get(app, "/api/entities", q="%").json()["items"] == []


def test_injection_through_sort_and_cursor_fails(app) -> None:
    for sort in ["published; DROP TABLE articles", "date DESC", "1", "relevance' --", "id"]:
        r = get(app, "/api/search", q="tram", sort=sort)
        assert r.status_code == 422 and "sort" in r.json()["error"], sort
    for cursor in ["' OR 1=1 --", "eyJvIjoxfQ.AAAA", "%00", "a" * 1025, "..", "1;DROP"]:
        r = get(app, "/api/search", q="tram", cursor=cursor)
        assert r.status_code == 422 and set(r.json()) == {"error"}, cursor


# -- limits and errors -------------------------------------------------------------------


def _tiny(**limits) -> FastAPI:
    app = FastAPI()

    @app.post("/echo")
    async def echo(request: Request) -> dict:
        return {"n": len(await request.body())}

    @app.get("/slow")
    async def slow() -> dict:
        await asyncio.sleep(5)
        return {"late": True}

    @app.get("/slow-sync")
    def slow_sync() -> dict:
        time.sleep(1.5)
        return {"late": True}

    @app.get("/boom")
    def boom() -> dict:
        raise RuntimeError("secret /etc/shadow detail")

    security.install(app, **limits)
    return app


def test_oversize_body_is_413(app) -> None:
    status, h, body = raw(app, "/api/search", "POST", [(b"content-length", b"1000000")], b"x" * 1_000_000)
    assert status == 413 and b"error" in body
    assert_headers(h)
    status, _, _ = raw(app, "/api/search", "POST", [(b"content-length", b"nonsense")])
    assert status == 413
    tiny = _tiny(max_body=1000)
    assert raw(tiny, "/echo", "POST", [(b"content-length", b"10")], b"x" * 10)[0] == 200
    # a chunked body (no length given) is counted as it is read
    status, _, body = raw(tiny, "/echo", "POST", [(b"transfer-encoding", b"chunked")], b"x" * 5000)
    assert status == 413 and b"1000 bytes" in body


def test_time_limit_is_503_json() -> None:
    tiny = _tiny(time_limit=0.3)
    t = time.monotonic()
    status, h, body = raw(tiny, "/slow")
    assert status == 503 and b'"error"' in body
    assert time.monotonic() - t < 2
    assert_headers(h)
    status, _, body = raw(tiny, "/slow-sync")
    assert status == 503 and b"longer than" in body


def test_a_crash_is_a_generic_500_without_trace() -> None:
    status, h, body = raw(_tiny(), "/boom")
    assert status == 500
    assert body == b'{"error": "internal error"}'
    assert_headers(h)


# -- fuzzing the OpenAPI description ---------------------------------------------------


def test_schemathesis_finds_no_server_error(app) -> None:
    """Every operation of /openapi.json, generated examples (bounded), no 5xx."""
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    ops = [r.ok() for r in schema.get_all_operations()]
    api_ops = [op for op in ops if op.path.startswith("/api/")]
    assert len(api_ops) >= 9
    failures: list[str] = []
    calls = [0]
    for op in ops:

        @given(case=op.as_strategy())
        @settings(
            max_examples=25 if op.path.startswith("/api/") else 8,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case) -> None:
            r = case.call()
            calls[0] += 1
            if r.status_code >= 500:
                failures.append(
                    f"{case.method} {case.path} {case.path_parameters} {case.query}: {r.status_code}"
                )
            else:
                assert "nosniff" in str(r.headers.get("x-content-type-options"))

        check()
    assert not failures, failures[:10]
    assert calls[0] >= 10 * len(api_ops)  # it did generate


# -- load --------------------------------------------------------------------------------


def test_loopback_load_smoke(corpus_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.load import run

    res = run(corpus_path, seconds=3, clients=3)
    assert res["requests"] > 30
    assert res["errors"] == 0, res["error_sample"]
    assert res["p99_ms"] > 0
