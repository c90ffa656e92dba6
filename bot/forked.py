"""A helper process forked from the server: started before any thread exists, replaced from
the server's main loop if it dies, stopped with the server.

Why forked and not spawned: it shares the server's start-up (settings, content, the
database engine) without doing it again. Why before any thread: a fork copies only the
calling thread, so a lock another thread held at that moment (SQLite's, a logging
handler's) would stay held in the child for good. The server starts its helpers first;
gunicorn's arbiter, which later replaces one that died, runs no thread of its own.

A bare ``os.fork``, not ``multiprocessing``: gunicorn's workers are forked from the same
process and would inherit multiprocessing's record of the helper as their own child (its
exit handler then tries to join it in every worker that exits).
"""

from __future__ import annotations

import logging
import os
import select
import signal
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Protocol

logger = logging.getLogger(__name__)

RESTART_EVERY_S = 10.0
"""A helper that died is replaced, but not more often than this (one failing at start-up
must not make the server fork in a loop)."""
READY_TIMEOUT_S = 10.0
"""A helper not ready by then is killed (and replaced at the next try)."""
PARENT_CHECK_S = 1.0
"""How often a helper checks that its server is still there (it exits within about this
long after the server is gone)."""

Main = Callable[[Callable[[], None]], None]
"""The helper's own code, run in the child: ``main(ready)`` calls ``ready()`` once it
serves, and returns (or raises) to exit."""


class Helper(Protocol):
    """What the server does with each of its helper processes."""

    def restart_if_gone(self, inherited: Sequence[int] = ()) -> None: ...
    def stop(self, timeout: float = 5.0) -> None: ...


class ForkedChild:
    """One helper process of the server (``name`` is for the logs)."""

    def __init__(
        self, name: str, main: Main, *, before_restart: Callable[[], None] = lambda: None
    ) -> None:
        """``before_restart`` runs in the server before a dead helper is replaced (say, to
        remove the socket file it left)."""
        self.name = name
        self._main = main
        self._before_restart = before_restart
        self.owner = os.getpid()
        self.pid: int | None = None
        self._restart_at = 0.0

    def start(self, inherited: Sequence[int] = ()) -> None:
        """Fork the helper and wait until it is ready; raises RuntimeError if it exits or is
        not ready in time (then it is killed). ``inherited``: file descriptors of this
        process the helper must not keep open (a server's listening sockets, say); they
        become /dev/null in the helper."""
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the helper: never return into the parent's stack
            code = 0
            try:
                os.close(ready_r)
                _leave_server(inherited)
                self._main(lambda: _say_ready(ready_w))
            except BaseException:  # noqa: BLE001 -- logged; the server replaces it
                logger.exception("%s failed", self.name)
                code = 1
            finally:
                os._exit(code)
        os.close(ready_w)
        self.pid = pid
        try:
            _wait_ready(ready_r, self.name)
        except RuntimeError:
            # Stuck (say, on a lock some other thread held at the fork): kill it, so the
            # next try starts afresh instead of waiting on it for good.
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            raise
        finally:
            os.close(ready_r)
        logger.info("%s started (pid %s)", self.name, pid)

    def restart_if_gone(self, inherited: Sequence[int] = ()) -> None:
        """Start another helper if ours died (killed, out of memory, a bug). For the
        server's main loop, e.g. gunicorn's arbiter, which forks its own workers from there
        too; never raises."""
        if os.getpid() != self.owner or self.pid is None or not _exited(self.pid):
            return
        if time.monotonic() < self._restart_at:
            return
        self._restart_at = time.monotonic() + RESTART_EVERY_S
        logger.warning("%s (pid %s) is gone: starting another", self.name, self.pid)
        try:
            self._before_restart()
            self.start(inherited)
        except Exception:  # noqa: BLE001 -- the server must go on without it meanwhile
            logger.exception("could not start another %s", self.name)

    def stop(self, timeout: float = 5.0) -> None:
        """SIGTERM to the helper, and wait for it up to ``timeout``. Only in the process
        that started it: a gunicorn worker unwinding the same stack when it exits must leave
        the helper to the server."""
        if os.getpid() != self.owner or self.pid is None:
            return
        with suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while not _exited(self.pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        self.pid = None

    def server_gone(self) -> bool:
        """In the helper: whether the server that started it has exited."""
        return os.getppid() != self.owner


_SERVER_SIGNALS = ("SIGHUP", "SIGQUIT", "SIGCHLD", "SIGUSR1", "SIGUSR2", "SIGTTIN", "SIGTTOU")


def _leave_server(inherited: Sequence[int]) -> None:
    """In a helper forked from a running server: drop the server's signal handlers (they
    would act on the server's state, here a copy) and its descriptors. /dev/null takes
    each descriptor's place rather than a close, so a copy of the server's objects that
    still holds the number can never close a descriptor the helper opens later. Ctrl-C in
    a terminal reaches the whole process group: the server stops its helpers itself."""
    for name in _SERVER_SIGNALS:
        signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if inherited:
        null = os.open(os.devnull, os.O_RDWR)
        for fd in inherited:
            with suppress(OSError):
                os.dup2(null, fd)
        os.close(null)


def _say_ready(ready: int) -> None:
    os.write(ready, b"1")
    os.close(ready)


def _wait_ready(ready: int, name: str) -> None:
    """Wait for the helper's byte on ``ready``. Only the helper holds the pipe's other
    end, so if it exits first the read sees the end."""
    readable, _, _ = select.select([ready], [], [], READY_TIMEOUT_S)
    if not readable:
        raise RuntimeError(f"the {name} process did not start in time")
    if os.read(ready, 1) != b"1":
        raise RuntimeError(f"the {name} process did not start")


def _exited(pid: int) -> bool:
    """Whether our child ``pid`` is gone (and reaped, by us or by gunicorn's arbiter)."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # already reaped elsewhere
        return True
    return done == pid
