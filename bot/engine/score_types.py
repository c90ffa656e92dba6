"""The values a retrospective is made of. Plain frozen data: adapters render, tests assert."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.content.model import DeepDiveTopic, Element, RubricItem
from bot.engine.grade_design import ElementSeen, RedFlagSeen
from bot.engine.relevance import Relevance
from bot.engine.score_coverage import Evidence
from bot.engine.scoring import SCORE_FORMULA, PhaseScore
from bot.engine.sense_checks import Finding


@dataclass(frozen=True)
class AnswerView:
    """One stored answer, as the engine needs it."""

    user: str
    phase_id: str
    text: str
    at: datetime


@dataclass(frozen=True)
class PhaseReport:
    """One participant in one phase of the format."""

    phase_id: str
    title: str
    budget: timedelta
    spent: timedelta
    """How long the phase was open (zero when it was never reached)."""
    answers: int
    words: int
    covered: tuple[Evidence, ...]
    missing: tuple[RubricItem, ...]
    reached: bool = True
    active: timedelta | None = None
    """From this person's first to last message in the phase; None without messages."""
    score: PhaseScore | None = None
    ideas: tuple[ElementSeen, ...] = ()
    """The question's ideas that belong to this phase and were shown (anywhere)."""
    ideas_missing: tuple[Element, ...] = ()
    late: int = 0
    """This person's replies sent just after the phase closed, counted for it."""


@dataclass(frozen=True)
class TopicChecklist:
    """The deep-dive checklist over the answers given while one or more topics were open."""

    topic_ids: tuple[str, ...]
    titles: tuple[str, ...]
    """Empty when no topic was chosen: the whole deep-dive phase is evaluated."""
    covered: tuple[Evidence, ...]
    missing: tuple[RubricItem, ...]
    merged: bool = False
    """True when several topics' answers cannot be told apart and are evaluated together."""


@dataclass(frozen=True)
class MistakeSeen:
    id: str
    title: str
    advice: str
    evidence: tuple[str, ...]
    """Quotes (“...”) or facts that show the mistake."""
    cost: float = 0.0


@dataclass(frozen=True)
class ParticipantReport:
    user: str
    phases: tuple[PhaseReport, ...]
    score: int = 0
    checklist: tuple[TopicChecklist, ...] = ()
    mistakes: tuple[MistakeSeen, ...] = ()
    next_steps: tuple[str, ...] = ()
    red_flags: tuple[RedFlagSeen, ...] = ()
    findings: tuple[Finding, ...] = ()
    """Contradictions, sums that do not add up, scale far from the question's."""
    relevance: Relevance | None = None
    """None when the question has no rubric of its own."""
    worked: tuple[str, ...] = ()
    """Quotes of the estimates worked out from numbers."""
    raw: int = 0
    """The phases' points added up, before relevance and penalties."""
    penalty: int = 0
    outlined: bool = False
    """The answers name more of the question's ideas than they work through (see
    :func:`bot.engine.scoring.outlined`)."""
    checkins: tuple[str, ...] = ()
    """Quotes of this person's check-ins with the interviewer ("does this make sense?")."""
    recovery: tuple[str, ...] = ()
    """Lines to say next time, for what the interviewer had to coach (silence, over time...)."""

    @property
    def answered_phases(self) -> int:
        return sum(1 for p in self.phases if p.answers)

    @property
    def answered(self) -> bool:
        return self.answered_phases > 0


@dataclass(frozen=True)
class Retrospective:
    question_title: str
    format_title: str
    phase_times: tuple[tuple[str, str, timedelta, timedelta], ...]
    """(phase id, title, budget, time the phase was open) for every phase reached."""
    participants: tuple[ParticipantReport, ...]
    score_formula: str = SCORE_FORMULA
    outline: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """What a strong answer covers: (phase title, the question's ideas for it)."""
    topics: tuple[DeepDiveTopic, ...] = ()
    """The question's deep-dive topics, with their options, for the outline."""
