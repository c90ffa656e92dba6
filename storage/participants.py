"""Participants: who takes part in an interview, in the order they joined; data access mixin."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection
from sqlmodel import Session, col, select

from storage._sql import insert_ignoring_duplicates
from storage.models import Participant
from storage.scoping import require_interview


class ParticipantMethods:
    """Participant data access; mixed into :class:`storage.repository.Tx`."""

    _session: Session
    _connection: Connection

    def add_participant(
        self, *, team_id: str, interview_id: int, user_id: str, now: datetime
    ) -> bool:
        """Record that ``user_id`` takes part; True if they were not a participant yet.

        Raises :class:`storage.errors.InterviewNotFound` if the interview is not in the team.
        """
        require_interview(self._connection, team_id=team_id, interview_id=interview_id)
        row = {
            "team_id": team_id,
            "interview_id": interview_id,
            "user_id": user_id,
            "joined_at": now,
        }
        stmt = insert_ignoring_duplicates(
            self._connection, Participant, row, unique=("team_id", "interview_id", "user_id")
        )
        return self._session.exec(stmt).rowcount == 1

    def participants(self, *, team_id: str, interview_id: int) -> list[Participant]:
        """The interview's participants in the order they joined."""
        stmt = (
            select(Participant)
            .where(
                col(Participant.team_id) == team_id,
                col(Participant.interview_id) == interview_id,
            )
            .order_by(col(Participant.joined_at), col(Participant.id))
        )
        return list(self._session.exec(stmt).all())
