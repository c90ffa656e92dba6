"""Printing in the terminal: the interviewer's messages and the program's own notes, each
rendered by :mod:`bot.terminal.render`, on a plain console (a pipe) or a colour one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO

from rich.console import Console
from rich.text import Text

from bot.terminal.render import render

HEADER_STYLES = {"Question": "bold magenta", "Retrospective": "bold green"}
INTERVIEWER = "cyan"
"""The interviewer's lines; the person's own are green (``bot.terminal.interactive``)."""
NOTE = "yellow"


def plain_console(out: TextIO) -> Console:
    """Output that is not a terminal (a pipe, a file, a test): no colour, no wrapping."""
    return Console(
        file=out,
        force_terminal=False,
        no_color=True,
        color_system=None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
    )


def colour_console(out: TextIO, width: int) -> Console:
    return Console(
        file=out,
        force_terminal=True,
        width=width,
        highlight=False,
        markup=False,
        emoji=False,
    )


@dataclass
class Printer:
    console: Console
    clock: Callable[[], datetime]

    def message(self, title: str, text: str, hints: str = "") -> None:
        """One interviewer message: a '── Title · 12:00:01 ──' line, then its text."""
        stamp = self.clock().astimezone().strftime("%H:%M:%S")
        header = Text(f"\n── {title} · {stamp} ──", style=HEADER_STYLES.get(title, "bold cyan"))
        body = render(text)
        body.style = INTERVIEWER
        parts = [header, body]
        if hints:
            parts.append(Text(f"   [{hints}]", style="dim"))
        self.console.print(*parts, sep="\n")

    def note(self, text: str) -> None:
        """The program's own line (help, errors, where the interview was saved)."""
        line = render(text)
        line.style = NOTE
        self.console.print(line)
