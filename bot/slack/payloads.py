"""An outbox item's payload read back: the engine's :class:`~bot.engine.effects.Say` it
carries, and the step its buttons belong to."""

from __future__ import annotations

from typing import Any

from bot.engine.effects import Button, Kind, Say
from bot.interviews.rows import OutboxItem


def say_from_payload(item: OutboxItem) -> Say:
    return say_in(item.payload, item.key, item.user_id)


def say_in(payload: dict[str, Any], key: str, user_id: str | None) -> Say:
    buttons = tuple(Button(*b) for b in payload.get("buttons") or [])
    return Say(key, Kind(str(payload["kind"])), str(payload["text"]), buttons, user_id)


def step_of(item: OutboxItem) -> tuple[str, int] | None:
    """The step an item's buttons belong to (phase id, step number), if it names one."""
    return step_in(item.payload)


def step_in(payload: dict[str, Any]) -> tuple[str, int] | None:
    step = payload.get("step")
    return (str(step[0]), int(step[1])) if step else None
