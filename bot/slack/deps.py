"""What the Slack listeners need, passed down from the composition root (no globals)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.content.model import Content
from bot.interviews.service import InterviewService

Respond = Callable[..., Any]
"""Bolt's ``respond``: answers a slash command or a click through its response_url."""


@dataclass(frozen=True)
class SlackDeps:
    service: InterviewService
    content: Content
