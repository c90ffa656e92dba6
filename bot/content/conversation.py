"""How the interviewer listens, as typed, immutable content: check-ins and their answers
(validated from ``prompts/conversation.yaml`` by :mod:`bot.content.conversation_schema`)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.content.patterns import Match


@dataclass(frozen=True)
class Checkin:
    """One way participants check in ("should I go deeper?") and how an answer opens."""

    id: str
    match: Match
    opener: tuple[str, ...]


@dataclass(frozen=True)
class Conversation:
    """How the interviewer listens: check-ins and their answers, what touches each
    follow-up category, the reply to text sent while paused, and the recovery lines the
    retrospective suggests. Placeholders per field are in ``prompts/conversation.yaml``."""

    checkins: tuple[Checkin, ...]
    uncovered: tuple[str, ...]  # {user} {missing} {title} {remaining} {overall}
    covered: tuple[str, ...]  # {user} {title} {remaining} {overall}
    untouched: tuple[str, ...]  # {user} {category} {followup} {title} {remaining} {overall}
    over_time: tuple[str, ...]  # {user} {title} {over}
    touches: dict[str, tuple[str, ...]]  # by follow-up category: patterns that touch it
    paused_reply: tuple[str, ...]  # {user}
    recovery: dict[str, str]  # by situation: a line the candidate can say next time
