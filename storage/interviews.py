"""Interview rows: creation, look-ups and the scheduler's claim (saving steps: step_saves.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, cast

from sqlalchemy import Connection, Table, bindparam, or_, update
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from storage._sql import require_interview
from storage.models import Interview, Participant

if TYPE_CHECKING:
    pass

INTERVIEW: Table = Interview.__table__  # type: ignore[attr-defined]
_SET_THREAD = (
    update(INTERVIEW)
    .where(INTERVIEW.c.id == bindparam("interview"), INTERVIEW.c.team_id == bindparam("team"))
    .values(thread_ts=bindparam("ts"))
)


class InterviewRef(Protocol):
    """What saving a step needs to know of its interview: an ORM :class:`Interview` or a
    :class:`DueInterview` claimed by the scheduler."""

    @property
    def id(self) -> int | None: ...
    @property
    def team_id(self) -> str: ...
    @property
    def channel_id(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def question_id(self) -> str: ...
    @property
    def format_id(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def state(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class DueInterview:
    """A row claimed by :meth:`InterviewMethods.claim_due`: the columns a tick reads."""

    id: int
    team_id: str
    channel_id: str
    source: str
    question_id: str
    format_id: str
    state: dict[str, Any]
    version: int


DUE_COLUMNS = tuple(INTERVIEW.c[f.name] for f in fields(DueInterview))
"""The columns a :class:`DueInterview` is read from, in its fields' order."""


class InterviewMethods:
    """Interview data access; mixed into :class:`storage.repository.Tx`."""

    _session: Session
    _connection: Connection

    def create_interview(
        self,
        *,
        team_id: str,
        channel_id: str,
        thread_ts: str | None,
        host_id: str,
        source: str,
        question_id: str,
        format_id: str,
        status: str,
        phase_id: str,
        phase_started_at: datetime,
        phase_deadline: datetime | None,
        next_event_at: datetime | None,
        state: dict[str, Any],
        now: datetime,
    ) -> Interview:
        """Insert a new interview at version 1 and return it with its id."""
        interview = Interview(
            team_id=team_id,
            channel_id=channel_id,
            thread_ts=thread_ts,
            host_id=host_id,
            source=source,
            question_id=question_id,
            format_id=format_id,
            status=status,
            phase_id=phase_id,
            phase_started_at=phase_started_at,
            phase_deadline=phase_deadline,
            next_event_at=next_event_at,
            state=state,
            version=1,
            created_at=now,
            updated_at=now,
        )
        self._session.add(interview)
        self._session.flush()
        return interview

    def get_interview(
        self, *, team_id: str, interview_id: int, for_update: bool = False
    ) -> Interview | None:
        """The interview with this id in this team, or ``None``. ``for_update`` locks the
        row until the transaction ends (PostgreSQL; SQLite's write transaction already
        excludes other writers), so a check made on it still holds at the commit."""
        stmt = select(Interview).where(
            col(Interview.id) == interview_id, col(Interview.team_id) == team_id
        )
        if for_update:
            stmt = stmt.with_for_update()
        return self._session.exec(stmt).first()

    def find_interview(self, *, team_id: str, channel_id: str, thread_ts: str) -> Interview | None:
        """The interview whose thread this is (how a Slack reply finds its interview)."""
        stmt = select(Interview).where(
            col(Interview.team_id) == team_id,
            col(Interview.channel_id) == channel_id,
            col(Interview.thread_ts) == thread_ts,
        )
        return self._session.exec(stmt).first()

    def list_interviews(
        self,
        *,
        team_id: str,
        channel_id: str | None = None,
        host_id: str | None = None,
        statuses: Sequence[str] | None = None,
        source: str | None = None,
        member_id: str | None = None,
        limit: int = 50,
    ) -> list[Interview]:
        """The team's interviews matching every filter given, newest first.

        ``member_id``: interviews that person hosts or takes part in.
        """
        stmt = select(Interview).where(col(Interview.team_id) == team_id)
        if member_id is not None:
            joined = select(Participant.interview_id).where(
                col(Participant.team_id) == team_id, col(Participant.user_id) == member_id
            )
            stmt = stmt.where(
                or_(col(Interview.host_id) == member_id, col(Interview.id).in_(joined))
            )
        if channel_id is not None:
            stmt = stmt.where(col(Interview.channel_id) == channel_id)
        if host_id is not None:
            stmt = stmt.where(col(Interview.host_id) == host_id)
        if statuses is not None:
            stmt = stmt.where(col(Interview.status).in_(list(statuses)))
        if source is not None:
            stmt = stmt.where(col(Interview.source) == source)
        stmt = stmt.order_by(col(Interview.created_at).desc(), col(Interview.id).desc())
        return list(self._session.exec(stmt.limit(limit)).all())

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

    def claim_due(
        self,
        *,
        now: datetime,
        limit: int,
        team_id: str | None = None,
        exclude_team: str | None = None,
    ) -> list[DueInterview]:
        """Running interviews whose ``next_event_at`` has come, oldest first: of every
        team (the scheduler), of ``team_id`` only, or of every team but ``exclude_team``
        (Slack workers leave the terminal's local interviews to the terminal).

        The rows stay locked until the transaction ends (``FOR UPDATE SKIP LOCKED`` on
        PostgreSQL, so concurrent workers claim different rows; on SQLite the
        ``BEGIN IMMEDIATE`` transaction already excludes other writers). Run the engine and
        :meth:`save_step` in the same transaction.
        """
        c = INTERVIEW.c
        stmt = core_select(*DUE_COLUMNS).where(c.status == "running", c.next_event_at <= now)
        if team_id is not None:
            stmt = stmt.where(c.team_id == team_id)
        if exclude_team is not None:
            stmt = stmt.where(c.team_id != exclude_team)
        stmt = stmt.order_by(c.next_event_at, c.id).limit(limit).with_for_update(skip_locked=True)
        # Plain rows, not ORM objects: the tick only reads them, and hydrating and then
        # updating 100 tracked objects per tick cost more than the SQL.
        rows = cast(Iterable[tuple[Any, ...]], self._connection.execute(stmt))
        return [DueInterview(*row) for row in rows]
