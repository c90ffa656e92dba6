"""The shape of each YAML file, as pydantic models: formats, questions and the rubric.

Models are strict (no silent coercion of ``5`` into ``"5"``) and forbid unknown keys, so a
typo is an error rather than a setting that is quietly ignored. The interviewer's lines are in
:mod:`bot.content.lines_schema`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import timedelta
from typing import Annotated, Literal, TypeVar, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bot.content.durations import HINT, format_duration, parse_duration
from bot.content.messages import describe_value, fail

T = TypeVar("T")

PhaseId = Literal[
    "functional", "non_functional", "api", "high_level", "schema", "end_to_end", "deep_dives"
]
Category = Literal[
    "component_integration", "data_management", "scalability", "security", "performance",
    "reliability",
]  # fmt: skip
PHASE_IDS: tuple[str, ...] = get_args(PhaseId)
CATEGORIES: tuple[str, ...] = get_args(Category)
_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
_CLOCK = re.compile(r"^([01]?\d|2[0-4]):00$")


def _duration(value: object) -> timedelta:
    if not isinstance(value, str):
        fail(f"expected {HINT}, got {describe_value(value)}")
    try:
        return parse_duration(value)
    except ValueError as exc:
        fail(str(exc))


def _grace(value: object) -> timedelta:
    """A duration, or ``off`` for no grace at all (YAML reads a bare ``off`` as false)."""
    return timedelta(0) if value is False or value == "off" else _duration(value)


def _clock(value: object) -> str:
    # Unquoted 18:00 is a base-60 integer (1080) to a YAML 1.1 parser, hence the hint.
    if not isinstance(value, str) or not _CLOCK.match(value):
        fail(f'expected a whole hour in quotes like "09:00", got {value!r}')
    return value


def kebab(value: str) -> str:
    if not _KEBAB.match(value):
        fail(f"expected a kebab-case id like 'url-shortener', got {value!r}")
    return value


def _snake(value: str) -> str:
    if not _SNAKE.match(value):
        fail(f"expected a snake_case id like 'scale_estimates', got {value!r}")
    return value


def _lower(value: str) -> str:
    if value != value.lower():
        fail(f"phrases are matched in lower case; write {value.lower()!r}")
    return value


def unique_ids(items: Sequence[HasId], what: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            fail(f"duplicate {what} id '{item.id}'")
        seen.add(item.id)


def distinct(what: str) -> AfterValidator:
    """For ``Annotated[list[...], distinct("element")]``: each item's id appears once."""

    def check(items: list[T]) -> list[T]:
        unique_ids(items, what)  # type: ignore[arg-type]
        return items

    return AfterValidator(check)


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Duration = Annotated[timedelta, BeforeValidator(_duration)]
Grace = Annotated[timedelta, BeforeValidator(_grace)]
Clock = Annotated[str, BeforeValidator(_clock)]
KebabId = Annotated[str, AfterValidator(kebab)]
SnakeId = Annotated[str, AfterValidator(_snake)]
Phrase = Annotated[Text, AfterValidator(_lower)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class HasId(Strict):
    id: str


class NudgeModel(Strict):
    at: float | None = None
    before_end: Duration | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> NudgeModel:
        if (self.at is None) == (self.before_end is None):
            fail("a nudge needs exactly one of 'at' (e.g. 0.5) or 'before_end' (e.g. 1m)")
        if self.at is not None and not 0 < self.at < 1:
            fail(f"'at' is a share of the phase between 0 and 1 (exclusive), got {self.at}")
        return self


class PhaseModel(HasId):
    id: PhaseId
    title: Text
    budget: Duration
    covers: Annotated[list[Text], Field(min_length=1, max_length=8)]
    nudges: list[NudgeModel] = []
    auto_advance: bool = True

    @field_validator("nudges")
    @classmethod
    def _nudges_fit(cls, nudges: list[NudgeModel], info: ValidationInfo) -> list[NudgeModel]:
        budget = info.data.get("budget")
        for nudge in nudges:
            if budget is not None and nudge.before_end is not None and nudge.before_end >= budget:
                fail(
                    f"before_end {format_duration(nudge.before_end)} is not shorter than "
                    f"the phase budget {format_duration(budget)}"
                )
        return nudges


class WorkingHoursModel(Strict):
    start: Clock = "09:00"
    end: Clock = "18:00"
    weekends: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> WorkingHoursModel:
        if int(self.start.split(":")[0]) >= int(self.end.split(":")[0]):
            fail(f"working hours must start before they end, got {self.start}-{self.end}")
        return self


class FormatModel(HasId):
    id: KebabId
    title: Text
    description: Text
    phases: Annotated[list[PhaseModel], Field(min_length=1)]
    silence_after: Duration
    overrun_after: Duration
    default_extension: Duration
    working_hours: WorkingHoursModel | None = None
    late_grace: Grace = timedelta(seconds=30)

    @field_validator("phases")
    @classmethod
    def _unique_phases(cls, phases: list[PhaseModel]) -> list[PhaseModel]:
        unique_ids(phases, "phase")
        return phases


class FormatsFile(Strict):
    formats: Annotated[list[FormatModel], Field(min_length=1)]


def require_phases(by_phase: Collection[str]) -> None:
    """Fail unless ``by_phase`` has an entry for every phase id."""
    missing = [phase for phase in PHASE_IDS if phase not in by_phase]
    if missing:
        fail("missing phase ids: " + ", ".join(missing))
