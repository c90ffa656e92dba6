"""The end-of-interview summary: coverage with evidence, checklist, mistakes, time, score.

Pure: the caller loads the answers from storage and passes them in. Rendering to text is in
:mod:`bot.engine.retro_text` so Slack and the terminal share the wording. The analysis lives
in small modules: :mod:`~bot.engine.score_coverage` (items and quotes), :mod:`~bot.engine.scoring`
(points), :mod:`~bot.engine.score_checklist`, :mod:`~bot.engine.score_mistakes` and
:mod:`~bot.engine.score_advice`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.content.model import Phase
from bot.engine.checkins import checkin_sentence
from bot.engine.estimates import worked_estimates
from bot.engine.evidence import quote
from bot.engine.grade_design import DesignGrade, grade_design
from bot.engine.playbook import Playbook
from bot.engine.reading import read, spelled_out
from bot.engine.recovery import recovery_lines
from bot.engine.score_advice import next_steps
from bot.engine.score_checklist import checklists
from bot.engine.score_coverage import Evidence, cover
from bot.engine.score_depth import outlined
from bot.engine.score_final import final_score
from bot.engine.score_mistakes import find_mistakes
from bot.engine.score_types import (
    AnswerView,
    MistakeSeen,
    ParticipantReport,
    PhaseReport,
    Retrospective,
    TopicChecklist,
)
from bot.engine.scoring import (
    PhaseTally,
    engagement,
    idea_coverage,
    phase_scores,
    phase_weights,
    prose_share,
    total,
)
from bot.engine.sense_checks import sense_checks
from bot.engine.state import InterviewState
from bot.engine.windows import time_added, time_open

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
    spent, extended = time_open(state), time_added(state)
    budgets = {p.id: p.budget + extended.get(p.id, timedelta()) for p in playbook.fmt.phases}
    times = tuple(
        (p.id, p.title, budgets[p.id], spent[p.id]) for p in playbook.fmt.phases if p.id in spent
    )
    users = list(dict.fromkeys([state.host, *(a.user for a in answers)]))
    reports = tuple(
        _participant(state, user, [a for a in answers if a.user == user], playbook, spent, budgets)
        for user in users
    )
    # The host of a team drill may only have started it; keep them only if they answered.
    reports = tuple(r for r in reports if r.answered_phases or r.user == state.host)
    return Retrospective(
        playbook.question.title,
        playbook.fmt.title,
        times,
        reports,
        outline=_outline(playbook),
        topics=playbook.question.deep_dives,
    )


def _outline(playbook: Playbook) -> tuple[tuple[str, tuple[str, ...]], ...]:
    rubric = playbook.question.rubric
    if rubric is None:
        return ()
    out = []
    for phase in playbook.fmt.phases:
        labels = tuple(e.label for e in rubric.elements if e.phase_id == phase.id)
        if labels:
            out.append((phase.title, labels))
    return tuple(out)


def _participant(
    state: InterviewState,
    user: str,
    answers: list[AnswerView],
    playbook: Playbook,
    spent: dict[str, timedelta],
    budgets: dict[str, timedelta],
) -> ParticipantReport:
    rubric = playbook.rubric
    question = playbook.question
    ordered = sorted(answers, key=lambda a: a.at)
    claims = read(
        ((a.phase_id, a.text) for a in ordered),
        abbreviations=rubric.abbreviations,
        plain_words=rubric.plain_words + (question.rubric.plain_words if question.rubric else ()),
    )
    design: DesignGrade | None = None
    if question.rubric is not None:
        design = grade_design(
            claims,
            rubric=question.rubric,
            question_id=question.id,
            domains=playbook.domains,
            rivals=playbook.rubrics,
            decisions=rubric.decisions,
            dismissals=rubric.dismissals,
            rejections=rubric.rejections,
            turn_downs=rubric.turn_downs,
        )
    stated = frozenset(c.phase_id for c in claims if c.states)  # lists and questions say nothing
    closes = {w.phase_id: w.ended_at for w in state.windows if w.ended_at is not None}
    phases = tuple(
        _phase(phase, ordered, playbook, spent, design, stated, closes, budget=budgets[phase.id])
        for phase in playbook.fmt.phases
    )
    weights = phase_weights(rubric.weights, [p.id for p in playbook.fmt.phases])
    worked = worked_estimates(
        [c for c in claims if design is None or c.answer in design.on_topic_answers]
    )
    tallies = [tally for _, tally in phases]
    scored = phase_scores(
        tallies,
        weights=weights,
        has_ideas=design is not None,
        worked=len(worked),
        on_subject=design is not None and design.relevance.factor >= 1.0,
    )
    reports = tuple(
        dataclasses.replace(report, score=score)
        for (report, _), score in zip(phases, scored, strict=True)
    )
    texts = {p.phase_id: [a.text for a in ordered if a.phase_id == p.phase_id] for p in reports}
    mistakes = find_mistakes(
        rubric=rubric,
        phases=reports,
        texts=texts,
        subject=question.rubric.domain if question.rubric else (),
    )
    checklist: tuple[TopicChecklist, ...] = checklists(
        state, question=question, rubric=rubric, answers=ordered
    )
    findings = sense_checks(
        claims, contradictions=rubric.contradictions, scale_hints=question.scale_hints
    )
    said = (checkin_sentence(a.text, playbook.conversation) for a in ordered)
    checkins = tuple(quote(sentence) for sentence in said if sentence)
    raw = total(scored)
    flags = design.red_flags if design else ()
    score, penalty = final_score(
        raw,
        relevance=design.relevance.factor if design else 1.0,
        red_flags=[f.flag.severity for f in flags],
        decided=[f.decided for f in flags],
        prose=prose_share(tallies),
        answered=sum(t.engaged for t in tallies) / len(tallies) if tallies else 0.0,
        findings=len(findings),
        mistakes=[m.cost for m in mistakes],
        coverage=idea_coverage(tallies),
    )
    return ParticipantReport(
        user=user,
        phases=reports,
        score=score,
        checklist=checklist,
        mistakes=mistakes,
        next_steps=next_steps(
            phases=reports, mistakes=mistakes, checklist=checklist, red_flags=flags
        ),
        red_flags=flags,
        findings=findings,
        relevance=design.relevance if design else None,
        raw=raw,
        penalty=penalty,
        worked=tuple(c.quote for c in worked),
        outlined=design is not None and outlined(tallies, len(worked)),
        checkins=checkins,
        recovery=recovery_lines(state, user, playbook, checked_in=bool(checkins)),
    )


def _about_the_question(design: DesignGrade | None) -> bool:
    return design is None or not design.relevance.off_topic


def _phase(
    phase: Phase,
    ordered: list[AnswerView],
    playbook: Playbook,
    spent: dict[str, timedelta],
    design: DesignGrade | None,
    stated: frozenset[str],
    closes: dict[str, datetime],
    *,
    budget: timedelta,
) -> tuple[PhaseReport, PhaseTally]:
    """The phase's report (without points yet) and what its points are made of; ``budget``
    is the phase's own with its extensions.

    Method items count in every answer of an interview that is about the question (a design
    has sentences like "the app server talks to Postgres" that name no subject word); in one
    that is mostly not, only in the answers that name the question's subject.
    """
    items = playbook.rubric.phases.get(phase.id, ())
    mine = [a for a in ordered if a.phase_id == phase.id]
    on_topic = None if _about_the_question(design) or design is None else design.on_topic_answers
    about = [
        a
        for i, a in enumerate(ordered)
        if a.phase_id == phase.id and (on_topic is None or i in on_topic)
    ]
    short = playbook.rubric.abbreviations
    found = cover(
        items,
        (spelled_out(a.text, short) for a in about),
        hazards=playbook.rubric.hazard_terms,
        phase_id=phase.id,
    )
    everything = (
        found
        if len(about) == len(mine)
        else cover(
            items, (spelled_out(a.text, short) for a in mine), hazards=playbook.rubric.hazard_terms
        )
    )
    ideas = tuple(s for s in design.shown if s.element.phase_id == phase.id) if design else ()
    ideas_missing = tuple(e for e in design.missing if e.phase_id == phase.id) if design else ()
    times = sorted(a.at for a in mine)
    closed = closes.get(phase.id)
    report = PhaseReport(
        phase_id=phase.id,
        title=phase.title,
        budget=budget,
        spent=spent.get(phase.id, timedelta()),
        answers=len(mine),
        words=sum(len(a.text.split()) for a in mine),
        covered=found.covered,
        missing=found.missing,
        reached=phase.id in spent,
        active=times[-1] - times[0] if times else None,
        ideas=ideas,
        ideas_missing=ideas_missing,
        late=sum(1 for at in times if closed is not None and at > closed),
    )
    tally = PhaseTally(
        phase_id=phase.id,
        shown=len(found.covered),
        items=len(items),
        list_share=everything.list_share,
        idea_weight_shown=sum(s.credit for s in ideas),
        idea_weight=sum(s.element.weight for s in ideas) + sum(e.weight for e in ideas_missing),
        ideas_shown=len(ideas),
        ideas=len(ideas) + len(ideas_missing),
        engaged=engagement(stated=phase.id in stated, words=report.words),
        words=report.words,
        prose_words=round(report.words * (1 - everything.list_share)),
    )
    return report, tally
