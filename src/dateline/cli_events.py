"""What ``dateline events`` and ``dateline timeline`` check and print (the commands
themselves are in cli.py, like every command): the usage check of their filters, the
rich table and the timeline lines.  Rows come from ``Corpus.events`` (store/events.py),
already in the order the events happened."""

from __future__ import annotations

from collections.abc import Sequence

from rich.markup import escape
from rich.table import Table

from .errors import StoreError
from .store.base import EventRow


def usage_problem(
    *, type_: str | None, cameo: str | None, since: str | None, until: str | None
) -> str | None:
    """The one-line usage message for the first filter that cannot be used, else None."""
    from .store import events

    if type_ is not None and type_.strip() and type_.strip().upper() not in events.PLOVER_TYPES:
        return f"--type must be one of the 16 PLOVER types ({', '.join(events.PLOVER_TYPES)}), not {type_!r}"
    checks = (("--cameo", cameo, events.cameo_range), ("--since", since, events.day_range))
    for option, value, check in (*checks, ("--until", until, events.day_range)):
        if value and value.strip():
            try:
                check(value)
            except StoreError as e:
                return f"{option}: {e}"
    if since and until and since.strip() and until.strip():
        if events.day_range(since)[0] >= events.day_range(until)[1]:
            return f"--since {since} is after --until {until}; swap them"
    return None


def when(r: EventRow) -> str:
    """The event's date as the timeline shows it: its own date from the text, else the
    publication day it is placed on, marked as such."""
    if r.when_from == "text":
        return r.date or ""
    if r.when is not None:
        return f"{r.when} (published)"
    return "undated"


def who(r: EventRow) -> str:
    actors = ", ".join(r.actors) or "?"
    return f"{actors} → {', '.join(r.targets)}" if r.targets else actors


def what(r: EventRow) -> str:
    code = " ".join(x for x in (r.plover_type, r.cameo) if x)
    parts = [code or r.type, f"«{r.trigger}»" if r.trigger else ""]
    if r.modality and r.modality != "asserted":
        parts.append(r.modality)
    return " ".join(p for p in parts if p)


def article(r: EventRow) -> str:
    day = (r.published or "")[:10] or "undated"
    return f"{r.title or '(untitled)'} · {r.source or '?'} · {day}"


def table(rows: Sequence[EventRow], db: str) -> Table:
    t = Table(title=f"events in {db}")
    for name in ("when", "who", "what", "where", "sentence", "article"):
        t.add_column(name)
    for r in rows:
        t.add_row(
            escape(when(r)),
            escape(who(r)),
            escape(what(r)),
            escape(r.location or ""),
            escape(" ".join(r.sentence.split())),
            escape(article(r)),
        )
    return t


def timeline_lines(rows: Sequence[EventRow], entity: str) -> list[str]:
    """Rich markup lines: a heading, then per event its date and who did what, the
    sentence, and the article it comes from."""
    lines = [f"[bold]{escape(entity)}[/bold]: {len(rows)} event{'s' if len(rows) != 1 else ''}"]
    for r in rows:
        where = f" · in {r.location}" if r.location else ""
        said = f" · said by {r.said_by}" if r.said_by else ""
        lines.append(
            f"[bold]{escape(when(r))}[/bold]  {escape(who(r))} · {escape(what(r))}{escape(where + said)}"
        )
        lines.append(f"  {escape(' '.join(r.sentence.split()))}")
        lines.append(f"  [dim]{escape(article(r))} · {r.article_id}[/dim]")
    return lines
