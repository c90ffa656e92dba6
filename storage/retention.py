"""Retention: the teams that keep answers for a limited time, and deleting the older ones;
data access mixin."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from storage.models import Answer, AnswerRevision, TeamSetting


class RetentionMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session

    def purge_old_answers(self, *, team_id: str, before: datetime) -> int:
        """Retention: delete answers (and their history) posted before ``before``."""
        old = select(Answer.id).where(
            col(Answer.team_id) == team_id, col(Answer.posted_at) < before
        )
        self._session.exec(
            delete(AnswerRevision).where(
                col(AnswerRevision.team_id) == team_id, col(AnswerRevision.answer_id).in_(old)
            )
        )
        return int(
            self._session.exec(
                delete(Answer).where(col(Answer.team_id) == team_id, col(Answer.posted_at) < before)
            ).rowcount
        )

    def teams_with_retention(self) -> list[TeamSetting]:
        stmt = select(TeamSetting).where(col(TeamSetting.retention_days).is_not(None))
        return list(self._session.exec(stmt).all())
