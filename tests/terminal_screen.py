"""A terminal for prompt_toolkit in tests: keys go in through a pipe, and what it draws is
fed to a VT100 emulator (pyte), so a test reads the screen a person would see."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pyte
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput
from prompt_toolkit.output.vt100 import Vt100_Output

from tests.helpers import wait_until


class Screen:
    """The file prompt_toolkit writes to, shown as a grid of ``columns`` x ``rows``."""

    encoding = "utf-8"

    def __init__(self, keys: PipeInput, *, columns: int = 100, rows: int = 40) -> None:
        self.size = Size(rows=rows, columns=columns)
        self._screen = pyte.Screen(columns, rows)
        # Like a terminal, answer "where is the cursor?" on the input: prompt_toolkit draws
        # its toolbar only once it knows how many rows are left below the cursor.
        self._screen.write_process_input = keys.send_text  # type: ignore[method-assign]
        # A tty's output processing (ONLCR) turns each newline into CR LF.
        self._screen.set_mode(pyte.modes.LNM)
        self._stream = pyte.Stream(self._screen)
        self._lock = threading.Lock()

    def write(self, data: str) -> int:
        with self._lock:
            self._stream.feed(data)
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered."""

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        raise OSError("a test screen has no file descriptor")

    def output(self) -> Vt100_Output:
        """prompt_toolkit's output to this screen."""
        return Vt100_Output(self, lambda: self.size, term="xterm")  # type: ignore[arg-type]

    @property
    def lines(self) -> list[str]:
        with self._lock:
            return [line.rstrip() for line in self._screen.display]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, fragment: str) -> None:
        self.wait_until(lambda lines: fragment in "\n".join(lines), f"{fragment!r} is on screen")

    def wait_until(self, holds: Callable[[list[str]], bool], what: str) -> None:
        """Until one snapshot of the screen's rows satisfies ``holds`` (a redraw in progress
        may show a half-drawn screen for a moment); fail with the screen."""
        try:
            wait_until(lambda: holds(self.lines), what)
        except AssertionError as exc:
            raise AssertionError(f"{exc}; the screen:\n{self.text}") from None
