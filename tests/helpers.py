"""Small helpers every kind of test uses: waiting for a condition, a free port, content."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from pathlib import Path

from bot.content.loader import builtin_prompts_dir, load_content
from bot.content.model import Content

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


_LOADED: dict[tuple[tuple[str, str], ...], Content] = {}


def content_with(prompts: Path | None = None) -> Content:
    """The built-in content with ``prompts`` on top, loaded once per distinct overlay: the
    content is frozen, and reading the built-in YAML costs about 0.4 s of CPU, which every
    test deployment paid again."""
    files = sorted(prompts.glob("*.yaml")) if prompts else []
    key = tuple((p.name, p.read_text()) for p in files)
    if key not in _LOADED:
        _LOADED[key] = load_content(builtin_prompts_dir(), *([prompts] if prompts else []))
    return _LOADED[key]
