"""Two starts in one channel on PostgreSQL, where each read in a transaction sees what was
committed by then: a start that commits while the other is between its checks still leaves
one interview running and the other start refused (the double submit CI once caught).

PostgreSQL only: on SQLite every transaction holds the write lock from its first statement.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from bot.interviews.errors import AlreadyRunning
from bot.interviews.service import InterviewService
from storage.interviews import InterviewMethods
from storage.repository import Store
from tests.clock import Clock
from tests.conftest import NOW
from tests.factories import make_content

pytestmark = pytest.mark.postgres


def start(service: InterviewService, user_id: str) -> Any:
    return service.start_by_hand(
        team_id="T1",
        channel_id="C1",
        user_id=user_id,
        question=None,
        format_id=None,
        host_timezone=lambda: "UTC",
    )


def test_a_start_committed_between_the_others_checks_leaves_one_interview(
    postgres_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = InterviewService(store=postgres_store, content=make_content(), clock=Clock(NOW))
    reads = threading.local()
    original = InterviewMethods.list_interviews

    def list_then_let_the_other_start_commit(self: Any, **kwargs: Any) -> Any:
        rows = original(self, **kwargs)
        if getattr(reads, "first", True) and threading.current_thread().name == "late":
            reads.first = False  # the other start runs to its commit after this first read
            other = threading.Thread(target=start, args=(service, "U2"), name="early")
            other.start()
            other.join()
        return rows

    monkeypatch.setattr(InterviewMethods, "list_interviews", list_then_let_the_other_start_commit)
    outcome: list[object] = []

    def late() -> None:
        try:
            outcome.append(start(service, "U1"))
        except AlreadyRunning as exc:
            outcome.append(exc)

    thread = threading.Thread(target=late, name="late")
    thread.start()
    thread.join()

    (refused,) = outcome
    assert isinstance(refused, AlreadyRunning)
    assert refused.running.host_id == "U2"
    with postgres_store.transaction() as tx:
        (only,) = tx.list_interviews(team_id="T1", channel_id="C1")
    assert only.host_id == "U2"
