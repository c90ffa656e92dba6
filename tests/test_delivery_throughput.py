"""What one post costs the database, and how a burst into one channel is ordered: the real
sender and shared pacing against the fake Web API, with a clock that stands still so the
counts do not depend on the machine's speed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from slack_sdk import WebClient
from sqlalchemy import event

from bot.interviews.delivery import Delivery
from bot.interviews.pacing import ChannelPacer
from bot.slack.sender import SlackSender
from storage.repository import Store
from tests.clock import Clock
from tests.fakes.slack_api import FakeSlack
from tests.queued import MakeInterview, queued_drill, queued_info


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack.start() as fake:
        yield fake


def delivery(store: Store, fake: FakeSlack, clock: Clock) -> Delivery:
    client = WebClient(base_url=fake.base_url, token="xoxb-test")
    return Delivery(
        store=store, sender=SlackSender(client, ChannelPacer(store, clock)), clock=clock
    )


def commits(store: Store) -> list[int]:
    counted = [0]
    event.listen(store.engine, "commit", lambda _conn: counted.__setitem__(0, counted[0] + 1))
    return counted


def test_a_post_costs_at_most_two_transactions(
    store: Store, fake: FakeSlack, now: datetime
) -> None:
    for n, channel in enumerate(("C1", "C2", "C3")):
        queued_info(store, now, channel, str(n), key="k")
    counted = commits(store)
    assert delivery(store, fake, Clock(now)).run_once() == 3  # the clock stands still
    # The lease; then per post its slot and its marking (posts answered together may share
    # a marking transaction).
    assert counted[0] <= 1 + 3 * 2


def test_five_drills_in_one_channel_post_their_questions_first(
    store: Store, make_interview: MakeInterview, fake: FakeSlack, now: datetime
) -> None:
    for n in range(5):
        queued_drill(store, make_interview, now, "C1", n)
    clock = Clock(now)
    deliver = delivery(store, fake, clock)
    counted = commits(store)
    assert deliver.run_once() == 1  # the channel's one slot this second
    # The lease, the first post (slot, marking), the second's refused claim, and the rest
    # of the lane given back at once: not a claim and a release for each of the nine.
    assert counted[0] == 1 + 2 + 1 + 1
    while unsent(store):
        clock.move(seconds=1.2)
        deliver.run_once()
    posted = [c.params["text"] for c in fake.calls("chat.postMessage")]
    assert posted == [f"question {n}" for n in range(5)] + [f"phase_intro {n}" for n in range(5)]


def unsent(store: Store) -> int:
    with store.transaction() as tx:
        return tx.count_unsent()
