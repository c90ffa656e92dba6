"""Shared helpers for the scheduled-drill tests: a service on a test database, a movable
clock, and short ways to add schedules and read what they did."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo

from bot.content.loader import builtin_prompts_dir, load_content
from bot.content.model import Content
from bot.interviews.drills import manage
from bot.interviews.drills.add_schedule import AddSchedule
from bot.interviews.drills.schedule_spec import parse_schedule
from bot.interviews.questions import matching
from bot.interviews.service import InterviewService
from storage.models import Interview, Schedule
from storage.repository import Store
from tests.clock import Clock

TEAM = "T0DRILL01"
CHANNEL = "C0DRILLS1"
LEAD = "U0LEAD001"


@cache
def builtin() -> Content:
    return load_content(builtin_prompts_dir())


def service_on(store: Store, clock: Clock) -> InterviewService:
    return InterviewService(store=store, content=builtin(), clock=clock)


def spec(text: str) -> AddSchedule:
    parsed = parse_schedule(
        ["add", *text.split()],
        formats=tuple(builtin().formats),
        is_topic=lambda topic: bool(matching(builtin(), topic)),
    )
    assert isinstance(parsed, AddSchedule)
    return parsed


def add(service: InterviewService, text: str, *, tz: str = "UTC", creator: str = LEAD) -> Schedule:
    """``/drill schedule add TEXT`` by ``creator`` whose Slack time zone is ``tz``."""
    return manage.create(
        service.store,
        team_id=TEAM,
        channel_id=CHANNEL,
        creator_id=creator,
        spec=spec(text),
        creator_tz=tz,
        now=service.clock(),
    )


def schedule(store: Store, schedule_id: int | None) -> Schedule:
    assert schedule_id is not None
    with store.transaction() as tx:
        found = tx.get_schedule(team_id=TEAM, schedule_id=schedule_id)
    assert found is not None
    return found


def runs(store: Store, schedule_id: int | None, tz: str = "UTC") -> list[tuple[str, str]]:
    """(local occurrence "Mon 2025-03-03 09:00", status) of every recorded run."""
    assert schedule_id is not None
    with store.transaction() as tx:
        found = tx.schedule_runs(team_id=TEAM, schedule_id=schedule_id)
    return [(local(r.occurrence_at, tz), r.status) for r in found]


def drills(store: Store) -> list[Interview]:
    """The team's scheduled drills, oldest first."""
    with store.transaction() as tx:
        rows = tx.list_interviews(team_id=TEAM, source="drill", limit=500)
    return list(reversed(rows))


def local(at: datetime, tz: str) -> str:
    return at.astimezone(ZoneInfo(tz)).strftime("%a %Y-%m-%d %H:%M")


def at_local(text: str, tz: str) -> datetime:
    """ "2025-03-10 09:00" in ``tz``, as aware UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)
