"""`/drill schedule add ...`: a cadence, days and a time, then a zone, a format and a topic.

After the time, the words may come in any order: one that looks like a time zone (has a
``/``, or is UTC) is the zone, a format id is the format, the rest is the topic. A word that
is none of these is refused, so a mistyped format never silently becomes a topic.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
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
from bot.numbers import NumberError, whole_number

MAX_EVERY_WEEKS = 12
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


def parse_add(
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
