"""Turning engine steps into what storage saves: the new state and the messages to queue.

A finishing step also saves its scores and queues the retrospectives, in the same
transaction, so an interview is never finished without them; or, for the clock, saves a
note that they are due, written by a pass of their own a moment later.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.engine.catch_up import MadeFor
from bot.engine.effects import Say, Step, one_message_per_moment
from bot.engine.playbook import Playbook
from bot.engine.presses import ButtonStep
from bot.engine.timing import next_event_at
from bot.interviews.finish import Finishing, finish_items
from bot.interviews.log_lines import step_line
from storage.interviews import InterviewRef
from storage.repository import NewOutboxItem, Tx
from storage.step_rows import StepToSave

Stepped = tuple[InterviewRef, Playbook, Step]


def steps_to_save(
    tx: Tx, stepped: Sequence[Stepped], now: datetime, *, defer_retrospectives: bool = False
) -> list[StepToSave]:
    """What to save for each step, each conditional on the version it was read at. The
    retrospectives of interviews that end here are queued with their end, or, when
    ``defer_retrospectives``, left to :mod:`bot.interviews.retrospective_pass`."""
    finishing = [Finishing(row, step.state, pb) for row, pb, step in stepped if step.finished]
    retros: dict[int, list[NewOutboxItem]] = {}
    if finishing and defer_retrospectives:
        tx.defer_retrospectives(ended=[_key(f.row) for f in finishing], now=now)
    elif finishing:
        retros = finish_items(tx, finishing, now)
    for row, playbook, step in stepped:
        if (line := step_line(row, playbook, step)) is not None:
            tx.after_commit(line)
    saves = []
    for row, playbook, step in stepped:
        assert row.id is not None
        state = step.state
        at = ButtonStep(playbook.phase(state.phase_index).id, row.version + 1)
        made_for = MadeFor(state.phase_index, final=step.finished)
        items = [
            outbox_item(say, row.channel_id, at, made_for)
            for say in one_message_per_moment(step.effects)
        ]
        items += retros.get(row.id, [])
        saves.append(
            StepToSave(
                team_id=row.team_id,
                interview_id=row.id,
                expected_version=row.version,
                status=state.status.value,
                phase_id=playbook.phase(state.phase_index).id,
                phase_started_at=state.phase_started_at,
                phase_deadline=state.deadline,
                next_event_at=next_event_at(state, playbook),
                state=state.to_dict(),
                finished_at=state.finished_at,
                effects=items,
            )
        )
    return saves


def _key(row: InterviewRef) -> tuple[str, int]:
    assert row.id is not None
    return row.team_id, row.id


def outbox_item(say: Say, channel_id: str, at: ButtonStep, made_for: MadeFor) -> NewOutboxItem:
    """A message the engine said, as the outbox keeps it until it is delivered: its
    buttons name the step ``at`` they belong to (see :mod:`bot.engine.presses`), and
    ``made_for`` lets delivery tell when the interview has outgrown it."""
    payload: dict[str, object] = {
        "kind": say.kind.value,
        "text": say.text,
        "buttons": [[b.action, b.label, b.value] for b in say.buttons],
        "made_for": made_for.to_payload(),
    }
    if say.buttons:
        payload["step"] = [at.phase_id, at.step]
    return NewOutboxItem(key=say.key, channel_id=channel_id, user_id=say.to_user, payload=payload)
