"""A Monday-9:00 burst: every drill due at the same minute starts in one pass of the clock."""

from __future__ import annotations

from datetime import datetime

from bot.interviews.drills import manage
from bot.interviews.drills.firing import fire_due
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
