"""The interview service: storage + engine + content, shared by every adapter.

Each operation reads an interview, runs one pure engine call and saves the new state and
the messages it produced in ONE transaction (a conditional update on the row's version).
Adapters never call the engine or storage directly, so Slack and the terminal behave the
same way. The operations live by concept in their own modules; this class puts them
together with the reads the adapters need.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from bot.engine.state import InterviewState
from bot.interviews.abandoning import Abandoning
from bot.interviews.channel import LIVE, InChannel
from bot.interviews.errors import InterviewNotFound, NotAllowed, ServiceError
from bot.interviews.finish import render, retrospective
from bot.interviews.replies import Replies
from bot.interviews.retrospective_pass import RetrospectivePass
from bot.interviews.starting_by_hand import StartingByHand
from bot.interviews.stepping import Clock
from bot.interviews.thread_words import ThreadWords
from bot.interviews.ticking import Ticking
from storage.models import Interview

__all__ = [
    "LIVE",
    "TERMINAL_TEAM",
    "ChannelStatus",
    "Clock",
    "InterviewNotFound",
    "InterviewService",
    "NotAllowed",
    "ServiceError",
]

TERMINAL_TEAM = "local"
"""The team of terminal practice interviews (Slack team ids start with T): Slack workers
leave it alone, and the terminal only ticks and delivers its own."""


class ChannelStatus(NamedTuple):
    interview: Interview
    answers: int
    now: datetime


class InterviewService(
    StartingByHand, ThreadWords, Replies, InChannel, Ticking, RetrospectivePass, Abandoning
):
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

    def status_in_channel(
        self, *, team_id: str, channel_id: str, user_id: str
    ) -> ChannelStatus | None:
        """The channel's :meth:`current_interview` with its answer count, for its status
        line; None when no interview is live there."""
        row = self.current_interview(team_id=team_id, channel_id=channel_id, user_id=user_id)
        if row is None or row.id is None:
            return None
        with self.store.transaction() as tx:
            answers = len(tx.answers(team_id=team_id, interview_id=row.id))
        return ChannelStatus(row, answers, self.clock())
