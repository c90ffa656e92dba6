"""Team scoping: one workspace can neither see nor change another workspace's interviews."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from storage.errors import InterviewNotFound
from storage.models import Interview
from storage.outbox import NewOutboxItem
from storage.repository import Store

MakeInterview = Callable[..., Interview]
OTHER = "T_OTHER"


@pytest.fixture
def team_a_interview(store: Store, make_interview: MakeInterview, now: datetime) -> Interview:
    """Team A's interview with a thread, a participant and an answer."""
    with store.transaction() as tx:
        row = make_interview(tx, team_id="T1", thread_ts="100.1")
        assert row.id is not None
        tx.add_participant(team_id="T1", interview_id=row.id, user_id="U1", now=now)
        added = tx.add_answer(
            team_id="T1",
            interview_id=row.id,
            user_id="U1",
            message_ts="100.2",
            phase_id="functional",
            text="A's answer",
            posted_at=now,
        )
        assert added is not None and added.id is not None
        tx.edit_answer(
            team_id="T1", interview_id=row.id, message_ts="100.2", text="edited", edited_at=now
        )
    return row


def test_other_team_cannot_read_it(store: Store, team_a_interview: Interview) -> None:
    interview_id = team_a_interview.id
    assert interview_id is not None
    with store.transaction() as tx:
        assert tx.get_interview(team_id=OTHER, interview_id=interview_id) is None
        assert tx.find_interview(team_id=OTHER, channel_id="C1", thread_ts="100.1") is None
        assert tx.list_interviews(team_id=OTHER) == []
        assert tx.participants(team_id=OTHER, interview_id=interview_id) == []
        assert tx.answers(team_id=OTHER, interview_id=interview_id, include_deleted=True) == []
        [answer] = tx.answers(team_id="T1", interview_id=interview_id)
        assert answer.id is not None
        assert tx.answer_history(team_id=OTHER, answer_id=answer.id) == []
        assert tx.pending_outbox(team_id=OTHER, interview_id=interview_id) == []
        # ...while team A sees all of it.
        assert tx.get_interview(team_id="T1", interview_id=interview_id) is not None
        assert len(tx.answer_history(team_id="T1", answer_id=answer.id)) == 1


def test_other_team_cannot_change_answers(
    store: Store, team_a_interview: Interview, now: datetime
) -> None:
    interview_id = team_a_interview.id
    assert interview_id is not None
    where: dict[str, Any] = dict(team_id=OTHER, interview_id=interview_id, message_ts="100.2")
    with store.transaction() as tx:
        assert tx.edit_answer(**where, text="hijacked", edited_at=now) is None
        assert not tx.delete_answer(**where, deleted_at=now)
        [answer] = tx.answers(team_id="T1", interview_id=interview_id)
    assert answer.text == "edited"


@pytest.mark.parametrize(
    "write",
    ["add_answer", "add_participant", "enqueue", "set_thread", "save_step"],
)
def test_other_team_cannot_write_into_it(
    store: Store, team_a_interview: Interview, now: datetime, write: str
) -> None:
    row = team_a_interview
    assert row.id is not None
    calls: dict[str, dict[str, object]] = {
        "add_answer": dict(
            user_id="U9", message_ts="100.9", phase_id="api", text="x", posted_at=now
        ),
        "add_participant": dict(user_id="U9", now=now),
        "enqueue": dict(items=[NewOutboxItem(key="k", payload={})], now=now),
        "set_thread": dict(thread_ts="200.1"),
        "save_step": dict(
            expected_version=row.version,
            status="finished",
            phase_id=row.phase_id,
            phase_started_at=row.phase_started_at,
            phase_deadline=None,
            next_event_at=None,
            state={},
            finished_at=now,
            now=now,
            effects=[NewOutboxItem(key="k", payload={})],
        ),
    }
    refused = pytest.raises(InterviewNotFound, match=f"interview {row.id} not found for team")
    with refused, store.transaction() as tx:
        getattr(tx, write)(team_id=OTHER, interview_id=row.id, **calls[write])
    with store.transaction() as tx:
        unchanged = tx.get_interview(team_id="T1", interview_id=row.id)
        assert unchanged is not None
        assert (unchanged.version, unchanged.thread_ts) == (row.version, "100.1")
        assert len(tx.participants(team_id="T1", interview_id=row.id)) == 1
        assert len(tx.answers(team_id="T1", interview_id=row.id)) == 1
        assert tx.pending_outbox(team_id="T1", interview_id=row.id) == []
