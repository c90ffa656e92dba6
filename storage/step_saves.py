"""Saving engine steps: each interview's new state under its version, and its messages.

A step is saved only if the row is still at the version it was read at; otherwise
:class:`StaleInterview` rolls the transaction back. Many steps save as one UPDATE and one
INSERT (the scheduler's tick); the statement and its rows are in :mod:`storage.step_rows`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, NoReturn

from sqlalchemy import Connection
from sqlalchemy import select as core_select
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from storage import pg_batch
from storage.bulk import executemany
from storage.errors import InterviewNotFound, StaleInterview
from storage.models import Interview
from storage.outbox import NewOutboxItem, insert_outbox_rows
from storage.step_rows import SAVE_STEP, SAVED_FIELDS, StepToSave, steps_outbox_rows, steps_params

if TYPE_CHECKING:
    from psycopg import RawCursor

from storage.interviews import INTERVIEW


class StepSavingMethods:
    """Saving engine steps, one or many at once; mixed into :class:`storage.repository.Tx`."""

    _session: Session
    _connection: Connection
    _orm: Session | None  # the session, if one was made (storage.repository.Tx)

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
        params = steps_params(steps, now)
        if executemany(self._connection, SAVE_STEP, params) != len(steps):
            self._raise_stale(steps, now)
        self._refresh_loaded(steps, params)
        insert_outbox_rows(self._connection, steps_outbox_rows(steps, now))
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
        connection = self._connection
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
            params = steps_params(steps, now)
            cursor = send(*pg_batch.save_steps_statement(params, SAVED_FIELDS))
            sent.append((steps, cursor))
            self._refresh_loaded(steps, params)
            if rows := steps_outbox_rows(steps, now):
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
        if self._orm is None:
            return  # no model object read: nothing to bring up to date
        identity_map, identity_key = self._orm.identity_map, self._orm.identity_key
        for step, values in zip(steps, params, strict=True):
            loaded = identity_map.get(identity_key(Interview, step.interview_id))
            if loaded is not None:
                values["version"] = step.expected_version + 1
                for name in SAVED_FIELDS + ("version",):
                    set_committed_value(loaded, name, values[name])

    def _raise_stale(self, steps: Sequence[StepToSave], now: datetime) -> NoReturn:
        """After an UPDATE that missed rows: raise for the first step that was not saved.

        Rows it did save are at ``expected_version + 1`` with ``updated_at == now``; the
        caller rolls them back.
        """
        ids = [step.interview_id for step in steps]
        current = {
            row.id: row
            for row in self._connection.execute(
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
