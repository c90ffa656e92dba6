"""Practice interviews in the terminal: resuming one and following it to its end.

They belong to :data:`TERMINAL_TEAM`, so Slack's workers leave them alone and the terminal
drives and delivers only its own.
"""

from __future__ import annotations

from datetime import timedelta

from bot.interviews.delivery import Delivery, Sender
from bot.interviews.service import TERMINAL_TEAM, InterviewService
from storage.models import Interview

LEASE = timedelta(seconds=10)
"""How long a message printed but not yet marked sent (the process was killed in between)
is held before `practice --resume` prints it again; see README "Restart safety"."""


def resume(service: InterviewService, *, host_id: str) -> Interview | None:
    """The host's latest unfinished practice interview, running again if it was paused;
    None if there is none."""
    with service.store.transaction() as tx:
        row = tx.latest_unfinished(team_id=TERMINAL_TEAM, source="terminal", host_id=host_id)
    if row is not None and row.id is not None and row.status == "paused":
        service.act(team_id=TERMINAL_TEAM, interview_id=row.id, user_id=host_id, action="resume")
    return row


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
