"""Slack event de-duplication, shared by every process through the database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Table, bindparam, delete, literal_column
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from storage._sql import insert_ignoring_duplicates, prebuilt_insert
from storage.bulk import insert_values
from storage.models import ProcessedEvent


class EventMethods:
    """Processed-event data access; mixed into :class:`storage.repository.Tx`."""

    _session: Session

    def remember_event(self, *, team_id: str, event_id: str, now: datetime) -> bool:
        """True the first time ``event_id`` is seen, False for a retry or a duplicate.

        Relies on the primary key, not on a prior read, so two processes receiving the same
        event at once cannot both get True (the second waits for the first to commit).
        """
        row = {"event_id": event_id, "team_id": team_id, "received_at": now}
        stmt = insert_ignoring_duplicates(self._session, ProcessedEvent, row, unique=("event_id",))
        return self._session.exec(stmt).rowcount == 1

    def remember_events(self, *, team_id: str, event_ids: Sequence[str], now: datetime) -> set[str]:
        """:meth:`remember_event` for many events of one team, in ONE statement in the
        usual case: the ids seen for the first time (an id given twice counts once).

        PostgreSQL: ``INSERT ... ON CONFLICT DO NOTHING RETURNING event_id``. SQLite: the
        same without RETURNING, whose rows the driver steps through one by one, each time
        letting go of the GIL (and the writer thread that stores thread answers then waits
        for it behind busy request threads). When the row count says some ids were known,
        a second query reads which rows this INSERT added: the last ``rowcount`` rowids up
        to ``lastrowid``, since SQLite numbers new rows after the largest rowid and the
        transaction holds the write lock from its ``BEGIN IMMEDIATE``.
        """
        ids = list(dict.fromkeys(event_ids))
        if not ids:
            return set()
        connection = self._session.connection()
        rows = [{"event_id": event_id, "team_id": team_id, "received_at": now} for event_id in ids]
        sqlite = connection.dialect.name == "sqlite"
        result = insert_values(
            connection,
            prebuilt_insert(
                self._session,
                ProcessedEvent,
                unique=("event_id",),
                returning=None if sqlite else "event_id",
            ),
            rows,
        )
        if not sqlite:
            return set(result.scalars())
        added, last = result.rowcount, result.lastrowid
        if added == len(ids):
            return set(ids)
        if added == 0:
            return set()
        params = {"first": last - added + 1, "last": last, "team_id": team_id}
        return set(connection.execute(_ADDED_EVENTS, params).scalars())

    def has_event(self, *, team_id: str, event_id: str) -> bool:
        """Whether ``event_id`` was already processed (a cheap check before the work)."""
        stmt = select(ProcessedEvent.event_id).where(
            col(ProcessedEvent.team_id) == team_id, col(ProcessedEvent.event_id) == event_id
        )
        return self._session.exec(stmt).first() is not None

    def prune_events(self, *, before: datetime) -> int:
        """Forget events received before ``before``; returns how many were removed.

        Slack stops retrying after about five minutes, so a day of history is plenty.
        """
        stmt = delete(ProcessedEvent).where(col(ProcessedEvent.received_at) < before)
        return self._session.exec(stmt).rowcount


_EVENT: Table = ProcessedEvent.__table__  # type: ignore[attr-defined]
_ADDED_EVENTS = core_select(_EVENT.c.event_id).where(
    literal_column("rowid").between(bindparam("first"), bindparam("last")),
    _EVENT.c.team_id == bindparam("team_id"),
)
"""SQLite only: the events of one INSERT, by their rowids."""
