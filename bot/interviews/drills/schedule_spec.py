"""`/drill schedule ...` text in, a typed command out, or a friendly error with an example.

Grammar (words after ``/drill schedule``)::

    add weekly DAY[,DAY] HH:MM [Area/City] [format] [topic...]
    add weekdays HH:MM [Area/City] [format] [topic...]
    add every N weeks DAY HH:MM [Area/City] [format] [topic...]
    list | pause ID | resume ID | delete ID | skip ID

After the time, the words may come in any order: one that looks like a time zone (has a
``/``, or is UTC) is the zone, a format id is the format, the rest is the topic. A word that
is none of these is refused, so a mistyped format never silently becomes a topic.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.interviews.drills.schedule_words import (
    EXAMPLE,
    ScheduleUsageError,
    parse_days,
    parse_time,
    shown,
    valid_timezone,
)
from bot.numbers import NumberError, record_id, whole_number

MAX_EVERY_WEEKS = 12
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
_QUOTES = " \"'\u201c\u201d\u2018\u2019"


@dataclass(frozen=True)
class AddSchedule:
    cadence: Literal["weekly", "weekdays", "every_n_weeks"]
    day_of_week: str
    """CronTrigger day names: ``mon``, ``mon,thu`` or ``mon-fri``."""
    hour: int
    minute: int
    every_weeks: int = 1
    timezone: str | None = None
    """An IANA name, checked; None means "the creator's own zone"."""
    format_id: str | None = None
    topic: str | None = None

    @property
    def time_of_day(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"


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
        return _parse_add(rest, formats=formats, is_topic=is_topic)
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


def _parse_add(
    words: list[str], *, formats: Collection[str], is_topic: Callable[[str], bool]
) -> AddSchedule:
    if not words:
        raise ScheduleUsageError(f"When should the drill run? For example {EXAMPLE}")
    head = words.pop(0).lower()
    cadence: Literal["weekly", "weekdays", "every_n_weeks"] = "weekly"
    every = 1
    if head == "weekdays":
        days = "mon-fri"
        cadence = "weekdays"
    else:
        if head == "every":
            every = _parse_every(words)
            cadence = "every_n_weeks" if every > 1 else "weekly"
            head = words.pop(0).lower() if words else ""
        elif head == "weekly":
            head = words.pop(0).lower() if words else ""
        days = parse_days(head)
    if not words:
        raise ScheduleUsageError(f"At what time? Add it as HH:MM, e.g. {EXAMPLE}")
    hour, minute = parse_time(words.pop(0))
    zone, fmt, topic = _parse_tail(words, formats=formats, is_topic=is_topic)
    return AddSchedule(cadence, days, hour, minute, every, zone, fmt, topic)


def _parse_every(words: list[str]) -> int:
    count = words.pop(0) if words else ""
    unit = words.pop(0).lower() if words else ""
    example = "`/drill schedule add every 2 weeks mon 09:00`"
    if unit not in ("week", "weeks"):
        raise ScheduleUsageError(f"Write the interval as `every N weeks DAY HH:MM`, e.g. {example}")
    try:
        return whole_number(
            count, low=1, high=MAX_EVERY_WEEKS, what="a number of weeks", example=example
        )
    except NumberError as exc:
        raise ScheduleUsageError(str(exc)) from None


def _parse_tail(
    words: list[str], *, formats: Collection[str], is_topic: Callable[[str], bool]
) -> tuple[str | None, str | None, str | None]:
    known = {f.lower(): f for f in formats}
    zone: str | None = None
    fmt: str | None = None
    topic_words: list[str] = []
    for word in words:
        if zone is None and ("/" in word or word.upper() in ("UTC", "GMT")):
            if not valid_timezone(word):
                raise ScheduleUsageError(
                    f"`{shown(word)}` isn't a time zone I know: use an IANA name such as "
                    f"`Europe/Berlin` or `America/New_York`, e.g. {EXAMPLE}"
                )
            zone = word
        elif fmt is None and not topic_words and word.lower() in known:
            fmt = known[word.lower()]
        else:
            topic_words.append(word)
    topic = " ".join(topic_words).strip(_QUOTES) or None
    if topic is not None and not is_topic(topic):
        names = ", ".join(f"`{f}`" for f in sorted(formats))
        raise ScheduleUsageError(
            f"`{shown(topic)}` is neither a format ({names}) nor a topic of any question "
            f"(`/drill questions` lists them). For example {EXAMPLE}"
        )
    return zone, fmt, topic
