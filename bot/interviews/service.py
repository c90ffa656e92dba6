"""The interview service: storage + engine + content, shared by every adapter.

Each operation reads an interview, runs one pure engine call and saves the new state and
the messages it produced in ONE transaction (a conditional update on the row's version).
Adapters never call the engine or storage directly, so Slack and the terminal behave the
same way. The operations live by concept in their own modules; this class puts them
together with the reads the adapters need.
"""

from __future__ import annotations

from bot.engine.state import InterviewState
from bot.interviews.answers import Answers
from bot.interviews.errors import InterviewNotFound, NotAllowed, ServiceError
from bot.interviews.finish import render, retrospective
from bot.interviews.starting import Starting
from bot.interviews.steering import Steering
from bot.interviews.stepping import Clock
from bot.interviews.ticking import Ticking
from storage.models import Interview

__all__ = [
    "TERMINAL_TEAM",
    "Clock",
    "InterviewNotFound",
    "InterviewService",
    "NotAllowed",
    "ServiceError",
]

TERMINAL_TEAM = "local"
"""The team of terminal practice interviews (Slack team ids start with T): Slack workers
leave it alone, and the terminal only ticks and delivers its own."""
LIVE = ("running", "paused")


class InterviewService(Starting, Answers, Steering, Ticking):
    def retrospective_texts(
        self, *, team_id: str, interview_id: int
    ) -> tuple[str, list[tuple[str, str]]]:
        """The team view and each participant's view, rebuilt from stored answers."""
        with self.store.transaction() as tx:
            row = tx.get_interview(team_id=team_id, interview_id=interview_id)
            if row is None:
                raise InterviewNotFound(interview_id, team_id=team_id)
            state = InterviewState.from_dict(row.state)
            return render(retrospective(tx, row, state, self.playbook(row)), row)

    def current_interview(self, *, team_id: str, channel_id: str, user_id: str) -> Interview | None:
        """The live interview a command typed in a channel is about.

        Slash commands cannot be sent from a thread, so a channel with several interviews
        resolves to the newest one the person hosts or takes part in, else the newest.
        """
        with self.store.transaction() as tx:
            mine = tx.list_interviews(
                team_id=team_id, channel_id=channel_id, statuses=LIVE, member_id=user_id, limit=1
            )
            if mine:
                return mine[0]
            newest = tx.list_interviews(
                team_id=team_id, channel_id=channel_id, statuses=LIVE, limit=1
            )
            return newest[0] if newest else None

    def answer_count(self, *, team_id: str, interview_id: int) -> int:
        """How many answers the interview has so far (for its status line)."""
        with self.store.transaction() as tx:
            return len(tx.answers(team_id=team_id, interview_id=interview_id))
