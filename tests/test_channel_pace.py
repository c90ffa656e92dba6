"""One post a second per channel as Slack counts it: from when a post arrives, not from
when its slot was claimed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from slack_sdk import WebClient

from bot.interviews.delivery import Target
from bot.interviews.pacing import ChannelPacer
from bot.slack.sender import SlackSender
from storage.models import OutboxItem
from storage.repository import Store
from tests.clock import Clock
from tests.fakes.slack_api import FakeSlack


def test_the_next_slot_opens_a_second_after_the_post_was_answered(
    store: Store, now: datetime
) -> None:
    clock = Clock(now)
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.move(seconds=seconds)

    pacer = ChannelPacer(store, clock, sleep=sleep)
    pacer.wait_for_slot(team_id="T1", channel_id="C1")
    clock.move(seconds=0.25)  # the post left late and was answered a quarter second on
    pacer.posted(team_id="T1", channel_id="C1")
    pacer.wait_for_slot(team_id="T1", channel_id="C1")
    assert slept == [1.0]  # a second after the answer, not after the first slot
    assert clock() == now + timedelta(seconds=1.25)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _item(n: int) -> OutboxItem:
    return OutboxItem(
        id=n,
        team_id="T1",
        interview_id=None,
        key=f"k{n}",
        channel_id="C1",
        payload={"kind": "info", "text": f"message {n}", "buttons": []},
        created_at=utc_now(),
        next_attempt_at=utc_now(),
    )


def test_posts_into_one_channel_are_never_refused_by_a_strict_slack(store: Store) -> None:
    # The fake refuses (429) any post within a second of the channel's previous one, by
    # its own clock; a slow machine only makes the gaps longer.
    with FakeSlack.start(post_gap=1.0) as fake:
        client = WebClient(base_url=fake.base_url, token="xoxb-test")
        sender = SlackSender(client, ChannelPacer(store, utc_now))
        for n in range(3):
            sender.send(_item(n), Target("C1", None, None))
    assert [c.status for c in fake.calls("chat.postMessage")] == [200, 200, 200]
