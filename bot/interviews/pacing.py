"""One post a second per channel, kept by every delivering process together.

Slack takes about one message a second per channel. The pace lives in the database
(:meth:`storage.pacing.PacingMethods.claim_post_slot`), not in a process's memory, so two
workers posting into one channel take turns. A sender waits for its channel's slot in its
own thread; other channels, served by other threads, never wait for it.

A slot is claimed before the post leaves, and the post reaches Slack some milliseconds
later (a commit, a busy thread, the request itself). Counting the next slot from the claim
let two posts arrive closer than a second whenever the first was slower to leave than the
second, which Slack answers with 429. So once the post is answered the slot is held a
second from then (:meth:`ChannelPacer.posted`): every gap is at least a second at Slack.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.interviews.delivery import ChannelBusy
from storage.repository import Store

GAP = timedelta(seconds=1)
LONGEST_WAIT = timedelta(milliseconds=250)
"""Past this, the message goes back to the queue until its turn instead of holding a
sender thread: a thread asleep for one channel's turn is one no other channel can use,
and every message after the first at one moment in a channel waits a second more."""


@dataclass
class ChannelPacer:
    store: Store
    clock: Callable[[], datetime]
    sleep: Callable[[float], None] = time.sleep
    gap: timedelta = GAP
    longest_wait: timedelta = LONGEST_WAIT

    def wait_for_slot(self, *, team_id: str, channel_id: str) -> None:
        """Return once this process may post into the channel; raises
        :class:`ChannelBusy` (back to the queue until the turn) when the wait is long."""
        while True:
            now = self.clock()
            with self.store.transaction() as tx:
                free_at = tx.claim_post_slot(
                    team_id=team_id, channel_id=channel_id, now=now, gap=self.gap
                )
            if free_at is None:
                return
            wait = free_at - now
            if wait > self.longest_wait:
                raise ChannelBusy(f"channel {channel_id} is busy", retry_after=wait.total_seconds())
            self.sleep(max(0.0, wait.total_seconds()))

    def posted(self, *, team_id: str, channel_id: str) -> None:
        """A post into the channel has been answered (or has failed): the next may
        follow ``gap`` from now, whatever slot it was sent in."""
        with self.store.transaction() as tx:
            tx.hold_post_slot(team_id=team_id, channel_id=channel_id, until=self.clock() + self.gap)
