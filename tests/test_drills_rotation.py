"""The per-team question rotation and `/drill reroll`: no repeats until the bank is used up."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest

from bot.interviews.drills.errors import AlreadyAnswered, NoDrillHere, NotDrillHost
from bot.interviews.drills.firing import fire_due
from bot.interviews.drills.reroll import reroll
from bot.interviews.drills.rotation import next_question
from bot.interviews.questions import matching
from storage.repository import Store, Tx
from tests.drill_support import (
    CHANNEL,
    LEAD,
    TEAM,
    Clock,
    add,
    at_local,
    builtin,
    drills,
    schedule,
    service_on,
)


def test_pure_rotation_uses_the_whole_bank_before_any_repeat() -> None:
    content = builtin()
    bank = len(content.questions)
    history: list[str] = []
    for week in range(bank * 2 + 3):
        history.append(next_question(content, history=history, topic=None, seed=week * 7))

    first, second = history[:bank], history[bank : bank * 2]
    assert sorted(first) == sorted(content.questions)  # every question once...
    assert sorted(second) == sorted(content.questions)  # ...then every question again
    assert all(a != b for a, b in zip(history, history[1:], strict=False))  # never twice running


def test_a_topic_narrows_the_pool_and_still_rotates() -> None:
    content = builtin()
    pool = {q.id for q in matching(content, "realtime")}
    history: list[str] = []
    for week in range(len(pool) * 2):
        history.append(next_question(content, history=history, topic="realtime", seed=week))

    assert len(pool) >= 2 and set(history) == pool
    assert len(set(history[: len(pool)])) == len(pool)


def test_scheduled_drills_never_repeat_a_question_until_the_bank_is_exhausted(
    store: Store,
) -> None:
    clock = Clock(at_local("2025-01-01 12:00", "UTC"))
    service = service_on(store, clock)
    weekly = add(service, "weekly wed 09:00")
    bank = len(service.content.questions)

    for _ in range(bank + 2):
        due = schedule(store, weekly.id).next_run_at
        assert due is not None
        clock.now = due
        assert fire_due(service) == 1

    asked = [d.question_id for d in drills(store)]
    assert len(set(asked[:bank])) == bank
    assert asked[bank] != asked[bank - 1] and asked[bank + 1] != asked[bank]


def test_the_host_rerolls_before_anyone_answers(store: Store) -> None:
    clock = Clock(at_local("2025-03-10 09:00", "UTC"))
    service = service_on(store, clock)
    add(service, "weekly mon 09:00")
    fire_due(service)
    (first,) = drills(store)

    with pytest.raises(NotDrillHost):
        reroll(
            service, team_id=TEAM, channel_id=CHANNEL, user_id="U0OTHER01", is_admin=lambda: False
        )
    clock.move(minutes=2)
    second = reroll(service, team_id=TEAM, channel_id=CHANNEL, user_id=LEAD, is_admin=lambda: False)

    assert second.question_id != first.question_id
    assert (second.source, second.host_id, second.format_id) == ("drill", LEAD, "weekly")
    with store.transaction() as tx:
        old = tx.get_interview(team_id=TEAM, interview_id=first.id or 0)
        run = tx.run_for_interview(team_id=TEAM, interview_id=second.id or 0)
    assert old is not None and old.status == "finished"
    assert run is not None and run.status == "fired"  # the schedule's run follows the reroll

    service.record_answer(
        team_id=TEAM,
        interview_id=second.id or 0,
        user_id="U0BOB0001",
        message_ts="1741597400.000100",
        text="Users shorten links.",
        at=clock.now + timedelta(minutes=1),
    )
    with pytest.raises(AlreadyAnswered):
        reroll(service, team_id=TEAM, channel_id=CHANNEL, user_id=LEAD, is_admin=lambda: False)
    with pytest.raises(NoDrillHere):
        reroll(service, team_id=TEAM, channel_id="C0ELSEWHR", user_id=LEAD, is_admin=lambda: True)


def test_an_answer_racing_a_reroll_is_never_stored_in_the_replaced_drill(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone answers just after the reroll checked that nobody had: either the answer
    wins (the reroll is refused, the drill keeps its answer) or the reroll does (the late
    answer is not stored in the replaced drill); never both."""
    clock = Clock(at_local("2025-03-10 09:00", "UTC"))
    service = service_on(store, clock)
    add(service, "weekly mon 09:00")
    fire_due(service)
    (first,) = drills(store)
    assert first.id is not None
    real_answers = Tx.answers
    racing: list[threading.Thread] = []

    def answers_then_someone_answers(tx: Tx, **kw: Any) -> Any:
        found = real_answers(tx, **kw)
        if not racing:  # the reroll's check: now a reply comes in, in its own transaction
            late = threading.Thread(
                target=service.record_answer,
                kwargs=dict(
                    team_id=TEAM,
                    interview_id=first.id,
                    user_id="U0BOB0001",
                    message_ts="1741597400.000100",
                    text="Users shorten links.",
                    at=clock.now,
                ),
            )
            racing.append(late)
            late.start()
            late.join(1.0)  # done unless the reroll's transaction holds it back
        return found

    monkeypatch.setattr(Tx, "answers", answers_then_someone_answers)
    try:
        new = reroll(
            service, team_id=TEAM, channel_id=CHANNEL, user_id=LEAD, is_admin=lambda: False
        )
    except AlreadyAnswered:
        new = None
    racing[0].join(10)
    monkeypatch.setattr(Tx, "answers", real_answers)

    with store.transaction() as tx:
        old = tx.get_interview(team_id=TEAM, interview_id=first.id)
        kept = tx.answers(team_id=TEAM, interview_id=first.id)
    assert old is not None
    if new is None:  # the answer won
        assert old.status == "running" and len(kept) == 1
        assert len(drills(store)) == 1
    else:  # the reroll won
        assert old.status == "finished" and kept == []
