"""Which phase a message belongs to: the one open when it was sent, by the interview's own
timeline, whether or not a tick has caught up."""

from __future__ import annotations

from datetime import datetime

from bot.engine.playbook import Playbook
from bot.engine.state import InterviewState, Status


def phase_index_at(state: InterviewState, at: datetime) -> int:
    """The phase in force at ``at``: a message belongs to the phase open when it was sent."""
    index = 0
    for i, window in enumerate(state.windows):
        if window.started_at <= at:
            index = i
    return index


def phase_at(state: InterviewState, at: datetime) -> str:
    return state.windows[phase_index_at(state, at)].phase_id


def phase_in_force(state: InterviewState, *, playbook: Playbook, at: datetime) -> str:
    """The phase a message sent at ``at`` belongs to, from the interview's own timeline.

    The phases already opened decide for earlier messages. Past the current phase's
    deadline the clock has moved on even when no tick has yet (a busy scheduler, a restart):
    while the interview runs, each auto-advancing phase whose deadline has passed gives way
    to the next at exactly its deadline, as :func:`tick` will record it. A paused interview's
    clock stands still; a phase that waits for the participants holds its messages.
    """
    index = phase_index_at(state, at)
    if index < len(state.windows) - 1 or state.status is not Status.RUNNING:
        return state.windows[index].phase_id
    current, deadline = state.phase_index, state.deadline
    while at >= deadline and current < playbook.last_index and playbook.phase(current).auto_advance:
        current += 1
        deadline += playbook.phase(current).budget
    return playbook.phase(current).id
