"""The clock ends an interview on time and leaves grading to a pass of its own: the end is
posted at once, the retrospectives and scores follow from the retrospective pass, exactly
once, even when that pass fails half way or two workers run it side by side; and grading
holds back while people's timed messages wait to be posted."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.interviews import retrospective_pass
from bot.interviews.delivery import Delivery
from bot.interviews.service import InterviewService
from bot.server.scheduler import run_clock, run_retrospectives
from storage.repository import Store
from tests.clock import Clock
from tests.factories import make_content
from tests.fakes.recorder import Recorder
from tests.queued import queued_info
from tests.test_service import _answer, _start


def _ended_by_the_clock(service: InterviewService, clock: Clock, teams: tuple[str, ...]) -> None:
    for n, team in enumerate(teams):
        interview_id = _start(service, team=team)
        _answer(
            service, interview_id, "U2", f"7.{n}", "Riders request rides.", at=clock.now, team=team
        )
    clock.move(hours=10)  # long past the last deadline
    assert run_clock(service) == len(teams)


def _scores(store: Store, team: str = "T1") -> list[str]:
    with store.transaction() as tx:
        return [s.user_id for s in tx.scores(team_id=team)]


def test_the_clock_posts_the_end_and_the_retrospective_pass_the_retrospectives(
    service: InterviewService, store: Store, clock: Clock, outbox: tuple[Delivery, Recorder]
) -> None:
    delivery, sent = outbox
    _ended_by_the_clock(service, clock, ("T1",))
    delivery.run_once()
    ended = len(sent.sent)  # the end (after a gap this long, a catch-up line) is out
    assert "retrospective" not in sent.kinds()
    assert _scores(store) == []  # not graded yet

    assert run_retrospectives(service) == 1
    delivery.run_once()
    retros = [t.user_id for kind, t in sent.sent if kind == "retrospective"]
    assert sorted(retros, key=str) == sorted([None, "U1", "U2"], key=str)  # team, host, U2
    assert sent.kinds()[ended:] == ["retrospective"] * 3
    assert _scores(store) == ["U2"]

    assert run_retrospectives(service) == 0  # nothing written twice
    assert delivery.run_once() == 0


def test_a_retrospective_pass_that_fails_leaves_the_retrospectives_due(
    service: InterviewService, store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ended_by_the_clock(service, clock, ("T1",))
    with monkeypatch.context() as patched:  # the process dies while grading
        patched.setattr(retrospective_pass, "finish_items", _crash)
        with pytest.raises(RuntimeError):
            run_retrospectives(service)
    assert _scores(store) == []
    assert run_retrospectives(service) == 1  # taken up again, as after a restart
    assert _scores(store) == ["U2"]


def test_grading_holds_back_while_a_timed_message_waits_to_be_posted(
    service: InterviewService, store: Store, clock: Clock, outbox: tuple[Delivery, Recorder]
) -> None:
    delivery, sent = outbox
    _ended_by_the_clock(service, clock, ("T1", "T2", "T3"))
    delivery.run_once()  # every end is out
    queued_info(store, clock() - timedelta(seconds=2), "C9", "half time", kind="nudge")
    assert run_retrospectives(service) == 1  # a nudge is late: one interview graded, not three
    delivery.run_once()
    assert "nudge" in sent.kinds()
    assert run_retrospectives(service) == 2  # delivery caught up: the rest at once


@pytest.mark.postgres
def test_two_workers_take_different_retrospectives(postgres_store: Store, clock: Clock) -> None:
    """PostgreSQL only: on SQLite a second pass waits for the first writer to finish."""
    store = postgres_store
    service = InterviewService(store=store, content=make_content(), clock=clock)
    _ended_by_the_clock(service, clock, ("T1", "T2"))
    with store.transaction() as tx:  # one worker holds the first while grading it
        (held,) = tx.claim_retrospectives(limit=1)
        assert run_retrospectives(service) == 1  # the other worker takes the other one
        assert run_retrospectives(service) == 0
    other = "T2" if held.team_id == "T1" else "T1"
    assert _scores(store, other) == ["U2"]


def _crash(*args: object) -> None:
    raise RuntimeError("killed while grading")
