"""Alembic environment, driven from code by :mod:`storage.migrate` (no alembic.ini).

:func:`storage.migrate.upgrade` opens the connection (through :func:`storage.db.make_engine`,
so SQLite gets the same pragmas as the app) and passes it in ``config.attributes``.
Offline (SQL script) mode is not supported: migrations always run against a database.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.db import make_engine

config = context.config


def run_migrations_online() -> None:
    """Run against ``config.attributes["connection"]``, or a fresh engine for the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.begin() as fresh:
            _run(fresh)
    finally:
        engine.dispose()


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=SQLModel.metadata,
        # SQLite cannot ALTER most things: batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",  # type: ignore[attr-defined]
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline migrations are not supported: run them against a database")
run_migrations_online()
