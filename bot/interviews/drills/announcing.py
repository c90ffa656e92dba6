"""What a drill's channel is told besides the interview: the occurrences its schedule
missed (in the next drill's thread), and the week's board once a drill has finished."""

from __future__ import annotations

from datetime import timedelta

from bot.interviews.drills.board import post_week_board
from bot.interviews.drills.planning import Plan
from bot.interviews.drills.texts import missed_notice
from bot.interviews.service import InterviewService
from storage.repository import NewOutboxItem, Tx


def tell_misses(
    tx: Tx, service: InterviewService, started: list[tuple[Plan, int]], *, grace: timedelta
) -> None:
    """In each started drill's thread, the occurrences of its schedule missed and not told."""
    misses = tx.unreported_misses_of(
        schedules=[(p.schedule.team_id, p.schedule.id or 0) for p, _ in started]
    )
    for plan, interview_id in started:
        runs = misses.get(plan.schedule.id or 0)
        if not runs:
            continue
        team_id, timezone = plan.schedule.team_id, plan.schedule.timezone
        item = NewOutboxItem(
            key="drill-missed",
            channel_id=plan.schedule.channel_id,
            payload={
                "kind": "info",
                "text": missed_notice(runs, timezone=timezone, grace=grace),
                "buttons": [],
            },
        )
        tx.enqueue(team_id=team_id, interview_id=interview_id, items=[item], now=service.clock())
        tx.mark_runs_reported(team_id=team_id, run_ids=[m.id for m in runs if m.id])


def announce_finished(service: InterviewService, *, limit: int = 20) -> int:
    """Post the week's board in the thread of every scheduled drill that has just finished
    (after its retrospectives, which were queued when it finished). Once per drill."""
    now = service.clock()
    with service.store.transaction() as tx:
        done = tx.finished_unreported_drills(limit=limit)
        for run, row in done:
            assert row.id is not None and run.id is not None
            item = post_week_board(tx, interview=row, now=now)
            if item is not None:
                tx.enqueue(team_id=row.team_id, interview_id=row.id, items=[item], now=now)
            tx.mark_runs_reported(team_id=row.team_id, run_ids=[run.id])
    return len(done)
