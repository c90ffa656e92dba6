"""Queueing outbox items in the caller's transaction (the interview's team checked first),
and rewording or listing those still queued; data access mixin."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, update
from sqlmodel import Session, col, select

from storage.models import OutboxItem
from storage.outbox import NewOutboxItem, insert_outbox_items
from storage.scoping import require_interview


class OutboxQueueMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session
    _connection: Connection

    def enqueue(
        self,
        *,
        team_id: str,
        interview_id: int | None,
        items: list[NewOutboxItem],
        now: datetime,
    ) -> None:
        """Queue ``items`` for delivery. A key already queued for the interview is skipped.

        ``interview_id=None`` is for messages tied to no interview; those are not
        de-duplicated (NULLs never conflict) and are not ordered relative to each other.
        Raises :class:`storage.errors.InterviewNotFound` for another team's interview.
        """
        if interview_id is not None:
            require_interview(self._connection, team_id=team_id, interview_id=interview_id)
        insert_outbox_items(
            self._connection, team_id=team_id, interview_id=interview_id, items=items, now=now
        )

    def replace_payload(self, *, item_id: int, payload: dict[str, Any]) -> None:
        """Say something else in this item's place (a catch-up line folding outdated
        messages); its key and its place in the order stay."""
        self._session.exec(
            update(OutboxItem)
            .where(col(OutboxItem.id) == item_id, col(OutboxItem.sent_at).is_(None))
            .values(payload=payload)
        )

    def pending_outbox(self, *, team_id: str, interview_id: int) -> list[OutboxItem]:
        """The interview's unsent items in delivery order (for diagnostics and tests)."""
        stmt = (
            select(OutboxItem)
            .where(
                col(OutboxItem.team_id) == team_id,
                col(OutboxItem.interview_id) == interview_id,
                col(OutboxItem.sent_at).is_(None),
            )
            .order_by(col(OutboxItem.id))
        )
        return list(self._session.exec(stmt).all())
