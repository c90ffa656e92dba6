"""Words typed as a reply in an interview's thread that steer it instead of answering.

The bot's own lines tell people to type `next`, `extend`, `pause`, `resume` and `end`;
a reply that is exactly one of them (give or take backticks, a trailing full stop or a
mention of the bot) is that command. Anything longer is an answer, so "we end the session
after 30 minutes" is never mistaken for one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EXTEND_MINUTES = range(1, 121)
_MENTION = re.compile(r"^<@[A-Z0-9]+>\s*")
_COMMAND = re.compile(
    r"(next|pause|resume|end|extend)(?:\s+\+?(\d{1,6})\s*(?:m|min|mins|minute|minutes)?)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ThreadCommand:
    action: str
    """next, extend, pause, resume or end."""
    minutes: int | None = None
    """extend: how long; None for the format's default."""
    problem: str | None = None
    """Set when the words are a command that cannot be run as typed (a note for its author)."""


def parse_thread_command(text: str) -> ThreadCommand | None:
    """The command a thread reply is, or None when it is an answer."""
    words = _MENTION.sub("", text.strip()).strip().strip("`").strip().rstrip(".!").strip()
    matched = _COMMAND.fullmatch(words)
    if matched is None:
        return None
    action, minutes = matched[1].lower(), matched[2]
    if minutes is None:
        return ThreadCommand(action)
    if action != "extend":
        return None
    if int(minutes) not in EXTEND_MINUTES:
        return ThreadCommand(
            action, problem="`extend` takes 1 to 120 minutes, e.g. `extend 5`; nothing changed."
        )
    return ThreadCommand(action, int(minutes))
