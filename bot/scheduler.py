"""APScheduler wiring. The scheduler only wakes the engine: deadlines live in the database.

One short interval job fires due team-drill schedules, claims due interviews and delivers
the outbox. Several processes may run it against one PostgreSQL: claims are atomic, so
nothing fires twice.
"""

from __future__ import annotations

import logging
from datetime import UTC, timedelta

from apscheduler.events import EVENT_SCHEDULER_SHUTDOWN
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.delivery import Delivery
from bot.drills.firing import DEFAULT_GRACE, fire_due
from bot.retention import daily_job
from bot.service import InterviewService

logger = logging.getLogger(__name__)


def run_tick(
    service: InterviewService,
    delivery: Delivery,
    *,
    exclude_team: str | None = None,
    drill_grace: timedelta = DEFAULT_GRACE,
) -> None:
    """One pass: start due scheduled drills, advance due interviews, then deliver what they
    queued (and any leftovers)."""
    fire_due(service, grace=drill_grace)
    handled = service.tick(exclude_team=exclude_team)
    sent = delivery.run_once()
    if handled or sent:
        logger.debug("tick: %d interviews advanced, %d messages sent", handled, sent)


def build_scheduler(
    service: InterviewService,
    delivery: Delivery,
    *,
    tick_seconds: float,
    exclude_team: str | None = None,
    drill_grace: timedelta = DEFAULT_GRACE,
) -> BackgroundScheduler:
    """A scheduler (not started) running ``run_tick`` every ``tick_seconds``.

    ``max_instances=1`` and ``coalesce`` mean a slow tick is never overlapped by the next
    one; a late tick is simply run (misfire grace) since ticks are idempotent.
    """
    scheduler = BackgroundScheduler(timezone=UTC)
    # APScheduler's own lines are kept to warnings (bot/logs.py): say when it has stopped.
    scheduler.add_listener(lambda event: logger.info("scheduler stopped"), EVENT_SCHEDULER_SHUTDOWN)
    scheduler.add_job(
        run_tick,
        "interval",
        seconds=tick_seconds,
        args=(service, delivery),
        kwargs={"exclude_team": exclude_team, "drill_grace": drill_grace},
        id="designdrill-tick",
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
