"""When things are due inside the current phase: nudges, pivots, the deadline.

These functions only compute times; :mod:`bot.engine.interview` decides what to say.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.content.model import Nudge, Phase
from bot.engine.pace import RECENT, after_a_pause, last_heard, paced
from bot.engine.playbook import Playbook
from bot.engine.state import InterviewState, Status
from bot.engine.working_hours import defer


def nudge_time(nudge: Nudge, *, phase: Phase, started: datetime, deadline: datetime) -> datetime:
    """Fractional nudges follow the phase's own budget; closing nudges follow the deadline,
    so an extension moves the closing nudge with it."""
    if nudge.before_end is not None:
        return deadline - nudge.before_end
    return started + phase.budget * (nudge.at_fraction or 0.0)


def pending_nudges(state: InterviewState, playbook: Playbook) -> list[tuple[int, datetime]]:
    """Nudges of the current phase not yet sent, that fall strictly inside the phase.

    In a format with working hours a nudge due outside them moves to the next working-hours
    start, and is dropped if that is not before the deadline (time-up speaks then instead).
    """
    phase = playbook.phase(state.phase_index)
    out = []
    for i, nudge in enumerate(phase.nudges):
        if i in state.nudges_done:
            continue
        at = nudge_time(nudge, phase=phase, started=state.phase_started_at, deadline=state.deadline)
        if state.phase_started_at < at < state.deadline:
            at = defer(at, state, playbook)
            if at < state.deadline:
                out.append((i, at))
    return out


def silence_key(state: InterviewState, user: str) -> str:
    return f"silence:{state.phase_index}:{user}"


def silence_times(state: InterviewState, playbook: Playbook) -> list[tuple[str, datetime]]:
    """For each participant not yet nudged for silence in this phase, when they will be: never
    within :data:`~bot.engine.pace.RECENT` of their own last answer.

    None in formats with working hours: their nudges already name who has not answered, and
    a per-person pivot on top would ping the same people twice (or ping people who have).
    """
    if playbook.fmt.working_hours is not None:
        return []
    out = []
    for user in state.participants:
        if silence_key(state, user) in state.pivots_done:
            continue
        spoke = state.last_spoke.get(user)
        since = max(spoke, state.phase_started_at) if spoke else state.phase_started_at
        due = since + playbook.fmt.silence_after
        out.append((user, max(due, spoke + RECENT) if spoke else due))
    return out


def overrun_key(state: InterviewState) -> str:
    return f"overrun:{state.phase_index}"


def timeup_key(state: InterviewState) -> str:
    return f"timeup:{state.phase_index}"


def stuck_key(state: InterviewState) -> str:
    return f"stuck:{state.topic_id}"


def stuck_time(state: InterviewState, playbook: Playbook) -> datetime | None:
    """A deep-dive topic should take about a third of the deep-dive budget; the coaching
    waits for a pause, and for an answer to the bot's last question on the topic (before
    that, the silence ping speaks)."""
    if state.topic_id is None or state.topic_started_at is None:
        return None
    if stuck_key(state) in state.pivots_done:
        return None
    heard = last_heard(state)
    asked = max(state.topic_started_at, state.asked_at or state.topic_started_at)
    if heard is None or heard <= asked:
        return None
    due = state.topic_started_at + playbook.phase(state.phase_index).budget / 3
    return defer(after_a_pause(due, state), state, playbook)


def overrun_time(state: InterviewState, playbook: Playbook) -> datetime:
    """Over-time coaching in a phase that waits for the participants, once they pause."""
    return after_a_pause(state.deadline + playbook.fmt.overrun_after, state)


def next_event_at(state: InterviewState, playbook: Playbook) -> datetime | None:
    """The earliest moment at which ``tick`` has something to do; None when nothing is due
    (paused or finished). The scheduler stores it and claims the interview at that time."""
    if state.status is not Status.RUNNING:
        return None
    phase = playbook.phase(state.phase_index)
    # Nudges and silence only matter while the phase is open; past the deadline time-up
    # speaks instead. Unprompted messages wait for the pace (bot.engine.pace).
    times: list[datetime] = [
        paced(at, state)
        for at in [at for _, at in pending_nudges(state, playbook)]
        + [at for _, at in silence_times(state, playbook)]
        if paced(at, state) < state.deadline
    ]
    if phase.auto_advance:
        times.append(state.deadline)
    else:
        if timeup_key(state) not in state.pivots_done:
            times.append(state.deadline)
        if overrun_key(state) not in state.pivots_done:
            times.append(paced(overrun_time(state, playbook), state))
    stuck = stuck_time(state, playbook)
    if stuck is not None:
        times.append(paced(stuck, state))
    return min(times) if times else None


def remaining(state: InterviewState, now: datetime) -> timedelta:
    return max(state.deadline - now, timedelta())
