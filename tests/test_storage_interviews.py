"""Interviews: look-ups, optimistic saves, and the scheduler's claim."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime, timedelta

import pytest

from storage.errors import InterviewNotFound, StaleInterview
from storage.models import Interview
from storage.outbox import NewOutboxItem
from storage.repository import Store, Tx

MakeInterview = Callable[..., Interview]


def save(tx: Tx, row: Interview, now: datetime, **changes: object) -> Interview:
    """Save a step; return the interview as stored afterwards."""
    """save_step with the row's current values, overridden by ``changes``."""
    assert row.id is not None
    fields: dict[str, object] = {
        "status": row.status,
        "phase_id": row.phase_id,
        "phase_started_at": row.phase_started_at,
        "phase_deadline": row.phase_deadline,
        "next_event_at": row.next_event_at,
        "state": row.state,
        "finished_at": row.finished_at,
        "effects": [],
    }
    fields.update(changes)
    assert row.id is not None
    version = tx.save_step(
        team_id=row.team_id,
        interview_id=row.id,
        expected_version=row.version,
        now=now,
        **fields,  # type: ignore[arg-type]
    )
    saved = tx.get_interview(team_id=row.team_id, interview_id=row.id)
    assert saved is not None and saved.version == version
    return saved


def test_create_then_get_and_find_by_thread(store: Store, make_interview: MakeInterview) -> None:
    with store.transaction() as tx:
        created = make_interview(tx, thread_ts=None, state={"answers": 0, "tags": ["a"]})
        assert created.id is not None and created.version == 1
        tx.set_thread(team_id="T1", interview_id=created.id, thread_ts="1736150400.000100")
    with store.transaction() as tx:
        got = tx.get_interview(team_id="T1", interview_id=created.id)
        found = tx.find_interview(team_id="T1", channel_id="C1", thread_ts="1736150400.000100")
    assert got is not None and found is not None
    assert found.id == got.id == created.id
    assert got.state == {"answers": 0, "tags": ["a"]}
    assert got.version == 1  # set_thread is delivery metadata, not a step


def test_set_thread_on_unknown_interview_raises(store: Store) -> None:
    with (
        pytest.raises(InterviewNotFound, match="interview 999 not found"),
        store.transaction() as tx,
    ):
        tx.set_thread(team_id="T1", interview_id=999, thread_ts="1.2")


def test_list_is_newest_first_and_filters(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    with store.transaction() as tx:
        old = make_interview(tx, now=now, host_id="U1", status="finished")
        mid = make_interview(tx, now=now + timedelta(hours=1), host_id="U2", channel_id="C2")
        new = make_interview(tx, now=now + timedelta(hours=2), host_id="U1", source="terminal")
    with store.transaction() as tx:
        assert [i.id for i in tx.list_interviews(team_id="T1")] == [new.id, mid.id, old.id]
        assert [i.id for i in tx.list_interviews(team_id="T1", host_id="U1")] == [new.id, old.id]
        assert [i.id for i in tx.list_interviews(team_id="T1", channel_id="C2")] == [mid.id]
        assert [i.id for i in tx.list_interviews(team_id="T1", source="terminal")] == [new.id]
        unfinished = tx.list_interviews(team_id="T1", statuses=["running", "paused"])
        assert [i.id for i in unfinished] == [new.id, mid.id]
        assert len(tx.list_interviews(team_id="T1", limit=2)) == 2


def test_save_step_bumps_version_and_queues_effects(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    later = now + timedelta(minutes=2)
    with store.transaction() as tx:
        row = make_interview(tx)
    with store.transaction() as tx:
        saved = save(
            tx,
            row,
            later,
            phase_id="non_functional",
            phase_started_at=later,
            state={"phase": "non_functional"},
            effects=[NewOutboxItem(key="intro-2", channel_id="C1", payload={"text": "Next"})],
        )
    assert saved.version == 2
    assert saved.phase_id == "non_functional"
    assert saved.updated_at == later
    assert saved.state == {"phase": "non_functional"}
    with store.transaction() as tx:
        assert row.id is not None
        pending = tx.pending_outbox(team_id="T1", interview_id=row.id)
    assert [(item.key, item.payload) for item in pending] == [("intro-2", {"text": "Next"})]


def test_stale_save_raises_and_queues_nothing(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    with store.transaction() as tx:
        row = make_interview(tx)
    with store.transaction() as tx:
        save(tx, row, now, phase_id="api")  # someone else saves first: version 2
    effects = [NewOutboxItem(key="late", channel_id="C1", payload={"text": "stale"})]
    stale = pytest.raises(StaleInterview, match=f"interview {row.id} was changed")
    with stale, store.transaction() as tx:
        save(tx, row, now, phase_id="schema", effects=effects)  # still expects version 1
    with store.transaction() as tx:
        assert row.id is not None
        current = tx.get_interview(team_id="T1", interview_id=row.id)
        assert current is not None and (current.version, current.phase_id) == (2, "api")
        assert tx.pending_outbox(team_id="T1", interview_id=row.id) == []


def test_save_step_of_unknown_interview_is_not_found_rather_than_stale(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    with store.transaction() as tx:
        row = make_interview(tx)
    row.id = 12345
    with pytest.raises(InterviewNotFound), store.transaction() as tx:
        save(tx, row, now)


def test_claim_due_returns_only_due_running_interviews_oldest_first(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    with store.transaction() as tx:
        late = make_interview(tx, next_event_at=now - timedelta(minutes=5), team_id="T2")
        due = make_interview(tx, next_event_at=now)
        make_interview(tx, next_event_at=now + timedelta(seconds=1))  # not yet
        make_interview(tx, next_event_at=None)  # nothing scheduled
        make_interview(tx, status="paused", next_event_at=now - timedelta(hours=1))
        make_interview(tx, status="finished", next_event_at=now - timedelta(hours=1))
    with store.transaction() as tx:
        assert [i.id for i in tx.claim_due(now=now, limit=10)] == [late.id, due.id]
        assert [i.id for i in tx.claim_due(now=now, limit=1)] == [late.id]
        assert [i.id for i in tx.claim_due(now=now, limit=10, team_id="T1")] == [due.id]


@pytest.mark.postgres
def test_concurrent_claims_get_different_interviews(
    postgres_store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    """Two workers claiming at the same time (SQLite has no such case: its writers queue)."""
    store = postgres_store
    with store.transaction() as tx:
        ids = [make_interview(tx, next_event_at=now - timedelta(minutes=m)).id for m in range(5)]
    with ExitStack() as stack:
        first = stack.enter_context(store.transaction())
        second = stack.enter_context(store.transaction())  # another connection, same time
        claimed_first = [i.id for i in first.claim_due(now=now, limit=2)]
        claimed_second = [i.id for i in second.claim_due(now=now, limit=2)]
        claimed_third = [i.id for i in second.claim_due(now=now, limit=10)]
    oldest_first = ids[::-1]
    assert claimed_first == oldest_first[:2]
    assert claimed_second == oldest_first[2:4]
    assert claimed_third == oldest_first[2:]  # its own locks do not hide rows from itself


def test_claim_then_save_in_one_transaction_moves_the_deadline(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    with store.transaction() as tx:
        make_interview(tx, next_event_at=now)
    with store.transaction() as tx:
        for due in tx.claim_due(now=now, limit=10):
            row = tx.get_interview(team_id=due.team_id, interview_id=due.id)
            assert row is not None and row.version == due.version
            save(tx, row, now, next_event_at=now + timedelta(minutes=3))
    with store.transaction() as tx:
        assert tx.claim_due(now=now, limit=10) == []
        assert len(tx.claim_due(now=now + timedelta(minutes=3), limit=10)) == 1
