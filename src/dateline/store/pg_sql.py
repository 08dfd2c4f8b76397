"""The store's SQL, written once for SQLite, run on PostgreSQL.

The store modules (identities, links, quotes, events, stories, happenings, syndication
…) take a connection and speak SQLite's dialect through ``db.execute(sql, params)``.
Rather than a second copy of each query to keep in step, :class:`Connection` wraps a
psycopg 3 connection with the same calls and :func:`translate` rewrites each statement
once (cached) into PostgreSQL's dialect:

* ``?`` placeholders → ``%s`` (outside string literals; a literal ``%`` is doubled);
* ``INSERT OR IGNORE`` → ``ON CONFLICT DO NOTHING``; ``INSERT OR REPLACE`` → an upsert
  on the table's primary key (read from schema.sql);
* ``x COLLATE NOCASE`` → ``lower(x)`` (under ``COLLATE "C"``, which folds ASCII only,
  as NOCASE does); ``instr`` → ``strpos``; ``group_concat`` →
  ``string_agg``; scalar ``max(a, b)``/``min(a, b)`` → ``greatest``/``least``;
  ``IS ?`` → ``IS NOT DISTINCT FROM``; ``LIKE`` → ``ILIKE`` (SQLite's LIKE ignores case);
* ``json_each(?)`` → ``jsonb_array_elements_text``; ``json_object`` →
  ``json_build_object``; ``char(n)`` → ``chr(n)``; ``date(x, '+1 day')`` → date
  arithmetic; ``PRAGMA table_info`` and ``sqlite_master`` → the catalogs;
* an ``INSERT`` into a table whose key PostgreSQL generates gets ``RETURNING`` that key,
  so ``cursor.lastrowid`` works as it does on sqlite3.

Rows come back as :class:`Row` (a tuple, also indexed by column name, like
``sqlite3.Row``); ``numeric`` results (``sum`` of integers, ``1.0 * x``) come back as
int or float, never Decimal.  PostgreSQL errors are raised as subclasses of the
``sqlite3`` exceptions, so the store's handlers (``except sqlite3.Error``) hold for both
backends.  Full text search is not translated: FTS5 has no PostgreSQL spelling, and
the PostgreSQL backend searches its ``tsvector`` columns itself (store/pg_search.py).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import psycopg
from psycopg.adapt import Loader

WRITE_LOCK = 0x64617465  # pg_advisory_xact_lock key: one writing transaction at a time


class DatabaseError(sqlite3.DatabaseError):
    """A PostgreSQL error, raised as the sqlite3 kind the store's handlers catch."""


class OperationalError(sqlite3.OperationalError):
    pass


class IntegrityError(sqlite3.IntegrityError):
    pass


def _schema_tables() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Primary keys by table, and the tables whose integer key the database assigns."""
    sql = resources.files(__package__).joinpath("schema.sql").read_text("utf-8")
    keys: dict[str, tuple[str, ...]] = {}
    generated: dict[str, str] = {}
    for stmt in re.sub(r"--[^\n]*", "", sql).split(";"):
        m = re.search(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*)\)", stmt, re.S)
        if not m:
            continue
        table, body = m[1], m[2]
        for line in re.split(r",?\n", body):
            line = line.split("--")[0].strip()
            col = re.match(r'"?(\w+)"?\s+\w+.*\bPRIMARY KEY\b', line)
            if col:
                keys[table] = (col[1],)
                if re.search(r"\bINTEGER PRIMARY KEY\b", line) and "REFERENCES" not in line:
                    generated[table] = col[1]
            pk = re.match(r"PRIMARY KEY \(([^)]*)\)", line)
            if pk:
                keys[table] = tuple(c.strip() for c in pk[1].split(","))
    return keys, generated


KEYS, GENERATED = _schema_tables()
_COLUMNS_OF = re.compile(r"INSERT\s+(?:OR\s+\w+\s+)?INTO\s+(\w+)\s*\(([^)]*)\)", re.I)


def _placeholders(sql: str, escape: bool) -> str:
    """``?`` → ``%s`` and ``%`` → ``%%`` outside quoted strings and identifiers."""
    out: list[str] = []
    quote = ""
    for ch in sql:
        if quote:
            if ch == quote:
                quote = ""
            out.append("%%" if ch == "%" and escape else ch)
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%" and escape:
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


def _scalar_minmax(sql: str) -> str:
    """Scalar ``max(a, b)`` / ``min(a, b)`` → ``greatest`` / ``least`` (aggregates stay)."""
    out, i = [], 0
    for m in re.finditer(r"\b(max|min)\(", sql, re.I):
        start = m.end()
        depth, j, comma = 1, start, False
        while j < len(sql) and depth:
            c = sql[j]
            depth += c == "("
            depth -= c == ")"
            comma = comma or (c == "," and depth == 1)
            j += 1
        if comma:
            out.append(sql[i : m.start()])
            out.append("greatest(" if m[1].lower() == "max" else "least(")
            i = start
    out.append(sql[i:])
    return "".join(out)


def _order_nulls(sql: str) -> str:
    """Each ORDER BY term sorts NULL as SQLite does: first ascending, last descending."""
    out, i = [], 0
    for m in re.finditer(r"\bORDER\s+BY\s", sql, re.I):
        if m.start() < i:
            continue
        j, depth, terms, term_start = m.end(), 0, [], m.end()
        while j < len(sql):
            c = sql[j]
            if c in "'\"":
                j = sql.index(c, j + 1) + 1
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and c == ",":
                terms.append(sql[term_start:j])
                term_start = j + 1
            elif depth == 0 and re.match(r"\s(LIMIT|OFFSET|UNION|FOR)\b", sql[j:], re.I):
                break
            j += 1
        terms.append(sql[term_start:j])
        fixed = []
        for t in terms:
            body = t.rstrip()
            if re.search(r"\bNULLS\s+(FIRST|LAST)$", body, re.I):
                fixed.append(t)
            elif re.search(r"\bDESC$", body, re.I):
                fixed.append(body + " NULLS LAST" + t[len(body) :])
            else:
                fixed.append(body + " NULLS FIRST" + t[len(body) :])
        out.append(sql[i : m.end()] + ",".join(fixed))
        i = j
    out.append(sql[i:])
    return "".join(out)


def _upsert(sql: str) -> str:
    """``INSERT OR REPLACE INTO t(cols) …`` → ``INSERT … ON CONFLICT (key) DO UPDATE``."""
    m = _COLUMNS_OF.search(sql)
    if not m or m[1] not in KEYS:
        raise OperationalError(f"INSERT OR REPLACE into a table without a known key: {sql[:80]}")
    table, cols = m[1], [c.strip().strip('"') for c in m[2].split(",")]
    key = KEYS[table]
    rest = [c for c in cols if c not in key]
    sql = re.sub(r"INSERT\s+OR\s+REPLACE\s+INTO", "INSERT INTO", sql, count=1, flags=re.I)
    action = "DO UPDATE SET " + ", ".join(f'"{c}" = excluded."{c}"' for c in rest) if rest else "DO NOTHING"
    return f"{sql} ON CONFLICT ({', '.join(key)}) {action}"


# Statement rewrites, in order: (pattern, replacement), applied with re.IGNORECASE
# unless the pattern says otherwise; OR IGNORE / OR REPLACE are rewritten before them.
_RULES: list[tuple[str, Any]] = [
    # the catalogs
    (
        r"SELECT\s+name\s+FROM\s+sqlite_master\s+WHERE\s+type\s*=\s*'table'",
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()",
    ),
    (
        r"FROM\s+sqlite_master\s+WHERE\s+(?:type\s*=\s*'table'\s+AND\s+)?name\s*=",
        "FROM pg_tables WHERE schemaname = current_schema() AND tablename =",
    ),
    # NOCASE folds ASCII only: so does lower() under the byte-wise "C" collation
    (r"([\w.]+)\s*=\s*\?\s+COLLATE\s+NOCASE", r'lower(\1) = lower(CAST(? AS TEXT) COLLATE "C")'),
    (r"([\w.]+)\s+COLLATE\s+NOCASE", r"lower(\1)"),
    # functions
    (r"\binstr\(", "strpos("),
    (r"\bgroup_concat\(([^,()]+)\)", r"string_agg(\1, ',')"),
    (r"\bgroup_concat\(", "string_agg("),
    (r"\bjson_object\(([^()]*)\)", r"CAST(json_build_object(\1) AS TEXT)"),
    (r"\bchar\((\d+)\)", r"chr(\1)"),
    (r"\bdate\(([\w.]+),\s*'\+(\d+) days?'\)", r"to_char(CAST(\1 AS date) + \2, 'YYYY-MM-DD')"),
    # JSON arrays as row sources: pairs of integers, else text values
    (
        r"SELECT\s+value\s*->>\s*0\s*,\s*value\s*->>\s*1\s+FROM\s+json_each\(\?\)",
        "SELECT CAST(value ->> 0 AS BIGINT), CAST(value ->> 1 AS BIGINT)"
        " FROM jsonb_array_elements(CAST(? AS jsonb)) AS je(value)",
    ),
    (r"\bjson_each\(\?\)", "jsonb_array_elements_text(CAST(? AS jsonb)) AS je(value)"),
    # types
    (r"\bAS\s+INTEGER\)", "AS BIGINT)"),
    (r"\bAS\s+REAL\)", "AS DOUBLE PRECISION)"),
    # 1 and 0 as truth values; parameters PostgreSQL cannot type; IS as equality
    (
        r"\b(WHERE|AND|OR|ON)\s+([01])(?=\s+(?:AND|OR|ORDER|GROUP|LIMIT|UNION)\b|\s*\)|\s*$)",
        lambda m: f"{m[1]} {'TRUE' if m[2] == '1' else 'FALSE'}",
    ),
    (r"(?<![\w.])\?(\s+IS\s+(?:NOT\s+)?NULL)", r"CAST(? AS TEXT)\1"),
    (r"\bIS\s+NOT\s+\?", "IS DISTINCT FROM ?"),
    (r"\bIS\s+\?", "IS NOT DISTINCT FROM ?"),
    # SQLite's LIKE ignores (ASCII) case
    (r"(?-i:\bNOT\s+LIKE\b)", "NOT ILIKE"),
    (r"(?-i:(?<!NOT )\bLIKE\b)", "ILIKE"),
    (r"\bLIMIT\s+-1\b", "LIMIT ALL"),
]
_COMPILED = [(re.compile(pattern, re.IGNORECASE), repl) for pattern, repl in _RULES]


@lru_cache(maxsize=4096)
def translate(sql: str, escape: bool = True) -> str:
    """One SQLite statement of the store in PostgreSQL's dialect (see the module doc)."""
    s = sql.strip()
    if re.match(r"BEGIN(\s+(IMMEDIATE|DEFERRED|EXCLUSIVE))?\s*$", s, re.I):
        return "BEGIN"
    pragma = re.match(r"PRAGMA\s+table_info\((\w+)\)\s*$", s, re.I)
    if pragma:
        return (
            "SELECT ordinal_position - 1 AS cid, column_name AS name FROM information_schema.columns"
            f" WHERE table_schema = current_schema() AND table_name = '{pragma[1].lower()}'"
            " ORDER BY ordinal_position"
        )
    if re.match(r"INSERT\s+OR\s+IGNORE\b", s, re.I):
        s = re.sub(r"INSERT\s+OR\s+IGNORE\s+INTO", "INSERT INTO", s, count=1, flags=re.I)
        s += " ON CONFLICT DO NOTHING"
    elif re.match(r"INSERT\s+OR\s+REPLACE\b", s, re.I):
        s = _upsert(s)
    for rx, repl in _COMPILED:
        s = rx.sub(repl, s)
    s = _scalar_minmax(s)
    s = _order_nulls(s)
    ins = re.match(r"INSERT\s+INTO\s+(\w+)", s, re.I)
    if ins and ins[1] in GENERATED and not re.search(r"\bRETURNING\b", s, re.I):
        s += f" RETURNING {GENERATED[ins[1]]}"
    return _placeholders(s, escape)


class _NumericLoader(Loader):
    """``numeric`` as int when whole (``sum`` of integers), else float — never Decimal."""

    def load(self, data: Any) -> int | float:
        text = bytes(data).decode("ascii")
        return float(text) if "." in text or "e" in text.lower() or "N" in text else int(text)


class Row(tuple):
    """A result row: a tuple that is also indexed by column name (as ``sqlite3.Row``)."""

    _names: tuple[str, ...] = ()

    def __new__(cls, names: tuple[str, ...], values: Sequence[Any]) -> Row:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._names.index(key))
            except ValueError:
                raise IndexError(f"no column named {key!r}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor: Any) -> Any:
    names = tuple(c.name for c in cursor.description or ())
    return lambda values: Row(names, values)


def _param(v: Any) -> Any:
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, str) and "\x00" in v:
        return v.replace("\x00", "\ufffd")  # PostgreSQL text holds no NUL; same length
    return v


def _params(params: Sequence[Any] | None) -> tuple[Any, ...]:
    return tuple(_param(v) for v in params) if params else ()


def _raise(e: psycopg.Error) -> None:
    message = " ".join(str(e).split()) or type(e).__name__
    if isinstance(e, psycopg.IntegrityError):
        raise IntegrityError(message) from None
    if isinstance(e, psycopg.OperationalError | psycopg.errors.SyntaxError | psycopg.ProgrammingError):
        raise OperationalError(message) from None
    raise DatabaseError(message) from None


class Cursor:
    """The sqlite3 cursor calls the store uses: fetchone/fetchall/iteration, rowcount,
    lastrowid, description."""

    def __init__(self, cur: psycopg.Cursor[Any], returning: bool) -> None:
        self._cur = cur
        self.rowcount = cur.rowcount
        self.lastrowid: int | None = None
        self.description = cur.description
        if returning:
            row = cur.fetchone() if cur.description else None
            self.lastrowid = row[0] if row else None

    def fetchone(self) -> Any:
        return self._cur.fetchone() if self._cur.description else None

    def fetchall(self) -> list[Any]:
        return self._cur.fetchall() if self._cur.description else []

    def fetchmany(self, size: int = 1) -> list[Any]:
        return self._cur.fetchmany(size) if self._cur.description else []

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())

    def close(self) -> None:
        self._cur.close()


class Connection:
    """A psycopg connection with the sqlite3 calls the store uses (see the module doc)."""

    dialect = "postgresql"

    def __init__(self, url: str, *, readonly: bool = False) -> None:
        options = "-c default_transaction_read_only=on" if readonly else None
        self.raw = psycopg.connect(url, autocommit=True, options=options, connect_timeout=10)
        self.raw.adapters.register_loader("numeric", _NumericLoader)
        self.raw.row_factory = _row_factory
        self.readonly = readonly
        self.in_transaction = False
        self._trace: Any = None

    def set_trace_callback(self, callback: Any) -> None:
        """As sqlite3's: ``callback(sql)`` before each statement (None stops it)."""
        self._trace = callback

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Cursor:
        values = _params(params)
        text = translate(sql, bool(values))
        if text == "BEGIN" and self.readonly:
            # A reader's transaction sees one snapshot, as an SQLite read transaction does
            # (an export reads the corpus as it was when it began).
            text = "BEGIN ISOLATION LEVEL REPEATABLE READ"
        if self._trace is not None:
            self._trace(text)
        try:
            cur = self.raw.execute(text, values or None)
        except psycopg.Error as e:
            _raise(e)
            raise  # unreachable: _raise always raises
        if text.startswith("BEGIN"):
            self.in_transaction = True
        elif text in ("COMMIT", "ROLLBACK"):
            self.in_transaction = False
        return Cursor(cur, text.endswith(tuple(f"RETURNING {k}" for k in GENERATED.values())))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Cursor | None:
        batch = [_params(r) for r in rows]
        if not batch:
            return None
        text = translate(sql, True)
        if re.search(r" RETURNING \w+$", text) and not re.search(r"\bRETURNING\b", sql, re.I):
            text = text.rsplit(" RETURNING ", 1)[0]
        try:
            with self.raw.cursor() as cur:
                cur.executemany(text, batch)
                count = cur.rowcount
        except psycopg.Error as e:
            _raise(e)
            raise
        out = Cursor.__new__(Cursor)
        out.rowcount, out.lastrowid, out.description = count, None, None
        return out

    def __enter__(self) -> Connection:
        """``with db:`` — one transaction (committed, or rolled back on an exception),
        under the writers' lock."""
        self.execute("BEGIN")
        self.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self.execute("ROLLBACK" if exc_type else "COMMIT")

    def cursor(self) -> StreamCursor:
        return StreamCursor(self)

    def close(self) -> None:
        self.raw.close()


class StreamCursor:
    """``db.cursor()``: inside a transaction a server-side cursor, so a long result (an
    export's keys) is fetched ``fetchmany`` at a time, never held whole; outside one the
    rows are read at once like :meth:`Connection.execute`'s."""

    _seq = 0

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._cur: Any = None

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> StreamCursor:
        values = _params(params)
        text = translate(sql, bool(values))
        if self._conn._trace is not None:
            self._conn._trace(text)
        try:
            if self._conn.in_transaction and text.lstrip().upper().startswith("SELECT"):
                StreamCursor._seq += 1
                self._cur = self._conn.raw.cursor(name=f"dateline_stream_{StreamCursor._seq}")
                self._cur.execute(text, values or None)
            else:
                self._cur = self._conn.raw.execute(text, values or None)
        except psycopg.Error as e:
            _raise(e)
        return self

    def fetchmany(self, size: int = 1) -> list[Any]:
        try:
            return self._cur.fetchmany(size) if self._cur is not None else []
        except psycopg.Error as e:
            _raise(e)
            raise

    def fetchone(self) -> Any:
        rows = self.fetchmany(1)
        return rows[0] if rows else None

    def fetchall(self) -> list[Any]:
        return self._cur.fetchall() if self._cur is not None else []

    def __iter__(self) -> Iterator[Any]:
        while rows := self.fetchmany(1000):
            yield from rows

    def close(self) -> None:
        if self._cur is not None:
            self._cur.close()
