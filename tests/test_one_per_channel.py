"""One running interview per channel: a second start is refused with a link to the running
one, a double submit starts one, and commands say which interview they acted on.

Through the real Bolt app (signed requests, the fake Web API), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.fakes import slack_requests as req
from tests.helpers import wait_until
from tests.slack_harness import T0, SlackWorld, slack_world

ALICE, BOB = req.USER_ID, "U0BOB0001"
STARTED = f"started <!date^{int(T0.timestamp())}^{{time}}|15:00 UTC>"


@pytest.fixture
def world(db_url: str, tmp_path: Path) -> Iterator[SlackWorld]:
    with slack_world(tmp_path, db_url=db_url) as w:
        yield w


def interviews(world: SlackWorld) -> list[Any]:
    with world.service.store.transaction() as tx:
        return tx.list_interviews(team_id="T0DRILL01")


def questions_posted(world: SlackWorld) -> int:
    return sum(
        1 for c in world.fake.calls("chat.postMessage") if c.ok and not c.params.get("thread_ts")
    )


def at_once(*requests: Callable[[], object]) -> list[object]:
    together = threading.Barrier(len(requests))

    def send(request: Callable[[], object]) -> object:
        together.wait()
        return request()

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(send, requests))


def test_a_second_start_in_the_channel_links_to_the_running_interview(world: SlackWorld) -> None:
    world.command("start url-shortener blitz")
    wait_until(lambda: world.ephemeral(ALICE))
    world.tick()
    thread = world.thread_ts()

    status, _ = world.command("start rate-limiter blitz", user=BOB)

    assert status == 200
    wait_until(lambda: world.ephemeral(BOB))
    (refusal,) = world.ephemeral(BOB)
    assert f"the interview on *URL shortener* {STARTED} is still going" in refusal
    link = f"/archives/{req.CHANNEL_ID}/p{thread.replace('.', '')}|its thread>"
    assert f"<https://designdrill-test.slack.com{link}" in refusal
    assert "`/drill end`" in refusal and "type `end` in its thread" in refusal
    world.tick()
    assert len(interviews(world)) == 1 and questions_posted(world) == 1
    world.command("start", user=BOB)  # the form would only lead to the same refusal
    wait_until(lambda: len(world.ephemeral(BOB)) == 2)
    assert "is still going" in world.ephemeral(BOB)[1] and not world.fake.calls("views.open")


def test_two_identical_starts_arriving_together_start_one_interview(world: SlackWorld) -> None:
    start = lambda: world.command("start url-shortener blitz")  # noqa: E731

    statuses = at_once(start, start)

    assert [s for s, _ in statuses] == [200, 200]  # type: ignore[misc]
    wait_until(lambda: len(world.ephemeral(ALICE)) == 2, "both requests are answered")
    answers = world.ephemeral(ALICE)
    assert sum("Starting *URL shortener*" in a for a in answers) == 1
    assert sum("One interview at a time per channel" in a for a in answers) == 1
    world.tick()
    assert len(interviews(world)) == 1 and questions_posted(world) == 1


def test_the_start_modal_submitted_twice_starts_one_interview(world: SlackWorld) -> None:
    payload = req.view_submission_payload(
        callback_id="drill_start",
        private_metadata=req.CHANNEL_ID,
        values={
            "start_question": {"question": req.select_value("rate-limiter")},
            "start_topic": {"topic": req.text_value(None)},
            "start_format": {"format": req.select_value("blitz")},
        },
    )
    submit = lambda: world.interactive(payload)  # noqa: E731

    at_once(submit, submit)

    wait_until(lambda: world.fake.calls("chat.postEphemeral"), "the second submit is answered")
    (told,) = world.fake.calls("chat.postEphemeral")
    assert told.params["user"] == ALICE and "One interview at a time" in told.params["text"]
    world.tick()
    assert len(interviews(world)) == 1 and questions_posted(world) == 1


def test_commands_name_the_interview_they_acted_on(world: SlackWorld) -> None:
    world.command("start url-shortener blitz")
    wait_until(lambda: world.ephemeral(ALICE))

    world.command("pause")
    wait_until(lambda: len(world.ephemeral(ALICE)) == 2)
    world.command("status")
    wait_until(lambda: len(world.ephemeral(ALICE)) == 3)
    world.command("end")
    wait_until(lambda: len(world.ephemeral(ALICE)) == 4)

    paused, status, ended = world.ephemeral(ALICE)[1:]
    assert paused == f"Paused the interview on *URL shortener* {STARTED}."
    assert status.startswith(f"In the interview on *URL shortener* {STARTED} (#1, blitz)")
    assert ended == f"Ended the interview on *URL shortener* {STARTED}."
    world.command("start rate-limiter blitz")  # the channel is free again
    wait_until(lambda: len(world.ephemeral(ALICE)) == 5)
    assert "Starting *Rate limiter*" in world.ephemeral(ALICE)[-1]
    assert len(interviews(world)) == 2
