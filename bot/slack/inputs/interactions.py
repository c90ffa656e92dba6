"""Interactivity: a click on one of our buttons, the start modal submitted."""

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
    FORMAT_ACTION,
    FORMAT_BLOCK,
    QUESTION_ACTION,
    QUESTION_BLOCK,
    START_CALLBACK_ID,
    TOPIC_ACTION,
    TOPIC_BLOCK,
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


@dataclass(frozen=True)
class StartSubmission:
    team_id: str
    user_id: str
    channel_id: str
    question: str | None
    """A question id from the select, else the typed topic, else None for a random one."""
    format: str | None


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


def parse_start_submission(body: Payload) -> StartSubmission:
    """The start modal's submission; its ``private_metadata`` carries the channel id."""
    view = mapping_at(body, "view")
    if view.get("callback_id") != START_CALLBACK_ID:
        raise PayloadError(f"view {view.get('callback_id')!r} is not the start modal")
    values = mapping_at(mapping_at(view, "state"), "values")
    selected = mapping_at(
        mapping_at(mapping_at(values, QUESTION_BLOCK), QUESTION_ACTION), "selected_option"
    )
    fmt = mapping_at(mapping_at(mapping_at(values, FORMAT_BLOCK), FORMAT_ACTION), "selected_option")
    typed = mapping_at(mapping_at(values, TOPIC_BLOCK), TOPIC_ACTION)
    topic = (optional_text(typed, "value", "topic") or "").strip()
    return StartSubmission(
        team_id=team_id_of(body),
        user_id=text_at(mapping_at(body, "user"), "id", "view_submission user"),
        channel_id=text_at(view, "private_metadata", "start modal"),
        question=optional_text(selected, "value", "question") or topic or None,
        format=optional_text(fmt, "value", "format"),
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
