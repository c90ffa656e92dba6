"""What the Slack listeners need, passed down from the composition root (no globals)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.model import Content
from bot.interviews.service import InterviewService


@dataclass(frozen=True)
class SlackDeps:
    service: InterviewService
    content: Content
