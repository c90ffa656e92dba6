"""The wire format of our own UI, defined where it comes back: the ``drill_*`` action ids,
the button values (rendered by ``bot.slack.blocks``) and the start modal's block ids."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from bot.numbers import MAX_ID
from bot.slack.inputs.fields import PayloadError

ACTION_ID_PATTERN = re.compile(r"^drill_([a-z]+)(?:_\d+)?$")
"""Every button action id we render: ``drill_<action>``, or ``drill_<action>_<n>`` when a
message carries several buttons of one action (deep-dive topics: ``drill_topic_1``...),
since action ids must be unique within a block. ``app.action(ACTION_ID_PATTERN)`` matches all."""

START_CALLBACK_ID = "drill_start"
QUESTION_BLOCK, QUESTION_ACTION = "start_question", "question"
TOPIC_BLOCK, TOPIC_ACTION = "start_topic", "topic"
FORMAT_BLOCK, FORMAT_ACTION = "start_format", "format"


def action_id(action: str, number: int | None = None) -> str:
    """The action id of a button for ``action`` (``next``, ``topic``...)."""
    return f"drill_{action}" if number is None else f"drill_{action}_{number}"


def button_value(interview_id: int, value: str = "", *, step: tuple[str, int] | None = None) -> str:
    """A button's value: compact JSON with the interview id, the button's own value and the
    step it belongs to (phase id, step number: see ``bot.engine.presses``)."""
    data: dict[str, Any] = {"i": interview_id}
    if value:
        data["v"] = value
    if step is not None:
        data["p"], data["s"] = step
    return json.dumps(data, separators=(",", ":"))


@dataclass(frozen=True)
class ButtonValue:
    interview_id: int
    value: str
    step: tuple[str, int] | None
    """None on buttons rendered before buttons named their step: they act on the current one."""


def read_button_value(raw: str) -> ButtonValue:
    try:
        data = json.loads(raw)
        interview_id, value = data["i"], data.get("v", "")
        phase, step = data.get("p"), data.get("s")
    except (ValueError, TypeError, LookupError, AttributeError, RecursionError) as error:
        raise PayloadError(f"button value {raw!r} is not one of ours") from error
    if type(interview_id) is not int or not 1 <= interview_id <= MAX_ID or type(value) is not str:
        raise PayloadError(f"button value {raw!r} is not one of ours")
    if phase is None and step is None:
        return ButtonValue(interview_id, value, None)
    if not isinstance(phase, str) or not isinstance(step, int):
        raise PayloadError(f"button value {raw!r} is not one of ours")
    return ButtonValue(interview_id, value, (phase, step))
