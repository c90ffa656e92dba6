"""Throw-away, migrated databases: a SQLite file in a temp dir, a PostgreSQL schema.

Each run gets an empty database migrated with the app's own migrations
(:func:`storage.migrate.upgrade`), so the benchmark measures the real schema and indexes, and
leaves nothing behind: the temp dir is deleted and the schema dropped, even on errors.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import make_engine
from storage.migrate import upgrade

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


class DatabaseUnavailable(Exception):
    """The PostgreSQL server could not be reached; the message says where and why."""


def postgres_admin_url() -> str:
    """``BENCH_DATABASE_URL``, else ``TEST_DATABASE_URL`` (as the tests), else the default."""
    return os.environ.get(
        "BENCH_DATABASE_URL", os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES_URL)
    )


@contextmanager
def sqlite_database() -> Iterator[str]:
    """The URL of a migrated SQLite file in a temporary directory (deleted afterwards)."""
    with tempfile.TemporaryDirectory(prefix="designdrill-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        yield url


@contextmanager
def postgresql_database() -> Iterator[str]:
    """The URL of a fresh, migrated schema in the PostgreSQL database (dropped afterwards).

    Connections reach the schema through ``options=-csearch_path=<schema>``, the same trick
    as ``tests/conftest.py``, so the app's unqualified table names resolve to it.
    """
    admin_url = postgres_admin_url()
    admin = make_engine(admin_url, connect_args={"connect_timeout": 3})
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    try:
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    except Exception as error:  # any driver error means "not reachable" here
        admin.dispose()
        shown = make_url(admin_url).render_as_string(hide_password=True)
        raise DatabaseUnavailable(f"PostgreSQL not reachable at {shown}: {error}") from error
    url = make_url(admin_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        rendered = url.render_as_string(hide_password=False)
        upgrade(rendered)
        yield rendered
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def server_version(url: str) -> str:
    """A short version string for the report header (results depend on it)."""
    engine = make_engine(url)
    try:
        if engine.dialect.name == "sqlite":
            return f"SQLite {sqlite3.sqlite_version}"
        with engine.connect() as connection:
            return f"PostgreSQL {connection.exec_driver_sql('SHOW server_version').scalar()}"
    finally:
        engine.dispose()
