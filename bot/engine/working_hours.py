"""Working hours for async formats: when reminders may be sent, and to whom.

A format with ``working_hours`` (the weekly team drill) keeps its phases on the clock day
and night, but reminders wait for working hours in the interview's time zone: a nudge due at
23:00 or on a Saturday is deferred to the next working-hours start. Reminders name only the
people who joined the drill (answered at least once) and have not answered the current
phase; nobody else is pinged, and never the whole channel.

Pure: ``zoneinfo`` only converts times; ``now`` always comes from the caller.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.content.model import WorkingHours
from bot.engine.playbook import Playbook
from bot.engine.state import InterviewState

SATURDAY = 5


def zone(name: str | None) -> ZoneInfo:
    """The interview's zone; UTC when it has none (or, defensively, an unknown one)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def next_working_moment(at: datetime, *, hours: WorkingHours, tz: ZoneInfo) -> datetime:
    """``at`` itself when it falls in working hours, else the start of the next working
    period (local ``start_hour`` on the next allowed day). Returns an aware datetime."""
    local = at.astimezone(tz)
    day = local.date()
    for _ in range(8):
        workday = hours.weekends or day.weekday() < SATURDAY
        start = datetime.combine(day, time(hours.start_hour), tzinfo=tz)
        end = datetime.combine(day, time(hours.end_hour), tzinfo=tz)
        if workday and local < end:
            return at if local >= start else start.astimezone(at.tzinfo)
        day += timedelta(days=1)
    return at  # unreachable: some day within a week is a working day


def defer(at: datetime, state: InterviewState, playbook: Playbook) -> datetime:
    """When a reminder due at ``at`` may actually be sent (unchanged without working hours)."""
    hours = playbook.fmt.working_hours
    if hours is None:
        return at
    return next_working_moment(at, hours=hours, tz=zone(state.timezone))


def awaiting(state: InterviewState) -> tuple[str, ...]:
    """Who joined (answered before) but has not answered since the current phase opened,
    in order of joining. The host counts only if they answered too."""
    return tuple(user for user, spoke in state.last_spoke.items() if spoke < state.phase_started_at)
