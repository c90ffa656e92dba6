"""The interviewer's answer to a check-in, from where the interview stands.

A good interviewer answers with what this phase still lacks by the question's rubric, or in
the deep dives a follow-up area nobody has touched (:mod:`bot.engine.gaps`), and how much
time is left. The wording is content (``prompts/conversation.yaml``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.content.conversation import Checkin
from bot.engine.gaps import missing_in_phase, untouched_category
from bot.engine.lines import human_duration, say
from bot.engine.playbook import Playbook
from bot.engine.score_types import AnswerView
from bot.engine.state import InterviewState


def overall_left(state: InterviewState, playbook: Playbook, now: datetime) -> timedelta:
    """Time left in the current phase plus the budgets of the phases after it."""
    left = max(state.deadline - now, timedelta())
    later = range(state.phase_index + 1, playbook.last_index + 1)
    return left + sum((playbook.phase(i).budget for i in later), timedelta())


def checkin_reply(
    state: InterviewState,
    *,
    playbook: Playbook,
    checkin: Checkin,
    user: str,
    answers: Sequence[AnswerView],
    now: datetime,
    key: str,
) -> tuple[str, bool]:
    """The interviewer's answer to ``checkin`` and whether it asks a follow-up question.

    ``answers`` are the interview's answers so far (everyone's: the design is shared)."""
    talk = playbook.conversation
    phase = playbook.phase(state.phase_index)
    opener = say(checkin.opener, seed=state.seed, key=key)

    def line(variants: tuple[str, ...], **values: object) -> str:
        return f"{opener} {say(variants, seed=state.seed, key=key, user=user, **values)}"

    if now > state.deadline:
        return line(
            talk.over_time, title=phase.title, over=human_duration(now - state.deadline)
        ), False
    times = {
        "title": phase.title,
        "remaining": human_duration(state.deadline - now),
        "overall": human_duration(overall_left(state, playbook, now)),
    }
    if phase.id == "deep_dives":
        category = untouched_category(state, playbook, answers)
        if category is not None:
            followup = say(playbook.lines.followups[category], seed=state.seed, key=key)
            named = category.replace("_", " ")
            return line(talk.untouched, category=named, followup=followup, **times), True
    missing = missing_in_phase(phase.id, playbook, answers)
    if missing is None:
        return line(talk.covered, **times), False
    return line(talk.uncovered, missing=missing, **times), False
