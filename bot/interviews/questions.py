"""Choosing a question: by id, by topic, or at random."""

from __future__ import annotations

import random

from bot.content.model import Content, Question
from bot.engine.playbook import QuestionNotFound


def matching(content: Content, topic: str | None) -> list[Question]:
    """Questions whose id, tags or title match ``topic`` (all when it is empty)."""
    if not topic:
        return sorted(content.questions.values(), key=lambda q: q.id)
    needle = topic.lower().strip()
    return [
        q
        for q in sorted(content.questions.values(), key=lambda q: q.id)
        if needle in q.id or needle in q.tags or needle in q.title.lower()
    ]


def choose_question(content: Content, wanted: str | None, *, seed: int) -> Question:
    """An exact id wins; otherwise a deterministic pick among the topic's matches.

    Raises QuestionNotFound when nothing matches.
    """
    if wanted and wanted in content.questions:
        return content.questions[wanted]
    candidates = matching(content, wanted)
    if not candidates:
        raise QuestionNotFound(wanted or "")
    return random.Random(seed).choice(candidates)
