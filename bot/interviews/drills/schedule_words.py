"""The words of a schedule command: days, times of day, time zones. Each parser returns a
value or raises :class:`ScheduleUsageError` naming the word and showing a working example."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

EXAMPLE = "`/drill schedule add weekly mon 09:00 Europe/Berlin weekly`"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                            "Saturday", "Sunday"), strict=True))  # fmt: skip
_TIME = re.compile(r"([0-9]{1,2})(?::([0-9]{2}))?\s*(am|pm)?", re.IGNORECASE)


class ScheduleUsageError(ValueError):
    """A schedule command that cannot be understood; the message is for the person."""


def valid_timezone(name: str) -> bool:
    """True for a zone name the system's tz database knows (``Europe/Berlin``, ``UTC``)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
        return False
    return True


def parse_days(raw: str) -> str:
    if not raw:
        raise ScheduleUsageError(f"Which day? For example {EXAMPLE}")
    days = []
    for word in raw.split(","):
        day = word.strip()[:3]
        if day not in DAYS or not DAY_NAMES[day].lower().startswith(word.strip()):
            raise ScheduleUsageError(
                f"`{shown(word)}` isn't a day: use mon, tue, wed, thu, fri, sat or sun "
                f"(or `weekdays`), e.g. {EXAMPLE}"
            )
        if day not in days:
            days.append(day)
    return ",".join(sorted(days, key=DAYS.index))


def parse_time(raw: str) -> tuple[int, int]:
    match = _TIME.fullmatch(raw.strip())
    hour = int(match[1]) if match else -1
    minute = int(match[2] or 0) if match else -1
    if match and match[3]:
        hour = hour % 12 + (12 if match[3].lower() == "pm" else 0) if 1 <= hour <= 12 else -1
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ScheduleUsageError(
            f"`{shown(raw)}` isn't a time of day: use 24-hour HH:MM from 00:00 to 23:59, "
            f"e.g. {EXAMPLE}"
        )
    return hour, minute


def shown(word: str) -> str:
    return word.replace("`", "")[:40]
