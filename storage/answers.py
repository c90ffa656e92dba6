"""Storing answers (a redelivered message is stored once); data access mixin.

Which interview a reply answers is found in :mod:`storage.answer_targets`; edits and
deletions are in :mod:`storage.answer_edits`, reading back in :mod:`storage.answer_reads`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Table
from sqlmodel import Session

from storage._sql import insert_ignoring_duplicates
from storage.models import Answer
from storage.scoping import require_interview

ANSWER: Table = Answer.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class NewAnswer:
    """An answer to store with :meth:`storage.answer_saves.AnswerSavingMethods.save_answer`."""

    user_id: str
    message_ts: str
    phase_id: str
    text: str
    posted_at: datetime


class AnswerMethods:
    """Answer data access; mixed into :class:`storage.repository.Tx`."""

    _session: Session
    _connection: Connection

    def add_answer(
        self,
        *,
        team_id: str,
        interview_id: int,
        user_id: str,
        message_ts: str,
        phase_id: str,
        text: str,
        posted_at: datetime,
    ) -> Answer | None:
        """Store an answer; ``None`` if this message was already stored (a redelivery).

        Raises :class:`storage.errors.InterviewNotFound` if the interview is not in the team.
        """
        require_interview(self._connection, team_id=team_id, interview_id=interview_id)
        row = {
            "team_id": team_id,
            "interview_id": interview_id,
            "user_id": user_id,
            "message_ts": message_ts,
            "phase_id": phase_id,
            "text": text,
            "posted_at": posted_at,
        }
        stmt = insert_ignoring_duplicates(
            self._connection, Answer, row, unique=("team_id", "interview_id", "message_ts")
        ).returning(Answer)
        inserted: Answer | None = self._session.exec(stmt).scalars().one_or_none()
        return inserted
