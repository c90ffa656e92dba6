"""Interviews the clock has ended whose retrospectives are still to be written; data access
mixin.

Grading every participant of an interview takes tens of milliseconds. When hundreds of
interviews end in the same minute, doing it in the clock's pass would hold up every other
interview's phase change and nudge, so the clock saves the end and leaves a row here, and
a pass of its own (:mod:`bot.interviews.retrospective_pass`) writes the retrospectives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, delete, insert, or_, tuple_
from sqlalchemy import select as core_select
from sqlmodel import col

from storage import leasing
from storage.due_interviews import DUE_COLUMNS, DueInterview
from storage.interviews import INTERVIEW
from storage.lanes import UNTIMED
from storage.models import OutboxItem, RetrospectiveDue

RETRO_DUE = RetrospectiveDue.__table__  # type: ignore[attr-defined]


class RetrospectivesDueMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _connection: Connection

    def defer_retrospectives(self, *, ended: Sequence[tuple[str, int]], now: datetime) -> None:
        """Remember that the interviews ``ended`` (team id, interview id) need their
        retrospectives; in the transaction that saves their final step."""
        if ended:
            rows = [{"team_id": t, "interview_id": i, "ended_at": now} for t, i in ended]
            self._connection.execute(insert(RETRO_DUE), rows)

    def claim_retrospectives(
        self, *, limit: int, team_id: str | None = None, exclude_team: str | None = None
    ) -> list[DueInterview]:
        """Up to ``limit`` ended interviews whose retrospectives are due, oldest end first,
        taken off the list: write them in this transaction, so a crash puts them back.
        Two workers take different ones (``SKIP LOCKED``; SQLite has one writer at a time)."""
        c = RETRO_DUE.c
        pick = core_select(c.team_id, c.interview_id).order_by(c.ended_at, c.interview_id)
        if team_id is not None:
            pick = pick.where(c.team_id == team_id)
        if exclude_team is not None:
            pick = pick.where(c.team_id != exclude_team)
        keys = [
            tuple(k)
            for k in self._connection.execute(pick.limit(limit).with_for_update(skip_locked=True))
        ]
        if not keys:
            return []
        self._connection.execute(
            delete(RETRO_DUE).where(tuple_(c.team_id, c.interview_id).in_(keys))
        )
        i = INTERVIEW.c
        rows = cast(
            Iterable[tuple[Any, ...]],
            self._connection.execute(
                core_select(*DUE_COLUMNS)
                .where(tuple_(i.team_id, i.id).in_(keys))
                .order_by(i.finished_at, i.id)
            ),
        )
        return [DueInterview(*row) for row in rows]

    def timed_messages_waiting(
        self,
        *,
        now: datetime,
        longer_than: timedelta,
        team_id: str | None = None,
        exclude_team: str | None = None,
    ) -> bool:
        """Whether a message people are timing (anything but :data:`storage.lanes.UNTIMED`),
        not being sent right now, has waited for more than ``longer_than``: delivery is
        behind, and grading, which takes the same CPU, should hold back."""
        waiting = core_select(col(OutboxItem.id)).where(
            col(OutboxItem.sent_at).is_(None),
            col(OutboxItem.next_attempt_at) <= now - longer_than,
            or_(col(OutboxItem.lease_until).is_(None), col(OutboxItem.lease_until) <= now),
            OutboxItem.payload["kind"].as_string().not_in(UNTIMED),
        )
        waiting = leasing.scoped(waiting, team_id, exclude_team, None)
        return self._connection.execute(waiting.limit(1)).first() is not None
