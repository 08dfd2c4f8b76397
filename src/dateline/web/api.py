"""The JSON API under ``/api/``: the data the pages show, as JSON.

Every route reads the corpus the app was created on, opened read-only, one connection
per worker thread (:func:`corpus`).  Lists are paged with opaque cursors
(:class:`Cursor`): the position after the last item sent, the last item's key, and a
digest of the filters, signed with HMAC-SHA256.  A cursor edited by hand, or sent with
other filters than the ones it was made for, is refused with 422; the next page starts
after the last item's key when that item is still where it was (so a page is stable
while the corpus does not change).  Errors are ``{"error": message}`` (security.py).

Stories, happenings and an article's copies are in api_stories.py (the same router).

Records are served as stored: ``/api/articles/{id}`` is byte-for-byte the
``dateline.article/1`` JSON ``dateline analyze`` printed for that article.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import inspect
import itertools
import json
import os
import re
import secrets
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from ..errors import StoreError
from ..store import SQLiteCorpus, open_corpus
from ..store import identities as idents

router = APIRouter(prefix="/api", tags=["api"])

T = TypeVar("T")

MAX_DEPTH = 10_000  # items a cursor may reach into one list (a deeper page is 422)
EXPORT_CHUNK = 200  # records read per query while streaming /api/export
_SECRET = (os.environ.get("DATELINE_CURSOR_SECRET") or "").encode() or secrets.token_bytes(32)

# -- the corpus ------------------------------------------------------------------------


def corpus(request: Request) -> SQLiteCorpus:
    """The app's corpus: ``app.state.corpus``, app.py's ThreadCorpus, which looks like
    one SQLiteCorpus but resolves every attribute (``.db``, ``.search``) to the calling
    thread's own read-only connection.  The proxy itself is returned, never a thread's
    connection: FastAPI runs a sync dependency and its route in different pool threads,
    and an sqlite3 connection belongs to the thread that made it.  An app that keeps
    only a path (``app.state.db``) gets such a proxy made here, once."""
    state = request.app.state
    shared = getattr(state, "corpus", None)
    if shared is None:
        from .app import ThreadCorpus

        path = getattr(state, "db", None)
        if path is None:
            raise RuntimeError("the app has no corpus (app.state.corpus)")
        shared = state.corpus = ThreadCorpus(path)
    return shared


Corpus = Annotated[SQLiteCorpus, Depends(corpus)]

# -- cursors ---------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _digest(filters: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(filters, sort_keys=True, default=str).encode()).hexdigest()[:16]


class Cursor:
    """Where the next page starts: ``offset`` items in, after the item whose key is ``key``."""

    def __init__(self, offset: int, key: list[Any], filters: str) -> None:
        self.offset, self.key, self.filters = offset, key, filters

    def encode(self) -> str:
        payload = json.dumps({"o": self.offset, "k": self.key, "f": self.filters}, separators=(",", ":"))
        sig = hmac.new(_SECRET, payload.encode(), hashlib.sha256).digest()[:16]
        return f"{_b64(payload.encode())}.{_b64(sig)}"

    @classmethod
    def decode(cls, text: str, filters: str) -> Cursor:
        bad = HTTPException(422, "invalid cursor: use the next_cursor of the previous page unchanged")
        try:
            body, sig = text.split(".")
            payload = _unb64(body)
            good = hmac.new(_SECRET, payload, hashlib.sha256).digest()[:16]
            if not hmac.compare_digest(good, _unb64(sig)):
                raise bad
            data = json.loads(payload)
            offset, key, made_for = data["o"], data["k"], data["f"]
        except HTTPException:
            raise
        except (ValueError, KeyError, TypeError):
            raise bad from None
        if not isinstance(offset, int) or not isinstance(key, list) or not 0 < offset <= MAX_DEPTH:
            raise bad
        if made_for != filters:
            raise HTTPException(
                422, "invalid cursor: it was made for other filters; start from the first page"
            )
        return cls(offset, key, made_for)


SLACK = 20  # items read before the cursor's position: the last item sent is found there if it moved


def paginate(
    fetch: Callable[[int, int], Sequence[T]],
    key: Callable[[T], list[Any]],
    *,
    limit: int,
    cursor: str | None,
    filters: dict[str, Any],
) -> tuple[list[T], str | None]:
    """One page of a list in a fixed order.  ``fetch(n, skip)`` gives ``n`` items from
    position ``skip``.  The page starts after the cursor's last item where it is found
    in a window around its old position (so an item added or removed before it shifts
    nothing), else at the old position."""
    digest = _digest(filters)
    skip = start = 0
    if cursor:
        cur = Cursor.decode(cursor, digest)
        if cur.offset + limit > MAX_DEPTH:
            raise HTTPException(422, f"page too deep (over {MAX_DEPTH} items): narrow the filters")
        skip = max(0, cur.offset - 1 - SLACK)
        fetched = fetch(cur.offset - skip + limit + 1 + SLACK, skip)
        keys = [key(x) for x in fetched]
        hit = cur.offset - 1 - skip
        if not (0 <= hit < len(keys) and keys[hit] == cur.key):
            found = [i for i, k in enumerate(keys) if k == cur.key]
            hit = found[0] if found else hit
        start = hit + 1
    else:
        fetched = fetch(limit + 1, 0)
    page = list(fetched[start : start + limit])
    end = skip + start + len(page)
    if len(fetched) <= start + limit or not page or end >= MAX_DEPTH:
        return page, None
    return page, Cursor(end, key(page[-1]), digest).encode()


# -- models ----------------------------------------------------------------------------


class ErrorOut(BaseModel):
    error: str


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "Not found"},
    422: {"model": ErrorOut, "description": "A parameter that cannot be used, with the reason"},
}


class ArticleRecord(BaseModel):
    """A ``dateline.article/1`` record (docs/record.md); every field of the stored record."""

    model_config = ConfigDict(extra="allow")
    schema_: str = Field(alias="schema")
    id: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    language: str | None = None
    body: str
    entities: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []
    timexes: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []


class Hit(BaseModel):
    id: str
    title: str | None
    published: str | None
    source: str | None
    language: str | None = None
    snippet: str
    score: float
    copies: int = 0  # syndicated copies of it collapsed under this hit (/api/articles/{id}/links)


class SearchPage(BaseModel):
    items: list[Hit]
    next_cursor: str | None


class Entity(BaseModel):
    id: int
    name: str
    type: str
    articles: int
    linked_to: str | None = None
    confidence: float | None = None


class EntityPage(BaseModel):
    items: list[Entity]
    next_cursor: str | None


class Quote(BaseModel):
    article_id: str
    title: str | None
    published: str | None
    source: str | None
    quote_id: str
    kind: str
    speaker: str | None
    speaker_text: str | None
    text: str
    cue: str | None
    span: tuple[int, int]


class QuotePage(BaseModel):
    items: list[Quote]
    next_cursor: str | None


class Event(BaseModel):
    article_id: str
    title: str | None
    published: str | None
    source: str | None
    event_id: str
    date: str | None
    when: str | None
    when_from: str | None
    sentence: str
    span: tuple[int, int] | None
    trigger: str | None
    type: str
    plover_type: str | None
    plover_mode: str | None
    cameo: str | None
    goldstein: float | None
    modality: str | None
    historical: bool
    actors: list[str]
    targets: list[str]
    location: str | None
    said_by: str | None


class EventPage(BaseModel):
    items: list[Event]
    next_cursor: str | None


class Form(BaseModel):
    form: str
    articles: int


class Related(BaseModel):
    id: int
    name: str
    type: str
    articles: int


class EntityDetail(BaseModel):
    entity: Entity
    forms: list[Form]
    surnames: list[Entity]
    roles: list[str]
    by_month: list[tuple[str, int]]
    articles: list[Hit]
    quotes: list[Quote]
    events: list[Event]
    co_occurring: list[Related]


class Count(BaseModel):
    name: str
    count: int


class StatsOut(BaseModel):
    articles: int
    analysed: int
    entities: int
    failures: int
    files: int
    by_source: list[Count]
    by_language: list[Count]
    failures_by_reason: list[Count]
    first_published: str | None
    last_published: str | None


# -- parameters ------------------------------------------------------------------------

Limit = Annotated[int, Query(ge=1, le=100, description="items per page")]
CursorQ = Annotated[str | None, Query(max_length=1024, description="next_cursor of the previous page")]
Text = Annotated[str | None, Query(max_length=500)]
Name = Annotated[str | None, Query(max_length=200)]
Day = Annotated[
    str | None,
    Query(
        max_length=40,
        pattern=r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?)?)?$",
        description="YYYY, YYYY-MM, YYYY-MM-DD or an ISO timestamp",
    ),
]
Lang = Annotated[str | None, Query(max_length=16, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
EntityType = Annotated[
    str | None, Query(max_length=20, pattern=r"^[A-Za-z_]+$", description="PERSON, ORG, GPE …")
]
Plover = Annotated[str | None, Query(max_length=20, pattern=r"^[A-Za-z_]+$", description="a PLOVER type")]


def _date_filter(value: str | None) -> str | None:
    """since/until for the article filters: a bare year or month as its first day."""
    if value is None:
        return None
    v = value.strip()
    if re.fullmatch(r"\d{4}", v):
        return f"{v}-01-01"
    if re.fullmatch(r"\d{4}-\d{2}", v):
        return f"{v}-01"
    return v


# -- articles and search ---------------------------------------------------------------


@router.get(
    "/articles/{article_id}",
    response_model=ArticleRecord,
    responses=ERRORS,
    summary="One article as its dateline.article/1 record",
)
def article(article_id: Annotated[str, PathParam(max_length=128)], db: Corpus) -> Response:
    row = db.db.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return Response(row[0], media_type="application/json")


def _accepts(fn: Callable[..., Any]) -> set[str]:
    try:
        return set(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return set()


def _keep(db: SQLiteCorpus, ids: Sequence[str], language: str | None, etype: str | None, plover: str | None):
    """The ids (with their language) that pass the facets ``search()`` does not take."""
    if not ids:
        return {}
    out: dict[str, str | None] = {}
    for i in range(0, len(ids), 500):
        chunk = list(ids[i : i + 500])
        where = [f"a.id IN ({','.join('?' * len(chunk))})"]
        params: list[Any] = [*chunk]
        if language:
            where.append("a.language = ? COLLATE NOCASE")
            params.append(language)
        if etype:
            where.append("EXISTS (SELECT 1 FROM entities e WHERE e.article_rowid = a.rowid AND e.type = ?)")
            params.append(etype.upper())
        if plover:
            where.append(
                "EXISTS (SELECT 1 FROM events v WHERE v.article_rowid = a.rowid AND v.plover_type = ?)"
            )
            params.append(plover.upper())
        for r in db.db.execute(
            f"SELECT a.id, a.language FROM articles a WHERE {' AND '.join(where)}", params
        ):
            out[r[0]] = r[1]
    return out


def _browse(
    db: SQLiteCorpus,
    n: int,
    skip: int,
    *,
    source: str | None,
    language: str | None,
    etype: str | None,
    plover: str | None,
    since: str | None,
    until: str | None,
) -> list[Hit]:
    """Articles without words or an entity to search for: newest first."""
    from ..store.sqlite import article_filters

    clauses, params = article_filters(source=source, since=since, until=until)
    where = ["1", *clauses]
    if language:
        where.append("a.language = ? COLLATE NOCASE")
        params.append(language)
    if etype:
        where.append("EXISTS (SELECT 1 FROM entities e WHERE e.article_rowid = a.rowid AND e.type = ?)")
        params.append(etype.upper())
    if plover:
        where.append("EXISTS (SELECT 1 FROM events v WHERE v.article_rowid = a.rowid AND v.plover_type = ?)")
        params.append(plover.upper())
    rows = db.db.execute(
        "SELECT a.id, a.title, a.published, a.source, a.language, substr(a.body, 1, 240) FROM articles a"
        f" WHERE {' AND '.join(where)} ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT ? OFFSET ?",
        (*params, n, skip),
    ).fetchall()
    return [
        Hit(id=r[0], title=r[1], published=r[2], source=r[3], language=r[4], snippet=r[5], score=0.0)
        for r in rows
    ]


@router.get("/search", response_model=SearchPage, responses=ERRORS, summary="Full-text search with facets")
def search(
    db: Corpus,
    q: Text = None,
    source: Name = None,
    entity: Name = None,
    type: EntityType = None,
    language: Lang = None,
    since: Day = None,
    until: Day = None,
    plover: Plover = None,
    sort: Literal["relevance", "date"] = "relevance",
    limit: Limit = 20,
    cursor: CursorQ = None,
) -> SearchPage:
    """Articles matching ``q`` (the query language of the search page) and the facets:
    ``source``, ``entity`` (a name: surname links followed), ``type`` (articles with an
    entity of this type), ``language``, ``since``/``until`` (publication), ``plover``
    (articles with an event of this PLOVER type).  ``sort=date`` is newest first.
    Without ``q`` and ``entity``, every article passing the facets, newest first."""
    q = q.strip() if q and q.strip() else None
    entity = entity.strip() if entity and entity.strip() else None
    since, until = _date_filter(since), _date_filter(until)
    if plover:
        from ..store.events import plover_type

        plover = plover_type(plover)
    filters = dict(
        q=q,
        source=source,
        entity=entity,
        type=type,
        language=language,
        since=since,
        until=until,
        plover=plover,
        sort=sort,
    )
    if q is None and entity is None:

        def fetch(n: int, skip: int) -> list[Hit]:
            return _browse(
                db,
                n,
                skip,
                source=source,
                language=language,
                etype=type,
                plover=plover,
                since=since,
                until=until,
            )

    else:
        takes = _accepts(db.search)
        extra: dict[str, Any] = {}
        post: dict[str, str | None] = {"language": language, "etype": type, "plover": plover}
        for name, value in (("language", language), ("type", type), ("plover", plover), ("sort", sort)):
            if name in takes and value is not None:
                extra[name] = value
                post.pop("etype" if name == "type" else name, None)
        date_in_store = "sort" in extra
        # the store skips rows itself when nothing is left to filter or sort here
        native = (
            "offset" in takes and all(v is None for v in post.values()) and (sort != "date" or date_in_store)
        )

        def fetch(n: int, skip: int) -> list[Hit]:
            if native:
                extra["offset"] = skip
                want = m = n
                skip = 0
            else:
                want = MAX_DEPTH + 100 if sort == "date" and not date_in_store else skip + n
                m = want
            while True:
                rows = db.search(
                    q, entity=entity, source=source or None, since=since, until=until, limit=m, **extra
                )
                ok = _keep(
                    db, [r.id for r in rows], post.get("language"), post.get("etype"), post.get("plover")
                )
                kept = [r for r in rows if r.id in ok]
                if len(kept) >= want or len(rows) < m or m >= MAX_DEPTH * 4:
                    break
                m *= 4
            hits = [
                Hit(
                    id=r.id,
                    title=r.title,
                    published=r.published,
                    source=r.source,
                    language=ok.get(r.id),
                    snippet=r.snippet,
                    score=r.score,
                    copies=r.copies,
                )
                for r in kept
            ]
            if sort == "date" and not date_in_store:
                hits.sort(key=lambda h: h.id)
                hits.sort(key=lambda h: h.published or "", reverse=True)
                hits.sort(key=lambda h: h.published is None)
            return hits[skip : skip + n]

    items, nxt = paginate(fetch, lambda h: [h.id], limit=limit, cursor=cursor, filters=filters)
    return SearchPage(items=items, next_cursor=nxt)


# -- entities --------------------------------------------------------------------------


@router.get("/entities", response_model=EntityPage, responses=ERRORS, summary="Identities by article count")
def entities(
    db: Corpus,
    type: EntityType = None,
    q: Name = None,
    limit: Limit = 50,
    cursor: CursorQ = None,
) -> EntityPage:
    """Corpus identities, most articles first; ``type`` (PERSON, ORG, GPE …) and ``q``
    (a part of the name) narrow the list."""
    filters = {"type": type, "q": q}

    def fetch(n: int, skip: int) -> list[Entity]:
        return [Entity(**asdict(r)) for r in db.entities(type, top=skip + n, query=q)[skip:]]

    items, nxt = paginate(fetch, lambda e: [e.id], limit=limit, cursor=cursor, filters=filters)
    return EntityPage(items=items, next_cursor=nxt)


def _identity(db: SQLiteCorpus, ref: str) -> Entity:
    ref = ref.strip()
    if ref.isdigit() and len(ref) < 19:
        row = db.db.execute("SELECT id, key FROM identities WHERE id = ?", (int(ref),)).fetchone()
    else:
        key = idents.identity_key(ref)
        row = (
            db.db.execute(
                "SELECT id, key FROM identities WHERE key = ? ORDER BY articles DESC, id LIMIT 1", (key,)
            ).fetchone()
            if key
            else None
        )
    if row is None:
        raise HTTPException(404, f"no entity {ref!r}")
    found = [r for r in db.entities(None, top=MAX_DEPTH, query=row[1]) if r.id == row[0]]
    if not found:
        raise HTTPException(404, f"no entity {ref!r}")
    return Entity(**asdict(found[0]))


@router.get(
    "/entities/{identity}",
    response_model=EntityDetail,
    responses=ERRORS,
    summary="One identity: forms, roles, articles over time, quotes, events, co-occurring",
)
def entity(identity: Annotated[str, PathParam(max_length=200)], db: Corpus) -> EntityDetail:
    """``identity`` is an identity id (from ``/api/entities``) or a name."""
    ent = _identity(db, identity)
    group = idents.group(db.db, ent.name) or [ent.id]
    marks = ",".join("?" * len(group))
    forms = [
        Form(form=r[0], articles=r[1])
        for r in db.db.execute(
            "SELECT form, articles FROM identity_forms WHERE identity_id = ? ORDER BY articles DESC, form LIMIT 50",
            (ent.id,),
        )
    ]
    surnames = [
        Entity(id=r[0], name=r[1], type=r[2], articles=r[3], linked_to=ent.name, confidence=round(r[4], 4))
        for r in db.db.execute(
            "SELECT i.id, i.name, i.type, i.articles, l.confidence FROM identity_links l"
            " JOIN identities i ON i.id = l.identity_id WHERE l.target_id = ? ORDER BY i.articles DESC",
            (ent.id,),
        )
    ]
    roles: list[str] = []
    months: dict[str, int] = {}
    seen_articles: set[int] = set()
    for rowid, eid, published, record in db.db.execute(
        f"SELECT a.rowid, e.entity_id, a.published, a.record FROM entities e JOIN articles a ON a.rowid = e.article_rowid"
        f" WHERE e.identity_id IN ({marks}) ORDER BY a.published DESC LIMIT 500",
        group,
    ):
        if rowid not in seen_articles and published:
            months[published[:7]] = months.get(published[:7], 0) + 1
        seen_articles.add(rowid)
        for e in json.loads(record).get("entities", ()):
            if e.get("id") == eid:
                for role in e.get("roles") or ():
                    text = role if isinstance(role, str) else str(role.get("text") or role.get("role") or "")
                    if text and text not in roles:
                        roles.append(text)
    related = [
        Related(id=r[0], name=r[1], type=r[2], articles=r[3])
        for r in db.db.execute(
            "SELECT i.id, i.name, i.type, count(DISTINCT o.article_rowid) n FROM entities o"
            " JOIN identities i ON i.id = o.identity_id"
            f" WHERE o.article_rowid IN (SELECT article_rowid FROM entities WHERE identity_id IN ({marks}))"
            f" AND o.identity_id NOT IN ({marks}) GROUP BY i.id ORDER BY n DESC, i.name LIMIT 20",
            (*group, *group),
        )
    ]
    hits = db.search(None, entity=ent.name, limit=20)
    return EntityDetail(
        entity=ent,
        forms=forms,
        surnames=surnames,
        roles=roles[:50],
        by_month=sorted(months.items()),
        articles=[Hit(**asdict(h)) for h in hits],
        quotes=[Quote(**asdict(x)) for x in db.quotes(speaker=ent.name, limit=20)],
        events=[_event(x) for x in db.events(entity=ent.name, limit=20)],
        co_occurring=related,
    )


# -- quotes, events, timeline ----------------------------------------------------------


@router.get("/quotes", response_model=QuotePage, responses=ERRORS, summary="Who said what")
def quotes(
    db: Corpus,
    speaker: Name = None,
    about: Text = None,
    kind: Annotated[Literal["direct", "partial", "indirect"] | None, Query()] = None,
    source: Name = None,
    since: Day = None,
    until: Day = None,
    limit: Limit = 50,
    cursor: CursorQ = None,
) -> QuotePage:
    """Quotes, newest article first; ``speaker`` a name (or words of an anonymous
    speaker's description), ``about`` words of the quote."""
    since, until = _date_filter(since), _date_filter(until)
    filters = dict(speaker=speaker, about=about, kind=kind, source=source, since=since, until=until)

    def fetch(n: int, skip: int) -> list[Quote]:
        rows = db.quotes(
            speaker=speaker,
            about=about,
            kind=kind,
            source=source or None,
            since=since,
            until=until,
            limit=skip + n,
        )
        return [Quote(**asdict(r)) for r in rows[skip:]]

    items, nxt = paginate(
        fetch, lambda x: [x.article_id, x.quote_id], limit=limit, cursor=cursor, filters=filters
    )
    return QuotePage(items=items, next_cursor=nxt)


def _event(r: Any) -> Event:
    d = asdict(r)
    d["actors"], d["targets"] = list(d["actors"]), list(d["targets"])
    return Event(**d)


def _events(
    db: SQLiteCorpus,
    *,
    entity: str | None,
    type: str | None,
    cameo: str | None,
    place: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    cursor: str | None,
) -> EventPage:
    filters = dict(entity=entity, type=type, cameo=cameo, place=place, since=since, until=until)

    def fetch(n: int, skip: int) -> list[Event]:
        rows = db.events(
            entity=entity, type=type, cameo=cameo, place=place, since=since, until=until, limit=skip + n
        )
        return [_event(r) for r in rows[skip:]]

    items, nxt = paginate(
        fetch, lambda x: [x.article_id, x.event_id], limit=limit, cursor=cursor, filters=filters
    )
    return EventPage(items=items, next_cursor=nxt)


EventDay = Annotated[str | None, Query(max_length=10, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
Cameo = Annotated[str | None, Query(max_length=4, pattern=r"^\d{1,4}$")]


@router.get(
    "/events", response_model=EventPage, responses=ERRORS, summary="Events in the order they happened"
)
def events(
    db: Corpus,
    entity: Name = None,
    type: Plover = None,
    cameo: Cameo = None,
    place: Name = None,
    since: EventDay = None,
    until: EventDay = None,
    limit: Limit = 50,
    cursor: CursorQ = None,
) -> EventPage:
    """Events ordered by their own date (else the publication day): ``entity`` an actor
    or target, ``type`` a PLOVER type, ``cameo`` a code prefix, ``place`` the location,
    ``since``/``until`` YYYY, YYYY-MM or YYYY-MM-DD."""
    return _events(
        db,
        entity=entity,
        type=type,
        cameo=cameo,
        place=place,
        since=since,
        until=until,
        limit=limit,
        cursor=cursor,
    )


@router.get(
    "/timeline", response_model=EventPage, responses=ERRORS, summary="The timeline (events of an entity)"
)
def timeline(
    db: Corpus,
    entity: Name = None,
    type: Plover = None,
    since: EventDay = None,
    until: EventDay = None,
    limit: Limit = 50,
    cursor: CursorQ = None,
) -> EventPage:
    """The timeline page's data: events in the order they happened, of one ``entity``
    (actor or target) when given, of one PLOVER ``type``.  Empty before the events
    stage has run."""
    return _events(
        db,
        entity=entity,
        type=type,
        cameo=None,
        place=None,
        since=since,
        until=until,
        limit=limit,
        cursor=cursor,
    )


# -- stats and export ------------------------------------------------------------------


@router.get("/stats", response_model=StatsOut, summary="Corpus counts")
def stats(db: Corpus) -> StatsOut:
    s = db.stats()

    def counts(pairs: Sequence[tuple[str, int]]) -> list[Count]:
        return [Count(name=a, count=b) for a, b in pairs]

    return StatsOut(
        articles=s.articles,
        analysed=s.analysed,
        entities=s.entities,
        failures=s.failures,
        files=s.files,
        by_source=counts(s.by_source),
        by_language=counts(s.by_language),
        failures_by_reason=counts(s.failures_by_reason),
        first_published=s.first_published,
        last_published=s.last_published,
    )


def _stream(path: str, filters: dict[str, Any]) -> AsyncIterator[bytes]:
    """export.iter_jsonl's lines, EXPORT_CHUNK at a time, every step in one thread of
    its own: the generator holds an sqlite3 cursor between steps, and a connection (and
    its cursors) belongs to the thread that opened it.  Memory stays flat: one chunk is
    held at a time, and the next is read only when the client has taken this one."""
    from ..export import iter_jsonl

    async def gen() -> AsyncIterator[bytes]:
        loop = asyncio.get_running_loop()
        pool = ThreadPoolExecutor(1, thread_name_prefix="dateline-export")
        state: dict[str, Any] = {}

        def start() -> None:
            state["db"] = open_corpus(path, readonly=True)
            state["lines"] = iter_jsonl(state["db"], **filters)

        def chunk() -> bytes:
            return b"".join(itertools.islice(state["lines"], EXPORT_CHUNK))

        def stop() -> None:
            if "lines" in state:
                state["lines"].close()
            if "db" in state:
                state["db"].close()

        try:
            await loop.run_in_executor(pool, start)
            while data := await loop.run_in_executor(pool, chunk):
                yield data
        finally:
            await asyncio.shield(loop.run_in_executor(pool, stop))
            pool.shutdown(wait=False)

    return gen()


@router.get(
    "/export",
    responses={
        200: {"content": {"application/x-ndjson": {}}, "description": "JSON Lines of records"},
        **ERRORS,
    },
    response_class=StreamingResponse,
    summary="Every record matching the filters, as JSON Lines (streamed)",
)
def export(
    db: Corpus,
    q: Text = None,
    source: Name = None,
    since: Day = None,
    until: Day = None,
) -> StreamingResponse:
    """One ``dateline.article/1`` record per line (the bytes ``dateline analyze``
    printed), published then id, streamed; ``q`` in the search query language."""
    from ..export import check_filters

    filters = dict(query=q, since=_date_filter(since), until=_date_filter(until), source=source)
    check_filters(**filters)  # a bad date or query: 422 before the first byte
    return StreamingResponse(
        _stream(db.path, filters),
        media_type="application/x-ndjson",
        headers={"content-disposition": 'attachment; filename="dateline.jsonl"'},
    )


# -- stories, happenings, copies (api_stories.py, which uses the names above) -----------

from .api_stories import router as _stories_router  # noqa: E402

router.include_router(_stories_router)

__all__ = ["router", "corpus", "paginate", "Cursor", "StoreError"]
