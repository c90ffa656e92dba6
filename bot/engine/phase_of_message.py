"""Which phase a message belongs to: the one open when it was sent, by the interview's own
timeline, whether or not a tick has caught up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.engine.playbook import Playbook
from bot.engine.state import InterviewState, PhaseWindow, Status


def phase_index_at(state: InterviewState, at: datetime) -> int:
    """The phase in force at ``at``: a message belongs to the phase open when it was sent."""
    return _index_at(state.windows, at)


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
    windows = timeline(state, playbook=playbook, until=at)
    return windows[_index_at(windows, at)].phase_id


@dataclass(frozen=True)
class AnswerPhase:
    """The phase an answer counts for, and whether it arrived after that phase closed."""

    phase_id: str
    late: bool = False


def answer_phase(
    state: InterviewState, *, playbook: Playbook, at: datetime, typed_at: datetime | None = None
) -> AnswerPhase:
    """The phase an answer sent at ``at`` was written for.

    With ``typed_at`` (the terminal knows when the first line of an answer was typed), the
    phase open then. Otherwise the phase in force at ``at`` (:func:`phase_in_force`), except
    within the format's ``late_grace`` after a phase closed because its time ran out: a reply
    sent then was written for the phase that just closed, and is marked late. A phase the
    participants closed themselves (Next, a topic) gets no grace: they had moved on.
    """
    windows = timeline(state, playbook=playbook, until=at)
    if typed_at is not None:
        window = windows[_index_at(windows, typed_at)]
        return AnswerPhase(window.phase_id, window.ended_at is not None and window.ended_at <= at)
    index = _index_at(windows, at)
    if index > 0:
        closed = windows[index - 1]
        if closed.by_clock and closed.ended_at and at - closed.ended_at <= playbook.fmt.late_grace:
            return AnswerPhase(closed.phase_id, late=True)
    return AnswerPhase(windows[index].phase_id)


def timeline(
    state: InterviewState, *, playbook: Playbook, until: datetime
) -> tuple[PhaseWindow, ...]:
    """The interview's phase windows up to ``until``, with the phase changes a tick has not
    yet recorded (auto-advancing phases past their deadline) as :func:`tick` will."""
    windows = list(state.windows)
    if state.status is not Status.RUNNING:
        return tuple(windows)
    current, deadline = state.phase_index, state.deadline
    while (
        until >= deadline and current < playbook.last_index and playbook.phase(current).auto_advance
    ):
        last = windows[-1]
        windows[-1] = PhaseWindow(last.phase_id, last.started_at, deadline, by_clock=True)
        current += 1
        windows.append(PhaseWindow(playbook.phase(current).id, deadline))
        deadline += playbook.phase(current).budget
    return tuple(windows)


def _index_at(windows: tuple[PhaseWindow, ...], at: datetime) -> int:
    index = 0
    for i, window in enumerate(windows):
        if window.started_at <= at:
            index = i
    return index
