"""Frozen dataclasses passed between the stages, and the JSON record they make.

    read/  bytes ──► Article            (metadata + clean body, no analysis)
    nlp/   Article ──► Analysis         (entities, quotes, timexes, events, topics, summary)
    store/ (Article, Analysis) ──► row  ──► the same JSON record back

Every extracted item carries ``span = (start, end)``: character offsets into
``Article.body`` with ``body[start:end] == item.text``.  The JSON record
(``dateline.article/1``) is a contract other tools read: fields are only ever added.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

SCHEMA = "dateline.article/1"

Span = tuple[int, int]


def iso_utc(dt: datetime | None) -> str | None:
    """``2019-05-13T06:22:58Z``: the instant in UTC; None stays None."""
    return None if dt is None else dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_local(dt: datetime | None) -> str | None:
    """``2019-05-13T14:22:58+08:00``: the time as printed, with its numeric offset."""
    return None if dt is None else dt.isoformat(timespec="seconds")


def content_id(title: str | None, body: str) -> str:
    """Stable id of an article: a hash of its normalized title and body.

    Whitespace is folded first, so the same article scraped with CRLF or NBSPs, or
    re-wrapped, gets the same id — this is what makes ingest idempotent."""
    norm = " ".join((title or "").split()) + "\n" + " ".join(body.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class Wire:
    """A wire dateline opening the body: ``SOCHI, Russia (AP) —``."""

    place: str
    agency: str | None
    span: Span

    def to_json(self) -> dict[str, Any]:
        return {"place": self.place, "agency": self.agency, "span": list(self.span)}


@dataclass(frozen=True)
class Article:
    """One article as read from its file: metadata and the clean body, not yet analysed."""

    title: str | None
    body: str
    published: datetime | None = None  # aware, UTC
    published_local: datetime | None = None  # aware, with the offset the source printed
    published_evidence: str | None = None
    updated: datetime | None = None  # a separate "Updated:" stamp, UTC
    source: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    language: str | None = None
    wire: Wire | None = None
    notes: tuple[str, ...] = ()  # reader remarks, e.g. "stamps disagree: …"
    origin: str | None = None  # path (and line or index) the article came from
    format: str | None = None  # text | html | jsonl
    section: str | None = None  # the outlet's section / desk, as printed ("World", "Business")
    length: int | None = None  # the length the source states, in words ("Length: 966 words")
    credit: str | None = None  # an agency or desk credit that is not a person ("Reuters", "AP")
    # Why the reader could not give a body although it made a record (a page with a date
    # but no article text): the record is stored with ``analysed: false`` and this reason.
    skip_reason: str | None = None
    # The standfirst (dek, summary) printed between the headline and the byline/stamp block;
    # it is not the body's first paragraph.
    standfirst: str | None = None

    @property
    def id(self) -> str:
        if self.body.strip():
            return content_id(self.title, self.body)
        # A record without text (a headline and its metadata): the same wire headline from
        # two outlets, or on two days, is two records, not one.
        stamp = iso_utc(self.published) or ""
        return content_id(self.title, f"\x00no text\x00{self.source or ''}\x00{stamp}")


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str  # OntoNotes label: PERSON, ORG, GPE, LOC, NORP, FAC, EVENT …
    mentions: tuple[Span, ...]
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    geo: dict[str, Any] | None = None
    # A capital or seat of power used as an actor stands for its state:
    # {"entity": id of the country entity or None, "name": "Russia", "country": "RU"}.
    refers_to: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "mentions": [list(m) for m in self.mentions],
            "geo": self.geo,
            "refers_to": self.refers_to,
        }


@dataclass(frozen=True)
class Cue:
    text: str
    span: Span

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "span": list(self.span)}


@dataclass(frozen=True)
class Quote:
    id: str
    text: str
    kind: str  # direct | partial | indirect
    span: Span
    speaker: str | None = None  # entity id
    speaker_text: str | None = None
    cue: Cue | None = None
    speaker_span: Span | None = None  # where the cue names the speaker ("he" in "he said")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker,
            "speaker_text": self.speaker_text,
            "cue": self.cue.to_json() if self.cue else None,
            "span": list(self.span),
            "speaker_span": list(self.speaker_span) if self.speaker_span else None,
        }


@dataclass(frozen=True)
class Timex:
    id: str
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value
    span: Span
    mod: str | None = None  # TIMEX3 mod: LESS_THAN, MORE_THAN, APPROX, START, END, MID …
    interval: tuple[str, str] | None = None  # a duration anchored by the text: [start, end]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "type": self.type,
            "value": self.value,
            "span": list(self.span),
            "mod": self.mod,
            "interval": list(self.interval) if self.interval else None,
        }


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    trigger: Cue
    span: Span
    cameo: str | None = None
    actors: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    location: str | None = None
    date: str | None = None
    modality: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "cameo": self.cameo,
            "trigger": self.trigger.to_json(),
            "actors": list(self.actors),
            "targets": list(self.targets),
            "location": self.location,
            "date": self.date,
            "modality": self.modality,
            "span": list(self.span),
        }


@dataclass(frozen=True)
class Analysis:
    """What nlp/ finds in one article.  ``analysed`` is False for articles that were
    stored with their metadata only (non-English, or no body)."""

    analysed: bool = True
    skipped_reason: str | None = None
    model: str | None = None
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    timexes: tuple[Timex, ...] = ()
    events: tuple[Event, ...] = ()
    topics: tuple[str, ...] = ()
    summary: str | None = None


@dataclass(frozen=True)
class Record:
    """An article with its analysis: what ``dateline analyze`` prints and the store keeps."""

    article: Article
    analysis: Analysis = field(default_factory=Analysis)

    def to_json(self) -> dict[str, Any]:
        a, n = self.article, self.analysis
        return {
            "schema": SCHEMA,
            "id": a.id,
            "title": a.title,
            "published": iso_utc(a.published),
            "published_local": iso_local(a.published_local),
            "published_evidence": a.published_evidence,
            "source": a.source,
            "authors": list(a.authors),
            "url": a.url,
            "language": a.language,
            "body": a.body,
            "entities": [e.to_json() for e in n.entities],
            "quotes": [q.to_json() for q in n.quotes],
            "timexes": [t.to_json() for t in n.timexes],
            "events": [e.to_json() for e in n.events],
            "topics": list(n.topics),
            "summary": n.summary,
            # Added fields (the contract grows only by adding):
            "updated": iso_utc(a.updated),
            "wire": a.wire.to_json() if a.wire else None,
            "analysed": n.analysed,
            "skipped_reason": n.skipped_reason,
            "model": n.model,
            "notes": list(a.notes),
            "origin": a.origin,
            "format": a.format,
            "section": a.section,
            "length": a.length,
            "credit": a.credit,
            "standfirst": a.standfirst,
        }
