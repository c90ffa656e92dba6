"""The interviewer listens: check-ins answered, late replies kept for their phase, nothing
kept while paused, coaching in the interviewer's voice and recovery lines for the candidate."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest

from bot.content.loader import builtin_prompts_dir, check_prompts, load_content
from bot.content.model import Content
from bot.engine.checkins import checkin_in
from bot.engine.effects import Kind
from bot.engine.interview import answer_phase
from bot.engine.retro_text import render_personal, render_team
from bot.engine.retrospective import build_retrospective
from tests.cli_harness import write_blitz
from tests.engine_harness import T0, Transcript, kinds
from tests.factories import make_content


@pytest.fixture(scope="module")
def builtin() -> Content:
    return load_content()


def ride_matching(content: Content, fmt: str = "standard") -> Transcript:
    only = dataclasses.replace(
        content, questions={"ride-matching": content.questions["ride-matching"]}
    )
    return Transcript(only, fmt=fmt)


CHECKINS = [
    "Does this make sense so far?",
    "does that make sense",
    "Should I go deeper here, or move on?",
    "Should I go deeper on this, or move to another component?",
    "Is this the right level of detail?",
    "what would you like me to focus on?",
    "I can talk about the geo index or the matching next - which would you prefer?",
    "Am I on the right track?",
    "Drivers ping every 4 s into Redis. Does this sound reasonable?",
    "shall I move on to the API?",
    "Is that enough detail for the schema, or do you want more?",
    "ok so far?",
]
NOT_CHECKINS = [
    "In more detail, the API takes a pickup and a destination and returns a ride id.",
    "We should move on to sharding the location index by city once the flow works.",
    "The matching service makes sense of the candidate list by ETA.",
    "Drivers go deeper into the queue when they decline.",
    "POST /rides {pickup, destination} -> {ride_id, status}",
]


@pytest.mark.parametrize("text", CHECKINS)
def test_many_phrasings_of_a_check_in_are_recognised(builtin: Content, text: str) -> None:
    assert checkin_in(text, builtin.conversation) is not None


@pytest.mark.parametrize("text", NOT_CHECKINS)
def test_answers_that_merely_use_the_words_are_not_check_ins(builtin: Content, text: str) -> None:
    assert checkin_in(text, builtin.conversation) is None


def test_a_check_in_gets_an_answer_naming_what_is_uncovered_and_the_time_left(
    builtin: Content,
) -> None:
    drill = ride_matching(builtin)
    drill.run_until(minutes=14)  # high-level diagram: 10 to 16 minutes
    said = drill.answer(
        "Drivers send GPS pings to a location service that keeps the latest in Redis. "
        "Does this make sense so far?"
    )
    assert kinds(said) == [Kind.CHECKIN]
    reply = said[0].text
    assert "<@U1>" in reply
    assert "a matching (dispatch) service" in reply  # the heaviest idea not yet said
    assert "location service" not in reply.split("matching")[0].lower()
    assert "2 minutes" in reply and "29 minutes" in reply  # phase, then overall
    assert "?" not in reply.split(". ", 1)[1]  # the answer asks nothing it won't wait for


def test_a_check_in_after_covering_the_phase_says_to_move_on(builtin: Content) -> None:
    drill = ride_matching(builtin)
    drill.now = T0 + timedelta(seconds=30)
    said = drill.answer(
        "A rider requests a ride and is matched with a nearby driver; both see each other "
        "live until pickup. Is this the right level?"
    )
    assert kinds(said) == [Kind.CHECKIN]
    assert "move on" in said[0].text
    assert "1 minute 30 seconds" in said[0].text


def test_a_deep_dive_check_in_offers_a_category_not_touched_yet(builtin: Content) -> None:
    drill = ride_matching(builtin)
    drill.run_until(minutes=26)
    drill.do("choose_topic", topic="driver-location-index")
    drill.now = T0 + timedelta(minutes=27)
    said = drill.answer("We keep a geohash index and shard it by city. Should I go deeper here?")
    assert kinds(said) == [Kind.CHECKIN]
    # The topic's categories are data management (sharding: touched), scalability, performance.
    assert "scalability" in said[0].text
    followups = builtin.lines.followups["scalability"]
    assert any(question in said[0].text for question in followups)
    assert drill.state.asked_at == drill.now


def test_a_plain_answer_gets_no_reply(builtin: Content) -> None:
    drill = ride_matching(builtin)
    drill.now = T0 + timedelta(seconds=20)
    assert drill.answer("Riders and drivers, through the mobile apps.") == []


def test_phase_ends_ask_no_question_they_will_not_wait_for(builtin: Content) -> None:
    drill = ride_matching(builtin)
    said = drill.run_until(minutes=43)
    boundaries = [s for s in said if s.kind is Kind.TIME_UP]
    assert boundaries and all("?" not in s.text for s in boundaries)
    assert Kind.CHECKIN not in kinds(said)


# --- late answers --------------------------------------------------------------------------


def test_a_reply_just_after_time_ran_out_counts_for_the_phase_it_was_written_for() -> None:
    drill = Transcript(make_content())
    drill.run_until(minutes=2)  # functional closed by the clock at 2:00
    late = answer_phase(drill.state, playbook=drill.playbook, at=T0 + timedelta(seconds=125))
    assert (late.phase_id, late.late) == ("functional", True)
    on_time = answer_phase(drill.state, playbook=drill.playbook, at=T0 + timedelta(seconds=151))
    assert (on_time.phase_id, on_time.late) == ("non_functional", False)


def test_the_grace_holds_before_the_scheduler_has_ticked() -> None:
    drill = Transcript(make_content())
    drill.run_until(seconds=100)
    found = answer_phase(drill.state, playbook=drill.playbook, at=T0 + timedelta(seconds=125))
    assert (found.phase_id, found.late) == ("functional", True)


def test_no_grace_after_the_participants_moved_on_themselves() -> None:
    drill = Transcript(make_content())
    drill.now = T0 + timedelta(seconds=40)
    drill.do("next_phase")
    found = answer_phase(drill.state, playbook=drill.playbook, at=T0 + timedelta(seconds=45))
    assert (found.phase_id, found.late) == ("non_functional", False)


def test_the_terminal_phase_is_the_one_open_when_typing_started() -> None:
    drill = Transcript(make_content())
    drill.run_until(minutes=3)
    found = answer_phase(
        drill.state,
        playbook=drill.playbook,
        at=T0 + timedelta(minutes=2, seconds=50),
        typed_at=T0 + timedelta(seconds=110),
    )
    assert (found.phase_id, found.late) == ("functional", True)


def test_the_grace_is_set_per_format(builtin: Content) -> None:
    assert builtin.formats["standard"].late_grace == timedelta(seconds=30)
    drill = Transcript(dataclasses.replace(make_content(), formats={
        "standard": dataclasses.replace(make_content().formats["standard"], late_grace=timedelta(0))
    }))  # fmt: skip
    drill.run_until(minutes=2)
    found = answer_phase(drill.state, playbook=drill.playbook, at=T0 + timedelta(seconds=121))
    assert found.phase_id == "non_functional"


def test_the_retrospective_marks_late_replies_and_no_longer_calls_the_phase_skipped() -> None:
    drill = Transcript(make_content())
    drill.run_until(minutes=2)
    drill.answer("users are riders", at=T0 + timedelta(seconds=125))
    drill.run_until(minutes=60)
    retro = build_retrospective(drill.state, playbook=drill.playbook, answers=drill.answers)
    functional = retro.participants[0].phases[0]
    assert (functional.answers, functional.late) == (1, 1)
    assert "sent just after it closed" in render_personal(retro.participants[0], retro)
    assert "1 of 1 answered (1 late)" in render_team(retro)


# --- paused ---------------------------------------------------------------------------------


def test_text_sent_while_paused_is_not_kept_and_its_author_is_told_once() -> None:
    drill = Transcript(make_content())
    drill.now = T0 + timedelta(seconds=30)
    drill.do("pause")
    said = drill.answer("users are riders")
    assert kinds(said) == [Kind.INFO] and "[paused reply" in said[0].text
    assert [b.action for b in said[0].buttons] == ["resume"]
    assert drill.answers == []
    assert drill.answer("and drivers") == []
    assert kinds(drill.answer("admins too", user="U2")) == [Kind.INFO]
    drill.do("resume")
    drill.now += timedelta(seconds=5)
    drill.do("pause")
    assert kinds(drill.answer("again")) == [Kind.INFO]  # a new pause, told again


# --- coaching and recovery ------------------------------------------------------------------


def test_stuck_coaching_speaks_as_the_interviewer(builtin: Content) -> None:
    candidate_lines = (
        "Let me switch",
        "The more challenging part is actually",
        "come back if time",
    )
    for line in builtin.lines.pivot_stuck:
        assert not any(phrase in line for phrase in candidate_lines)


def test_the_personal_retrospective_gives_recovery_lines_and_credits_check_ins(
    builtin: Content,
) -> None:
    drill = ride_matching(builtin)
    drill.answer("Does this make sense so far?", at=T0 + timedelta(seconds=20))
    drill.answer("we shard the drivers table", user="U2", at=T0 + timedelta(minutes=11))
    drill.run_until(minutes=60)
    retro = build_retrospective(drill.state, playbook=drill.playbook, answers=drill.answers)
    host, other = retro.participants
    assert host.checkins == ("Does this make sense so far?",)
    host_view = render_personal(host, retro)
    assert "Checked in with the interviewer" in host_view
    assert builtin.conversation.recovery["no_checkin"] not in host_view
    other_view = render_personal(other, retro)
    assert "*Lines to try next time*" in other_view
    assert builtin.conversation.recovery["scaling_early"] in other_view
    assert builtin.conversation.recovery["no_checkin"] in other_view
    assert "Checked in with the interviewer*: U1 (1)" in render_team(retro)


def test_the_team_retrospective_notes_when_nobody_checked_in() -> None:
    drill = Transcript(make_content())
    drill.answer("users are riders", at=T0 + timedelta(seconds=20))
    drill.run_until(minutes=60)
    retro = build_retrospective(drill.state, playbook=drill.playbook, answers=drill.answers)
    assert "Nobody checked in with the interviewer" in render_team(retro)


def test_late_grace_is_read_from_the_format_and_can_be_off(tmp_path: Path) -> None:
    loaded = load_content(builtin_prompts_dir(), write_blitz(tmp_path / "p", late_grace="off"))
    assert loaded.formats["blitz"].late_grace == timedelta(0)
    assert loaded.formats["weekly"].late_grace == timedelta(hours=1)
    errors = check_prompts(write_blitz(tmp_path / "q", late_grace="soon"))
    assert any("late_grace" in e for e in errors)
