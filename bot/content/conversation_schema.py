"""The shape of ``conversation.yaml``: how the interviewer listens and answers.

It holds the patterns that mark a participant's check-in ("does this make sense?"), the
interviewer's answers to it, the words that show a follow-up category was touched, the reply
to text sent while paused, and the recovery lines the retrospective offers. Placeholders are
checked like the interviewer's lines (:mod:`bot.content.placeholders`).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, field_validator

from bot.content.lines_schema import Variants
from bot.content.locations import Loc
from bot.content.messages import fail
from bot.content.placeholders import placeholder_problems
from bot.content.question_schema import Group, Pattern
from bot.content.schema import CATEGORIES, Category, SnakeId, Strict, Text, distinct

PLACEHOLDERS: dict[str, frozenset[str]] = {
    name: frozenset(names.split())
    for name, names in {
        "uncovered": "user missing title remaining overall",
        "covered": "user title remaining overall",
        "untouched": "user category followup title remaining overall",
        "over_time": "user title over",
        "paused_reply": "user",
    }.items()
}
SITUATIONS = ("silence", "overrun", "stuck", "scaling_early", "no_checkin")
"""The moments a recovery line is for: each names what the bot saw."""


class CheckinModel(Strict):
    id: SnakeId
    match: Annotated[list[Group], Field(min_length=1, max_length=40)]
    opener: Variants


class ConversationFile(Strict):
    checkins: Annotated[list[CheckinModel], Field(min_length=1), distinct("check-in")]
    uncovered: Variants
    covered: Variants
    untouched: Variants
    over_time: Variants
    touches: dict[Category, Annotated[list[Pattern], Field(min_length=1)]]
    paused_reply: Variants
    recovery: dict[str, Text]

    @field_validator("touches")
    @classmethod
    def _every_category(cls, touches: dict[str, list[str]]) -> dict[str, list[str]]:
        missing = [c for c in CATEGORIES if c not in touches]
        if missing:
            fail("missing categories: " + ", ".join(missing))
        return touches

    @field_validator("recovery")
    @classmethod
    def _every_situation(cls, recovery: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(recovery) - set(SITUATIONS))
        missing = [s for s in SITUATIONS if s not in recovery]
        if unknown or missing:
            fail(
                f"recovery needs exactly {', '.join(SITUATIONS)}"
                + (f"; unknown: {', '.join(unknown)}" if unknown else "")
                + (f"; missing: {', '.join(missing)}" if missing else "")
            )
        return recovery


def conversation_problems(data: dict[str, Any]) -> list[tuple[Loc, str]]:
    """Every variant that uses a placeholder its key lacks, with its location."""
    return list(placeholder_problems(data, placeholders=PLACEHOLDERS))
