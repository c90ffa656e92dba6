"""Practice interviews in the terminal: resuming one and following it to its end.

They belong to :data:`TERMINAL_TEAM`, so Slack's workers leave them alone and the terminal
drives and delivers only its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.engine.state import InterviewState, Status
from bot.interviews.delivery import Delivery
from bot.interviews.service import TERMINAL_TEAM, InterviewService
from bot.interviews.transport import Sender
from storage.models import Interview

LEASE = timedelta(seconds=10)
"""How long a message printed but not yet marked sent (the process was killed in between)
is held before `practice --resume` prints it again; see README "Restart safety"."""


def unfinished(service: InterviewService, *, host_id: str) -> list[Interview]:
    """The host's practice interviews not finished yet (paused, or stopped by a kill),
    newest first."""
    with service.store.transaction() as tx:
        return tx.list_interviews(
            team_id=TERMINAL_TEAM,
            source="terminal",
            host_id=host_id,
            statuses=["running", "paused"],
        )


def resume(service: InterviewService, *, host_id: str, interview_id: int) -> Interview | None:
    """The host's unfinished practice interview ``interview_id``, running again if it was
    paused; None if they have no such unfinished interview."""
    rows = [r for r in unfinished(service, host_id=host_id) if r.id == interview_id]
    if not rows:
        return None
    if rows[0].status == "paused":
        service.act(
            team_id=TERMINAL_TEAM, interview_id=interview_id, user_id=host_id, action="resume"
        )
    return rows[0]


@dataclass(frozen=True)
class Progress:
    """Where a practice interview stands, for the terminal's status line."""

    phase_number: int
    phases: int
    title: str
    covers: tuple[str, ...]
    deadline: datetime
    paused_at: datetime | None
    later: timedelta
    """The budgets of the phases after this one."""
    finished: bool

    def left(self, now: datetime) -> timedelta:
        """Time left in the phase; a paused clock stands still."""
        return max(timedelta(0), self.deadline - (self.paused_at or now))


def progress(service: InterviewService, *, interview_id: int) -> Progress | None:
    """The interview's phase and clock; None if it is gone."""
    with service.store.transaction() as tx:
        row = tx.get_interview(team_id=TERMINAL_TEAM, interview_id=interview_id)
    if row is None:
        return None
    state = InterviewState.from_dict(row.state)
    phases = service.playbook(row).fmt.phases
    phase = phases[state.phase_index]
    return Progress(
        phase_number=state.phase_index + 1,
        phases=len(phases),
        title=phase.title,
        covers=tuple(phase.covers),
        deadline=state.deadline,
        paused_at=state.paused_at,
        later=sum((p.budget for p in phases[state.phase_index + 1 :]), timedelta(0)),
        finished=state.status is Status.FINISHED,
    )


def delivery(service: InterviewService, sender: Sender, *, interview_id: int) -> Delivery:
    """Delivery of this one interview's messages, to ``sender``."""
    return Delivery(
        store=service.store,
        sender=sender,
        clock=service.clock,
        lease=LEASE,
        team_id=TERMINAL_TEAM,
        interview_id=interview_id,
    )


def is_done(service: InterviewService, *, interview_id: int) -> bool:
    """Finished (or gone) with every message of it delivered."""
    with service.store.transaction() as tx:
        row = tx.get_interview(team_id=TERMINAL_TEAM, interview_id=interview_id)
        if row is not None and row.status != "finished":
            return False
        return not tx.pending_outbox(team_id=TERMINAL_TEAM, interview_id=interview_id)
