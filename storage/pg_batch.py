"""PostgreSQL: a batch of the tick's rows as ONE statement (a multi-row ``VALUES`` list).

Row-by-row ``executemany`` in a psycopg pipeline costs a send, a socket poll and a result
per row, in Python; that bookkeeping cost more than the server's work. One statement per
batch keeps the pipeline's overlap (the server writes one batch while the engine computes
the next) without it. The SQL is built from the tables' columns, once per batch size;
every placeholder carries its column's type, so a NULL in the first row types nothing
wrongly. Values go through :func:`storage.bulk.convert_row`, as for ``executemany``.
Run the statements with a psycopg ``RawCursor`` (``$1`` parameters).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql

from storage.bulk import convert_row
from storage.models import Interview, OutboxItem

INTERVIEW: Table = Interview.__table__  # type: ignore[attr-defined]
OUTBOX: Table = OutboxItem.__table__  # type: ignore[attr-defined]
_DIALECT = postgresql.dialect()

STEP_KEYS = ("id", "team_id", "version")
"""What identifies a row to save: the UPDATE applies only at the expected version."""
STEP_COLUMNS = (
    "status",
    "phase_id",
    "phase_started_at",
    "phase_deadline",
    "next_event_at",
    "state",
    "finished_at",
    "updated_at",
)
OUTBOX_COLUMNS = (
    "team_id",
    "interview_id",
    "key",
    "channel_id",
    "user_id",
    "payload",
    "created_at",
    "next_attempt_at",
    "attempts",
)


def save_steps_statement(params: Sequence[Mapping[str, Any]]) -> tuple[str, list[Any]]:
    """``UPDATE interview ... FROM (VALUES ...)`` for the parameters of the executemany
    UPDATE (``b_id``, ``b_team`` and ``b_version`` being the expected row); its row count
    says how many rows were at their expected version."""
    rows = [
        {"id": p["b_id"], "team_id": p["b_team"], "version": p["b_version"], **p} for p in params
    ]
    return _update_sql(len(rows)), _flat(INTERVIEW, STEP_KEYS + STEP_COLUMNS, rows)


def insert_outbox_statement(rows: Sequence[Mapping[str, Any]]) -> tuple[str, list[Any]]:
    """``INSERT INTO outbox ... VALUES ... ON CONFLICT DO NOTHING``, ids in row order."""
    return _insert_sql(len(rows)), _flat(OUTBOX, OUTBOX_COLUMNS, rows)


def _flat(table: Table, names: tuple[str, ...], rows: Sequence[Mapping[str, Any]]) -> list[Any]:
    columns = [table.c[name] for name in names]
    out: list[Any] = []
    for row in rows:
        out += convert_row(_DIALECT, columns, [row[name] for name in names])
    return out


@cache
def _placeholders(table_name: str, names: tuple[str, ...], count: int) -> str:
    """``($1::TYPE, ...), ...``: PostgreSQL's own numbered parameters, sent as they are by
    a psycopg ``RawCursor`` (a long statement in psycopg's ``%s`` style is re-parsed in
    Python on every execute)."""
    table = INTERVIEW if table_name == INTERVIEW.name else OUTBOX
    types = [table.c[n].type.compile(dialect=_DIALECT) for n in names]
    width = len(names)
    return ", ".join(
        "(" + ", ".join(f"${r * width + i + 1}::{t}" for i, t in enumerate(types)) + ")"
        for r in range(count)
    )


@cache
def _update_sql(count: int) -> str:
    names = STEP_KEYS + STEP_COLUMNS
    sets = ", ".join(f"{n} = v.{n}" for n in STEP_COLUMNS)
    return (
        f"UPDATE interview SET {sets}, version = interview.version + 1 "
        f"FROM (VALUES {_placeholders(INTERVIEW.name, names, count)}) AS v({', '.join(names)}) "
        "WHERE interview.id = v.id AND interview.team_id = v.team_id "
        "AND interview.version = v.version"
    )


@cache
def _insert_sql(count: int) -> str:
    return (
        f"INSERT INTO outbox ({', '.join(OUTBOX_COLUMNS)}) "
        f"VALUES {_placeholders(OUTBOX.name, OUTBOX_COLUMNS, count)} "
        "ON CONFLICT (interview_id, key) DO NOTHING"
    )
