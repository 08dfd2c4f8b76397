"""The ``dateline`` command: thin wrappers over read/, nlp/, store/ and ingest.

Exit codes: 0 ok · 1 store or model error · 2 usage · 3 input errors.
Results go to stdout; messages, progress and summaries to stderr.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from .errors import DatelineError, InputError, UsageError
from .settings import Settings

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3

app = typer.Typer(
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    help="Turn raw news articles into structured, time-anchored records.",
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

DbOption = Annotated[str, typer.Option("--db", help="Corpus: an SQLite file (default) or a postgresql:// URL.", envvar="DATELINE_DB")]


@app.callback(invoke_without_command=True)
def _options(
    ctx: typer.Context,
    verbose: Annotated[
        int,
        typer.Option("--verbose", "-v", count=True, help="Show library logs and warnings (-vv: debug)."),
    ] = 0,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    """Turn raw news articles into structured, time-anchored records."""
    from .logs import configure

    configure(verbose)
    if version:
        from . import __version__

        out.print(f"dateline {__version__}")
        raise typer.Exit(EXIT_OK)
    if ctx.invoked_subcommand is None:
        out.print(ctx.get_help())
        raise typer.Exit(EXIT_OK)


def _fail(message: str, code: int) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(code)


@app.command()
def analyze(
    files: Annotated[
        list[str],
        typer.Argument(help="Article files (.txt .rtf .docx .html .json .jsonl, .gz); - for stdin."),
    ],
    pretty: Annotated[bool, typer.Option("--pretty", help="Indented JSON.")] = False,
) -> None:
    """Print the JSON record of each article (several articles: JSON Lines)."""
    from .nlp.pipeline import analyze_batch, load_nlp, model_name
    from .read import read_path

    settings = Settings.from_env()
    errors = 0
    articles = []
    for f in files:
        for item in read_path(f, max_bytes=settings.max_bytes):
            if isinstance(item, InputError):
                err.print(f"[red]error:[/red] {escape(str(item))}")
                errors += 1
            else:
                articles.append(item)
    if articles:
        try:
            nlp = load_nlp(model_name())
        except DatelineError as e:
            raise _fail(str(e), EXIT_ERROR) from None
        for rec in analyze_batch(articles, nlp=nlp, max_chars=settings.max_chars):
            text = json.dumps(rec.to_json(), ensure_ascii=False, indent=2 if pretty else None)
            sys.stdout.write(text + "\n")
    if errors:
        raise typer.Exit(EXIT_INPUT)


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:6.1f} files/s" if speed else "   --- files/s", style="progress.data.speed")


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (walked) or glob patterns.")],
    db: DbOption = "dateline.db",
    workers: Annotated[
        int,
        typer.Option(
            min=0,
            max=1024,
            help="Worker processes (of the local Dask cluster with --engine dask); 0 = one per core.",
        ),
    ] = 0,
    engine: Annotated[
        str, typer.Option("--engine", help="pool: local worker processes; dask: Dask distributed.")
    ] = "pool",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="With --engine dask: the address of a running Dask scheduler (tcp://host:8786); without, a local cluster.",
        ),
    ] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Files per transaction.")] = 32,
    strict: Annotated[bool, typer.Option(help="Exit 3 when any input failed.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    prune: Annotated[
        bool, typer.Option(help="Also remove the articles of files under PATHS that no longer exist.")
    ] = False,
) -> None:
    """Read, analyse and store a corpus. Incremental, resumable, de-duplicated."""
    from .ingest import ingest as run
    from .read import unmatched
    from .store import open_corpus

    settings = Settings.from_env()
    if engine not in ("pool", "dask"):
        raise _fail(f"--engine {engine}: unknown engine; use pool or dask", EXIT_USAGE)
    if scheduler and engine != "dask":
        raise _fail("--scheduler needs --engine dask; add it, or leave out --scheduler", EXIT_USAGE)
    missing = unmatched(paths)
    if missing:  # checked before the corpus is opened: a typo creates no database
        raise _fail(f"{missing[0]} matches no file or folder; check the path", EXIT_USAGE)
    progress = Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=err,
        disable=quiet,
        transient=False,
    )
    try:
        with open_corpus(db) as corpus, progress:
            task = progress.add_task("ingest", total=None)
            report = run(
                corpus,
                paths,
                workers=workers or settings.workers,
                batch_size=batch_size,
                max_bytes=settings.max_bytes,
                max_chars=settings.max_chars,
                prune=prune,
                engine=engine,
                scheduler=scheduler,
                on_total=lambda n: progress.update(task, total=n),
                on_progress=lambda n: progress.advance(task, n),
            )
    except DatelineError as e:
        raise _fail(str(e), EXIT_ERROR) from None
    for f in report.failures[:20]:
        err.print(f"[yellow]skipped[/yellow] {escape(f'[{f.reason}]')} {escape(f.message)}")
    if len(report.failures) > 20:
        err.print(f"… and {len(report.failures) - 20} more (see `dateline stats --db {db}`)")
    err.print(f"{report.files_seen} files: {report.line()}")
    if strict and report.failures:
        raise typer.Exit(EXIT_INPUT)


_SEARCH_HELP = """Full-text search (ranked by bm25, or --sort date) with highlighted snippets;
--entity alone lists the articles mentioning an entity, most mentions first.

Query language (the same on the search page and in /api/search): words (all must
match); "a phrase"; OR between alternatives; NOT word or -word to leave out; (groups);
minist* for a prefix; Chinese, Japanese and Korean words are found inside a run of
characters.  AND, OR, NOT only in capitals.  A query may start with -:
`dateline search -sport election`, `dateline search "-sport election"` and
`dateline search -- -sport election` all work (a word after - that is one of this
command's options, such as --db, is still that option; use -- before the query to
be sure).  A query that cannot be understood exits 2 with a message saying how to
fix it."""


@app.command(
    help=_SEARCH_HELP,
    context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]},
)
def search(
    ctx: typer.Context,
    query: Annotated[
        list[str] | None,
        typer.Argument(help='The query: words, "phrases", OR, NOT, -word, (groups), prefix*.'),
    ] = None,
    db: DbOption = "dateline.db",
    entity: Annotated[
        str | None,
        typer.Option(
            help="Only articles mentioning this entity (a full name also finds its linked surname)."
        ),
    ] = None,
    source: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD or ISO).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY-MM-DD or ISO).")] = None,
    sort: Annotated[str, typer.Option(help="relevance (bm25) or date (newest first).")] = "relevance",
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 20,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many hits (paging).")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines output.")] = False,
) -> None:
    from .store import open_corpus
    from .store.query import QueryError

    if query == ["-h"]:  # -h is not this command's help (it would swallow -hospital): say so
        out.print(ctx.get_help())
        raise typer.Exit(EXIT_OK)
    text = " ".join(query or ()).strip() or None
    entity = entity if entity and entity.strip() else None
    if text is None and entity is None:
        raise _fail("give words to search for, --entity NAME, or both", EXIT_USAGE)
    try:
        with open_corpus(db, readonly=True) as corpus:
            hits = corpus.search(
                text,
                entity=entity,
                source=source,
                since=since,
                until=until,
                limit=limit,
                offset=offset,
                sort=sort,
            )
    except (QueryError, UsageError) as e:
        raise _fail(str(e), EXIT_USAGE) from None
    except DatelineError as e:
        raise _fail(str(e), EXIT_ERROR) from None
    if as_json:
        _jsonl(h.__dict__ for h in hits)
        return
    if not hits:
        err.print("no matches")
        return
    for h in hits:
        when = (h.published or "")[:10] or "undated"
        out.print(
            f"[bold]{escape(h.title or '(untitled)')}[/bold]  [dim]{when} · {escape(h.source or '?')} · {h.id}[/dim]"
        )
        snippet = escape(" ".join(h.snippet.split())).replace("«", "[reverse]").replace("»", "[/reverse]")
        out.print(f"  {snippet}")


def _jsonl(items: Any) -> None:
    """JSON Lines on stdout, one object a line."""
    for item in items:
        sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")


entities_app = typer.Typer(
    help="Identities across the corpus, by number of articles; and corrections that last.",
    rich_markup_mode="rich",
)
app.add_typer(entities_app, name="entities")


@entities_app.callback(invoke_without_command=True)
def entities(
    ctx: typer.Context,
    db: DbOption = "dateline.db",
    type_: Annotated[
        str | None, typer.Option("--type", help="Only this type (PERSON, ORG, GPE, LOC, NORP …).")
    ] = None,
    top: Annotated[int, typer.Option(min=1, max=100000, help="How many identities.")] = 25,
    query: Annotated[str | None, typer.Option("--query", help="Only names containing this.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines output.")] = False,
) -> None:
    """Identities across the corpus, by number of articles (a bare surname's articles
    count toward the full name its article links it to).  Types are voted by the whole
    corpus.  Fix what no rule can with [bold]merge[/], [bold]split[/] and [bold]retype[/]."""
    if ctx.invoked_subcommand is not None:
        return
    from .store import open_corpus

    try:
        with open_corpus(db, readonly=True) as corpus:
            rows = corpus.entities(type_, top=top, query=query)
    except DatelineError as e:
        raise _fail(str(e), EXIT_ERROR) from None
    if as_json:
        _jsonl(r.__dict__ for r in rows)
        return
    if not rows:
        err.print("no entities")
        return
    t = Table(title=f"entities in {db}")
    t.add_column("name")
    t.add_column("type")
    t.add_column("articles", justify="right")
    t.add_column("linked to")
    for r in rows:
        link = f"{r.linked_to} ({r.confidence:.2f})" if r.linked_to and r.confidence is not None else ""
        t.add_row(escape(r.name), r.type, str(r.articles), escape(link))
    out.print(t)


def _fix(db: str, kind: str, name: str, other: str | None) -> None:
    from .store import open_corpus

    try:
        with open_corpus(db) as corpus:
            done = corpus.fix_identity(kind, name, other)
    except DatelineError as e:
        raise _fail(str(e), EXIT_USAGE if isinstance(e, UsageError) else EXIT_ERROR) from None
    err.print(f"{escape(done)}; kept in {escape(db)} for every later ingest")


@entities_app.command("merge")
def entities_merge(
    name: Annotated[str, typer.Argument(help='The identity to fold away ("Lib Dem").')],
    into: Annotated[str, typer.Argument(help='The identity it is part of ("Liberal Democrats").')],
    db: DbOption = "dateline.db",
) -> None:
    """Make NAME part of INTO, now and for every later ingest."""
    _fix(db, "merge", name, into)


@entities_app.command("split")
def entities_split(
    name: Annotated[str, typer.Argument(help='The exact name to keep apart ("George H. W. Bush", "Bush").')],
    db: DbOption = "dateline.db",
) -> None:
    """Keep entities named exactly NAME an identity of their own: not folded with other
    forms of a person's name, never linked as a surname."""
    _fix(db, "split", name, None)


@entities_app.command("retype")
def entities_retype(
    name: Annotated[str, typer.Argument(help='The identity ("Manchester United").')],
    type_: Annotated[str, typer.Argument(metavar="TYPE", help="PERSON, ORG, GPE, LOC, NORP, WORK_OF_ART …")],
    db: DbOption = "dateline.db",
) -> None:
    """Give NAME this type whatever the corpus vote says."""
    _fix(db, "retype", name, type_)


def _print_why(decisions: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        _jsonl(decisions)
        return
    if not decisions:
        err.print("no link decisions for that name")
        return
    for d in decisions:
        ev = d["evidence"]
        verdict = f"→ {d['linked_to']} ({d['confidence']:.2f})" if d["linked_to"] else "unlinked"
        out.print(
            f"[bold]{escape(d['bare'])}[/] {escape(verdict)}  {escape(d['article'])} {escape(d['title'] or '')}"
        )
        out.print(f"  {escape(ev.get('rule', ''))}; none of them {ev.get('none', 0):.2f}")
        for c in ev.get("candidates", [])[:3]:
            shared = ", ".join(c.get("shared", [])[:4])
            out.print(
                f"  {escape(c['name'])}: p {c['p']:.2f}, prior {c['prior']:.2f}, context {c['context']:.2f}"
                f"{', named here' if c.get('here') else ''}{escape(' — with ' + shared) if shared else ''}"
            )


@entities_app.command("links")
def entities_links(
    name: Annotated[str | None, typer.Argument(help="Only links of this bare or full name.")] = None,
    db: DbOption = "dateline.db",
    top: Annotated[int, typer.Option(min=1, max=100000, help="How many links.")] = 25,
    why: Annotated[
        bool, typer.Option("--why", help="Each article's decision for NAME, with its evidence.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines output.")] = False,
) -> None:
    """Surname links by context: which full name a bare surname stands for, in how many
    articles, with what confidence ([bold]--why[/]: the candidates and features of each
    article's decision)."""
    from .store import open_corpus

    if why and not name:
        raise _fail("--why needs a NAME: dateline entities links Blair --why", EXIT_USAGE)
    try:
        with open_corpus(db, readonly=True) as corpus:
            if why:
                decisions = corpus.link_evidence(name or "", limit=top)
            else:
                rows = corpus.identity_links(top=top, name=name)
    except DatelineError as e:
        raise _fail(str(e), EXIT_ERROR) from None
    if why:
        _print_why(decisions, as_json)
        return
    if as_json:
        _jsonl(r.__dict__ for r in rows)
        return
    if not rows:
        err.print("no links")
        return
    t = Table(title=f"surname links in {db}")
    for col in ("bare name", "full name", "articles", "confidence", "lowest"):
        t.add_column(col, justify="right" if col in ("articles", "confidence", "lowest") else "left")
    for r in rows:
        t.add_row(escape(r.bare), escape(r.target), str(r.articles), f"{r.confidence:.2f}", f"{r.lowest:.2f}")
    out.print(t)


@app.command()
def quotes(
    db: DbOption = "dateline.db",
    speaker: Annotated[
        str | None,
        typer.Option(
            help="Only quotes by this speaker (a full name also finds its linked surname); "
            "a word of an anonymous source's description when no entity has that name ('official')."
        ),
    ] = None,
    about: Annotated[
        str | None, typer.Option(help='Words in the quote; "quoted phrase", OR and NOT work.')
    ] = None,
    kind: Annotated[str | None, typer.Option(help="direct, partial or indirect.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD or ISO).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY-MM-DD or ISO).")] = None,
    source: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines output.")] = False,
) -> None:
    """Quotes across the corpus, newest first: who said what, where and when."""
    from dataclasses import asdict

    from .store import open_corpus
    from .store.quotes import KINDS

    if kind is not None and kind.strip().lower() not in KINDS:
        raise _fail(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}", EXIT_USAGE)
    try:
        with open_corpus(db, readonly=True) as corpus:
            rows = corpus.quotes(
                speaker=speaker, about=about, kind=kind, since=since, until=until, source=source, limit=limit
            )
    except DatelineError as e:
        raise _fail(str(e), EXIT_ERROR) from None
    if as_json:
        for r in rows:
            sys.stdout.write(json.dumps(asdict(r), ensure_ascii=False) + "\n")
        return
    if not rows:
        err.print("no quotes")
        return
    for r in rows:
        who = r.speaker or r.speaker_text or "(unattributed)"
        when = (r.published or "")[:10] or "undated"
        out.print(f"[bold]{escape(who)}[/bold]")
        out.print(f"  {escape(' '.join(r.text.split()))}")
        out.print(f"  [dim]{when} · {escape(r.source or '?')} · {r.kind} · {r.article_id}[/dim]")


EntityOption = Annotated[
    str | None,
    typer.Option(
        help="An actor or target (a full name also finds its linked surname); "
        "a word of a generic actor's phrase when no entity has that name ('police')."
    ),
]
HappenedSince = Annotated[
    str | None,
    typer.Option(help="Happened on or after (YYYY, YYYY-MM or YYYY-MM-DD; a date overlapping counts)."),
]
HappenedUntil = Annotated[
    str | None,
    typer.Option(help="Happened on or before (YYYY, YYYY-MM or YYYY-MM-DD; a date overlapping counts)."),
]


def _events(db: str, as_json: bool, **filters: Any) -> list[Any] | None:
    """The events of ``dateline events`` / ``timeline``: usage-checked filters (exit 2),
    the store's answer (exit 1 on a store error); printed as JSON Lines and None with
    ``as_json``."""
    from dataclasses import asdict

    from .cli_events import usage_problem
    from .store import open_corpus

    checked = {k: filters.get(k) for k in ("type", "cameo", "since", "until")}
    problem = usage_problem(type_=checked.pop("type"), **checked)
    if problem:
        raise _fail(problem, EXIT_USAGE)
    try:
        with open_corpus(db, readonly=True) as corpus:
            rows = corpus.events(**filters)
    except DatelineError as e:
        raise _fail(str(e), EXIT_ERROR) from None
    if not as_json:
        return rows
    for r in rows:
        sys.stdout.write(json.dumps(asdict(r), ensure_ascii=False) + "\n")
    return None


@app.command()
def events(
    db: DbOption = "dateline.db",
    entity: EntityOption = None,
    type_: Annotated[
        str | None, typer.Option("--type", help="Only this PLOVER type (CONSULT, PROTEST, ASSAULT …).")
    ] = None,
    cameo: Annotated[
        str | None, typer.Option(help="Only CAMEO codes starting with these digits (04: 040 … 046).")
    ] = None,
    place: Annotated[str | None, typer.Option(help="Only events that happened at this place.")] = None,
    since: HappenedSince = None,
    until: HappenedUntil = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines output.")] = False,
) -> None:
    """Events across the corpus in the order they happened: who did what to whom, where
    and when (the event's own date; without one, its article's publication day)."""
    from .cli_events import table

    rows = _events(
        db,
        as_json,
        entity=entity,
        type=type_,
        cameo=cameo,
        place=place,
        since=since,
        until=until,
        limit=limit,
    )
    if rows is None:
        return
    if not rows:
        err.print("no events")
        return
    out.print(table(rows, db))


@app.command()
def timeline(
    db: DbOption = "dateline.db",
    entity: EntityOption = None,
    since: HappenedSince = None,
    until: HappenedUntil = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 500,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines output.")] = False,
) -> None:
    """One entity's events, as actor or target, in the order they happened, each with
    its date, sentence and article."""
    from .cli_events import timeline_lines

    if entity is None or not entity.strip():
        raise _fail("timeline needs --entity NAME (`dateline entities` lists the names)", EXIT_USAGE)
    rows = _events(db, as_json, entity=entity, since=since, until=until, limit=limit)
    if rows is None:
        return
    if not rows:
        err.print(f"no events with {entity.strip()!r} as actor or target")
        return
    for line in timeline_lines(rows, entity.strip()):
        out.print(line)


from .cli_stories import register as _register_stories  # noqa: E402  (stories, story, happenings)

_register_stories(app)


@app.command()
def failures(
    db: DbOption = "dateline.db",
    reason: Annotated[
        str | None, typer.Option(help="Only this reason (empty, binary, decode, parse, too-large …).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines output.")] = False,
) -> None:
    """Inputs that could not be read in the latest run that tried them, with the reason.
    They are tried again by the next ingest."""
    from .store import open_corpus

    try:
        with open_corpus(db, readonly=True) as corpus:
            rows = corpus.failures(reason=reason)
    except DatelineError as e:
        raise _fail(str(e), EXIT_ERROR) from None
    if as_json:
        for f in rows:
            sys.stdout.write(json.dumps({"path": f.path, "reason": f.reason, "message": f.message}) + "\n")
        return
    if not rows:
        err.print("no failed inputs" + (f" with reason {reason!r}" if reason else ""))
        return
    for f in rows:
        out.print(f"{escape(f'[{f.reason}]')} {escape(f.message)}")


@app.command()
def stats(db: DbOption = "dateline.db", as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """What the corpus holds."""
    from .store import open_corpus

    try:
        with open_corpus(db, readonly=True) as corpus:
            s = corpus.stats()
    except DatelineError as e:
        raise _fail(str(e), EXIT_ERROR) from None
    if as_json:
        sys.stdout.write(json.dumps(s.__dict__, ensure_ascii=False, default=list) + "\n")
        return
    t = Table(title=f"dateline corpus {db}", show_header=False)
    rows: list[tuple[str, Any]] = [
        ("articles", s.articles),
        ("syndicated copies", f"{s.copies} (stored, not counted twice)" if s.copies else 0),
        ("analysed (English)", s.analysed),
        ("entities", s.entities),
        ("files read", s.files),
        ("failed inputs", f"{s.failures} (`dateline failures` lists them)" if s.failures else 0),
        ("stories (2+ reports)", f"{s.stories} (`dateline stories` lists them)" if s.stories else 0),
        ("happenings", s.happenings),
        ("published", f"{s.first_published or '?'} … {s.last_published or '?'}"),
        ("languages", ", ".join(f"{k} {v}" for k, v in s.by_language)),
        ("top sources", ", ".join(f"{k} {v}" for k, v in s.by_source)),
        ("failures by reason", ", ".join(f"{k} {v}" for k, v in s.failures_by_reason) or "-"),
    ]
    for k, v in rows:
        t.add_row(k, escape(str(v)))
    out.print(t)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl, csv or parquet.")] = "jsonl",
    out: Annotated[
        str | None,
        typer.Option(help="jsonl: a file (.jsonl, .jsonl.gz) or - for stdout; csv, parquet: a folder."),
    ] = None,
    db: DbOption = "dateline.db",
    query: Annotated[str | None, typer.Option(help="Only articles matching this search query.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD or ISO).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY-MM-DD or ISO).")] = None,
    source: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite the file or the folder's tables.")
    ] = False,
) -> None:
    """Export the stored records as JSON Lines, or as CSV / Parquet tables (articles,
    entities, mentions, quotes, timexes, events, event_args) joined by article_id and
    entity_id.  Streams: memory stays flat on any corpus size."""
    from .cli_export import run

    try:
        summary = run(db, fmt, out, force=force, query=query, since=since, until=until, source=source)
    except UsageError as e:
        raise _fail(str(e), EXIT_USAGE) from None
    except DatelineError as e:
        raise _fail(str(e), EXIT_ERROR) from None
    err.print(escape(summary.line()))


@app.command()
def serve(
    db: DbOption = "dateline.db",
    host: Annotated[
        str, typer.Option("--host", help="Interface to bind (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
) -> None:
    """Browse the corpus: search, articles, entities, quotes, stories, timeline, map (read-only)."""
    from pathlib import Path

    from .store import is_postgres_url

    if not is_postgres_url(db) and not Path(db).is_file():
        raise _fail(f"no corpus at {db}; create one with `dateline ingest PATH --db {db}`", EXIT_ERROR)
    try:
        import uvicorn

        from .web.app import create_app

        web = create_app(db)
    except DatelineError as e:
        raise _fail(str(e), EXIT_ERROR) from None
    err.print(f"serving {escape(_shown(db))} read-only on http://{host}:{port}/ (Ctrl-C stops)")
    try:
        uvicorn.run(web, host=host, port=port, log_level="warning")
    except (OSError, SystemExit) as e:
        raise _fail(f"could not serve on {host}:{port}: {e}", EXIT_ERROR) from None


def _shown(db: str) -> str:
    """The --db value as it may be printed: a PostgreSQL URL without its password."""
    from .store import redact

    return redact(db)


def main() -> None:
    from .logs import configure

    configure(0)  # until the command line is parsed: dateline's own messages only
    try:
        # standalone_mode=False: click would turn Ctrl-C into a bare exit; dateline says
        # what was kept and how to resume.
        code = app(standalone_mode=False)
    except DatelineError as e:
        err.print(f"[red]error:[/red] {escape(str(e))}")
        sys.exit(
            EXIT_INPUT
            if isinstance(e, InputError)
            else EXIT_USAGE
            if isinstance(e, UsageError)
            else EXIT_ERROR
        )
    except (KeyboardInterrupt, typer.Abort):
        err.print("interrupted; what was committed is kept, run again to resume")
        sys.exit(130)
    except typer.TyperException as e:  # usage errors: the parser's own message, exit 2
        show = getattr(e, "show", None)
        if show is not None:
            show()
        else:
            err.print(f"[red]error:[/red] {escape(e.format_message())}")
        sys.exit(e.exit_code)
    except Exception as e:  # a bug: one line for the user, the traceback on request
        if os.environ.get("DATELINE_DEBUG"):
            raise
        err.print(
            f"[red]internal error:[/red] {escape(type(e).__name__)}: {escape(str(e))} "
            "(run again with DATELINE_DEBUG=1 for the traceback, and please report it)"
        )
        sys.exit(EXIT_ERROR)
    if code == 130:  # Typer's translation of Ctrl-C (KeyboardInterrupt) inside a command
        err.print("interrupted; what was committed is kept, run again to resume")
    sys.exit(code if isinstance(code, int) else EXIT_OK)


if __name__ == "__main__":
    main()
