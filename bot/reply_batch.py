"""Group commit: request threads hand their replies to one writer thread, which stores
everything waiting in ONE transaction and then lets each request go on.

Why: an answer must be committed before the transport is told it was received (Slack never
redelivers an event it got a 200 for, so acking first could lose answers in a crash). One
transaction per reply costs a commit (an fsync) and several milliseconds of CPU each, and
SQLite lets one writer in at a time, so replies queue up behind each other's commits. Here
each request thread still waits for its own reply's commit, but the commit is shared by all
the replies that arrived while the previous one ran.

No timer: when the writer is idle a reply is written at once; under load, what queued up
during one transaction goes in the next. Nothing is acked before its commit, so the queue
holds only replies whose senders are still waiting: a crash loses no acknowledged reply.
"""

from __future__ import annotations

import logging
import os
import threading
import weakref
from collections import deque
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

MAX_BATCH = 200
"""Replies per transaction at most: bounds how long one commit holds the write lock."""
WAIT_SECONDS = 2.5
"""How long :meth:`ReplyBatcher.submit` waits for the commit: below Slack's 3 s, so a
stuck writer makes Slack retry the event rather than receive a late (or no) ack."""


class ReplyNotStored(Exception):
    """The reply was not committed (in time, or at all): report a failure to the sender,
    which will retry. It may still be committed later; a retry then finds it stored."""


class _Waiter(Generic[T, R]):
    """One submitted reply and, once its transaction ended, its outcome."""

    __slots__ = ("abandoned", "done", "error", "item", "result", "settled")

    def __init__(self, item: T) -> None:
        self.item = item
        # A held lock the writer releases once the outcome is set: the cheapest one-shot
        # signal between two threads (an Event adds a Condition and a lock per wait).
        self.done = threading.Lock()
        self.done.acquire()
        self.settled = False  # only the writer thread reads or sets it
        self.abandoned = False  # its sender stopped waiting
        self.result: R | None = None
        self.error: BaseException | None = None

    def settle(self) -> None:
        if not self.settled:
            self.settled = True
            self.done.release()


class ReplyBatcher(Generic[T, R]):
    """One writer thread per process, running ``store`` on batches of submitted items.

    ``store(items)`` must handle all ``items`` in one transaction and return one result per
    item, in order; if it raises, each item of the batch is retried alone (``store([item])``)
    so a bad item gets its own exception and the others are still stored. The writer starts
    with the first :meth:`submit` in the process that makes it (gunicorn builds the app
    before forking its workers), is a daemon, and outlives any exception.
    """

    def __init__(
        self,
        store: Callable[[Sequence[T]], Sequence[R]],
        *,
        max_batch: int = MAX_BATCH,
        wait_seconds: float = WAIT_SECONDS,
        name: str = "reply-writer",
    ) -> None:
        self._store = store
        self._max_batch = max_batch
        self._wait_seconds = wait_seconds
        self._name = name
        self._reset()
        # A forked child has none of its parent's threads (and maybe a lock held by one of
        # them): it starts afresh, with its own writer when it first needs one.
        ref = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: _reset_if_alive(ref))

    def _reset(self) -> None:
        self._lock = threading.Lock()
        self._wakeup = threading.Condition(self._lock)
        self._queue: deque[_Waiter[T, R]] = deque()
        self._writer: threading.Thread | None = None
        self._closed = False

    def submit(self, item: T) -> R:
        """Store ``item`` and return its result once its transaction has committed.

        Re-raises the exception ``store`` raised for this item alone; raises
        :class:`ReplyNotStored` if that did not happen within ``wait_seconds``.
        """
        waiter: _Waiter[T, R] = _Waiter(item)
        with self._lock:
            if self._closed:
                raise ReplyNotStored("the reply writer is closed")
            self._queue.append(waiter)
            if self._writer is None:
                self._writer = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._writer.start()
            else:
                self._wakeup.notify()
        if not waiter.done.acquire(timeout=self._wait_seconds):
            with self._lock:
                waiter.abandoned = True
                if waiter in self._queue:  # not taken yet: it will not be stored
                    self._queue.remove(waiter)
            if not waiter.done.acquire(blocking=False):
                raise ReplyNotStored(f"not stored within {self._wait_seconds} s")
        if waiter.error is not None:
            raise waiter.error
        return waiter.result  # type: ignore[return-value]  # set by the writer

    @property
    def pending(self) -> int:
        """How many submitted items wait for the writer to take them."""
        with self._lock:
            return len(self._queue)

    def close(self, timeout: float | None = None) -> None:
        """Store what is queued, then stop the writer (later submits raise)."""
        with self._lock:
            self._closed = True
            self._wakeup.notify()
            writer = self._writer
        if writer is not None:
            writer.join(timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._queue:
                    if self._closed:
                        return
                    self._wakeup.wait()
                batch = [
                    self._queue.popleft() for _ in range(min(len(self._queue), self._max_batch))
                ]
            self._write(batch)

    def _write(self, batch: list[_Waiter[T, R]]) -> None:
        """Store ``batch`` and wake its waiters, whatever happens."""
        try:
            try:
                results = self._store([w.item for w in batch])
                if len(results) != len(batch):
                    raise RuntimeError(f"{len(results)} results for {len(batch)} items")
            except Exception as exc:
                if len(batch) == 1:
                    batch[0].error = exc
                    return
                logger.warning(
                    "a batch of %d replies failed (%r); storing each alone", len(batch), exc
                )
                for waiter in batch:
                    self._write_alone(waiter)
                return
            for waiter, result in zip(batch, results, strict=True):
                waiter.result = result
        except BaseException as exc:  # a bug here must not stop the writer or strand anyone
            logger.exception("reply writer failed")
            for waiter in batch:
                if not waiter.settled:
                    failed = ReplyNotStored("the reply writer failed")
                    failed.__cause__ = exc
                    waiter.error, waiter.result = failed, None
        finally:
            for waiter in batch:
                waiter.settle()

    def _write_alone(self, waiter: _Waiter[T, R]) -> None:
        """After a failed batch. Skips a reply whose sender gave up (its transport retries
        it): when the database itself is failing, each try can take the busy timeout."""
        try:
            if waiter.abandoned:
                raise ReplyNotStored("given up before it could be stored alone")
            waiter.result = self._store([waiter.item])[0]
        except Exception as exc:
            waiter.error = exc
        waiter.settle()


def _reset_if_alive(ref: weakref.ref[ReplyBatcher[T, R]]) -> None:
    batcher = ref()
    if batcher is not None:
        batcher._reset()
