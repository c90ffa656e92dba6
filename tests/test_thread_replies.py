"""Thread replies: each stored in its own short transaction before its ack
(InterviewService.record_reply), on SQLite and PostgreSQL, and through the real Bolt app."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

import pytest

import bot.engine.interview as engine
from bot.interviews.service import InterviewService
from storage.answers import NewAnswer
from storage.errors import StaleInterview
from storage.repository import Store
from storage.step_rows import StepToSave
from tests.clock import Clock
from tests.conftest import NOW
from tests.factories import make_content
from tests.fakes import slack_requests as req
from tests.helpers import wait_until
from tests.slack_harness import SlackWorld

TEAM = "T1"
USERS = [f"U{n}" for n in range(8)]


def start(service: InterviewService, thread_ts: str, team: str = TEAM) -> int:
    row = service.start(
        team_id=team, channel_id="C1", host_id="U0", source="slack", thread_ts=thread_ts, seed=3
    )
    assert row.id is not None
    return row.id


def reply(n: int, *, thread: str = "100.1", user: str = "U1", **kw: Any) -> dict[str, Any]:
    """``record_reply``'s arguments for reply number ``n``."""
    fields: dict[str, Any] = {
        "team_id": TEAM,
        "channel_id": "C1",
        "thread_ts": thread,
        "user_id": user,
        "message_ts": f"200.{n:04d}",
        "text": f"answer {n}: users shorten links",
        "at": NOW,
        "event_id": f"Ev{n:04d}",
    }
    return fields | kw


def stored(service: InterviewService, interview_id: int, team: str = TEAM) -> list[Any]:
    with service.store.transaction() as tx:
        return tx.answers(team_id=team, interview_id=interview_id)


def participants(service: InterviewService, interview_id: int) -> set[str]:
    with service.store.transaction() as tx:
        return {p.user_id for p in tx.participants(team_id=TEAM, interview_id=interview_id)}


# --- the service -------------------------------------------------------------------------


def test_concurrent_replies_in_many_threads_are_stored_once_each_with_phase_and_author(
    service: InterviewService, clock: Clock
) -> None:
    first, second = start(service, "100.1"), start(service, "100.2")
    before = NOW + timedelta(seconds=100)  # still in the first phase
    clock.now = NOW + timedelta(minutes=3)
    service.tick()  # the first phase is over: the second one is open now
    with service.store.transaction() as tx:
        row = tx.get_interview(team_id=TEAM, interview_id=first)
        assert row is not None and row.phase_id != "functional"
        now_phase = row.phase_id
    to_first = [reply(n, user=USERS[n % 8], at=before if n % 2 else clock.now) for n in range(40)]
    to_second = [reply(100 + n, thread="100.2", user=USERS[n % 3]) for n in range(10)]
    everything = to_first + to_second
    together = threading.Barrier(8)

    def record(fields: dict[str, Any]) -> bool:
        if int(fields["message_ts"][-4:]) < 8:
            together.wait(10)  # the first eight start at the same moment
        return service.record_reply(**fields)

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(record, everything)) == [True] * 50

    answers = {a.message_ts: a for a in stored(service, first)}
    assert len(answers) == 40
    for r in to_first:
        a = answers[r["message_ts"]]
        expected = "functional" if r["at"] == before else now_phase
        assert (a.user_id, a.text, a.phase_id) == (r["user_id"], r["text"], expected)
    assert sorted(a.message_ts for a in stored(service, second)) == sorted(
        r["message_ts"] for r in to_second
    )
    assert participants(service, first) == set(USERS)  # the host U0 included
    assert participants(service, second) == {"U0", "U1", "U2"}


def test_an_event_delivered_twice_stores_one_answer(service: InterviewService) -> None:
    interview_id = start(service, "100.1")
    same_message = reply(1, event_id="Ev-new-envelope")  # Slack's other delivery of it
    outcomes = [service.record_reply(**r) for r in (reply(1), reply(1), same_message, reply(2))]
    assert outcomes == [True, False, False, True]
    assert [service.record_reply(**reply(n)) for n in (1, 2, 3)] == [False, False, True]
    assert sorted(a.message_ts for a in stored(service, interview_id)) == [
        "200.0001",
        "200.0002",
        "200.0003",
    ]


def test_replies_outside_an_interview_thread_or_after_it_ended_store_nothing(
    service: InterviewService,
) -> None:
    interview_id = start(service, "100.1")
    elsewhere = reply(1, thread="999.9")
    other_team = reply(2, team_id="T2")  # same channel and thread ts, another workspace
    outcomes = [service.record_reply(**r) for r in (elsewhere, other_team, reply(3))]
    assert outcomes == [False, False, True]
    service.act(team_id=TEAM, interview_id=interview_id, user_id="U0", action="end")
    assert service.record_reply(**reply(4)) is False
    assert [a.message_ts for a in stored(service, interview_id)] == ["200.0003"]


def test_a_reply_that_fails_leaves_nothing_and_its_retry_is_stored(
    service: InterviewService, monkeypatch: pytest.MonkeyPatch
) -> None:
    interview_id = start(service, "100.1")
    real = engine.record_answer

    def record_answer(state: Any, **kw: Any) -> Any:
        if kw["text"] == "boom":
            raise ValueError("cannot digest this answer")
        return real(state, **kw)

    monkeypatch.setattr(engine, "record_answer", record_answer)
    assert service.record_reply(**reply(1)) is True
    bad = reply(2, text="boom")
    with pytest.raises(ValueError, match="cannot digest"):
        service.record_reply(**bad)
    assert service.record_reply(**reply(3)) is True
    assert [a.message_ts for a in stored(service, interview_id)] == ["200.0001", "200.0003"]
    # Its event id was not remembered, so the transport's retry stores it.
    monkeypatch.setattr(engine, "record_answer", real)
    assert service.record_reply(**bad) is True
    assert len(stored(service, interview_id)) == 3


@pytest.mark.postgres
def test_a_button_pressed_while_a_reply_is_stored_waits_and_neither_change_is_lost(
    postgres_store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the reply holds the interview's row until it is saved: a button (or
    the scheduler) saving the same interview meanwhile goes after it, on the new state."""
    service = InterviewService(store=postgres_store, content=make_content(), clock=clock)
    interview_id = start(service, "100.1")
    real, others = engine.record_answer, []

    def record_answer(state: Any, **kw: Any) -> Any:
        if not others:  # someone presses "more time" while the answer is being stored
            extend = threading.Thread(
                target=service.act,
                kwargs={
                    "team_id": TEAM,
                    "interview_id": interview_id,
                    "user_id": "U0",
                    "action": "extend",
                },
            )
            extend.start()
            others.append(extend)
        return real(state, **kw)

    monkeypatch.setattr(engine, "record_answer", record_answer)
    assert service.record_reply(**reply(1, user="U1")) is True
    others[0].join(30)
    with service.store.transaction() as tx:
        row = tx.get_interview(team_id=TEAM, interview_id=interview_id)
    assert row is not None and row.version == 3  # started, answered, extended
    assert "U1" in row.state["last_spoke"]
    assert row.phase_deadline is not None and row.phase_deadline > NOW + timedelta(minutes=2)
    assert len(stored(service, interview_id)) == 1


# --- storage -----------------------------------------------------------------------------


def test_answers_are_stored_by_thread_once_each_with_their_authors(
    store: Store, make_interview: Callable[..., Any], now: datetime
) -> None:
    with store.transaction() as tx:
        interview_id = make_interview(tx, thread_ts="100.1").id
        make_interview(tx, team_id="T2", thread_ts="100.1")  # same thread ts, other team
        tx.add_participant(team_id=TEAM, interview_id=interview_id, user_id="U1", now=now)

    def answer(ts: str, user: str) -> bool:
        """Store message ``ts`` as the reply path does; False if the thread had it."""
        with store.transaction() as tx:
            where = dict(team_id=TEAM, channel_id="C1", thread_ts="100.1")
            target = tx.reply_thread(**where, message_ts=ts, user_id=user)
            assert target is not None and target.interview.id == interview_id
            if target.stored:
                return False
            row = target.interview
            step = StepToSave(
                team_id=TEAM,
                interview_id=interview_id,
                expected_version=row.version,
                status="running",
                phase_id="functional",
                phase_started_at=now,
                phase_deadline=None,
                next_event_at=None,
                state={**row.state, "answered": ts},
                finished_at=None,
            )
            new = NewAnswer(user, ts, "functional", f"text {ts}", now)
            tx.save_answer(target=target, answer=new, step=step, now=now)
            return True

    with store.transaction() as tx:
        where = dict(team_id=TEAM, channel_id="C1", thread_ts="999.9")
        assert tx.reply_thread(**where, message_ts="1.1", user_id="U1") is None
        where["thread_ts"] = "100.1"
        thread = tx.reply_thread(**where, message_ts="1.1", user_id="U1")
        assert thread is not None and (thread.stored, thread.participant) == (False, True)
    assert [answer("1.1", "U1"), answer("1.2", "U2"), answer("1.1", "U3")] == [True, True, False]
    assert answer("1.3", "U2")
    with store.transaction() as tx:
        answers_now = tx.answers(team_id=TEAM, interview_id=interview_id)
        people = tx.participants(team_id=TEAM, interview_id=interview_id)
        row = tx.get_interview(team_id=TEAM, interview_id=interview_id)
    assert [(a.message_ts, a.user_id, a.team_id) for a in answers_now] == [
        ("1.1", "U1", TEAM),
        ("1.2", "U2", TEAM),
        ("1.3", "U2", TEAM),
    ]
    assert [p.user_id for p in people] == ["U1", "U2"]
    assert row is not None and row.version == 4 and row.state["answered"] == "1.3"


def test_a_stale_step_stores_neither_the_answer_nor_the_state(
    store: Store, make_interview: Callable[..., Any], now: datetime
) -> None:
    with store.transaction() as tx:
        interview_id = make_interview(tx, thread_ts="100.1").id
    where = dict(team_id=TEAM, channel_id="C1", thread_ts="100.1")
    with pytest.raises(StaleInterview), store.transaction() as tx:
        target = tx.reply_thread(**where, message_ts="1.1", user_id="U1")
        assert target is not None
        step = StepToSave(
            team_id=TEAM,
            interview_id=interview_id,
            expected_version=target.interview.version + 1,  # another save got there first
            status="running",
            phase_id="functional",
            phase_started_at=now,
            phase_deadline=None,
            next_event_at=None,
            state={},
            finished_at=None,
        )
        new = NewAnswer("U1", "1.1", "functional", "text", now)
        tx.save_answer(target=target, answer=new, step=step, now=now)
    with store.transaction() as tx:
        assert tx.answers(team_id=TEAM, interview_id=interview_id) == []
        assert tx.participants(team_id=TEAM, interview_id=interview_id) == []


def test_a_reply_event_is_remembered_once(
    store: Store, make_interview: Callable[..., Any], now: datetime
) -> None:
    with store.transaction() as tx:
        make_interview(tx, thread_ts="100.1")
    where = dict(team_id=TEAM, channel_id="C1", thread_ts="100.1", message_ts="1.1")
    with store.transaction() as tx:
        first = tx.reply_target(**where, user_id="U1", event_id="Ev1", now=now)
        again = tx.reply_target(**where, user_id="U1", event_id="Ev1", now=now)
        other = tx.reply_target(**where, user_id="U1", event_id="Ev2", now=now)
        unnamed = tx.reply_target(**where, user_id="U1", event_id="", now=now)
        elsewhere = tx.reply_target(
            **{**where, "thread_ts": "999.9"}, user_id="U1", event_id="Ev3", now=now
        )
    assert first is not None and other is not None and unnamed is not None
    assert again is None and elsewhere is None
    with store.transaction() as tx:  # an event is remembered even where no interview is
        assert tx.reply_target(**where, user_id="U1", event_id="Ev3", now=now) is None


# --- over HTTP, through the real Bolt app -------------------------------------------------


def world_answers(world: SlackWorld) -> set[str]:
    with world.service.store.transaction() as tx:
        return {a.message_ts for a in tx.answers(team_id="T0DRILL01", interview_id=1)}


def start_drill(world: SlackWorld) -> None:
    assert world.command("start url-shortener blitz")[0] == 200
    wait_until(lambda: world.ephemeral(req.USER_ID))
    world.tick()


def test_concurrent_thread_replies_are_each_committed_before_their_200(world: SlackWorld) -> None:
    start_drill(world)
    count = 24
    start_together = threading.Barrier(count)

    def send(n: int) -> tuple[int, bool]:
        ts = f"{world.clock.now.timestamp() + n / 1000:.6f}"
        start_together.wait()
        status = world.reply(f"Answer {n}: users and links.", user=USERS[n % 8], ts=ts)
        return status, ts in world_answers(world)  # read the moment the 200 arrived

    with ThreadPoolExecutor(max_workers=count) as pool:
        results = list(pool.map(send, range(count)))
    assert results == [(200, True)] * count
    assert len(world_answers(world)) == count


def test_a_reply_that_cannot_be_stored_gets_an_error_and_slacks_retry_stores_it(
    world: SlackWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    start_drill(world)
    real = engine.record_answer

    def broken(state: Any, **kw: Any) -> Any:
        raise RuntimeError("database trouble")

    monkeypatch.setattr(engine, "record_answer", broken)
    ts = world.ts_now()
    assert world.reply("We start with one region.", ts=ts, event_id="Ev0FAIL01") == 500
    assert world_answers(world) == set()
    monkeypatch.setattr(engine, "record_answer", real)
    retry = req.Signing(retry_num=1, retry_reason="http_error")
    status = world.reply("We start with one region.", ts=ts, event_id="Ev0FAIL01", signing=retry)
    assert status == 200 and world_answers(world) == {ts}
