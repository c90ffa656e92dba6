"""What the interview still lacks, for a check-in's answer: the heaviest idea of a phase that
no answer has said yet, or a deep-dive follow-up area nobody has touched."""

from __future__ import annotations

from collections.abc import Sequence

from bot.content.patterns import compile_pattern
from bot.engine.own_topic import topic_of
from bot.engine.playbook import Playbook
from bot.engine.reading import first_claim, read, spelled_out
from bot.engine.score_coverage import cover
from bot.engine.score_types import AnswerView
from bot.engine.state import InterviewState
from bot.engine.words import normalize


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
