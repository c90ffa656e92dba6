"""Inserts that skip rows already there (``ON CONFLICT DO NOTHING``), shared by the
repository modules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert
from sqlmodel import SQLModel

from storage.errors import StorageError


def insert_ignoring_duplicates(
    connection: Connection,
    model: type[SQLModel],
    rows: dict[str, Any] | Sequence[dict[str, Any]] | None,
    *,
    unique: Sequence[str],
    core: bool = False,
) -> Insert:
    """``INSERT ... ON CONFLICT (unique) DO NOTHING`` for the session's database.

    Idempotent writes rely on the UNIQUE constraint rather than on "select, then insert",
    which races between processes. The result's ``rowcount`` tells how many rows were
    inserted (``preserve_rowcount``: SQLAlchemy only keeps it for UPDATE/DELETE otherwise);
    or add ``.returning(...)`` to get them. With ``rows=None`` the statement has no VALUES:
    execute it with a list of parameter dicts (an executemany, compiled once and cached).
    """
    dialect = connection.dialect.name
    # ``core``: target the table, not the ORM entity, for inserts whose rows are not read
    # back as objects: the ORM's bulk insert adds per-row bookkeeping they do not need.
    target = model.__table__ if core else model  # type: ignore[attr-defined]
    stmt: postgresql.Insert | sqlite.Insert
    if dialect == "postgresql":
        stmt = postgresql.insert(target)
    elif dialect == "sqlite":
        stmt = sqlite.insert(target)
    else:
        raise StorageError(f"unsupported database {dialect!r}: use SQLite or PostgreSQL")
    if rows is not None:  # else the caller passes the rows as execute() parameters
        stmt = stmt.values(rows)
    return stmt.on_conflict_do_nothing(index_elements=list(unique)).execution_options(
        preserve_rowcount=True
    )


def prebuilt_insert(
    connection: Connection,
    model: type[SQLModel],
    *,
    unique: Sequence[str],
    returning: str | None = None,
) -> Insert:
    """:func:`insert_ignoring_duplicates` without VALUES, on the table (Core), optionally
    ``RETURNING returning``: built once per database, so SQLAlchemy compiles it once. For
    the busy write paths, which run it with rows as parameters (``storage.bulk``)."""
    dialect = connection.dialect.name
    key = (dialect, str(model.__tablename__), tuple(unique), returning)
    stmt = _PREBUILT.get(key)
    if stmt is None:
        stmt = insert_ignoring_duplicates(connection, model, None, unique=unique, core=True)
        if returning is not None:
            stmt = stmt.returning(stmt.table.c[returning])
        _PREBUILT[key] = stmt
    return stmt


_PREBUILT: dict[tuple[str, str, tuple[str, ...], str | None], Insert] = {}
