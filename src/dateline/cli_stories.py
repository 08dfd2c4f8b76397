"""``dateline stories``, ``dateline story ID`` and ``dateline happenings``: the story
clusters and the happenings of the corpus (store/stories.py, store/happenings.py) on
the command line.  :func:`register` adds the commands to cli.py's app; the bodies print
through cli.py's consoles and its one JSON Lines helper.

Also here, for the web pages and the API too: :func:`publication_bound` (a
``--since``/``--until`` of publication as the store takes it) and :func:`why` (a
member's join decision as lines: the member it matched, each feature, the score
against the threshold)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from .errors import DatelineError, StoreError
from .store.base import HappeningRow, StoryDetail, StoryMember, StoryRow

_PARTIAL = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_SHOWN = 12  # items of a list value shown in an evidence line
MATCH_KEYS = ("matched", "match", "member", "with")  # evidence keys naming the member matched
THRESHOLD_KEYS = ("threshold", "join_threshold", "needed")
MAX_ID = 2**63 - 1  # the largest id SQLite stores


def publication_bound(value: str | None, *, end: bool) -> str | None:
    """A since/until of publication (YYYY, YYYY-MM, YYYY-MM-DD or an ISO timestamp) as
    :meth:`Corpus.stories` takes it: a year or a month as its first day (``end``: its
    last day).  Raises StoreError for anything else, saying what to give."""
    from .store import events

    if value is None or not value.strip():
        return None
    v = value.strip()
    if _PARTIAL.fullmatch(v):
        first, stop = events.day_range(v)
        return (date.fromisoformat(stop) - timedelta(days=1)).isoformat() if end else first
    try:
        datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        raise StoreError(
            f"{value!r} is not a date; give YYYY, YYYY-MM, YYYY-MM-DD or an ISO timestamp"
        ) from None
    return v


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.3f}"
    if isinstance(v, list | tuple):
        shown = ", ".join(_value(x) for x in v[:_SHOWN])
        return shown + (f" … (+{len(v) - _SHOWN})" if len(v) > _SHOWN else "")
    if isinstance(v, dict) and isinstance(v.get("score"), int | float):  # another option weighed
        parts = [
            f"story {v['story']}" if "story" in v else "",
            f"via {v['matched']}" if "matched" in v else "",
        ]
        t = threshold(v)
        parts.append(f"score {v['score']:.3f}" + (f" vs threshold {t:.3f}" if t is not None else ""))
        return " ".join(p for p in parts if p)
    if isinstance(v, dict):
        return ", ".join(f"{k} {_value(x)}" for k, x in list(v.items())[:_SHOWN])
    return "" if v is None else str(v)


def features(evidence: dict[str, Any]) -> list[tuple[str, str]]:
    """The evidence's features as (name, value) pairs: a nested ``features`` mapping
    flattened, the keys naming the match and the threshold left to :func:`why`."""
    out: list[tuple[str, str]] = []
    for k, v in evidence.items():
        if k in MATCH_KEYS or k in THRESHOLD_KEYS or k in ("score", "story") or v is None:
            continue
        if isinstance(v, dict) and k in ("features", "feature"):
            out.extend((str(name), _value(x)) for name, x in v.items())
        else:
            out.append((str(k), _value(v)))
    return out


def matched(evidence: dict[str, Any]) -> str | None:
    """The article id of the member the decision matched, when the evidence names it."""
    for k in MATCH_KEYS:
        v = evidence.get(k)
        if isinstance(v, str) and v:
            return v
        if isinstance(v, dict) and isinstance(v.get("article_id") or v.get("id"), str):
            return v.get("article_id") or v.get("id")
    return None


def threshold(evidence: dict[str, Any]) -> float | None:
    for k in THRESHOLD_KEYS:
        v = evidence.get(k)
        if isinstance(v, int | float) and not isinstance(v, bool):
            return float(v)
    return None


def verdict(m: StoryMember) -> str:
    """'started the story', or the join score against the threshold."""
    t = threshold(m.evidence)
    if m.score is None:
        best = m.evidence.get("best")
        if isinstance(best, dict) and isinstance(best.get("score"), int | float) and t is not None:
            return f"started the story: the nearest scored {best['score']:.3f} < threshold {t:.3f}"
        return "started the story"
    return f"joined: score {m.score:.3f}" + (f" ≥ threshold {t:.3f}" if t is not None else "")


def why(m: StoryMember, titles: dict[str, str | None]) -> list[str]:
    """A member's decision as plain lines: the verdict, the member matched (with its
    title when it is one of ``titles``), then each feature."""
    lines = [verdict(m)]
    other = matched(m.evidence)
    if other:
        title = titles.get(other)
        lines.append(f"matched {other}" + (f" ({title})" if title else ""))
    lines.extend(f"{name}: {value}" for name, value in features(m.evidence))
    return lines


def outlet(source: str | None, publisher: str | None) -> str:
    """The outlet, and the original publisher it names when that is another."""
    if publisher and publisher != source:
        return f"{source or '?'} (from {publisher})"
    return source or "?"


def span(first: str | None, last: str | None) -> str:
    a, b = (first or "")[:10], (last or "")[:10]
    if not a:
        return "undated"
    return a if a == b or not b else f"{a} – {b}"


# -- printing --------------------------------------------------------------------------


def stories_table(rows: Sequence[StoryRow], db: str) -> Table:
    t = Table(title=f"stories in {db}")
    for name in ("id", "when", "reports", "sources", "story", "outlets", "names"):
        t.add_column(name, justify="right" if name in ("id", "reports", "sources") else "left")
    for r in rows:
        t.add_row(
            str(r.id),
            span(r.first_published, r.last_published),
            str(r.articles),
            str(r.sources),
            escape(r.label or "(untitled)"),
            escape(", ".join(r.outlets)),
            escape(", ".join(r.entities)),
        )
    return t


def story_lines(d: StoryDetail, *, show_why: bool) -> list[str]:
    """Rich markup lines: the story, its shared names, its members by time (with the
    evidence of each decision under ``show_why``), its happenings."""
    s = d.story
    plural = "" if s.articles == 1 else "s"
    lines = [
        f"[bold]story {s.id}[/bold]: {escape(s.label or '(untitled)')}",
        f"  {span(s.first_published, s.last_published)} · {s.articles} report{plural} from "
        f"{s.sources} source{'' if s.sources == 1 else 's'}"
        + (f" · {escape(', '.join(s.outlets))}" if s.outlets else ""),
    ]
    if d.entities:
        names = ", ".join(f"{n} ({t}, {k})" for n, t, k in d.entities)
        lines.append(f"  shared: {escape(names)}")
    titles = {m.article_id: m.title for m in d.members}
    for m in d.members:
        copies = f" · {m.copies} cop{'y' if m.copies == 1 else 'ies'}" if m.copies else ""
        lines.append(
            f"[bold]{(m.published or '')[:16] or 'undated'}[/bold]  {escape(outlet(m.source, m.publisher))}"
            f" · {escape(m.title or '(untitled)')}  [dim]{m.article_id}{copies}[/dim]"
        )
        if show_why:
            lines.extend(f"    {escape(x)}" for x in why(m, titles))
    for h in d.happenings:
        lines.append(f"  happening {h.id}: {escape(happening_text(h))}")
    return lines


def happening_text(h: HappeningRow) -> str:
    label = h.label or " ".join(x for x in (", ".join(h.actors), h.plover_type, ", ".join(h.targets)) if x)
    where = f" in {h.location}" if h.location else ""
    return (
        f"{label}{where} · {h.reports} report{'' if h.reports == 1 else 's'} from "
        f"{h.sources} source{'' if h.sources == 1 else 's'}"
    )


def happenings_table(rows: Sequence[HappeningRow], db: str) -> Table:
    t = Table(title=f"happenings in {db}")
    for name in ("id", "when", "type", "who", "whom", "where", "reports", "sources", "story"):
        t.add_column(name, justify="right" if name in ("id", "reports", "sources", "story") else "left")
    for h in rows:
        t.add_row(
            str(h.id),
            escape(h.date or (f"{h.when} (reported)" if h.when else "undated")),
            h.plover_type,
            escape(", ".join(h.actors)),
            escape(", ".join(h.targets)),
            escape(h.location or ""),
            str(h.reports),
            str(h.sources),
            str(h.story_id) if h.story_id is not None else "",
        )
    return t


# -- the commands ----------------------------------------------------------------------

DbOption = Annotated[str, typer.Option("--db", help="SQLite corpus file.", envvar="DATELINE_DB")]
Json = Annotated[bool, typer.Option("--json", help="JSON Lines output.")]
Published = "Published on or after (YYYY, YYYY-MM, YYYY-MM-DD or ISO)."


def _open(db: str, ask: Any) -> Any:
    """``ask(corpus)`` on the read-only corpus; a store error is exit 1 with its message."""
    from .cli import EXIT_ERROR, _fail
    from .store import open_corpus

    try:
        with open_corpus(db, readonly=True) as corpus:
            return ask(corpus)
    except DatelineError as e:
        raise _fail(str(e), EXIT_ERROR) from None


def _bounds(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    from .cli import EXIT_USAGE, _fail

    try:
        return publication_bound(since, end=False), publication_bound(until, end=True)
    except StoreError as e:
        raise _fail(f"--since/--until: {e}", EXIT_USAGE) from None


def stories(
    db: DbOption = "dateline.db",
    since: Annotated[
        str | None, typer.Option(help="Stories running on or after this day: " + Published)
    ] = None,
    until: Annotated[str | None, typer.Option(help="Stories running on or before this day.")] = None,
    entity: Annotated[
        str | None, typer.Option(help="Only stories a member of which names this entity.")
    ] = None,
    min_articles: Annotated[
        int, typer.Option("--min-articles", min=1, max=100000, help="Stories of at least this many reports.")
    ] = 2,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many stories (paging).")] = 0,
    as_json: Json = False,
) -> None:
    """Stories, latest first: the original reports of one happening across outlets
    (syndicated copies are not counted), with their outlets and the names they share."""
    from .cli import _jsonl, err, out

    lo, hi = _bounds(since, until)
    entity = entity.strip() if entity and entity.strip() else None
    rows = _open(
        db,
        lambda c: c.stories(
            since=lo, until=hi, entity=entity, min_articles=min_articles, limit=limit, offset=offset
        ),
    )
    if as_json:
        _jsonl(asdict(r) for r in rows)
        return
    if not rows:
        err.print("no stories" + (f" naming {entity!r}" if entity else "") + " (try --min-articles 1)")
        return
    out.print(stories_table(rows, db))


def story(
    story_id: Annotated[
        int, typer.Argument(metavar="ID", min=1, max=MAX_ID, help="A story id from `dateline stories`.")
    ],
    db: DbOption = "dateline.db",
    show_why: Annotated[
        bool,
        typer.Option("--why", help="Each member's evidence: the member it matched, each feature, score."),
    ] = False,
    as_json: Json = False,
) -> None:
    """One story: its members by time with outlet and title, the names they share and
    its happenings (--why: why each member joined)."""
    from .cli import EXIT_ERROR, _fail, _jsonl, out

    detail = _open(db, lambda c: c.story(story_id))
    if detail is None:
        raise _fail(f"no story {story_id} in {db}; `dateline stories --db {db}` lists them", EXIT_ERROR)
    if as_json:
        _jsonl([asdict(detail)])
        return
    for line in story_lines(detail, show_why=show_why):
        out.print(line)


def happenings(
    db: DbOption = "dateline.db",
    type_: Annotated[
        str | None, typer.Option("--type", help="Only this PLOVER type (CONSULT, PROTEST, ASSAULT …).")
    ] = None,
    entity: Annotated[
        str | None, typer.Option(help="An actor or target (a full name also finds its linked surname).")
    ] = None,
    story_id: Annotated[
        int | None, typer.Option("--story", min=1, max=MAX_ID, help="Only this story's happenings.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Happened on or after (YYYY, YYYY-MM or YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Happened on or before (YYYY, YYYY-MM or YYYY-MM-DD).")
    ] = None,
    min_sources: Annotated[
        int, typer.Option("--min-sources", min=1, max=100000, help="Reported by at least this many sources.")
    ] = 1,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many happenings (paging).")] = 0,
    as_json: Json = False,
) -> None:
    """Happenings in the order they happened: one record per real happening, with how
    many reports from how many sources (counted by original publisher)."""
    from .cli import EXIT_USAGE, _fail, _jsonl, err, out
    from .cli_events import usage_problem

    problem = usage_problem(type_=type_, cameo=None, since=since, until=until)
    if problem:
        raise _fail(problem, EXIT_USAGE)
    filters = {
        "type": type_.strip() if type_ and type_.strip() else None,
        "entity": entity.strip() if entity and entity.strip() else None,
        "story": story_id,
        "since": since.strip() if since and since.strip() else None,
        "until": until.strip() if until and until.strip() else None,
    }
    rows = _open(db, lambda c: c.happenings(**filters, min_sources=min_sources, limit=limit, offset=offset))
    if as_json:
        _jsonl(asdict(r) for r in rows)
        return
    if not rows:
        err.print("no happenings match")
        return
    out.print(happenings_table(rows, db))


def register(app: typer.Typer) -> None:
    """Add ``stories``, ``story`` and ``happenings`` to the ``dateline`` command."""
    app.command("stories")(stories)
    app.command("story")(story)
    app.command("happenings")(happenings)
