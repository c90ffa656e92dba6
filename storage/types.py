"""Column types shared by the tables.

SQLite has no time-zone-aware timestamp: it hands back naive datetimes, and it compares
timestamps as text. :class:`UTCDateTime` makes both databases behave the same way: only aware
datetimes go in, they are stored as UTC, and aware UTC datetimes come out.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import JSON, DateTime
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always aware and in UTC on the Python side.

    Binding a naive datetime raises :class:`ValueError`: a naive value is ambiguous and
    would be silently read back as UTC, which is exactly the time-zone bug we want to stop
    at the door. On SQLite the value is stored without offset (always UTC), so text
    comparison in ``WHERE next_event_at <= :now`` stays correct.
    """

    impl = DateTime
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(timezone=True)

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()} refused: pass an aware datetime")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def json_type() -> TypeEngine[Any]:
    """JSON everywhere, stored as JSONB on PostgreSQL (smaller, comparable, indexable)."""
    return JSON().with_variant(JSONB(), "postgresql")


def json_dumps(value: Any) -> str:
    """JSON text for a JSON column: orjson, several times faster than ``json.dumps`` on the
    states and messages every scheduler tick writes; non-string keys become strings, as
    ``json.dumps`` does."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


json_loads = orjson.loads
"""The matching reader (every claimed interview's state is parsed on each tick)."""
