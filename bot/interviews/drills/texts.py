"""How schedules read to people: their rule in the schedule's zone, their next run in the
reader's own zone (``users.info`` ``tz``), so nobody converts time zones in their head."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.engine.lines import human_duration
from bot.interviews.drills.occurrences import Timing, next_occurrence
from bot.interviews.drills.schedule_words import DAY_NAMES, valid_timezone
from storage.models import Schedule, ScheduleRun


def local_time(at: datetime, timezone: str) -> str:
    """ "Mon 9 Mar 09:00" in ``timezone``."""
    local = at.astimezone(ZoneInfo(timezone))
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def viewer_time(at: datetime, timezone: str) -> str:
    """ "Mon 9 Mar 14:00 CET": the reader's local time, with the zone's abbreviation."""
    zone = timezone if valid_timezone(timezone) else "UTC"
    return f"{local_time(at, zone)} {at.astimezone(ZoneInfo(zone)):%Z}"


def rule(schedule: Schedule) -> str:
    """ "every Monday at 09:00 (Europe/Berlin)", "every 2 weeks on Monday...", "weekdays..."."""
    if schedule.day_of_week == "mon-fri":
        when = "every weekday"
    else:
        days = " and ".join(DAY_NAMES[d] for d in schedule.day_of_week.split(","))
        when = (
            f"every {schedule.every_weeks} weeks on {days}"
            if schedule.every_weeks > 1
            else f"every {days}"
        )
    return f"{when} at {schedule.time_of_day} ({schedule.timezone})"


def next_runs(schedule: Schedule) -> tuple[datetime | None, datetime | None]:
    """(the next occurrence, the one after it); the first is None when paused."""
    if schedule.status != "active" or schedule.next_run_at is None:
        return None, None
    timing = Timing(
        schedule.day_of_week,
        schedule.time_of_day,
        schedule.timezone,
        schedule.every_weeks,
        schedule.anchor_at,
    )
    return schedule.next_run_at, next_occurrence(timing, after=schedule.next_run_at)


def status_line(schedule: Schedule, *, viewer_tz: str) -> str:
    """Where the schedule stands, with times in the viewer's zone: "next run Mon 9 Nov
    09:00 EST (your time)", "paused until `/drill schedule resume 3`"."""
    first, second = next_runs(schedule)
    if first is None or second is None:
        skip = ", which then skips its first run" if schedule.skip_next else ""
        return f"paused until `/drill schedule resume {schedule.id}`{skip}"
    if schedule.skip_next:
        return (
            f"skipping {viewer_time(first, viewer_tz)}; next run "
            f"{viewer_time(second, viewer_tz)} (your time)"
        )
    return f"next run {viewer_time(first, viewer_tz)} (your time)"


def describe(schedule: Schedule, *, viewer_tz: str) -> tuple[str, str]:
    """A (label, detail) pair, as the App Home and `/drill schedule list` show it."""
    topic = f" · topic {schedule.topic}" if schedule.topic else ""
    label = f"#{schedule.id} {rule(schedule)}"
    detail = (
        f"<#{schedule.channel_id}> · {schedule.format_id}{topic} · by <@{schedule.creator_id}>"
        f"\n{status_line(schedule, viewer_tz=viewer_tz)}"
    )
    return label, detail


def list_text(schedules: Sequence[Schedule], *, viewer_tz: str) -> str:
    if not schedules:
        return (
            "No drills are scheduled in this workspace. Start one with "
            "`/drill schedule add weekly mon 09:00`."
        )
    lines = ["*Scheduled drills*"]
    for schedule in schedules:
        label, detail = describe(schedule, viewer_tz=viewer_tz)
        lines.append(f"• *{label}*\n   " + detail.replace("\n", "\n   "))
    lines.append("Manage one with `/drill schedule pause|resume|skip|delete ID`.")
    return "\n".join(lines)


def missed_notice(misses: Sequence[ScheduleRun], *, timezone: str, grace: timedelta) -> str:
    """What the channel is told at the next drill about occurrences that never started."""
    shown = [local_time(m.occurrence_at, timezone) for m in misses[-5:]]
    more = f" and {len(misses) - 5} earlier" if len(misses) > 5 else ""
    which = "drill" if len(misses) == 1 else "drills"
    return (
        f"I missed the scheduled {which} of {', '.join(shown)}{more} ({timezone}): I wasn't "
        f"running then, and a drill starts late only within {human_duration(grace)} of its time."
    )
