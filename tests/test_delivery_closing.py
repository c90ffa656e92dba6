"""Closing buttons through delivery: the message to close is read as the closing is leased,
one look for the whole lease, and a message that never reached Slack is not "closed"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.interviews.delivery import Delivery
from bot.interviews.transport import Target
from storage.models import OutboxItem
from storage.repository import NewOutboxItem, Store
from tests.clock import Clock
from tests.queued import MakeInterview

LEASE = timedelta(seconds=15)


@dataclass
class Recorder:
    sent: list[dict[str, Any]] = field(default_factory=list)

    def send(self, item: OutboxItem, target: Target) -> str | None:
        self.sent.append(item.payload)
        return f"ts-{item.id}"


def _close(item_id: int, channel: str) -> NewOutboxItem:
    payload = {"kind": "close_buttons", "closes": item_id, "note": "Closed."}
    return NewOutboxItem(key=f"close-{item_id}", channel_id=channel, payload=payload)


def test_closings_carry_their_message_and_one_never_posted_is_only_marked(
    store: Store, now: datetime
) -> None:
    posted = {"kind": "phase_intro", "text": "Intro", "buttons": [{"id": "next"}], "step": 1}
    with store.transaction() as tx:
        tx.enqueue(
            team_id="T1",
            interview_id=None,
            items=[
                NewOutboxItem(key="a", channel_id="C1", payload=posted),
                NewOutboxItem(key="b", channel_id="C2", payload={"kind": "info", "text": "b"}),
            ],
            now=now,
        )
    with store.transaction() as tx:
        intro, lost = (item.id or 0 for item in tx.lease_outbox(now=now, limit=9, lease=LEASE))
        tx.mark_sent_many(now=now, sent=[(intro, "1700.1")])
        tx.mark_dead(item_id=lost, now=now, error="channel_not_found")
        closings = [_close(intro, "C1"), _close(lost, "C2")]
        tx.enqueue(team_id="T1", interview_id=None, items=closings, now=now)
        # Another team's closing naming this team's message has nothing to close.
        tx.enqueue(team_id="T2", interview_id=None, items=[_close(intro, "C9")], now=now)
    recorder = Recorder()
    assert Delivery(store=store, sender=recorder, clock=Clock(now)).run_once() == 1
    (closing,) = recorder.sent
    assert closing["closes"] == intro and closing["ts"] == "1700.1"
    assert closing["said"] == {k: posted[k] for k in ("kind", "text", "buttons", "step")}
    with store.transaction() as tx:  # nothing left: the closings with nothing to close are done
        assert not tx.lease_outbox(now=now, limit=9, lease=LEASE)


def test_a_closing_leased_with_its_message_closes_it_once_it_is_posted(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    with store.transaction() as tx:
        row = make_interview(tx, channel_id="C1", thread_ts="1700.0")
        assert row.id is not None
        intro = {"kind": "phase_intro", "text": "Intro", "buttons": [{"id": "next"}], "step": 1}
        tx.enqueue(
            team_id=row.team_id,
            interview_id=row.id,
            items=[NewOutboxItem(key="intro", channel_id="C1", payload=intro)],
            now=now,
        )
        (queued,) = tx.pending_outbox(team_id=row.team_id, interview_id=row.id)
        assert queued.id is not None
        tx.enqueue(
            team_id=row.team_id, interview_id=row.id, items=[_close(queued.id, "C1")], now=now
        )
    recorder = Recorder()
    # One run leases the thread's two messages together; no pacer, so both go at once.
    assert Delivery(store=store, sender=recorder, clock=Clock(now)).run_once() == 2
    posted, closing = recorder.sent
    assert closing["closes"] == queued.id and closing["ts"] == f"ts-{queued.id}"
