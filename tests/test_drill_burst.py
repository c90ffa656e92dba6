"""A Monday-9:00 burst: every drill due at the same minute starts in one pass of the clock."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from bot.interviews.drills import manage, planning
from bot.interviews.drills.firing import fire_due
from bot.interviews.drills.occurrences import Timing
from storage.db import make_engine
from storage.models import Schedule
from storage.repository import Store
from tests.clock import Clock
from tests.drill_support import LEAD, TEAM, drills, service_on, spec

BURST = 60
"""More drills than a small batch would take, so one pass must take them all."""


def test_every_drill_due_at_once_starts_in_one_pass(store: Store) -> None:
    clock = Clock(datetime.fromisoformat("2025-03-02T12:00:00+00:00"))  # a Sunday
    service = service_on(store, clock)
    created = [
        manage.create(
            store,
            team_id=TEAM,
            channel_id=f"C{n:04d}",
            creator_id=LEAD,
            spec=spec("weekly mon 09:00"),
            creator_tz="UTC",
            now=clock(),
        )
        for n in range(BURST)
    ]
    due = {s.next_run_at for s in created}
    assert len(due) == 1  # all at Monday 09:00
    clock.now = due.pop()
    assert fire_due(service) == BURST
    started = drills(store)
    assert len(started) == BURST
    assert len({d.channel_id for d in started}) == BURST  # one in each channel
    assert fire_due(service) == 0


def test_two_workers_racing_give_one_teams_drills_each_a_different_question_once(
    store: Store, db_url: str
) -> None:
    """A team with as many drills due at once as the bank has questions: two workers fire
    them side by side, in small batches, and the team gets every question exactly once."""
    clock = Clock(datetime.fromisoformat("2025-03-02T12:00:00+00:00"))  # a Sunday
    service = service_on(store, clock)
    bank = len(service.content.questions)
    for n in range(bank):
        manage.create(
            store,
            team_id=TEAM,
            channel_id=f"C{n % 5:04d}",
            creator_id=LEAD,
            spec=spec("weekly mon 09:00"),
            creator_tz="UTC",
            now=clock(),
        )
    clock.now = datetime.fromisoformat("2025-03-03T09:00:00+00:00")
    other = Store(make_engine(db_url))  # a second process's connections
    start = threading.Barrier(2)
    handled: list[int] = []

    def worker(on: Store) -> None:
        mine = service_on(on, clock)
        start.wait(10)
        while (step := fire_due(mine, limit=3)) > 0:
            handled.append(step)

    try:
        threads = [threading.Thread(target=worker, args=(s,)) for s in (store, other)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        other.engine.dispose()

    started = drills(store)
    assert sum(handled) == bank == len(started)  # each occurrence fired by one worker
    assert sorted(d.question_id for d in started) == sorted(service.content.questions)
    with store.transaction() as tx:
        runs = [
            r for s in tx.list_schedules(team_id=TEAM, limit=100)
            for r in tx.schedule_runs(team_id=TEAM, schedule_id=s.id or 0)
        ]  # fmt: skip
    assert sorted(r.interview_id or 0 for r in runs) == sorted(d.id or 0 for d in started)


def test_a_drill_that_cannot_start_does_not_hold_up_the_rest_of_its_batch(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(datetime.fromisoformat("2025-03-02T12:00:00+00:00"))  # a Sunday
    service = service_on(store, clock)
    for channel in ("C0GOOD1", "C0BROKEN", "C0GOOD2"):
        manage.create(
            store,
            team_id=TEAM,
            channel_id=channel,
            creator_id=LEAD,
            spec=spec("weekly mon 09:00"),
            creator_tz="UTC",
            now=clock(),
        )
    clock.now = datetime.fromisoformat("2025-03-03T09:00:00+00:00")
    real_timing = planning.timing_of

    def timing_of(schedule: Schedule) -> Timing:
        if schedule.channel_id == "C0BROKEN":
            raise RuntimeError("a schedule the code cannot handle")
        return real_timing(schedule)

    monkeypatch.setattr(planning, "timing_of", timing_of)
    assert fire_due(service) == 2
    assert sorted(d.channel_id for d in drills(store)) == ["C0GOOD1", "C0GOOD2"]
    monkeypatch.undo()
    assert fire_due(service) == 1  # the next tick tries it again
    assert len(drills(store)) == 3
