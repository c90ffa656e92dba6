"""Scores: each participant's, written when an interview finishes; data access mixin."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, Table, delete, insert
from sqlmodel import Session, col, select

from storage.models import (
    Score,
)

SCORE: Table = Score.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class NewScore:
    user_id: str
    score: int
    on_time_phases: int
    answered_phases: int
    breakdown: dict[str, Any]
    retrospective: str


class InterviewScores(NamedTuple):
    """Every participant's score in one finished interview."""

    team_id: str
    interview_id: int
    finished_at: datetime
    scores: Sequence[NewScore]


class ScoreMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session
    _connection: Connection

    def save_scores(
        self, *, team_id: str, interview_id: int, scores: Sequence[NewScore], finished_at: datetime
    ) -> None:
        """Replace the interview's scores (idempotent: a re-run writes the same rows)."""
        self.save_scores_of([InterviewScores(team_id, interview_id, finished_at, scores)])

    def save_scores_of(self, interviews: Sequence[InterviewScores]) -> None:
        """:meth:`save_scores` for several interviews at once (those finishing in one
        scheduler tick): one DELETE and one INSERT, whatever their number."""
        if not interviews:
            return
        # Two IN lists, not a (team_id, interview_id) row value, which SQLite searches by
        # team only (or not at all). Equivalent: an interview id belongs to one team.
        self._connection.execute(
            delete(SCORE).where(
                SCORE.c.team_id.in_({i.team_id for i in interviews}),
                SCORE.c.interview_id.in_({i.interview_id for i in interviews}),
            )
        )
        rows = [
            {
                "team_id": i.team_id,
                "interview_id": i.interview_id,
                "user_id": s.user_id,
                "score": s.score,
                "on_time_phases": s.on_time_phases,
                "answered_phases": s.answered_phases,
                "breakdown": s.breakdown,
                "retrospective": s.retrospective,
                "finished_at": i.finished_at,
            }
            for i in interviews
            for s in i.scores
        ]
        if rows:
            self._connection.execute(insert(SCORE), rows)

    def scores(self, *, team_id: str, user_id: str | None = None) -> list[Score]:
        stmt = select(Score).where(col(Score.team_id) == team_id)
        if user_id is not None:
            stmt = stmt.where(col(Score.user_id) == user_id)
        return list(self._session.exec(stmt.order_by(col(Score.finished_at).desc())).all())

    def score(self, *, team_id: str, interview_id: int, user_id: str) -> Score | None:
        stmt = select(Score).where(
            col(Score.team_id) == team_id,
            col(Score.interview_id) == interview_id,
            col(Score.user_id) == user_id,
        )
        return self._session.exec(stmt).first()
