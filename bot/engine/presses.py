"""Whether a button press still applies to the interview as it is now.

Every button names the step it was offered at: the phase then open and the step number of
the message that carried it (the interview's saved version, which only grows). A press is
late when the interview has moved past that phase, has finished, or when a button of that
message (or of an older one) was already pressed. Late presses change nothing, so two
people pressing "Next phase" a moment apart move the interview on once.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.out import who
from bot.engine.playbook import Playbook
from bot.engine.state import InterviewState, Status


@dataclass(frozen=True)
class ButtonStep:
    """The step a button was offered at."""

    phase_id: str
    step: int


@dataclass(frozen=True)
class Late:
    """Why a press no longer applies, in words for the person who pressed."""

    reason: str
    already_pressed: bool
    """True when a button of the same message was pressed first: that press closes the
    message's buttons, so this one must not overwrite what it shows."""


def late_press(state: InterviewState, playbook: Playbook, at: ButtonStep) -> Late | None:
    """None when a button offered at ``at`` may still act on ``state``."""
    same_message = at.step == state.pressed_step
    if state.status is Status.FINISHED:
        return Late("This interview has finished.", same_message)
    current = playbook.phase(state.phase_index)
    if current.id != at.phase_id:
        return Late(f"Already moved on to *{current.title}*.", same_message)
    if at.step <= state.pressed_step:
        return Late(
            f"Someone pressed that already; we're still in *{current.title}*.", same_message
        )
    return None


def pressed(state: InterviewState, at: ButtonStep) -> InterviewState:
    """``state`` noting that the buttons of ``at``'s message have been used."""
    return state.evolve(pressed_step=max(state.pressed_step, at.step))


def closing_note(
    before: InterviewState,
    after: InterviewState,
    playbook: Playbook,
    at: ButtonStep,
    *,
    by: str | None,
) -> str | None:
    """The line that replaces the buttons offered at ``at`` once the step from ``before``
    to ``after`` (taken by ``by``, if a person took it) has ended them; None while they
    still apply, when they had ended before, or when a press of that very message
    closes it."""
    late = late_press(after, playbook, at)
    if late is None or late.already_pressed or late_press(before, playbook, at) is not None:
        return None
    closed = after.windows[len(before.windows) - 1] if before.windows else None
    ran_out = closed is not None and closed.by_clock
    if after.status is Status.FINISHED:
        if ran_out:
            return "Time ran out; the interview has finished."
        return f"Ended by {who(by)}." if by else "The interview has finished."
    title = playbook.phase(after.phase_index).title
    if after.phase_index != before.phase_index:
        if ran_out:
            return f"Time ran out; moved on to *{title}*."
        return f"{who(by)} moved on to *{title}*." if by else f"Moved on to *{title}*."
    return f"Closed: newer buttons below; we're still in *{title}*."
