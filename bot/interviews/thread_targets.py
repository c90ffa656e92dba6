"""Where each delivered message goes: its interview's Slack thread (read with every lease,
started by the question's message) or a person's DMs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.interviews.transport import Target
from storage.models import OutboxItem
from storage.repository import Tx

Threads = dict[tuple[str, int], str | None]
"""The thread ts of each (team id, interview id) of a lease."""


def threads_for(tx: Tx, items: Sequence[OutboxItem]) -> Threads:
    """The threads, as they are now, of the interviews whose thread messages are in ``items``."""
    interviews = {
        (item.team_id, item.interview_id)
        for item in items
        if item.interview_id is not None and item.user_id is None
    }
    return tx.threads_of(interviews=interviews) if interviews else {}


def target(item: OutboxItem, threads: Threads, slot: datetime | None) -> Target:
    """Where ``item`` goes; a question goes to the channel, its message starting the thread."""
    thread = None
    if item.interview_id is not None and item.payload.get("kind") != "question":
        thread = threads.get((item.team_id, item.interview_id))
    return Target(item.channel_id, thread, item.user_id, slot)


def thread_started(item: OutboxItem, ts: str | None) -> tuple[str, int] | None:
    """The (team id, interview id) whose thread ``item``, sent as message ``ts``, starts:
    the question's message becomes the interview's thread."""
    if item.payload.get("kind") == "question" and ts and item.interview_id is not None:
        return (item.team_id, item.interview_id)
    return None
