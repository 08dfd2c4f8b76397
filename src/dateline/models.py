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
    # Evidence for the type, summed over the mentions (nlp/entity_types.py): heaviest
    # first, e.g. (("ORG", 4.5), ("PERSON", 3.0)); a corpus can add these up.
    type_votes: tuple[tuple[str, float], ...] = ()
    gender: str | None = None  # "male" / "female" for a PERSON when an honorific or first name says

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
            "type_votes": {t: round(w, 2) for t, w in self.type_votes},
            "gender": self.gender,
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
class Argument:
    """Who acts or is acted on: the whole noun phrase, its entity (if any) and its sector.

    ``text`` is the phrase as printed (``U.S. military chief General Colin Powell``,
    ``police``); ``entity`` the entity id it names (a capital resolved through
    ``refers_to``), or None for a generic actor; ``sector`` its CAMEO-style agent sector
    (``government``, ``military``, ``police``, ``protesters`` …) or None."""

    text: str
    span: Span
    entity: str | None = None
    sector: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "span": list(self.span), "entity": self.entity, "sector": self.sector}


@dataclass(frozen=True)
class Plover:
    """The PLOVER coding of an event: one of the 16 types, its mode, its contexts."""

    type: str  # AGREE, CONSULT, SUPPORT, … ASSAULT
    mode: str | None = None  # e.g. "visit", "third-party", "phone"
    context: tuple[str, ...] = ()  # e.g. ("diplomatic",)

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "mode": self.mode, "context": list(self.context)}


@dataclass(frozen=True)
class Event:
    """Who did what to whom, where and when, in one sentence (``span``).

    ``date`` is the value of the time expression attached to the event's clause or noun
    phrase (``date_timex`` its id, ``date_source`` "text"); when the text gives none it is
    None and ``date_source`` is "publication" (``publication_date`` then offers the
    article's day, as a separate field) or "none"."""

    id: str
    type: str  # coarse: meeting, visit, communication, agreement, demand, criticism, attack …
    trigger: Cue
    span: Span
    cameo: str | None = None
    actors: tuple[str, ...] = ()  # entity ids
    targets: tuple[str, ...] = ()  # entity ids
    location: str | None = None  # entity id of the place the event happens
    date: str | None = None
    modality: str | None = None  # asserted | planned | negated | reported | hypothetical
    plover: Plover | None = None
    goldstein: float | None = None
    actor_spans: tuple[Argument, ...] = ()
    target_spans: tuple[Argument, ...] = ()
    date_timex: str | None = None
    date_source: str = "none"  # text | publication | none
    publication_date: str | None = None  # the article's day: a fallback offered, never `date`
    historical: bool = False  # dated years before publication
    said_by: str | None = None  # entity id of the speaker when the event is reported speech
    quote: str | None = None  # id of the quote the event sits in
    location_text: str | None = None

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
            # Added fields:
            "plover": self.plover.to_json() if self.plover else None,
            "goldstein": self.goldstein,
            "actor_spans": [a.to_json() for a in self.actor_spans],
            "target_spans": [a.to_json() for a in self.target_spans],
            "location_text": self.location_text,
            "date_timex": self.date_timex,
            "date_source": self.date_source,
            "publication_date": self.publication_date,
            "historical": self.historical,
            "said_by": self.said_by,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class Topic:
    """A theme label (``data/topics.json``) with its score and the evidence for it."""

    label: str
    score: float
    terms: tuple[str, ...] = ()  # the taxonomy terms found in the text
    event_types: tuple[str, ...] = ()  # PLOVER types / CAMEO codes of events that vote for it

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "score": self.score,
            "evidence": {"terms": list(self.terms), "events": list(self.event_types)},
        }


@dataclass(frozen=True)
class Keyphrase:
    """A ranked multi-word phrase, with where it occurs in the body."""

    text: str
    score: float
    spans: tuple[Span, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "score": self.score, "spans": [list(s) for s in self.spans]}


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
    topics: tuple[str, ...] = ()  # the labels of ``topic_scores``, best first
    summary: str | None = None
    topic_scores: tuple[Topic, ...] = ()
    keyphrases: tuple[Keyphrase, ...] = ()
    summary_spans: tuple[Span, ...] = ()  # the body spans of the summary's sentences


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
            "topic_scores": [t.to_json() for t in n.topic_scores],
            "keyphrases": [k.to_json() for k in n.keyphrases],
            "summary_spans": [list(sp) for sp in n.summary_spans],
        }
