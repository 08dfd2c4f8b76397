"""Which SQL dialect a store connection speaks: ``sqlite3.Connection`` or the PostgreSQL
adapter (store/pg_sql.py, ``dialect = "postgresql"``).  Kept apart so SQLite users never
import psycopg."""

from __future__ import annotations

from typing import Any


def is_postgres(db: Any) -> bool:
    return getattr(db, "dialect", "sqlite") == "postgresql"
