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
    """The interviewer's answer to a participant's check-in ("should I go deeper?")."""
    PIVOT = "pivot"
    """Coaching: silence, over time, scaling too early, stuck on one topic."""
    DEEP_DIVE_OFFER = "deep_dive_offer"
    """After the end-to-end flow: which topics to dig into (buttons in Slack)."""
    FOLLOWUP = "followup"
    """A deep-dive question for the chosen topic."""
    INFO = "info"
    """Acknowledgements of commands: paused, resumed, extended."""
    RETROSPECTIVE = "retrospective"
    """The summary at the end; team view in the thread, personal view by DM."""
    CATCH_UP = "catch_up"
    """Said by delivery, not the engine: where the interview stands after messages that
    Slack's outage made out of date were skipped (:mod:`bot.engine.catch_up`)."""
    CLOSE_BUTTONS = "close_buttons"
    """Not a message: an earlier message's buttons, whose step has ended, replaced by a
    line saying what happened (:func:`bot.engine.presses.closing_note`)."""


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


_ON_ITS_OWN = frozenset({Kind.QUESTION, Kind.RETROSPECTIVE})
"""The question roots the thread and a retrospective is long: each stays a message of its own."""


def one_message_per_moment(effects: tuple[Say, ...]) -> tuple[Say, ...]:
    """What the bot says at one moment in one thread, as one message.

    A phase ending on time says "time's up", a check-in and the next phase's intro at the same
    instant; three posts would arrive as a burst and queue behind Slack's one post a second
    per channel. Consecutive thread messages of one step are joined (paragraphs in order, the
    first one's kind, every button); private messages, the question and retrospectives stay
    apart. The joined key names its parts, so a step replayed after a crash is still refused.
    """
    out: list[Say] = []
    for say in effects:
        last = out[-1] if out else None
        if (
            last is not None
            and say.to_user is None
            and last.to_user is None
            and say.kind not in _ON_ITS_OWN
            and last.kind not in _ON_ITS_OWN
        ):
            buttons = last.buttons + tuple(b for b in say.buttons if b not in last.buttons)
            out[-1] = Say(f"{last.key}+{say.key}", last.kind, f"{last.text}\n\n{say.text}", buttons)
        else:
            out.append(say)
    return tuple(out)
