"""SQLite set up for several processes and threads at once: each connection in WAL mode with
a busy timeout and foreign keys, each transaction begun ``IMMEDIATE``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event

SQLITE_BUSY_TIMEOUT_MS = 10_000
"""How long a SQLite writer waits for another one before failing with "database is locked"."""


def configure_sqlite(engine: Engine) -> None:
    """WAL, a busy timeout, foreign keys, and ``BEGIN IMMEDIATE`` for every transaction.

    sqlite3 normally opens a transaction lazily (only before the first write), so a
    transaction that reads and then writes holds a read lock and later asks for the write
    lock; two processes doing that at once deadlock, and SQLite fails one at once with
    "database is locked" whatever the busy timeout. Taking the write lock up front with
    ``BEGIN IMMEDIATE`` makes the second process wait (up to the busy timeout) instead.
    This is SQLAlchemy's documented pysqlite recipe: disable the driver's own BEGIN and
    emit ours from the ``begin`` event. WAL lets readers run while one writer works.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
