"""One post a second per channel as Slack counts it: from when a post arrives, not from
when its slot was claimed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy import event

from bot.interviews.delivery import Delivery
from bot.interviews.pacing import ChannelPacer
from bot.slack.sender import SlackSender
from storage.repository import Store
from tests.clock import Clock
from tests.fakes.slack_api import FakeSlack
from tests.helpers import wait_until
from tests.queued import queued_info


def test_the_next_slot_opens_a_second_after_the_post_was_answered(
    store: Store, now: datetime
) -> None:
    clock = Clock(now)
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.move(seconds=seconds)

    pacer = ChannelPacer(store, clock, sleep=sleep, longest_wait=timedelta(seconds=3))
    claimed = pacer.wait_for_slot(team_id="T1", channel_id="C1")
    clock.move(seconds=0.5)  # the post left late and was answered half a second on
    pacer.posted(team_id="T1", channel_id="C1", claimed_at=claimed)
    pacer.wait_for_slot(team_id="T1", channel_id="C1")
    assert slept == [1.0]  # a second after the answer, not after the first slot
    assert clock() == now + timedelta(seconds=1.5)


def test_a_post_answered_at_once_needs_no_second_transaction(store: Store, now: datetime) -> None:
    clock = Clock(now)
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock.move(seconds=seconds)

    pacer = ChannelPacer(store, clock, sleep=sleep, longest_wait=timedelta(seconds=3))
    claimed = pacer.wait_for_slot(team_id="T1", channel_id="C1")
    clock.move(seconds=0.1)
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    pacer.posted(team_id="T1", channel_id="C1", claimed_at=claimed)
    assert statements == []
    pacer.wait_for_slot(team_id="T1", channel_id="C1")
    assert slept == [1.1]  # still a second after the answer, from the claim alone


def utc_now() -> datetime:
    return datetime.now(UTC)


def test_posts_into_one_channel_are_never_refused_by_a_strict_slack(
    store: Store, now: datetime
) -> None:
    # The fake refuses (429) any post within a second of the channel's previous one, by
    # its own clock; a slow machine only makes the gaps longer.
    for n in range(3):
        queued_info(store, utc_now() - timedelta(seconds=1), "C1", f"message {n}", key=f"k{n}")
    with FakeSlack.start(post_gap=1.0) as fake:
        client = WebClient(base_url=fake.base_url, token="xoxb-test")
        delivery = Delivery(
            store=store, sender=SlackSender(client, ChannelPacer(store, utc_now)), clock=utc_now
        )
        wait_until(lambda: delivery.run_once() >= 0 and _unsent(store) == 0, "all were posted")
    assert [c.status for c in fake.calls("chat.postMessage")] == [200, 200, 200]


def _unsent(store: Store) -> int:
    with store.transaction() as tx:
        return tx.count_unsent()
