"""The scheduler's delivery pass hands lanes to the sender threads and returns: a lane
waiting for its channel never holds up messages queued after it for other channels."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime

from bot.interviews.delivery import Delivery, Target
from storage.models import OutboxItem
from storage.repository import NewOutboxItem, Store
from tests.helpers import wait_until


def _queue(store: Store, now: datetime, channel: str) -> None:
    with store.transaction() as tx:
        tx.enqueue(
            team_id="T1",
            interview_id=None,
            items=[
                NewOutboxItem(
                    key=f"{channel}-0",
                    channel_id=channel,
                    payload={"kind": "info", "text": channel, "buttons": []},
                )
            ],
            now=now,
        )


@dataclass
class HeldChannel:
    """A transport where a post into channel SLOW waits until released."""

    released: threading.Event = field(default_factory=threading.Event)
    sent: list[str] = field(default_factory=list)

    def send(self, item: OutboxItem, target: Target) -> str | None:
        if target.channel_id == "SLOW":
            assert self.released.wait(timeout=30)
        self.sent.append(str(target.channel_id))
        return None


def test_a_pass_returns_while_a_lane_waits_and_the_next_pass_sends_around_it(
    store: Store, now: datetime
) -> None:
    sender = HeldChannel()
    delivery = Delivery(store=store, sender=sender, clock=lambda: now, senders=4)
    _queue(store, now, "SLOW")
    try:
        assert delivery.dispatch() == 1  # handed over; SLOW's post is still waiting
        _queue(store, now, "FAST")  # queued while SLOW waits, e.g. a phase change
        assert delivery.dispatch() == 1
        wait_until(lambda: sender.sent == ["FAST"], "FAST was posted")
    finally:
        sender.released.set()
    wait_until(lambda: sender.sent == ["FAST", "SLOW"], "SLOW was posted")
    wait_until(lambda: delivery.dispatch() == 0 and _unsent(store) == 0, "all marked sent")


def _unsent(store: Store) -> int:
    with store.transaction() as tx:
        return tx.count_unsent()
