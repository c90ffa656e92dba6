"""Thread replies stored by group commit: each request waits for the transaction holding
its reply, shared with the replies that arrived meanwhile (bot/reply_batch.py and
InterviewService.record_replies), on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

import pytest

import bot.engine.interview as engine
from bot.reply_batch import ReplyBatcher, ReplyNotStored
from bot.service import InterviewService, Reply
from storage.answers import NewAnswer
from storage.repository import Store
from tests.clock import Clock
from tests.conftest import NOW
from tests.factories import make_content
from tests.fakes import slack_requests as req
from tests.slack_harness import SlackWorld, wait_until

TEAM = "T1"
USERS = [f"U{n}" for n in range(8)]


class Gate:
    """Wraps a batch ``store``: the first batch waits until released, so the test decides
    what queues up behind it; records every batch."""

    def __init__(self, store: Callable[[Sequence[Any]], Sequence[Any]]) -> None:
        self.store = store
        self.batches: list[list[Any]] = []
        self.entered = threading.Event()
        self.release = threading.Event()

    def __call__(self, items: Sequence[Any]) -> Sequence[Any]:
        self.batches.append(list(items))
        if len(self.batches) == 1:
            self.entered.set()
            assert self.release.wait(10)
        return self.store(items)


def queue_behind_first(
    batcher: ReplyBatcher[Any, Any], gate: Gate, first: Any, rest: Sequence[Any]
) -> list[Callable[[], Any]]:
    """Submit ``first``, hold its transaction, submit ``rest`` concurrently, wait until all
    of them are queued, then let the writer go. Returns each submit's outcome getter, in
    the order of ``[first, *rest]``."""
    pool = ThreadPoolExecutor(max_workers=len(rest) + 1)
    futures = [pool.submit(batcher.submit, first)]
    assert gate.entered.wait(10)
    start = threading.Barrier(len(rest))

    def submit(item: Any) -> Any:
        start.wait()
        return batcher.submit(item)

    futures += [pool.submit(submit, item) for item in rest]
    wait_until(lambda: batcher.pending == len(rest))
    gate.release.set()
    pool.shutdown(wait=True)
    return [f.result for f in futures]


def start(service: InterviewService, thread_ts: str, team: str = TEAM) -> int:
    row = service.start(
        team_id=team, channel_id="C1", host_id="U0", source="slack", thread_ts=thread_ts, seed=3
    )
    assert row.id is not None
    return row.id


def reply(n: int, *, thread: str = "100.1", user: str = "U1", **kw: Any) -> Reply:
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
    return Reply(**(fields | kw))


def stored(service: InterviewService, interview_id: int, team: str = TEAM) -> list[Any]:
    with service.store.transaction() as tx:
        return tx.answers(team_id=team, interview_id=interview_id)


def participants(service: InterviewService, interview_id: int) -> set[str]:
    with service.store.transaction() as tx:
        return {p.user_id for p in tx.participants(team_id=TEAM, interview_id=interview_id)}


# --- the service's batch -----------------------------------------------------------------


def test_replies_from_many_threads_are_stored_once_each_with_phase_and_author(
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
    gate = Gate(service.record_replies)
    batcher: ReplyBatcher[Reply, bool] = ReplyBatcher(gate)
    everything = to_first + to_second
    outcomes = queue_behind_first(batcher, gate, everything[0], everything[1:])
    batcher.close()

    assert [outcome() for outcome in outcomes] == [True] * 50
    assert [len(b) for b in gate.batches] == [1, 49]  # the 49 shared one transaction
    answers = {a.message_ts: a for a in stored(service, first)}
    assert len(answers) == 40
    for r in to_first:
        a = answers[r.message_ts]
        expected = "functional" if r.at == before else now_phase
        assert (a.user_id, a.text, a.phase_id) == (r.user_id, r.text, expected)
    assert sorted(a.message_ts for a in stored(service, second)) == sorted(
        r.message_ts for r in to_second
    )
    assert participants(service, first) == set(USERS)  # the host U0 included
    assert participants(service, second) == {"U0", "U1", "U2"}


def test_an_event_delivered_twice_stores_one_answer(service: InterviewService) -> None:
    interview_id = start(service, "100.1")
    once, again = reply(1), reply(1)
    same_message = reply(1, event_id="Ev-new-envelope")  # Slack's other delivery of it
    assert service.record_replies([once, again, same_message, reply(2)]) == [
        True,
        False,
        False,
        True,
    ]
    assert service.record_replies([reply(1), reply(2), reply(3)]) == [False, False, True]
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
    assert service.record_replies([elsewhere, other_team, reply(3)]) == [False, False, True]
    service.act(team_id=TEAM, interview_id=interview_id, user_id="U0", action="end")
    assert service.record_replies([reply(4)]) == [False]
    assert [a.message_ts for a in stored(service, interview_id)] == ["200.0003"]


def test_a_failing_reply_gets_its_own_error_and_the_others_are_stored(
    service: InterviewService, monkeypatch: pytest.MonkeyPatch
) -> None:
    interview_id = start(service, "100.1")
    real = engine.record_answer

    def record_answer(state: Any, **kw: Any) -> Any:
        if kw["text"] == "boom":
            raise ValueError("cannot digest this answer")
        return real(state, **kw)

    monkeypatch.setattr(engine, "record_answer", record_answer)
    gate = Gate(service.record_replies)
    batcher: ReplyBatcher[Reply, bool] = ReplyBatcher(gate)
    bad = reply(2, text="boom")
    outcomes = queue_behind_first(batcher, gate, reply(0), [reply(1), bad, reply(3)])

    assert outcomes[0]() is True and outcomes[1]() is True
    with pytest.raises(ValueError, match="cannot digest"):
        outcomes[2]()
    assert outcomes[3]() is True
    assert sorted(a.message_ts for a in stored(service, interview_id)) == [
        "200.0000",
        "200.0001",
        "200.0003",
    ]
    # Its event id was not remembered, so the transport's retry stores it.
    monkeypatch.setattr(engine, "record_answer", real)
    assert batcher.submit(bad) is True
    assert len(stored(service, interview_id)) == 4
    batcher.close()


@pytest.mark.postgres
def test_a_save_of_the_same_interview_meanwhile_makes_the_batch_start_over(
    postgres_store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the scheduler (or a button) can save the interview while a batch is
    being stored: the batch's save is refused, it is redone, and neither change is lost."""
    service = InterviewService(store=postgres_store, content=make_content(), clock=clock)
    interview_id = start(service, "100.1")
    real, interfered = engine.record_answer, []

    def record_answer(state: Any, **kw: Any) -> Any:
        if not interfered:  # another transaction extends the phase and commits
            interfered.append(True)
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
            extend.join(10)
        return real(state, **kw)

    monkeypatch.setattr(engine, "record_answer", record_answer)
    assert service.record_replies([reply(1, user="U1"), reply(2, user="U2")]) == [True, True]
    with service.store.transaction() as tx:
        row = tx.get_interview(team_id=TEAM, interview_id=interview_id)
    assert row is not None and row.version == 3  # started, extended, answered
    assert set(row.state["last_spoke"]) >= {"U1", "U2"}
    assert row.phase_deadline is not None and row.phase_deadline > NOW + timedelta(minutes=2)
    assert len(stored(service, interview_id)) == 2


# --- storage: the bulk statements --------------------------------------------------------


def test_event_ids_are_remembered_once_per_team(store: Store, now: datetime) -> None:
    with store.transaction() as tx:
        first = tx.remember_events(team_id=TEAM, event_ids=["E1", "E2", "E1", "E3"], now=now)
    with store.transaction() as tx:
        again = tx.remember_events(team_id=TEAM, event_ids=["E3", "E4"], now=now)
        assert tx.has_event(team_id=TEAM, event_id="E4")
        assert not tx.has_event(team_id="T2", event_id="E4")
    with store.transaction() as tx:
        mixed = tx.remember_events(team_id=TEAM, event_ids=["E5", "E1", "E6", "E2"], now=now)
        known = tx.remember_events(team_id=TEAM, event_ids=["E6", "E5"], now=now)
    assert (first, again, mixed, known) == ({"E1", "E2", "E3"}, {"E4"}, {"E5", "E6"}, set())


def test_answers_are_stored_by_thread_once_each_with_their_authors(
    store: Store, make_interview: Callable[..., Any], now: datetime
) -> None:
    with store.transaction() as tx:
        interview_id = make_interview(tx, thread_ts="100.1").id
        make_interview(tx, team_id="T2", thread_ts="100.1")  # same thread ts, other team
        tx.add_participant(team_id=TEAM, interview_id=interview_id, user_id="U1", now=now)

    def new(ts: str, user: str) -> NewAnswer:
        return NewAnswer(user, ts, "functional", f"text {ts}", now)

    with store.transaction() as tx:
        assert (
            tx.reply_thread(
                team_id=TEAM, channel_id="C1", thread_ts="999.9", message_ts=[], user_ids=[]
            )
            is None
        )
        thread = tx.reply_thread(
            team_id=TEAM, channel_id="C1", thread_ts="100.1", message_ts=["1.1"], user_ids=["U1"]
        )
        assert thread is not None and thread.interview.id == interview_id
        assert (thread.stored, thread.participants) == (frozenset(), {"U1"})
        answers = [new("1.1", "U1"), new("1.2", "U2"), new("1.1", "U3"), new("1.3", "U2")]
        assert tx.add_answers(thread=thread, answers=answers, now=now) == {"1.1", "1.2", "1.3"}
    with store.transaction() as tx:
        again = tx.reply_thread(
            team_id=TEAM,
            channel_id="C1",
            thread_ts="100.1",
            message_ts=["1.2", "1.4", "1.3"],
            user_ids=["U2", "U4"],
        )
        assert again is not None
        assert (again.stored, again.participants) == ({"1.2", "1.3"}, {"U2"})
        assert tx.add_answers(thread=again, answers=[new("1.2", "U2")], now=now) == set()
        stored = tx.answers(team_id=TEAM, interview_id=interview_id)
        people = tx.participants(team_id=TEAM, interview_id=interview_id)
    assert [(a.message_ts, a.user_id, a.team_id) for a in stored] == [
        ("1.1", "U1", TEAM),
        ("1.2", "U2", TEAM),
        ("1.3", "U2", TEAM),
    ]
    assert [p.user_id for p in people] == ["U1", "U2"]


# --- the writer ---------------------------------------------------------------------------


def test_the_writer_survives_a_failed_batch_and_keeps_serving() -> None:
    calls: list[list[int]] = []

    def store(items: Sequence[int]) -> list[int]:
        calls.append(list(items))
        if len(items) > 1:
            raise RuntimeError("the batch's transaction failed")
        if items[0] < 0:
            raise KeyError(items[0])
        return [n * 10 for n in items]

    gate = Gate(store)
    batcher: ReplyBatcher[int, int] = ReplyBatcher(gate)
    outcomes = queue_behind_first(batcher, gate, 1, [2, -3, 4])
    assert outcomes[0]() == 10
    assert [outcomes[1](), outcomes[3]()] == [20, 40]
    with pytest.raises(KeyError):
        outcomes[2]()
    assert sorted(calls[1]) == [-3, 2, 4]  # one batch, then each alone
    assert batcher.submit(5) == 50  # the same writer goes on
    batcher.close()


def test_a_store_that_answers_wrongly_fails_its_items_but_not_the_writer() -> None:
    answers: list[Any] = [[], [7]]  # first no result at all, then a good one

    batcher: ReplyBatcher[int, int] = ReplyBatcher(lambda items: answers.pop(0))
    with pytest.raises(RuntimeError, match="0 results for 1 items"):
        batcher.submit(1)
    assert batcher.submit(2) == 7
    batcher.close()


def test_a_reply_not_stored_in_time_is_refused_and_dropped() -> None:
    stored_items: list[int] = []

    def store(items: Sequence[int]) -> list[int]:
        stored_items.extend(items)
        return list(items)

    gate = Gate(store)
    batcher: ReplyBatcher[int, int] = ReplyBatcher(gate, wait_seconds=0.2)
    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(batcher.submit, 1)
        assert gate.entered.wait(10)
        with pytest.raises(ReplyNotStored):
            batcher.submit(2)  # queued behind a transaction that does not end in time
        wait_until(first.done)  # the gate is closed: only its own wait can end it
        with pytest.raises(ReplyNotStored):
            first.result()
        gate.release.set()  # its transaction still ends
    assert batcher.submit(3) == 3
    batcher.close()
    assert stored_items == [1, 3]  # 2 was given up before the writer took it: never stored


def test_after_a_failed_batch_replies_whose_senders_gave_up_are_not_retried() -> None:
    """When the database fails slowly, the writer must not spend a busy timeout on each
    reply whose request was already answered with an error (Slack retries those)."""
    calls: list[list[int]] = []
    gave_up = threading.Event()

    def store(items: Sequence[int]) -> list[int]:
        calls.append(list(items))
        if len(items) > 1:
            assert gave_up.wait(10)
            raise RuntimeError("database is locked")
        return list(items)

    gate = Gate(store)
    batcher: ReplyBatcher[int, int] = ReplyBatcher(gate, wait_seconds=0.2)
    with ThreadPoolExecutor(max_workers=4) as pool:
        first = pool.submit(batcher.submit, 1)
        assert gate.entered.wait(10)
        late = [pool.submit(batcher.submit, n) for n in (2, 3)]
        wait_until(lambda: batcher.pending == 2)
        gate.release.set()  # the writer takes 2 and 3 together; their wait runs out
        for future in late:
            with pytest.raises(ReplyNotStored):
                future.result()
        gave_up.set()
        first.exception()  # stored; whether its own short wait ran out first is not the point
    assert batcher.submit(4) == 4
    batcher.close()
    assert calls == [[1], [2, 3], [4]]  # 2 and 3 were not tried alone


def _submit_in_child(batcher: ReplyBatcher[int, int], out: Any) -> None:
    out.send(batcher.submit(4))


def test_a_forked_worker_gets_its_own_writer() -> None:
    """gunicorn forks its workers from a process that built the app: each child must
    start its own writer thread rather than wait for its parent's."""
    batcher: ReplyBatcher[int, int] = ReplyBatcher(lambda items: [n * 2 for n in items])
    assert batcher.submit(1) == 2  # the parent's writer is running
    fork = multiprocessing.get_context("fork")
    receive, send = fork.Pipe(duplex=False)
    child = fork.Process(target=_submit_in_child, args=(batcher, send))
    child.start()
    assert receive.poll(10) and receive.recv() == 8
    child.join(10)
    assert child.exitcode == 0
    assert batcher.submit(3) == 6  # and the parent's still is
    batcher.close()


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
