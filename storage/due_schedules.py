"""The drill clock's claim: active schedules whose next run has come, locked; data access mixin.

Exactly-once firing rests on two things: :meth:`DueScheduleMethods.claim_due_schedules` locks
due rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, the ``BEGIN IMMEDIATE`` write lock on
SQLite), and ``DrillBatchMethods.claim_runs`` (:mod:`storage.drill_batches`) inserts the
(schedule, occurrence) rows with ``ON CONFLICT DO NOTHING`` against
``UNIQUE(schedule_id, occurrence_at)``: whatever the locking did, only one transaction can
ever own an occurrence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import Schedule


class DueScheduleMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session

    def claim_due_schedules(
        self,
        *,
        now: datetime,
        limit: int,
        exclude_ids: Sequence[int] = (),
        team_ids: Sequence[str] | None = None,
    ) -> list[Schedule]:
        """Active schedules whose ``next_run_at`` has come, oldest first, locked until the
        transaction ends; of every team (the worker's query, so not team-scoped) or of
        ``team_ids``."""
        stmt = select(Schedule).where(
            col(Schedule.status) == "active", col(Schedule.next_run_at) <= now
        )
        if team_ids is not None:
            stmt = stmt.where(col(Schedule.team_id).in_(list(team_ids)))
        if exclude_ids:
            stmt = stmt.where(col(Schedule.id).not_in(list(exclude_ids)))
        stmt = (
            stmt.order_by(col(Schedule.next_run_at), col(Schedule.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(self._session.exec(stmt).all())
