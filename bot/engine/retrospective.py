"""The end-of-interview summary: coverage with evidence, checklist, mistakes, time, score.

Pure: the caller loads the answers from storage and passes them in. Rendering to text is in
:mod:`bot.engine.retro_text` so Slack and the terminal share the wording. The analysis lives
in small modules: :mod:`~bot.engine.score_coverage` (items and quotes), :mod:`~bot.engine.scoring`
(points), :mod:`~bot.engine.score_checklist`, :mod:`~bot.engine.score_mistakes` and
:mod:`~bot.engine.score_advice`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from bot.content.model import Phase
from bot.engine.playbook import Playbook
from bot.engine.score_advice import next_steps
from bot.engine.score_checklist import checklists
from bot.engine.score_coverage import Evidence, cover
from bot.engine.score_mistakes import find_mistakes
from bot.engine.score_types import (
    AnswerView,
    MistakeSeen,
    ParticipantReport,
    PhaseReport,
    Retrospective,
    TopicChecklist,
)
from bot.engine.scoring import phase_weights, score_phase, total
from bot.engine.state import InterviewState

__all__ = [
    "AnswerView",
    "Evidence",
    "MistakeSeen",
    "ParticipantReport",
    "PhaseReport",
    "Retrospective",
    "TopicChecklist",
    "build_retrospective",
]


def build_retrospective(
    state: InterviewState, *, playbook: Playbook, answers: Sequence[AnswerView]
) -> Retrospective:
    """Everything the retrospective says, per participant and for the team.

    ``answers`` are every stored answer of the interview, each tagged with the phase it was
    sent in. Every phase of the format appears in each report; one never reached is marked
    so and scores 0. Participants are the host first, then people in order of first answer.
    """
    spent = _time_open(state)
    times = tuple(
        (p.id, p.title, p.budget, spent[p.id]) for p in playbook.fmt.phases if p.id in spent
    )
    users = list(dict.fromkeys([state.host, *(a.user for a in answers)]))
    reports = tuple(
        _participant(state, user, [a for a in answers if a.user == user], playbook, spent)
        for user in users
    )
    # The host of a team drill may only have started it; keep them only if they answered.
    reports = tuple(r for r in reports if r.answered_phases or r.user == state.host)
    return Retrospective(playbook.question.title, playbook.fmt.title, times, reports)


def _time_open(state: InterviewState) -> dict[str, timedelta]:
    end = state.finished_at
    out: dict[str, timedelta] = {}
    for window in state.windows:
        closed = window.ended_at or end
        if closed is not None:
            out[window.phase_id] = out.get(window.phase_id, timedelta()) + (
                closed - window.started_at
            )
    return out


def _participant(
    state: InterviewState,
    user: str,
    answers: list[AnswerView],
    playbook: Playbook,
    spent: dict[str, timedelta],
) -> ParticipantReport:
    rubric = playbook.rubric
    weights = phase_weights(rubric.weights, [p.id for p in playbook.fmt.phases])
    phases = tuple(
        _phase(phase, [a for a in answers if a.phase_id == phase.id], playbook, spent, weights)
        for phase in playbook.fmt.phases
    )
    texts = {p.phase_id: [a.text for a in answers if a.phase_id == p.phase_id] for p in phases}
    mistakes = find_mistakes(rubric=rubric, phases=phases, texts=texts)
    checklist: tuple[TopicChecklist, ...] = checklists(
        state, question=playbook.question, rubric=rubric, answers=answers
    )
    return ParticipantReport(
        user=user,
        phases=phases,
        score=total([p.score for p in phases if p.score]),
        checklist=checklist,
        mistakes=mistakes,
        next_steps=next_steps(phases=phases, mistakes=mistakes, checklist=checklist),
    )


def _phase(
    phase: Phase,
    mine: list[AnswerView],
    playbook: Playbook,
    spent: dict[str, timedelta],
    weights: dict[str, int],
) -> PhaseReport:
    items = playbook.rubric.phases.get(phase.id, ())
    found = cover(
        items, (a.text for a in mine), hazards=playbook.rubric.hazard_terms, phase_id=phase.id
    )
    times = sorted(a.at for a in mine)
    return PhaseReport(
        phase_id=phase.id,
        title=phase.title,
        budget=phase.budget,
        spent=spent.get(phase.id, timedelta()),
        answers=len(mine),
        words=sum(len(a.text.split()) for a in mine),
        covered=found.covered,
        missing=found.missing,
        reached=phase.id in spent,
        active=times[-1] - times[0] if times else None,
        score=score_phase(
            phase.id,
            weight=weights.get(phase.id, 0),
            shown=len(found.covered),
            items=len(items),
            list_share=found.list_share,
        ),
    )
