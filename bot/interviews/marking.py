"""What a post leaves to record, written for many posts in one transaction (group commit).

After each post the outbox item is marked sent (a question's message becomes its interview's
thread), and a post answered late holds its channel a second from the answer
(:mod:`bot.interviews.pacing`). Each of these was a transaction of its own, twice a post.
Here the sender threads hand them to :class:`Marks`: the first thread in writes everything
handed in so far in one transaction, and the threads that handed theirs in meanwhile wait
for that commit, or for the next one. Nothing waits on a timer: alone, a thread writes its
own at once, as before; many together share a transaction.

A caller returns only once its write has committed, so the at-least-once window stays what
it was: a process killed between a post and the commit of its marking sends that message
again once its lease runs out. A failed transaction fails every caller whose writes it held;
their items stay leased and go again, as when a marking of its own failed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from storage.repository import Store


@dataclass(frozen=True)
class Sent:
    """Item ``item_id`` was posted (``ts``: its message); a question names its thread."""

    item_id: int
    ts: str | None
    thread_of: tuple[str, int] | None = None
    """(team id, interview id) whose thread this message starts."""


@dataclass(frozen=True)
class Hold:
    """The channel's next slot opens no sooner than ``until``."""

    team_id: str
    channel_id: str
    until: datetime


@dataclass
class _Entry:
    write: Sent | Hold
    done: bool = False
    error: BaseException | None = None


@dataclass
class Marks:
    store: Store
    clock: Callable[[], datetime]
    _queue: list[_Entry] = field(default_factory=list)
    _writing: bool = False
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def record(self, write: Sent | Hold) -> None:
        """Write ``write`` (in a transaction shared with other threads'); returns once it
        has committed, raises what the transaction raised."""
        entry = _Entry(write)
        with self._cond:
            self._queue.append(entry)
            while self._writing and not entry.done:
                self._cond.wait()
            lead = not entry.done  # nobody is writing: this thread writes what is queued
            if lead:
                self._writing = True
                batch, self._queue = self._queue, []
        if lead:
            error = self._write(batch)
            with self._cond:
                for queued in batch:
                    queued.done, queued.error = True, error
                self._writing = False
                self._cond.notify_all()
        if entry.error is not None:
            raise entry.error

    def _write(self, batch: list[_Entry]) -> BaseException | None:
        sent = [e.write for e in batch if isinstance(e.write, Sent)]
        holds = [e.write for e in batch if isinstance(e.write, Hold)]
        try:
            with self.store.transaction() as tx:
                if sent:
                    tx.mark_sent_many(now=self.clock(), sent=[(s.item_id, s.ts) for s in sent])
                    tx.set_threads(
                        threads=[(*s.thread_of, s.ts) for s in sent if s.thread_of and s.ts]
                    )
                if holds:
                    tx.hold_post_slots(holds=[(h.team_id, h.channel_id, h.until) for h in holds])
        except Exception as exc:  # noqa: BLE001 -- handed to every caller, who raises it
            return exc
        return None
