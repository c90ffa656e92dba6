"""PostgreSQL: a batch of the tick's rows as ONE statement (a multi-row ``VALUES`` list).

Row-by-row ``executemany`` in a psycopg pipeline costs a send, a socket poll and a result
per row, in Python; that bookkeeping cost more than the server's work. One statement per
batch keeps the pipeline's overlap (the server writes one batch while the engine computes
the next) without it. The SQL is built from the tables' columns, once per batch size;
every placeholder carries its column's type, so a NULL in the first row types nothing
wrongly. Values go through :func:`storage.driver_values.convert_row`, as for ``executemany``.
Run the statements with a psycopg ``RawCursor`` (``$1`` parameters).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql

from storage.driver_values import convert_row
from storage.models import Interview, OutboxItem

INTERVIEW: Table = Interview.__table__  # type: ignore[attr-defined]
OUTBOX: Table = OutboxItem.__table__  # type: ignore[attr-defined]
_DIALECT = postgresql.dialect()

STEP_KEYS = ("id", "team_id", "version")
"""What identifies a row to save: the UPDATE applies only at the expected version."""


def save_steps_statement(
    params: Sequence[Mapping[str, Any]], columns: tuple[str, ...]
) -> tuple[str, list[Any]]:
    """``UPDATE interview ... FROM (VALUES ...)`` setting ``columns`` from the parameters
    of the executemany UPDATE (whose ``b_id``, ``b_team`` and ``b_version`` name the row
    at its expected version); its row count says how many rows were at that version."""
    rows = [
        {"id": p["b_id"], "team_id": p["b_team"], "version": p["b_version"], **p} for p in params
    ]
    return _update_sql(len(rows), columns), _flat(INTERVIEW, STEP_KEYS + columns, rows)


def insert_outbox_statement(rows: Sequence[Mapping[str, Any]]) -> tuple[str, list[Any]]:
    """``INSERT INTO outbox ... VALUES ... ON CONFLICT DO NOTHING`` for rows as
    :func:`storage.outbox.outbox_rows` makes them; ids follow the rows' order."""
    columns = tuple(rows[0])
    return _insert_sql(len(rows), columns), _flat(OUTBOX, columns, rows)


def _flat(table: Table, names: tuple[str, ...], rows: Sequence[Mapping[str, Any]]) -> list[Any]:
    columns = [table.c[name] for name in names]
    out: list[Any] = []
    for row in rows:
        out += convert_row(_DIALECT, columns, [row[name] for name in names])
    return out


@cache
def _placeholders(table: Table, names: tuple[str, ...], count: int) -> str:
    """``($1::TYPE, ...), ...``: PostgreSQL's own numbered parameters, sent as they are by
    a psycopg ``RawCursor`` (a long statement in psycopg's ``%s`` style is re-parsed in
    Python on every execute)."""
    types = [table.c[n].type.compile(dialect=_DIALECT) for n in names]
    width = len(names)
    return ", ".join(
        "(" + ", ".join(f"${r * width + i + 1}::{t}" for i, t in enumerate(types)) + ")"
        for r in range(count)
    )


@cache
def _update_sql(count: int, columns: tuple[str, ...]) -> str:
    names = STEP_KEYS + columns
    sets = ", ".join(f"{n} = v.{n}" for n in columns)
    return (
        f"UPDATE interview SET {sets}, version = interview.version + 1 "
        f"FROM (VALUES {_placeholders(INTERVIEW, names, count)}) AS v({', '.join(names)}) "
        "WHERE interview.id = v.id AND interview.team_id = v.team_id "
        "AND interview.version = v.version"
    )


@cache
def _insert_sql(count: int, columns: tuple[str, ...]) -> str:
    return (
        f"INSERT INTO outbox ({', '.join(columns)}) "
        f"VALUES {_placeholders(OUTBOX, columns, count)} "
        "ON CONFLICT (interview_id, key) DO NOTHING"
    )
