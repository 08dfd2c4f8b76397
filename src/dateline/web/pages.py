"""The HTML pages of ``dateline serve``: search, quotes, timeline, status here; the
article (pages_article.py), entity (pages_entity.py), map (pages_map.py) and story and
happening (pages_story.py) pages in their own modules.  Every page renders on the server and works with JavaScript off.

Search calls the store's ``search()`` (the query language is the store's: this module
never parses a query).  Facets and pagination work over the first :data:`SEARCH_CAP`
matches the store returns, by relevance; the page says so when the cap is reached.
"""

from __future__ import annotations

import calendar
import sqlite3
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from ..errors import DatelineError
from ..store.derive import copy_counts
from ..store.events import PLOVER_TYPES
from . import browse, browse_search
from .pages_article import router as article_router
from .pages_common import PER_PAGE, Pager, clean, page_number, query_string, render
from .pages_entity import router as entity_router
from .pages_map import router as map_router
from .pages_story import router as story_router

router = APIRouter(include_in_schema=False)
router.include_router(article_router)
router.include_router(entity_router)
router.include_router(map_router)
router.include_router(story_router)

SEARCH_CAP = 1000
SORTS = ("relevance", "date")
Text = Annotated[str | None, Query(max_length=500)]
Page = Annotated[int | None, Query(ge=1, le=10_000)]


def highlight(snippet: str) -> Markup:
    """A store snippet (matches between « and ») as HTML: the text escaped, matches in <mark>."""
    out: list[Markup] = []
    inside = False
    for piece in snippet.replace("»", "«").split("«"):
        text = escape(piece)
        out.append(Markup("<mark>{}</mark>").format(text) if inside and piece else text)
        inside = not inside
    return Markup("").join(out)


def _day(published: str | None) -> str:
    return (published or "")[:10]


@router.get("/", response_class=HTMLResponse)
@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: Text = None,
    entity: Text = None,
    etype: Text = None,
    source: Text = None,
    lang: Text = None,
    since: Text = None,
    until: Text = None,
    plover: Text = None,
    sort: Text = None,
    page: Page = None,
) -> HTMLResponse:
    corpus = request.app.state.corpus
    db = corpus.db
    params = {
        "q": clean(q, 500),
        "entity": clean(entity),
        "etype": clean(etype, 20),
        "source": clean(source),
        "lang": clean(lang, 20),
        "since": clean(since, 40),
        "until": clean(until, 40),
        "plover": clean(plover, 20),
        "sort": sort if sort in SORTS else None,
    }
    p = page_number(page)
    ctx: dict = {"params": params, "qs": lambda **c: query_string(params, **c), "plover_types": PLOVER_TYPES}
    if not params["q"] and not params["entity"]:
        rows, total = browse_search.recent(
            db, source=params["source"], language=params["lang"], offset=(p - 1) * PER_PAGE, limit=PER_PAGE
        )
        hits = [{**r, "snippet": escape(r["lead"]) + ("…" if len(r["lead"]) >= 240 else "")} for r in rows]
        pager = Pager(p, PER_PAGE, total, p * PER_PAGE < total, _base(params))
        return render(request, "search.html", hits=hits, total=total, pager=pager, facets=None, capped=False,
                      error=None, browsing=True, title="dateline", **ctx)  # fmt: skip
    sort = params["sort"] or "relevance"
    where = {k: params[k] for k in ("entity", "source", "since", "until")}
    try:
        found = browse_search.matching(corpus, params["q"], **where, sort=sort, cap=SEARCH_CAP)
        facts = browse_search.facts(db, found.ids)
        kept = [i for i in found.ids if _passes(facts.get(i) or browse_search.Facts(), params)]
        pager = Pager(p, PER_PAGE, len(kept), p * PER_PAGE < len(kept), _base(params))
        if any(params[k] for k in NARROWING):  # the page is not the store's page: snippets here
            hits = browse_search.hits_for(db, kept[pager.offset : pager.offset + PER_PAGE], found.plan)
        else:
            got = corpus.search(params["q"], **where, sort=sort, limit=PER_PAGE, offset=pager.offset)
            hits = [{"id": h.id, "title": h.title, "published": h.published, "source": h.source,
                     "snippet": h.snippet} for h in got]  # fmt: skip
    except DatelineError as e:
        pager = Pager(1, PER_PAGE, 0, False, _base(params))
        return render(request, "search.html", status_code=400, hits=[], total=0, pager=pager, facets=None,
                      capped=False, error=str(e), browsing=False, title="Search", **ctx)  # fmt: skip
    copies = copy_counts(db, [h["id"] for h in hits])
    for h in hits:
        h["snippet"] = highlight(h["snippet"])
        h["language"] = (facts.get(h["id"]) or browse_search.Facts()).language
        h["copies"] = copies.get(h["id"], 0)
    return render(request, "search.html", hits=hits, total=len(kept), pager=pager,
                  facets=_facets(db, [facts[i] for i in kept if i in facts], params), capped=found.capped,
                  error=None, browsing=False, title=f"{params['q'] or params['entity']} · search", **ctx)  # fmt: skip


NARROWING = ("etype", "lang", "plover")  # facets the store's search() does not filter by


def _passes(f: browse_search.Facts, params: dict[str, str | None]) -> bool:
    return (
        (not params["etype"] or params["etype"] in f.types)
        and (not params["lang"] or params["lang"] == f.language)
        and (not params["plover"] or params["plover"] in f.plovers)
    )


def _base(params: dict[str, str | None]) -> dict[str, str]:
    return {k: v for k, v in params.items() if v}


FACETS = (
    ("source", "Source"),
    ("entity", "Entity"),
    ("etype", "Entity type"),
    ("lang", "Language"),
    ("plover", "Event type (PLOVER)"),
    ("month", "Month published"),
)


def _month_end(month: str) -> str:
    y, m = int(month[:4]), int(month[5:7])
    return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


def _facets(db, kept: list[browse_search.Facts], params: dict[str, str | None]) -> list[dict]:
    """[{name, label, values: [{label, n, href, on}]}]: clicking a value narrows the
    search to it; clicking the chosen value again removes it."""
    counts: dict[str, Counter] = {
        "source": Counter(f.source for f in kept if f.source),
        "lang": Counter(f.language for f in kept if f.language),
        "etype": Counter(t for f in kept for t in f.types),
        "plover": Counter(t for f in kept for t in f.plovers),
        "month": Counter(
            f.published[:7]
            for f in kept
            if f.published and f.published[:4].isdigit() and f.published[5:7].isdigit()
        ),
    }
    idents = Counter(i for f in kept for i in f.identities).most_common(15)
    names = browse.identity_names(db, [i for i, _ in idents])
    out = []
    for name, label in FACETS:
        values = []
        if name == "entity":
            items = [(names[i][0], f"{names[i][0]} · {names[i][1]}", n) for i, n in idents if i in names]
        elif name == "month":
            items = [(m, m, n) for m, n in sorted(counts["month"].items(), reverse=True)[:24]]
        else:
            items = [(v, v, n) for v, n in counts[name].most_common(16)]
        for value, text, n in items:
            if name == "month":
                since, until = value + "-01", _month_end(value)
                on = params["since"] == since and params["until"] == until
                href = query_string(
                    params, since=None if on else since, until=None if on else until, page=None
                )
            else:
                on = params[name] == value
                href = query_string(params, **{name: None if on else value, "page": None})
            values.append({"label": text, "n": n, "href": href, "on": on})
        out.append({"name": name, "label": label, "values": values})
    return out


def _listing(
    request: Request, template: str, fetch, params: dict[str, str | None], page: int | None, **context
) -> HTMLResponse:
    """A page of a store listing: ``fetch(**params, limit=n)`` asked for one row more
    than the pages so far need (so "next" is known); a store error is the page's message."""
    p = page_number(page)
    error = None
    try:
        rows = fetch(**params, limit=p * PER_PAGE + 1)
    except DatelineError as e:
        rows, error = [], str(e)
    pager = Pager(p, PER_PAGE, None, len(rows) > p * PER_PAGE, _base(params))
    return render(request, template, status_code=400 if error else 200,
                  rows=rows[pager.offset : pager.offset + PER_PAGE], pager=pager, params=params, error=error,
                  **context)  # fmt: skip


@router.get("/quotes", response_class=HTMLResponse)
def quotes_page(
    request: Request,
    speaker: Text = None,
    source: Text = None,
    since: Text = None,
    until: Text = None,
    about: Text = None,
    kind: Text = None,
    page: Page = None,
) -> HTMLResponse:
    corpus = request.app.state.corpus
    params = {
        "speaker": clean(speaker),
        "source": clean(source),
        "since": clean(since, 40),
        "until": clean(until, 40),
        "about": clean(about, 500),
        "kind": clean(kind, 20),
    }
    return _listing(request, "quotes.html", corpus.quotes, params, page,
                    sources=browse.sources(corpus.db, 100), title="Quotes")  # fmt: skip


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(
    request: Request,
    entity: Text = None,
    type: Text = None,
    since: Text = None,
    until: Text = None,
    view: Text = None,
    sources: Annotated[int | None, Query(ge=1, le=1000)] = None,
    page: Page = None,
) -> HTMLResponse:
    """Happenings (one row per real happening, with its reports and sources; ``sources``
    at least that many publishers) or events (one row per report), in the order they
    happened; happenings first when the corpus has any."""
    corpus = request.app.state.corpus
    params = {
        "entity": clean(entity),
        "type": clean(type, 20),
        "since": clean(since, 40),
        "until": clean(until, 40),
        "view": view if view in VIEWS else None,
        "sources": str(sources) if sources else None,
    }
    has_happenings = any_happenings(corpus.db)
    shown = params["view"] or ("happenings" if has_happenings else "events")

    def fetch(*, view: str | None, sources: str | None, **filters: Any) -> list:
        if shown == "happenings":
            return corpus.happenings(**filters, min_sources=int(sources or 1))
        return corpus.events(**filters)

    return _listing(request, "timeline.html", fetch, params, page, view=shown,
                    any_events=browse.counts(corpus.db)["events"] > 0, any_happenings=has_happenings,
                    plover_types=PLOVER_TYPES, qs=lambda **c: query_string(params, **c),
                    title="Timeline")  # fmt: skip


VIEWS = ("happenings", "events")


def any_happenings(db) -> bool:
    """Whether the corpus has a happening (False for a file older than schema 7)."""
    try:
        return db.execute("SELECT 1 FROM happenings LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError:
        return False


@router.get("/status", response_class=HTMLResponse)
def status_page(request: Request) -> HTMLResponse:
    corpus = request.app.state.corpus
    return render(
        request,
        "status.html",
        stats=corpus.stats(),
        counts=browse.counts(corpus.db),
        failures=browse.failures_by_reason(corpus.db),
        path=corpus.path,
        title="Status",
    )
