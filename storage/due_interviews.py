"""The scheduler's claim: running interviews whose next event has come, locked and read as
plain rows; data access mixin."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection
from sqlalchemy import select as core_select

from storage.interviews import INTERVIEW


@dataclass(frozen=True, slots=True)
class DueInterview:
    """A row claimed by :meth:`DueInterviewMethods.claim_due`: the columns a tick reads."""

    id: int
    team_id: str
    channel_id: str
    source: str
    question_id: str
    format_id: str
    state: dict[str, Any]
    version: int


DUE_COLUMNS = tuple(INTERVIEW.c[f.name] for f in fields(DueInterview))
"""The columns a :class:`DueInterview` is read from, in its fields' order."""


class DueInterviewMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _connection: Connection

    def claim_due(
        self,
        *,
        now: datetime,
        limit: int,
        team_id: str | None = None,
        exclude_team: str | None = None,
    ) -> list[DueInterview]:
        """Running interviews whose ``next_event_at`` has come, oldest first: of every
        team (the scheduler), of ``team_id`` only, or of every team but ``exclude_team``
        (Slack workers leave the terminal's local interviews to the terminal).

        The rows stay locked until the transaction ends (``FOR UPDATE SKIP LOCKED`` on
        PostgreSQL, so concurrent workers claim different rows; on SQLite the
        ``BEGIN IMMEDIATE`` transaction already excludes other writers). Run the engine and
        :meth:`save_step` in the same transaction.
        """
        c = INTERVIEW.c
        stmt = core_select(*DUE_COLUMNS).where(c.status == "running", c.next_event_at <= now)
        if team_id is not None:
            stmt = stmt.where(c.team_id == team_id)
        if exclude_team is not None:
            stmt = stmt.where(c.team_id != exclude_team)
        stmt = stmt.order_by(c.next_event_at, c.id).limit(limit).with_for_update(skip_locked=True)
        # Plain rows, not ORM objects: the tick only reads them, and hydrating and then
        # updating 100 tracked objects per tick cost more than the SQL.
        rows = cast(Iterable[tuple[Any, ...]], self._connection.execute(stmt))
        return [DueInterview(*row) for row in rows]
