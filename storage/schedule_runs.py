"""Schedule runs, one per (schedule, occurrence): the drill each started, and whether its
channel has been told (a miss, or the drill's week board); data access mixin."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.models import Interview, ScheduleRun


class ScheduleRunMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session

    def set_run_interview(self, *, team_id: str, run_id: int, interview_id: int) -> None:
        self._session.exec(
            update(ScheduleRun)
            .where(col(ScheduleRun.id) == run_id, col(ScheduleRun.team_id) == team_id)
            .values(interview_id=interview_id)
        )

    def schedule_runs(self, *, team_id: str, schedule_id: int) -> list[ScheduleRun]:
        """Every recorded occurrence of the schedule, oldest first."""
        stmt = select(ScheduleRun).where(
            col(ScheduleRun.team_id) == team_id, col(ScheduleRun.schedule_id) == schedule_id
        )
        return list(self._session.exec(stmt.order_by(col(ScheduleRun.occurrence_at))).all())

    def mark_runs_reported(self, *, team_id: str, run_ids: Sequence[int]) -> None:
        """The channel has been told about these runs (a miss, or a drill's week board)."""
        if run_ids:
            self._session.exec(
                update(ScheduleRun)
                .where(col(ScheduleRun.team_id) == team_id, col(ScheduleRun.id).in_(list(run_ids)))
                .values(reported=True)
            )

    def run_for_interview(self, *, team_id: str, interview_id: int) -> ScheduleRun | None:
        stmt = select(ScheduleRun).where(
            col(ScheduleRun.team_id) == team_id, col(ScheduleRun.interview_id) == interview_id
        )
        return self._session.exec(stmt).first()

    def finished_unreported_drills(self, *, limit: int) -> list[tuple[ScheduleRun, Interview]]:
        """Fired runs whose drill has finished and whose end has not been announced yet
        (the worker's query, every team), locked so one worker announces each."""
        stmt = (
            select(ScheduleRun, Interview)
            .join(Interview, col(Interview.id) == col(ScheduleRun.interview_id))
            .where(
                col(ScheduleRun.status) == "fired",
                col(ScheduleRun.reported).is_(False),
                col(Interview.status) == "finished",
            )
            .order_by(col(ScheduleRun.id))
            .limit(limit)
            .with_for_update(of=ScheduleRun, skip_locked=True)
        )
        return [(run, row) for run, row in self._session.exec(stmt).all()]
