"""Abandoning an interview whose thread the bot can no longer reach (it left the channel,
the channel was archived): finished at once, its queued messages dropped."""

from __future__ import annotations

import logging

from bot.engine.effects import Step
from bot.engine.state import InterviewState, Status
from bot.interviews.log_lines import told
from bot.interviews.stepping import StepRunner
from storage.models import Interview
from storage.repository import Tx


class Abandoning(StepRunner):
    def abandon(
        self, *, team_id: str, interview_id: int, reason: str, tx: Tx | None = None
    ) -> Interview | None:
        """Stop an interview whose thread can no longer be reached, dropping its queue.

        Returns the interview (for its host) the first time, None if it was already over.
        Inside the caller's ``tx`` the save is conditional on the version read there: if
        another transaction saved the interview first, StaleInterview rolls it all back
        (run it through :meth:`atomically` to have it redone).
        """

        def run(tx: Tx, row: Interview, state: InterviewState) -> tuple[Step, Interview | None]:
            if state.status is Status.FINISHED:
                return Step(state), None
            now = self.clock()
            tx.drop_pending(team_id=team_id, interview_id=interview_id, now=now, error=reason)
            tx.after_commit(
                told(team_id, interview_id, "stopped: %s", reason, level=logging.WARNING)
            )
            return Step(state.evolve(status=Status.FINISHED, finished_at=now)), row

        return self._update(team_id=team_id, interview_id=interview_id, run=run, tx=tx)
