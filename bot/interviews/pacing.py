"""One post a second per channel, kept by every delivering process together.

Slack takes about one message a second per channel. The pace lives in the database
(:meth:`storage.pacing.PacingMethods.claim_post_slot`), not in a process's memory, so two
workers posting into one channel take turns. The scheduler's pass claims the slots of the
channels it leases in its own transaction (:mod:`storage.lanes`); otherwise (a person's
DMs, the terminal's and the tests' passes) a sender claims its channel's slot in its own
thread. Other channels, served by other threads, never wait for it.

A slot is claimed before the post leaves, and the post reaches Slack some milliseconds
later (a commit, a busy thread, the request itself). Counting the next slot from the claim
let two posts arrive closer than a second whenever the first was slower to leave than the
second, which Slack answers with 429. So a claim closes the channel for a second plus
:data:`ANSWER_MARGIN`, and a post answered later than that margin holds the slot a second
from its answer (:meth:`ChannelPacer.posted`, written with the posts' markings,
:mod:`bot.interviews.marking`): every gap is at least a second at Slack.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.interviews.marking import Hold, Marks
from bot.interviews.transport import ChannelBusy
from storage.repository import Store

GAP = timedelta(seconds=1)
ANSWER_MARGIN = timedelta(milliseconds=200)
"""How long after its claim a post may be answered with the channel's next slot, claimed
``GAP`` plus this later, still a second after it at Slack."""
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
    margin: timedelta = ANSWER_MARGIN
    marks: Marks | None = None
    """Where a hold is written, with the posts' markings (:mod:`bot.interviews.marking`)."""

    def __post_init__(self) -> None:
        if self.marks is None:
            self.marks = Marks(self.store, self.clock)

    @property
    def slot(self) -> timedelta:
        """How long a claim closes the channel (see the module doc)."""
        return self.gap + self.margin

    def wait_for_slot(self, *, team_id: str, channel_id: str, patient: bool = False) -> datetime:
        """Return (when the slot was claimed) once this process may post into the channel;
        raises :class:`ChannelBusy` (back to the queue until the turn) when the wait is long,
        unless ``patient``."""
        while True:
            now = self.clock()
            with self.store.transaction() as tx:
                free_at = tx.claim_post_slot(
                    team_id=team_id, channel_id=channel_id, now=now, gap=self.slot
                )
            if free_at is None:
                return now
            wait = free_at - now
            if wait > self.longest_wait and not patient:
                raise ChannelBusy(f"channel {channel_id} is busy", retry_after=wait.total_seconds())
            self.sleep(max(0.0, wait.total_seconds()))

    def posted(self, *, team_id: str, channel_id: str, claimed_at: datetime) -> None:
        """A post into the channel, claimed at ``claimed_at``, has been answered (or has
        failed): the next may follow ``gap`` from now. Its claim already ensures that
        unless the answer came later than :attr:`margin`."""
        now = self.clock()
        if now - claimed_at <= self.margin:
            return
        assert self.marks is not None
        self.marks.record(Hold(team_id, channel_id, now + self.gap))
