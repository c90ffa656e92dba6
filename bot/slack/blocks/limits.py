"""Slack's limits on blocks, messages and views, and :func:`size`, which measures text as
Slack counts it: in UTF-16 code units, so emoji cannot push a block over a limit."""

from __future__ import annotations

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


def size(text: str) -> int:
    """Length in UTF-16 code units, the safe reading of Slack's "characters"."""
    return len(text.encode("utf-16-le")) // 2
