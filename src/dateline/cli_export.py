"""The body of ``dateline export`` (cli.py keeps the options): checks first (exit 2, one
line, before the corpus is opened), then the export on a read-only corpus, the summary
line on stderr."""

from __future__ import annotations

from typing import Any

from .errors import UsageError


def run(
    db: str,
    fmt: str,
    out: str | None,
    *,
    force: bool,
    query: str | None,
    since: str | None,
    until: str | None,
    source: str | None,
) -> Any:
    """Export; returns the :class:`~dateline.export.Summary`.  Raises UsageError for a bad
    format, output or date, StoreError for a corpus that cannot be read."""
    from .export import check_filters, check_out, export
    from .store import open_corpus

    fmt = (fmt or "").strip().lower()
    if not out:
        raise UsageError(
            "give --out PATH (a .jsonl/.jsonl.gz file or - for jsonl; a folder for csv and parquet)"
        )
    check_out(fmt, out, force=force)
    check_filters(query=query, since=since, until=until, source=source)
    with open_corpus(db, readonly=True) as corpus:
        return export(corpus, fmt, out, force=force, query=query, since=since, until=until, source=source)
