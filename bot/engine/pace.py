"""Pacing of what the interviewer says unprompted: nudges, coaching and follow-ups.

An interviewer does not talk over people. At most one unprompted message per phase in any
:data:`PACE`; no silence ping to someone who answered within :data:`RECENT`; a follow-up only
once the last question has had an answer; coaching waits for a pause in the conversation.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.engine.state import InterviewState

PACE = timedelta(seconds=20)
"""Shortest gap between two messages the bot says of its own accord in one phase."""
RECENT = timedelta(minutes=1)
"""Someone who answered this recently is not pinged for silence."""


def quiet_until(state: InterviewState) -> datetime | None:
    """Before this moment the bot says nothing unprompted (it spoke less than PACE ago)."""
    return None if state.spoke_at is None else state.spoke_at + PACE


def paced(at: datetime, state: InterviewState) -> datetime:
    """When something due at ``at`` may be said."""
    quiet = quiet_until(state)
    return at if quiet is None else max(at, quiet)


def may_speak(state: InterviewState, now: datetime) -> bool:
    quiet = quiet_until(state)
    return quiet is None or now >= quiet


def last_heard(state: InterviewState) -> datetime | None:
    """The participants' latest message."""
    return max(state.last_spoke.values(), default=None)


def after_a_pause(at: datetime, state: InterviewState) -> datetime:
    """``at``, or later if the participants were talking: coaching waits for a pause."""
    heard = last_heard(state)
    return at if heard is None else max(at, heard + PACE)


def may_follow_up(state: InterviewState, now: datetime) -> bool:
    """A follow-up question only once the last question was answered, never right after it."""
    if state.asked_at is None:
        return True
    heard = last_heard(state)
    return heard is not None and heard > state.asked_at and now >= state.asked_at + PACE
