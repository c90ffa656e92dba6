"""Interview rows: creation, look-ups, optimistic saves and the scheduler's claim."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, Table, bindparam, or_, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from storage._sql import require_interview
from storage.errors import StaleInterview
from storage.models import Interview, Participant
from storage.outbox import NewOutboxItem, insert_outbox_items

INTERVIEW: Table = Interview.__table__  # type: ignore[attr-defined]
_SAVED_FIELDS = (
    "status",
    "phase_id",
    "phase_started_at",
    "phase_deadline",
    "next_event_at",
    "state",
    "finished_at",
    "updated_at",
)
_SAVE_STEP = (
    update(INTERVIEW)
    .where(
        INTERVIEW.c.id == bindparam("b_id"),
        INTERVIEW.c.team_id == bindparam("b_team"),
        INTERVIEW.c.version == bindparam("b_version"),
    )
    .values(
        version=INTERVIEW.c.version + 1,
        **{name: bindparam(name, type_=INTERVIEW.c[name].type) for name in _SAVED_FIELDS},
    )
)


class InterviewMethods:
    """Interview data access; mixed into :class:`storage.repository.Tx`."""

    _session: Session

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

    def get_interview(self, *, team_id: str, interview_id: int) -> Interview | None:
        """The interview with this id in this team, or ``None``."""
        stmt = select(Interview).where(
            col(Interview.id) == interview_id, col(Interview.team_id) == team_id
        )
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

    def latest_unfinished(self, *, team_id: str, source: str, host_id: str) -> Interview | None:
        """The host's most recent interview from ``source`` that is not finished
        (how the terminal resumes where it left off)."""
        stmt = (
            select(Interview)
            .where(
                col(Interview.team_id) == team_id,
                col(Interview.source) == source,
                col(Interview.host_id) == host_id,
                col(Interview.status) != "finished",
            )
            .order_by(col(Interview.created_at).desc(), col(Interview.id).desc())
        )
        return self._session.exec(stmt.limit(1)).first()

    def set_thread(self, *, team_id: str, interview_id: int, thread_ts: str) -> None:
        """Record the thread once the question message is delivered.

        Does not bump ``version``: the thread is delivery metadata, not engine state, so a
        step computed concurrently stays valid. Raises
        :class:`storage.errors.InterviewNotFound` if the interview is not in the team.
        """
        require_interview(self._session, team_id=team_id, interview_id=interview_id)
        self._session.exec(
            update(Interview)
            .where(col(Interview.id) == interview_id, col(Interview.team_id) == team_id)
            .values(thread_ts=thread_ts)
        )

    def save_step(
        self,
        *,
        team_id: str,
        interview_id: int,
        expected_version: int,
        status: str,
        phase_id: str,
        phase_started_at: datetime,
        phase_deadline: datetime | None,
        next_event_at: datetime | None,
        state: dict[str, Any],
        finished_at: datetime | None,
        now: datetime,
        effects: list[NewOutboxItem],
    ) -> int:
        """Save the engine's new state and queue its messages, atomically; returns the new
        version.

        The update only applies if the row is still at ``expected_version`` (then the
        version goes up by one). Raises :class:`storage.errors.StaleInterview` if another
        process saved first, and :class:`storage.errors.InterviewNotFound` if there is no
        such interview in the team; in both cases nothing is written, ``effects`` included.
        """
        # A prebuilt Core UPDATE (not the ORM's, not rebuilt per call): this runs for every
        # due interview on every tick, and building and bookkeeping cost more than the SQL.
        params: dict[str, Any] = {
            "b_id": interview_id,
            "b_team": team_id,
            "b_version": expected_version,
            "status": status,
            "phase_id": phase_id,
            "phase_started_at": phase_started_at,
            "phase_deadline": phase_deadline,
            "next_event_at": next_event_at,
            "state": state,
            "finished_at": finished_at,
            "updated_at": now,
        }
        result: CursorResult[Any] = self._session.connection().execute(_SAVE_STEP, params)
        if result.rowcount != 1:
            require_interview(self._session, team_id=team_id, interview_id=interview_id)
            raise StaleInterview(interview_id, expected_version=expected_version)
        # The session may hold this row (claimed or read earlier): bring it up to date in
        # place, so it stays readable after the transaction like every returned object.
        loaded = self._session.identity_map.get(self._session.identity_key(Interview, interview_id))
        if loaded is not None:
            params["version"] = expected_version + 1
            for name in _SAVED_FIELDS + ("version",):
                set_committed_value(loaded, name, params[name])
        insert_outbox_items(
            self._session, team_id=team_id, interview_id=interview_id, items=effects, now=now
        )
        return expected_version + 1

    def claim_due(
        self,
        *,
        now: datetime,
        limit: int,
        team_id: str | None = None,
        exclude_team: str | None = None,
    ) -> list[Interview]:
        """Running interviews whose ``next_event_at`` has come, oldest first: of every
        team (the scheduler), of ``team_id`` only, or of every team but ``exclude_team``
        (Slack workers leave the terminal's local interviews to the terminal).

        The rows stay locked until the transaction ends (``FOR UPDATE SKIP LOCKED`` on
        PostgreSQL, so concurrent workers claim different rows; on SQLite the
        ``BEGIN IMMEDIATE`` transaction already excludes other writers). Run the engine and
        :meth:`save_step` in the same transaction.
        """
        stmt = select(Interview).where(
            col(Interview.status) == "running", col(Interview.next_event_at) <= now
        )
        if team_id is not None:
            stmt = stmt.where(col(Interview.team_id) == team_id)
        if exclude_team is not None:
            stmt = stmt.where(col(Interview.team_id) != exclude_team)
        stmt = (
            stmt.order_by(col(Interview.next_event_at), col(Interview.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(self._session.exec(stmt).all())
