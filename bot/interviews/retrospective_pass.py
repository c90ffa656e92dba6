"""The retrospective pass: the retrospectives of interviews the clock has ended, written a
few at a time beside the clock rather than in it.

Grading is the costly part of an interview's end (tens of milliseconds for five people).
When hundreds of interviews end in one minute, the clock would spend that minute grading
while other interviews' phase changes and nudges waited, so the clock only saves each end
and notes the retrospective as due (:mod:`storage.retrospectives_due`); this pass takes the
notes, grades, saves the scores and queues the retrospectives in one transaction, so a
crash puts the notes back and nothing is written twice.
"""

from __future__ import annotations

from datetime import timedelta

from bot.engine.state import InterviewState
from bot.interviews.finish import Finishing, finish_items
from bot.interviews.stepping import StepRunner

RETROSPECTIVE_BATCH = 10
"""Interviews whose retrospectives one pass writes: a second of a worker's time at most
(five people each), so the clock's thread keeps its share of the process."""
WHILE_BEHIND = 1
"""...and while delivery is behind on timed messages: one, so grading leaves the CPU to
the posts people are waiting for, and retrospectives still come meanwhile."""
BEHIND = timedelta(seconds=1)
"""A phase change or nudge waiting longer than this to be posted means delivery is behind."""


class RetrospectivePass(StepRunner):
    def write_retrospectives(
        self,
        *,
        limit: int = RETROSPECTIVE_BATCH,
        team_id: str | None = None,
        exclude_team: str | None = None,
    ) -> int:
        """Write the due retrospectives of up to ``limit`` ended interviews (of one team,
        or of every team but ``exclude_team``), of one while people's timed messages wait
        to be posted; returns how many."""
        now = self.clock()
        scope = {"team_id": team_id, "exclude_team": exclude_team}
        with self.store.transaction() as tx:
            if tx.timed_messages_waiting(now=now, longer_than=BEHIND, **scope):
                limit = min(limit, WHILE_BEHIND)
            rows = tx.claim_retrospectives(limit=limit, **scope)
            finishing = [
                Finishing(row, InterviewState.from_dict(row.state), self.playbook(row))
                for row in rows
            ]
            items = finish_items(tx, finishing, now) if finishing else {}
            for row in rows:
                tx.enqueue(team_id=row.team_id, interview_id=row.id, items=items[row.id], now=now)
        return len(rows)
