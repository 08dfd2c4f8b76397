"""The story pages in a real browser (as tests/test_web_browser.py: Playwright driving
Debian's chromium headless against uvicorn on loopback), over the schema-7 corpus of
tests/test_web_stories.py: /story/1 lists its reports by time with each one's "why"
folded in a <details> that opens, links its happening and its shared names; /timeline
shows the happenings with their report counts and leads to a happening's reports; the
hostile report shows its markup as text and nothing runs (no dialog, page error or
console error, which is also how Chromium reports a CSP violation)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dateline.web.app import create_app

from . import test_web_browser as shared
from .test_web_browser import CHROMIUM, ROOT, Watched
from .test_web_stories import A1, A2, A3, build_story_corpus

browser = shared.browser  # the module's chromium, and a watched page over this module's server
page = shared.page

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium; .ci/run does)"
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    sys.path.insert(0, str(ROOT))
    from bench.load import Server

    db: Path = build_story_corpus(tmp_path_factory.mktemp("storybrowser") / "corpus.db")
    with Server(create_app(db)) as srv:
        yield srv


def test_story_page_and_timeline_happenings(page: Watched) -> None:
    page.goto("/story/1")
    dom = page.page
    members = dom.locator("#members .member")
    assert members.count() == 3
    assert [members.nth(i).get_attribute("data-article") for i in range(3)] == [A1["id"], A2["id"], A3["id"]]
    assert "<script>" in members.nth(2).locator(".hit-title").inner_text()  # the hostile title, as text
    why = members.nth(1).locator("details.why")
    assert not why.locator(".features li").first.is_visible()  # folded
    why.locator("summary").click()
    assert why.locator(".features li").first.is_visible() and "cosine" in why.inner_text()
    assert dom.locator("#shared a[href^='/entity/']").count() >= 2
    assert dom.locator("script:not([src]), [onerror], [onclick], a[href^='javascript:' i]").count() == 0
    assert dom.evaluate("window.__pwned === undefined")

    page.goto("/timeline")
    rows = dom.locator("#happenings .happening")
    assert rows.count() == 2
    assert "3 reports from 3 sources" in rows.nth(1).inner_text()
    rows.nth(1).locator("a.reports").click()
    dom.wait_for_load_state("load")
    assert dom.url.endswith("/happening/1")
    assert dom.locator("#reports .report").count() == 3
    page.goto("/timeline")
    dom.locator("#timeline-views a", has_text="Events").click()  # the toggle to every report
    dom.wait_for_load_state("load")
    assert "view=events" in dom.url and dom.locator("#timeline .event").count() == 4
