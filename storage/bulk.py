"""Many rows through one prebuilt statement, converted here and handed to the driver.

The scheduler's tick writes ~100 interview rows and ~200 outbox rows per second. Through
``Connection.execute(stmt, rows)`` SQLAlchemy builds a parameter dict and runs a type
processor per value, which cost more than the database's own work. Here the statement is
compiled once per database and each value goes through one small converter chosen from
its column's type (:mod:`storage.driver_values`, which lists the types it can bind);
``exec_driver_sql`` then sends them as one executemany (SQLAlchemy's events and error
wrapping still apply).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.expression import Executable

from storage.driver_values import Convert, converter


@dataclass(frozen=True)
class _Prepared:
    sql: str
    names: tuple[str, ...]
    positional: bool
    converters: tuple[Convert | None, ...]
    defaults: dict[str, Any]


_PREPARED: dict[tuple[Executable, str, tuple[str, ...]], _Prepared] = {}


def executemany(connection: Connection, stmt: Executable, rows: Sequence[Mapping[str, Any]]) -> int:
    """Run ``stmt`` for every row (a mapping of bind name to Python value, as for
    ``connection.execute``); returns the number of rows the database reports changed."""
    if not rows:
        return 0
    return connection.exec_driver_sql(*bound(connection.dialect, stmt, rows)).rowcount


def bound(
    dialect: Dialect, stmt: Executable, rows: Sequence[Mapping[str, Any]]
) -> tuple[str, Sequence[Any]]:
    """The SQL text and the driver's parameters for ``stmt`` over ``rows`` (not empty), for
    a driver cursor's ``executemany``."""
    prepared = _prepare(stmt, dialect, tuple(rows[0]))
    names, converters, defaults = prepared.names, prepared.converters, prepared.defaults
    pick = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    values = [
        [
            v if convert is None else convert(v)
            for convert, v in zip(converters, picked, strict=True)
        ]
        for picked in (pick({**defaults, **row} if defaults else row) for row in rows)
    ]
    params: Sequence[Any] = (
        [tuple(v) for v in values]
        if prepared.positional
        else [dict(zip(names, v, strict=True)) for v in values]
    )
    return prepared.sql, params


def _prepare(stmt: Executable, dialect: Dialect, keys: tuple[str, ...]) -> _Prepared:
    """Compiled for the keys of the rows, as SQLAlchemy does: an INSERT without VALUES
    lists the columns the parameters name."""
    key = (stmt, dialect.name, keys)
    prepared = _PREPARED.get(key)
    if prepared is None:
        compiled = stmt.compile(dialect=dialect, column_keys=list(keys))  # type: ignore[attr-defined]
        binds = {name: bind for bind, name in compiled.bind_names.items()}
        defaults = {n: b.effective_value for n, b in binds.items() if not b.required}
        names = tuple(compiled.positiontup) if dialect.positional else tuple(binds)
        converters = tuple(converter(binds[n].type, dialect) for n in names)
        prepared = _Prepared(compiled.string, names, dialect.positional, converters, defaults)
        _PREPARED[key] = prepared
    return prepared
