"""Which queued messages an interview has outgrown, and the catch-up line said instead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.engine.catch_up import MadeFor, Queued, Standing, catch_up_line, is_outdated
from bot.engine.effects import Kind

NOW = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
IN_API = Standing(
    phase_index=2, phase_title="API design", finished=False, paused=False, left=timedelta(minutes=3)
)
ENDED = Standing(
    phase_index=6, phase_title="Deep dives", finished=True, paused=False, left=timedelta()
)


def queued(
    kind: Kind, phase: int, *, age: float = 120, final: bool = False, private: bool = False
) -> Queued:
    return Queued(kind, MadeFor(phase, final), private, NOW - timedelta(seconds=age))


@pytest.mark.parametrize(
    "kind",
    [
        Kind.NUDGE,
        Kind.PIVOT,
        Kind.PHASE_INTRO,
        Kind.TIME_UP,
        Kind.CHECKIN,
        Kind.FOLLOWUP,
        Kind.INFO,
    ],
)
def test_a_message_for_an_earlier_phase_is_outdated(kind: Kind) -> None:
    assert is_outdated(queued(kind, 1), IN_API, now=NOW)


def test_the_current_phases_intro_is_kept_however_late() -> None:
    assert not is_outdated(queued(Kind.TIME_UP, 2, age=600), IN_API, now=NOW)


def test_a_reminder_a_minute_late_is_outdated_even_in_its_phase() -> None:
    assert is_outdated(queued(Kind.NUDGE, 2, age=60), IN_API, now=NOW)
    assert not is_outdated(queued(Kind.NUDGE, 2, age=30), IN_API, now=NOW)


def test_after_the_end_only_the_ending_itself_is_kept() -> None:
    assert is_outdated(queued(Kind.NUDGE, 6), ENDED, now=NOW)
    assert is_outdated(queued(Kind.PHASE_INTRO, 6), ENDED, now=NOW)
    assert not is_outdated(queued(Kind.TIME_UP, 6, final=True), ENDED, now=NOW)


@pytest.mark.parametrize("kind", [Kind.QUESTION, Kind.RETROSPECTIVE, Kind.CATCH_UP])
def test_the_question_retrospectives_and_catch_ups_are_never_outdated(kind: Kind) -> None:
    assert not is_outdated(queued(kind, 0), ENDED, now=NOW)


def test_private_messages_are_never_outdated() -> None:
    assert not is_outdated(queued(Kind.NUDGE, 0, private=True), ENDED, now=NOW)


def test_messages_on_time_or_without_a_stamp_go_as_made() -> None:
    assert not is_outdated(queued(Kind.NUDGE, 1, age=2), IN_API, now=NOW)
    unstamped = Queued(Kind.NUDGE, None, False, NOW - timedelta(hours=1))
    assert not is_outdated(unstamped, ENDED, now=NOW)


def test_the_stamp_round_trips_through_the_payload() -> None:
    made = MadeFor(3, final=True)
    assert MadeFor.from_payload({"made_for": made.to_payload()}) == made
    assert MadeFor.from_payload({"kind": "nudge"}) is None


def test_the_catch_up_line_says_how_long_and_where_things_are() -> None:
    line = catch_up_line(IN_API, held_for=timedelta(minutes=2), unreachable=True)
    assert line == "Slack was unreachable for 2 minutes; we're now in *API design*, 3 minutes left."
    paused = Standing(2, "API design", False, True, timedelta(seconds=40))
    assert "(paused, 40 seconds left)" in catch_up_line(
        paused, held_for=timedelta(seconds=50), unreachable=True
    )
    assert "the interview has ended" in catch_up_line(
        ENDED, held_for=timedelta(minutes=7), unreachable=True
    )
    assert catch_up_line(IN_API, held_for=timedelta(minutes=2), unreachable=False).startswith(
        "My messages were held up for 2 minutes"
    )
