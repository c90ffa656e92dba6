"""Outbox rows for delivery tests: an interview whose question and first intro wait to go."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from storage.models import Interview
from storage.repository import NewOutboxItem, Store

MakeInterview = Callable[..., Interview]


def queued_drill(
    store: Store, make_interview: MakeInterview, now: datetime, channel: str, label: object
) -> int:
    """An interview in ``channel`` with its question and first intro queued (texts end in
    ``label``); its id."""
    with store.transaction() as tx:
        row: Interview = make_interview(tx, channel_id=channel, thread_ts=None)
        assert row.id is not None
        tx.enqueue(
            team_id=row.team_id,
            interview_id=row.id,
            items=[
                NewOutboxItem(
                    key=key,
                    channel_id=channel,
                    payload={"kind": key, "text": f"{key} {label}", "buttons": []},
                )
                for key in ("question", "phase_intro")
            ],
            now=now,
        )
        return row.id


def queued_info(
    store: Store, now: datetime, channel: str, text: str, key: str = "", kind: str = "info"
) -> None:
    """A team message (no interview) of ``kind`` for ``channel`` with ``text``, queued at
    ``now``."""
    with store.transaction() as tx:
        tx.enqueue(
            team_id="T1",
            interview_id=None,
            items=[
                NewOutboxItem(
                    key=key or text[:20],
                    channel_id=channel,
                    payload={"kind": kind, "text": text, "buttons": []},
                )
            ],
            now=now,
        )
