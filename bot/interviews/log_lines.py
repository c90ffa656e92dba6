"""One log line per interview event that matters: started, advanced, finished, stopped.

Lines are handed to :meth:`Tx.after_commit`, so they are logged only if what they say was
committed, and carry the team and interview ids as fields of their own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.engine.effects import Kind, Step
from bot.engine.playbook import Playbook
from bot.log_records import ids
from storage.interviews import InterviewRef

logger = logging.getLogger(__name__)


def told(
    team_id: str, interview_id: int | None, what: str, *args: object, level: int = logging.INFO
) -> Callable[[], None]:
    """A line about one interview, for :meth:`Tx.after_commit`: logged only if it happened."""
    return lambda: logger.log(
        level,
        "interview %s (team %s) " + what,
        interview_id,
        team_id,
        *args,
        extra=ids(team_id, interview_id),
    )


def step_line(row: InterviewRef, playbook: Playbook, step: Step) -> Callable[[], None] | None:
    """The line of a step that matters, if it does: the interview finished, or a new phase
    opened (possibly past several, after the scheduler was down)."""
    if step.finished:
        return told(row.team_id, row.id, "finished")
    if any(say.kind is Kind.PHASE_INTRO for say in step.effects):
        return told(
            row.team_id, row.id, "advanced to %s", playbook.phase(step.state.phase_index).id
        )
    return None
