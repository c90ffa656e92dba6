"""A Python value as the database driver takes it: one small converter per column type,
for the statements that bypass SQLAlchemy's per-value type processing (:mod:`storage.bulk`,
:mod:`storage.pg_batch`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Integer, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine
from sqlmodel.sql.sqltypes import AutoString

from storage.types import UTCDateTime, json_dumps

Convert = Callable[[Any], Any]


def convert_row(
    dialect: Dialect, columns: Sequence[Column[Any]], values: Sequence[Any]
) -> list[Any]:
    """``values`` of ``columns`` as the driver takes them (as :func:`storage.bulk.bound`
    converts them)."""
    out = []
    for column, value in zip(columns, values, strict=True):
        key = (column, dialect.name)
        if key not in _COLUMN_CONVERTERS:
            _COLUMN_CONVERTERS[key] = converter(column.type, dialect)
        convert = _COLUMN_CONVERTERS[key]
        out.append(value if convert is None else convert(value))
    return out


_COLUMN_CONVERTERS: dict[tuple[Column[Any], str], Convert | None] = {}


def converter(type_: TypeEngine[Any], dialect: Dialect) -> Convert | None:
    """The converter for a bind of ``type_`` (None: the driver takes the value as it is).
    Only the types listed here: any other raises at the first call, not with wrong data."""
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
