"""Answers changed after the fact: an edit keeps the old text as a revision, a deletion is
soft (the answer stays, marked deleted), so nothing a person wrote is lost until they ask."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.models import Answer, AnswerRevision


class AnswerEditMethods:
    """Edits, deletions and revisions; mixed into :class:`storage.repository.Tx`."""

    _session: Session

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
