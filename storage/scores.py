"""Scores, team settings, preferences, and a person's right to leave: data access mixin."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, Table, delete, insert, update
from sqlmodel import Session, col, select

from storage.models import (
    Answer,
    AnswerRevision,
    Interview,
    MemberPreference,
    OutboxItem,
    Participant,
    Score,
    TeamSetting,
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


@dataclass(frozen=True)
class Forgotten:
    """What forgetting a person removed (for the confirmation message)."""

    answers: int
    scores: int
    interviews: int


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

    def team_setting(self, *, team_id: str) -> TeamSetting | None:
        return self._session.get(TeamSetting, team_id)

    def set_team_setting(
        self,
        *,
        team_id: str,
        now: datetime,
        timezone: str | None = None,
        retention_days: int | None = None,
        clear_retention: bool = False,
    ) -> TeamSetting:
        setting = self._session.get(TeamSetting, team_id) or TeamSetting(
            team_id=team_id, updated_at=now
        )
        if timezone is not None:
            setting.timezone = timezone
        if retention_days is not None or clear_retention:
            setting.retention_days = retention_days
        setting.updated_at = now
        self._session.add(setting)
        self._session.flush()
        return setting

    def set_hidden(self, *, team_id: str, user_id: str, hidden: bool, now: datetime) -> None:
        pref = self._session.get(MemberPreference, (team_id, user_id)) or MemberPreference(
            team_id=team_id, user_id=user_id, updated_at=now
        )
        pref.leaderboard_hidden = hidden
        pref.updated_at = now
        self._session.add(pref)
        self._session.flush()

    def hidden_users(self, *, team_id: str) -> set[str]:
        stmt = select(MemberPreference.user_id).where(
            col(MemberPreference.team_id) == team_id,
            col(MemberPreference.leaderboard_hidden).is_(True),
        )
        return set(self._session.exec(stmt).all())

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
