"""Budgets that tell the truth: extensions count, pauses don't, a phase that waits says what
moves it on, and phases never reached are not called skipped.

Through the real Bolt app (signed requests, the fake Web API), on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes import slack_requests as req
from tests.helpers import wait_until
from tests.slack_harness import SlackWorld, slack_world

ALICE, BOB = req.USER_ID, "U0BOB0001"


@pytest.fixture
def world(db_url: str, tmp_path: Path) -> Iterator[SlackWorld]:
    with slack_world(tmp_path, db_url=db_url) as w:
        yield w


@pytest.fixture
def waiting_world(db_url: str, tmp_path: Path) -> Iterator[SlackWorld]:
    """Every phase waits for the participants to move on (``auto_advance: false``)."""
    with slack_world(tmp_path, db_url=db_url, auto_advance=False) as w:
        yield w


def start(world: SlackWorld) -> None:
    assert world.command("start url-shortener blitz")[0] == 200
    wait_until(lambda: world.ephemeral(ALICE))
    world.tick()


def command(world: SlackWorld, text: str) -> None:
    """Send ``/drill <text>`` and wait until it has changed the interview."""
    before = world.latest_interview().version
    assert world.command(text)[0] == 200
    wait_until(lambda: world.latest_interview().version > before, f"/drill {text} has acted")


def test_an_extended_and_paused_phase_is_judged_on_the_time_people_had(
    world: SlackWorld,
) -> None:
    start(world)
    world.clock.move(seconds=5)
    world.reply("Users shorten links and others click them; admins review abuse.")
    world.reply("Links never expire and custom aliases are out of scope.", user=BOB, ts="1.2")
    command(world, "extend 1")  # 1 min + 1 min
    world.clock.move(seconds=5)
    command(world, "pause")
    world.tick(minutes=10)  # a long break: no one's time
    command(world, "resume")
    world.clock.move(seconds=40)
    command(world, "end")
    wait_until(lambda: world.latest_interview().status == "finished")
    world.tick()

    team = world.thread_texts()[-1]
    assert "Retrospective" in team
    assert "50 s used of 2 min;" in team  # 5 + 5 + 40 s of a 1 + 1 min budget
    assert "⚠ over" not in team
    personal = "\n".join(world.dms(ALICE) + world.dms(BOB))
    assert "over its budget" not in personal and "50 s used of 2 min" in personal


def test_phases_never_reached_are_not_called_skipped(world: SlackWorld) -> None:
    start(world)
    world.reply("Users shorten links and others click them; admins review abuse.")
    world.reply("Links never expire and custom aliases are out of scope.", user=BOB, ts="1.2")
    command(world, "next")
    command(world, "end")  # ended early, in the second phase, which nobody answered
    wait_until(lambda: world.latest_interview().status == "finished")
    world.tick()

    team = world.thread_texts()[-1]
    assert "2 of 2 skipped Non Functional" in team  # passed without a word
    assert "skipped Api" not in team and "skipped Deep Dives" not in team
    assert "• Not reached before the end: *Api*, *High Level*" in team


def test_time_up_on_a_phase_that_waits_says_how_to_move_on(waiting_world: SlackWorld) -> None:
    world = waiting_world
    start(world)
    world.tick(seconds=30)  # the half-time nudge

    world.tick(seconds=30)

    time_up = world.thread_texts()[-1]
    assert "*Functional*." in time_up  # whichever variant the interview's seed picks
    assert "Press *Next phase* or type `next` when you're ready for *Non Functional*" in time_up
    assert "carry on" not in time_up and "Moving on" not in time_up
    assert world.latest_interview().phase_id == "functional"  # nothing moved by itself
    world.reply("next")
    wait_until(lambda: world.latest_interview().phase_id == "non_functional")
