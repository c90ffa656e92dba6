"""`/drill schedule ...` as a use case: it returns the text to show.

The adapter parses the command, asks the person's time zone and passes ``is_admin`` as a
callable, so a workspace API call is made only when the rules need it.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.interviews.drills import manage
from bot.interviews.drills.add_schedule import AddSchedule
from bot.interviews.drills.errors import DrillError
from bot.interviews.drills.schedule_spec import ScheduleAction
from bot.interviews.drills.texts import list_text, rule, viewer_time
from bot.interviews.service import InterviewService


def schedule_command(
    service: InterviewService,
    parsed: AddSchedule | ScheduleAction,
    *,
    team_id: str,
    channel_id: str,
    user_id: str,
    viewer_tz: str,
    is_admin: Callable[[], bool],
) -> str:
    """Create, list, pause, resume, skip or delete a schedule; refusals become their text."""
    now = service.clock()
    if isinstance(parsed, AddSchedule):
        schedule = manage.create(
            service.store,
            team_id=team_id,
            channel_id=channel_id,
            creator_id=user_id,
            spec=parsed,
            creator_tz=viewer_tz,
            now=now,
        )
        assert schedule.next_run_at is not None
        return (
            f"Scheduled drill #{schedule.id} in <#{channel_id}>: {rule(schedule)}, format "
            f"`{schedule.format_id}`. First run: {viewer_time(schedule.next_run_at, viewer_tz)} "
            "(your time). `/drill schedule list` shows every schedule."
        )
    if parsed.action == "list":
        with service.store.transaction() as tx:
            schedules = tx.list_schedules(team_id=team_id)
        return list_text(schedules, viewer_tz=viewer_tz)
    assert parsed.schedule_id is not None
    try:
        return manage.change(
            service.store,
            team_id=team_id,
            schedule_id=parsed.schedule_id,
            user_id=user_id,
            action=parsed.action,
            is_admin=is_admin,
            now=now,
            viewer_tz=viewer_tz,
        ).message
    except DrillError as exc:
        return str(exc)
