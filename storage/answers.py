"""Participants and their answers, with edit history and soft deletion."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Table, tuple_, update
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from storage._sql import insert_ignoring_duplicates, require_interview
from storage.models import Answer, AnswerRevision, Participant

ANSWER: Table = Answer.__table__  # type: ignore[attr-defined]


class AnswerRow(NamedTuple):
    """An answer as the retrospective reads it (no ORM object: read in bulk, never changed)."""

    user_id: str
    phase_id: str
    text: str
    posted_at: datetime


class AnswerMethods:
    """Participant and answer data access; mixed into :class:`storage.repository.Tx`."""

    _session: Session

    def add_participant(
        self, *, team_id: str, interview_id: int, user_id: str, now: datetime
    ) -> bool:
        """Record that ``user_id`` takes part; True if they were not a participant yet.

        Raises :class:`storage.errors.InterviewNotFound` if the interview is not in the team.
        """
        require_interview(self._session, team_id=team_id, interview_id=interview_id)
        row = {
            "team_id": team_id,
            "interview_id": interview_id,
            "user_id": user_id,
            "joined_at": now,
        }
        stmt = insert_ignoring_duplicates(
            self._session, Participant, row, unique=("interview_id", "user_id")
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
        """Store a reply; ``None`` if this message was already stored (a redelivery).

        Raises :class:`storage.errors.InterviewNotFound` if the interview is not in the team.
        """
        require_interview(self._session, team_id=team_id, interview_id=interview_id)
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
            self._session, Answer, row, unique=("interview_id", "message_ts")
        ).returning(Answer)
        inserted: Answer | None = self._session.exec(stmt).scalars().one_or_none()
        return inserted

    def edit_answer(
        self,
        *,
        team_id: str,
        interview_id: int,
        message_ts: str,
        text: str,
        edited_at: datetime,
    ) -> Answer | None:
        """Replace an answer's text, keeping the old text as an :class:`AnswerRevision`.

        Returns ``None`` if there is no such (undeleted) answer, e.g. a message posted
        before the bot followed the thread. Slack also reports "edits" that only add a link
        preview: an unchanged text returns the answer as it is, with no revision.
        """
        stmt = (
            select(Answer)
            .where(
                col(Answer.team_id) == team_id,
                col(Answer.interview_id) == interview_id,
                col(Answer.message_ts) == message_ts,
                col(Answer.deleted_at).is_(None),
            )
            .with_for_update()  # two edits at once must not lose a revision
        )
        answer = self._session.exec(stmt).first()
        if answer is None or answer.text == text:
            return answer
        assert answer.id is not None  # loaded from the database
        self._session.add(
            AnswerRevision(
                team_id=team_id, answer_id=answer.id, text=answer.text, replaced_at=edited_at
            )
        )
        answer.text = text
        answer.edited_at = edited_at
        self._session.flush()
        return answer

    def delete_answer(
        self, *, team_id: str, interview_id: int, message_ts: str, deleted_at: datetime
    ) -> bool:
        """Soft-delete an answer (history is kept); True if it existed and was not deleted."""
        stmt = (
            update(Answer)
            .where(
                col(Answer.team_id) == team_id,
                col(Answer.interview_id) == interview_id,
                col(Answer.message_ts) == message_ts,
                col(Answer.deleted_at).is_(None),
            )
            .values(deleted_at=deleted_at)
        )
        return self._session.exec(stmt).rowcount == 1

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
        stmt = (
            core_select(a.team_id, a.interview_id, a.user_id, a.phase_id, a.text, a.posted_at)
            .where(
                tuple_(a.team_id, a.interview_id).in_(list(interviews)),
                a.deleted_at.is_(None),
            )
            .order_by(a.interview_id, a.posted_at, a.id)
        )
        found: dict[int, list[AnswerRow]] = {interview_id: [] for _, interview_id in interviews}
        for row in self._session.connection().execute(stmt):
            found[row.interview_id].append(
                AnswerRow(row.user_id, row.phase_id, row.text, row.posted_at)
            )
        return found

    def answer_history(self, *, team_id: str, answer_id: int) -> list[AnswerRevision]:
        """Previous texts of an answer, oldest first (empty if never edited)."""
        stmt = (
            select(AnswerRevision)
            .where(
                col(AnswerRevision.team_id) == team_id,
                col(AnswerRevision.answer_id) == answer_id,
            )
            .order_by(col(AnswerRevision.replaced_at), col(AnswerRevision.id))
        )
        return list(self._session.exec(stmt).all())
