"""Schedules: data access mixin for scheduled team drills (their runs: schedule_runs.py).

Exactly-once firing rests on two things: :meth:`ScheduleMethods.claim_due_schedules` locks
due rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, the ``BEGIN IMMEDIATE`` write lock on
SQLite), and ``DrillBatchMethods.claim_runs`` (:mod:`storage.drill_batches`) inserts the
(schedule, occurrence) rows with ``ON CONFLICT DO NOTHING`` against
``UNIQUE(schedule_id, occurrence_at)``: whatever the locking did, only one transaction can
ever own an occurrence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from storage.drill_batches import drill_histories
from storage.models import Schedule


class ScheduleMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session

    def create_schedule(
        self,
        *,
        team_id: str,
        channel_id: str,
        creator_id: str,
        cadence: str,
        day_of_week: str,
        time_of_day: str,
        every_weeks: int,
        timezone: str,
        format_id: str,
        topic: str | None,
        anchor_at: datetime,
        now: datetime,
    ) -> Schedule:
        """Insert an active schedule whose first run is ``anchor_at``."""
        schedule = Schedule(
            team_id=team_id,
            channel_id=channel_id,
            creator_id=creator_id,
            cadence=cadence,
            day_of_week=day_of_week,
            time_of_day=time_of_day,
            every_weeks=every_weeks,
            timezone=timezone,
            format_id=format_id,
            topic=topic,
            anchor_at=anchor_at,
            next_run_at=anchor_at,
            created_at=now,
        )
        self._session.add(schedule)
        self._session.flush()
        return schedule

    def get_schedule(self, *, team_id: str, schedule_id: int) -> Schedule | None:
        stmt = select(Schedule).where(
            col(Schedule.id) == schedule_id, col(Schedule.team_id) == team_id
        )
        return self._session.exec(stmt).first()

    def list_schedules(
        self, *, team_id: str, statuses: Sequence[str] | None = None, limit: int = 50
    ) -> list[Schedule]:
        """The team's schedules, soonest next run first (paused ones last)."""
        stmt = select(Schedule).where(col(Schedule.team_id) == team_id)
        if statuses is not None:
            stmt = stmt.where(col(Schedule.status).in_(list(statuses)))
        stmt = stmt.order_by(col(Schedule.next_run_at).is_(None), col(Schedule.next_run_at))
        return list(self._session.exec(stmt.order_by(col(Schedule.id)).limit(limit)).all())

    def update_schedule(
        self,
        *,
        team_id: str,
        schedule_id: int,
        status: str,
        next_run_at: datetime | None,
        skip_next: bool,
    ) -> Schedule | None:
        """Set the schedule's status, next run and skip flag; None if it is not there."""
        stmt = (
            update(Schedule)
            .where(col(Schedule.id) == schedule_id, col(Schedule.team_id) == team_id)
            .values(status=status, next_run_at=next_run_at, skip_next=skip_next)
            .returning(Schedule)
            .execution_options(populate_existing=True, synchronize_session=False)
        )
        return self._session.exec(stmt).scalars().one_or_none()

    def delete_schedule(self, *, team_id: str, schedule_id: int) -> bool:
        """Delete the schedule; its runs go with it (``ON DELETE CASCADE``), the drills it
        started stay."""
        result = self._session.exec(
            delete(Schedule).where(
                col(Schedule.id) == schedule_id, col(Schedule.team_id) == team_id
            )
        )
        return bool(result.rowcount)

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

    def drill_history(self, *, team_id: str) -> list[str]:
        """Question ids of the team's scheduled drills, oldest first (the rotation's input)."""
        return drill_histories(self._session, team_ids=[team_id])[team_id]
