"""When a schedule fires: APScheduler's CronTrigger in the schedule's own time zone.

We use the trigger only as a calculator (``get_next_fire_time(None, now)``), never a
running scheduler: occurrences are stored as data (``Schedule.next_run_at``) and claimed
from the database. CronTrigger works on local wall time, so "Monday 09:00 Europe/Berlin"
stays 09:00 in Berlin across DST changes (the UTC instant moves by an hour).

Every-N-weeks schedules keep their parity from ``anchor_at`` (the first occurrence): an
occurrence counts only if whole local weeks (Monday to Sunday) between the anchor's week and
its own are a multiple of N, so pausing or restarting never shifts the rhythm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

MAX_STEPS = 400
"""Bound on candidate occurrences examined per call (12-week parity needs at most ~84)."""


@dataclass(frozen=True)
class Timing:
    """The parts of a schedule that decide its occurrences."""

    day_of_week: str
    time_of_day: str
    timezone: str
    every_weeks: int = 1
    anchor_at: datetime | None = None
    """The first occurrence; None while computing it."""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def trigger(self) -> CronTrigger:
        hour, minute = (int(part) for part in self.time_of_day.split(":"))
        return CronTrigger(
            day_of_week=self.day_of_week, hour=hour, minute=minute, timezone=self.zone
        )


def first_occurrence(timing: Timing, *, now: datetime) -> datetime:
    """The first occurrence at or after ``now``: the anchor of a new schedule (UTC)."""
    found = timing.trigger().get_next_fire_time(None, now)
    if found is None:  # a valid cron expression always has a next time; be explicit anyway
        raise ValueError(f"no occurrence for {timing}")
    return found.astimezone(UTC)


def next_occurrence(timing: Timing, *, after: datetime, inclusive: bool = False) -> datetime:
    """The first occurrence strictly after ``after`` (at or after it when ``inclusive``),
    respecting every-N-weeks parity. Aware UTC in, aware UTC out."""
    trigger = timing.trigger()
    # CronTrigger returns ``now`` itself when it matches; a microsecond later excludes it.
    cursor = after if inclusive else after + timedelta(microseconds=1)
    for _ in range(MAX_STEPS):
        found = trigger.get_next_fire_time(None, cursor)
        if found is None:
            break
        if in_parity(timing, found):
            return found.astimezone(UTC)
        cursor = found + timedelta(microseconds=1)
    raise ValueError(f"no occurrence found after {after.isoformat()} for {timing}")


def upcoming(timing: Timing, *, after: datetime, count: int) -> list[datetime]:
    """The next ``count`` occurrences strictly after ``after``."""
    out: list[datetime] = []
    at = after
    for _ in range(count):
        at = next_occurrence(timing, after=at)
        out.append(at)
    return out


def in_parity(timing: Timing, at: datetime) -> bool:
    """True when ``at`` falls in one of the schedule's weeks (always, for weekly ones)."""
    if timing.every_weeks <= 1 or timing.anchor_at is None:
        return True
    weeks = (_monday(at, timing.zone) - _monday(timing.anchor_at, timing.zone)).days // 7
    return weeks % timing.every_weeks == 0


def _monday(at: datetime, zone: ZoneInfo) -> date:
    local = at.astimezone(zone).date()
    return local - timedelta(days=local.weekday())
