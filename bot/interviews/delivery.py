"""Delivering the outbox: lease queued messages, hand them to a transport, mark them sent.

Messages go out in *lanes*, one per destination (a channel, or a person's DMs), each lane in
order and the lanes side by side on a few threads: a channel waiting for its turn (Slack
takes one post a second per channel) or a slow answer never holds up another channel.

A message that fails holds back only the later messages of its own thread (a DM never waits
for a thread) and is retried within :data:`MAX_BACKOFF`, or after Slack's Retry-After. Late
messages the interview has since outgrown are folded into one catch-up line
(:mod:`bot.interviews.catching_up`) rather than sent as a stale flood.

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
from typing import Protocol

from bot.content.model import Content
from bot.interviews.catching_up import catch_up, needs_a_look
from bot.interviews.closing import looked_up, nothing_to_close, with_messages
from bot.interviews.marking import Marks, Sent
from bot.logs import ids
from storage.models import OutboxItem
from storage.repository import Store, Tx

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(seconds=30)
"""The longest wait between two tries of a failing message (unless Slack's Retry-After says
more): once Slack is back, people hear from the bot again within this."""
LEASE = timedelta(seconds=15)
"""How long a leased message is ours: a worker killed mid-send frees its messages this soon."""
SENDERS = 64
"""Lanes delivered at the same time by one process. A thread mostly waits for Slack's
answer (~100 ms), so each sends only a few posts a second, and a pass hands out at most one
message a thread; a burst of drills queues hundreds a second (bench/README.md, Lateness)."""


Threads = dict[tuple[str, int], str | None]
"""The thread ts of each (team id, interview id) of a lease."""


class Undeliverable(Exception):
    """No retry will deliver this (e.g. the bot is not in the channel).

    ``advice`` tells a person what to do about it.
    """

    def __init__(self, code: str, advice: str) -> None:
        super().__init__(code)
        self.code = code
        self.advice = advice


class DeliveryFailed(Exception):
    """The transport could not deliver; ``retry_after`` (seconds) when it said so."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class ChannelBusy(DeliveryFailed):
    """The channel's next turn is ``retry_after`` seconds away: not a failure, the message
    goes back to the queue until then instead of holding a sender thread."""


@dataclass(frozen=True)
class Target:
    """Where an item goes: the interview's channel and thread, or a person (``user_id``)."""

    channel_id: str | None
    thread_ts: str | None
    user_id: str | None
    slot_claimed_at: datetime | None = None
    """When the channel's posting slot was claimed for this message, as it was leased
    (:meth:`storage.lanes.LaneMethods.lease_lanes`); None: the sender claims one."""


class Sender(Protocol):
    def send(self, item: OutboxItem, target: Target) -> str | None:
        """Deliver one item; return the transport's message id (Slack ``ts``) if any.

        Raises DeliveryFailed when it should be retried later.
        """


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

    def __post_init__(self) -> None:
        if self.marks is None:
            self.marks = Marks(self.store, self.clock)

    def run_once(self, *, limit: int = 200) -> int:
        """Deliver what is due, lane by lane in parallel, and return once all of it is done
        (the terminal's and the tests' way); returns how many items were sent."""
        lanes, threads = self._lease(limit)
        deliver = partial(self._deliver, threads=threads)
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
            threads = self._threads(tx, items)
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
            self._deliver(lane, threads, claimed)
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
            threads = self._threads(tx, items)
            with_messages(tx, items)
        return _lanes(items), threads

    @staticmethod
    def _threads(tx: Tx, items: Sequence[OutboxItem]) -> Threads:
        interviews = {
            (item.team_id, item.interview_id)
            for item in items
            if item.interview_id is not None and item.user_id is None
        }
        return tx.threads_of(interviews=interviews) if interviews else {}

    def _deliver(
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
                ts = self.sender.send(item, self._target(item, threads, slot))
            except ChannelBusy as exc:
                self._give_back([*waiting, *items[n:]], exc.retry_after or 1.0)
                return sent
            except DeliveryFailed as exc:
                _block(blocked, stream)
                self._release(item, str(exc), exc.retry_after)
                continue
            except Undeliverable as exc:
                _block(blocked, stream)
                self._give_up(item, exc)
                continue
            self._sent(item, ts, threads)
            sent += 1
        self._give_back(waiting, 0.0)
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

    def _target(self, item: OutboxItem, threads: Threads, slot: datetime | None) -> Target:
        thread = None
        if item.interview_id is not None and item.payload.get("kind") != "question":
            thread = threads.get((item.team_id, item.interview_id))
        return Target(item.channel_id, thread, item.user_id, slot)

    def _sent(self, item: OutboxItem, ts: str | None, threads: Threads) -> None:
        assert item.id is not None and self.marks is not None
        # The question's message becomes the interview's thread.
        thread_of = None
        if item.payload.get("kind") == "question" and ts and item.interview_id is not None:
            thread_of = (item.team_id, item.interview_id)
        self.marks.record(Sent(item.id, ts, thread_of))
        if thread_of is not None:
            threads[thread_of] = ts

    def _give_up(self, item: OutboxItem, exc: Undeliverable) -> None:
        assert item.id is not None
        logger.warning(
            "interview %s (team %s): message %s cannot be delivered: %s",
            item.interview_id,
            item.team_id,
            item.id,
            exc.code,
            extra=ids(item.team_id, item.interview_id, outbox_id=item.id),
        )
        with self.store.transaction() as tx:
            tx.mark_dead(item_id=item.id, now=self.clock(), error=exc.code)
        if self.on_undeliverable is not None:
            self.on_undeliverable(item, exc)

    def _give_back(self, items: Sequence[OutboxItem], seconds: float) -> None:
        """Back to the queue, due in ``seconds``, without counting an attempt."""
        held = {item.id: item.lease_until for item in items if item.id and item.lease_until}
        if held:
            with self.store.transaction() as tx:
                tx.release(held=held, until=self.clock() + timedelta(seconds=seconds))

    def _release(self, item: OutboxItem, error: str, retry_after: float | None) -> None:
        assert item.id is not None
        now = self.clock()
        backoff = timedelta(seconds=retry_after) if retry_after else _backoff(item.attempts)
        logger.warning(
            "interview %s (team %s): message %s not delivered (%s); retry in %s",
            item.interview_id,
            item.team_id,
            item.id,
            error,
            backoff,
            extra=ids(item.team_id, item.interview_id, outbox_id=item.id),
        )
        with self.store.transaction() as tx:
            tx.mark_failed(item_id=item.id, now=now, error=error, retry_at=now + backoff)


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


def _block(blocked: set[tuple[int, str | None]], stream: tuple[int, str | None] | None) -> None:
    if stream is not None:
        blocked.add(stream)


def _backoff(attempts: int) -> timedelta:
    """1, 2, 4... seconds, at most :data:`MAX_BACKOFF`: a long outage is noticed within
    that once it ends, and a message that keeps failing costs a try every 30 seconds."""
    return min(timedelta(seconds=2 ** min(attempts, 5)), MAX_BACKOFF)
