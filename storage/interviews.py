"""Interview rows: creation and look-ups (their threads: interview_threads.py; the
scheduler's claim: due_interviews.py; saving steps: step_saves.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Connection, Table, or_
from sqlmodel import Session, col, select

from storage.models import Interview, Participant

INTERVIEW: Table = Interview.__table__  # type: ignore[attr-defined]


class InterviewRef(Protocol):
    """What saving a step needs to know of its interview: an ORM :class:`Interview` or a
    :class:`storage.due_interviews.DueInterview` claimed by the scheduler."""

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
