"""The interview service on SQLite and PostgreSQL: engine + storage in one transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.engine.playbook import InterviewOver
from bot.interviews.delivery import Delivery
from bot.interviews.service import InterviewService, NotAllowed
from tests.fakes.recorder import Recorder


def _start(service: InterviewService, team: str = "T1") -> int:
    row = service.start(team_id=team, channel_id="C1", host_id="U1", source="slack", seed=3)
    assert row.id is not None
    return row.id


def _answer(
    service: InterviewService,
    interview_id: int,
    user_id: str,
    message_ts: str,
    text: str,
    *,
    at: datetime,
    team: str = "T1",
) -> bool:
    return service.record_answer(
        team_id=team,
        interview_id=interview_id,
        user_id=user_id,
        message_ts=message_ts,
        text=text,
        at=at,
    )


def test_question_becomes_the_thread_for_everything_after_it(service, outbox, clock) -> None:
    delivery, sent = outbox
    interview_id = _start(service)
    assert delivery.run_once() == 2
    (q_kind, q_target), (i_kind, i_target) = sent.sent
    assert (q_kind, q_target.thread_ts) == ("question", None)
    assert (i_kind, i_target.thread_ts) == ("phase_intro", "1700000000.000101")
    with service.store.transaction() as tx:
        row = tx.get_interview(team_id="T1", interview_id=interview_id)
        assert row is not None and row.thread_ts == "1700000000.000101"


def test_a_new_interview_never_takes_the_thread_of_a_deleted_one(service, store, clock) -> None:
    """Two delivering processes: one remembers the thread of an interview that is then
    deleted (its workspace uninstalled); another posts the next interview's question. The
    first must post that interview's intro in its own thread, not in the deleted one's."""
    recorder = Recorder()
    first, second = (
        Delivery(store=store, sender=recorder, clock=clock, lease=timedelta(seconds=30))
        for _ in range(2)
    )
    gone = _start(service, team="T1")
    assert first.run_once() == 2
    with store.transaction() as tx:
        tx.forget_team(team_id="T1")

    new = _start(service, team="T2")
    assert second.run_once(limit=1) == 1  # the question: the new thread
    assert first.run_once() == 1  # the intro, from the process that knew the old thread

    kind, intro = recorder.sent[-1]
    assert (kind, intro.thread_ts) == ("phase_intro", "1700000000.000103")
    if store.engine.dialect.name == "sqlite":
        assert new == gone  # SQLite gave the new interview the deleted one's id


def test_tick_queues_each_due_message_once(service, outbox, clock) -> None:
    delivery, sent = outbox
    _start(service)
    delivery.run_once()
    clock.move(minutes=1)
    assert service.tick() == 1
    assert service.tick() == 0
    delivery.run_once()
    assert sent.kinds()[2:] == ["nudge"]


def test_catch_up_after_downtime_is_one_time_up_and_the_right_phase(service, outbox, clock) -> None:
    delivery, sent = outbox
    interview_id = _start(service)
    delivery.run_once()
    clock.move(minutes=13)
    service.tick()
    delivery.run_once()
    # "Catching up" and the intro of the phase the clock reached: one message, one moment;
    # then the first intro's buttons are closed.
    assert sent.kinds()[2:] == ["time_up", "close_buttons"]
    assert "time_up" in sent.keys[-2] and "+" in sent.keys[-2]
    with service.store.transaction() as tx:
        row = tx.get_interview(team_id="T1", interview_id=interview_id)
        assert row is not None and row.phase_id == "high_level"


def test_answers_are_tagged_with_the_phase_of_their_own_timestamp(service, clock) -> None:
    interview_id = _start(service)
    sent_at = clock.now + timedelta(seconds=110)  # still functional
    clock.move(minutes=3)
    service.tick()  # now in non-functional
    assert _answer(service, interview_id, "U2", "1.1", "users", at=sent_at) is True
    again = _answer(service, interview_id, "U2", "1.1", "users", at=sent_at)
    assert again is False  # a retried event stores nothing twice
    with service.store.transaction() as tx:
        stored = tx.answers(team_id="T1", interview_id=interview_id)
        people = tx.participants(team_id="T1", interview_id=interview_id)
    assert [(a.user_id, a.phase_id, a.text) for a in stored] == [("U2", "functional", "users")]
    assert "U2" in {p.user_id for p in people}  # who answers takes part


def test_an_answer_to_another_teams_interview_is_refused(service, clock) -> None:
    interview_id = _start(service, team="T1")
    with pytest.raises(LookupError):
        _answer(service, interview_id, "U2", "1.1", "users", at=clock.now, team="T2")
    with service.store.transaction() as tx:
        assert tx.answers(team_id="T1", interview_id=interview_id) == []


def test_only_host_participants_and_admins_may_steer(service, clock) -> None:
    interview_id = _start(service)
    with pytest.raises(NotAllowed):
        service.act(team_id="T1", interview_id=interview_id, user_id="U9", action="next")
    _answer(service, interview_id, "U2", "2.1", "hi", at=clock.now)
    service.act(team_id="T1", interview_id=interview_id, user_id="U2", action="next")
    service.act(
        team_id="T1", interview_id=interview_id, user_id="U9", action="pause", is_admin=True
    )
    with pytest.raises(LookupError):  # another team cannot even see it
        service.act(team_id="T2", interview_id=interview_id, user_id="U1", action="end")


def test_end_queues_team_and_personal_retrospectives(service, outbox, clock) -> None:
    delivery, sent = outbox
    interview_id = _start(service)
    _answer(service, interview_id, "U2", "3.1", "Users are riders and drivers.", at=clock.now)
    service.act(team_id="T1", interview_id=interview_id, user_id="U1", action="end")
    delivery.run_once()
    retros = {target.user_id for kind, target in sent.sent if kind == "retrospective"}
    assert retros == {None, "U1", "U2"}  # the thread's and each DM, delivered side by side
    with pytest.raises(InterviewOver):
        service.act(team_id="T1", interview_id=interview_id, user_id="U1", action="next")


def test_failed_delivery_keeps_order_and_retries_later(service, outbox, clock) -> None:
    delivery, sent = outbox
    _start(service)
    sent.fail = 1
    assert delivery.run_once() == 0  # the question failed; the intro must wait behind it
    assert sent.sent == []
    clock.move(seconds=5)
    assert delivery.run_once() == 2
    assert sent.kinds() == ["question", "phase_intro"]


def test_a_thread_reply_is_stored_once_per_event_and_per_message(service, outbox, clock) -> None:
    delivery, _ = outbox
    _start(service)
    delivery.run_once()  # the question's ts becomes the thread
    thread = "1700000000.000101"
    reply = dict(
        team_id="T1",
        channel_id="C1",
        thread_ts=thread,
        user_id="U2",
        message_ts="5.5",
        text="Users are riders.",
        at=clock.now,
    )
    assert service.record_reply(**reply, event_id="Ev1") is True
    assert service.record_reply(**reply, event_id="Ev1") is False  # Slack's retry
    assert service.record_reply(**reply, event_id="Ev2") is False  # same message, new envelope
    elsewhere = reply | {"thread_ts": "1.0", "message_ts": "6.6"}
    assert service.record_reply(**elsewhere, event_id="Ev3") is False  # not an interview thread
    changed = dict(team_id="T1", channel_id="C1", thread_ts=thread, message_ts="5.5")
    assert service.change_reply(**changed, text="Riders and drivers.", event_id="Ev4")
    assert not service.change_reply(**changed, text="Riders and drivers.", event_id="Ev4")
    assert service.change_reply(**changed, text=None, event_id="Ev5")
    with service.store.transaction() as tx:
        assert tx.answers(team_id="T1", interview_id=1) == []
        assert [a.text for a in tx.answers(team_id="T1", interview_id=1, include_deleted=True)] == [
            "Riders and drivers."
        ]


def test_interviews_ending_in_the_same_tick_each_get_their_own_scores_and_retros(
    service, outbox, clock
) -> None:
    delivery, sent = outbox
    first, second = _start(service, team="T1"), _start(service, team="T2")
    for team, interview_id, user, text in (
        ("T1", first, "U2", "Riders request rides; drivers accept them."),
        ("T2", second, "U3", "Users shorten links and follow them."),
    ):
        _answer(service, interview_id, user, "7.1", text, at=clock.now, team=team)
    delivery.run_once()
    clock.move(hours=10)  # long past the last deadline of both

    assert service.tick() == 2

    delivery.run_once()
    retros = [(t.channel_id, t.user_id) for kind, t in sent.sent if kind == "retrospective"]
    assert sorted(retros, key=str) == sorted(
        [("C1", None), ("C1", None), ("C1", "U1"), ("C1", "U1"), ("C1", "U2"), ("C1", "U3")],
        key=str,
    )
    with service.store.transaction() as tx:
        t1 = [(s.interview_id, s.user_id) for s in tx.scores(team_id="T1")]
        t2 = [(s.interview_id, s.user_id) for s in tx.scores(team_id="T2")]
        assert (t1, t2) == ([(first, "U2")], [(second, "U3")])
        (t1_score,) = tx.scores(team_id="T1")
        assert "<@U2>" in t1_score.retrospective and "U3" not in t1_score.retrospective
