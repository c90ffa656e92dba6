"""The leaderboard's windows (this week, month or season) in the team's own time zone, and
the local week an interview counts for."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

WINDOWS = ("week", "month", "season", "all", "improved")


def window_start(window: str, *, now: datetime, tz: str) -> datetime | None:
    """The window's first instant (aware UTC-comparable), or None for all time."""
    local = now.astimezone(ZoneInfo(tz))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if window == "week":
        start = midnight - timedelta(days=local.weekday())
    elif window == "month":
        start = midnight.replace(day=1)
    elif window == "season":
        start = midnight.replace(month=(local.month - 1) // 3 * 3 + 1, day=1)
    else:
        return None
    # ZoneInfo arithmetic is on wall time: the offset is the one in force at that midnight,
    # so a DST change between the window's start and now is accounted for.
    return start


def week_of(at: datetime, tz: str) -> date:
    """The Monday (local date) of the week ``at`` falls in."""
    local = at.astimezone(ZoneInfo(tz)).date()
    return local - timedelta(days=local.weekday())
