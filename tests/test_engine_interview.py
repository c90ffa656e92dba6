"""Transcript tests of the interview engine with moved time (no clock, no I/O)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.engine import interview
from bot.engine.effects import Kind
from bot.engine.playbook import InterviewOver, TopicNotFound
from bot.engine.state import Status
from bot.engine.timing import next_event_at
from tests.engine_harness import T0, Transcript, kinds, texts
from tests.factories import make_content


@pytest.fixture
def drill() -> Transcript:
    return Transcript(make_content())


def test_start_posts_question_then_first_phase_with_buttons(drill: Transcript) -> None:
    assert kinds(drill.said) == [Kind.QUESTION, Kind.PHASE_INTRO]
    assert "Design a URL shortener." in drill.said[0].text
    assert "100M new links a month" in drill.said[0].text
    assert "[intro functional" in drill.said[1].text
    assert "2 minutes" in drill.said[1].text
    assert [b.action for b in drill.said[1].buttons] == ["next", "extend", "end"]


def test_half_time_and_closing_nudges_arrive_on_time_once(drill: Transcript) -> None:
    assert drill.at(seconds=59) == []
    half = drill.at(seconds=60)
    assert kinds(half) == [Kind.NUDGE] and "[half" in half[0].text and "1 minute" in half[0].text
    assert drill.at(seconds=61) == []
    closing = drill.at(seconds=90)
    assert kinds(closing) == [Kind.NUDGE] and "[closing" in closing[0].text
    assert "30 seconds" in closing[0].text


def test_time_up_opens_next_phase_without_a_question_nobody_can_answer(drill: Transcript) -> None:
    drill.run_until(seconds=119)
    said = drill.at(minutes=2)
    assert kinds(said) == [Kind.TIME_UP, Kind.PHASE_INTRO]
    assert "[intro non_functional" in said[1].text
    assert drill.state.phase_index == 1
    assert drill.state.deadline == T0 + timedelta(minutes=6)


def test_whole_standard_interview_runs_to_the_end_in_43_minutes(drill: Transcript) -> None:
    drill.answer(
        "Users are riders and drivers; they need qps of 10k", at=T0 + timedelta(seconds=30)
    )
    said = drill.run_until(minutes=60)
    assert drill.finished and drill.state.status is Status.FINISHED
    assert drill.state.finished_at == T0 + timedelta(minutes=43)
    assert kinds(said).count(Kind.TIME_UP) == 6
    assert kinds(said).count(Kind.PHASE_INTRO) == 6
    # The deep-dive offer follows the deep dives' intro and carries one button per topic.
    assert Kind.CHECKIN not in kinds(said)
    offer_at = kinds(said).index(Kind.DEEP_DIVE_OFFER)
    assert said[offer_at - 1].kind is Kind.PHASE_INTRO
    offer = said[offer_at]
    assert [b.value for b in offer.buttons] == ["topic-1", "topic-2", "topic-3"]
    assert "1. *Topic 1*: problem 1" in offer.text
    # The last phase's closing nudge is the time-management line.
    assert "[time management" in texts(said)
    assert [w.phase_id for w in drill.state.windows][-1] == "deep_dives"


def test_ticking_twice_at_the_same_moment_says_nothing_new(drill: Transcript) -> None:
    assert drill.at(minutes=1)
    assert drill.tick() == []


def test_catch_up_after_downtime_says_time_up_once_without_stale_nudges(drill: Transcript) -> None:
    drill.at(seconds=10)
    said = drill.at(minutes=13)  # functional 2 + non-functional 4 + api 4 = 10: high level
    assert kinds(said) == [Kind.TIME_UP, Kind.PHASE_INTRO]
    assert "[caught up" in said[0].text
    assert "[intro high_level" in said[1].text
    assert drill.state.phase_started_at == T0 + timedelta(minutes=10)
    # High level's half-time nudge (13 min) is already stale, and nobody was silent: we were.
    assert drill.tick() == []
    assert kinds(drill.at(minutes=15, seconds=30)) == [Kind.NUDGE]


def test_catch_up_past_the_end_finishes_the_interview(drill: Transcript) -> None:
    said = drill.at(hours=5)
    assert drill.finished
    assert kinds(said) == [Kind.INFO]
    assert drill.state.finished_at == T0 + timedelta(minutes=43)


def test_silent_participant_gets_one_pivot_per_phase() -> None:
    drill = Transcript(make_content(silence_after=timedelta(minutes=1)))
    drill.answer("who are the users?", user="U2", at=T0 + timedelta(seconds=5))
    # U1's silence pivot is due with the half-time nudge; one unprompted message at a time.
    assert kinds(drill.at(minutes=1)) == [Kind.NUDGE]
    assert drill.at(seconds=79) == []
    # U2 spoke at 0:05, so their silence is due at 1:05: one ping names both, 20 s on.
    said = drill.at(seconds=80)
    assert kinds(said) == [Kind.PIVOT] and "[silence" in said[0].text
    assert "<@U1> and <@U2>" in said[0].text
    assert drill.at(seconds=99) == []
    assert kinds(drill.at(seconds=100)) == [Kind.NUDGE]
    assert Kind.PIVOT not in kinds(drill.run_until(seconds=119))


def test_silence_is_measured_from_the_last_answer() -> None:
    drill = Transcript(make_content(silence_after=timedelta(minutes=1)))
    drill.answer("users are drivers", at=T0 + timedelta(seconds=50))
    said = drill.run_until(seconds=109)
    assert Kind.PIVOT not in kinds(said)
    assert Kind.PIVOT in kinds(drill.at(seconds=110))


def test_scaling_talk_before_end_to_end_gets_one_pivot_per_person(drill: Transcript) -> None:
    drill.at(minutes=11)  # high level
    said = drill.answer("We will shard the links table by hash")
    assert kinds(said) == [Kind.PIVOT] and "[scaling early" in said[0].text
    assert drill.answer("and add read replicas") == []
    assert kinds(drill.answer("sharding!", user="U2")) == [Kind.PIVOT]


def test_scaling_talk_in_deep_dives_is_welcome(drill: Transcript) -> None:
    drill.run_until(minutes=26)
    assert drill.answer("Let's shard by user id with consistent hashing") == []


def test_phase_that_waits_says_time_up_then_pivots_when_far_over() -> None:
    drill = Transcript(make_content(auto_advance=False))
    drill.run_until(seconds=119)
    assert kinds(drill.at(minutes=2)) == [Kind.TIME_UP]
    assert drill.state.phase_index == 0
    assert drill.at(minutes=3) == []
    assert kinds(drill.at(minutes=4)) == [Kind.PIVOT]
    assert "[overrun" in drill.said[-1].text
    assert drill.at(minutes=30) == []
    assert next_event_at(drill.state, drill.playbook) is None


def test_next_moves_on_early(drill: Transcript) -> None:
    drill.now = T0 + timedelta(seconds=40)
    said = drill.do("next_phase")
    assert kinds(said) == [Kind.PHASE_INTRO]
    assert drill.state.phase_index == 1
    assert drill.state.windows[0].ended_at == T0 + timedelta(seconds=40)
    assert drill.state.deadline == T0 + timedelta(seconds=40, minutes=4)


def test_next_on_the_last_phase_ends_the_interview(drill: Transcript) -> None:
    for _ in range(6):
        drill.do("next_phase")
    assert drill.state.phase_index == 6
    drill.do("next_phase")
    assert drill.finished


def test_extend_moves_the_deadline_and_rearms_the_closing_nudge(drill: Transcript) -> None:
    drill.run_until(seconds=100)  # closing nudge sent at 1:30
    drill.answer("users: readers and writers", at=T0 + timedelta(minutes=4))
    said = drill.do("extend", minutes=5)
    assert kinds(said) == [Kind.INFO] and "5 minutes" in said[0].text
    assert drill.state.deadline == T0 + timedelta(minutes=7)
    assert drill.at(minutes=6) == []
    assert "[closing" in drill.at(minutes=6, seconds=30)[0].text
    assert kinds(drill.at(minutes=7))[0] == Kind.TIME_UP


def test_pause_stops_the_clock_and_resume_shifts_every_deadline(drill: Transcript) -> None:
    drill.now = T0 + timedelta(seconds=30)
    assert kinds(drill.do("pause")) == [Kind.INFO]
    assert next_event_at(drill.state, drill.playbook) is None
    assert drill.at(hours=2) == []
    said = drill.do("resume")
    assert kinds(said) == [Kind.INFO] and "1 minute 30 seconds" in said[0].text
    assert drill.state.deadline == T0 + timedelta(hours=2, seconds=90)


def test_choosing_a_topic_asks_one_question_and_coaches_when_stuck(drill: Transcript) -> None:
    drill.run_until(minutes=25)  # deep dives from 25 to 43
    said = drill.do("choose_topic", topic="2")
    assert kinds(said) == [Kind.FOLLOWUP]
    assert "[topic" in said[0].text and "Topic 2" in said[0].text
    drill.answer("options: a queue or a table", at=T0 + timedelta(minutes=26))
    stuck = drill.run_until(minutes=31)
    assert "[stuck" in texts(stuck)
    with pytest.raises(TopicNotFound):
        drill.do("choose_topic", topic="9")  # a number not on the list
    with pytest.raises(TopicNotFound):
        drill.do("choose_topic", topic="  ")


def test_choosing_a_topic_during_the_flow_moves_to_deep_dives(drill: Transcript) -> None:
    drill.now = T0 + timedelta(minutes=1)
    said = drill.do("choose_topic", topic="topic-3")
    assert drill.state.phase_index == 6 and drill.state.topic_id == "topic-3"
    assert Kind.DEEP_DIVE_OFFER not in kinds(said)


def test_answer_belongs_to_the_phase_open_when_it_was_sent(drill: Transcript) -> None:
    drill.run_until(minutes=3)
    assert interview.phase_at(drill.state, T0 + timedelta(seconds=119)) == "functional"
    assert interview.phase_at(drill.state, T0 + timedelta(minutes=2)) == "non_functional"


def test_finished_interview_refuses_commands(drill: Transcript) -> None:
    drill.do("end")
    assert drill.finished
    for command in ("next_phase", "pause", "resume", "end", "extend"):
        with pytest.raises(InterviewOver):
            drill.do(command)
    assert drill.tick() == []


def test_same_seed_same_words_other_seed_other_words() -> None:
    content = make_content()
    a = Transcript(content, seed=1)
    b = Transcript(content, seed=1)
    for t in (a, b):
        t.run_until(minutes=60)
    assert texts(a.said) == texts(b.said)
    others = [texts(Transcript(content, seed=s).run_until(minutes=60)) for s in range(2, 6)]
    assert any(o != texts(a.said) for o in others)


def test_message_keys_are_unique_within_an_interview(drill: Transcript) -> None:
    drill.answer("shard it")
    drill.run_until(minutes=60)
    keys = [s.key for s in drill.said]
    assert len(keys) == len(set(keys))


def test_ruling_out_scaling_early_is_not_scaling_talk(drill: Transcript) -> None:
    drill.at(minutes=3)
    assert drill.answer("No sharding for now; we won't add read replicas yet.") == []
