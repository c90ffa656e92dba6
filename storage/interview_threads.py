"""An interview's Slack thread: recorded once its question is delivered, read by delivery
with every lease; data access mixin."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, bindparam, update
from sqlmodel import Session, col, select

from storage.interviews import INTERVIEW
from storage.models import Interview
from storage.scoping import require_interview

_SET_THREAD = (
    update(INTERVIEW)
    .where(INTERVIEW.c.id == bindparam("interview"), INTERVIEW.c.team_id == bindparam("team"))
    .values(thread_ts=bindparam("ts"))
)


class InterviewThreadMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session
    _connection: Connection

    def set_thread(self, *, team_id: str, interview_id: int, thread_ts: str) -> None:
        """Record the thread once the question message is delivered.

        Does not bump ``version``: the thread is delivery metadata, not engine state, so a
        step computed concurrently stays valid. Raises
        :class:`storage.errors.InterviewNotFound` if the interview is not in the team.
        """
        require_interview(self._connection, team_id=team_id, interview_id=interview_id)
        self._session.exec(
            update(Interview)
            .where(col(Interview.id) == interview_id, col(Interview.team_id) == team_id)
            .values(thread_ts=thread_ts)
        )

    def set_threads(self, *, threads: list[tuple[str, int, str]]) -> None:
        """:meth:`set_thread` for many (team id, interview id, thread ts) at once; an
        interview deleted meanwhile is skipped, not an error (nothing is left to thread)."""
        if threads:
            self._session.connection().execute(
                _SET_THREAD, [{"team": t, "interview": i, "ts": ts} for t, i, ts in threads]
            )

    def threads_of(
        self, *, interviews: Iterable[tuple[str, int]]
    ) -> dict[tuple[str, int], str | None]:
        """The thread ts of each (team id, interview id), None before its question is
        posted; interviews that do not exist (deleted, or not the team's) are left out."""
        wanted = set(interviews)
        rows = self._session.exec(
            select(Interview.team_id, Interview.id, Interview.thread_ts).where(
                col(Interview.team_id).in_(sorted({team_id for team_id, _ in wanted})),
                col(Interview.id).in_(sorted({i for _, i in wanted})),
            )
        ).all()
        return {
            (team_id, i): ts for team_id, i, ts in rows if i is not None and (team_id, i) in wanted
        }
