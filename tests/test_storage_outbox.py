"""The outbox: idempotent enqueue, leases, retries, and per-interview delivery order."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, text

from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Interview, OutboxItem
from storage.outbox import NewOutboxItem
from storage.repository import Store

MakeInterview = Callable[..., Interview]
LEASE = timedelta(seconds=60)


def items(*keys: str) -> list[NewOutboxItem]:
    return [NewOutboxItem(key=key, channel_id="C1", payload={"text": key}) for key in keys]


def queue(store: Store, make_interview: MakeInterview, now: datetime, *keys: str, **kw: str) -> int:
    """A new interview with ``keys`` enqueued in that order; returns its id."""
    with store.transaction() as tx:
        interview_id = make_interview(tx, **kw).id
        assert interview_id is not None
        tx.enqueue(
            team_id=kw.get("team_id", "T1"), interview_id=interview_id, items=items(*keys), now=now
        )
    return interview_id


def lease(store: Store, now: datetime, limit: int = 10, **filters: object) -> list[str]:
    with store.transaction() as tx:
        leased = tx.lease_outbox(now=now, limit=limit, lease=LEASE, **filters)  # type: ignore[arg-type]
    return [item.key for item in leased]


def item_id(store: Store, interview_id: int, key: str) -> int:
    with store.transaction() as tx:
        pending = tx.pending_outbox(team_id="T1", interview_id=interview_id)
    found = next(item.id for item in pending if item.key == key)
    assert found is not None
    return found


def test_enqueue_keeps_order_and_ignores_duplicate_keys(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    interview_id = queue(store, make_interview, now, "question", "intro", "nudge")
    with store.transaction() as tx:
        tx.enqueue(team_id="T1", interview_id=interview_id, items=items("intro", "retro"), now=now)
        pending = tx.pending_outbox(team_id="T1", interview_id=interview_id)
    assert [item.key for item in pending] == ["question", "intro", "nudge", "retro"]
    assert pending[0].payload == {"text": "question"}
    assert pending[0].next_attempt_at == now and pending[0].attempts == 0


def test_lease_hands_out_items_in_id_order_and_only_once(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    queue(store, make_interview, now, "a1", "a2")
    queue(store, make_interview, now, "b1")
    assert lease(store, now) == ["a1", "a2", "b1"]
    assert lease(store, now) == []  # leased by the first call
    assert lease(store, now + LEASE - timedelta(microseconds=1)) == []
    assert lease(store, now + LEASE) == ["a1", "a2", "b1"]  # the lease ran out


def test_lease_records_its_expiry(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    queue(store, make_interview, now, "a1")
    with store.transaction() as tx:
        [item] = tx.lease_outbox(now=now, limit=10, lease=LEASE)
    assert item.lease_until == now + LEASE


def test_a_failing_message_holds_back_the_rest_of_its_thread(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    a = queue(store, make_interview, now, "a1", "a2", "a3")
    queue(store, make_interview, now, "b1")
    a1, a2, a3 = (item_id(store, a, key) for key in ("a1", "a2", "a3"))
    assert lease(store, now) == ["a1", "a2", "a3", "b1"]
    retry_at = now + timedelta(seconds=30)
    with store.transaction() as tx:
        tx.mark_failed(item_id=a1, now=now, error="rate", retry_at=retry_at + timedelta(minutes=1))
        tx.mark_failed(item_id=a2, now=now, error="after a1", retry_at=retry_at)
        tx.mark_failed(item_id=a3, now=now, error="after a1", retry_at=retry_at)
    assert lease(store, retry_at) == []  # a2, a3 are due, but a1 is not: nothing overtakes it
    # a1 is due again; so is b1, whose lease (never marked) ran out meanwhile.
    assert lease(store, retry_at + timedelta(minutes=1)) == ["a1", "a2", "a3", "b1"]


def test_a_failing_thread_message_does_not_hold_back_the_interviews_dms(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    a = queue(store, make_interview, now, "a1", "a2")
    with store.transaction() as tx:
        dms = [NewOutboxItem(key=f"dm{n}", user_id="U1", payload={}) for n in (1, 2)]
        tx.enqueue(team_id="T1", interview_id=a, items=dms, now=now)
    assert lease(store, now) == ["a1", "a2", "dm1", "dm2"]
    a1, *waiting = (item_id(store, a, key) for key in ("a1", "a2", "dm1", "dm2"))
    with store.transaction() as tx:
        tx.mark_failed(item_id=a1, now=now, error="503", retry_at=now + LEASE)
        tx.release(held=dict.fromkeys(waiting, now + LEASE), until=now)
    assert lease(store, now) == ["dm1", "dm2"]  # a2 waits for a1 in the thread; DMs do not


def test_release_gives_back_only_the_leases_still_ours(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    a = queue(store, make_interview, now, "a1")
    b = queue(store, make_interview, now, "b1")
    assert lease(store, now) == ["a1", "b1"]
    later = now + LEASE
    assert lease(store, later) == ["a1", "b1"]  # both leases ran out and were taken again
    ours, theirs = item_id(store, a, "a1"), item_id(store, b, "b1")
    with store.transaction() as tx:
        tx.release(held={ours: later + LEASE, theirs: now + LEASE}, until=later)
    assert lease(store, later) == ["a1"]  # b1's lease is another worker's: kept


def test_a_leased_message_holds_back_later_ones_of_its_interview(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    a = queue(store, make_interview, now, "a1", "a2", "a3")
    b = queue(store, make_interview, now, "b1")
    a1, a2 = item_id(store, a, "a1"), item_id(store, a, "a2")
    assert lease(store, now, limit=2) == ["a1", "a2"]
    with store.transaction() as tx:
        tx.enqueue(team_id="T1", interview_id=b, items=items("b2"), now=now)
    assert lease(store, now) == ["b1", "b2"]  # a3 waits while a1, a2 are out
    with store.transaction() as tx:
        tx.mark_sent_many(now=now, sent=[(a1, "1.1")])
        tx.mark_sent_many(now=now, sent=[(a2, "1.2")])
    assert lease(store, now) == ["a3"]


def test_mark_sent_records_the_result_once(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    a = queue(store, make_interview, now, "a1")
    first = item_id(store, a, "a1")
    lease(store, now)
    with store.transaction() as tx:
        tx.mark_sent_many(now=now, sent=[(first, "111.1")])
        tx.mark_sent_many(now=now + timedelta(seconds=5), sent=[(first, "222.2")])
        assert tx.pending_outbox(team_id="T1", interview_id=a) == []
    with store.transaction() as tx:
        sent = tx._session.get(OutboxItem, first)
    assert sent is not None
    assert (sent.sent_at, sent.result_ts, sent.lease_until) == (now, "111.1", None)
    assert lease(store, now + timedelta(hours=1)) == []


def test_mark_failed_counts_attempts_and_schedules_the_retry(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    a = queue(store, make_interview, now, "a1")
    lease(store, now)
    with store.transaction() as tx:
        tx.mark_failed(
            item_id=item_id(store, a, "a1"),
            now=now,
            error="ratelimited",
            retry_at=now + timedelta(seconds=2),
        )
    with store.transaction() as tx:
        tx.mark_failed(
            item_id=item_id(store, a, "a1"),
            now=now,
            error="x" * 5000,
            retry_at=now - timedelta(hours=1),
        )
        [item] = tx.pending_outbox(team_id="T1", interview_id=a)
    assert item.attempts == 2
    assert item.last_error is not None and len(item.last_error) == 2000
    assert item.lease_until is None
    assert item.next_attempt_at == now  # a retry time in the past means "now"
    assert lease(store, now) == ["a1"]


def test_messages_without_interview_are_independent(store: Store, now: datetime) -> None:
    with store.transaction() as tx:
        tx.enqueue(team_id="T1", interview_id=None, items=items("dm", "dm"), now=now)
    with store.transaction() as tx:
        leased = tx.lease_outbox(now=now, limit=10, lease=LEASE)
        assert [item.key for item in leased] == ["dm", "dm"]  # no interview: no de-duplication
        assert leased[0].id is not None
        tx.mark_failed(item_id=leased[0].id, now=now, error="boom", retry_at=now + LEASE * 10)
    assert lease(store, now + LEASE) == ["dm"]  # the other is not held back


def test_lease_filters(store: Store, make_interview: MakeInterview, now: datetime) -> None:
    a = queue(store, make_interview, now, "a1", team_id="T1")
    queue(store, make_interview, now, "b1", team_id="T2")
    queue(store, make_interview, now, "c1", team_id="T1")
    assert lease(store, now, team_id="T2") == ["b1"]
    assert lease(store, now, exclude_team="T1") == []
    assert lease(store, now, interview_id=a) == ["a1"]
    assert lease(store, now) == ["c1"]


def test_concurrent_workers_never_share_an_item_or_split_a_thread(
    postgres_store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    """Two workers leasing at once on PostgreSQL (SQLite's writers queue instead)."""
    store = postgres_store
    queue(store, make_interview, now, "a1", "a2", "a3")
    queue(store, make_interview, now, "b1", "b2")
    queue(store, make_interview, now, "c1")
    with ExitStack() as stack:
        first = stack.enter_context(store.transaction())
        second = stack.enter_context(store.transaction())
        first_keys = [i.key for i in first.lease_outbox(now=now, limit=1, lease=LEASE)]
        second_keys = [i.key for i in second.lease_outbox(now=now, limit=10, lease=LEASE)]
    assert first_keys == ["a1"]
    # a2, a3 are not a prefix without a1 (locked by the first worker): skipped, not taken.
    assert second_keys == ["b1", "b2", "c1"]
    assert lease(store, now) == []
    assert lease(store, now + LEASE) == ["a1", "a2", "a3", "b1", "b2", "c1"]


def test_lease_queries_do_not_scan_sent_rows(tmp_path: Path, now: datetime) -> None:
    """Every outbox access in the lease goes through a partial (unsent-only) index.

    Checked on SQLite's query plan; PostgreSQL picks plans by table statistics, so an
    empty test table tells nothing there.
    """
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    upgrade(url)
    engine = make_engine(url)
    plans = _query_plans(engine, Store(engine), now)
    engine.dispose()
    outbox_steps = [step for step in plans if " outbox" in step]
    assert outbox_steps, plans
    for step in outbox_steps:
        assert "USING INDEX ix_outbox_unsent_" in step, plans


def _query_plans(engine: Engine, store: Store, now: datetime) -> list[str]:
    """EXPLAIN QUERY PLAN of every SELECT that lease_outbox runs."""
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO outbox (team_id, key, payload, created_at, next_attempt_at, attempts)"
                " VALUES ('T1', 'k', '{}', '2025-01-01', '2025-01-01', 0)"
            )
        )
    plans: list[str] = []

    def explain(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> tuple[str, Any]:
        if statement.lstrip().upper().startswith("SELECT"):
            rows = cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
            plans.extend(row[3] for row in rows)
        return statement, parameters

    event.listen(engine, "before_cursor_execute", explain, retval=True)
    try:
        with store.transaction() as tx:
            tx.lease_outbox(now=now, limit=10, lease=LEASE)
    finally:
        event.remove(engine, "before_cursor_execute", explain)
    return plans


def test_a_lease_lost_to_another_worker_cannot_be_renewed(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    queue(store, make_interview, now, "a1")
    with store.transaction() as tx:
        (first,) = tx.lease_outbox(now=now, limit=5, lease=LEASE)
    held = first.lease_until
    assert held is not None and first.id is not None
    with store.transaction() as tx:  # still ours: renewed from a later moment
        renewed = tx.renew_lease(item_id=first.id, held_until=held, now=now, lease=LEASE)
    assert renewed == now + LEASE
    later = now + 2 * LEASE  # our batch was slow; the lease ran out and another worker took it
    with store.transaction() as tx:
        assert [i.key for i in tx.lease_outbox(now=later, limit=5, lease=LEASE)] == ["a1"]
        assert tx.renew_lease(item_id=first.id, held_until=held, now=later, lease=LEASE) is None
