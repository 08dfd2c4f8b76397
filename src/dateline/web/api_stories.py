"""The JSON API of stories, happenings and an article's copies (included in api.py's
``/api`` router): ``/api/stories``, ``/api/stories/{id}``, ``/api/happenings``,
``/api/happenings/{id}`` and ``/api/articles/{id}/links``.  Lists are paged with
api.py's signed cursors; rows come from the store (``Corpus.stories`` …), which binds
every value as a parameter.  A file older than schema 7 answers 422 with the store's
message saying how to upgrade it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, HTTPException, Query
from fastapi import Path as PathParam
from pydantic import BaseModel

from ..cli_stories import publication_bound
from .api import ERRORS, Corpus, CursorQ, Day, EventDay, Limit, Name, Plover, paginate

router = APIRouter()

T = TypeVar("T")
V = TypeVar("V")

RowId = Annotated[int, PathParam(ge=1, le=2**63 - 1)]

# -- models ----------------------------------------------------------------------------


class Copy(BaseModel):
    """An article among the others: a copy, an original or another report of a story."""

    article_id: str
    title: str | None
    published: str | None
    source: str | None
    publisher: str | None  # the original publisher the text names (a wire agency …)
    similarity: float | None  # a copy's estimated Jaccard with its original


class Links(BaseModel):
    """Where an article stands: the original it copies (null for an original), its
    syndicated copies, its story and the story's other reports by time."""

    duplicate_of: Copy | None
    copies: list[Copy]
    story_id: int | None
    others: list[Copy]


class Story(BaseModel):
    id: int
    label: str | None
    first_published: str | None
    last_published: str | None
    articles: int  # original reports (copies are not members)
    sources: int  # distinct publishers among them
    outlets: list[str]
    entities: list[str]


class StoryPage(BaseModel):
    items: list[Story]
    next_cursor: str | None


class Member(BaseModel):
    article_id: str
    title: str | None
    published: str | None
    source: str | None
    publisher: str | None
    score: float | None  # the join score; null for the report that started the story
    evidence: dict[str, Any]  # the member it matched and each feature of the decision
    copies: int


class SharedName(BaseModel):
    name: str
    type: str
    members: int  # members naming it


class Happening(BaseModel):
    id: int
    plover_type: str
    label: str | None
    date: str | None  # the date the reports agree on (TIMEX3 value)
    when: str | None  # the day the timeline places it on
    location: str | None
    story_id: int | None
    first_reported: str | None
    reports: int  # events rows merged into it
    sources: int  # distinct publishers of those reports
    actors: list[str]
    targets: list[str]


class HappeningPage(BaseModel):
    items: list[Happening]
    next_cursor: str | None


class StoryOut(BaseModel):
    story: Story
    members: list[Member]
    entities: list[SharedName]
    happenings: list[Happening]


class Report(BaseModel):
    article_id: str
    event_id: str
    title: str | None
    published: str | None
    source: str | None
    publisher: str | None
    sentence: str
    span: tuple[int, int] | None
    trigger: str | None
    date: str | None
    score: float | None  # the merge score; null for the report that started it
    evidence: dict[str, Any]


class HappeningOut(BaseModel):
    happening: Happening
    reports: list[Report]


def _story(r: Any) -> Story:
    return Story(**{**asdict(r), "outlets": list(r.outlets), "entities": list(r.entities)})


def _happening(r: Any) -> Happening:
    return Happening(**{**asdict(r), "actors": list(r.actors), "targets": list(r.targets)})


def _paged(
    ask: Callable[..., Sequence[Any]],
    convert: Callable[[Any], T],
    filters: dict[str, Any],
    limit: int,
    cursor: str | None,
) -> tuple[list[T], str | None]:
    """A page of ``ask(**filters, limit, offset)``'s rows (each with an ``id``) as models."""

    def fetch(n: int, skip: int) -> list[T]:
        return [convert(r) for r in ask(**filters, limit=n, offset=skip)]

    return paginate(fetch, lambda x: [x.id], limit=limit, cursor=cursor, filters=filters)


def _found(value: V | None, what: str, listing: str) -> V:
    if value is None:
        raise HTTPException(404, f"no {what}; {listing} lists them")
    return value


# -- routes ----------------------------------------------------------------------------


@router.get(
    "/articles/{article_id}/links",
    response_model=Links,
    responses=ERRORS,
    summary="An article's original, syndicated copies and other reports of its story",
)
def article_links(article_id: Annotated[str, PathParam(max_length=128)], db: Corpus) -> Links:
    found = db.links(article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return Links(
        duplicate_of=Copy(**asdict(found.duplicate_of)) if found.duplicate_of else None,
        copies=[Copy(**asdict(c)) for c in found.copies],
        story_id=found.story_id,
        others=[Copy(**asdict(c)) for c in found.others],
    )


@router.get("/stories", response_model=StoryPage, responses=ERRORS, summary="Stories, latest first")
def stories(
    db: Corpus,
    since: Day = None,
    until: Day = None,
    entity: Name = None,
    min_articles: Annotated[int, Query(ge=1, le=1000, description="reports at least")] = 2,
    limit: Limit = 50,
    cursor: CursorQ = None,
) -> StoryPage:
    """Stories whose span of publication overlaps ``since``/``until``, a member of
    which names ``entity`` (surname links followed), of at least ``min_articles``
    original reports; latest first."""
    lo, hi = publication_bound(since, end=False), publication_bound(until, end=True)
    entity = entity.strip() if entity and entity.strip() else None
    filters = dict(since=lo, until=hi, entity=entity, min_articles=min_articles)

    items, nxt = _paged(db.stories, _story, filters, limit, cursor)
    return StoryPage(items=items, next_cursor=nxt)


@router.get(
    "/stories/{story_id}",
    response_model=StoryOut,
    responses=ERRORS,
    summary="One story: members by time with the evidence of each, shared names, happenings",
)
def story(story_id: RowId, db: Corpus) -> StoryOut:
    d = _found(db.story(story_id), f"story {story_id}", "/api/stories")
    return StoryOut(
        story=_story(d.story),
        members=[Member(**asdict(m)) for m in d.members],
        entities=[SharedName(name=n, type=t, members=k) for n, t, k in d.entities],
        happenings=[_happening(h) for h in d.happenings],
    )


@router.get(
    "/happenings",
    response_model=HappeningPage,
    responses=ERRORS,
    summary="Happenings in the order they happened, with report and source counts",
)
def happenings(
    db: Corpus,
    type: Plover = None,
    entity: Name = None,
    story: Annotated[int | None, Query(ge=1, le=2**63 - 1, description="a story id")] = None,
    since: EventDay = None,
    until: EventDay = None,
    min_sources: Annotated[int, Query(ge=1, le=1000, description="sources at least")] = 1,
    limit: Limit = 50,
    cursor: CursorQ = None,
) -> HappeningPage:
    """One record per real happening: ``type`` a PLOVER type, ``entity`` an actor or
    target, ``story`` a story's happenings, ``since``/``until`` YYYY, YYYY-MM or
    YYYY-MM-DD (when it happened), ``min_sources`` distinct publishers at least."""
    entity = entity.strip() if entity and entity.strip() else None
    filters = dict(type=type, entity=entity, story=story, since=since, until=until, min_sources=min_sources)

    items, nxt = _paged(db.happenings, _happening, filters, limit, cursor)
    return HappeningPage(items=items, next_cursor=nxt)


@router.get(
    "/happenings/{happening_id}",
    response_model=HappeningOut,
    responses=ERRORS,
    summary="One happening with its reports across articles and outlets",
)
def happening(happening_id: RowId, db: Corpus) -> HappeningOut:
    d = _found(db.happening(happening_id), f"happening {happening_id}", "/api/happenings")
    return HappeningOut(
        happening=_happening(d.happening),
        reports=[Report(**asdict(r)) for r in d.reports],
    )
