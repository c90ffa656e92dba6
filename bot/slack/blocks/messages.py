"""An engine message as Slack messages: a header, sections within the limits, buttons."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypedDict

from bot.engine.effects import Button, Kind, Say
from bot.slack.blocks.kit import Block, context, defuse, header, plain, section
from bot.slack.blocks.limits import (
    ACTIONS_PER_BLOCK,
    BUTTON_VALUE_LIMIT,
    FALLBACK_LIMIT,
    HEADER_LIMIT,
    LABEL_LIMIT,
    MESSAGE_BLOCK_LIMIT,
    MESSAGE_TEXT_BUDGET,
    size,
)
from bot.slack.blocks.splitting import split_text, truncate
from bot.slack.inputs import action_id, button_value

_HEADED = frozenset({Kind.QUESTION, Kind.PHASE_INTRO, Kind.RETROSPECTIVE})
_EMPHASIS = re.compile(r"([*_~`])(\S(?:.*?\S)?)\1")
OWN_TOPIC_HINT = "Or suggest your own: reply in this thread with `topic:` and your topic."
"""Under a deep-dive offer: how a thread reply picks a topic not on the buttons."""


class SlackMessage(TypedDict):
    """Arguments for ``chat.postMessage`` / ``chat.update`` besides channel and thread."""

    text: str
    blocks: list[Block]


def render_say(
    say: Say, *, interview_id: int, step: tuple[str, int] | None = None
) -> list[SlackMessage]:
    """Render one engine message as one or more Slack messages, in posting order.

    Questions, phase intros and retrospectives turn their first line into a header. Text is
    split on paragraph, then line, then word boundaries into sections within the limits; the
    buttons go in actions blocks at the end of the last message, each naming the interview
    and the ``step`` (phase id, step number) it belongs to.
    """
    text = defuse(say.text).strip()
    if any(b.action == "topic" for b in say.buttons):
        text += "\n" + OWN_TOPIC_HINT
    heading, body = _split_heading(say.kind, text)
    messages: list[SlackMessage] = []
    blocks: list[Block] = []
    parts: list[str] = []
    used = 0
    if heading:
        blocks.append(header(heading))
        parts.append(heading)
        used = size(heading)
    for chunk in split_text(body):
        if blocks and (
            len(blocks) >= MESSAGE_BLOCK_LIMIT or used + size(chunk) > MESSAGE_TEXT_BUDGET
        ):
            messages.append(_message(parts, blocks))
            blocks, parts, used = [], [], 0
        blocks.append(section(chunk))
        parts.append(chunk)
        used += size(chunk)
    actions = _actions(say, interview_id, step)
    if blocks and len(blocks) + len(actions) > MESSAGE_BLOCK_LIMIT:
        messages.append(_message(parts, blocks))
        blocks, parts = [], []
    blocks.extend(actions)
    if not parts:
        parts = [" · ".join(b.label for b in say.buttons) or "…"]
    messages.append(_message(parts, blocks))
    return messages


def _split_heading(kind: Kind, text: str) -> tuple[str | None, str]:
    if kind not in _HEADED:
        return None, text
    first, _, rest = text.partition("\n")
    heading = _EMPHASIS.sub(r"\2", first).strip()
    if not heading or size(heading) > HEADER_LIMIT:
        return None, text
    return heading, rest.strip()


def _actions(say: Say, interview_id: int, step: tuple[str, int] | None) -> list[Block]:
    counts: dict[str, int] = {}
    for button in say.buttons:
        counts[button.action] = counts.get(button.action, 0) + 1
    seen: dict[str, int] = {}
    elements = []
    for button in say.buttons:
        seen[button.action] = seen.get(button.action, 0) + 1
        number = seen[button.action] if counts[button.action] > 1 else None
        elements.append(_button(button, action_id(button.action, number), interview_id, step))
    return [
        {
            "type": "actions",
            "block_id": f"drill_{interview_id}_{say.key}_{n}"[:255],
            "elements": elements[start : start + ACTIONS_PER_BLOCK],
        }
        for n, start in enumerate(range(0, len(elements), ACTIONS_PER_BLOCK))
    ]


def _button(button: Button, action: str, interview_id: int, step: tuple[str, int] | None) -> Block:
    value = button_value(interview_id, button.value, step=step)
    if len(value) > BUTTON_VALUE_LIMIT:
        raise ValueError(f"button value for {button.action!r} exceeds {BUTTON_VALUE_LIMIT} chars")
    element: Block = {
        "type": "button",
        "text": plain(button.label, LABEL_LIMIT),
        "action_id": action,
        "value": value,
    }
    if button.action == "next":
        element["style"] = "primary"
    if button.action == "end":
        # Ending early cannot be undone and a stray click in a busy thread is easy.
        element["confirm"] = {
            "title": plain("End the interview?"),
            "text": plain("You'll get the retrospective right away.", 300),
            "confirm": plain("End it"),
            "deny": plain("Keep going"),
            "style": "danger",
        }
    return element


def _message(parts: list[str], blocks: list[Block]) -> SlackMessage:
    return {"text": truncate("\n\n".join(parts), FALLBACK_LIMIT), "blocks": blocks}


def closed_buttons(text: str, blocks: Sequence[Block], note: str) -> SlackMessage:
    """A message whose step has ended (for ``chat.update``): its buttons replaced by a
    line saying what was chosen and by whom, or why they no longer apply."""
    kept = [b for b in blocks if b.get("type") != "actions"]
    return {"text": text or note, "blocks": [*kept, context(note)]}
