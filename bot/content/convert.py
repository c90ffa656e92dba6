"""From validated pydantic models to the frozen dataclasses the engine uses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from bot.content.conversation import Checkin, Conversation
from bot.content.conversation_schema import ConversationFile
from bot.content.lines import Lines
from bot.content.lines_schema import LinesFile
from bot.content.model import (
    Contradiction,
    DeepDiveTopic,
    Element,
    Format,
    HardForm,
    Mistake,
    Nudge,
    Phase,
    Question,
    QuestionRubric,
    RedFlag,
    Rubric,
    RubricItem,
    WorkingHours,
)
from bot.content.question_schema import QuestionModel, QuestionRubricModel
from bot.content.rubric_schema import RubricFile, RubricItemModel
from bot.content.schema import PHASE_IDS, FormatModel

K = TypeVar("K", bound=str)
T = TypeVar("T")


def to_format(model: FormatModel) -> Format:
    hours = model.working_hours
    return Format(
        id=model.id,
        title=model.title,
        description=model.description,
        phases=tuple(
            Phase(
                id=phase.id,
                title=phase.title,
                budget=phase.budget,
                covers=tuple(phase.covers),
                nudges=tuple(
                    Nudge(at_fraction=n.at, before_end=n.before_end) for n in phase.nudges
                ),
                auto_advance=phase.auto_advance,
            )
            for phase in model.phases
        ),
        silence_after=model.silence_after,
        overrun_after=model.overrun_after,
        default_extension=model.default_extension,
        late_grace=model.late_grace,
        working_hours=None
        if hours is None
        else WorkingHours(
            start_hour=int(hours.start.split(":")[0]),
            end_hour=int(hours.end.split(":")[0]),
            weekends=hours.weekends,
        ),
    )


def to_question(model: QuestionModel) -> Question:
    return Question(
        id=model.id,
        title=model.title,
        prompt=model.prompt,
        difficulty=model.difficulty,
        tags=tuple(model.tags),
        scale_hints=tuple(model.scale_hints),
        deep_dives=tuple(
            DeepDiveTopic(
                id=topic.id,
                title=topic.title,
                problem=topic.problem,
                options=tuple(topic.options),
                edge_cases=tuple(topic.edge_cases),
                categories=tuple(topic.categories),
            )
            for topic in model.deep_dives
        ),
        rubric=None if model.rubric is None else to_question_rubric(model.rubric),
    )


def _match(groups: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(group) for group in groups)


def to_question_rubric(model: QuestionRubricModel) -> QuestionRubric:
    return QuestionRubric(
        domain=tuple(model.domain),
        elements=tuple(
            Element(
                id=e.id,
                phase_id=e.phase,
                weight=e.weight,
                label=e.label,
                match=_match(e.match),
                tip=e.tip or "",
                hard=None if e.hard is None else HardForm(e.hard.label, _match(e.hard.match)),
                basic_weight=e.basic_weight,
            )
            for e in model.elements
        ),
        red_flags=tuple(
            RedFlag(
                id=f.id,
                label=f.label,
                match=_match(f.match),
                why=f.why,
                instead=f.instead,
                unless=tuple(f.unless),
                severity=f.severity,
                contradicts=tuple(f.contradicts),
            )
            for f in model.red_flags
        ),
        plain_words=tuple(model.plain_words.items()),
    )


def to_conversation(model: ConversationFile) -> Conversation:
    return Conversation(
        checkins=tuple(
            Checkin(id=c.id, match=_match(c.match), opener=tuple(c.opener)) for c in model.checkins
        ),
        uncovered=tuple(model.uncovered),
        covered=tuple(model.covered),
        untouched=tuple(model.untouched),
        over_time=tuple(model.over_time),
        touches={str(c): tuple(patterns) for c, patterns in model.touches.items()},
        paused_reply=tuple(model.paused_reply),
        recovery=dict(model.recovery),
    )


def to_lines(model: LinesFile) -> Lines:
    values: dict[str, object] = {}
    for name, value in model:
        if isinstance(value, dict):
            values[name] = {key: tuple(variants) for key, variants in value.items()}
        else:
            values[name] = tuple(value)
    return Lines(**values)  # type: ignore[arg-type]  # fields checked by LinesFile


def _items(items: list[RubricItemModel]) -> tuple[RubricItem, ...]:
    return tuple(
        RubricItem(id=i.id, label=i.label, phrases=tuple(i.phrases), tip=i.tip or "") for i in items
    )


def _in_phase_order(by_phase: Mapping[K, T]) -> list[tuple[K, T]]:
    return sorted(by_phase.items(), key=lambda item: PHASE_IDS.index(item[0]))


def to_rubric(model: RubricFile) -> Rubric:
    return Rubric(
        phases={str(p): _items(items) for p, items in _in_phase_order(model.phases)},
        deep_dive_checklist=_items(model.deep_dive_checklist),
        mistakes=tuple(
            Mistake(id=m.id, title=m.title, advice=m.advice, cost=m.cost) for m in model.mistakes
        ),
        scaling_terms=tuple(model.scaling_terms),
        weights={str(p): weight for p, weight in _in_phase_order(model.weights)},
        failure_terms=tuple(model.failure_terms),
        boilerplate_terms=tuple(model.boilerplate_terms),
        alternative_terms=tuple(model.alternative_terms),
        hazard_terms=tuple(model.hazard_terms),
        abbreviations=dict(model.abbreviations),
        plain_words=tuple(model.plain_words.items()),
        dismissals=tuple(model.dismissals),
        rejections=tuple(model.rejections),
        turn_downs=tuple(model.turn_downs),
        decisions=tuple(model.decisions),
        contradictions=tuple(
            Contradiction(id=c.id, label=c.label, first=c.first, second=c.second, why=c.why)
            for c in model.contradictions
        ),
    )
