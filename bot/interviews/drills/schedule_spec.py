"""`/drill schedule ...` text in, a typed command out, or a friendly error with an example.

Grammar (words after ``/drill schedule``)::

    add weekly DAY[,DAY] HH:MM [Area/City] [format] [topic...]
    add weekdays HH:MM [Area/City] [format] [topic...]
    add every N weeks DAY HH:MM [Area/City] [format] [topic...]
    list | pause ID | resume ID | delete ID | skip ID

The words after ``add``: :mod:`bot.interviews.drills.add_schedule`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.interviews.drills.add_schedule import AddSchedule, parse_add
from bot.interviews.drills.schedule_words import EXAMPLE, ScheduleUsageError, shown
from bot.numbers import NumberError, record_id

ACTIONS = ("list", "pause", "resume", "delete", "skip")
HELP = "\n".join(
    (
        "*Scheduled team drills*",
        "• `/drill schedule add weekly mon 09:00 [Area/City] [format] [topic]`",
        "• `/drill schedule add weekdays 09:00 ...`",
        "• `/drill schedule add every 2 weeks mon 09:00 ...`",
        "• `/drill schedule list` · `pause ID` · `resume ID` · `delete ID`",
        "• `/drill schedule skip ID`: skip the next run",
        "• `/drill reroll`: a different question, before anyone has answered (the host)",
        "The time zone defaults to yours; the format to `weekly`. Example: " + EXAMPLE,
    )
)


@dataclass(frozen=True)
class ScheduleAction:
    action: Literal["list", "pause", "resume", "delete", "skip"]
    schedule_id: int | None = None


ScheduleCommand = AddSchedule | ScheduleAction


def parse_schedule(
    args: Sequence[str], *, formats: Collection[str], is_topic: Callable[[str], bool]
) -> ScheduleCommand:
    """Parse the words after ``/drill schedule``.

    ``is_topic`` says whether some question matches a topic. Raises
    :class:`ScheduleUsageError` whose message names the bad word and shows an example.
    """
    if not args:
        raise ScheduleUsageError(HELP)
    verb, rest = args[0].lower(), list(args[1:])
    if verb == "add":
        return parse_add(rest, formats=formats, is_topic=is_topic)
    if verb == "list":
        return ScheduleAction("list")
    if verb in ACTIONS:
        return ScheduleAction(verb, _parse_id(verb, rest))  # type: ignore[arg-type]
    raise ScheduleUsageError(f"`{shown(verb)}` isn't a schedule command.\n{HELP}")


def _parse_id(verb: str, rest: list[str]) -> int:
    hint = f"use a number `/drill schedule list` shows, e.g. `/drill schedule {verb} 3`"
    if len(rest) != 1:
        raise ScheduleUsageError(f"`/drill schedule {verb}` takes a schedule number: {hint}.")
    try:
        return record_id(rest[0], what="a schedule number", hint=hint)
    except NumberError as exc:
        raise ScheduleUsageError(str(exc)) from None
