"""Keeping time at scale: answers in the phase they were sent in whatever the tick's delay,
one message per moment, channels delivered side by side, one pace per channel for all
processes, and a clock that never waits for delivery."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.engine import interview
from bot.engine.effects import Button, Kind, Say, one_message_per_moment
from bot.interviews.delivery import Delivery
from bot.interviews.pacing import ANSWER_MARGIN, GAP, ChannelPacer
from bot.interviews.service import InterviewService
from bot.interviews.transport import Target
from bot.server.scheduler import build_scheduler, run_clock
from storage.models import OutboxItem
from storage.repository import NewOutboxItem, Store
from tests.clock import Clock
from tests.engine_harness import T0, Transcript
from tests.factories import make_content
from tests.helpers import wait_until

# make_content's standard format: functional 2 min, non-functional 4 min, then API ...


def test_an_answer_sent_after_a_deadline_belongs_to_the_next_phase_before_any_tick() -> None:
    drill = Transcript(make_content())
    state, playbook = drill.state, drill.playbook
    first, second = playbook.fmt.phases[0], playbook.fmt.phases[1]
    assert state.phase_index == 0  # no tick has run: the state still says "functional"

    def at(seconds: float) -> str:
        when = T0 + timedelta(seconds=seconds)
        return interview.phase_in_force(state, playbook=playbook, at=when)

    budget = first.budget.total_seconds()
    assert at(budget - 1) == first.id
    assert at(budget + 1) == second.id
    assert at(budget + second.budget.total_seconds() + 1) == playbook.fmt.phases[2].id


def test_a_paused_interview_keeps_late_answers_in_its_phase() -> None:
    drill = Transcript(make_content())
    drill.at(seconds=30)
    drill.do("pause")
    late = T0 + timedelta(minutes=30)
    assert interview.phase_in_force(drill.state, playbook=drill.playbook, at=late) == "functional"


def test_an_extension_moves_the_boundary() -> None:
    drill = Transcript(make_content())
    drill.at(seconds=30)
    drill.do("extend", minutes=3)
    after_budget = T0 + drill.playbook.fmt.phases[0].budget + timedelta(seconds=30)
    assert (
        interview.phase_in_force(drill.state, playbook=drill.playbook, at=after_budget)
        == "functional"
    )


def test_what_is_said_at_one_moment_in_one_thread_is_one_message() -> None:
    says = (
        Say("timeup:a", Kind.TIME_UP, "Time is up."),
        Say("checkin:a", Kind.CHECKIN, "Anything to add?"),
        Say("intro:b", Kind.PHASE_INTRO, "*Phase B*", (Button("next", "Next"),)),
        Say("dm:u1", Kind.INFO, "privately", to_user="U1"),
        Say("q", Kind.QUESTION, "The question"),
    )
    merged = one_message_per_moment(says)
    assert [s.key for s in merged] == ["timeup:a+checkin:a+intro:b", "dm:u1", "q"]
    assert merged[0].text == "Time is up.\n\nAnything to add?\n\n*Phase B*"
    assert merged[0].buttons == (Button("next", "Next"),)


def _queue(store: Store, now: datetime, *, channel: str, interview_id: int | None) -> None:
    with store.transaction() as tx:
        tx.enqueue(
            team_id="T1",
            interview_id=interview_id,
            items=[
                NewOutboxItem(
                    key=f"{channel}-{n}",
                    channel_id=channel,
                    payload={"kind": "info", "text": f"{channel} {n}", "buttons": []},
                )
                for n in range(2)
            ],
            now=now,
        )


@dataclass
class HeldChannel:
    """A transport where posts into channel SLOW wait until released."""

    released: threading.Event = field(default_factory=threading.Event)
    sent: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, item: OutboxItem, target: Target) -> str | None:
        if target.channel_id == "SLOW":
            assert self.released.wait(timeout=30)
        with self.lock:
            self.sent.append(str(item.payload["text"]))
        return None


def test_a_slow_channel_does_not_hold_up_another(store: Store, now: datetime) -> None:
    _queue(store, now, channel="SLOW", interview_id=None)
    _queue(store, now, channel="FAST", interview_id=None)
    sender = HeldChannel()
    delivery = Delivery(store=store, sender=sender, clock=lambda: now)
    done = threading.Thread(target=delivery.run_once)
    done.start()
    try:  # FAST's two posts go out while SLOW's first is still waiting
        wait_until(lambda: len(sender.sent) == 2)
        with sender.lock:
            assert sender.sent == ["FAST 0", "FAST 1"]
    finally:
        sender.released.set()
        done.join(timeout=30)
    assert sender.sent[2:] == ["SLOW 0", "SLOW 1"]  # and SLOW keeps its own order


def test_two_processes_share_one_pace_per_channel(db_url: str, now: datetime) -> None:
    from storage.db import make_engine

    first, second = Store(make_engine(db_url)), Store(make_engine(db_url))
    clock = Clock(now)
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.move(seconds=seconds)

    patient = timedelta(seconds=3)  # wait in the thread rather than go back to the queue
    one = ChannelPacer(first, clock, sleep=sleep, longest_wait=patient)
    two = ChannelPacer(second, clock, sleep=sleep, longest_wait=patient)
    one.wait_for_slot(team_id="T1", channel_id="C1")
    two.wait_for_slot(team_id="T1", channel_id="C2")  # another channel: no wait
    assert slept == []
    two.wait_for_slot(team_id="T1", channel_id="C1")  # C1's next slot is a second away
    turn = (GAP + ANSWER_MARGIN).total_seconds()  # no post answered late: held from claims
    assert slept == [turn]
    one.wait_for_slot(team_id="T1", channel_id="C1")
    assert slept == [turn, turn]
    with first.transaction() as tx:  # the slot is taken atomically: a loser learns when
        assert (
            tx.claim_post_slot(team_id="T1", channel_id="C1", now=clock(), gap=timedelta(seconds=1))
            == clock() + GAP + ANSWER_MARGIN
        )


def test_the_clock_queues_without_delivering_and_runs_as_its_own_job(
    store: Store, now: datetime
) -> None:
    clock = Clock(now)
    service = InterviewService(store=store, content=make_content(), clock=clock)
    service.start(team_id="T1", channel_id="C1", host_id="U1", source="slack")
    clock.move(minutes=1)
    assert run_clock(service) == 1  # the half-time nudge is queued...
    with store.transaction() as tx:
        assert tx.lease_outbox(now=clock(), limit=10, lease=timedelta(seconds=5))  # ...not sent
    delivery = Delivery(store=store, sender=None, clock=clock)  # type: ignore[arg-type]
    jobs = {job.id: job for job in build_scheduler(service, delivery, tick_seconds=1.0).get_jobs()}
    assert jobs["designdrill-tick"].func is run_clock
    assert jobs["designdrill-delivery"].max_instances == 1
