"""A step as rows: the conditional UPDATE that saves an interview's new state (and its
parameters), and the outbox rows of the messages the step queues."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, update

from storage.interviews import INTERVIEW
from storage.outbox import NewOutboxItem, outbox_rows

SAVED_FIELDS = (
    "status",
    "phase_id",
    "phase_started_at",
    "phase_deadline",
    "next_event_at",
    "state",
    "finished_at",
    "updated_at",
)
SAVE_STEP = (
    update(INTERVIEW)
    .where(
        INTERVIEW.c.id == bindparam("b_id"),
        INTERVIEW.c.team_id == bindparam("b_team"),
        INTERVIEW.c.version == bindparam("b_version"),
    )
    .values(
        version=INTERVIEW.c.version + 1,
        **{name: bindparam(name, type_=INTERVIEW.c[name].type) for name in SAVED_FIELDS},
    )
)


@dataclass(frozen=True, kw_only=True, slots=True)
class StepToSave:
    """One interview's new state and messages, for
    :meth:`storage.step_saves.StepSavingMethods.save_steps` (the arguments of
    :meth:`~storage.step_saves.StepSavingMethods.save_step` but ``now``)."""

    team_id: str
    interview_id: int
    expected_version: int
    status: str
    phase_id: str
    phase_started_at: datetime
    phase_deadline: datetime | None
    next_event_at: datetime | None
    state: dict[str, Any]
    finished_at: datetime | None
    effects: list[NewOutboxItem] = field(default_factory=list)


def steps_params(steps: Sequence[StepToSave], now: datetime) -> list[dict[str, Any]]:
    return [step_params(step, now) for step in steps]


def step_params(step: StepToSave, now: datetime) -> dict[str, Any]:
    """The parameters of :data:`SAVE_STEP` for ``step``."""
    return {
        "b_id": step.interview_id,
        "b_team": step.team_id,
        "b_version": step.expected_version,
        "status": step.status,
        "phase_id": step.phase_id,
        "phase_started_at": step.phase_started_at,
        "phase_deadline": step.phase_deadline,
        "next_event_at": step.next_event_at,
        "state": step.state,
        "finished_at": step.finished_at,
        "updated_at": now,
    }


def step_outbox_rows(step: StepToSave, now: datetime) -> list[dict[str, Any]]:
    """The rows of ``step``'s messages, for :func:`storage.outbox.insert_outbox_rows`."""
    if not step.effects:
        return []
    return outbox_rows(
        team_id=step.team_id, interview_id=step.interview_id, items=step.effects, now=now
    )


def steps_outbox_rows(steps: Sequence[StepToSave], now: datetime) -> list[dict[str, Any]]:
    """The steps' messages by interview (in ``steps`` order), then in each step's order."""
    return [row for step in steps for row in step_outbox_rows(step, now)]
