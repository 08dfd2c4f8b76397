"""tests/pg.py: a fresh database answers, and two fresh databases are two (skips without PostgreSQL)."""

from __future__ import annotations

from urllib.parse import urlsplit

from .pg import fresh_pg_db, pg_server_url


def test_server_url_is_a_postgresql_url():
    url = pg_server_url()
    assert urlsplit(url).scheme in ("postgresql", "postgres")


def test_fresh_db_answers():
    import psycopg

    url = fresh_pg_db("helper answers")
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
        (name,) = conn.execute("SELECT current_database()").fetchone()
    assert name == urlsplit(url).path.lstrip("/")
    assert name.startswith("dl_helper_answers_")


def test_two_fresh_dbs_are_distinct():
    import psycopg

    a, b = fresh_pg_db("distinct"), fresh_pg_db("distinct")
    assert a != b
    with psycopg.connect(a, autocommit=True) as conn:
        conn.execute("CREATE TABLE only_in_a (x int)")
    with psycopg.connect(b) as conn:
        (n,) = conn.execute("SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'").fetchone()
    assert n == 0
