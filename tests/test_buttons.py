"""Buttons name their interview and step: a press acts once, on the step it was offered at.

Through the real Bolt app (signed requests, the fake Web API), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.fakes import slack_requests as req
from tests.fakes.slack_api import Call
from tests.helpers import wait_until
from tests.slack_harness import SlackWorld, slack_world

ALICE, BOB = req.USER_ID, "U0BOB0001"


@pytest.fixture
def world(db_url: str, tmp_path: Path) -> Iterator[SlackWorld]:
    with slack_world(tmp_path, db_url=db_url) as w:
        yield w


def started(world: SlackWorld) -> Call:
    """Start a blitz interview, deliver it, and return its first phase's intro."""
    status, _ = world.command("start url-shortener blitz")
    assert status == 200
    wait_until(lambda: world.ephemeral(ALICE))
    world.tick()
    (intro,) = world.posts_with_buttons()
    return intro


def updates_of(world: SlackWorld, post: Call) -> list[dict[str, Any]]:
    return [
        c.params
        for c in world.fake.calls("chat.update")
        if c.ok and c.params["ts"] == post.response["ts"]
    ]


def blocks_of(params: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = params["blocks"]
    return json.loads(blocks) if isinstance(blocks, str) else blocks


def test_two_people_pressing_next_together_move_on_one_phase(world: SlackWorld) -> None:
    intro = started(world)
    world.reply("Users shorten links; others click them.", user=BOB)
    wait_until(lambda: BOB in world.latest_interview().state["last_spoke"])
    together = threading.Barrier(2)

    def press(user: str) -> int:
        together.wait()
        return world.press(intro, "next", user=user)

    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(press, [ALICE, BOB])) == [200, 200]

    wait_until(lambda: len(world.fake.calls("chat.postEphemeral")) == 1, "the loser is told")
    row = world.latest_interview()
    assert row.phase_id == "non_functional"
    assert [w["phase_id"] for w in row.state["windows"]] == ["functional", "non_functional"]
    (late,) = world.fake.calls("chat.postEphemeral")
    assert late.params["text"] == "Already moved on to *Non Functional*."
    wait_until(lambda: updates_of(world, intro), "the pressed message is closed")
    (closed,) = updates_of(world, intro)  # by the press that won, not overwritten
    assert "chose *Next phase*" in json.dumps(blocks_of(closed))


def test_a_button_of_a_phase_that_ended_changes_nothing_and_is_closed(world: SlackWorld) -> None:
    old_intro = started(world)
    world.tick(seconds=60)  # time is up: the bot moves on by itself
    assert world.latest_interview().phase_id == "non_functional"
    version = world.latest_interview().version

    assert world.press(old_intro, "next") == 200

    wait_until(lambda: world.fake.calls("chat.postEphemeral"))
    assert world.ephemeral(ALICE)[-1] == "Already moved on to *Non Functional*."
    assert (world.latest_interview().phase_id, world.latest_interview().version) == (
        "non_functional",
        version,
    )
    wait_until(lambda: len(updates_of(world, old_intro)) == 2)  # the clock's, then this one's
    closed = blocks_of(updates_of(world, old_intro)[-1])
    assert not [b for b in closed if b["type"] == "actions"]
    assert "Closed: Already moved on to *Non Functional*." in json.dumps(closed)


def test_a_press_closes_its_buttons_saying_who_chose_what(world: SlackWorld) -> None:
    intro = started(world)

    assert world.press(intro, "next") == 200

    wait_until(lambda: updates_of(world, intro))
    (update,) = updates_of(world, intro)
    blocks = blocks_of(update)
    assert not [b for b in blocks if b["type"] == "actions"]
    assert blocks[-1] == {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": f"<@{ALICE}> chose *Next phase*"}],
    }
    assert blocks[0]["type"] == "header"  # the message itself is kept
    (now,) = [m for m in world.fake.messages(req.CHANNEL_ID) if m["ts"] == intro.response["ts"]]
    assert [b["type"] for b in now["blocks"]] == [b["type"] for b in blocks]


def test_more_time_pressed_twice_on_one_message_extends_once(world: SlackWorld) -> None:
    intro = started(world)
    deadline = world.latest_interview().phase_deadline

    assert world.press(intro, "extend") == 200
    wait_until(lambda: world.latest_interview().phase_deadline != deadline)
    extended = world.latest_interview().phase_deadline
    assert world.press(intro, "extend", user=ALICE) == 200

    wait_until(lambda: world.fake.calls("chat.postEphemeral"))
    assert "pressed that already" in world.ephemeral(ALICE)[-1]
    assert world.latest_interview().phase_deadline == extended
    world.tick()
    (_, more) = world.posts_with_buttons()  # "Extended ..." offers the buttons again
    assert world.press(more, "next") == 200
    wait_until(lambda: world.latest_interview().phase_id == "non_functional")


def test_a_message_that_cannot_be_updated_does_not_spoil_the_press(
    world: SlackWorld, caplog: pytest.LogCaptureFixture
) -> None:
    intro = started(world)
    world.fake.fail_next("chat.update", error="message_not_found")

    assert world.press(intro, "next") == 200

    wait_until(lambda: "could not close the buttons" in caplog.text, "the failure is logged")
    assert world.latest_interview().phase_id == "non_functional"
    assert not any("went wrong" in said for said in world.ephemeral(ALICE))


def notes_of(world: SlackWorld, post: Call) -> list[str]:
    """The closing lines the message ``post`` was given, oldest first; each update
    removed its buttons."""
    notes = []
    for update in updates_of(world, post):
        blocks = blocks_of(update)
        assert not [b for b in blocks if b["type"] == "actions"]
        assert blocks[-1]["type"] == "context"
        notes.append(blocks[-1]["elements"][0]["text"])
    return notes


def test_buttons_of_a_phase_the_clock_ended_are_closed_after_the_next_intro(
    world: SlackWorld,
) -> None:
    intro = started(world)
    calls, waits = len(world.fake.calls()), len(world.sleeps)

    world.tick(seconds=60)  # time is up: the bot moves on by itself

    assert world.latest_interview().phase_id == "non_functional"
    assert notes_of(world, intro) == ["Time ran out; moved on to *Non Functional*."]
    shown = [c for c in world.fake.calls()[calls:] if c.params.get("channel") == req.CHANNEL_ID]
    assert len(world.sleeps) - waits == len(shown)  # the update waited its turn like a post
    (_, next_intro) = world.posts_with_buttons()
    calls = world.fake.calls()
    assert calls.index(next_intro) < next(
        n for n, c in enumerate(calls) if c.method == "chat.update"
    )
    (now,) = [m for m in world.fake.messages(req.CHANNEL_ID) if m["ts"] == intro.response["ts"]]
    assert now["blocks"][0]["type"] == "header"  # the message itself is kept

    world.tick(seconds=1)
    assert len(updates_of(world, intro)) == 1  # closed once
    assert updates_of(world, next_intro) == []  # the new phase's buttons stay


def test_buttons_of_a_phase_ended_by_a_typed_next_say_who_moved_on(world: SlackWorld) -> None:
    intro = started(world)

    world.reply("next", user=ALICE)
    wait_until(lambda: world.latest_interview().phase_id == "non_functional")
    with world.service.store.transaction() as tx:
        pending = tx.pending_outbox(team_id="T0DRILL01", interview_id=world.latest_interview().id)
    assert [i.payload["kind"] for i in pending][-1] == "close_buttons"  # kept in the outbox
    world.tick()

    assert notes_of(world, intro) == [f"<@{ALICE}> moved on to *Non Functional*."]


def test_ending_the_interview_closes_the_open_buttons(world: SlackWorld) -> None:
    intro = started(world)

    status, _ = world.command("end")
    assert status == 200
    wait_until(lambda: world.latest_interview().status == "finished")
    world.tick()

    assert notes_of(world, intro) == [f"Ended by <@{ALICE}>."]


def test_a_message_gone_before_its_buttons_close_is_left_alone(world: SlackWorld) -> None:
    intro = started(world)
    world.fake.fail_next("chat.update", error="message_not_found")

    world.tick(seconds=60)
    world.tick(seconds=31)

    assert [c.params["ts"] for c in world.fake.calls("chat.update")] == [intro.response["ts"]]
    with world.service.store.transaction() as tx:
        assert (
            tx.pending_outbox(team_id="T0DRILL01", interview_id=world.latest_interview().id) == []
        )
