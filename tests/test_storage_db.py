"""The engine factory: URL normalization and SQLite settings for several processes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.pool import StaticPool

from storage.db import default_database_url, make_engine, normalize_url


def test_postgres_urls_use_psycopg3() -> None:
    for url in ("postgres://u:p@db:5432/app", "postgresql://u:p@db:5432/app"):
        assert normalize_url(url).drivername == "postgresql+psycopg"
    assert normalize_url("postgresql+psycopg2://db/app").drivername == "postgresql+psycopg2"
    engine = make_engine("postgres://u:p@db:5432/app?options=-csearch_path%3Dx")
    assert engine.dialect.driver == "psycopg"
    assert engine.url.query == {"options": "-csearch_path=x"}


def test_default_url_is_a_sqlite_file_in_the_working_directory() -> None:
    assert default_database_url() == "sqlite:///designdrill.db"


def test_sqlite_file_is_configured_for_concurrent_processes(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    engine.dispose()


def test_in_memory_sqlite_shares_one_database_across_threads() -> None:
    engine = make_engine("sqlite://")
    assert isinstance(engine.pool, StaticPool)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.execute(text("INSERT INTO t VALUES (1)"))
    seen: list[int] = []

    def read() -> None:
        with engine.connect() as connection:
            seen.append(connection.execute(text("SELECT x FROM t")).scalar_one())

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert seen == [1]


def test_sqlite_writer_waits_for_the_other_instead_of_failing(tmp_path: Path) -> None:
    """Transactions start with BEGIN IMMEDIATE: the second one waits at BEGIN (busy
    timeout) rather than failing later when it tries to upgrade a read lock."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    first, second = make_engine(url), make_engine(url)
    with first.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    waited: list[float] = []

    def write() -> None:
        started = time.monotonic()
        with second.begin() as connection:
            waited.append(time.monotonic() - started)
            connection.execute(text("INSERT INTO t VALUES (2)"))

    with first.begin() as connection:
        connection.execute(text("SELECT count(*) FROM t")).scalar_one()  # a read only
        thread = threading.Thread(target=write)
        thread.start()
        time.sleep(0.3)
        connection.execute(text("INSERT INTO t VALUES (1)"))  # the upgrade cannot deadlock
    thread.join()
    with first.connect() as connection:
        assert connection.execute(text("SELECT x FROM t ORDER BY x")).scalars().all() == [1, 2]
    assert waited and waited[0] >= 0.25
    first.dispose()
    second.dispose()
