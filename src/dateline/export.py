"""Exports of a corpus: JSON Lines of the stored records, or CSV / Parquet tables.

    iter_records(corpus, …)   the stored ``dateline.article/1`` records, streamed
    iter_jsonl(corpus, …)     the same as UTF-8 JSON lines (``/api/export`` streams this)
    export(corpus, fmt, out)  a file (JSONL) or a folder of one file per table (CSV, Parquet)

Streaming, memory flat on any corpus size: the matching articles' sort keys (published,
then id; undated last) are read through one cursor in ``fetchmany`` batches, and each
batch's records are fetched by rowid in one query — SQLite sorts only the small keys
(spilling to its temp file when large), Python holds one batch of records, and the table
writers one row group per table (:data:`ROW_GROUP` rows) at a time.  The export runs in
one read transaction, so it reads one snapshot of the corpus even while an ingest writes.

The tables (:data:`TABLES`) join by ``article_id`` and, within an article, by
``entity_id`` (entities ← mentions, quotes.speaker_entity_id, events.location_entity_id,
event_args.entity_id), ``event_id`` (events ← event_args) and ``quote_id`` (events
.quote_id).  Every table has a fixed pyarrow schema, so an empty export still has its
columns.  In CSV a list column (authors, topics, aliases, roles, plover_context) is a
JSON array, a boolean ``true``/``false``, a missing value empty; ``actors``/``targets``
of events are ``;``-joined entity ids in both formats.
"""

from __future__ import annotations

import csv
import gzip
import json
import logging
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from .errors import UsageError

log = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "parquet")
BATCH = 500  # records fetched per query
ROW_GROUP = 5000  # rows per Parquet row group (and per table buffer)
PROGRESS_EVERY = 5000  # articles between progress lines (logged at INFO: shown with -v)

_STR, _INT, _FLOAT, _BOOL = pa.string(), pa.int64(), pa.float64(), pa.bool_()
_LIST = pa.list_(pa.field("element", pa.string()))  # the Parquet spelling: reads back equal
_TS = pa.timestamp("ms", tz="UTC")  # Parquet has no seconds unit: ms reads back equal


def _schema(*cols: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema([pa.field(n, t) for n, t in cols])


TABLES: dict[str, pa.Schema] = {
    "articles": _schema(
        ("article_id", _STR),
        ("title", _STR),
        ("published", _TS),
        ("published_local", _STR),
        ("published_evidence", _STR),
        ("updated", _TS),
        ("source", _STR),
        ("authors", _LIST),
        ("url", _STR),
        ("language", _STR),
        ("section", _STR),
        ("credit", _STR),
        ("length", _INT),
        ("wire_place", _STR),
        ("wire_agency", _STR),
        ("standfirst", _STR),
        ("analysed", _BOOL),
        ("skipped_reason", _STR),
        ("model", _STR),
        ("origin", _STR),
        ("format", _STR),
        ("topics", _LIST),
        ("summary", _STR),
        ("entities", _INT),
        ("quotes", _INT),
        ("timexes", _INT),
        ("events", _INT),
        ("body", _STR),
        # the store's, not the record's (schema 7): the original this is a syndicated copy
        # of, with the estimated similarity; the original publisher the text names; the story
        ("duplicate_of", _STR),
        ("similarity", _FLOAT),
        ("publisher", _STR),
        ("story_id", _INT),
    ),
    "entities": _schema(
        ("article_id", _STR),
        ("entity_id", _STR),
        ("name", _STR),
        ("type", _STR),
        ("identity_id", _INT),
        ("identity", _STR),
        ("aliases", _LIST),
        ("roles", _LIST),
        ("mentions", _INT),
        ("geo_name", _STR),
        ("lat", _FLOAT),
        ("lon", _FLOAT),
        ("country", _STR),
        ("geonames_id", _INT),
        ("geo_kind", _STR),
        ("refers_to_entity_id", _STR),
        ("refers_to_name", _STR),
        ("refers_to_country", _STR),
    ),
    "mentions": _schema(
        ("article_id", _STR),
        ("entity_id", _STR),
        ("mention", _INT),
        ("start", _INT),
        ("end", _INT),
        ("text", _STR),
    ),
    "quotes": _schema(
        ("article_id", _STR),
        ("quote_id", _STR),
        ("kind", _STR),
        ("speaker_entity_id", _STR),
        ("speaker_text", _STR),
        ("cue", _STR),
        ("text", _STR),
        ("start", _INT),
        ("end", _INT),
    ),
    "timexes": _schema(
        ("article_id", _STR),
        ("timex_id", _STR),
        ("type", _STR),
        ("value", _STR),
        ("mod", _STR),
        ("interval_start", _STR),
        ("interval_end", _STR),
        ("text", _STR),
        ("start", _INT),
        ("end", _INT),
    ),
    "events": _schema(
        ("article_id", _STR),
        ("event_id", _STR),
        ("type", _STR),
        ("cameo", _STR),
        ("plover_type", _STR),
        ("plover_mode", _STR),
        ("plover_context", _LIST),
        ("goldstein", _FLOAT),
        ("date", _STR),
        ("date_source", _STR),
        ("date_timex", _STR),
        ("publication_date", _STR),
        ("historical", _BOOL),
        ("modality", _STR),
        ("location_entity_id", _STR),
        ("location_text", _STR),
        ("said_by", _STR),
        ("quote_id", _STR),
        ("actors", _STR),
        ("targets", _STR),
        ("trigger", _STR),
        ("trigger_start", _INT),
        ("trigger_end", _INT),
        ("start", _INT),
        ("end", _INT),
    ),
    "event_args": _schema(
        ("article_id", _STR),
        ("event_id", _STR),
        ("role", _STR),
        ("position", _INT),
        ("entity_id", _STR),
        ("text", _STR),
        ("sector", _STR),
        ("start", _INT),
        ("end", _INT),
    ),
}


# -- reading --------------------------------------------------------------------------


def _where(
    corpus: Any, query: str | None, since: str | None, until: str | None, source: str | None
) -> tuple[str, list[Any]]:
    """The WHERE clause over ``articles a`` for the filters, parametrized.  Dates are read
    as ``dateline search`` reads them (a bare date covers its whole day); the query is the
    store's own full-text query (see :func:`_match`)."""
    from .errors import StoreError
    from .store.sqlite import article_filters

    try:
        clauses, params = article_filters(
            source=source.strip() if source and source.strip() else None, since=since, until=until
        )
    except StoreError as e:
        raise UsageError(str(e)) from None
    where = ["1", *clauses]
    if query and query.strip():
        sql, ps = _match(corpus, query)
        where.extend(sql)
        params.extend(ps)
    return " AND ".join(where), params


def check_filters(
    corpus: Any = None,
    *,
    query: str | None = None,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
) -> None:
    """Raise UsageError (one line) for a date or query the export cannot use (with a
    corpus: StoreError for a CJK query on a file without the trigram index)."""
    _where(corpus, query, since, until, source)


def _match(corpus: Any, query: str) -> tuple[list[str], list[Any]]:
    """SQL conditions over ``articles a`` for a user's query, from the store's own query
    language (store/query.py: the plan ``corpus.search()`` runs: the word index, the
    trigram index for CJK terms, the rest as conditions; on PostgreSQL store/pg_search.py's
    rendering of it over ``articles.tsv``); no second parser here.  A query that cannot be
    understood raises its QueryError (a UsageError)."""
    from .store.dialect import is_postgres

    try:
        from .store.query import compile_query
    except ImportError:  # a store without the query language: its quoted-terms FTS query
        from .store.sqlite import fts_query

        return ["a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"], [fts_query(query)]
    if corpus is not None and is_postgres(getattr(corpus, "db", None)):  # the tsvector columns
        from .store import pg_search

        return pg_search.conditions(pg_search.compile_query(query, corpus.db))
    plan = compile_query(query)
    # A read-only open of a file not yet upgraded has no trigram index: say so.
    if plan.uses_trigram and corpus is not None and hasattr(corpus, "_needs"):
        corpus._needs(5, "index for Chinese, Japanese and Korean words")
    where: list[str] = []
    params: list[Any] = []
    if plan.match is not None:
        where.append("a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(plan.match)
    if plan.trigram is not None:
        where.append("a.rowid IN (SELECT rowid FROM articles_tri WHERE articles_tri MATCH ?)")
        params.append(plan.trigram)
    where.extend(plan.where)
    params.extend(plan.params)
    return where, params


def _batches(
    corpus: Any,
    *,
    query: str | None = None,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
    batch_size: int = BATCH,
) -> Iterator[list[tuple[int, str]]]:
    """(rowid, record JSON text) of the matching articles, in order, ``batch_size`` at a time."""
    db: sqlite3.Connection = corpus.db
    where, params = _where(corpus, query, since, until, source)
    # One read transaction for the whole export: every batch reads the same snapshot,
    # whatever an ingest commits meanwhile (WAL).  A caller's own transaction is reused.
    own = not db.in_transaction
    if own:
        db.execute("BEGIN")
    keys = db.cursor()
    try:
        keys.execute(
            f"SELECT a.rowid FROM articles a WHERE {where} ORDER BY a.published IS NULL, a.published, a.id",
            params,
        )
        fetch = db.cursor()
        while True:
            rowids = [r[0] for r in keys.fetchmany(batch_size)]
            if not rowids:
                return
            marks = ",".join("?" * len(rowids))
            got = dict(fetch.execute(f"SELECT rowid, record FROM articles WHERE rowid IN ({marks})", rowids))
            yield [(r, got[r]) for r in rowids if r in got]
    except sqlite3.OperationalError as e:
        from .errors import StoreError

        raise StoreError(f"export failed: {e}") from None
    finally:
        keys.close()
        if own and db.in_transaction:
            db.execute("COMMIT")  # nothing was written: this only ends the read


def iter_records(
    corpus: Any,
    *,
    query: str | None = None,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
    batch_size: int = BATCH,
) -> Iterator[dict[str, Any]]:
    """The stored records matching the filters, published then id (undated last), as dicts."""
    for batch in _batches(
        corpus, query=query, since=since, until=until, source=source, batch_size=batch_size
    ):
        for _, text in batch:
            yield json.loads(text)


def _line(text: str) -> bytes:
    # The store keeps json.dumps(record, ensure_ascii=False): already one line, the bytes
    # `dateline analyze` prints.  Anything else (a hand-edited row) is dumped again.
    if "\n" in text or "\r" in text:
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return text.encode("utf-8") + b"\n"


def iter_jsonl(corpus: Any, **filters: Any) -> Iterator[bytes]:
    """One UTF-8 JSON line per record (``ensure_ascii=False``): what ``/api/export``
    streams and ``dateline export --format jsonl`` writes.  Filters as :func:`iter_records`."""
    for batch in _batches(corpus, **filters):
        for _, text in batch:
            yield _line(text)


# -- records to table rows ------------------------------------------------------------


def _identities(db: sqlite3.Connection, rowids: list[int]) -> dict[int, dict[str, tuple[Any, Any]]]:
    """article rowid → entity id → (identity id, identity name) for a batch, when the
    corpus has identities (schema 2 on); empty otherwise."""
    cols = {r[1] for r in db.execute("PRAGMA table_info(entities)")}
    if "identity_id" not in cols or not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    rows = db.execute(
        "SELECT e.article_rowid, e.entity_id, e.identity_id, i.name FROM entities e"
        f" LEFT JOIN identities i ON i.id = e.identity_id WHERE e.article_rowid IN ({marks})",
        rowids,
    )
    out: dict[int, dict[str, tuple[Any, Any]]] = {}
    for r in rows:
        out.setdefault(r[0], {})[r[1]] = (r[2], r[3])
    return out


def _placement(db: sqlite3.Connection, rowids: list[int]) -> dict[int, tuple[Any, Any, Any, Any]]:
    """article rowid → (original's id, similarity, publisher, story id), when the corpus
    knows copies and stories (schema 7 on); empty otherwise."""
    cols = {r[1] for r in db.execute("PRAGMA table_info(articles)")}
    if "duplicate_of" not in cols or not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    rows = db.execute(
        "SELECT a.rowid, o.id, a.similarity, a.publisher, a.story_id FROM articles a"
        f" LEFT JOIN articles o ON o.rowid = a.duplicate_of WHERE a.rowid IN ({marks})",
        rowids,
    )
    return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


def _span(item: dict[str, Any] | None, key: str = "span") -> tuple[Any, Any]:
    sp = (item or {}).get(key) or (None, None)
    return sp[0], sp[1]


def table_rows(
    rec: dict[str, Any],
    ident: dict[str, tuple[Any, Any]] | None = None,
    place: tuple[Any, Any, Any, Any] | None = None,
) -> dict[str, list]:
    """The rows of one record in every table, as tuples in :data:`TABLES` column order.
    ``ident`` maps an entity id to its corpus (identity id, name), when known; ``place``
    is the store's (duplicate_of, similarity, publisher, story_id) for the article."""
    aid, body = rec["id"], rec.get("body") or ""
    wire = rec.get("wire") or {}
    ents, quotes, timexes, events = (rec.get(k) or [] for k in ("entities", "quotes", "timexes", "events"))
    out: dict[str, list] = {t: [] for t in TABLES}
    out["articles"].append(
        (
            aid,
            rec.get("title"),
            rec.get("published"),
            rec.get("published_local"),
            rec.get("published_evidence"),
            rec.get("updated"),
            rec.get("source"),
            list(rec.get("authors") or []),
            rec.get("url"),
            rec.get("language"),
            rec.get("section"),
            rec.get("credit"),
            rec.get("length"),
            wire.get("place"),
            wire.get("agency"),
            rec.get("standfirst"),
            rec.get("analysed"),
            rec.get("skipped_reason"),
            rec.get("model"),
            rec.get("origin"),
            rec.get("format"),
            list(rec.get("topics") or []),
            rec.get("summary"),
            len(ents),
            len(quotes),
            len(timexes),
            len(events),
            body,
            *(place or (None, None, None, None)),
        )
    )
    for e in ents:
        geo, ref = e.get("geo") or {}, e.get("refers_to") or {}
        iid, iname = (ident or {}).get(e["id"], (None, None))
        mentions = e.get("mentions") or []
        out["entities"].append(
            (
                aid,
                e["id"],
                e.get("name"),
                e.get("type"),
                iid,
                iname,
                list(e.get("aliases") or []),
                list(e.get("roles") or []),
                len(mentions),
                geo.get("name"),
                geo.get("lat"),
                geo.get("lon"),
                geo.get("country"),
                geo.get("geonames_id"),
                geo.get("kind"),
                ref.get("entity"),
                ref.get("name"),
                ref.get("country"),
            )
        )
        for i, (s, t) in enumerate(mentions):
            out["mentions"].append((aid, e["id"], i, s, t, body[s:t]))
    for q in quotes:
        out["quotes"].append(
            (
                aid,
                q["id"],
                q.get("kind"),
                q.get("speaker"),
                q.get("speaker_text"),
                (q.get("cue") or {}).get("text"),
                q.get("text"),
                *_span(q),
            )
        )
    for x in timexes:
        interval = x.get("interval") or (None, None)
        out["timexes"].append(
            (
                aid,
                x["id"],
                x.get("type"),
                x.get("value"),
                x.get("mod"),
                interval[0],
                interval[1],
                x.get("text"),
                *_span(x),
            )
        )
    for v in events:
        plover, trig = v.get("plover") or {}, v.get("trigger") or {}
        out["events"].append(
            (
                aid,
                v["id"],
                v.get("type"),
                v.get("cameo"),
                plover.get("type"),
                plover.get("mode"),
                list(plover.get("context") or []),
                v.get("goldstein"),
                v.get("date"),
                v.get("date_source"),
                v.get("date_timex"),
                v.get("publication_date"),
                v.get("historical"),
                v.get("modality"),
                v.get("location"),
                v.get("location_text"),
                v.get("said_by"),
                v.get("quote"),
                ";".join(v.get("actors") or []),
                ";".join(v.get("targets") or []),
                trig.get("text"),
                *_span(trig),
                *_span(v),
            )
        )
        for role, key in (("actor", "actor_spans"), ("target", "target_spans")):
            for i, a in enumerate(v.get(key) or []):
                out["event_args"].append(
                    (aid, v["id"], role, i, a.get("entity"), a.get("text"), a.get("sector"), *_span(a))
                )
    return out


# -- writers ---------------------------------------------------------------------------


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return json.dumps(v, ensure_ascii=False)
    return v


class _CsvTable:
    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.fh = open(path, "w", encoding="utf-8", newline="")
        self.w = csv.writer(self.fh)
        self.w.writerow(schema.names)

    def write(self, rows: list[tuple]) -> None:
        self.w.writerows([_cell(v) for v in r] for r in rows)

    def close(self) -> None:
        self.fh.close()


def _timestamps(values: list[Any]) -> pa.Array:
    """ISO 8601 UTC strings as stored ("2019-05-13T06:22:58Z") as timestamps; a value
    that is not one (a hand-edited row) becomes null rather than stopping the export."""
    try:
        return pa.array(values, type=_STR).cast(_TS)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        out = []
        for v in values:
            try:
                dt = datetime.fromisoformat(str(v).replace("Z", "+00:00")) if v else None
            except ValueError:
                dt = None
            out.append(dt if dt is None or dt.tzinfo else dt.replace(tzinfo=UTC))
        return pa.array(out, type=_TS)


class _ParquetTable:
    def __init__(self, path: Path, schema: pa.Schema, row_group: int) -> None:
        import pyarrow.parquet as pq

        self.schema, self.row_group = schema, row_group
        self.w = pq.ParquetWriter(path, schema, compression="zstd")
        self.buf: list[tuple] = []
        self.row_groups = 0

    def write(self, rows: list[tuple]) -> None:
        self.buf.extend(rows)
        while len(self.buf) >= self.row_group:  # row groups of exactly row_group rows
            self._write(self.buf[: self.row_group])
            del self.buf[: self.row_group]

    def flush(self) -> None:
        if self.buf:
            self._write(self.buf)
            self.buf = []

    def _write(self, rows: list[tuple]) -> None:
        cols = []
        for i, f in enumerate(self.schema):
            values = [r[i] for r in rows]
            if f.type == _TS:
                cols.append(_timestamps(values))
            else:
                cols.append(pa.array(values, type=f.type))
        self.w.write_batch(pa.RecordBatch.from_arrays(cols, schema=self.schema))
        self.row_groups += 1

    def close(self) -> None:
        self.flush()
        self.w.close()


@dataclass
class Summary:
    """What an export wrote: rows per table (JSONL: ``records``), bytes, seconds."""

    format: str
    out: str
    rows: dict[str, int] = field(default_factory=dict)
    bytes: int = 0
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)

    def line(self) -> str:
        rows = ", ".join(f"{n:,} {t}" for t, n in self.rows.items())
        return f"exported {rows} to {self.out} ({self.format}, {_size(self.bytes)}) in {self.seconds:.1f} s"


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"  # pragma: no cover


def check_out(fmt: str, out: str, *, force: bool = False) -> None:
    """Refuse, before anything is read, an unknown format or an output that would be
    overwritten (without ``force``) or cannot be one (UsageError, one line)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "jsonl":
        if out == "-":
            return
        p = Path(out)
        if p.is_dir():
            raise UsageError(
                f"{out} is a folder; --format jsonl writes one file (name.jsonl or name.jsonl.gz)"
            )
        if p.exists() and not force:
            raise UsageError(f"{out} exists; give --force to overwrite it")
        if not p.parent.is_dir():
            raise UsageError(f"no folder {p.parent} to write {p.name} in")
        return
    if out == "-":
        raise UsageError(f"--format {fmt} writes a folder of tables, not stdout; give --out FOLDER")
    p = Path(out)
    if p.exists() and not p.is_dir():
        raise UsageError(f"{out} is a file; --format {fmt} writes a folder with one file per table")
    if p.is_dir() and any(p.iterdir()) and not force:
        raise UsageError(f"{out} is a folder that is not empty; give --force to overwrite its tables")
    if not p.exists() and not p.parent.is_dir():
        raise UsageError(f"no folder {p.parent} to create {p.name} in")


def _progress(n: int, started: float) -> None:
    if n % PROGRESS_EVERY == 0:
        log.info("export: %d articles in %.1f s", n, time.monotonic() - started)


def export(
    corpus: Any,
    fmt: str,
    out: str,
    *,
    force: bool = False,
    row_group: int = ROW_GROUP,
    batch_size: int = BATCH,
    **filters: Any,
) -> Summary:
    """Write the matching records as JSON Lines (a file, ``.gz`` compressed, or ``-`` for
    stdout) or as CSV / Parquet tables (a folder, one ``TABLE.csv`` / ``TABLE.parquet``
    per table of :data:`TABLES`).  Files are written under a temporary name and renamed
    when complete, so an interrupted export leaves no half table under its real name."""
    check_out(fmt, out, force=force)
    filters = {k: v for k, v in filters.items() if v is not None}
    check_filters(corpus, **filters)
    started = time.monotonic()
    summary = Summary(fmt, out)
    if fmt == "jsonl":
        summary.rows["records"], summary.bytes = _write_jsonl(corpus, out, batch_size, filters, started)
        summary.files = [] if out == "-" else [out]
    else:
        summary.rows, summary.files = _write_tables(
            corpus, fmt, Path(out), row_group, batch_size, filters, started
        )
        summary.bytes = sum(os.path.getsize(f) for f in summary.files)
    summary.seconds = time.monotonic() - started
    return summary


def _write_jsonl(corpus: Any, out: str, batch_size: int, filters: dict, started: float) -> tuple[int, int]:
    """(records, bytes) written."""
    n = 0
    if out == "-":
        stdout, size = sys.stdout.buffer, 0
        for n, line in enumerate(iter_jsonl(corpus, batch_size=batch_size, **filters), 1):
            stdout.write(line)
            size += len(line)
            _progress(n, started)
        stdout.flush()
        return n, size
    tmp = Path(out).with_name(f".{Path(out).name}.partial")
    try:
        gz = out.endswith(".gz")  # level 6, gzip's own default: most of 9's size at twice the speed
        with gzip.open(tmp, "wb", compresslevel=6) if gz else open(tmp, "wb") as fh:
            for n, line in enumerate(iter_jsonl(corpus, batch_size=batch_size, **filters), 1):
                fh.write(line)
                _progress(n, started)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return n, os.path.getsize(out)


def _write_tables(
    corpus: Any, fmt: str, folder: Path, row_group: int, batch_size: int, filters: dict, started: float
) -> tuple[dict[str, int], list[str]]:
    folder.mkdir(exist_ok=True)
    ext = "csv" if fmt == "csv" else "parquet"
    final = {t: folder / f"{t}.{ext}" for t in TABLES}
    tmp = {t: folder / f".{t}.{ext}.partial" for t in TABLES}
    writers: dict[str, Any] = {}
    rows = dict.fromkeys(TABLES, 0)
    try:
        for t, schema in TABLES.items():
            writers[t] = (
                _CsvTable(tmp[t], schema) if fmt == "csv" else _ParquetTable(tmp[t], schema, row_group)
            )
        n = 0
        for batch in _batches(corpus, batch_size=batch_size, **filters):
            ids = _identities(corpus.db, [r for r, _ in batch])
            places = _placement(corpus.db, [r for r, _ in batch])
            for rowid, text in batch:
                got = table_rows(json.loads(text), ids.get(rowid), places.get(rowid))
                for t, rs in got.items():
                    if rs:
                        writers[t].write(rs)
                        rows[t] += len(rs)
                n += 1
                _progress(n, started)
        for t in TABLES:
            writers.pop(t).close()
            os.replace(tmp[t], final[t])
    finally:
        for w in writers.values():
            w.close()
        for p in tmp.values():
            p.unlink(missing_ok=True)
    return rows, [str(final[t]) for t in TABLES]
