"""Closing the buttons of steps that have ended, through the outbox.

When a step takes the interview past the step some buttons were offered at (time ran out,
someone typed ``next`` or used ``/drill next``, the interview finished), an item queued
after the step's own messages replaces those buttons by a line saying what happened. It
is an outbox item like any message, so it survives a restart, keeps its thread's order and
its channel's pace, and queueing it twice queues it once. The message's ts is looked up
when it is leased (:mod:`bot.interviews.closing_targets`): a message that never reached
Slack has nothing to close.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.engine.effects import Kind
from bot.engine.playbook import Playbook
from bot.engine.presses import ButtonStep, closing_note
from bot.engine.state import InterviewState
from storage.interviews import InterviewRef
from storage.models import OutboxItem
from storage.outbox_buttons import closing_key
from storage.repository import NewOutboxItem, Tx


@dataclass(frozen=True)
class Moved:
    """One interview's step, from state ``before`` to ``after``."""

    row: InterviewRef
    playbook: Playbook
    before: InterviewState
    after: InterviewState


def queue_closings(tx: Tx, steps: Sequence[Moved], *, now: datetime, by: str | None = None) -> None:
    """Queue, after each step's own messages, the closing of the buttons that the step
    ended (``by``: who took it, if a person did), in ``steps`` order. Steps that change
    neither phase, status nor pressed step (most ticks) read nothing, the others read the
    outbox once for all, and the terminal, which prints its messages once, has nothing to
    close."""
    ended = [
        s
        for s in steps
        if s.row.id is not None and s.row.source != "terminal" and moved(s.before, s.after)
    ]
    if not ended:
        return
    keys = [(s.row.team_id, s.row.id) for s in ended if s.row.id is not None]
    open_buttons = tx.open_buttons(interviews=keys)
    for s in ended:
        row = s.row
        assert row.id is not None
        items = []
        for message in open_buttons[(row.team_id, row.id)]:
            at = ButtonStep(message.phase_id, message.step)
            if (note := closing_note(s.before, s.after, s.playbook, at, by=by)) is not None:
                payload = {
                    "kind": Kind.CLOSE_BUTTONS.value,
                    "closes": message.item_id,
                    "note": note,
                }
                items.append(
                    NewOutboxItem(
                        key=closing_key(message.item_id), channel_id=row.channel_id, payload=payload
                    )
                )
        if items:
            tx.enqueue(team_id=row.team_id, interview_id=row.id, items=items, now=now)


def moved(before: InterviewState, after: InterviewState) -> bool:
    """Whether a step can have ended buttons: it changed the phase, the status or the
    pressed step."""
    return (before.phase_index, before.status, before.pressed_step) != (
        after.phase_index,
        after.status,
        after.pressed_step,
    )


def is_closing(item: OutboxItem) -> bool:
    return item.payload.get("kind") == Kind.CLOSE_BUTTONS.value
