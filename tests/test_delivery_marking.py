"""Posts are recorded in transactions shared by the sender threads (group commit): each
caller returns once its own write has committed, and a failure reaches every caller whose
write it held."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event

from bot.interviews.marking import Hold, Marks, Sent
from storage.repository import NewOutboxItem, Store
from tests.clock import Clock
from tests.helpers import wait_until


def queue(store: Store, now: datetime, count: int) -> list[int]:
    with store.transaction() as tx:
        tx.enqueue(
            team_id="T1",
            interview_id=None,
            items=[
                NewOutboxItem(key=f"k{n}", channel_id=f"C{n}", payload={"kind": "info", "text": ""})
                for n in range(count)
            ],
            now=now,
        )
        return [item.id or 0 for item in tx.all_outbox()]


def unsent(store: Store) -> int:
    with store.transaction() as tx:
        return tx.count_unsent()


def test_writes_handed_in_while_one_is_written_share_the_next_transaction(
    store: Store, clock: Clock
) -> None:
    first, *rest = queue(store, clock(), 6)
    marks = Marks(store, clock)
    writing, release = threading.Event(), threading.Event()
    commits = [0]

    def on_commit(_conn: object) -> None:
        commits[0] += 1
        if commits[0] == 1:  # the first transaction waits until the others are queued
            writing.set()
            assert release.wait(timeout=30)

    event.listen(store.engine, "commit", on_commit)
    threads = [threading.Thread(target=marks.record, args=(Sent(first, "1.0"),))]
    threads[0].start()
    assert writing.wait(timeout=30)
    threads += [threading.Thread(target=marks.record, args=(Sent(i, "2.0"),)) for i in rest]
    for thread in threads[1:]:
        thread.start()
    wait_until(lambda: len(marks._queue) == len(rest), "the others queued")
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    assert commits[0] == 2  # the first alone; the five queued meanwhile together
    assert unsent(store) == 0


def test_a_caller_returns_once_its_post_is_recorded(store: Store, clock: Clock) -> None:
    (item,) = queue(store, clock(), 1)
    Marks(store, clock).record(Sent(item, "1.0"))
    with store.transaction() as tx:
        (row,) = tx.all_outbox()
    assert row.sent_at == clock() and row.result_ts == "1.0" and row.lease_until is None


def test_a_hold_keeps_the_channel_closed_until_then(store: Store, clock: Clock) -> None:
    second = timedelta(seconds=1)
    with store.transaction() as tx:
        assert tx.claim_post_slot(team_id="T1", channel_id="C1", now=clock(), gap=second) is None
    Marks(store, clock).record(Hold("T1", "C1", clock() + 3 * second))
    with store.transaction() as tx:
        free_at = tx.claim_post_slot(
            team_id="T1", channel_id="C1", now=clock() + 2 * second, gap=second
        )
    assert free_at == clock() + 3 * second


def test_a_failed_transaction_fails_every_write_it_held(store: Store, clock: Clock) -> None:
    (item,) = queue(store, clock(), 1)
    marks = Marks(store, clock)

    def fail(_conn: object) -> None:
        raise RuntimeError("database went away")

    event.listen(store.engine, "commit", fail)
    with pytest.raises(RuntimeError, match="went away"):
        marks.record(Sent(item, "1.0"))
    event.remove(store.engine, "commit", fail)
    assert unsent(store) == 1  # still queued (and leased, if it was): it goes again
    marks.record(Sent(item, "1.0"))  # the next caller writes as usual
    assert unsent(store) == 0
