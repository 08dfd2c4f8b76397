"""The article page: the body marked up on the server from the record's offsets.

Article text is untrusted.  Every piece of it goes through ``markupsafe.escape``; the
only markup is the tags built here, whose attribute values are escaped too.  Two layers
nest: quotations outside, entities and temporal expressions inside.  Overlaps are
resolved before rendering: among quotations the earlier (then longer) wins; among inner
spans the earlier, then longer, then an entity over a timex; an inner span that
crosses a quotation's edge is dropped (counted in ``dropped``).  An event's sentence
gets a zero-width anchor ``#s-<event id>`` at its start.  Beside the text: the original
it is a syndicated copy of, its copies, and the other reports of its story
(``Corpus.links``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from ..errors import DatelineError
from ..store.base import ArticleLinks
from . import browse
from .pages_common import not_found, render

router = APIRouter()


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # entity | timex | quote
    order: int  # entity 0 before timex 1 at equal extent
    item: dict[str, Any]


def _valid(span: Any, n: int) -> tuple[int, int] | None:
    if (
        isinstance(span, list | tuple)
        and len(span) == 2
        and all(isinstance(x, int) and not isinstance(x, bool) for x in span)
        and 0 <= span[0] < span[1] <= n
    ):
        return span[0], span[1]
    return None


def _non_overlapping(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    end = -1
    for s in sorted(spans, key=lambda s: (s.start, -(s.end - s.start), s.order)):
        if s.start >= end:
            kept.append(s)
            end = s.end
    return kept


@dataclass(frozen=True)
class Marked:
    html: Markup
    dropped: int


def mark_body(rec: dict[str, Any], idents: dict[str, int]) -> Marked:
    body: str = rec.get("body") or ""
    n = len(body)
    ents = {e.get("id"): e for e in rec.get("entities") or [] if isinstance(e, dict)}
    inner: list[Span] = []
    for e in ents.values():
        for m in e.get("mentions") or []:
            if sp := _valid(m, n):
                inner.append(Span(*sp, "entity", 0, e))
    for t in rec.get("timexes") or []:
        if isinstance(t, dict) and (sp := _valid(t.get("span"), n)):
            inner.append(Span(*sp, "timex", 1, t))
    quotes = _non_overlapping(
        [
            Span(*sp, "quote", 0, q)
            for q in rec.get("quotes") or []
            if isinstance(q, dict) and (sp := _valid(q.get("span"), n))
        ]
    )
    inner = _non_overlapping(inner)
    crossing = [s for s in inner if any(s.start < q.start < s.end or s.start < q.end < s.end for q in quotes)]
    inner = [s for s in inner if s not in crossing]
    anchors: dict[int, list[str]] = {}
    for ev in rec.get("events") or []:
        if isinstance(ev, dict) and (sp := _valid(ev.get("span"), n)):
            anchors.setdefault(sp[0], []).append(str(ev.get("id")))

    opens: dict[int, list[Markup]] = {}
    closes: dict[int, list[Markup]] = {}
    for q in quotes:
        opens.setdefault(q.start, []).append(_open_quote(q.item, ents, idents))
        closes.setdefault(q.end, []).insert(0, _close_quote(q.item, ents, idents))
    for s in inner:
        if s.kind == "entity":
            opens.setdefault(s.start, []).append(_open_entity(s.item, idents))
            closes.setdefault(s.end, []).insert(
                0, Markup("</a>") if s.item.get("id") in idents else Markup("</span>")
            )
        else:
            opens.setdefault(s.start, []).append(_open_timex(s.item))
            closes.setdefault(s.end, []).insert(0, Markup("</span>"))
    points = sorted({0, n, *opens, *closes, *anchors})
    out: list[str] = []
    for i, p in enumerate(points):
        out.extend(closes.get(p, ()))  # inner closes were inserted last, so they come first
        for vid in anchors.get(p, ()):
            out.append(Markup('<span class="sent" id="s-{}"></span>').format(vid))
        out.extend(opens.get(p, ()))
        if i + 1 < len(points):
            out.append(escape(body[p : points[i + 1]]))
    return Marked(Markup("").join(out), len(crossing))


def _type_class(t: Any) -> str:
    t = str(t or "OTHER")
    return "t-" + "".join(ch for ch in t if ch.isalnum()).upper()[:12]


def _open_entity(e: dict[str, Any], idents: dict[str, int]) -> Markup:
    title = f"{e.get('name', '')} · {e.get('type', '')}"
    ident = idents.get(e.get("id"))
    if ident is not None:
        return Markup('<a class="entity {}" href="/entity/{}" title="{}">').format(
            _type_class(e.get("type")), int(ident), title
        )
    return Markup('<span class="entity {}" title="{}">').format(_type_class(e.get("type")), title)


def _open_timex(t: dict[str, Any]) -> Markup:
    value = t.get("value")
    title = f"{value}" if value is not None else "no value"
    return Markup('<span class="timex" title="{}" data-value="{}">').format(title, value or "")


def speaker_of(q: dict[str, Any], ents: dict[Any, dict[str, Any]]) -> str:
    ent = ents.get(q.get("speaker"))
    if ent:
        return str(ent.get("name") or "")
    return str(q.get("speaker_text") or "unattributed")


def _open_quote(q: dict[str, Any], ents: dict[Any, dict[str, Any]], idents: dict[str, int]) -> Markup:
    return Markup('<q class="quote k-{}" id="{}" title="{}">').format(
        "".join(ch for ch in str(q.get("kind", "")) if ch.isalpha())[:10],
        f"quote-{q.get('id')}",
        f"{q.get('kind', '')} quote · {speaker_of(q, ents)}",
    )


def _close_quote(q: dict[str, Any], ents: dict[Any, dict[str, Any]], idents: dict[str, int]) -> Markup:
    name = speaker_of(q, ents)
    ident = idents.get(q.get("speaker")) if q.get("speaker") else None
    if ident is not None:
        label = Markup('<a href="/entity/{}">{}</a>').format(int(ident), name)
    else:
        label = escape(name)
    return Markup('</q><sup class="speaker">{}</sup>').format(label)


def event_rows(rec: dict[str, Any], idents: dict[str, int]) -> list[dict[str, Any]]:
    """Who / did what / to whom / where / when of each event of the record."""
    ents = {e.get("id"): e for e in rec.get("entities") or [] if isinstance(e, dict)}
    timexes = {t.get("id"): t for t in rec.get("timexes") or [] if isinstance(t, dict)}

    def who(spans: Any) -> list[dict[str, Any]]:
        out = []
        for s in spans or []:
            if isinstance(s, dict):
                ent = ents.get(s.get("entity"))
                out.append(
                    {
                        "text": (ent or {}).get("name") or s.get("text") or "",
                        "identity": idents.get(s.get("entity")),
                        "sector": s.get("sector"),
                    }
                )
        return out

    rows = []
    for ev in rec.get("events") or []:
        if not isinstance(ev, dict):
            continue
        plover = ev.get("plover") if isinstance(ev.get("plover"), dict) else {}
        trig = ev.get("trigger") if isinstance(ev.get("trigger"), dict) else {}
        loc = ents.get(ev.get("location"))
        tx = timexes.get(ev.get("date_timex"))
        rows.append(
            {
                "id": str(ev.get("id")),
                "actors": who(ev.get("actor_spans")),
                "targets": who(ev.get("target_spans")),
                "trigger": trig.get("text") or ev.get("type"),
                "type": ev.get("type"),
                "plover": plover.get("type"),
                "cameo": ev.get("cameo"),
                "modality": ev.get("modality"),
                "where": (loc or {}).get("name") or ev.get("location_text"),
                "where_identity": idents.get(ev.get("location")),
                "when": ev.get("date"),
                "when_text": (tx or {}).get("text"),
                "date_source": ev.get("date_source"),
                "has_anchor": _valid(ev.get("span"), len(rec.get("body") or "")) is not None,
            }
        )
    return rows


def links_of(corpus: Any, article_id: str) -> ArticleLinks | None:
    """The article's original, copies and story's other reports (None before schema 7)."""
    try:
        return corpus.links(article_id)
    except DatelineError:
        return None


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    view = browse.article(request.app.state.corpus.db, article_id)
    if view is None:
        return not_found(request, f"no article {article_id}")
    rec = view.record
    marked = mark_body(rec, view.identities)
    ents = sorted(
        (e for e in rec.get("entities") or [] if isinstance(e, dict)),
        key=lambda e: (-len(e.get("mentions") or []), str(e.get("name"))),
    )
    ent_by_id = {e.get("id"): e for e in ents}
    quotes = [
        {
            **q,
            "speaker_name": speaker_of(q, ent_by_id),
            "speaker_identity": view.identities.get(q.get("speaker")),
        }
        for q in rec.get("quotes") or []
        if isinstance(q, dict)
    ]
    return render(
        request,
        "article.html",
        rec=rec,
        body=marked.html,
        dropped=marked.dropped,
        entities=ents,
        identities=view.identities,
        quotes=quotes,
        timexes=[t for t in rec.get("timexes") or [] if isinstance(t, dict)],
        events=event_rows(rec, view.identities),
        raw=json.dumps(rec, ensure_ascii=False, indent=2),
        links=links_of(request.app.state.corpus, article_id),
        title=rec.get("title") or article_id,
    )
