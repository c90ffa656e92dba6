"""The end-of-interview summary, computed from the state's phase windows and the answers.

Pure: the caller loads the answers from storage and passes them in. Rendering to text is in
:mod:`bot.engine.retro_text` so Slack and the terminal share the wording.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.content.model import RubricItem
from bot.engine.playbook import Playbook
from bot.engine.state import InterviewState
from bot.engine.words import mentions_any

QUOTE_LIMIT = 140


@dataclass(frozen=True)
class AnswerView:
    """One stored answer, as the engine needs it."""

    user: str
    phase_id: str
    text: str
    at: datetime


@dataclass(frozen=True)
class Evidence:
    item_id: str
    label: str
    quote: str


@dataclass(frozen=True)
class PhaseReport:
    phase_id: str
    title: str
    budget: timedelta
    spent: timedelta
    answers: int
    words: int
    covered: tuple[Evidence, ...]
    missing: tuple[RubricItem, ...]


@dataclass(frozen=True)
class ParticipantReport:
    user: str
    phases: tuple[PhaseReport, ...]

    @property
    def answered_phases(self) -> int:
        return sum(1 for p in self.phases if p.answers)


@dataclass(frozen=True)
class Retrospective:
    question_title: str
    format_title: str
    phase_times: tuple[tuple[str, str, timedelta, timedelta], ...]
    """(phase id, title, budget, time the phase was open) for every phase reached."""
    participants: tuple[ParticipantReport, ...]


def build_retrospective(
    state: InterviewState, *, playbook: Playbook, answers: Sequence[AnswerView]
) -> Retrospective:
    spent = _time_open(state)
    times = tuple(
        (p.id, p.title, p.budget, spent[p.id]) for p in playbook.fmt.phases if p.id in spent
    )
    users = list(dict.fromkeys([state.host, *(a.user for a in answers)]))
    reports = tuple(
        _participant(user, [a for a in answers if a.user == user], playbook, spent)
        for user in users
    )
    # The host of a team drill may only have started it; keep them only if they answered.
    reports = tuple(r for r in reports if r.answered_phases or r.user == state.host)
    return Retrospective(playbook.question.title, playbook.fmt.title, times, reports)


def sentences(text: str) -> list[str]:
    """Split an answer into sentences and list items, the units evidence is quoted from."""
    parts = re.split(r"(?<=[.!?])\s+|\n+|;\s+", text)
    return [p.strip(" -*•\t") for p in parts if p.strip(" -*•\t")]


def quote(sentence: str) -> str:
    return sentence if len(sentence) <= QUOTE_LIMIT else sentence[: QUOTE_LIMIT - 1] + "…"


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
    user: str, answers: list[AnswerView], playbook: Playbook, spent: dict[str, timedelta]
) -> ParticipantReport:
    phases = []
    for phase in playbook.fmt.phases:
        if phase.id not in spent:
            continue
        mine = [a for a in answers if a.phase_id == phase.id]
        items = playbook.rubric.phases.get(phase.id, ())
        covered, missing = _coverage(items, mine)
        phases.append(
            PhaseReport(
                phase_id=phase.id,
                title=phase.title,
                budget=phase.budget,
                spent=spent[phase.id],
                answers=len(mine),
                words=sum(len(a.text.split()) for a in mine),
                covered=covered,
                missing=missing,
            )
        )
    return ParticipantReport(user, tuple(phases))


def _coverage(
    items: Sequence[RubricItem], answers: Sequence[AnswerView]
) -> tuple[tuple[Evidence, ...], tuple[RubricItem, ...]]:
    units = [s for a in answers for s in sentences(a.text)]
    covered, missing = [], []
    for item in items:
        hit = next((s for s in units if mentions_any(s, item.phrases)), None)
        if hit is None:
            missing.append(item)
        else:
            covered.append(Evidence(item.id, item.label, quote(hit)))
    return tuple(covered), tuple(missing)
