"""Clicks on our buttons: one on an interview's message, and the forget-me confirmation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.slack.inputs.fields import (
    Payload,
    PayloadError,
    mapping_at,
    optional_text,
    optional_ts,
    team_id_of,
    text_at,
)
from bot.slack.inputs.wire import (
    ACTION_ID_PATTERN,
    read_button_value,
)


@dataclass(frozen=True)
class ButtonClick:
    team_id: str
    channel_id: str
    user_id: str
    message_ts: str
    thread_ts: str
    """The interview thread: the message's thread, or the message itself when it is the root."""
    action: str
    """The button's action: next, extend, end, topic."""
    value: str
    """The button's own value (a topic id), without the interview id."""
    trigger_id: str
    interview_id: int
    step: tuple[str, int] | None = None
    """The phase id and step number the button belongs to; None on buttons from before."""
    label: str = ""
    """The pressed button's text."""
    message_text: str = ""
    message_blocks: tuple[dict[str, Any], ...] = ()
    """The pressed message as the presser saw it, to close its buttons with chat.update."""


def parse_button_click(body: Payload) -> ButtonClick | None:
    """A click on one of our buttons on a message; None for other actions or surfaces."""
    if body.get("type") != "block_actions":
        return None
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions or not isinstance(actions[0], Mapping):
        raise PayloadError("block_actions payload has no actions")
    action = actions[0]
    matched = ACTION_ID_PATTERN.match(optional_text(action, "action_id", "action") or "")
    container, message = mapping_at(body, "container"), mapping_at(body, "message")
    if matched is None or container.get("type") != "message":
        return None
    channel_id = optional_text(mapping_at(body, "channel"), "id", "channel") or optional_text(
        container, "channel_id", "container"
    )
    message_ts = optional_ts(container, "message_ts", "container") or optional_ts(
        message, "ts", "message"
    )
    if not channel_id or not message_ts:
        raise PayloadError("block_actions payload has no channel or message_ts")
    thread_ts = optional_ts(container, "thread_ts", "container") or optional_ts(
        message, "thread_ts", "message"
    )
    button = read_button_value(optional_text(action, "value", "action") or "")
    return ButtonClick(
        team_id=team_id_of(body),
        channel_id=channel_id,
        user_id=text_at(mapping_at(body, "user"), "id", "block_actions user"),
        message_ts=message_ts,
        thread_ts=thread_ts or message_ts,
        action=matched[1],
        value=button.value,
        trigger_id=str(body.get("trigger_id") or ""),
        interview_id=button.interview_id,
        step=button.step,
        label=str(mapping_at(action, "text").get("text") or matched[1]),
        message_text=str(message.get("text") or ""),
        message_blocks=tuple(b for b in message.get("blocks") or () if isinstance(b, dict)),
    )


@dataclass(frozen=True)
class Clicker:
    """Who clicked a button that carries no interview (forget-me's confirmation)."""

    team_id: str
    user_id: str


def parse_clicker(body: Payload) -> Clicker:
    return Clicker(
        team_id=team_id_of(body), user_id=text_at(mapping_at(body, "user"), "id", "user")
    )
