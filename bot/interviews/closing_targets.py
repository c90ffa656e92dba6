"""At delivery, each closing (queued by :mod:`bot.interviews.closing`) given the message it
closes, looked up as it is leased: a message that never reached Slack has nothing to close."""

from __future__ import annotations

from collections.abc import Sequence

from bot.interviews.closing import is_closing
from storage.models import OutboxItem
from storage.repository import Tx


def with_messages(tx: Tx, items: Sequence[OutboxItem]) -> None:
    """Give each closing among ``items`` what its sender needs: the ts (``ts``) and the
    content (``said``) of the message it closes, or ``ts`` None when that message never
    reached Slack (nothing to close). One query for them all, in the transaction that
    leases them: a closing leased alone in its thread has everything before it sent, so
    what this reads is what a look just before its send would read. A closing leased with
    the message it closes (:meth:`~storage.outbox_leases.OutboxLeaseMethods.lease_outbox` takes a
    thread's run) is left out: that message is sent first, so the closing is looked up
    on its own, as it is sent (:func:`looked_up`)."""
    leased = {item.id for item in items}
    closings = [item for item in items if is_closing(item) and item.payload["closes"] not in leased]
    if not closings:
        return
    messages = tx.sent_messages(item_ids={int(item.payload["closes"]) for item in closings})
    for item in closings:
        message = messages.get(int(item.payload["closes"]))
        if message is None or message[0] != item.team_id:
            item.payload = {**item.payload, "ts": None}
            continue
        _, ts, payload = message
        said = {key: payload.get(key) for key in ("kind", "text", "buttons", "step")}
        item.payload = {**item.payload, "ts": ts, "said": said}


def looked_up(item: OutboxItem) -> bool:
    """Whether ``item`` is no closing, or one :func:`with_messages` has seen to."""
    return not is_closing(item) or "ts" in item.payload


def nothing_to_close(item: OutboxItem) -> bool:
    """Whether ``item`` is a closing whose message never reached Slack (see
    :func:`with_messages`)."""
    return is_closing(item) and item.payload.get("ts") is None
