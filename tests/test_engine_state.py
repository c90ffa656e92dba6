"""The interview state's JSON form: what the database keeps between two ticks."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.engine.state import InterviewState, PhaseWindow, Status

T0 = datetime(2026, 11, 18, 14, 0, tzinfo=UTC)


def every_field_set() -> InterviewState:
    """A state in which no field has its default, so a field the codec forgets shows."""
    berlin = timezone(timedelta(hours=1))
    return InterviewState(
        question_id="url-shortener",
        format_id="standard",
        host="U1",
        seed=42,
        status=Status.PAUSED,
        phase_index=6,
        phase_started_at=T0 + timedelta(minutes=25),
        deadline=T0 + timedelta(minutes=43),
        windows=(
            PhaseWindow(
                "requirements",
                T0,
                T0 + timedelta(minutes=2),
                extended=timedelta(seconds=20),
                paused=timedelta(seconds=90),
                by_clock=True,
            ),
            PhaseWindow("deep_dives", T0 + timedelta(minutes=25)),
        ),
        paused_at=T0 + timedelta(minutes=30),
        nudges_done=(0, 1),
        pivots_done=("silence:6:U2", "stuck:hot-keys"),
        last_spoke={
            "U1": T0 + timedelta(minutes=1),
            "U2": (T0 + timedelta(minutes=3)).astimezone(berlin),
        },
        topic_id="caching",
        topic_started_at=T0 + timedelta(minutes=27),
        topics_done=("hot-keys",),
        seq=17,
        finished_at=T0 + timedelta(minutes=45),
        timezone="Europe/Berlin",
        spoke_at=T0 + timedelta(minutes=29),
        asked_at=T0 + timedelta(minutes=28),
        pressed_step=9,
    )


def test_every_field_survives_the_json_round_trip() -> None:
    state = every_field_set()
    defaults = InterviewState(
        question_id="q",
        format_id="f",
        host="h",
        seed=0,
        status=Status.RUNNING,
        phase_index=0,
        phase_started_at=T0,
        deadline=T0,
        windows=(),
    )
    assert all(getattr(state, f.name) != getattr(defaults, f.name) for f in fields(state))

    encoded = state.to_dict()

    assert set(encoded) == {f.name for f in fields(InterviewState)}
    assert InterviewState.from_dict(json.loads(json.dumps(encoded))) == state


def test_a_row_saved_before_later_fields_existed_still_loads() -> None:
    old = every_field_set().to_dict()
    for key in ("paused_at", "topic_id", "topic_started_at", "topics_done", "seq", "timezone"):
        del old[key]
    del old["pressed_step"]
    for window in old["windows"]:
        del window["extended"], window["paused"]

    state = InterviewState.from_dict(old)

    assert (state.topic_id, state.topics_done, state.seq, state.timezone) == (None, (), 0, None)
    assert state.pressed_step == 0 and state.windows[0].extended == timedelta()


def test_evolve_returns_a_changed_copy_and_leaves_the_original_alone() -> None:
    state = every_field_set()

    later = state.evolve(seq=18, topic_id=None)

    assert (later.seq, later.topic_id, later.host) == (18, None, "U1")
    assert (state.seq, state.topic_id) == (17, "caching")
    with pytest.raises(AttributeError):
        later.seq = 3  # type: ignore[misc]


def test_evolve_refuses_a_field_the_state_does_not_have() -> None:
    with pytest.raises(TypeError, match="phase_idx"):
        every_field_set().evolve(phase_idx=2)
