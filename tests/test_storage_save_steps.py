"""Saving a whole tick at once: ``Tx.save_steps``, on both databases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from storage.errors import InterviewNotFound, StaleInterview
from storage.models import Interview
from storage.outbox import NewOutboxItem
from storage.repository import Store, Tx
from storage.step_rows import StepToSave

MakeInterview = Callable[..., Interview]


def step(row: Interview, when: datetime, *keys: str, **changes: object) -> StepToSave:
    """A step moving ``row`` to ``when``'s phase, queueing one message per key."""
    assert row.id is not None
    fields: dict[str, object] = {
        "team_id": row.team_id,
        "interview_id": row.id,
        "expected_version": row.version,
        "status": "running",
        "phase_id": "api",
        "phase_started_at": when,
        "phase_deadline": when + timedelta(minutes=5),
        "next_event_at": when + timedelta(minutes=4),
        "state": {"phase": "api", "of": row.id},
        "finished_at": None,
        "effects": [
            NewOutboxItem(key=key, channel_id=row.channel_id, payload={"text": key}) for key in keys
        ],
    }
    fields.update(changes)
    return StepToSave(**fields)  # type: ignore[arg-type]


def make_rows(tx: Tx, make_interview: MakeInterview, count: int) -> list[Interview]:
    return [make_interview(tx, channel_id=f"C{n}") for n in range(count)]


def test_save_steps_saves_every_row_and_queues_messages_in_interview_order(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    later = now + timedelta(minutes=2)
    with store.transaction() as tx:
        a, b, c = make_rows(tx, make_interview, 3)
    # b, c, a: the outbox ids follow the steps' order, then each step's messages.
    steps = [step(b, later, "b1", "b2", "b3"), step(c, later), step(a, later, "a1", "a2")]
    with store.transaction() as tx:
        assert b.id is not None
        held = tx.get_interview(team_id="T1", interview_id=b.id)
        versions = tx.save_steps(steps=steps, now=later)
        assert versions == [2, 2, 2]
        # rows the session holds are brought up to date in place
        assert held is not None and held.version == 2
        assert held.state == {"phase": "api", "of": b.id}
    with store.transaction() as tx:
        for row in (a, b, c):
            assert row.id is not None
            saved = tx.get_interview(team_id="T1", interview_id=row.id)
            assert saved is not None
            assert (saved.version, saved.phase_id, saved.updated_at) == (2, "api", later)
            assert saved.next_event_at == later + timedelta(minutes=4)
            assert saved.state == {"phase": "api", "of": row.id}
        assert a.id is not None and b.id is not None and c.id is not None
        pending = {
            row.id: tx.pending_outbox(team_id="T1", interview_id=row.id) for row in (a, b, c)
        }
    assert [item.key for item in pending[b.id]] == ["b1", "b2", "b3"]
    assert [item.key for item in pending[a.id]] == ["a1", "a2"]
    assert pending[c.id] == []
    ids = [item.id for item in pending[b.id] + pending[a.id]]
    assert ids == sorted(ids)
    assert all(item.channel_id == "C0" for item in pending[a.id])


def test_a_stale_row_in_the_batch_raises_and_nothing_is_written(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    later = now + timedelta(minutes=2)
    with store.transaction() as tx:
        a, b, c = make_rows(tx, make_interview, 3)
    with store.transaction() as tx:  # someone else saves b first: version 2
        tx.save_steps(steps=[step(b, now, phase_id="schema")], now=now)
    steps = [step(a, later, "a1"), step(b, later, "b1"), step(c, later, "c1")]
    stale = pytest.raises(StaleInterview, match=f"interview {b.id} was changed")
    with stale as raised, store.transaction() as tx:
        tx.save_steps(steps=steps, now=later)  # b still expects version 1
    assert raised.value.interview_id == b.id and raised.value.expected_version == 1
    with store.transaction() as tx:
        for row, version, phase in ((a, 1, "functional"), (b, 2, "schema"), (c, 1, "functional")):
            assert row.id is not None
            current = tx.get_interview(team_id="T1", interview_id=row.id)
            assert current is not None and (current.version, current.phase_id) == (version, phase)
            assert tx.pending_outbox(team_id="T1", interview_id=row.id) == []


def test_a_row_moved_on_by_exactly_one_version_is_still_found_stale(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    later = now + timedelta(minutes=2)
    with store.transaction() as tx:
        a, b = make_rows(tx, make_interview, 2)
    with store.transaction() as tx:  # b is at version 2, as a's save will leave a
        tx.save_steps(steps=[step(b, now)], now=now)
    stale = pytest.raises(StaleInterview, match=f"interview {b.id} was changed")
    with stale, store.transaction() as tx:
        tx.save_steps(steps=[step(a, later, "a1"), step(b, later, "b1")], now=later)
    with store.transaction() as tx:
        assert a.id is not None
        current = tx.get_interview(team_id="T1", interview_id=a.id)
        assert current is not None and current.version == 1
        assert tx.pending_outbox(team_id="T1", interview_id=a.id) == []


def test_a_row_of_another_team_in_the_batch_is_not_found(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    with store.transaction() as tx:
        a = make_interview(tx)
        other = make_interview(tx, team_id="T2")
    with pytest.raises(InterviewNotFound), store.transaction() as tx:
        tx.save_steps(steps=[step(a, now, "a1"), step(other, now, team_id="T1")], now=now)
    with store.transaction() as tx:
        assert a.id is not None
        current = tx.get_interview(team_id="T1", interview_id=a.id)
        assert current is not None and current.version == 1
        assert tx.pending_outbox(team_id="T1", interview_id=a.id) == []


def test_save_steps_of_nothing_writes_nothing(store: Store, now: datetime) -> None:
    with store.transaction() as tx:
        assert tx.save_steps(steps=[], now=now) == []


def test_times_saved_in_bulk_read_back_exactly_and_order_by_time(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    """The tick writes through storage.bulk, not SQLAlchemy's type processing: what it
    stores must read back the same and still compare as times on SQLite (stored as text)."""
    tokyo = (now + timedelta(microseconds=7)).astimezone(ZoneInfo("Asia/Tokyo"))
    with store.transaction() as tx:
        a, b = make_rows(tx, make_interview, 2)
    with store.transaction() as tx:
        tx.save_steps(
            steps=[
                step(a, now, "a1", next_event_at=tokyo, state={"ü": [1, None, "é"]}),
                step(b, now, next_event_at=now + timedelta(seconds=1)),
            ],
            now=now,
        )
    with store.transaction() as tx:
        assert a.id is not None
        saved = tx.get_interview(team_id="T1", interview_id=a.id)
        assert saved is not None
        assert saved.next_event_at == tokyo and saved.next_event_at.utcoffset() == timedelta()
        assert saved.state == {"ü": [1, None, "é"]}
        (queued,) = tx.pending_outbox(team_id="T1", interview_id=a.id)
        assert (queued.key, queued.payload, queued.created_at) == ("a1", {"text": "a1"}, now)
        due = tx.claim_due(now=now + timedelta(microseconds=7), limit=10)
        assert [row.id for row in due] == [a.id]


def test_a_naive_time_is_refused_and_nothing_is_saved(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    with store.transaction() as tx:
        (row,) = make_rows(tx, make_interview, 1)
    naive = now.replace(tzinfo=None)
    with pytest.raises(ValueError, match="naive"), store.transaction() as tx:
        tx.save_steps(steps=[step(row, now, "x", next_event_at=naive)], now=now)
    with store.transaction() as tx:
        assert row.id is not None
        saved = tx.get_interview(team_id="T1", interview_id=row.id)
        assert saved is not None and saved.version == row.version
        assert tx.pending_outbox(team_id="T1", interview_id=row.id) == []


def test_steps_saved_in_several_batches_all_land_in_order(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    """The tick saves as it goes (``saving_steps``; pipelined on PostgreSQL)."""
    later = now + timedelta(minutes=2)
    with store.transaction() as tx:
        a, b, c = make_rows(tx, make_interview, 3)
    with store.transaction() as tx, tx.saving_steps(now=later) as save:
        save([step(b, later, "b1", "b2"), step(a, later, "a1")])
        save([])
        save([step(c, later, "c1", "c2", "c3")])
    with store.transaction() as tx:
        keys = []
        for row in (a, b, c):
            assert row.id is not None
            saved = tx.get_interview(team_id="T1", interview_id=row.id)
            assert saved is not None and (saved.version, saved.phase_id) == (2, "api")
            keys += [(i.id, i.key) for i in tx.pending_outbox(team_id="T1", interview_id=row.id)]
    assert [key for _, key in sorted(keys)] == ["b1", "b2", "a1", "c1", "c2", "c3"]


def test_a_stale_row_in_a_later_batch_raises_and_no_batch_is_saved(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    later = now + timedelta(minutes=2)
    with store.transaction() as tx:
        a, b = make_rows(tx, make_interview, 2)
    with store.transaction() as tx:  # someone else saves b first: version 2
        tx.save_steps(steps=[step(b, now, phase_id="schema")], now=now)
    stale = pytest.raises(StaleInterview, match=f"interview {b.id} was changed")
    with stale, store.transaction() as tx, tx.saving_steps(now=later) as save:
        save([step(a, later, "a1")])
        save([step(b, later, "b1")])  # b still expects version 1
    with store.transaction() as tx:
        for row, version in ((a, 1), (b, 2)):
            assert row.id is not None
            current = tx.get_interview(team_id="T1", interview_id=row.id)
            assert current is not None and current.version == version
            assert tx.pending_outbox(team_id="T1", interview_id=row.id) == []
