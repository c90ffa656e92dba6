"""Which queued messages the interview has outgrown, and the one line said instead.

When Slack was unreachable, messages wait in the outbox while the interview's clock runs on.
Sent as queued once Slack is back, they would arrive minutes late and out of step: a
half-time nudge for a phase that has ended, an intro for a phase already over. Each message
carries what it was made for (:class:`MadeFor`, stored with it); at send time it is compared
with where the interview stands (:class:`Standing`). An outdated message is dropped, and
the first one in a thread becomes a single catch-up line saying where things are now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.engine.effects import Kind
from bot.engine.lines import human_duration

KEPT = frozenset({Kind.QUESTION, Kind.RETROSPECTIVE, Kind.CATCH_UP})
"""Never outgrown: the question roots the thread, a retrospective is the interview's result,
and the catch-up line is itself about the present."""
ON_TIME = timedelta(seconds=5)
"""A message younger than this is sent as made: it cannot have been outgrown by much, and
delivery need not read the interview to know it."""
STALE_REMINDER = timedelta(seconds=60)
"""A nudge or ping this late names a time that is wrong ("10 seconds to go"), even in the
same phase."""
_REMINDERS = frozenset({Kind.NUDGE, Kind.PIVOT})


@dataclass(frozen=True)
class MadeFor:
    """The interview's position when a message was made: its phase, and whether that step
    ended the interview. Stored in the queued message's payload (:meth:`to_payload`)."""

    phase_index: int
    final: bool = False

    def to_payload(self) -> dict[str, Any]:
        return {"phase": self.phase_index, "final": self.final}

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> MadeFor | None:
        """None for messages queued without it (before it existed, or tied to no phase)."""
        made = payload.get("made_for")
        if not isinstance(made, dict) or not isinstance(made.get("phase"), int):
            return None
        return cls(made["phase"], bool(made.get("final")))


@dataclass(frozen=True)
class Standing:
    """Where the interview stands now."""

    phase_index: int
    phase_title: str
    finished: bool
    paused: bool
    left: timedelta
    """Time left in the current phase (frozen while paused)."""


@dataclass(frozen=True)
class Queued:
    """A message waiting to be delivered, as far as catching up is concerned."""

    kind: Kind
    made_for: MadeFor | None
    private: bool
    created_at: datetime


def may_be_outdated(message: Queued, *, now: datetime) -> bool:
    """Whether :func:`is_outdated` could say yes, judged from the message alone (so that
    delivery reads the interview only for late messages)."""
    if message.private or message.made_for is None or message.kind in KEPT:
        return False
    return now - message.created_at >= ON_TIME


def is_outdated(message: Queued, standing: Standing, *, now: datetime) -> bool:
    """True when sending ``message`` now would say something no longer true: it was made
    for an earlier phase, or before the interview ended, or it is a reminder long overdue.
    Private messages, the question and retrospectives are never outdated."""
    if not may_be_outdated(message, now=now):
        return False
    assert message.made_for is not None
    if message.made_for.final:
        return False
    if standing.finished or standing.phase_index > message.made_for.phase_index:
        return True
    return message.kind in _REMINDERS and now - message.created_at >= STALE_REMINDER


def catch_up_line(standing: Standing, *, held_for: timedelta, unreachable: bool) -> str:
    """'Slack was unreachable for 2 minutes; we're now in *API design*, 3 minutes left.'"""
    why = "Slack was unreachable" if unreachable else "My messages were held up"
    gap = human_duration(max(held_for, timedelta(seconds=1)))
    if standing.finished:
        return f"{why} for {gap}, so I've skipped what was out of date; the interview has ended."
    where = f"we're now in *{standing.phase_title}*"
    if standing.paused:
        return f"{why} for {gap}; {where} (paused, {human_duration(standing.left)} left)."
    if standing.left <= timedelta():
        return f"{why} for {gap}; {where}, over time."
    return f"{why} for {gap}; {where}, {human_duration(standing.left)} left."
