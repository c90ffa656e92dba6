"""Recording what became of a leased outbox item: sent, failed (due again later), or dead
(given up on, its error kept for diagnosis)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, update
from sqlmodel import Session, col

from storage.models import OutboxItem

_OUTBOX = OutboxItem.__table__  # type: ignore[attr-defined]
_MARK_SENT = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id == bindparam("item_id"), _OUTBOX.c.sent_at.is_(None))
    .values(sent_at=bindparam("now"), result_ts=bindparam("ts"), lease_until=None)
)

MAX_ERROR_LENGTH = 2_000
"""Longer error texts are cut: the row is for diagnosis, not a log archive."""


class OutboxMarkMethods:
    """Marking outbox items; mixed into :class:`storage.repository.Tx`."""

    _session: Session

    def mark_sent_many(self, *, now: datetime, sent: list[tuple[int, str | None]]) -> None:
        """Record deliveries, (item id, ts the transport returned) each, in one statement.
        Marking an item already sent changes nothing: the first delivery wins."""
        if sent:
            self._session.connection().execute(
                _MARK_SENT, [{"item_id": i, "ts": ts, "now": now} for i, ts in sent]
            )

    def mark_failed(self, *, item_id: int, now: datetime, error: str, retry_at: datetime) -> None:
        """Record a failed attempt and release the lease; the item is due again at
        ``retry_at`` (never earlier than ``now``). Items after it in its stream wait."""
        self._session.exec(
            update(OutboxItem)
            .where(col(OutboxItem.id) == item_id, col(OutboxItem.sent_at).is_(None))
            .values(
                attempts=col(OutboxItem.attempts) + 1,
                last_error=error[:MAX_ERROR_LENGTH],
                next_attempt_at=max(retry_at, now),
                lease_until=None,
            )
        )

    def mark_dead(self, *, item_id: int, now: datetime, error: str) -> None:
        """Give up on an item no retry can deliver (e.g. the bot was removed from the
        channel): it leaves the queue with its error kept, so the thread is not blocked."""
        self._session.exec(
            update(OutboxItem)
            .where(col(OutboxItem.id) == item_id, col(OutboxItem.sent_at).is_(None))
            .values(sent_at=now, last_error=error[:MAX_ERROR_LENGTH], lease_until=None)
        )

    def drop_pending(self, *, team_id: str, interview_id: int, now: datetime, error: str) -> int:
        """Give up on every unsent item of an interview; returns how many."""
        result = self._session.exec(
            update(OutboxItem)
            .where(
                col(OutboxItem.team_id) == team_id,
                col(OutboxItem.interview_id) == interview_id,
                col(OutboxItem.sent_at).is_(None),
            )
            .values(sent_at=now, last_error=error[:MAX_ERROR_LENGTH], lease_until=None)
        )
        return int(result.rowcount)
