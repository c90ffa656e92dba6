"""Many scheduled drills fired in one transaction: the writes of a Monday-9:00 burst.

A pass of the drill clock claims a batch of due schedules and does each step for all of
them in one statement (runs claimed, interviews opened: :mod:`storage.interview_batches`,
schedules advanced) instead of a dozen statements per drill. The guarantees stay those of
:mod:`storage.due_schedules`: the batch's schedules are locked, each occurrence is claimed
through ``UNIQUE(schedule_id, occurrence_at)``, and the batch commits whole or not at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, update
from sqlmodel import Session, col, select

from storage._sql import insert_ignoring_duplicates
from storage.models import Schedule, ScheduleRun

_SCHEDULE = Schedule.__table__  # type: ignore[attr-defined]
_RUN = ScheduleRun.__table__  # type: ignore[attr-defined]

_ADVANCE = (
    update(_SCHEDULE)
    .where(_SCHEDULE.c.id == bindparam("schedule_id"), _SCHEDULE.c.team_id == bindparam("team"))
    .values(next_run_at=bindparam("new_next_run_at"), skip_next=bindparam("new_skip_next"))
)
_SET_INTERVIEW = (
    update(_RUN)
    .where(_RUN.c.id == bindparam("run_id"), _RUN.c.team_id == bindparam("team"))
    .values(interview_id=bindparam("interview"))
)


@dataclass(frozen=True)
class ScheduleAdvance:
    """A fired schedule's next occurrence, and whether a pending skip is still pending."""

    team_id: str
    schedule_id: int
    next_run_at: datetime
    skip_next: bool


class DrillBatchMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session
    _connection: Connection

    def claim_runs(self, *, runs: Sequence[dict[str, Any]]) -> dict[int, ScheduleRun]:
        """Record each occurrence (rows of team_id, schedule_id, occurrence_at, status,
        created_at); returns the runs this call recorded by schedule id, leaving out those
        already recorded by this process or another."""
        if not runs:
            return {}
        rows = [run | {"reported": False} for run in runs]
        stmt = insert_ignoring_duplicates(
            self._connection, ScheduleRun, rows, unique=("schedule_id", "occurrence_at")
        ).returning(ScheduleRun)
        claimed: list[ScheduleRun] = list(self._session.exec(stmt).scalars().all())
        return {run.schedule_id: run for run in claimed}

    def set_runs_interviews(self, *, links: Sequence[tuple[str, int, int]]) -> None:
        """(team_id, run id, interview id): the drill each fired run started."""
        rows = [{"team": t, "run_id": r, "interview": i} for t, r, i in links]
        if rows:
            self._connection.execute(_SET_INTERVIEW, rows)

    def unreported_misses_of(
        self, *, schedules: Sequence[tuple[str, int]]
    ) -> dict[int, list[ScheduleRun]]:
        """(team_id, schedule id) -> that schedule's missed runs not told yet, oldest first;
        schedules without any are left out."""
        if not schedules:
            return {}
        teams = {team for team, _ in schedules}
        stmt = select(ScheduleRun).where(
            col(ScheduleRun.team_id).in_(sorted(teams)),
            col(ScheduleRun.schedule_id).in_([s for _, s in schedules]),
            col(ScheduleRun.status) == "missed",
            col(ScheduleRun.reported).is_(False),
        )
        wanted = set(schedules)
        found: dict[int, list[ScheduleRun]] = defaultdict(list)
        for run in self._session.exec(stmt.order_by(col(ScheduleRun.occurrence_at))).all():
            if (run.team_id, run.schedule_id) in wanted:
                found[run.schedule_id].append(run)
        return dict(found)

    def advance_schedules(self, *, advances: Sequence[ScheduleAdvance]) -> None:
        """Move each schedule to its next occurrence (its status unchanged)."""
        rows = [
            {
                "team": a.team_id,
                "schedule_id": a.schedule_id,
                "new_next_run_at": a.next_run_at,
                "new_skip_next": a.skip_next,
            }
            for a in advances
        ]
        if rows:
            self._connection.execute(_ADVANCE, rows)
