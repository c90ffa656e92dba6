"""The shape of ``rubric.yaml``: what each phase should cover, the checklist, the mistakes."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, field_validator

from bot.content.messages import fail
from bot.content.question_schema import Pattern, PlainWords
from bot.content.schema import (
    HasId,
    PhaseId,
    Phrase,
    SnakeId,
    Strict,
    Text,
    require_phases,
    unique_ids,
)

# The engine looks these up by id when it spots a mistake, so every rubric must define them.
MISTAKE_IDS = (
    "scaling_too_early", "no_numbers", "no_failure_handling", "single_solution",
    "phase_skipped", "phase_over_budget",
)  # fmt: skip


def _shorthand(value: str) -> str:
    if not value or value != value.lower() or " " in value:
        fail(f"an abbreviation is one lower-case word like 'ws', got {value!r}")
    return value


class RubricItemModel(HasId):
    id: SnakeId
    label: Text
    phrases: Annotated[list[Phrase], Field(min_length=1)]
    tip: Text | None = None


class MistakeModel(HasId):
    id: SnakeId
    title: Text
    advice: Text
    cost: Annotated[float, Field(ge=0, le=0.5)] = 0.0


class ContradictionModel(HasId):
    id: SnakeId
    label: Text
    first: Pattern
    second: Pattern
    why: Text


class RubricFile(Strict):
    phases: dict[PhaseId, Annotated[list[RubricItemModel], Field(min_length=1, max_length=8)]]
    deep_dive_checklist: Annotated[list[RubricItemModel], Field(min_length=1)]
    mistakes: Annotated[list[MistakeModel], Field(min_length=1)]
    scaling_terms: Annotated[list[Phrase], Field(min_length=1)]
    weights: dict[PhaseId, Annotated[int, Field(ge=0)]]
    # Optional so older team rubrics stay valid; without them those mistakes are not checked.
    failure_terms: list[Phrase] = Field(default_factory=list)
    boilerplate_terms: list[Phrase] = Field(default_factory=list)
    alternative_terms: list[Phrase] = Field(default_factory=list)
    hazard_terms: list[Phrase] = Field(default_factory=list)
    abbreviations: dict[Annotated[str, AfterValidator(_shorthand)], Phrase] = Field(
        default_factory=dict
    )
    plain_words: dict[PlainWords, PlainWords] = Field(default_factory=dict)
    contradictions: list[ContradictionModel] = Field(default_factory=list)
    dismissals: list[Pattern] = Field(default_factory=list)
    rejections: list[Pattern] = Field(default_factory=list)
    turn_downs: list[Pattern] = Field(default_factory=list)
    decisions: list[Pattern] = Field(default_factory=list)

    @field_validator("phases")
    @classmethod
    def _every_phase(
        cls, phases: dict[str, list[RubricItemModel]]
    ) -> dict[str, list[RubricItemModel]]:
        require_phases(phases)
        for items in phases.values():
            unique_ids(items, "rubric item")
        return phases

    @field_validator("mistakes")
    @classmethod
    def _known_mistakes(cls, mistakes: list[MistakeModel]) -> list[MistakeModel]:
        missing = [m for m in MISTAKE_IDS if m not in {item.id for item in mistakes}]
        if missing:
            fail("missing mistake ids: " + ", ".join(missing))
        unique_ids(mistakes, "mistake")
        return mistakes

    @field_validator("weights")
    @classmethod
    def _weights(cls, weights: dict[str, int]) -> dict[str, int]:
        require_phases(weights)
        if sum(weights.values()) != 100:
            fail(f"weights must sum to 100, got {sum(weights.values())}")
        return weights
