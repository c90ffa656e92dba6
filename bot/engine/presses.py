"""Whether a button press still applies to the interview as it is now.

Every button names the step it was offered at: the phase then open and the step number of
the message that carried it (the interview's saved version, which only grows). A press is
late when the interview has moved past that phase, has finished, or when a button of that
message (or of an older one) was already pressed. Late presses change nothing, so two
people pressing "Next phase" a moment apart move the interview on once.
"""

from __future__ import annotations

from dataclasses import dataclass

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
