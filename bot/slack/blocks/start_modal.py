"""The start modal: pick a question or type a topic, and a format."""

from __future__ import annotations

from bot.slack.blocks.kit import Block, input_block, plain, section, select
from bot.slack.blocks.limits import OPTIONS_LIMIT
from bot.slack.inputs import (
    FORMAT_ACTION,
    FORMAT_BLOCK,
    QUESTION_ACTION,
    QUESTION_BLOCK,
    START_CALLBACK_ID,
    TOPIC_ACTION,
    TOPIC_BLOCK,
)


def start_modal(
    channel_id: str, questions: list[tuple[str, str]], formats: list[tuple[str, str]]
) -> Block:
    """The ``views.open`` view to start an interview in ``channel_id``.

    ``questions`` and ``formats`` are ``(id, label)`` pairs; the first format is preselected.
    A select holds 100 options at most: further questions can still be typed as a topic.
    """
    blocks: list[Block] = [
        section("Pick a question or type a topic. Leave both empty for a random question.")
    ]
    if questions:
        picker = select(QUESTION_ACTION, "Pick a question", questions[:OPTIONS_LIMIT])
        blocks.append(input_block(QUESTION_BLOCK, "Question", picker, optional=True))
    topic = {
        "type": "plain_text_input",
        "action_id": TOPIC_ACTION,
        "max_length": 150,
        "placeholder": plain("e.g. url shortener"),
    }
    blocks.append(input_block(TOPIC_BLOCK, "…or a topic", topic, optional=True))
    if formats:
        picker = select(FORMAT_ACTION, "Pick a format", formats[:OPTIONS_LIMIT])
        picker["initial_option"] = picker["options"][0]
        blocks.append(input_block(FORMAT_BLOCK, "Format", picker, optional=False))
    return {
        "type": "modal",
        "callback_id": START_CALLBACK_ID,
        "private_metadata": channel_id,
        "title": plain("Start a drill"),
        "submit": plain("Start"),
        "close": plain("Cancel"),
        "blocks": blocks,
    }
