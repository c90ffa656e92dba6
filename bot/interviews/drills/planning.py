"""What one due occurrence of a schedule comes to: fired with a question from the team's
rotation, or skipped, missed (too late) or failed (no drill can start with the content)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.engine.playbook import EngineError, Playbook
from bot.interviews.drills.occurrences import Timing, next_occurrence
from bot.interviews.drills.rotation import drill_seed, next_question
from bot.interviews.service import InterviewService
from storage.models import Schedule

logger = logging.getLogger(__name__)

DEFAULT_FORMAT = "weekly"


def timing_of(schedule: Schedule) -> Timing:
    return Timing(
        day_of_week=schedule.day_of_week,
        time_of_day=schedule.time_of_day,
        timezone=schedule.timezone,
        every_weeks=schedule.every_weeks,
        anchor_at=schedule.anchor_at,
    )


@dataclass(frozen=True)
class Plan:
    """What one due occurrence comes to: "fired" with a question, or "skipped" | "missed"
    | "failed"."""

    schedule: Schedule
    occurrence: datetime
    following: datetime
    status: str
    question: str | None = None

    @property
    def seed(self) -> int:
        assert self.schedule.id is not None
        return drill_seed(self.schedule.id, self.occurrence.timestamp())


def plan_occurrence(
    service: InterviewService,
    schedule: Schedule,
    *,
    history: list[str],
    now: datetime,
    grace: timedelta,
) -> Plan:
    """Decide the occurrence; a question picked is added to ``history``, so the team's
    next drill in this batch gets another one."""
    assert schedule.id is not None and schedule.next_run_at is not None
    occurrence = schedule.next_run_at
    following = next_occurrence(timing_of(schedule), after=occurrence)
    if schedule.skip_next:
        return Plan(schedule, occurrence, following, "skipped")
    # A later occurrence already due supersedes this one: never start a burst of drills.
    if now - occurrence > grace or following <= now:
        return Plan(schedule, occurrence, following, "missed")
    try:
        question = next_question(
            service.content,
            history=history,
            topic=schedule.topic,
            seed=drill_seed(schedule.id, occurrence.timestamp()),
        )
        Playbook.from_content(
            service.content, question_id=question, format_id=drill_format(service, schedule)
        )
    except EngineError:
        logger.exception("schedule %s: no drill can start with the current content", schedule.id)
        return Plan(schedule, occurrence, following, "failed")
    history.append(question)
    return Plan(schedule, occurrence, following, "fired", question)


def drill_format(service: InterviewService, schedule: Schedule) -> str:
    """The schedule's format, or ``weekly`` if the content no longer has it."""
    return schedule.format_id if schedule.format_id in service.content.formats else DEFAULT_FORMAT
