"""Firing schedules on SQLite and PostgreSQL, with a moved clock: the right local time across
DST, exactly once across restarts, late within the grace window, missed outside it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from bot.interviews.drills.announcing import announce_finished
from bot.interviews.drills.firing import fire_due
from bot.interviews.service import InterviewService
from bot.server.runtime import utc_now
from storage.db import make_engine
from storage.repository import Store
from tests.drill_support import (
    CHANNEL,
    LEAD,
    TEAM,
    Clock,
    add,
    at_local,
    drills,
    local,
    runs,
    schedule,
    service_on,
)

NY, BERLIN = "America/New_York", "Europe/Berlin"


@pytest.mark.parametrize(
    ("tz", "first", "utc_hours"),
    [
        # US DST starts 9 Mar 2025 and ends 2 Nov; the EU's on 30 Mar and 26 Oct.
        (NY, "2025-03-01", [14, 13, 13, 13, 13, 13]),
        (BERLIN, "2025-03-15", [8, 8, 7, 7, 7, 7]),
        (NY, "2025-10-25", [13, 14, 14, 14, 14, 14]),
        (BERLIN, "2025-10-18", [7, 8, 8, 8, 8, 8]),
    ],
)
def test_a_weekly_schedule_fires_at_local_nine_across_dst(
    store: Store, tz: str, first: str, utc_hours: list[int]
) -> None:
    clock = Clock(at_local(f"{first} 12:00", tz))
    service = service_on(store, clock)
    created = add(service, "weekly mon 09:00", tz=tz)  # the creator's Slack zone

    for _ in range(6):
        due = schedule(store, created.id).next_run_at
        assert due is not None
        clock.now = due - timedelta(seconds=1)
        assert fire_due(service) == 0  # one second early: nothing
        clock.now = due
        assert fire_due(service) == 1
        assert fire_due(service) == 0  # the same moment again: already fired
        clock.move(hours=1)

    started = [(local(d.created_at, tz), d.created_at.hour) for d in drills(store)]
    assert [text[:3] + text[-6:] for text, _ in started] == ["Mon 09:00"] * 6
    assert [hour for _, hour in started] == utc_hours
    assert all(d.format_id == "weekly" and d.host_id == LEAD for d in drills(store))
    assert all(d.channel_id == CHANNEL for d in drills(store))
    assert [status for _, status in runs(store, created.id)] == ["fired"] * 6


def test_pause_resume_skip_and_delete(store: Store) -> None:
    clock = Clock(at_local("2025-03-01 12:00", NY))
    service = service_on(store, clock)
    weekly = add(service, "weekly mon 09:00", tz=NY)
    assert weekly.id is not None

    def act(action: str) -> str:
        from bot.interviews.drills.manage import change

        return change(
            store,
            team_id=TEAM,
            schedule_id=weekly.id or 0,
            user_id=LEAD,
            action=action,
            is_admin=lambda: False,
            now=clock.now,
            viewer_tz=NY,
        ).message

    assert "Paused" in act("pause")
    clock.now = at_local("2025-03-17 12:00", NY)  # two Mondays pass while paused
    assert fire_due(service) == 0
    assert "next run Mon 24 Mar 09:00 EDT" in act("resume")
    assert "skipping Mon 24 Mar 09:00 EDT; next run Mon 31 Mar 09:00 EDT" in act("skip")

    clock.now = at_local("2025-03-24 09:00", NY)
    assert fire_due(service) == 1
    clock.now = at_local("2025-03-31 09:00", NY)
    assert fire_due(service) == 1
    # Paused Mondays are neither fired nor missed; the skipped one is recorded as skipped.
    assert runs(store, weekly.id, NY) == [
        ("Mon 2025-03-24 09:00", "skipped"),
        ("Mon 2025-03-31 09:00", "fired"),
    ]
    assert len(drills(store)) == 1

    assert "Deleted schedule" in act("delete")
    clock.now = at_local("2025-04-07 09:00", NY)
    assert fire_due(service) == 0
    with store.transaction() as tx:
        assert tx.get_schedule(team_id=TEAM, schedule_id=weekly.id) is None
        assert tx.schedule_runs(team_id=TEAM, schedule_id=weekly.id) == []  # cascaded
    assert len(drills(store)) == 1  # the drill it started stays


def test_only_the_creator_or_an_admin_may_change_a_schedule(store: Store) -> None:
    from bot.interviews.drills.errors import NotScheduleOwner
    from bot.interviews.drills.manage import change

    clock = Clock(datetime(2025, 3, 1, tzinfo=UTC))
    service = service_on(store, clock)
    weekly = add(service, "weekly mon 09:00")
    asked: list[str] = []

    def attempt(user: str, admin: bool) -> str:
        def is_admin() -> bool:
            asked.append(user)
            return admin

        return change(
            store,
            team_id=TEAM,
            schedule_id=weekly.id or 0,
            user_id=user,
            action="pause",
            is_admin=is_admin,
            now=clock.now,
            viewer_tz="UTC",
        ).message

    with pytest.raises(NotScheduleOwner, match=f"Only <@{LEAD}>"):
        attempt("U0MALLORY", admin=False)
    assert schedule(store, weekly.id).status == "active"
    assert attempt("U0ADMIN01", admin=True).startswith("Paused")
    assert attempt(LEAD, admin=False).startswith("Paused")
    assert asked == ["U0MALLORY", "U0ADMIN01"]  # the creator is never looked up


def test_a_crash_while_firing_rolls_back_and_the_restarted_worker_fires_once(
    store: Store, engine_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(at_local("2025-03-10 09:00", BERLIN))
    service = service_on(store, clock)
    weekly = add(service, "weekly mon 09:00", tz=BERLIN)

    def crash(*args: object, **kwargs: object) -> None:
        raise SystemExit("killed while starting the drill")

    monkeypatch.setattr(InterviewService, "start_many", crash)
    with pytest.raises(SystemExit):
        fire_due(service)
    monkeypatch.undo()
    assert runs(store, weekly.id) == [] and drills(store) == []  # nothing half-done

    # The restarted process: a new engine and service on the same database, same instant.
    restarted = Store(make_engine(engine_url))
    try:
        assert fire_due(service_on(restarted, clock)) == 1
        assert fire_due(service_on(restarted, clock)) == 0
    finally:
        restarted.engine.dispose()
    assert fire_due(service) == 0
    assert len(drills(store)) == 1
    assert runs(store, weekly.id, BERLIN) == [("Mon 2025-03-10 09:00", "fired")]


def test_a_bot_started_after_the_fire_time_fires_within_the_grace_window(store: Store) -> None:
    clock = Clock(at_local("2025-03-08 12:00", BERLIN))
    weekly = add(service_on(store, clock), "weekly mon 09:00", tz=BERLIN)

    # Down over the fire time; the bot (its real clock, frozen) comes back at 11:30.
    with freeze_time(at_local("2025-03-10 11:30", BERLIN)):
        started = InterviewService(
            store=store, content=service_on(store, clock).content, clock=utc_now
        )
        assert fire_due(started, grace=timedelta(hours=6)) == 1

    (drill,) = drills(store)
    assert local(drill.created_at, BERLIN) == "Mon 2025-03-10 11:30"
    assert runs(store, weekly.id, BERLIN) == [("Mon 2025-03-10 09:00", "fired")]
    assert schedule(store, weekly.id).next_run_at == at_local("2025-03-17 09:00", BERLIN)


def test_a_miss_outside_the_grace_window_is_recorded_and_told_at_the_next_run(
    store: Store,
) -> None:
    clock = Clock(at_local("2025-03-08 12:00", NY))
    service = service_on(store, clock)
    weekly = add(service, "weekly mon 09:00", tz=NY)

    clock.now = at_local("2025-03-10 15:30", NY)  # 6.5 hours late
    assert fire_due(service, grace=timedelta(hours=6)) == 1
    assert drills(store) == []
    assert runs(store, weekly.id, NY) == [("Mon 2025-03-10 09:00", "missed")]

    clock.now = at_local("2025-03-17 09:00", NY)
    assert fire_due(service, grace=timedelta(hours=6)) == 1
    (drill,) = drills(store)
    with store.transaction() as tx:
        queued = tx.pending_outbox(team_id=TEAM, interview_id=drill.id or 0)
        (run_missed, _) = tx.schedule_runs(team_id=TEAM, schedule_id=weekly.id or 0)
    notice = [i.payload["text"] for i in queued if i.key == "drill-missed"]
    assert notice == [
        "I missed the scheduled drill of Mon 10 Mar 09:00 (America/New_York): I wasn't "
        "running then, and a drill starts late only within 6 hours of its time."
    ]
    assert [i.key for i in queued][:2] == ["0001-question", "0002-phase_intro"]
    assert run_missed.reported

    clock.now = at_local("2025-03-24 09:00", NY)
    fire_due(service, grace=timedelta(hours=6))
    with store.transaction() as tx:
        later = tx.pending_outbox(team_id=TEAM, interview_id=drills(store)[-1].id or 0)
    assert "drill-missed" not in [i.key for i in later]  # told once


def test_after_weeks_down_only_the_latest_occurrence_starts(store: Store) -> None:
    clock = Clock(at_local("2025-03-01 12:00", BERLIN))
    service = service_on(store, clock)
    weekly = add(service, "weekly mon 09:00", tz=BERLIN)

    clock.now = at_local("2025-03-17 10:00", BERLIN)  # three Mondays passed; the last 1 h ago
    assert fire_due(service, grace=timedelta(days=7)) == 3

    assert runs(store, weekly.id, BERLIN) == [
        ("Mon 2025-03-03 09:00", "missed"),
        ("Mon 2025-03-10 09:00", "missed"),
        ("Mon 2025-03-17 09:00", "fired"),
    ]
    assert len(drills(store)) == 1  # never a burst of drills after an outage


def test_the_weeks_board_is_posted_once_when_a_drill_ends(store: Store) -> None:
    clock = Clock(at_local("2025-03-10 09:00", "UTC"))
    service = service_on(store, clock)
    add(service, "weekly mon 09:00")
    fire_due(service)
    (drill,) = drills(store)
    assert announce_finished(service) == 0  # still running

    clock.move(minutes=5)
    service.act(team_id=TEAM, interview_id=drill.id or 0, user_id=LEAD, action="end")
    assert announce_finished(service) == 1
    assert announce_finished(service) == 0
    with store.transaction() as tx:
        keys = [i.key for i in tx.pending_outbox(team_id=TEAM, interview_id=drill.id or 0)]
    assert keys[-1] == "week-board" and keys.count("week-board") == 1
    assert keys.index("retro-team") < keys.index("week-board")


@pytest.fixture
def engine_url(db_url: str) -> str:
    return db_url
