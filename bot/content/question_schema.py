"""The shape of a question file: the question, its deep-dive topics and its own rubric
(domain words, design elements, red flags)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from bot.content.messages import fail
from bot.content.patterns import PatternError, check
from bot.content.schema import (
    Category,
    HasId,
    KebabId,
    PhaseId,
    SnakeId,
    Strict,
    Text,
    distinct,
    kebab,
)


def _pattern(value: str) -> str:
    try:
        check(value)
    except PatternError as error:
        fail(str(error))
    return value


def _group(value: object) -> object:
    """A lone pattern is a group of one: ``- ledger*`` means ``- [ledger*]``."""
    return [value] if isinstance(value, str) else value


Pattern = Annotated[Text, AfterValidator(_pattern)]
Group = Annotated[list[Pattern], BeforeValidator(_group), Field(min_length=1, max_length=4)]
Match = Annotated[list[Group], Field(min_length=1, max_length=8)]


class HardFormModel(Strict):
    """The specific decision behind an idea ("a key per payment attempt, reused on
    retries"): naming the idea earns ``basic_weight``, stating this earns the full weight."""

    label: Text
    match: Match


class ElementModel(HasId):
    id: SnakeId
    phase: PhaseId
    weight: Annotated[int, Field(ge=1, le=3)]
    label: Text
    match: Match
    tip: Text | None = None
    hard: HardFormModel | None = None
    basic_weight: Annotated[float, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _basic_below_full(self) -> ElementModel:
        if self.basic_weight is None:
            return self
        if self.hard is None:
            fail("basic_weight needs a hard form: without one, naming the idea earns its weight")
        if self.basic_weight >= self.weight:
            fail(f"basic_weight must be below weight ({self.weight}), got {self.basic_weight}")
        return self


class RedFlagModel(HasId):
    id: SnakeId
    label: Text
    match: Match
    why: Text
    instead: Text
    unless: list[Pattern] = []
    severity: Literal["major", "minor"] = "major"
    contradicts: list[SnakeId] = []


def _plain(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9'_ -]*", value):
        fail(f"plain words are lower-case words and spaces like 'change list', got {value!r}")
    return value


PlainWords = Annotated[Text, AfterValidator(_plain)]


class QuestionRubricModel(Strict):
    domain: Annotated[list[Pattern], Field(min_length=5)]
    elements: Annotated[list[ElementModel], Field(min_length=5, max_length=30), distinct("element")]
    red_flags: Annotated[list[RedFlagModel], distinct("red flag")] = []
    plain_words: dict[PlainWords, PlainWords] = {}

    @model_validator(mode="after")
    def _contradicts_elements(self) -> QuestionRubricModel:
        ids = {e.id for e in self.elements}
        for flag in self.red_flags:
            unknown = [i for i in flag.contradicts if i not in ids]
            if unknown:
                fail(f"red flag {flag.id!r} contradicts {unknown[0]!r}, which is no element here")
        return self


class TopicModel(HasId):
    id: KebabId
    title: Text
    problem: Text
    options: Annotated[list[Text], Field(min_length=2, max_length=4)]
    edge_cases: Annotated[list[Text], Field(min_length=1)]
    categories: list[Category] = []


class QuestionModel(HasId):
    id: KebabId
    title: Text
    prompt: Text
    difficulty: Literal["easy", "medium", "hard"]
    tags: Annotated[list[Annotated[str, AfterValidator(kebab)]], Field(min_length=1)]
    scale_hints: Annotated[list[Text], Field(min_length=1)]
    deep_dives: Annotated[
        list[TopicModel], Field(min_length=2, max_length=4), distinct("deep-dive topic")
    ]
    rubric: QuestionRubricModel | None = None


class QuestionsFile(Strict):
    questions: Annotated[list[QuestionModel], Field(min_length=1)]
