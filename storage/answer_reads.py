"""Reading answers back: one interview's as rows, or several interviews' in one query."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Connection, Table
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from storage.models import Answer

ANSWER: Table = Answer.__table__  # type: ignore[attr-defined]


class AnswerRow(NamedTuple):
    """An answer as the retrospective reads it (no ORM object: read in bulk, never changed)."""

    user_id: str
    phase_id: str
    text: str
    posted_at: datetime


class AnswerReadMethods:
    """Answers as stored, in the order they were posted; mixed into
    :class:`storage.repository.Tx`."""

    _session: Session
    _connection: Connection

    def answers(
        self, *, team_id: str, interview_id: int, include_deleted: bool = False
    ) -> list[Answer]:
        """The interview's answers in the order they were posted."""
        stmt = select(Answer).where(
            col(Answer.team_id) == team_id, col(Answer.interview_id) == interview_id
        )
        if not include_deleted:
            stmt = stmt.where(col(Answer.deleted_at).is_(None))
        stmt = stmt.order_by(col(Answer.posted_at), col(Answer.id))
        return list(self._session.exec(stmt).all())

    def answers_of(self, interviews: Sequence[tuple[str, int]]) -> dict[int, list[AnswerRow]]:
        """The current answers of several interviews, each given as ``(team_id,
        interview_id)``, in the order they were posted: one query for the scheduler's tick,
        whatever the number of interviews that finish in it."""
        if not interviews:
            return {}
        a = ANSWER.c
        # Two plain IN lists, not a (team_id, interview_id) row-value IN: SQLite searches
        # the unique index with those, and with a row value only by team. Only the pairs
        # asked for are kept, so an interview id never crosses into another team.
        wanted = set(interviews)
        stmt = (
            core_select(a.team_id, a.interview_id, a.user_id, a.phase_id, a.text, a.posted_at)
            .where(
                a.team_id.in_({team_id for team_id, _ in wanted}),
                a.interview_id.in_({interview_id for _, interview_id in wanted}),
                a.deleted_at.is_(None),
            )
            .order_by(a.interview_id, a.posted_at, a.id)
        )
        found: dict[int, list[AnswerRow]] = {interview_id: [] for _, interview_id in interviews}
        for row in self._connection.execute(stmt):
            if (row.team_id, row.interview_id) in wanted:
                found[row.interview_id].append(
                    AnswerRow(row.user_id, row.phase_id, row.text, row.posted_at)
                )
        return found
