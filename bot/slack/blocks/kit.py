"""Slack's limits and the small Block Kit pieces every message and view is built from.

Sizes are counted in UTF-16 code units, so emoji cannot push a block over a limit.
"""

from __future__ import annotations

import re
from typing import Any

Block = dict[str, Any]

SECTION_LIMIT = 3000
MESSAGE_BLOCK_LIMIT = 50
MESSAGE_TEXT_BUDGET = 12_000
VIEW_BLOCK_LIMIT = 100
FALLBACK_LIMIT = 3000
HEADER_LIMIT = 150
LABEL_LIMIT = 75
ACTIONS_PER_BLOCK = 25
OPTIONS_LIMIT = 100
OPTION_VALUE_LIMIT = 150
BUTTON_VALUE_LIMIT = 2000

_SEPARATORS = ("\n\n", "\n", " ")
_BROADCAST = re.compile(r"<!(here|channel|everyone|subteam\^\w+)(?:\|([^>]*))?>")


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` (UTF-16 units), cutting between
    paragraphs where possible, else between lines, else between words, else anywhere."""
    text = text.strip()
    if not text:
        return []
    if size(text) <= limit:
        return [text]
    return [c.strip("\n") for c in _pack(text, limit, 0) if c.strip()]


def _pack(text: str, limit: int, level: int) -> list[str]:
    if level == len(_SEPARATORS):
        return _hard_cut(text, limit)
    separator = _SEPARATORS[level]
    chunks: list[str] = []
    current = ""
    for part in text.split(separator):
        if size(part) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.extend(_pack(part, limit, level + 1))
            continue
        joined = f"{current}{separator}{part}" if current else part
        if size(joined) <= limit:
            current = joined
        else:
            chunks.append(current)
            current = part
    if current:
        chunks.append(current)
    return chunks


def _hard_cut(text: str, limit: int) -> list[str]:
    chunks, current, used = [], "", 0
    for char in text:
        width = size(char)
        if used + width > limit:
            chunks.append(current)
            current, used = "", 0
        current += char
        used += width
    return [*chunks, current] if current else chunks


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


def truncate(text: str, limit: int) -> str:
    if size(text) <= limit:
        return text
    pieces = split_text(text, limit - 1)
    return (pieces[0].rstrip() if pieces else "") + "…"


def size(text: str) -> int:
    """Length in UTF-16 code units, the safe reading of Slack's "characters"."""
    return len(text.encode("utf-16-le")) // 2
