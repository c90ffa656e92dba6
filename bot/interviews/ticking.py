"""The scheduler's tick: every interview whose next event is due, advanced and saved."""

from __future__ import annotations

from datetime import datetime

from bot.engine import interview as engine
from bot.engine.effects import Step
from bot.engine.state import InterviewState
from bot.interviews.closing import Moved, queue_closings
from bot.interviews.saving import Stepped, steps_to_save
from bot.interviews.stepping import StepRunner
from storage.due_interviews import DueInterview
from storage.models import Interview
from storage.repository import Tx

TICK_BATCH = 20
"""Due interviews stepped per batch in a tick: small enough that PostgreSQL gets its first
batch to write early, large enough that each batch is one UPDATE and one INSERT."""


class Ticking(StepRunner):
    def tick(
        self,
        *,
        limit: int = 200,
        team_id: str | None = None,
        exclude_team: str | None = None,
        defer_retrospectives: bool = False,
    ) -> int:
        """Advance every interview whose next event is due; returns how many were handled.

        Claim, engine and save happen in one transaction, so a crash leaves either the old
        state (the next tick redoes it) or the new state with its messages queued. The
        scheduler's clock ``defer_retrospectives`` of the interviews that end to
        :mod:`bot.interviews.retrospective_pass`, so grading never holds up the clock.
        """
        now = self.clock()
        with self.store.transaction() as tx:
            rows = tx.claim_due(now=now, limit=limit, team_id=team_id, exclude_team=exclude_team)
            finishing: list[Stepped] = []
            moved: list[Moved] = []
            # Saved in batches as the engine goes (PostgreSQL writes one batch while the
            # next is computed); interviews that end here go last, together, once the
            # batches are written, as their scores need a read of their answers, and so do
            # the closings of ended buttons, which read the outbox. The claim holds the
            # rows, so no save can go stale; if one did, nothing is saved.
            with tx.saving_steps(now=now) as save:
                for start in range(0, len(rows), TICK_BATCH):
                    batch = rows[start : start + TICK_BATCH]
                    states = [InterviewState.from_dict(row.state) for row in batch]
                    stepped = [
                        self._step_due(r, s, now) for r, s in zip(batch, states, strict=True)
                    ]
                    finishing += [s for s in stepped if s[2].finished]
                    moved += [
                        Moved(row, playbook, before, step.state)
                        for (row, playbook, step), before in zip(stepped, states, strict=True)
                        if _changed_phase(before, step)
                    ]
                    save(steps_to_save(tx, [s for s in stepped if not s[2].finished], now))
            ends = steps_to_save(tx, finishing, now, defer_retrospectives=defer_retrospectives)
            tx.save_steps(steps=ends, now=now)
            queue_closings(tx, moved, now=now)
        return len(rows)

    def _step_due(self, row: DueInterview, state: InterviewState, now: datetime) -> Stepped:
        playbook = self.playbook(row)
        return row, playbook, engine.tick(state, playbook=playbook, now=now)

    def tick_one(self, *, team_id: str, interview_id: int) -> None:
        """Advance one interview if something is due (the terminal drives its own)."""

        def run(tx: Tx, row: Interview, state: InterviewState) -> tuple[Step, None]:
            now = self.clock()
            if row.next_event_at is None or row.next_event_at > now:
                return Step(state), None
            return engine.tick(state, playbook=self.playbook(row), now=now), None

        self._update(team_id=team_id, interview_id=interview_id, run=run)


def _changed_phase(before: InterviewState, step: Step) -> bool:
    """Whether a tick's step may have ended buttons (a tick presses none): cheap, as
    nearly every tick only nudges or waits."""
    return step.finished or before.phase_index != step.state.phase_index
