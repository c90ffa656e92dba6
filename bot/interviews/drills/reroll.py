"""`/drill reroll`: the host swaps a scheduled drill's question before anyone has answered.

The new drill starts (and takes over the schedule's run) in the same transaction that stops
the old one, so the run never points at a finished drill (which would post the week's board).
The rerolled question stays in the team's history: it counts as seen for this round.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.engine.state import InterviewState
from bot.interviews.channel import LIVE
from bot.interviews.drills.errors import AlreadyAnswered, DrillError, NoDrillHere, NotDrillHost
from bot.interviews.drills.firing import SOURCE
from bot.interviews.drills.rotation import next_question
from bot.interviews.service import InterviewService
from storage.models import Interview
from storage.repository import NewOutboxItem, Tx


def reroll(
    service: InterviewService,
    *,
    team_id: str,
    channel_id: str,
    user_id: str,
    is_admin: Callable[[], bool],
) -> Interview:
    """Replace the channel's running drill with one on a different question; returns it.

    Raises NoDrillHere, NotDrillHost (neither host nor admin) or AlreadyAnswered. The check
    that nobody has answered, the new drill and the end of the old one are one transaction,
    saved on the old drill's version: an answer committed meanwhile makes it start over
    (and then refuse), so no answer lands in a drill that is being replaced.
    """
    old = _live_drill(service, team_id=team_id, channel_id=channel_id)
    if user_id != old.host_id and not is_admin():  # asks Slack: not inside a transaction
        raise NotDrillHost(old.host_id)

    def work(tx: Tx) -> Interview:
        row = tx.get_interview(team_id=team_id, interview_id=old.id or 0, for_update=True)
        if row is None or row.status not in LIVE:
            raise NoDrillHere()
        if tx.answers(team_id=team_id, interview_id=row.id or 0):
            raise AlreadyAnswered()
        assert row.id is not None
        state = InterviewState.from_dict(row.state)
        run = tx.run_for_interview(team_id=team_id, interview_id=row.id)
        schedule = tx.get_schedule(team_id=team_id, schedule_id=run.schedule_id) if run else None
        question = next_question(
            service.content,
            history=tx.drill_history(team_id=team_id),
            topic=schedule.topic if schedule else None,
            seed=state.seed + 1,
            exclude=row.question_id,
        )
        new = service.start(
            team_id=team_id,
            channel_id=channel_id,
            host_id=row.host_id,
            source=SOURCE,
            question=question,
            format_id=row.format_id,
            timezone=state.timezone,
            tx=tx,
        )
        assert new.id is not None
        if run is not None and run.id is not None:
            tx.set_run_interview(team_id=team_id, run_id=run.id, interview_id=new.id)
        service.abandon(team_id=team_id, interview_id=row.id, reason="rerolled", tx=tx)
        if row.thread_ts:
            note = NewOutboxItem(
                key="rerolled",
                channel_id=channel_id,
                payload={
                    "kind": "info",
                    "text": "Rerolled: a new question is in the channel.",
                    "buttons": [],
                },
            )
            tx.enqueue(team_id=team_id, interview_id=row.id, items=[note], now=service.clock())
        return new

    return service.atomically(work)


def _live_drill(service: InterviewService, *, team_id: str, channel_id: str) -> Interview:
    with service.store.transaction() as tx:
        live = tx.list_interviews(
            team_id=team_id, channel_id=channel_id, statuses=LIVE, source=SOURCE, limit=1
        )
    if not live or live[0].id is None:
        raise NoDrillHere()
    return live[0]


def reroll_command(
    service: InterviewService,
    *,
    team_id: str,
    channel_id: str,
    user_id: str,
    is_admin: Callable[[], bool],
) -> str:
    """The host swaps the running drill's question before any answer."""
    try:
        row = reroll(
            service, team_id=team_id, channel_id=channel_id, user_id=user_id, is_admin=is_admin
        )
    except DrillError as exc:
        return str(exc)
    title = service.content.questions[row.question_id].title
    return f"Rerolled: this week's question is now *{title}*."
