"""The terminal's sender: outbox items printed, where Slack would have them posted, with
the buttons as the commands to type instead."""

from __future__ import annotations

from dataclasses import dataclass

from bot.interviews.rows import OutboxItem
from bot.interviews.transport import Target
from bot.terminal.printing import Printer

TITLES = {"question": "Question", "retrospective": "Retrospective"}


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
