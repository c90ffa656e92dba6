"""Reading practice interviews back: the latest ones, or one with its answers and
retrospectives (`designdrill history [ID]`)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.interviews.errors import InterviewNotFound
from bot.interviews.service import TERMINAL_TEAM, InterviewService
from storage.models import Answer, Interview

LISTED = 50


def practice_list(service: InterviewService) -> list[tuple[Interview, int]]:
    """The latest practice interviews, newest first, each with its number of answers."""
    with service.store.transaction() as tx:
        rows = tx.list_interviews(team_id=TERMINAL_TEAM, limit=LISTED)
        return [
            (r, len(tx.answers(team_id=TERMINAL_TEAM, interview_id=r.id)))
            for r in rows
            if r.id is not None
        ]


@dataclass(frozen=True)
class PracticeRecord:
    interview: Interview
    answers: list[Answer]
    team_text: str
    personal_texts: list[str]


def practice_record(service: InterviewService, *, interview_id: int) -> PracticeRecord:
    """One practice interview with its answers and retrospectives; raises InterviewNotFound."""
    team, personal = service.retrospective_texts(team_id=TERMINAL_TEAM, interview_id=interview_id)
    with service.store.transaction() as tx:
        row = tx.get_interview(team_id=TERMINAL_TEAM, interview_id=interview_id)
        answers = tx.answers(team_id=TERMINAL_TEAM, interview_id=interview_id)
    if row is None:
        raise InterviewNotFound(interview_id, team_id=TERMINAL_TEAM)
    return PracticeRecord(row, list(answers), team, [text for _, text in personal])
