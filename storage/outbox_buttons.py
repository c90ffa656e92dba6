"""Outbox messages with buttons, and the closing items that disable their buttons once
the step they belong to is over."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection
from sqlmodel import Session, col, select

from storage.models import OutboxItem


@dataclass(frozen=True)
class ButtonMessage:
    """A queued or sent thread message with buttons, and the step (phase id, number)
    its buttons belong to."""

    item_id: int
    phase_id: str
    step: int


def closing_key(item_id: int) -> str:
    """The key of the item closing item ``item_id``'s buttons: one per message, so
    queueing it twice queues it once."""
    return f"close:{item_id}"


class OutboxButtonMethods:
    """Reading messages with buttons; mixed into :class:`storage.repository.Tx`."""

    _session: Session
    _connection: Connection

    def open_buttons(self, *, team_id: str, interview_id: int) -> list[ButtonMessage]:
        """The interview's thread messages with buttons whose closing is not queued yet
        (see :func:`closing_key`), in order."""
        rows = self._session.exec(
            select(OutboxItem.id, OutboxItem.key, OutboxItem.payload)
            .where(
                col(OutboxItem.team_id) == team_id,
                col(OutboxItem.interview_id) == interview_id,
                col(OutboxItem.user_id).is_(None),
            )
            .order_by(col(OutboxItem.id))
        ).all()
        closing = {key for _, key, _ in rows}
        return [
            ButtonMessage(item_id, str(payload["step"][0]), int(payload["step"][1]))
            for item_id, _, payload in rows
            if item_id is not None and payload.get("step") and closing_key(item_id) not in closing
        ]

    def sent_messages(self, *, item_ids: Collection[int]) -> dict[int, tuple[str, str, Any]]:
        """Of items ``item_ids``, those delivered: their team id, message ts and payload."""
        if not item_ids:
            return {}
        rows = self._connection.execute(
            select(
                col(OutboxItem.id),
                col(OutboxItem.team_id),
                col(OutboxItem.result_ts),
                col(OutboxItem.payload),
            ).where(
                col(OutboxItem.id).in_(sorted(item_ids)), col(OutboxItem.result_ts).is_not(None)
            )
        )
        return {int(cast(int, i)): (str(team), str(ts), payload) for i, team, ts, payload in rows}
