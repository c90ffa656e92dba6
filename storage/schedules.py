"""Schedules: data access mixin for scheduled team drills (their runs: schedule_runs.py;
claiming the due ones: due_schedules.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

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
