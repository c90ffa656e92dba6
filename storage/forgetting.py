"""A person's right to leave: forgetting everything of theirs in a team; data access mixin."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from storage.models import (
    Answer,
    AnswerRevision,
    Interview,
    MemberPreference,
    OutboxItem,
    Participant,
    Score,
)


@dataclass(frozen=True)
class Forgotten:
    """What forgetting a person removed (for the confirmation message)."""

    answers: int
    scores: int
    interviews: int


class ForgettingMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session

    def forget_user(self, *, team_id: str, user_id: str) -> Forgotten:
        """Delete the person's answers (with their history), scores, participation and
        private messages in this team. Nobody else's rows are touched."""
        answer_ids = select(Answer.id).where(
            col(Answer.team_id) == team_id, col(Answer.user_id) == user_id
        )
        self._session.exec(
            delete(AnswerRevision).where(
                col(AnswerRevision.team_id) == team_id,
                col(AnswerRevision.answer_id).in_(answer_ids),
            )
        )
        answers = self._session.exec(
            delete(Answer).where(col(Answer.team_id) == team_id, col(Answer.user_id) == user_id)
        ).rowcount
        scores = self._session.exec(
            delete(Score).where(col(Score.team_id) == team_id, col(Score.user_id) == user_id)
        ).rowcount
        interviews = self._session.exec(
            delete(Participant).where(
                col(Participant.team_id) == team_id, col(Participant.user_id) == user_id
            )
        ).rowcount
        self._session.exec(
            delete(OutboxItem).where(
                col(OutboxItem.team_id) == team_id, col(OutboxItem.user_id) == user_id
            )
        )
        self._session.exec(
            delete(MemberPreference).where(
                col(MemberPreference.team_id) == team_id, col(MemberPreference.user_id) == user_id
            )
        )
        return Forgotten(answers=int(answers), scores=int(scores), interviews=int(interviews))

    def scrub_interview_states(self, *, team_id: str, user_id: str, placeholder: str) -> int:
        """Remove the person from interview states (answer times) and hosting."""
        changed = 0
        rows = self._session.exec(select(Interview).where(col(Interview.team_id) == team_id))
        for row in rows.all():
            state = dict(row.state)
            spoke = dict(state.get("last_spoke", {}))
            touched = spoke.pop(user_id, None) is not None or row.host_id == user_id
            if state.get("host") == user_id:
                state["host"] = placeholder
                touched = True
            if touched:
                state["last_spoke"] = spoke
                self._session.exec(
                    update(Interview)
                    .where(col(Interview.id) == row.id)
                    .values(
                        state=state,
                        host_id=placeholder if row.host_id == user_id else row.host_id,
                        version=col(Interview.version) + 1,
                    )
                )
                changed += 1
        return changed
