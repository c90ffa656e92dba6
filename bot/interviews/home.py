"""What a person's home page shows: their interviews, the team's drills and its board."""

from __future__ import annotations

from dataclasses import dataclass

from bot.interviews.boards import leaderboard_text
from bot.interviews.service import LIVE, InterviewService
from storage.models import Interview, Schedule

RECENT = 30
FINISHED_SHOWN = 15


@dataclass(frozen=True)
class Home:
    running: list[Interview]
    """Interviews the person takes part in that are still running or paused."""
    finished: list[Interview]
    """Their most recent finished ones, newest first."""
    schedules: list[Schedule]
    """The team's active drill schedules."""
    board: str
    """This week's leaderboard."""
    scores: dict[int, int]
    """The person's own score by interview id, for the finished ones they answered in."""


def home_of(service: InterviewService, *, team_id: str, user_id: str) -> Home:
    with service.store.transaction() as tx:
        mine = tx.list_interviews(team_id=team_id, member_id=user_id, limit=RECENT)
        schedules = tx.list_schedules(team_id=team_id, statuses=("active",))
        scores = {s.interview_id: s.score for s in tx.scores(team_id=team_id, user_id=user_id)}
    return Home(
        running=[r for r in mine if r.status in LIVE],
        finished=[r for r in mine if r.status == "finished"][:FINISHED_SHOWN],
        schedules=list(schedules),
        board=leaderboard_text(service, team_id=team_id, window="week"),
        scores=scores,
    )
