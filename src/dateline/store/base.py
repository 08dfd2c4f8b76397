"""The Corpus protocol every store backend implements, and the values it passes.

Backends: :mod:`dateline.store.sqlite` (embedded default) and
:mod:`dateline.store.postgres` (``--db postgresql://…``).  ``tests/test_store_contract.py``
runs the protocol's calls on both and requires the same answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class FileMark:
    """An input file fully read: skipped unread by later runs while unchanged."""

    path: str
    size: int
    mtime_ns: int
    articles: int
    failures: int


@dataclass(frozen=True)
class Failure:
    path: str
    reason: str
    message: str


@dataclass(frozen=True)
class BatchResult:
    added: int
    present: int  # already in the store (same content id)
    recovered: int = 0  # files that failed in an earlier run and were read cleanly now
    replaced: int = 0  # articles removed because their file was edited and no longer holds them
    copies: int = 0  # of ``added``: syndicated copies of an earlier article (articles.duplicate_of)


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str | None
    published: str | None
    source: str | None
    snippet: str
    score: float
    copies: int = 0  # syndicated copies collapsed under this hit (v7)


@dataclass(frozen=True)
class IdentityRow:
    """One corpus-level identity (same normalized canonical name and type across articles).

    ``articles`` counts distinct articles; for a full name it includes the articles of
    bare surnames linked to it.  ``linked_to``/``confidence`` are set on a bare surname
    linked to a full name (``"Putin"`` → ``"Vladimir Putin"``), None otherwise."""

    id: int
    name: str
    type: str
    articles: int
    linked_to: str | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class LinkRow:
    """Bare surname → full name, over the articles whose context linked it there.

    ``articles`` counts the articles linked; ``confidence`` is the mean of their link
    probabilities, ``lowest`` the least of them."""

    bare: str
    target: str
    articles: int
    confidence: float
    lowest: float
    bare_id: int
    target_id: int


@dataclass(frozen=True)
class QuoteRow:
    """One quote of a stored article.

    ``speaker`` is the attributed speaker's canonical name (the state's name for a
    capital or seat speaking for it: "Russia" for "the Kremlin said"), None when the
    quote is anonymous or unattributed; ``speaker_text`` is what the record gives
    (the description of an anonymous source, "a State Department official", or the
    speaker's surface text).  ``cue`` is the reporting verb or phrase; ``span`` is
    ``[start, end)`` of ``text`` in the article body."""

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


@dataclass(frozen=True)
class EventRow:
    """One event of a stored article, as the timeline shows it.

    ``date`` is the event's own date from the text (a TIMEX3 value: "2019-05-14",
    "2018-07", "2014"), None when the text gives none.  ``when`` is the day the timeline
    places it on: the first day of ``date``'s period when ``when_from`` is "text", the
    article's publication day when it is "publication", None when neither is known.
    ``sentence`` is ``body[span]``; ``actors``/``targets`` are display names (an
    entity's canonical name, else the phrase: "police"); ``location`` and ``said_by``
    are names too."""

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
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    location: str | None
    said_by: str | None


@dataclass(frozen=True)
class CopyRow:
    """A syndicated copy of an article (articles.duplicate_of), or its original."""

    article_id: str
    title: str | None
    published: str | None
    source: str | None
    publisher: str | None  # the original publisher the copy names (wire agency …)
    similarity: float | None  # estimated Jaccard of the copy with its original


@dataclass(frozen=True)
class ArticleLinks:
    """Where an article stands among the others (v7): the original it copies (or None),
    its copies, its story and the story's other original reports."""

    duplicate_of: CopyRow | None
    copies: tuple[CopyRow, ...]
    story_id: int | None
    others: tuple[CopyRow, ...]  # the story's other members, by publication time


@dataclass(frozen=True)
class StoryRow:
    """A story: the original reports of one happening (copies are not members).
    ``outlets`` are the distinct publishers, ``entities`` the names most members share."""

    id: int
    label: str | None
    first_published: str | None
    last_published: str | None
    articles: int
    sources: int
    outlets: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoryMember:
    """One report of a story: ``score`` is the join score (None for the report that
    started it), ``evidence`` the features of that decision (store/stories.py)."""

    article_id: str
    title: str | None
    published: str | None
    source: str | None
    publisher: str | None
    score: float | None
    evidence: dict[str, Any]
    copies: int = 0


@dataclass(frozen=True)
class HappeningRow:
    """One real happening: its reports are events of several articles (store/happenings.py).
    ``when`` is the day the timeline places it on (its date, else its first report's day);
    ``reports`` counts events rows, ``sources`` distinct publishers."""

    id: int
    plover_type: str
    label: str | None
    date: str | None
    when: str | None
    location: str | None
    story_id: int | None
    first_reported: str | None
    reports: int
    sources: int
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class HappeningReport:
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
    score: float | None
    evidence: dict[str, Any]


@dataclass(frozen=True)
class HappeningDetail:
    happening: HappeningRow
    reports: tuple[HappeningReport, ...]


@dataclass(frozen=True)
class StoryDetail:
    """A story with its members by time, the entities they share (name, type, members
    naming it; named by two or more) and its happenings."""

    story: StoryRow
    members: tuple[StoryMember, ...]
    entities: tuple[tuple[str, str, int], ...]
    happenings: tuple[HappeningRow, ...]


@dataclass(frozen=True)
class Stats:
    articles: int
    analysed: int
    entities: int
    failures: int
    files: int
    by_source: tuple[tuple[str, int], ...] = ()
    by_language: tuple[tuple[str, int], ...] = ()
    failures_by_reason: tuple[tuple[str, int], ...] = ()
    first_published: str | None = None
    last_published: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    copies: int = 0  # v7: syndicated copies (articles with duplicate_of)
    stories: int = 0  # v7: stories of two or more original reports
    happenings: int = 0  # v7


class Corpus(Protocol):
    """A store of article records.  One writer at a time; any number of readers."""

    def add_batch(
        self,
        records: Sequence[dict[str, Any]],
        failures: Sequence[Failure] = (),
        files: Sequence[FileMark] = (),
        *,
        held: Mapping[str, set[str]] | None = None,
    ) -> BatchResult:
        """Store a batch atomically: all of it, or (on any error or kill) none of it.
        ``held``: ids that earlier batches stored of a file marked in this one (a file
        read in byte ranges), so the file's mark does not remove them as gone."""
        ...

    def file_done(self, path: str, size: int, mtime_ns: int) -> bool:
        """Whether the file was read, unchanged since, and without failures: a file that
        failed is tried again on the next run (after the user fixed what the message said)."""
        ...

    def get(self, article_id: str) -> dict[str, Any] | None: ...

    def prune(self, under: Sequence[str]) -> int:
        """Remove the articles of files under these paths that no longer exist."""
        ...

    def failures(self, reason: str | None = None) -> list[Failure]:
        """The inputs that could not be read in the latest run that tried them."""
        ...

    def search(
        self,
        query: str | None = None,
        *,
        entity: str | None = None,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 20,
        offset: int = 0,
        sort: str = "relevance",
    ) -> list[SearchHit]:
        """Articles matching the full-text ``query`` (the query language of
        ``store/query.py``) and/or mentioning the identity named ``entity`` (case- and
        diacritics-insensitive; a full name also finds articles that only give its linked
        bare surname).  At least one of the two is required.  ``sort`` is "relevance" or
        "date"; ``offset`` skips that many hits."""
        ...

    def entities(
        self, type: str | None = None, *, top: int = 50, query: str | None = None
    ) -> list[IdentityRow]:
        """Identities by article count, optionally of one ``type`` and whose name
        contains ``query``."""
        ...

    def identity_links(self, *, top: int = 100, name: str | None = None) -> list[LinkRow]:
        """Surname links by the number of articles they were made in (of one bare
        name, or to one full name, when ``name`` is given)."""
        ...

    def quotes(
        self,
        *,
        speaker: str | None = None,
        about: str | None = None,
        kind: str | None = None,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        limit: int = 50,
    ) -> list[QuoteRow]:
        """Quotes, newest article first.  ``speaker`` names an identity (case- and
        diacritics-insensitive, surname links followed both ways, like ``search(entity=)``);
        when no identity has that name it matches inside anonymous speakers'
        descriptions ("official").  ``about`` is a full-text query over the quote text;
        ``since``/``until`` bound the article's publication time as in :meth:`search`."""
        ...

    def events(
        self,
        *,
        entity: str | None = None,
        type: str | None = None,
        cameo: str | None = None,
        place: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
    ) -> list[EventRow]:
        """Events in the order they happened (their own date, else the publication day;
        store/events.py).  ``entity`` is an actor or target and ``place`` the location,
        named as in :meth:`quotes` ``speaker``; ``type`` a PLOVER type; ``cameo`` a code
        prefix ("04" finds 040 … 046); ``since``/``until`` (YYYY, YYYY-MM, YYYY-MM-DD)
        keep the events whose date overlaps that span."""
        ...

    def link_identities(self) -> int:
        """(Re)compute surname links (idempotent, safe any time); returns links made.
        Ingest calls it at the end of every run."""
        ...

    def assign_stories(self) -> int:
        """Decide the story and happenings of every queued original, in the order they
        were stored (idempotent, resumable); returns how many were decided.  Ingest calls
        it after :meth:`link_identities`."""
        ...

    def links(self, article_id: str) -> ArticleLinks | None:
        """The article's original (if it is a copy), copies, story and other reports."""
        ...

    def stories(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        entity: str | None = None,
        min_articles: int = 2,
        limit: int = 50,
        offset: int = 0,
    ) -> list[StoryRow]:
        """Stories, latest first, with at least ``min_articles`` reports; ``entity``
        names an identity one of the members names (as :meth:`search`); ``since``/``until``
        keep the stories whose span of publication overlaps that span."""
        ...

    def story(self, story_id: int) -> StoryDetail | None: ...

    def happenings(
        self,
        *,
        type: str | None = None,
        entity: str | None = None,
        story: int | None = None,
        since: str | None = None,
        until: str | None = None,
        min_sources: int = 1,
        limit: int = 50,
        offset: int = 0,
    ) -> list[HappeningRow]:
        """Happenings in the order they happened (as :meth:`events`); ``type`` a PLOVER
        type, ``entity`` an actor or target named as in :meth:`events`."""
        ...

    def happening(self, happening_id: int) -> HappeningDetail | None: ...

    def stats(self) -> Stats: ...

    def close(self) -> None: ...
