"""Printing in the terminal: the interviewer's messages (the terminal's "post to Slack")
and the program's own notes, each rendered by :mod:`bot.terminal.render`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO

from rich.console import Console
from rich.text import Text

from bot.interviews.rows import OutboxItem
from bot.interviews.transport import Target
from bot.terminal.render import render

TITLES = {"question": "Question", "retrospective": "Retrospective"}
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


@dataclass
class ConsoleSender:
    """Prints outbox items; the terminal's equivalent of posting to Slack."""

    printer: Printer

    def send(self, item: OutboxItem, target: Target) -> str | None:
        payload = item.payload
        title = TITLES.get(str(payload.get("kind", "")), "Interviewer")
        hints = _hints(payload.get("buttons") or [])
        self.printer.message(title, str(payload.get("text", "")), hints)
        return None


def _hints(buttons: list[list[str]]) -> str:
    topics = [b for b in buttons if b[0] == "topic"]
    if topics:
        listed = "  ".join(f"/topic {i}: {b[1]}" for i, b in enumerate(topics, 1))
        return f"{listed}  /topic <your own topic>"
    names = {"next": "/next", "extend": "/extend [minutes]", "end": "/end", "resume": "/resume"}
    return " · ".join(names.get(b[0], f"/{b[0]}") for b in buttons)
