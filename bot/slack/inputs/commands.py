"""`/drill`'s words: the subcommand and its arguments, read from the slash command's text."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from bot.engine.interview import MAX_EXTEND_MINUTES
from bot.numbers import NumberError, whole_number
from bot.slack.inputs.command_help import COMMANDS
from bot.slack.inputs.fields import UsageError

# Subcommands whose arguments their own handler parses (with its own friendly errors).
_OWN_ARGS = frozenset({"show", "leaderboard", "timezone", "retention", "schedule"})
_NAMES = frozenset(c.name for c in COMMANDS)
_MINUTES_UNIT = re.compile(r"\s*(?:m|min|mins|minute|minutes)$")
_QUOTES = " \"'\u201c\u201d\u2018\u2019"


@dataclass(frozen=True)
class DrillCommand:
    """A parsed ``/drill`` command. Only the fields of its subcommand are set."""

    name: str
    args: tuple[str, ...] = ()
    question: str | None = None
    """start: a question id or a free-text topic; None for a random question."""
    format: str | None = None
    """start: a format id (one of the ``formats`` given to the parser)."""
    minutes: int | None = None
    """extend: 1 to ``MAX_EXTEND_MINUTES``; None for the engine's default."""
    topic: str | None = None
    """questions: a filter."""


def parse_drill_command(text: str, *, formats: Collection[str] = ()) -> DrillCommand:
    """Parse the text after ``/drill``; empty text means ``help``.

    ``start``'s last word is taken as the format when it is one of ``formats``
    (case-insensitive); the other words are the question id or topic.
    Raises :class:`UsageError` with a short reply for the user.
    """
    words = text.split()
    if not words:
        return DrillCommand("help")
    name, args = words[0].lower(), tuple(words[1:])
    if name not in _NAMES:
        shown = name.replace("`", "")[:30]
        raise UsageError(f"`/drill {shown}` isn't a command I know. Try `/drill help`.")
    if name == "start":
        return _parse_start(args, formats)
    if name == "extend":
        return DrillCommand(name, args, minutes=_parse_minutes(args))
    if name == "questions":
        return DrillCommand(name, args, topic=" ".join(args).strip(_QUOTES) or None)
    if name in _OWN_ARGS:
        return DrillCommand(name, args)
    if args:
        raise UsageError(f"`/drill {name}` takes nothing after it: just `/drill {name}`.")
    return DrillCommand(name)


def _parse_start(args: tuple[str, ...], formats: Collection[str]) -> DrillCommand:
    known = {f.lower(): f for f in formats}
    words, chosen = args, None
    if words and words[-1].lower() in known:
        words, chosen = words[:-1], known[words[-1].lower()]
    question = " ".join(words).strip(_QUOTES) or None
    return DrillCommand("start", args, question=question, format=chosen)


def _parse_minutes(args: tuple[str, ...]) -> int | None:
    if not args:
        return None
    text = " ".join(args)
    number = _MINUTES_UNIT.sub("", text.lower()) or text
    try:
        return whole_number(
            number,
            low=1,
            high=MAX_EXTEND_MINUTES,
            what="minutes for `/drill extend`",
            example="`/drill extend 5`",
        )
    except NumberError as exc:
        raise UsageError(str(exc)) from None
