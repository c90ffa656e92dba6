"""Check-ins: a participant asks "does this make sense?" and the interviewer answers.

A good interviewer answers from where the interview stands: what this phase still lacks by
the question's rubric, or in the deep dives a follow-up area nobody has touched, and how
much time is left. Detection and wording are content (``prompts/conversation.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.content.model import Checkin, Conversation
from bot.content.patterns import compile_pattern
from bot.engine.lines import human_duration, say
from bot.engine.own_topic import topic_of
from bot.engine.playbook import Playbook
from bot.engine.reading import first_claim, read, spelled_out
from bot.engine.score_coverage import cover
from bot.engine.score_types import AnswerView
from bot.engine.state import InterviewState
from bot.engine.words import normalize

SHORT = 12
"""Up to this many words, a message that opens like a question asks one without its "?"."""
QUESTION_WORDS = frozenset(
    {"am", "are", "can", "could", "did", "do", "does", "is", "may", "shall", "should"}
    | {"what", "where", "which", "would", "ok", "okay", "any"}
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def checkin_in(text: str, conversation: Conversation) -> Checkin | None:
    """The check-in ``text`` makes, if any: a sentence that asks (ends with "?", or the
    message is short) and matches one of the check-in patterns. "In more detail, the API
    is..." asks nothing, so it is an answer only."""
    found = _find(text, conversation)
    return None if found is None else found[0]


def checkin_sentence(text: str, conversation: Conversation) -> str | None:
    """The sentence of ``text`` that checks in, for quoting in the retrospective."""
    found = _find(text, conversation)
    return None if found is None else found[1]


def _find(text: str, conversation: Conversation) -> tuple[Checkin, str] | None:
    short = len(text.split()) <= SHORT
    if not short and "?" not in text:
        return None  # no sentence asks: the usual answer, settled before splitting it
    for sentence in _SENTENCE.split(text.strip()):
        first = normalize(sentence).split()[:1]
        opens_a_question = short and bool(first) and first[0] in QUESTION_WORDS
        if not (opens_a_question or sentence.rstrip().endswith("?")):
            continue
        plain = normalize(sentence)
        for checkin in conversation.checkins:
            if any(_holds(plain, group) for group in checkin.match):
                return checkin, sentence.strip()
    return None


def _holds(plain: str, group: Sequence[str]) -> bool:
    return all(compile_pattern(pattern).search(plain) for pattern in group)


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


def missing_in_phase(
    phase_id: str, playbook: Playbook, answers: Sequence[AnswerView]
) -> str | None:
    """The heaviest idea of the question's rubric for ``phase_id`` that no answer has said
    yet (wherever said), or for a question without one the first method item missing."""
    rubric = playbook.rubric
    ideas = playbook.question.rubric
    if ideas is not None:
        claims = read(
            ((a.phase_id, a.text) for a in answers),
            abbreviations=rubric.abbreviations,
            plain_words=rubric.plain_words + ideas.plain_words,
        )
        elements = sorted(
            (e for e in ideas.elements if e.phase_id == phase_id), key=lambda e: -e.weight
        )
        for element in elements:
            if first_claim(claims, element.match) is None:
                return _in_a_sentence(element.label)
        return None
    items = rubric.phases.get(phase_id, ())
    texts = (spelled_out(a.text, rubric.abbreviations) for a in answers if a.phase_id == phase_id)
    found = cover(items, texts, hazards=rubric.hazard_terms, phase_id=phase_id)
    return _in_a_sentence(found.missing[0].label) if found.missing else None


def untouched_category(
    state: InterviewState, playbook: Playbook, answers: Sequence[AnswerView]
) -> str | None:
    """A follow-up category no deep-dive answer has touched: the current topic's first."""
    touches = playbook.conversation.touches
    topic = topic_of(playbook.question, state.topic_id) if state.topic_id else None
    order = [*(topic.categories if topic else ()), *touches]
    said = [normalize(a.text) for a in answers if a.phase_id == "deep_dives"]
    for category in dict.fromkeys(order):
        if category not in playbook.lines.followups or category not in touches:
            continue
        if not any(compile_pattern(p).search(text) for p in touches[category] for text in said):
            return category
    return None


def _in_a_sentence(label: str) -> str:
    """ "An idempotency key per attempt" reads "an idempotency key per attempt" mid-sentence;
    "API keys" stays as it is."""
    first = label.split(" ", 1)[0]
    if first[1:] == first[1:].lower():
        return label[:1].lower() + label[1:]
    return label
