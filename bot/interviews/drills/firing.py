"""The scheduler's drill step: fire every due occurrence exactly once, then announce the end
of finished drills.

Due schedules are fired in batches, one transaction each: lock a batch of due schedules,
claim their (schedule, occurrence) runs (``UNIQUE``, insert-or-nothing), start their drills
through the interview service in that same transaction, advance their ``next_run_at``. Each
step is a statement or two for the whole batch, so a Monday-9:00 burst costs a few
statements per batch rather than a dozen per drill. A crash anywhere rolls the batch back
and the next tick (in this process or another) does it again; a second worker either skips
the locked rows or loses the inserts. Nothing is fired twice and nothing is lost.

Rotation: a batch reads each of its teams' drill history once, and a question picked for one
drill counts for the team's next drill in the batch; workers firing drills of one team take
turns (:meth:`storage.repository.Tx.lock_teams_drills`), so no two drills of a team that
fire together get the same question while the bank has others. A batch takes the teams no
other worker is firing (:meth:`storage.repository.Tx.lock_free_teams`), so two workers fire
different teams' drills at once rather than in turn.

Late occurrences (the bot was down): the most recent one still starts if it is at most
``grace`` late; older ones, or one later than that, are recorded as ``missed``
(:mod:`bot.interviews.drills.planning`) and the channel is told at the next drill that does
start (:mod:`bot.interviews.drills.announcing`).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.interviews.drills.announcing import announce_finished, tell_misses
from bot.interviews.drills.planning import drill_format, plan_occurrence
from bot.interviews.service import InterviewService
from bot.interviews.starting import NewInterview
from storage.drill_batches import ScheduleAdvance
from storage.models import Schedule
from storage.repository import Tx

logger = logging.getLogger(__name__)

DEFAULT_GRACE = timedelta(hours=6)
SOURCE = "drill"
BATCH = 50
"""Schedules fired per transaction: few statements per drill, yet a short transaction."""


def fire_due(
    service: InterviewService, *, grace: timedelta = DEFAULT_GRACE, limit: int | None = None
) -> int:
    """Handle every due occurrence (fired, skipped or missed), or up to ``limit``; returns
    how many. A Monday-9:00 burst of drills is all claimed in one pass: each start only
    queues its question, which the delivery lanes post side by side.

    A schedule that fails unexpectedly is logged and left for the next tick, without
    holding up the others: a failed batch is redone one schedule at a time.
    """
    handled = 0
    broken: list[int] = []
    size = BATCH
    while limit is None or handled < limit:
        now = service.clock()
        claimed: list[int] = []  # read inside: a rollback expires the rows
        take = size if limit is None else min(size, limit - handled)
        try:
            with service.store.transaction() as tx:
                teams = tx.lock_free_teams(now=now, drills=take, exclude_ids=broken)
                due = tx.claim_due_schedules(
                    now=now, limit=take, exclude_ids=broken, team_ids=teams
                )
                if not due:
                    break
                claimed = [s.id or 0 for s in due]
                _fire(tx, service, due, now=now, grace=grace)
        except Exception:
            if not claimed:
                raise
            if len(claimed) > 1:
                logger.warning(
                    "a batch of %s drills failed; firing them one at a time", len(claimed)
                )
                size = 1
                continue
            logger.exception("schedule %s could not be fired; retrying next tick", claimed[0])
            broken.extend(claimed)
            continue
        handled += len(claimed)
    announce_finished(service)
    return handled


def _fire(
    tx: Tx, service: InterviewService, schedules: list[Schedule], *, now: datetime, grace: timedelta
) -> None:
    teams = {s.team_id for s in schedules}
    tx.lock_teams_drills(team_ids=teams)
    histories = tx.drill_histories(team_ids=teams)
    plans = [
        plan_occurrence(service, s, history=histories[s.team_id], now=now, grace=grace)
        for s in schedules
    ]
    runs = tx.claim_runs(
        runs=[
            {
                "team_id": p.schedule.team_id,
                "schedule_id": p.schedule.id,
                "occurrence_at": p.occurrence,
                "status": p.status,
                "created_at": now,
            }
            for p in plans
        ]
    )
    fired = [p for p in plans if p.status == "fired" and p.schedule.id in runs]
    ids = service.start_many(
        tx,
        [
            NewInterview(
                team_id=p.schedule.team_id,
                channel_id=p.schedule.channel_id,
                host_id=p.schedule.creator_id,
                source=SOURCE,
                question=p.question,
                format_id=drill_format(service, p.schedule),
                seed=p.seed,
                timezone=p.schedule.timezone,
            )
            for p in fired
        ],
    )
    tx.set_runs_interviews(
        links=[
            (p.schedule.team_id, runs[p.schedule.id].id or 0, interview_id)
            for p, interview_id in zip(fired, ids, strict=True)
            if p.schedule.id is not None
        ]
    )
    tell_misses(tx, service, list(zip(fired, ids, strict=True)), grace=grace)
    for p in plans:
        logger.info(
            "schedule %s, occurrence %s: %s", p.schedule.id, p.occurrence.isoformat(), p.status
        )
    tx.advance_schedules(
        advances=[
            ScheduleAdvance(
                team_id=p.schedule.team_id,
                schedule_id=p.schedule.id or 0,
                next_run_at=p.following,
                skip_next=p.schedule.skip_next
                and (p.schedule.id not in runs or p.status != "skipped"),
            )
            for p in plans
        ]
    )
