"""The deep-dive checklist (problem, options, why, how, edge cases, trade-offs) per topic.

The state remembers the topics in the order they were chosen and when the *current* one
started, not when earlier ones did. So deep-dive answers are split at that moment: answers
after it belong to the last topic; answers before it belong to the earlier topics, which are
evaluated together (and say so) when there were several. With no topic chosen, the whole
deep-dive phase is evaluated.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.content.model import Question, Rubric
from bot.engine.own_topic import topic_of
from bot.engine.score_coverage import cover
from bot.engine.score_types import AnswerView, TopicChecklist
from bot.engine.state import InterviewState


def topics_in_order(state: InterviewState) -> tuple[str, ...]:
    chosen = list(state.topics_done)
    if state.topic_id and state.topic_id not in chosen:
        chosen.append(state.topic_id)
    return tuple(chosen)


def checklists(
    state: InterviewState,
    *,
    question: Question,
    rubric: Rubric,
    answers: Sequence[AnswerView],
) -> tuple[TopicChecklist, ...]:
    """One checklist per group of topics this person answered in; empty without answers."""
    deep = sorted((a for a in answers if a.phase_id == "deep_dives"), key=lambda a: a.at)
    if not deep:
        return ()
    chosen = topics_in_order(state)
    split_at = state.topic_started_at
    if len(chosen) < 2 or split_at is None:
        groups = [(chosen, deep)]
    else:
        before = [a for a in deep if a.at < split_at]
        after = [a for a in deep if a.at >= split_at]
        groups = [(chosen[:-1], before), (chosen[-1:], after)]
    out = []
    for topic_ids, mine in groups:
        if not mine:
            continue
        found = cover(
            rubric.deep_dive_checklist,
            (a.text for a in mine),
            hazards=rubric.hazard_terms,
            phase_id="deep_dives",
        )
        titles = tuple(_title(question, t) for t in topic_ids)
        out.append(
            TopicChecklist(topic_ids, titles, found.covered, found.missing, len(topic_ids) > 1)
        )
    return tuple(out)


def _title(question: Question, topic_id: str) -> str:
    try:
        return topic_of(question, topic_id).title
    except KeyError:
        return topic_id
