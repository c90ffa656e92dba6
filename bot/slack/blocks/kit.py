"""The small Block Kit pieces every message and view is built from, each within Slack's
limits (:mod:`bot.slack.blocks.limits`), with broadcast mentions defused."""

from __future__ import annotations

import re
from typing import Any

from bot.slack.blocks.limits import HEADER_LIMIT, LABEL_LIMIT, OPTION_VALUE_LIMIT, SECTION_LIMIT
from bot.slack.blocks.splitting import truncate

Block = dict[str, Any]

_BROADCAST = re.compile(r"<!(here|channel|everyone|subteam\^\w+)(?:\|([^>]*))?>")


def item(label: str, detail: str) -> Block:
    text = f"*{defuse(label)}*\n{defuse(detail)}" if detail else f"*{defuse(label)}*"
    return section(truncate(text, SECTION_LIMIT))


def select(action: str, placeholder: str, options: list[tuple[str, str]]) -> Block:
    for value, _ in options:
        if len(value) > OPTION_VALUE_LIMIT:
            raise ValueError(f"option value {value[:40]!r}... exceeds {OPTION_VALUE_LIMIT} chars")
    return {
        "type": "static_select",
        "action_id": action,
        "placeholder": plain(placeholder),
        "options": [
            {"text": plain(label, LABEL_LIMIT), "value": value} for value, label in options
        ],
    }


def input_block(block_id: str, label: str, element: Block, *, optional: bool) -> Block:
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": element,
        "optional": optional,
    }


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text, "verbatim": True}}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, HEADER_LIMIT)}


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def plain(text: str, limit: int = LABEL_LIMIT) -> Block:
    return {"type": "plain_text", "text": truncate(text, limit), "emoji": True}


def defuse(text: str) -> str:
    return _BROADCAST.sub(_defused, text)


def _defused(match: re.Match[str]) -> str:
    name, label = match[1], match[2]
    if name.startswith("subteam"):
        return label or "@group"
    return f"@{name}"
