"""Participants, answers (idempotent, edit history, soft delete) and event de-duplication."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from storage.models import Interview
from storage.repository import Store

MakeInterview = Callable[..., Interview]


def new_interview(store: Store, make_interview: MakeInterview) -> int:
    with store.transaction() as tx:
        interview_id = make_interview(tx).id
    assert interview_id is not None
    return interview_id


def test_add_participant_is_idempotent(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    interview_id = new_interview(store, make_interview)
    with store.transaction() as tx:
        assert tx.add_participant(team_id="T1", interview_id=interview_id, user_id="U1", now=now)
        assert tx.add_participant(team_id="T1", interview_id=interview_id, user_id="U2", now=now)
    with store.transaction() as tx:
        assert not tx.add_participant(
            team_id="T1", interview_id=interview_id, user_id="U1", now=now + timedelta(hours=1)
        )
        people = tx.participants(team_id="T1", interview_id=interview_id)
    assert [(p.user_id, p.joined_at) for p in people] == [("U1", now), ("U2", now)]


def test_add_answer_is_idempotent_on_the_message(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    interview_id = new_interview(store, make_interview)
    answer: dict[str, Any] = dict(
        team_id="T1", interview_id=interview_id, user_id="U1", phase_id="functional"
    )
    with store.transaction() as tx:
        first = tx.add_answer(**answer, message_ts="1.1", text="users: riders", posted_at=now)
    with store.transaction() as tx:  # Slack redelivers the same message
        again = tx.add_answer(**answer, message_ts="1.1", text="users: riders", posted_at=now)
        tx.add_answer(**answer, message_ts="1.0", text="earlier", posted_at=now - timedelta(1))
        stored = tx.answers(team_id="T1", interview_id=interview_id)
    assert first is not None and first.id is not None and first.text == "users: riders"
    assert again is None
    assert [a.message_ts for a in stored] == ["1.0", "1.1"]  # in posting order


def test_edit_keeps_the_previous_text_as_history(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    interview_id = new_interview(store, make_interview)
    where: dict[str, Any] = dict(team_id="T1", interview_id=interview_id, message_ts="1.1")
    with store.transaction() as tx:
        added = tx.add_answer(**where, user_id="U1", phase_id="api", text="v1", posted_at=now)
        assert added is not None and added.id is not None
    t1, t2 = now + timedelta(minutes=1), now + timedelta(minutes=2)
    with store.transaction() as tx:
        tx.edit_answer(**where, text="v2", edited_at=t1)
    with store.transaction() as tx:
        edited = tx.edit_answer(**where, text="v3", edited_at=t2)
        unchanged = tx.edit_answer(**where, text="v3", edited_at=t2 + timedelta(1))  # unfurl
        history = tx.answer_history(team_id="T1", answer_id=added.id)
        [current] = tx.answers(team_id="T1", interview_id=interview_id)
    assert edited is not None and (edited.text, edited.edited_at) == ("v3", t2)
    assert unchanged is not None and unchanged.edited_at == t2
    assert [(r.text, r.replaced_at) for r in history] == [("v1", t1), ("v2", t2)]
    assert (current.text, current.posted_at) == ("v3", now)


def test_edit_of_an_unknown_message_returns_none(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    interview_id = new_interview(store, make_interview)
    with store.transaction() as tx:
        assert (
            tx.edit_answer(
                team_id="T1", interview_id=interview_id, message_ts="9.9", text="x", edited_at=now
            )
            is None
        )


def test_delete_is_soft_and_hides_the_answer(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    interview_id = new_interview(store, make_interview)
    where: dict[str, Any] = dict(team_id="T1", interview_id=interview_id, message_ts="1.1")
    later = now + timedelta(minutes=5)
    with store.transaction() as tx:
        tx.add_answer(**where, user_id="U1", phase_id="api", text="oops", posted_at=now)
    with store.transaction() as tx:
        assert tx.delete_answer(**where, deleted_at=later)
        assert not tx.delete_answer(**where, deleted_at=later)  # already deleted
        assert not tx.delete_answer(**{**where, "message_ts": "9.9"}, deleted_at=later)
        assert tx.edit_answer(**where, text="too late", edited_at=later) is None
        visible = tx.answers(team_id="T1", interview_id=interview_id)
        kept = tx.answers(team_id="T1", interview_id=interview_id, include_deleted=True)
    assert visible == []
    assert [(a.text, a.deleted_at) for a in kept] == [("oops", later)]


def test_remember_event_is_true_only_the_first_time(store: Store, now: datetime) -> None:
    with store.transaction() as tx:
        assert tx.remember_event(team_id="T1", event_id="Ev1", now=now)
    with store.transaction() as tx:
        assert not tx.remember_event(team_id="T1", event_id="Ev1", now=now)
        assert tx.remember_event(team_id="T1", event_id="Ev2", now=now)


def test_prune_events_forgets_old_ones(store: Store, now: datetime) -> None:
    with store.transaction() as tx:
        tx.remember_event(team_id="T1", event_id="old", now=now - timedelta(days=2))
        tx.remember_event(team_id="T1", event_id="new", now=now)
    with store.transaction() as tx:
        assert tx.prune_events(before=now - timedelta(days=1)) == 1
        assert tx.remember_event(team_id="T1", event_id="old", now=now)
        assert not tx.remember_event(team_id="T1", event_id="new", now=now)
