"""What the engine asks its adapters to do.

The engine never performs I/O. Every call returns a :class:`Step`: the new state plus the
messages to post. Adapters (Slack, terminal) render and deliver them through the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.engine.state import InterviewState


class Kind(StrEnum):
    """The role of a message; adapters use it to pick a layout, tests to find messages."""

    QUESTION = "question"
    """The question itself: the first message, the root of the interview thread."""
    PHASE_INTRO = "phase_intro"
    """A phase opens: what it should cover and its time budget."""
    NUDGE = "nudge"
    """A timing reminder part-way through a phase."""
    TIME_UP = "time_up"
    """A phase's time ran out (or the participants moved on)."""
    CHECKIN = "checkin"
    """A check-in question at a phase boundary."""
    PIVOT = "pivot"
    """A redirection: silence, over time, scaling too early, stuck on one topic."""
    DEEP_DIVE_OFFER = "deep_dive_offer"
    """After the end-to-end flow: which topics to dig into (buttons in Slack)."""
    FOLLOWUP = "followup"
    """A deep-dive question for the chosen topic."""
    INFO = "info"
    """Acknowledgements of commands: paused, resumed, extended."""
    RETROSPECTIVE = "retrospective"
    """The summary at the end; team view in the thread, personal view by DM."""


@dataclass(frozen=True)
class Button:
    """An action offered with a message. ``action`` is one of next, extend, end, topic."""

    action: str
    label: str
    value: str = ""


@dataclass(frozen=True)
class Say:
    """Post ``text`` in the interview's thread, or privately to ``to_user`` when set.

    ``key`` is unique within one interview; storage uses it to refuse duplicates.
    """

    key: str
    kind: Kind
    text: str
    buttons: tuple[Button, ...] = ()
    to_user: str | None = None


@dataclass(frozen=True)
class Step:
    """The result of every engine call."""

    state: InterviewState
    effects: tuple[Say, ...] = ()
    finished: bool = False
    """True when this step ended the interview; the caller then builds the retrospective."""
