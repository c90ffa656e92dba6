"""The pure rules behind buttons and budgets: which press is late, and the time a phase had."""

from __future__ import annotations

from datetime import timedelta

from bot.engine.presses import ButtonStep, closing_note, late_press, pressed
from bot.engine.retrospective import build_retrospective
from tests.engine_harness import T0, Transcript
from tests.factories import make_content


def test_a_press_is_late_once_its_phase_is_over_or_its_message_was_used() -> None:
    drill = Transcript(make_content())
    intro = ButtonStep("functional", 1)
    assert late_press(drill.state, drill.playbook, intro) is None

    drill.state = pressed(drill.state, intro)
    again = late_press(drill.state, drill.playbook, intro)
    assert again is not None and again.already_pressed and "still in *Functional*" in again.reason
    assert late_press(drill.state, drill.playbook, ButtonStep("functional", 2)) is None

    drill.do("next_phase")
    moved = late_press(drill.state, drill.playbook, ButtonStep("functional", 2))
    assert moved is not None and not moved.already_pressed
    assert moved.reason == "Already moved on to *Non Functional*."

    drill.do("end")
    over = late_press(drill.state, drill.playbook, ButtonStep("non_functional", 3))
    assert over is not None and over.reason == "This interview has finished."


def test_buttons_close_with_what_ended_their_step_unless_their_own_press_did() -> None:
    drill = Transcript(make_content())  # functional: 2 minutes, auto-advancing
    intro, start = ButtonStep("functional", 1), drill.state

    drill.now = T0 + timedelta(minutes=2)
    drill.do("tick")
    by_clock = closing_note(start, drill.state, drill.playbook, intro, by=None)
    assert by_clock == "Time ran out; moved on to *Non Functional*."
    assert closing_note(start, drill.state, drill.playbook, intro, by="U0BOB0001") == by_clock

    typed = Transcript(make_content())
    typed.do("next_phase")
    assert (
        closing_note(start, typed.state, typed.playbook, intro, by="U0BOB0001")
        == "<@U0BOB0001> moved on to *Non Functional*."
    )
    mine = pressed(typed.state, intro)  # the press of this message closes it itself
    assert closing_note(start, mine, typed.playbook, intro, by="U0BOB0001") is None
    still = typed.state
    assert (
        closing_note(still, still, typed.playbook, ButtonStep("non_functional", 2), by=None) is None
    )

    typed.do("end")
    ended = closing_note(
        still, typed.state, typed.playbook, ButtonStep("non_functional", 2), by="U1"
    )
    assert ended == "Ended by <@U1>."


def test_the_retrospective_counts_extensions_and_leaves_pauses_out() -> None:
    drill = Transcript(make_content())  # functional: 2 minutes
    drill.now = T0 + timedelta(seconds=30)
    drill.do("extend", minutes=1)
    drill.now = T0 + timedelta(minutes=1)
    drill.do("pause")
    drill.now = T0 + timedelta(minutes=31)
    drill.do("resume")
    drill.now = T0 + timedelta(minutes=32)
    drill.do("next_phase")  # 2 min of clock in the phase, of a 3 min budget
    drill.do("pause")
    drill.now = T0 + timedelta(minutes=40)
    drill.do("end")  # ended while paused: none of the pause counts

    retro = build_retrospective(drill.state, playbook=drill.playbook, answers=())
    times = {phase_id: (budget, spent) for phase_id, _, budget, spent in retro.phase_times}
    assert times["functional"] == (timedelta(minutes=3), timedelta(minutes=2))
    assert times["non_functional"] == (timedelta(minutes=4), timedelta())


def test_moving_on_while_paused_gives_the_rest_of_the_pause_to_the_new_phase() -> None:
    drill = Transcript(make_content())
    drill.now = T0 + timedelta(minutes=1)
    drill.do("pause")
    drill.now = T0 + timedelta(minutes=5)
    drill.do("next_phase")
    drill.now = T0 + timedelta(minutes=9)
    drill.do("resume")

    assert drill.state.deadline == T0 + timedelta(minutes=9 + 4)  # a full 4-minute phase
    first, second = drill.state.windows
    assert (first.paused, second.paused) == (timedelta(minutes=4), timedelta(minutes=4))


def test_the_same_topic_pressed_twice_starts_it_once() -> None:
    drill = Transcript(make_content())
    topic = drill.playbook.question.deep_dives[0].id
    first = drill.do("choose_topic", topic=topic)
    assert first and drill.state.topic_id == topic

    assert drill.do("choose_topic", topic=topic) == []
