"""The story pages: the list of stories (``/stories``), one story (``/story/{id}``: its
members by time, the outlets, the names they share, its happenings and why each member
joined) and one happening (``/happening/{id}``: its reports across outlets).  Rows come
from the store (``Corpus.stories``/``story``/``happening``, store/stories.py and
store/happenings.py); names are linked to their entity page where the corpus has an
identity with that name."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from ..cli_stories import features as evidence_features
from ..cli_stories import matched, outlet, publication_bound, span, verdict
from ..errors import DatelineError
from ..store.identities import identity_key
from .pages_common import PER_PAGE, Pager, clean, not_found, page_number, query_string, render

router = APIRouter()

Text = Annotated[str | None, Query(max_length=500)]
PageQ = Annotated[int | None, Query(ge=1, le=10_000)]
RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]
_CHUNK = 500  # names per IN (...) list


def identity_ids(db: sqlite3.Connection, names: Iterable[str]) -> dict[str, int]:
    """name → the id of the corpus identity with that name's key (the one named in the
    most articles), for the names the corpus has."""
    by_key: dict[str, list[str]] = {}
    for n in names:
        if n and (k := identity_key(n)):
            by_key.setdefault(k, []).append(n)
    keys = list(by_key)
    out: dict[str, int] = {}
    for i in range(0, len(keys), _CHUNK):
        chunk = keys[i : i + _CHUNK]
        rows = db.execute(
            f"SELECT key, id FROM identities WHERE key IN ({','.join('?' * len(chunk))})"
            " ORDER BY articles ASC, id DESC",
            chunk,
        )
        for key, ident in rows:  # the most-named identity of a key comes last and stays
            for n in by_key[key]:
                out[n] = int(ident)
    return out


@router.get("/stories", response_class=HTMLResponse)
def stories_page(
    request: Request,
    since: Text = None,
    until: Text = None,
    entity: Text = None,
    min_articles: Annotated[int | None, Query(alias="min", ge=1, le=1000)] = None,
    page: PageQ = None,
) -> HTMLResponse:
    corpus = request.app.state.corpus
    params = {
        "since": clean(since, 40),
        "until": clean(until, 40),
        "entity": clean(entity),
        "min": str(min_articles) if min_articles else None,
    }
    p = page_number(page)
    error = None
    try:
        rows = corpus.stories(
            since=publication_bound(params["since"], end=False),
            until=publication_bound(params["until"], end=True),
            entity=params["entity"],
            min_articles=min_articles or 2,
            limit=PER_PAGE + 1,
            offset=(p - 1) * PER_PAGE,
        )
    except DatelineError as e:
        rows, error = [], str(e)
    pager = Pager(p, PER_PAGE, None, len(rows) > PER_PAGE, {k: v for k, v in params.items() if v})
    return render(request, "stories.html", status_code=400 if error else 200, rows=rows[:PER_PAGE],
                  pager=pager, params=params, error=error, span=span,
                  qs=lambda **c: query_string(params, **c), title="Stories")  # fmt: skip


def _detail(request: Request, what: str, ident: int) -> Any:
    """``corpus.story(ident)`` or ``corpus.happening(ident)``, else the page to send
    instead: the store's message (a file not upgraded yet), or not found."""
    try:
        found = getattr(request.app.state.corpus, what)(ident)
    except DatelineError as e:
        return render(request, "message.html", status_code=400, title=what.title(), message=str(e))
    return found if found is not None else not_found(request, f"no {what} {ident}")


@router.get("/story/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: RowId) -> HTMLResponse:
    corpus = request.app.state.corpus
    detail = _detail(request, "story", story_id)
    if isinstance(detail, HTMLResponse):
        return detail
    titles = {m.article_id: m.title for m in detail.members}
    members = [
        {
            "m": m,
            "outlet": outlet(m.source, m.publisher),
            "verdict": verdict(m),
            "matched": matched(m.evidence),
            "features": evidence_features(m.evidence),
        }
        for m in detail.members
    ]
    names = [n for n, _, _ in detail.entities]
    names += [x for h in detail.happenings for x in (*h.actors, *h.targets)]
    return render(request, "story.html", story=detail.story, members=members, titles=titles,
                  entities=detail.entities, happenings=detail.happenings,
                  links=identity_ids(corpus.db, names), span=span,
                  title=detail.story.label or f"story {story_id}")  # fmt: skip


@router.get("/happening/{happening_id}", response_class=HTMLResponse)
def happening_page(request: Request, happening_id: RowId) -> HTMLResponse:
    corpus = request.app.state.corpus
    detail = _detail(request, "happening", happening_id)
    if isinstance(detail, HTMLResponse):
        return detail
    h = detail.happening
    reports = [
        {
            "r": r,
            "outlet": outlet(r.source, r.publisher),
            "verdict": "started the happening" if r.score is None else f"merged, score {r.score:.2f}",
            "matched": None,
            "features": evidence_features(r.evidence),
        }
        for r in detail.reports
    ]
    return render(request, "happening.html", h=h, reports=reports, titles={},
                  links=identity_ids(corpus.db, [*h.actors, *h.targets, h.location or ""]),
                  title=h.label or f"happening {happening_id}", nav="timeline")  # fmt: skip
