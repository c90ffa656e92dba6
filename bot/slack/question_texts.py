"""Short ephemeral texts about the question bank: ``/drill questions``' list, and what to
say when a typed topic or format matches nothing (plain mrkdwn, no blocks)."""

from __future__ import annotations

from bot.content.model import Content
from bot.engine.playbook import FormatNotFound, QuestionNotFound
from bot.interviews.questions import matching

MAX_LISTED = 30


def not_found_text(error: QuestionNotFound | FormatNotFound, content: Content) -> str:
    """What to say when a typed topic or format matches nothing, and where to look."""
    if isinstance(error, FormatNotFound):
        names = ", ".join(f"`{f}`" for f in sorted(content.formats))
        return f"There is no format `{_shown(error.format_id)}`: choose one of {names}."
    return (
        f"No question matches `{_shown(error.question_id)}`. `/drill questions` lists them "
        "all, `/drill questions caching` those about caching."
    )


def _shown(word: str) -> str:
    return word.replace("`", "")[:40]


def questions_text(content: Content, topic: str | None) -> str:
    found = matching(content, topic)
    if not found:
        shown = _shown(topic or "")
        return f"No question matches `{shown}`. Try `/drill questions` for the whole bank."
    lines = [f"• `{q.id}`: {q.title} ({q.difficulty}; {', '.join(q.tags)})" for q in found]
    more = len(lines) - MAX_LISTED
    text = "\n".join(lines[:MAX_LISTED]) + (f"\n…and {more} more" if more > 0 else "")
    return text + "\nStart one with `/drill start <id>` or `/drill start <topic>`."
