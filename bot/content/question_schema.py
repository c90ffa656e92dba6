"""The shape of a question file: the question, its deep-dive topics and its own rubric
(domain words, design elements, red flags)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, field_validator

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
    kebab,
    unique_ids,
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


class ElementModel(HasId):
    id: SnakeId
    phase: PhaseId
    weight: Annotated[int, Field(ge=1, le=3)]
    label: Text
    match: Match
    tip: Text | None = None


class RedFlagModel(HasId):
    id: SnakeId
    label: Text
    match: Match
    why: Text
    instead: Text
    unless: list[Pattern] = []
    severity: Literal["major", "minor"] = "major"


class QuestionRubricModel(Strict):
    domain: Annotated[list[Pattern], Field(min_length=5)]
    elements: Annotated[list[ElementModel], Field(min_length=5, max_length=30)]
    red_flags: list[RedFlagModel] = []

    @field_validator("elements")
    @classmethod
    def _elements(cls, elements: list[ElementModel]) -> list[ElementModel]:
        unique_ids(elements, "element")
        return elements

    @field_validator("red_flags")
    @classmethod
    def _red_flags(cls, flags: list[RedFlagModel]) -> list[RedFlagModel]:
        unique_ids(flags, "red flag")
        return flags


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
    deep_dives: Annotated[list[TopicModel], Field(min_length=2, max_length=4)]
    rubric: QuestionRubricModel | None = None

    @field_validator("deep_dives")
    @classmethod
    def _unique_topics(cls, topics: list[TopicModel]) -> list[TopicModel]:
        unique_ids(topics, "deep-dive topic")
        return topics


class QuestionsFile(Strict):
    questions: Annotated[list[QuestionModel], Field(min_length=1)]
