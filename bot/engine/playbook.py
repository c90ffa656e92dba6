"""Everything the engine needs to know about one interview besides its state."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.content.conversation import Conversation
from bot.content.lines import Lines
from bot.content.model import Content, Format, Phase, Question, QuestionRubric, Rubric


class EngineError(Exception):
    """Root of the engine's errors."""


class QuestionNotFound(EngineError, LookupError):
    def __init__(self, question_id: str) -> None:
        super().__init__(f"no question with id {question_id!r}")
        self.question_id = question_id


class FormatNotFound(EngineError, LookupError):
    def __init__(self, format_id: str) -> None:
        super().__init__(f"no format with id {format_id!r}")
        self.format_id = format_id


class TopicNotFound(EngineError, LookupError):
    def __init__(self, topic: str) -> None:
        super().__init__(f"no deep-dive topic {topic!r} for this question")
        self.topic = topic


class InterviewOver(EngineError):
    """A command arrived for an interview that has already finished."""

    def __init__(self) -> None:
        super().__init__("this interview has already finished")


def domains_of(content: Content) -> dict[str, tuple[str, ...]]:
    return {q: rubric.domain for q, rubric in rubrics_of(content).items()}


def rubrics_of(content: Content) -> dict[str, QuestionRubric]:
    return {q.id: q.rubric for q in content.questions.values() if q.rubric is not None}


@dataclass(frozen=True)
class Playbook:
    question: Question
    fmt: Format
    lines: Lines
    rubric: Rubric
    conversation: Conversation
    rubrics: Mapping[str, QuestionRubric] = field(default_factory=dict)
    """Every question's rubric by id: the grader tells an answer to another question from a
    thin answer to this one by comparing their subject's words and ideas."""

    @property
    def domains(self) -> dict[str, tuple[str, ...]]:
        return {q: rubric.domain for q, rubric in self.rubrics.items()}

    @classmethod
    def from_content(cls, content: Content, *, question_id: str, format_id: str) -> Playbook:
        """Raises QuestionNotFound or FormatNotFound when an id is unknown."""
        question = content.questions.get(question_id)
        if question is None:
            raise QuestionNotFound(question_id)
        fmt = content.formats.get(format_id)
        if fmt is None:
            raise FormatNotFound(format_id)
        return cls(
            question=question,
            fmt=fmt,
            lines=content.lines,
            rubric=content.rubric,
            conversation=content.conversation,
            rubrics=rubrics_of(content),
        )

    def phase(self, index: int) -> Phase:
        return self.fmt.phases[index]

    @property
    def last_index(self) -> int:
        return len(self.fmt.phases) - 1

    def index_of(self, phase_id: str) -> int | None:
        ids = [p.id for p in self.fmt.phases]
        return ids.index(phase_id) if phase_id in ids else None
