"""The scheduler's jobs: a short tick, and the daily retention clean-up, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.interviews.delivery import Delivery
from bot.interviews.service import InterviewService
from bot.server.scheduler import build_scheduler
from storage.repository import Store
from tests.factories import make_content


def test_the_tick_runs_every_second_and_the_clean_up_once_a_day(store: Store) -> None:
    clock = lambda: datetime(2026, 3, 1, 12, tzinfo=UTC)  # noqa: E731
    service = InterviewService(store=store, content=make_content(), clock=clock)
    delivery = Delivery(store=store, sender=None, clock=clock)  # type: ignore[arg-type]
    scheduler = build_scheduler(service, delivery, tick_seconds=1.0)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    tick, daily = jobs["designdrill-tick"], jobs["designdrill-retention"]
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert tick.trigger.interval == timedelta(seconds=1)
    assert (tick.max_instances, tick.coalesce) == (1, True)  # a slow tick is never doubled
    assert daily.trigger.get_next_fire_time(None, now) == datetime(2026, 3, 2, 3, 17, tzinfo=UTC)
