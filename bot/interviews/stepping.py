"""Read an interview, run one engine call, save the step under the row's version.

Every use case that changes an interview goes through :meth:`StepRunner._update` (or
:meth:`StepRunner._retrying`): when another process saved the same interview first, the
whole transaction is rolled back and run again, so nothing is lost or applied twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import TypeVar

from bot.content.model import Content
from bot.engine.effects import Step
from bot.engine.playbook import Playbook
from bot.engine.state import InterviewState
from bot.interviews.closing import Moved, queue_closings
from bot.interviews.errors import InterviewBusy, InterviewNotFound
from bot.interviews.saving import steps_to_save
from storage.errors import StaleInterview
from storage.interviews import InterviewRef
from storage.models import Interview
from storage.repository import Store, Tx

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]
T = TypeVar("T")
RETRIES = 5


class StepRunner:
    """What every use case shares: the store, the content and the one clock."""

    def __init__(self, *, store: Store, content: Content, clock: Clock) -> None:
        self.store = store
        self.content = content
        self.clock = clock
        self._playbooks: dict[tuple[str, str], Playbook] = {}

    def playbook(self, row: InterviewRef) -> Playbook:
        """The row's playbook, built once per question and format: the content is frozen,
        and the clock's tick needs one for every due interview."""
        key = (row.question_id, row.format_id)
        playbook = self._playbooks.get(key)
        if playbook is None:
            playbook = Playbook.from_content(
                self.content, question_id=row.question_id, format_id=row.format_id
            )
            self._playbooks[key] = playbook
        return playbook

    def atomically(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in one transaction, redone from the start when another process
        saved one of its interviews first (for changes spanning several interviews)."""
        return self._retrying(work)

    def _joined(self, tx: Tx | None) -> AbstractContextManager[Tx]:
        return nullcontext(tx) if tx is not None else self.store.transaction()

    def _update(
        self,
        *,
        team_id: str,
        interview_id: int,
        run: Callable[[Tx, Interview, InterviewState], tuple[Step, T]],
        tx: Tx | None = None,
        by: str | None = None,
    ) -> T:
        """Read, run, save under the row's version; retry when a tick got there first
        (within the caller's ``tx``, the caller retries). ``by``: the person whose command
        it is. Raises InterviewNotFound."""

        def work(tx: Tx) -> T:
            row = tx.get_interview(team_id=team_id, interview_id=interview_id)
            if row is None:
                raise InterviewNotFound(interview_id, team_id=team_id)
            before = InterviewState.from_dict(row.state)
            step, result = run(tx, row, before)
            if step.state != before or step.effects:
                self._save(tx, row, step, self.clock(), by=by)
            return result

        return work(tx) if tx is not None else self._retrying(work)

    def _retrying(self, work: Callable[[Tx], T]) -> T:
        """Run ``work`` in one transaction; when another process saved the same interview
        first (a version conflict), everything is rolled back and ``work`` runs again."""
        for attempt in range(RETRIES):
            try:
                with self.store.transaction() as tx:
                    return work(tx)
            except StaleInterview as exc:
                logger.debug("%s; retry %d", exc, attempt)  # routine: handled here
        raise InterviewBusy()

    def _save(
        self, tx: Tx, row: InterviewRef, step: Step, now: datetime, *, by: str | None = None
    ) -> None:
        playbook, before = self.playbook(row), InterviewState.from_dict(row.state)
        tx.save_steps(steps=steps_to_save(tx, [(row, playbook, step)], now), now=now)
        queue_closings(tx, [Moved(row, playbook, before, step.state)], now=now, by=by)
