"""The wire format of our own UI, defined where it comes back: the ``drill_*`` action ids,
the button values (rendered by ``bot.slack.blocks``) and the start modal's block ids."""

from __future__ import annotations

import json
import re
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


def button_value(interview_id: int, value: str = "") -> str:
    """A button's value: compact JSON with the interview id and the button's own value."""
    data: dict[str, Any] = {"i": interview_id}
    if value:
        data["v"] = value
    return json.dumps(data, separators=(",", ":"))


def read_button_value(raw: str) -> tuple[int, str]:
    try:
        data = json.loads(raw)
        interview_id, value = data["i"], data.get("v", "")
    except (ValueError, TypeError, LookupError, RecursionError) as error:
        raise PayloadError(f"button value {raw!r} is not one of ours") from error
    if type(interview_id) is not int or not 1 <= interview_id <= MAX_ID or type(value) is not str:
        raise PayloadError(f"button value {raw!r} is not one of ours")
    return interview_id, value
