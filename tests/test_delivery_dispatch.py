"""The scheduler's delivery pass hands lanes to the sender threads and returns: a lane
waiting for its channel never holds up messages queued after it for other channels."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.interviews.delivery import Delivery
from bot.interviews.transport import ChannelBusy, Target
from storage.models import OutboxItem
from storage.repository import Store
from tests.helpers import wait_until
from tests.queued import queued_info


def _queue(store: Store, now: datetime, channel: str) -> None:
    queued_info(store, now, channel, channel, key=f"{channel}-0")


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


@dataclass
class BusyOnce:
    """A transport whose channel's turn is five seconds away on the first try."""

    tries: int = 0

    def send(self, item: OutboxItem, target: Target) -> str | None:
        self.tries += 1
        if self.tries == 1:
            raise ChannelBusy("channel C1 is busy", retry_after=5)
        return None


def test_a_message_waiting_for_its_channels_turn_goes_back_to_the_queue_uncounted(
    store: Store, now: datetime
) -> None:
    delivery = Delivery(store=store, sender=BusyOnce(), clock=lambda: now)
    _queue(store, now, "C1")
    assert delivery.run_once() == 0
    with store.transaction() as tx:
        (item,) = tx.all_outbox()
    assert item.sent_at is None and item.lease_until is None
    assert item.attempts == 0  # waiting for a turn is not a failed attempt
    assert item.next_attempt_at == now + timedelta(seconds=5)
    later = Delivery(store=store, sender=BusyOnce(tries=1), clock=lambda: item.next_attempt_at)
    assert later.run_once() == 1
