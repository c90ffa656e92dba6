"""Printing the interviewer's messages in the terminal: the terminal's "post to Slack"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO

from bot.interviews.delivery import Target
from bot.interviews.rows import OutboxItem


@dataclass
class ConsoleSender:
    """Prints outbox items; the terminal's equivalent of posting to Slack."""

    out: TextIO
    clock: Callable[[], datetime]

    def send(self, item: OutboxItem, target: Target) -> str | None:
        payload = item.payload
        kind = str(payload.get("kind", ""))
        stamp = self.clock().astimezone().strftime("%H:%M:%S")
        title = {"question": "Question", "retrospective": "Retrospective"}.get(kind, "Interviewer")
        lines = [f"\n── {title} · {stamp} ──", _plain(str(payload.get("text", "")))]
        hints = _hints(payload.get("buttons") or [])
        if hints:
            lines.append(f"   [{hints}]")
        print("\n".join(lines), file=self.out, flush=True)
        return None


def _plain(text: str) -> str:
    """Slack's *bold* reads fine in a terminal; mentions don't, so unwrap them."""
    return text.replace("<@", "@").replace(">", "") if "<@" in text else text


def _hints(buttons: list[list[str]]) -> str:
    topics = [b for b in buttons if b[0] == "topic"]
    if topics:
        return "  ".join(f"/topic {i}: {b[1]}" for i, b in enumerate(topics, 1))
    names = {"next": "/next", "extend": "/extend [min]", "end": "/end", "resume": "/resume"}
    return " · ".join(names.get(b[0], b[0]) for b in buttons)
