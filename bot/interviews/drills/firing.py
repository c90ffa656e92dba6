"""The scheduler's drill step: fire every due occurrence exactly once, then announce the end
of finished drills.

One occurrence = one transaction: lock the due schedule, claim its (schedule, occurrence) run
(``UNIQUE``, insert-or-nothing), start the drill through the interview service in that same
transaction, advance ``next_run_at``. A crash anywhere rolls all of it back and the next tick
(in this process or another) does it again; a second worker either skips the locked row or
loses the insert. Nothing is fired twice and nothing is lost.

Late occurrences (the bot was down): the most recent one still starts if it is at most
``grace`` late; older ones, or one later than that, are recorded as ``missed`` and the
channel is told at the next drill that does start.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.engine.playbook import EngineError, Playbook
from bot.interviews.drills.board import post_week_board
from bot.interviews.drills.occurrences import Timing, next_occurrence
from bot.interviews.drills.rotation import drill_seed, next_question
from bot.interviews.drills.texts import missed_notice
from bot.interviews.service import InterviewService
from storage.models import Schedule, ScheduleRun
from storage.repository import NewOutboxItem, Tx

logger = logging.getLogger(__name__)

DEFAULT_GRACE = timedelta(hours=6)
DEFAULT_FORMAT = "weekly"
SOURCE = "drill"


def timing_of(schedule: Schedule) -> Timing:
    return Timing(
        day_of_week=schedule.day_of_week,
        time_of_day=schedule.time_of_day,
        timezone=schedule.timezone,
        every_weeks=schedule.every_weeks,
        anchor_at=schedule.anchor_at,
    )


def fire_due(
    service: InterviewService, *, grace: timedelta = DEFAULT_GRACE, limit: int | None = None
) -> int:
    """Handle every due occurrence (fired, skipped or missed), or up to ``limit``; returns
    how many. A Monday-9:00 burst of drills is all claimed in one pass: each start only
    queues its question, which the delivery lanes post side by side.

    A schedule that fails unexpectedly is logged and left for the next tick, without
    holding up the others.
    """
    handled = 0
    broken: list[int] = []
    while limit is None or handled < limit:
        now = service.clock()
        current: int | None = None
        try:
            with service.store.transaction() as tx:
                due = tx.claim_due_schedules(now=now, limit=1, exclude_ids=broken)
                if not due:
                    break
                current = due[0].id
                _handle(tx, service, due[0], now=now, grace=grace)
        except Exception:
            if current is None:
                raise
            logger.exception("schedule %s could not be fired; retrying next tick", current)
            broken.append(current)
            continue
        handled += 1
    announce_finished(service)
    return handled


def _handle(
    tx: Tx, service: InterviewService, schedule: Schedule, *, now: datetime, grace: timedelta
) -> None:
    assert schedule.id is not None and schedule.next_run_at is not None
    occurrence = schedule.next_run_at
    following = next_occurrence(timing_of(schedule), after=occurrence)
    status, question = _decide(tx, service, schedule, now=now, grace=grace, following=following)
    run = tx.claim_run(
        team_id=schedule.team_id,
        schedule_id=schedule.id,
        occurrence_at=occurrence,
        status=status,
        now=now,
    )
    if run is not None and status == "fired" and question is not None:
        _start(tx, service, schedule, run, question=question, grace=grace)
    logger.info("schedule %s, occurrence %s: %s", schedule.id, occurrence.isoformat(), status)
    tx.update_schedule(
        team_id=schedule.team_id,
        schedule_id=schedule.id,
        status=schedule.status,
        next_run_at=following,
        skip_next=schedule.skip_next and (run is None or status != "skipped"),
    )


def _decide(
    tx: Tx,
    service: InterviewService,
    schedule: Schedule,
    *,
    now: datetime,
    grace: timedelta,
    following: datetime,
) -> tuple[str, str | None]:
    """("fired", question id), or ("skipped" | "missed" | "failed", None)."""
    assert schedule.id is not None and schedule.next_run_at is not None
    if schedule.skip_next:
        return "skipped", None
    # A later occurrence already due supersedes this one: never start a burst of drills.
    if now - schedule.next_run_at > grace or following <= now:
        return "missed", None
    try:
        question = next_question(
            service.content,
            history=tx.drill_history(team_id=schedule.team_id),
            topic=schedule.topic,
            seed=drill_seed(schedule.id, schedule.next_run_at.timestamp()),
        )
        Playbook.from_content(
            service.content, question_id=question, format_id=_format(service, schedule)
        )
    except EngineError:
        logger.exception("schedule %s: no drill can start with the current content", schedule.id)
        return "failed", None
    return "fired", question


def _format(service: InterviewService, schedule: Schedule) -> str:
    """The schedule's format, or ``weekly`` if the content no longer has it."""
    return schedule.format_id if schedule.format_id in service.content.formats else DEFAULT_FORMAT


def _start(
    tx: Tx,
    service: InterviewService,
    schedule: Schedule,
    run: ScheduleRun,
    *,
    question: str,
    grace: timedelta,
) -> None:
    assert schedule.id is not None and run.id is not None and schedule.next_run_at is not None
    row = service.start(
        team_id=schedule.team_id,
        channel_id=schedule.channel_id,
        host_id=schedule.creator_id,
        source=SOURCE,
        question=question,
        format_id=_format(service, schedule),
        seed=drill_seed(schedule.id, schedule.next_run_at.timestamp()),
        timezone=schedule.timezone,
        tx=tx,
    )
    assert row.id is not None
    tx.set_run_interview(team_id=schedule.team_id, run_id=run.id, interview_id=row.id)
    misses = tx.unreported_misses(team_id=schedule.team_id, schedule_id=schedule.id)
    if misses:
        notice = missed_notice(misses, timezone=schedule.timezone, grace=grace)
        item = NewOutboxItem(
            key="drill-missed",
            channel_id=schedule.channel_id,
            payload={"kind": "info", "text": notice, "buttons": []},
        )
        tx.enqueue(team_id=schedule.team_id, interview_id=row.id, items=[item], now=service.clock())
        tx.mark_runs_reported(team_id=schedule.team_id, run_ids=[m.id for m in misses if m.id])


def announce_finished(service: InterviewService, *, limit: int = 20) -> int:
    """Post the week's board in the thread of every scheduled drill that has just finished
    (after its retrospectives, which were queued when it finished). Once per drill."""
    now = service.clock()
    with service.store.transaction() as tx:
        done = tx.finished_unreported_drills(limit=limit)
        for run, row in done:
            assert row.id is not None and run.id is not None
            item = post_week_board(tx, interview=row, now=now)
            if item is not None:
                tx.enqueue(team_id=row.team_id, interview_id=row.id, items=[item], now=now)
            tx.mark_runs_reported(team_id=row.team_id, run_ids=[run.id])
    return len(done)
