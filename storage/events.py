"""Slack event de-duplication, shared by every process through the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete
from sqlmodel import Session, col, select

from storage._sql import prebuilt_insert
from storage.models import ProcessedEvent


class EventMethods:
    """Processed-event data access; mixed into :class:`storage.repository.Tx`."""

    _session: Session
    _connection: Connection

    def remember_event(self, *, team_id: str, event_id: str, now: datetime) -> bool:
        """True the first time ``event_id`` is seen, False for a retry or a duplicate.

        Relies on the primary key, not on a prior read, so two processes receiving the same
        event at once cannot both get True (the second waits for the first to commit).
        """
        row = {"event_id": event_id, "team_id": team_id, "received_at": now}
        # Prebuilt and on the connection: it runs for every event (each thread reply), and
        # the ORM's insert path cost more CPU than the rest of the statement.
        stmt = prebuilt_insert(self._connection, ProcessedEvent, unique=("event_id",))
        return self._connection.execute(stmt, row).rowcount == 1

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
