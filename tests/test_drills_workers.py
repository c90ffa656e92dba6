"""Exactly once with several workers: real separate processes on one PostgreSQL, and two
connections racing for the same occurrence on both databases.

Run as a module, this file is the worker: ``python -m tests.test_drills_workers URL NOW
START_AT`` fires due schedules at the fixed instant NOW (ISO), starting at wall time
START_AT (so both workers begin together), and prints how many occurrences it handled.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.interviews.drills import manage
from bot.interviews.drills.firing import fire_due
from bot.interviews.drills.occurrences import upcoming
from bot.interviews.drills.planning import timing_of
from storage.db import make_engine
from storage.repository import Store
from tests.drill_support import TEAM, Clock, add, at_local, drills, service_on, spec

ROOT = Path(__file__).resolve().parents[1]
SCHEDULES = 24
GRACE = timedelta(days=30)
ZONES = ("America/New_York", "Europe/Berlin")


def worker(url: str, now: str, start_at: float) -> int:
    store = Store(make_engine(url))
    service = service_on(store, Clock(datetime.fromisoformat(now)))
    time.sleep(max(0.0, start_at - time.time()))
    handled = 0
    while (step := fire_due(service, grace=GRACE, limit=3)) > 0:
        handled += step
    store.engine.dispose()
    return handled


@pytest.mark.postgres
def test_two_worker_processes_fire_each_occurrence_once(postgres_url: str) -> None:
    store = Store(make_engine(postgres_url))
    created_at = at_local("2025-03-03 00:00", "UTC")
    clock = Clock(created_at)
    service = service_on(store, clock)
    schedules = [
        add(service, f"weekdays {9 + i % 8:02d}:{i % 4 * 15:02d}", tz=ZONES[i % 2])
        for i in range(SCHEDULES)
    ]
    now = created_at + timedelta(days=13)  # about nine occurrences due per schedule
    expected = {
        s.id: [s.anchor_at, *upcoming(timing_of(s), after=s.anchor_at, count=30)] for s in schedules
    }
    expected = {k: [t for t in v if t <= now] for k, v in expected.items()}

    start_at = time.time() + 2.0
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.test_drills_workers",
                postgres_url,
                now.isoformat(),
                str(start_at),
            ],  # fmt: skip
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=90) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outputs]
    handled = [int(out.strip()) for out, _ in outputs]
    print("occurrences handled by each worker:", handled)

    with store.transaction() as tx:
        runs = [r for s in schedules for r in tx.schedule_runs(team_id=TEAM, schedule_id=s.id or 0)]
    total = sum(len(v) for v in expected.values())
    assert sum(handled) == total == len(runs)  # no occurrence handled by both processes
    assert Counter((r.schedule_id, r.occurrence_at) for r in runs).most_common(1)[0][1] == 1
    assert {(r.schedule_id, r.occurrence_at) for r in runs} == {
        (sid, at) for sid, times in expected.items() for at in times
    }
    fired = [r for r in runs if r.status == "fired"]
    assert len(fired) == SCHEDULES  # the latest occurrence of each; older ones superseded
    assert len(drills(store)) == SCHEDULES
    assert {r.interview_id for r in fired} == {d.id for d in drills(store)}
    store.engine.dispose()


def test_two_connections_racing_for_one_occurrence_only_one_wins(store: Store) -> None:
    clock = Clock(at_local("2025-03-10 09:00", "UTC"))
    weekly = add(service_on(store, clock), "weekly mon 09:00")
    assert weekly.id is not None and weekly.next_run_at is not None
    first_claimed, release = threading.Event(), threading.Event()
    results: dict[str, object] = {}
    occurrence = {
        "team_id": TEAM,
        "schedule_id": weekly.id,
        "occurrence_at": weekly.next_run_at,
        "status": "fired",
        "created_at": clock.now,
    }

    def first() -> None:
        with store.transaction() as tx:
            results["first_due"] = [s.id for s in tx.claim_due_schedules(now=clock.now, limit=5)]
            results["first"] = tx.claim_runs(runs=[occurrence]).get(weekly.id or 0)
            first_claimed.set()
            release.wait(10)

    def second() -> None:
        first_claimed.wait(10)
        with store.transaction() as tx:  # SQLite: waits for the first; PostgreSQL: skips it
            results["second_due"] = [s.id for s in tx.claim_due_schedules(now=clock.now, limit=5)]
            results["second"] = tx.claim_runs(runs=[occurrence]).get(weekly.id or 0)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    first_claimed.wait(10)
    time.sleep(0.3)  # let the second block on the lock (or the unique key) if it is going to
    release.set()
    for t in threads:
        t.join(15)

    assert results["first_due"] == [weekly.id] and results["first"] is not None
    assert results["second"] is None  # the unique (schedule, occurrence) row: only one owner


@pytest.mark.postgres
def test_a_worker_fires_the_teams_another_worker_is_not_firing(postgres_store: Store) -> None:
    clock = Clock(at_local("2025-03-10 09:00", "UTC"))
    for team in ("T1", "T2"):
        manage.create(
            postgres_store,
            team_id=team,
            channel_id=f"C{team}",
            creator_id="U1",
            spec=spec("weekly mon 09:00"),
            creator_tz="UTC",
            now=clock.now,
        )
    with postgres_store.transaction() as one:
        first = one.lock_free_teams(now=clock.now, drills=1)
        with postgres_store.transaction() as two:  # another worker, meanwhile: no waiting
            second = two.lock_free_teams(now=clock.now, drills=1)
            assert second is not None
            assert [
                s.team_id for s in two.claim_due_schedules(now=clock.now, limit=5, team_ids=second)
            ] == second
    assert first is not None and len(first) == len(second) == 1
    assert {*first, *second} == {"T1", "T2"}


if __name__ == "__main__":
    print(worker(sys.argv[1], sys.argv[2], float(sys.argv[3])))
