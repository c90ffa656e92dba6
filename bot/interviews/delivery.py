"""Delivering the outbox: lease queued messages, hand them to a transport, mark them sent.

Messages go out in *lanes*, one per destination (a channel, or a person's DMs), each lane in
order and the lanes side by side on a few threads: a channel waiting for its turn (Slack
takes one post a second per channel) or a slow answer never holds up another channel.

A message that fails holds back only the later messages of its own thread (a DM never waits
for a thread; :mod:`bot.interviews.lane_sending`) and is tried again
(:mod:`bot.interviews.retries`). Late messages the interview has since outgrown are folded
into one catch-up line (:mod:`bot.interviews.catching_up`) rather than sent as a stale flood.

The one window where a message can repeat: the transport delivered it and the process died
before its marking committed (:mod:`bot.interviews.marking`: a few milliseconds, or the
length of a marking transaction other threads' posts share). After the lease expires
another delivery run sends it again. Nothing is ever lost: an item stays queued until marked sent
(or, outgrown, is marked dead).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from bot.content.model import Content
from bot.interviews.closing_targets import with_messages
from bot.interviews.lane_sending import LaneSending
from bot.interviews.marking import Marks
from bot.interviews.thread_targets import Threads, threads_for
from bot.interviews.transport import Sender, Undeliverable
from storage.models import OutboxItem
from storage.repository import Store

logger = logging.getLogger(__name__)

LEASE = timedelta(seconds=15)
"""How long a leased message is ours: a worker killed mid-send frees its messages this soon."""
SENDERS = 64
"""Lanes delivered at the same time by one process. A thread mostly waits for Slack's
answer (~100 ms), so each sends only a few posts a second, and a pass hands out at most one
message a thread; a burst of drills queues hundreds a second (bench/README.md, Lateness)."""


@dataclass
class Delivery:
    store: Store
    sender: Sender
    clock: Callable[[], datetime]
    content: Content | None = None
    """To tell which late messages the interview has outgrown; without it every message
    goes as queued (the terminal prints at once, so nothing there grows late)."""
    lease: timedelta = LEASE
    senders: int = SENDERS
    slot: timedelta | None = None
    """How long a post holds its channel (the sender's pace): set, the scheduler's pass
    claims each channel's slot as it leases the channel's message (one statement for all
    its channels), and skips channels whose turn has not come."""
    team_id: str | None = None
    exclude_team: str | None = None
    interview_id: int | None = None
    on_undeliverable: Callable[[OutboxItem, Undeliverable], None] | None = None
    marks: Marks | None = None
    """Where posts are recorded, shared with the sender's pacer (:mod:`bot.interviews.marking`);
    by default one of its own."""
    _pool: ThreadPoolExecutor | None = None
    _in_flight: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _lanes_out: LaneSending = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.marks is None:
            self.marks = Marks(self.store, self.clock)
        self._lanes_out = LaneSending(
            self.store,
            self.sender,
            self.clock,
            self.content,
            self.lease,
            self.marks,
            self.on_undeliverable,
        )

    def run_once(self, *, limit: int = 200) -> int:
        """Deliver what is due, lane by lane in parallel, and return once all of it is done
        (the terminal's and the tests' way); returns how many items were sent."""
        lanes, threads = self._lease(limit)
        deliver = partial(self._lanes_out.send, threads=threads)
        if len(lanes) <= 1 or self.senders <= 1:
            return sum(deliver(lane) for lane in lanes)
        with ThreadPoolExecutor(min(self.senders, len(lanes)), "delivery") as pool:
            return sum(pool.map(deliver, lanes))

    def dispatch(self, *, limit: int = SENDERS) -> int:
        """Lease the first message of each destination whose turn has come, as many as
        there are free sender threads (at most ``limit``), and hand them over without
        waiting for them (the scheduler's way); returns how many were handed over.

        A pass that waited for all its lanes lasted as long as its slowest one, and the
        next pass, with the phase changes queued meanwhile, waited for it. Here a message
        queued meanwhile goes out on the next pass, on a free thread. Slack takes one post
        a second per channel, so a pass takes one message per channel: the next follows
        on a pass after its turn, and nothing leased waits in a queue for a thread (its
        lease and its channel's slot are taken just before its send)."""
        with self._lock:
            free = min(limit, self.senders - self._in_flight)
            if free <= 0:
                return 0
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.senders, "delivery")
            pool = self._pool
        now = self.clock()
        with self.store.transaction() as tx:
            items = tx.lease_lanes(
                now=now,
                lanes=free,
                lease=self.lease,
                slot=self.slot,
                team_id=self.team_id,
                exclude_team=self.exclude_team,
                interview_id=self.interview_id,
            )
            threads = threads_for(tx, items)
            with_messages(tx, items)
        claimed = now if self.slot is not None else None
        with self._lock:
            self._in_flight += len(items)
        for handed, item in enumerate(items):
            try:
                pool.submit(self._deliver_in_background, [item], threads, claimed)
            except RuntimeError:
                # The process is stopping and its thread pools with it: what was leased and
                # not handed over goes again once its lease runs out, nothing was sent.
                with self._lock:
                    self._in_flight -= len(items) - handed
                return handed
        return len(items)

    def _deliver_in_background(
        self, lane: Sequence[OutboxItem], threads: Threads, claimed: datetime | None
    ) -> None:
        try:
            self._lanes_out.send(lane, threads, claimed)
        except Exception:  # the items stay queued; their leases run out and they go again
            logger.exception("delivery of %d message(s) failed", len(lane))
        finally:
            with self._lock:
                self._in_flight -= 1

    def _lease(self, limit: int) -> tuple[list[list[OutboxItem]], Threads]:
        """What is due, in lanes, and the threads of its interviews as they are now.

        Threads are read with every lease, never remembered: SQLite gives a deleted
        interview's id to the next one, so a thread remembered by id could carry a new
        interview's messages into a deleted one's thread (another team's, maybe). A thread
        message is leased only once its question is sent (the question heads its stream),
        so the thread is known here or set by this lease's question."""
        with self.store.transaction() as tx:
            items = tx.lease_outbox(
                now=self.clock(),
                limit=limit,
                lease=self.lease,
                team_id=self.team_id,
                exclude_team=self.exclude_team,
                interview_id=self.interview_id,
            )
            threads = threads_for(tx, items)
            with_messages(tx, items)
        return _lanes(items), threads


def _lanes(items: Sequence[OutboxItem]) -> list[list[OutboxItem]]:
    """Items grouped by destination, in lease (id) order but questions first: five drills
    starting in one channel post their five questions, then each one's thread, rather than
    a question and its intro one after another. A question is its thread's first message,
    so every thread keeps its order."""
    lanes: dict[tuple[str, str, str | None], list[OutboxItem]] = {}
    for item in items:
        where = ("user", item.user_id) if item.user_id else ("channel", item.channel_id)
        lanes.setdefault((item.team_id, *where), []).append(item)
    return [
        sorted(lane, key=lambda item: item.payload.get("kind") != "question")
        for lane in lanes.values()
    ]
