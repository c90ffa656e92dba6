"""Small helpers every kind of test uses: waiting for a condition, a free port."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable

WAIT_S = 30.0
"""How long a test waits for something that should happen: generous, since only a failing
test ever waits this long, and a busy machine must not fail a test that would pass."""


def wait_until(
    condition: Callable[[], object], what: str = "the condition", timeout: float = WAIT_S
) -> None:
    """Poll ``condition`` until it is truthy; fail naming ``what`` was awaited."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting until {what}")
        time.sleep(0.02)


def free_port() -> int:
    """A TCP port free right now on 127.0.0.1 (a child process binds it a moment later)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listening(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:``port`` (gunicorn binds its port
    only once the app is loaded)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False
