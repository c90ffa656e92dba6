"""The start modal submitted: the chosen question (or typed topic) and format, and the
channel the modal was opened from."""

from __future__ import annotations

from dataclasses import dataclass

from bot.slack.inputs.fields import (
    Payload,
    PayloadError,
    mapping_at,
    optional_text,
    team_id_of,
    text_at,
)
from bot.slack.inputs.wire import (
    FORMAT_ACTION,
    FORMAT_BLOCK,
    QUESTION_ACTION,
    QUESTION_BLOCK,
    START_CALLBACK_ID,
    TOPIC_ACTION,
    TOPIC_BLOCK,
)


@dataclass(frozen=True)
class StartSubmission:
    team_id: str
    user_id: str
    channel_id: str
    question: str | None
    """A question id from the select, else the typed topic, else None for a random one."""
    format: str | None


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
