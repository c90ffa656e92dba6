"""Sending one lane (one destination's leased messages) in order: a message that fails
holds back only the later messages of its own thread, and a busy channel gives the rest back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.content.model import Content
from bot.interviews.catching_up import catch_up, needs_a_look
from bot.interviews.closing_targets import looked_up, nothing_to_close, with_messages
from bot.interviews.marking import Marks, Sent
from bot.interviews.retries import give_back, give_up, retry_later
from bot.interviews.thread_targets import Threads, target, thread_started
from bot.interviews.transport import ChannelBusy, DeliveryFailed, Sender, Undeliverable
from storage.models import OutboxItem
from storage.repository import Store

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LaneSending:
    """What :class:`bot.interviews.delivery.Delivery` sends its lanes with (see its fields)."""

    store: Store
    sender: Sender
    clock: Callable[[], datetime]
    content: Content | None
    lease: timedelta
    marks: Marks
    on_undeliverable: Callable[[OutboxItem, Undeliverable], None] | None

    def send(
        self, lane: Sequence[OutboxItem], threads: Threads, claimed: datetime | None = None
    ) -> int:
        """Send one lane's items in order; a thread whose message fails keeps the rest of
        its messages for later, so nothing overtakes it there. Other threads and DMs in
        the lane go on. A lane is one destination, so once it is busy (Slack's one post
        a second) all that is left of it waits for the same turn. ``claimed``: when the
        lane's channel slot was claimed for its first message (a channel lane's)."""
        blocked: set[tuple[int, str | None]] = set()
        waiting: list[OutboxItem] = []
        sent = 0
        items = list(self._catch_up(lane))
        for n, item in enumerate(items):
            stream = None if item.interview_id is None else (item.interview_id, item.user_id)
            if stream in blocked:
                waiting.append(item)
                continue
            if not self._still_ours(item):
                _block(blocked, stream)
                continue
            if not looked_up(item):
                with self.store.transaction() as tx:
                    with_messages(tx, [item])
            if nothing_to_close(item):
                self._sent(item, None, threads)  # its message never reached Slack
                continue
            try:
                slot = claimed if n == 0 and item.user_id is None else None
                ts = self.sender.send(item, target(item, threads, slot))
            except ChannelBusy as exc:
                give_back(self.store, self.clock, [*waiting, *items[n:]], exc.retry_after or 1.0)
                return sent
            except DeliveryFailed as exc:
                _block(blocked, stream)
                retry_later(
                    self.store, self.clock, item, error=str(exc), retry_after=exc.retry_after
                )
                continue
            except Undeliverable as exc:
                _block(blocked, stream)
                give_up(self.store, self.clock, item, exc)
                if self.on_undeliverable is not None:
                    self.on_undeliverable(item, exc)
                continue
            self._sent(item, ts, threads)
            sent += 1
        give_back(self.store, self.clock, waiting, 0.0)
        return sent

    def _catch_up(self, lane: Sequence[OutboxItem]) -> Sequence[OutboxItem]:
        """The lane without the messages the interview has outgrown (see
        :mod:`bot.interviews.catching_up`); messages on time skip the look."""
        now = self.clock()
        if self.content is None or not needs_a_look(lane, now):
            return lane
        with self.store.transaction() as tx:
            return catch_up(tx, self.content, lane, now)

    def _still_ours(self, item: OutboxItem) -> bool:
        """Whether the lease covers a send and its marking. One taken moments ago (nine
        tenths of it left) does, nearly as well as a renewed one; an older one is renewed
        first, and a lost lease means another worker has the item. Most sends, the first
        of their lane, skip that transaction."""
        assert item.id is not None and item.lease_until is not None
        now = self.clock()
        if item.lease_until - now >= self.lease * 0.9:
            return True
        with self.store.transaction() as tx:
            until = tx.renew_lease(
                item_id=item.id, held_until=item.lease_until, now=now, lease=self.lease
            )
        if until is None:
            logger.debug("outbox item %s: lease lost to another worker; skipped", item.id)
            return False
        item.lease_until = until
        return True

    def _sent(self, item: OutboxItem, ts: str | None, threads: Threads) -> None:
        assert item.id is not None
        thread_of = thread_started(item, ts)
        self.marks.record(Sent(item.id, ts, thread_of))
        if thread_of is not None:
            threads[thread_of] = ts


def _block(blocked: set[tuple[int, str | None]], stream: tuple[int, str | None] | None) -> None:
    if stream is not None:
        blocked.add(stream)
