"""Answers as the use case stores them, on SQLite and PostgreSQL: a late reply kept for the
phase it was written for, nothing kept while paused, a check-in answered in the same
transaction that stores it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.interviews.service import InterviewService
from tests.clock import Clock
from tests.conftest import NOW

TEAM = "T1"


def start(service: InterviewService) -> int:
    row = service.start(
        team_id=TEAM, channel_id="C1", host_id="U1", source="slack", thread_ts="100.1", seed=3
    )
    assert row.id is not None
    return row.id


def reply(service: InterviewService, n: int, text: str, **kw: Any) -> bool:
    fields: dict[str, Any] = {
        "team_id": TEAM,
        "channel_id": "C1",
        "thread_ts": "100.1",
        "user_id": "U1",
        "message_ts": f"200.{n:04d}",
        "text": text,
        "at": service.clock(),
        "event_id": f"Ev{n:04d}",
    }
    return service.record_reply(**(fields | kw))


def stored(service: InterviewService, interview_id: int) -> list[tuple[str, str]]:
    with service.store.transaction() as tx:
        return [(a.phase_id, a.text) for a in tx.answers(team_id=TEAM, interview_id=interview_id)]


def queued(service: InterviewService, interview_id: int) -> list[dict[str, Any]]:
    with service.store.transaction() as tx:
        return [i.payload for i in tx.pending_outbox(team_id=TEAM, interview_id=interview_id)]


def test_a_reply_within_the_grace_after_time_up_is_stored_for_the_closed_phase(
    service: InterviewService, clock: Clock
) -> None:
    interview_id = start(service)
    clock.now = NOW + timedelta(minutes=2)  # functional's two minutes are up
    service.tick()
    clock.now += timedelta(seconds=20)
    assert reply(service, 1, "users are riders and drivers")
    clock.now += timedelta(seconds=20)
    assert reply(service, 2, "about 10k requests a second")
    assert stored(service, interview_id) == [
        ("functional", "users are riders and drivers"),
        ("non_functional", "about 10k requests a second"),
    ]


def test_text_sent_while_paused_is_not_stored_and_its_author_is_told(
    service: InterviewService, clock: Clock
) -> None:
    interview_id = start(service)
    service.act(team_id=TEAM, interview_id=interview_id, user_id="U1", action="pause")
    before = len(queued(service, interview_id))
    assert not reply(service, 1, "users are riders")
    assert not reply(service, 2, "and drivers")
    assert stored(service, interview_id) == []
    told = queued(service, interview_id)[before:]
    assert len(told) == 1 and "[paused reply" in told[0]["text"]
    assert told[0]["buttons"] == [["resume", "Resume", ""]]


def test_a_check_in_is_stored_and_answered_in_one_transaction(
    service: InterviewService, clock: Clock
) -> None:
    interview_id = start(service)
    clock.now = NOW + timedelta(seconds=30)
    before = len(queued(service, interview_id))
    assert reply(service, 1, "users are riders. does this make sense?")
    assert stored(service, interview_id) == [
        ("functional", "users are riders. does this make sense?")
    ]
    answer = queued(service, interview_id)[before:]
    assert [a["kind"] for a in answer] == ["checkin"]
    assert "[opener sense]" in answer[0]["text"] and "1 minute 30 seconds" in answer[0]["text"]
