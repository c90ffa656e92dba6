"""`/drill reroll`: the host swaps a scheduled drill's question before anyone has answered.

The new drill starts (and takes over the schedule's run) before the old one is stopped, so
at no moment does the run point at a finished drill (which would post the week's board).
The rerolled question stays in the team's history: it counts as seen for this round.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.drills.firing import SOURCE
from bot.drills.manage import DrillError
from bot.drills.rotation import next_question
from bot.engine.state import InterviewState
from bot.service import InterviewService
from storage.models import Interview
from storage.repository import NewOutboxItem

LIVE = ("running", "paused")


class NoDrillHere(DrillError, LookupError):
    def __init__(self) -> None:
        super().__init__(
            "No scheduled drill is running in this channel, so there is nothing to reroll."
        )


class NotDrillHost(DrillError, PermissionError):
    def __init__(self, host_id: str) -> None:
        super().__init__(
            f"Only the drill's host (<@{host_id}>) and workspace admins can reroll it."
        )


class AlreadyAnswered(DrillError):
    def __init__(self) -> None:
        super().__init__(
            "Someone has already answered this drill, so its question stays. "
            "`/drill end` finishes it early if you need to."
        )


def reroll(
    service: InterviewService,
    *,
    team_id: str,
    channel_id: str,
    user_id: str,
    is_admin: Callable[[], bool],
) -> Interview:
    """Replace the channel's running drill with one on a different question; returns it.

    Raises NoDrillHere, NotDrillHost (neither host nor admin) or AlreadyAnswered.
    """
    with service.store.transaction() as tx:
        live = tx.list_interviews(
            team_id=team_id, channel_id=channel_id, statuses=LIVE, source=SOURCE, limit=1
        )
    if not live or live[0].id is None:
        raise NoDrillHere()
    old = live[0]
    assert old.id is not None
    if user_id != old.host_id and not is_admin():
        raise NotDrillHost(old.host_id)
    state = InterviewState.from_dict(old.state)
    with service.store.transaction() as tx:
        if tx.answers(team_id=team_id, interview_id=old.id):
            raise AlreadyAnswered()
        run = tx.run_for_interview(team_id=team_id, interview_id=old.id)
        schedule = tx.get_schedule(team_id=team_id, schedule_id=run.schedule_id) if run else None
        question = next_question(
            service.content,
            history=tx.drill_history(team_id=team_id),
            topic=schedule.topic if schedule else None,
            seed=state.seed + 1,
            exclude=old.question_id,
        )
        new = service.start(
            team_id=team_id,
            channel_id=channel_id,
            host_id=old.host_id,
            source=SOURCE,
            question=question,
            format_id=old.format_id,
            timezone=state.timezone,
            tx=tx,
        )
        assert new.id is not None
        if run is not None and run.id is not None:
            tx.set_run_interview(team_id=team_id, run_id=run.id, interview_id=new.id)
    service.abandon(team_id=team_id, interview_id=old.id, reason="rerolled")
    if old.thread_ts:
        note = NewOutboxItem(
            key="rerolled",
            channel_id=channel_id,
            payload={
                "kind": "info",
                "text": "Rerolled: a new question is in the channel.",
                "buttons": [],
            },
        )
        with service.store.transaction() as tx:
            tx.enqueue(team_id=team_id, interview_id=old.id, items=[note], now=service.clock())
    return new
