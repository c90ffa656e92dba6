"""Delivery after Slack fails, as people in the thread see it: the real Bolt app over HTTP,
the fake Web API answering 429 and 503, the harness's clock moved by hand.

The `blitz` format here: 7 phases of 60 s (Functional, Non Functional, Api, High Level,
Schema, End To End, Deep Dives), a nudge at half time, a silence ping after 45 s.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes import slack_requests as req
from tests.fakes.slack_api import Call
from tests.helpers import wait_until
from tests.slack_harness import SlackWorld, slack_world

ALICE = req.USER_ID


@pytest.fixture
def world(tmp_path: Path, db_url: str) -> Iterator[SlackWorld]:
    with slack_world(tmp_path, db_url=db_url) as w:
        yield w


def start(world: SlackWorld) -> None:
    status, _ = world.command("start url-shortener blitz")
    assert status == 200
    wait_until(lambda: world.ephemeral(ALICE))
    world.tick()
    world.clock.move(seconds=5)
    assert world.reply("Users shorten links; anyone can follow one.") == 200
    wait_until(lambda: len(delivered(world)) >= 2 and stored_answers(world) == 1)


def stored_answers(world: SlackWorld) -> int:
    with world.service.store.transaction() as tx:
        return len(tx.answers(team_id=req.TEAM_ID, interview_id=1))


def delivered(world: SlackWorld) -> list[Call]:
    return [c for c in world.fake.calls("chat.postMessage") if c.ok]


def thread_texts_since(world: SlackWorld, count: int) -> list[str]:
    return world.thread_texts()[count:]


def outage(world: SlackWorld, *, seconds: int, channel: str | None = None) -> None:
    """Slack fails for ``seconds`` while the scheduler ticks every 10 s."""
    world.fake.set_down(True, channel=channel)
    for _ in range(seconds // 10):
        world.tick(seconds=10)
    world.fake.set_down(False, channel=channel)


def test_a_429_is_retried_after_its_retry_after(world: SlackWorld) -> None:
    world.command("start url-shortener blitz")
    wait_until(lambda: world.ephemeral(ALICE))
    world.fake.fail_next("chat.postMessage", status=429, retry_after=3)
    world.tick()
    assert [c.status for c in world.fake.calls("chat.postMessage")] == [429]
    world.tick(seconds=2)
    assert not delivered(world)  # Slack asked for 3 seconds
    world.tick(seconds=1)
    assert "URL shortener" in str(delivered(world)[0].params["text"])


def test_messages_flow_again_within_thirty_seconds_of_a_long_outage(world: SlackWorld) -> None:
    start(world)
    outage(world, seconds=200)
    before = len(delivered(world))
    world.tick(seconds=30)
    assert len(delivered(world)) > before


def test_after_an_outage_outdated_messages_fold_into_one_catch_up_line(
    world: SlackWorld,
) -> None:
    start(world)
    before = len(world.thread_texts())
    outage(world, seconds=200)  # 0:05 to 3:25: three phases ended meanwhile
    for _ in range(3):
        world.tick(seconds=10)  # to 3:55, in High Level
    said = thread_texts_since(world, before)
    catch_up = [t for t in said if "unreachable" in t]
    assert len(catch_up) == 1, said
    assert "Slack was unreachable for 3 minutes" in catch_up[0]
    assert "we're now in *High Level*" in catch_up[0] and "seconds left" in catch_up[0]
    assert said.index(catch_up[0]) == 0  # where the oldest outdated message stood
    assert "*High Level*" in said[1]  # the current phase's intro, kept
    stale_nudges = [t for t in said if "Halfway" in t and "High Level" not in t]
    assert not stale_nudges  # those of the phases that ended during the outage
    assert not [t for t in said if "Non Functional" in t]
    assert [t for t in said if "*Api*" in t] == [said[1]]  # "time for *Api*" opens the intro


def test_an_outage_past_the_end_still_delivers_the_results_and_nothing_stale(
    world: SlackWorld,
) -> None:
    start(world)
    before = len(world.thread_texts())
    outage(world, seconds=480)  # the interview ends at 7:00, Slack is back at 8:05
    world.tick(seconds=30)
    world.tick(seconds=30)
    said = thread_texts_since(world, before)
    assert [t for t in said if "the interview has ended" in t] == [said[0]]
    assert len(said) <= 5  # the catch-up, the end, the retrospective: not the 30-odd queued
    assert not [t for t in said if "Halfway" in t or "to go" in t]
    assert any("retrospective" in t.lower() or "score" in t.lower() for t in said[1:])
    assert world.dms(ALICE)  # the personal retrospective


def test_a_dm_never_waits_for_a_failing_thread(world: SlackWorld) -> None:
    start(world)
    outage(world, seconds=430, channel=req.CHANNEL_ID)  # only the channel is down
    assert world.dms(ALICE)  # the personal retrospective went out meanwhile
