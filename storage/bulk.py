"""Many rows through one prebuilt statement, converted here and handed to the driver.

The scheduler's tick writes ~100 interview rows and ~200 outbox rows per second. Through
``Connection.execute(stmt, rows)`` SQLAlchemy builds a parameter dict and runs a type
processor per value, which cost more than the database's own work. Here the statement is
compiled once per database and each value goes through one small converter chosen from
its column's type; ``exec_driver_sql`` then sends them as one executemany (SQLAlchemy's
events and error wrapping still apply). Only for statements whose bind types are listed
in :func:`_converter`; anything else raises at the first call, not with wrong data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Column, Connection, Integer, String
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.expression import Executable
from sqlalchemy.types import TypeEngine
from sqlmodel.sql.sqltypes import AutoString

from storage.types import UTCDateTime, json_dumps

Convert = Callable[[Any], Any]


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


def convert_row(
    dialect: Dialect, columns: Sequence[Column[Any]], values: Sequence[Any]
) -> list[Any]:
    """``values`` of ``columns`` as the driver takes them (as :func:`bound` converts)."""
    out = []
    for column, value in zip(columns, values, strict=True):
        key = (column, dialect.name)
        if key not in _COLUMN_CONVERTERS:
            _COLUMN_CONVERTERS[key] = _converter(column.type, dialect)
        convert = _COLUMN_CONVERTERS[key]
        out.append(value if convert is None else convert(value))
    return out


_COLUMN_CONVERTERS: dict[tuple[Column[Any], str], Convert | None] = {}


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
        converters = tuple(_converter(binds[n].type, dialect) for n in names)
        prepared = _Prepared(compiled.string, names, dialect.positional, converters, defaults)
        _PREPARED[key] = prepared
    return prepared


def _converter(type_: TypeEngine[Any], dialect: Dialect) -> Convert | None:
    if isinstance(type_, UTCDateTime):
        return _sqlite_utc if dialect.name == "sqlite" else _aware
    if isinstance(type_, JSON):
        return _json
    if isinstance(type_, String | Integer | AutoString):
        return None
    raise TypeError(f"storage.bulk cannot bind {type_!r}: use connection.execute for it")


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()} refused: pass an aware datetime")
    return value


def _sqlite_utc(value: datetime | None) -> str | None:
    """What :class:`storage.types.UTCDateTime` stores on SQLite: naive UTC text with
    microseconds, so text comparison orders it like time."""
    if value is None:
        return None
    if value.tzinfo is not UTC:  # rare: every time the bot makes is already in UTC
        value = _aware(value)
        assert value is not None
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]  # without the "+00:00"


def _json(value: Any) -> str | None:
    return None if value is None else json_dumps(value)
