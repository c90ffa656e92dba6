"""Creating and changing schedules: the rules, independent of Slack.

Anyone may create a schedule (they become its creator). Only the creator and workspace
admins or owners may pause, resume, skip or delete it. ``is_admin`` is a callable so the
Slack adapter asks ``users.info`` only when the person is not the creator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.interviews.drills.add_schedule import AddSchedule
from bot.interviews.drills.errors import NotScheduleOwner, ScheduleNotFound
from bot.interviews.drills.occurrences import Timing, first_occurrence, next_occurrence
from bot.interviews.drills.planning import DEFAULT_FORMAT, timing_of
from bot.interviews.drills.schedule_words import valid_timezone
from bot.interviews.drills.texts import rule, status_line
from storage.models import Schedule
from storage.repository import Store


@dataclass(frozen=True)
class Change:
    """The outcome of a change, for the confirmation message."""

    schedule: Schedule
    message: str


def create(
    store: Store,
    *,
    team_id: str,
    channel_id: str,
    creator_id: str,
    spec: AddSchedule,
    creator_tz: str,
    now: datetime,
) -> Schedule:
    """Store a new schedule; its zone is the spec's, else the creator's (UTC if unknown)."""
    zone = spec.timezone or (creator_tz if valid_timezone(creator_tz) else "UTC")
    timing = Timing(spec.day_of_week, spec.time_of_day, zone, spec.every_weeks)
    anchor = first_occurrence(timing, now=now)
    with store.transaction() as tx:
        return tx.create_schedule(
            team_id=team_id,
            channel_id=channel_id,
            creator_id=creator_id,
            cadence=spec.cadence,
            day_of_week=spec.day_of_week,
            time_of_day=spec.time_of_day,
            every_weeks=spec.every_weeks,
            timezone=zone,
            format_id=spec.format_id or DEFAULT_FORMAT,
            topic=spec.topic,
            anchor_at=anchor,
            now=now,
        )


def change(
    store: Store,
    *,
    team_id: str,
    schedule_id: int,
    user_id: str,
    action: str,
    is_admin: Callable[[], bool],
    now: datetime,
    viewer_tz: str,
) -> Change:
    """Run ``pause``, ``resume``, ``skip`` or ``delete``.

    Raises ScheduleNotFound, or NotScheduleOwner for anyone but the creator or an admin.
    """
    with store.transaction() as tx:
        schedule = tx.get_schedule(team_id=team_id, schedule_id=schedule_id)
    if schedule is None:
        raise ScheduleNotFound(schedule_id)
    if user_id != schedule.creator_id and not is_admin():
        raise NotScheduleOwner(schedule_id, schedule.creator_id)
    with store.transaction() as tx:
        current = tx.get_schedule(team_id=team_id, schedule_id=schedule_id)
        if current is None:
            raise ScheduleNotFound(schedule_id)
        if action == "delete":
            tx.delete_schedule(team_id=team_id, schedule_id=schedule_id)
            return Change(current, f"Deleted schedule #{schedule_id} ({rule(current)}).")
        status, next_run, skip = _apply(current, action, now)
        updated = tx.update_schedule(
            team_id=team_id,
            schedule_id=schedule_id,
            status=status,
            next_run_at=next_run,
            skip_next=skip,
        )
    assert updated is not None
    what = f"schedule #{schedule_id} ({rule(updated)})"
    where = status_line(updated, viewer_tz=viewer_tz)
    if action == "pause":
        return Change(updated, f"Paused {what} until `/drill schedule resume {schedule_id}`.")
    verb = "Resumed" if action == "resume" else "Skipping the next run of"
    return Change(updated, f"{verb} {what}: {where}.")


def _apply(schedule: Schedule, action: str, now: datetime) -> tuple[str, datetime | None, bool]:
    """The (status, next run, skip flag) an action leads to.

    Pausing forgets the next run; resuming computes it afresh from now, so occurrences that
    fell in the pause are neither fired nor reported as missed. Every-N-weeks parity comes
    from the anchor, so the rhythm survives a pause.
    """
    if action == "pause":
        return "paused", None, schedule.skip_next
    if action == "resume":
        if schedule.status == "active":
            return "active", schedule.next_run_at, schedule.skip_next
        nxt = next_occurrence(timing_of(schedule), after=now, inclusive=True)
        return "active", nxt, schedule.skip_next
    if action == "skip":
        return schedule.status, schedule.next_run_at, True
    raise ValueError(f"unknown schedule action {action!r}")
