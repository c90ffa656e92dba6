"""Interview rows: creation, look-ups, optimistic saves and the scheduler's claim."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, cast

from sqlalchemy import Table, bindparam, or_, update
from sqlalchemy import select as core_select
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from storage import pg_batch
from storage._sql import require_interview
from storage.bulk import executemany
from storage.errors import InterviewNotFound, StaleInterview
from storage.models import Interview, Participant
from storage.outbox import NewOutboxItem, insert_outbox_rows, outbox_rows

if TYPE_CHECKING:
    from psycopg import RawCursor

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


@dataclass(frozen=True, kw_only=True, slots=True)
class StepToSave:
    """One interview's new state and messages, for :meth:`InterviewMethods.save_steps`
    (the arguments of :meth:`InterviewMethods.save_step` but ``now``)."""

    team_id: str
    interview_id: int
    expected_version: int
    status: str
    phase_id: str
    phase_started_at: datetime
    phase_deadline: datetime | None
    next_event_at: datetime | None
    state: dict[str, Any]
    finished_at: datetime | None
    effects: list[NewOutboxItem] = field(default_factory=list)


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
        step = StepToSave(
            team_id=team_id,
            interview_id=interview_id,
            expected_version=expected_version,
            status=status,
            phase_id=phase_id,
            phase_started_at=phase_started_at,
            phase_deadline=phase_deadline,
            next_event_at=next_event_at,
            state=state,
            finished_at=finished_at,
            effects=effects,
        )
        return self.save_steps(steps=[step], now=now)[0]

    def save_steps(self, *, steps: Sequence[StepToSave], now: datetime) -> list[int]:
        """:meth:`save_step` for several interviews at once (the scheduler's tick): one
        UPDATE for all rows and one INSERT for all their messages; returns the new versions.

        Messages go in by interview (in ``steps`` order), then in each step's order, so
        every interview's outbox ids follow its messages. All or nothing: if any row is not
        at its expected version, :class:`storage.errors.StaleInterview` is raised (or
        :class:`storage.errors.InterviewNotFound` for a row not in its team) and the
        caller's transaction, which then rolls back, must not be committed. Claimed rows
        are locked (``FOR UPDATE`` / ``BEGIN IMMEDIATE``), so for them this means a bug.
        """
        if not steps:
            return []
        # A prebuilt Core UPDATE (not the ORM's, not rebuilt per call), run as ONE driver
        # executemany (storage.bulk): this runs for every due interview on every tick, and
        # building, per-value processing and round trips cost more than the SQL itself.
        params = _save_params(steps, now)
        if executemany(self._session.connection(), _SAVE_STEP, params) != len(steps):
            self._raise_stale(steps, now)
        self._refresh_loaded(steps, params)
        insert_outbox_rows(self._session, _outbox_rows(steps, now))
        return [step.expected_version + 1 for step in steps]

    @contextmanager
    def saving_steps(self, *, now: datetime) -> Iterator[Callable[[Sequence[StepToSave]], None]]:
        """A ``save`` function for a tick whose steps come in several batches; when the
        block ends every batch is saved, all or nothing, as by :meth:`save_steps`.

        On PostgreSQL each batch's UPDATE and INSERT (one statement each, see
        :mod:`storage.pg_batch`) go down a psycopg pipeline without
        waiting for the server, which then writes one batch while the engine computes the
        next (the two used to take turns, each idle half the time); the row counts are
        checked when the block ends and raise as :meth:`save_steps` does. Elsewhere
        (SQLite runs in this process: nothing to overlap) the batches are saved together
        by :meth:`save_steps` when the block ends.
        Read nothing through the session inside the block: on PostgreSQL a query there
        would run inside the pipeline and come back without its rows.
        """
        connection = self._session.connection()
        if connection.dialect.name != "postgresql":
            collected: list[StepToSave] = []
            yield collected.extend
            self.save_steps(steps=collected, now=now)
            return
        from psycopg import RawCursor  # here: SQLite-only processes never load psycopg

        driver = connection.connection.driver_connection
        assert driver is not None
        sent: list[tuple[Sequence[StepToSave], Any]] = []

        def save(steps: Sequence[StepToSave]) -> None:
            if not steps:
                return
            params = _save_params(steps, now)
            cursor = send(*pg_batch.save_steps_statement(params, _SAVED_FIELDS))
            sent.append((steps, cursor))
            self._refresh_loaded(steps, params)
            if rows := _outbox_rows(steps, now):
                send(*pg_batch.insert_outbox_statement(rows))

        def send(sql: str, values: list[Any]) -> RawCursor[Any]:
            # Straight to the driver, but seen by SQLAlchemy's cursor events like any
            # statement (logging, and the benchmark's statement count).
            cursor = RawCursor(driver)
            events = connection.dispatch
            events.before_cursor_execute(connection, cursor, sql, values, None, False)
            cursor.execute(sql, values)
            events.after_cursor_execute(connection, cursor, sql, values, None, False)
            return cursor

        with driver.pipeline():
            yield save
        for steps, cursor in sent:  # the pipeline has synced: every count is in
            if cursor.rowcount != len(steps):
                self._raise_stale(steps, now)

    def _refresh_loaded(self, steps: Sequence[StepToSave], params: list[dict[str, Any]]) -> None:
        """The session may hold these rows (read earlier in the transaction): bring them up
        to date in place, so they stay readable after it like every returned object."""
        identity_map, identity_key = self._session.identity_map, self._session.identity_key
        for step, values in zip(steps, params, strict=True):
            loaded = identity_map.get(identity_key(Interview, step.interview_id))
            if loaded is not None:
                values["version"] = step.expected_version + 1
                for name in _SAVED_FIELDS + ("version",):
                    set_committed_value(loaded, name, values[name])

    def _raise_stale(self, steps: Sequence[StepToSave], now: datetime) -> NoReturn:
        """After an UPDATE that missed rows: raise for the first step that was not saved.

        Rows it did save are at ``expected_version + 1`` with ``updated_at == now``; the
        caller rolls them back.
        """
        ids = [step.interview_id for step in steps]
        current = {
            row.id: row
            for row in self._session.connection().execute(
                core_select(
                    INTERVIEW.c.id, INTERVIEW.c.team_id, INTERVIEW.c.version, INTERVIEW.c.updated_at
                ).where(INTERVIEW.c.id.in_(ids))
            )
        }
        for step in steps:
            row = current.get(step.interview_id)
            if row is None or row.team_id != step.team_id:
                raise InterviewNotFound(step.interview_id, team_id=step.team_id)
        seen: set[int] = set()
        for step in steps:
            row = current[step.interview_id]
            saved = row.version == step.expected_version + 1 and row.updated_at == now
            if not saved or step.interview_id in seen:
                raise StaleInterview(step.interview_id, expected_version=step.expected_version)
            seen.add(step.interview_id)
        # Another writer moved a row on by exactly one version, at this very ``now``.
        step = steps[0]
        raise StaleInterview(step.interview_id, expected_version=step.expected_version)

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
        rows = cast(Iterable[tuple[Any, ...]], self._session.connection().execute(stmt))
        return [DueInterview(*row) for row in rows]


def _save_params(steps: Sequence[StepToSave], now: datetime) -> list[dict[str, Any]]:
    return [
        {
            "b_id": step.interview_id,
            "b_team": step.team_id,
            "b_version": step.expected_version,
            "status": step.status,
            "phase_id": step.phase_id,
            "phase_started_at": step.phase_started_at,
            "phase_deadline": step.phase_deadline,
            "next_event_at": step.next_event_at,
            "state": step.state,
            "finished_at": step.finished_at,
            "updated_at": now,
        }
        for step in steps
    ]


def _outbox_rows(steps: Sequence[StepToSave], now: datetime) -> list[dict[str, Any]]:
    """The steps' messages by interview (in ``steps`` order), then in each step's order."""
    rows: list[dict[str, Any]] = []
    for step in steps:
        if step.effects:
            rows += outbox_rows(
                team_id=step.team_id, interview_id=step.interview_id, items=step.effects, now=now
            )
    return rows
