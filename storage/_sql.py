"""Small SQL helpers shared by the repository modules."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, CursorResult, bindparam
from sqlalchemy import select as core_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.dml import Insert
from sqlmodel import Session, SQLModel

from storage.errors import InterviewNotFound, StorageError
from storage.models import Interview


def insert_ignoring_duplicates(
    session: Session,
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
    dialect = session.get_bind().dialect.name
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


def require_interview(session: Session, *, team_id: str, interview_id: int) -> None:
    """Raise :class:`InterviewNotFound` unless the interview exists in ``team_id``.

    Child rows carry their own ``team_id``; checking the parent first stops a caller from
    attaching rows to another team's interview.
    """
    # Core and prebuilt: it runs before every child row written, answers included. (No
    # autoflush: interviews are flushed as they are created.)
    found = (
        session.connection()
        .execute(_INTERVIEW_IN_TEAM, {"interview_id": interview_id, "team_id": team_id})
        .first()
    )
    if found is None:
        raise InterviewNotFound(interview_id, team_id=team_id)


_TABLE = Interview.__table__  # type: ignore[attr-defined]
_INTERVIEW_IN_TEAM = core_select(_TABLE.c.id).where(
    _TABLE.c.id == bindparam("interview_id"), _TABLE.c.team_id == bindparam("team_id")
)


def insert_values(
    connection: Connection, stmt: Insert, rows: Sequence[Mapping[str, Any]]
) -> CursorResult[Any]:
    """Run ``stmt``, a prebuilt INSERT without VALUES (e.g. :func:`insert_ignoring_duplicates`
    with ``rows=None``, maybe with RETURNING), for all ``rows`` (each with the same keys).

    On SQLite as ONE multi-row ``INSERT ... VALUES (...), (...)`` sent straight to the
    driver, whose ``rowcount`` is how many rows were inserted. SQLAlchemy would run an
    executemany there, one statement per row, each letting go of the GIL (so the writer
    thread of thread answers waits for it again behind busy request threads), or compile a
    new multi-row statement for every row count (milliseconds each). Here the one-row SQL
    is compiled once and repeated, and each value goes through its column type's bind
    processor. On PostgreSQL, SQLAlchemy's own batching ("insertmanyvalues") already sends
    one statement; read what was inserted with RETURNING.
    """
    if connection.dialect.name != "sqlite":
        return connection.execute(stmt, list(rows))
    names = tuple(rows[0])
    key = (stmt, names)
    template = _TEMPLATES.get(key)
    if template is None:
        template = _template(stmt, connection.dialect, names)
        _TEMPLATES[key] = template
    sql = template.sql(len(rows))
    processors = template.processors
    params = tuple(
        value if process is None else process(value)
        for row in rows
        for value, process in zip((row[name] for name in names), processors, strict=True)
    )
    return connection.exec_driver_sql(sql, params)


@dataclass
class _Template:
    """A one-row INSERT split around its ``(?, ?, ...)``, for any number of rows."""

    head: str
    row: str
    tail: str
    processors: tuple[Callable[[Any], Any] | None, ...]
    by_count: dict[int, str] = field(default_factory=dict)

    def sql(self, count: int) -> str:
        sql = self.by_count.get(count)
        if sql is None:
            sql = self.by_count[count] = self.head + ", ".join([self.row] * count) + self.tail
        return sql


_TEMPLATES: dict[tuple[Insert, tuple[str, ...]], _Template] = {}


def _template(stmt: Insert, dialect: Dialect, names: tuple[str, ...]) -> _Template:
    columns = stmt.table.c
    one = stmt.values({name: bindparam(name, type_=columns[name].type) for name in names})
    compiled = one.compile(dialect=dialect)
    row = "(" + ", ".join("?" * len(names)) + ")"
    head, found, tail = compiled.string.partition(f" VALUES {row}")
    if not found or row in tail or tuple(compiled.positiontup or ()) != names:
        raise StorageError(f"cannot repeat the VALUES of {compiled.string!r}")
    processors = tuple(columns[name].type._cached_bind_processor(dialect) for name in names)
    return _Template(head + " VALUES ", row, tail, processors)
