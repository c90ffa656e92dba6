"""Outbox messages with buttons, and the closing items that disable their buttons once
the step they belong to is over."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from storage.models import OutboxItem

_Row = tuple[str, int, int | None, str, Any]
"""An outbox row as :meth:`OutboxButtonMethods.open_buttons` reads it: team id, interview id,
item id, key, payload."""


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

    def open_buttons(
        self, *, interviews: Collection[tuple[str, int]]
    ) -> dict[tuple[str, int], list[ButtonMessage]]:
        """Of each interview (team id, interview id), the thread messages with buttons whose
        closing is not queued yet (see :func:`closing_key`), in order; one query for all
        (the clock's tick moves dozens of interviews at a time)."""
        if not interviews:
            return {}
        rows = self._session.execute(
            core_select(
                col(OutboxItem.team_id),
                col(OutboxItem.interview_id),
                col(OutboxItem.id),
                col(OutboxItem.key),
                col(OutboxItem.payload),
            )
            .where(
                col(OutboxItem.interview_id).in_(sorted({i for _, i in interviews})),
                col(OutboxItem.user_id).is_(None),
            )
            .order_by(col(OutboxItem.id))
        ).all()
        found: dict[tuple[str, int], list[tuple[int | None, str, Any]]] = {
            key: [] for key in interviews
        }
        for team_id, interview_id, item_id, key, payload in cast(list[_Row], rows):
            if (mine := found.get((team_id, interview_id))) is not None:
                mine.append((item_id, key, payload))
        return {key: _open(mine) for key, mine in found.items()}

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


def _open(rows: list[tuple[int | None, str, Any]]) -> list[ButtonMessage]:
    """Of one interview's thread messages (id, key, payload) in order, those with buttons
    whose closing is not queued yet."""
    closing = {key for _, key, _ in rows}
    return [
        ButtonMessage(item_id, str(payload["step"][0]), int(payload["step"][1]))
        for item_id, _, payload in rows
        if item_id is not None and payload.get("step") and closing_key(item_id) not in closing
    ]
