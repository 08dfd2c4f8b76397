"""The pages in a real browser: Playwright for Python driving Debian's chromium
(``/usr/bin/chromium``, headless, ``--no-sandbox``; .ci/run installs it) against uvicorn
on a free loopback port, over the fixture corpus of tests/test_web_api.py.

Search and facet, open an article and see its highlights (entities, quotes, times,
events), follow an entity link, load the quotes, timeline and map pages — and an
article whose title, body, source, authors, entity names and time values carry
``<script>``, ``<img onerror>`` and ``javascript:`` shows them as text and runs nothing.
Every page of the module is watched: a dialog (``alert``), an uncaught page error or a
console error (which is also how Chromium reports a Content-Security-Policy violation)
fails the test that caused it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .test_web_api import HOSTILE, build_corpus, hostile_record, make_app

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium; .ci/run does)"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    sys.path.insert(0, str(ROOT))
    from bench.load import Server

    db = build_corpus(tmp_path_factory.mktemp("webbrowser") / "corpus.db")
    with Server(make_app(db)) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        try:
            yield b
        finally:
            b.close()


class Watched:
    """A page with its dialogs, page errors and console errors recorded."""

    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base = page, base
        self.dialogs: list[str] = []
        self.errors: list[str] = []

        def on_dialog(d: Any) -> None:
            self.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))

    def goto(self, path: str) -> Any:
        r = self.page.goto(self.base + path, wait_until="load")
        assert r is not None and r.status == 200, (path, r and r.status)
        return r

    def clean(self) -> None:
        assert self.dialogs == [], self.dialogs
        assert self.errors == [], self.errors


@pytest.fixture
def page(browser: Any, server: Any) -> Iterator[Watched]:
    ctx = browser.new_context(java_script_enabled=True)
    p = ctx.new_page()
    p.set_default_timeout(10_000)
    w = Watched(p, server.url)
    try:
        yield w
        w.page.wait_for_timeout(100)  # late dialogs or errors still count
        w.clean()
    finally:
        ctx.close()


def test_search_and_facet(page: Watched) -> None:
    page.goto("/search?q=tram")
    hits = page.page.locator("#results .hit")
    assert hits.count() == 20 or hits.count() == 24
    assert "tram" in page.page.locator("#results .hit mark").first.inner_text().lower()
    page.page.locator("#facet-source a", has_text="Wire A").click()
    page.page.wait_for_load_state("load")
    assert "source=Wire+A" in page.page.url
    sources = page.page.locator("#results .hit .src").all_inner_texts()
    assert len(sources) == 8 and set(sources) == {"Wire A"}


def test_open_an_article_and_see_its_highlights(page: Watched) -> None:
    page.goto("/search?q=tram")
    page.page.locator("#results .hit a").first.click()
    page.page.wait_for_load_state("load")
    assert "/article/" in page.page.url
    body = page.page.locator("#body")
    assert body.locator(".entity").count() >= 3
    assert body.locator(".quote").count() >= 1
    timex = body.locator(".timex").first
    assert timex.inner_text() == "Tuesday" and timex.get_attribute("title") == "2021-03-02"
    # an article with events lists them (who / did what / to whom)
    page.goto("/search?q=Pompeo")
    page.page.locator("#results .hit a").first.click()
    page.page.wait_for_load_state("load")
    assert page.page.locator(".event").count() == 3


def test_follow_an_entity_link(page: Watched) -> None:
    page.goto("/search?q=Pompeo")
    page.page.locator("#results .hit a").first.click()
    page.page.wait_for_load_state("load")
    link = page.page.locator("#body .entity", has_text="Vladimir Putin").first
    link.click()
    page.page.wait_for_load_state("load")
    assert "/entity/" in page.page.url
    assert "Vladimir Putin" in page.page.locator("h1").first.inner_text()


def test_quotes_timeline_and_map(page: Watched) -> None:
    page.goto("/quotes")
    assert page.page.locator(".quote").count() >= 20
    page.goto("/timeline")
    assert page.page.locator("#timeline .event").count() == 10
    page.goto("/map")
    assert page.page.locator("#map svg circle").count() >= 3


def test_hostile_article_shows_markup_as_text_and_runs_nothing(page: Watched) -> None:
    rec = hostile_record()
    pages = [
        f"/article/{rec['id']}",
        "/search?q=Hostile",
        "/search?q=harmless",
        "/quotes?speaker=Evil+Person",
    ]
    pages += ["/map", "/timeline", "/status", "/"]
    for path in pages:
        page.goto(path)
        dom = page.page
        assert dom.locator("script:not([src])").count() == 0, path
        assert dom.locator("img[src=x], img[onerror], [onerror], [onclick]").count() == 0, path
        assert dom.locator('a[href^="javascript:" i], [src^="javascript:" i]').count() == 0, path
        assert dom.evaluate("window.__pwned === undefined"), path
    page.goto(f"/article/{rec['id']}")
    dom = page.page
    assert HOSTILE in dom.locator("h1").first.inner_text()
    assert '<a href="javascript:alert(1)">title</a>' in dom.locator("h1").first.inner_text()
    assert HOSTILE in dom.locator("#body").inner_text()
    assert "javascript:alert(document.cookie)" in dom.locator("#body").inner_text()
    assert HOSTILE in dom.locator(".source").first.inner_text()
    assert f"Mallory {HOSTILE}" in dom.locator(".authors").first.inner_text()
    assert dom.locator("#body .timex").first.get_attribute("title") == f'"> {HOSTILE}'
    # the entity named <script>… links to its page, which shows the name as text
    dom.locator("#body .entity", has_text="<script>alert(1)</script>").first.click()
    dom.wait_for_load_state("load")
    assert "<script>alert(1)</script>" in dom.locator("h1").first.inner_text()
    assert dom.locator("script:not([src])").count() == 0


def test_the_watch_sees_what_it_must(page: Watched) -> None:
    """A control: script that does run (a page without dateline's CSP) is seen as a
    dialog, and on a dateline page an inline script is blocked and reported."""
    page.page.set_content("<p>x</p><img src=x onerror=alert(1)>")
    page.page.wait_for_function("true")
    page.page.wait_for_timeout(200)
    assert page.dialogs == ["alert: 1"]
    page.dialogs.clear()
    page.goto("/status")
    page.page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=alert(2)>')")
    page.page.wait_for_timeout(300)
    assert page.dialogs == []  # the CSP refused the inline handler …
    assert any("Content Security Policy" in e for e in page.errors), page.errors  # … and said so
    page.errors.clear()
