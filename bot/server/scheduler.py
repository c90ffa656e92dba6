"""APScheduler wiring. The scheduler only wakes the engine: deadlines live in the database.

Three short interval jobs, each on its own so none waits for another: the clock (fire due
team-drill schedules, claim and advance due interviews), the retrospectives of the
interviews the clock has ended (grading), and delivery (send the outbox).
Several processes may run them against one PostgreSQL: claims and leases are atomic, so
nothing fires twice.
"""

from __future__ import annotations

import logging
from datetime import UTC, timedelta

from apscheduler.events import EVENT_SCHEDULER_SHUTDOWN
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.interviews.delivery import Delivery
from bot.interviews.drills.firing import DEFAULT_GRACE, fire_due
from bot.interviews.retention import daily_job
from bot.interviews.service import InterviewService

logger = logging.getLogger(__name__)


def run_clock(
    service: InterviewService,
    *,
    exclude_team: str | None = None,
    drill_grace: timedelta = DEFAULT_GRACE,
) -> int:
    """The clock's pass: start due scheduled drills and advance due interviews. It only
    queues messages, so it never waits for Slack, and leaves the retrospectives of the
    interviews it ends to :func:`run_retrospectives`, so it never waits for grading."""
    fire_due(service, grace=drill_grace)
    handled = service.tick(exclude_team=exclude_team, defer_retrospectives=True)
    if handled:
        logger.debug("tick: %d interviews advanced", handled)
    return handled


def run_retrospectives(service: InterviewService, *, exclude_team: str | None = None) -> int:
    """The retrospective pass: grade a few interviews the clock has ended and queue their
    retrospectives (:mod:`bot.interviews.retrospective_pass`)."""
    return service.write_retrospectives(exclude_team=exclude_team)


def run_delivery(delivery: Delivery) -> int:
    """The delivery pass: send what is queued, lane by lane (see :mod:`bot.interviews.delivery`)."""
    sent = delivery.run_once()
    if sent:
        logger.debug("delivery: %d messages sent", sent)
    return sent


def dispatch_delivery(delivery: Delivery) -> int:
    """The scheduler's delivery pass: hand what is queued to the sender threads without
    waiting for them (:meth:`~bot.interviews.delivery.Delivery.dispatch`)."""
    return delivery.dispatch()


def run_tick(
    service: InterviewService,
    delivery: Delivery,
    *,
    exclude_team: str | None = None,
    drill_grace: timedelta = DEFAULT_GRACE,
) -> None:
    """The passes one after the other, every due retrospective written before delivery:
    for the terminal and for tests that step time."""
    run_clock(service, exclude_team=exclude_team, drill_grace=drill_grace)
    while run_retrospectives(service, exclude_team=exclude_team):
        pass
    run_delivery(delivery)


def build_scheduler(
    service: InterviewService,
    delivery: Delivery,
    *,
    tick_seconds: float,
    exclude_team: str | None = None,
    drill_grace: timedelta = DEFAULT_GRACE,
) -> BackgroundScheduler:
    """A scheduler (not started) with three jobs: the clock (:func:`run_clock`) and the
    retrospectives (:func:`run_retrospectives`) every ``tick_seconds``, delivery
    (:func:`dispatch_delivery`) four times as often. They run independently, so neither
    a slow Slack nor a minute in which hundreds of interviews end delays a phase change
    or a nudge.

    ``max_instances=1`` and ``coalesce`` mean a slow pass is never overlapped by the next
    one; a late pass is simply run (misfire grace) since both are idempotent.
    """
    scheduler = BackgroundScheduler(timezone=UTC)
    # APScheduler's own lines are kept to warnings (bot/logs.py): say when it has stopped.
    scheduler.add_listener(lambda event: logger.info("scheduler stopped"), EVENT_SCHEDULER_SHUTDOWN)
    scheduler.add_job(
        run_clock,
        "interval",
        seconds=tick_seconds,
        args=(service,),
        kwargs={"exclude_team": exclude_team, "drill_grace": drill_grace},
        id="designdrill-tick",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=max(30, int(tick_seconds * 10)),
    )
    scheduler.add_job(
        run_retrospectives,
        "interval",
        seconds=tick_seconds,
        args=(service,),
        kwargs={"exclude_team": exclude_team},
        id="designdrill-retrospectives",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=max(30, int(tick_seconds * 10)),
    )
    scheduler.add_job(
        dispatch_delivery,
        "interval",
        # A pass that finds nothing costs one indexed query; looking four times a tick
        # posts a phase change within a quarter tick of its being queued, not a whole one.
        seconds=tick_seconds / 4,
        args=(delivery,),
        id="designdrill-delivery",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=max(30, int(tick_seconds * 10)),
    )
    # Retention and old event ids: daily, at a quiet hour; idempotent, so several workers
    # running it is harmless.
    scheduler.add_job(
        daily_job(service.store, service.clock),
        CronTrigger(hour=3, minute=17, timezone=UTC),
        id="designdrill-retention",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=3600,
    )
    return scheduler
