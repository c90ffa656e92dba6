"""One reply writer process for the whole web server, beside gunicorn's workers.

Why: storing replies is Python work (SQLAlchemy, the engine's step, the JSON state), and a
gunicorn worker's threads share one interpreter lock. Done in the worker, that work
competes with the request threads that read, verify and acknowledge Slack's requests, and
every SQLite call it makes lets go of the lock and then waits behind them to get it back.
In a process of its own it runs on another core. SQLite lets one writer in at a time
anyway, so one writer for every worker also means the workers never wait for each other's
write locks. (Measured in ``bench/ACK.md``: ~10-25% more answers per second.)

What does not change: a request still waits until the transaction holding its reply has
committed before Slack gets its 200. The worker's :class:`bot.reply_batch.ReplyBatcher`
still groups the replies that arrive meanwhile; its ``store`` is a :class:`RemoteStore`,
which sends the batch over a Unix socket and waits for the results. The writer stores what
has arrived from every worker in one transaction.

The socket lives in a fresh directory only this user may open (``mkdtemp``, mode 0700),
so nothing but this server's own processes can reach it: that is what makes ``pickle``
between them safe.

Failure: if the writer is gone or does not answer in time, the worker stores the batch
itself (``local``) and logs it: slower, never lost. A batch the writer may have committed
before dying is safe to store again: replies are remembered by event id and message, so
the second time changes nothing.
"""

from __future__ import annotations

import logging
import os
import pickle
import queue
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path
from typing import Any, Generic, TypeVar

from bot.forked import PARENT_CHECK_S, ForkedChild
from bot.reply_batch import MAX_BATCH, ReplyNotStored

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

RECONNECT_AFTER_S = 5.0
"""After losing the writer, a worker stores its replies itself and tries again after this."""


class ReplyWriter(Generic[T, R]):
    """Starts and stops the writer process; ``address`` is where workers reach it.

    ``store(items)`` stores items in one transaction and returns one result per item (for
    replies: ``InterviewService.record_replies``). ``after_fork`` runs first in the new
    process (e.g. to drop database connections inherited from the parent)."""

    def __init__(
        self,
        store: Callable[[Sequence[T]], Sequence[R]],
        *,
        after_fork: Callable[[], None] = lambda: None,
    ) -> None:
        self._dir = Path(tempfile.mkdtemp(prefix="designdrill-writer-"))  # mode 0700
        self.address = str(self._dir / "writer.sock")

        def main(ready: Callable[[], None]) -> None:
            after_fork()
            _writer_main(self.address, store, ready, self._process.server_gone)

        self._process = ForkedChild("reply writer", main, before_restart=self._remove_socket)

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def start(self, inherited: Sequence[int] = ()) -> str:
        """Fork the writer and wait until it listens (see :class:`bot.forked.ForkedChild`:
        before this process starts any thread, and before gunicorn forks)."""
        self._process.start(inherited)
        return self.address

    def restart_if_gone(self, inherited: Sequence[int] = ()) -> None:
        """Start another writer if ours died. Meanwhile the workers store replies
        themselves; they reach the new writer at their next try (at most
        ``RECONNECT_AFTER_S`` later). From the server's main loop; never raises."""
        self._process.restart_if_gone(inherited)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the writer (a transaction in flight is rolled back; Slack retries those).
        Only in the process that started it."""
        if os.getpid() != self._process.owner:
            return
        self._process.stop(timeout)
        shutil.rmtree(self._dir, ignore_errors=True)

    def _remove_socket(self) -> None:
        """The dead writer's socket: the next one binds the same path."""
        with suppress(FileNotFoundError):
            os.unlink(self.address)


ANSWER_TIMEOUT_S = 2.0
"""How long a worker waits for the writer's answer before it stores the batch itself: a
stuck writer then costs a batch that much, and its requests still ack within Slack's 3 s."""


class RemoteStore(Generic[T, R]):
    """A ``store`` for :class:`bot.reply_batch.ReplyBatcher` that sends the batch to the
    writer process and returns its results; ``local`` when the writer cannot do it.

    Called from one thread at a time (the batcher's writer thread); each process opens its
    own connection on first use, so one made before gunicorn forks is never shared."""

    def __init__(
        self,
        address: str,
        local: Callable[[Sequence[T]], Sequence[R]],
        *,
        answer_timeout: float = ANSWER_TIMEOUT_S,
        reconnect_after: float = RECONNECT_AFTER_S,
    ) -> None:
        self._address = address
        self._local = local
        self._answer_timeout = answer_timeout
        self._reconnect_after = reconnect_after
        self._connection: Connection | None = None
        self._pid = os.getpid()
        self._retry_at = 0.0
        self._lost = False

    def __call__(self, items: Sequence[T]) -> Sequence[R]:
        connection = self._connect()
        if connection is None:
            return self._local(items)
        try:
            connection.send_bytes(_dumps(list(items)))
            if not connection.poll(self._answer_timeout):
                raise TimeoutError(f"no answer within {self._answer_timeout} s")
            kind, value = pickle.loads(connection.recv_bytes())
        except (OSError, EOFError, TimeoutError) as error:
            self._lose(connection, error)
            return self._local(items)
        if kind == "error":
            raise value
        return value

    def _connect(self) -> Connection | None:
        if self._pid != os.getpid():  # a forked child: the parent's connection is not ours
            self._connection, self._pid, self._retry_at = None, os.getpid(), 0.0
        if self._connection is None and time.monotonic() >= self._retry_at:
            try:
                self._connection = Client(self._address, family="AF_UNIX")
            except OSError as error:
                logger.error("reply writer unreachable, storing replies here: %s", error)
                self._lost, self._retry_at = True, time.monotonic() + self._reconnect_after
            else:
                if self._lost:
                    logger.warning("reply writer reachable again")
                    self._lost = False
        return self._connection

    def _lose(self, connection: Connection, error: BaseException) -> None:
        logger.error("reply writer lost, storing replies here: %r", error)
        connection.close()  # a late answer must not be read as the next batch's
        self._connection = None
        self._lost, self._retry_at = True, time.monotonic() + self._reconnect_after


Inbox = queue.SimpleQueue[tuple[Connection, list[Any]]]
"""Each worker's batches as they arrive, with the connection to answer on."""


def _writer_main(
    address: str,
    store: Callable[[Sequence[Any]], Sequence[Any]],
    ready: Callable[[], None],
    server_gone: Callable[[], bool],
) -> None:
    """The writer process: accept workers, store what they send, answer each."""
    # Stopped on purpose: exit quietly (gunicorn's arbiter reaps us and would log a child
    # killed by a signal as a failed worker). A transaction in flight is rolled back.
    signal.signal(signal.SIGTERM, lambda signum, frame: os._exit(0))
    inbox: Inbox = queue.SimpleQueue()
    listener = Listener(address, family="AF_UNIX")  # bind and listen
    threading.Thread(target=_accept, args=(listener, inbox), daemon=True).start()
    # Now, not when the socket file appears: that exists from bind, a moment before
    # listen, and a worker connecting in between would be refused.
    ready()
    while True:
        try:
            first = inbox.get(timeout=PARENT_CHECK_S)
        except queue.Empty:
            if server_gone():  # so are its workers
                return
            continue
        pending = [first]
        size = len(first[1])
        while size < MAX_BATCH:
            try:
                more = inbox.get_nowait()
            except queue.Empty:
                break
            pending.append(more)
            size += len(more[1])
        for connection, outcome in _store_all(store, pending):
            with suppress(OSError):  # that worker is gone; Slack retries its requests
                connection.send_bytes(_dumps(outcome))


def _accept(listener: Listener, inbox: Inbox) -> None:
    while True:
        connection = listener.accept()
        threading.Thread(target=_receive, args=(connection, inbox), daemon=True).start()


def _receive(connection: Connection, inbox: Inbox) -> None:
    """One worker's batches, in order (a worker sends its next batch after the answer)."""
    try:
        while True:
            inbox.put((connection, pickle.loads(connection.recv_bytes())))
    except (OSError, EOFError):
        connection.close()


def _store_all(
    store: Callable[[Sequence[Any]], Sequence[Any]],
    pending: list[tuple[Connection, list[Any]]],
) -> list[tuple[Connection, tuple[str, Any]]]:
    """Every worker's batch in one transaction; if that fails, each batch on its own, so
    one worker's bad reply does not fail another's (the worker then retries reply by reply)."""
    if len(pending) > 1:
        try:
            results = list(store([item for _, items in pending for item in items]))
        except Exception:  # noqa: BLE001 -- retried batch by batch below
            pass
        else:
            answers: list[tuple[Connection, tuple[str, Any]]] = []
            start = 0
            for connection, items in pending:
                answers.append((connection, ("ok", results[start : start + len(items)])))
                start += len(items)
            return answers
    answers = []
    for connection, items in pending:
        try:
            answers.append((connection, ("ok", list(store(items)))))
        except Exception as error:  # noqa: BLE001 -- sent to the worker, which raises it
            answers.append((connection, ("error", _sendable(error))))
    return answers


def _dumps(message: object) -> bytes:
    """Plain pickle: ``Connection.send`` builds a ForkingPickler (and copies its dispatch
    table) for every message."""
    return pickle.dumps(message, pickle.HIGHEST_PROTOCOL)


def _sendable(error: BaseException) -> BaseException:
    """The exception itself if it survives pickling, else one that says what it was."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001 -- any pickling problem
        return ReplyNotStored(f"{type(error).__name__}: {error}")
    return error
