"""The scheduler's delivery pass: one message per channel whose turn has come, the channel's
slot claimed with the lease, questions first across channels, retrospectives last. The real
sender and shared pacing against the fake Web API, with a clock moved by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import event

from bot.interviews.delivery import Delivery
from bot.interviews.pacing import ChannelPacer
from bot.slack.sender import SlackSender
from storage.repository import Store
from tests.clock import Clock
from tests.fakes.slack_api import FakeSlack
from tests.helpers import wait_until
from tests.queued import MakeInterview, queued_drill, queued_info

WRITES_TO_PACE = ("UPDATE channel_pace", "INSERT INTO channel_pace")


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack.start() as fake:
        yield fake


def delivery(store: Store, fake: FakeSlack, clock: Clock, *, senders: int = 4) -> Delivery:
    client = WebClient(base_url=fake.base_url, token="xoxb-test")
    pacer = ChannelPacer(store, clock, sleep=lambda seconds: clock.move(seconds=seconds))
    return Delivery(
        store=store,
        sender=SlackSender(client, pacer),
        clock=clock,
        senders=senders,
        slot=pacer.slot,
    )


def unsent(store: Store) -> int:
    with store.transaction() as tx:
        return tx.count_unsent()


def posted(fake: FakeSlack) -> list[str]:
    return [str(c.params["text"]) for c in fake.calls("chat.postMessage")]


def drain(deliver: Delivery, store: Store, fake: FakeSlack, count: int) -> None:
    wait_until(lambda: len(posted(fake)) >= count and deliver.dispatch() >= 0, "the posts")
    wait_until(lambda: deliver.dispatch() == 0 and unsent(store) <= 0, "all marked sent")


def test_a_question_goes_before_an_earlier_message_of_another_channel(
    store: Store, make_interview: MakeInterview, fake: FakeSlack, clock: Clock
) -> None:
    first = queued_drill(store, make_interview, clock(), "C1", "A")
    with store.transaction() as tx:  # A's question is out: its intro waits, queued first
        (question, _) = tx.pending_outbox(team_id="T1", interview_id=first)
        assert question.id is not None
        tx.mark_sent_many(now=clock(), sent=[(question.id, "1.1")])
    queued_drill(store, make_interview, clock(), "C2", "B")
    deliver = delivery(store, fake, clock, senders=1)  # one message at a time
    assert deliver.dispatch() == 1
    wait_until(lambda: posted(fake), "a post")
    assert posted(fake) == ["question B"]


def test_a_nudge_goes_before_retrospectives_queued_earlier_in_other_channels(
    store: Store, fake: FakeSlack, clock: Clock
) -> None:
    queued_info(store, clock(), "C1", "retrospective C1", kind="retrospective")
    queued_info(store, clock(), "C2", "old buttons closed", kind="close_buttons")
    queued_info(store, clock(), "C3", "half time", kind="nudge")
    deliver = delivery(store, fake, clock, senders=1)  # one message at a time
    assert deliver.dispatch() == 1
    wait_until(lambda: posted(fake), "a post")
    assert posted(fake) == ["half time"]  # people in C3 are timing their phase


def test_a_channel_leased_by_one_worker_is_not_leased_by_another_until_its_turn(
    store: Store, fake: FakeSlack, clock: Clock
) -> None:
    queued_info(store, clock(), "C1", "one")
    queued_info(store, clock(), "C1", "two")
    one, two = delivery(store, fake, clock), delivery(store, fake, clock)
    assert one.dispatch() == 1
    assert two.dispatch() == 0  # C1's slot is taken: nothing leased, nothing given back
    wait_until(lambda: unsent(store) == 1, "the first marked sent")
    assert one.slot is not None
    clock.move(seconds=one.slot.total_seconds())
    assert two.dispatch() == 1
    drain(two, store, fake, 2)
    assert posted(fake) == ["one", "two"]


def test_a_pass_claims_the_slots_of_all_its_channels_at_once(
    store: Store, fake: FakeSlack, clock: Clock
) -> None:
    for channel in ("C1", "C2", "C3"):
        queued_info(store, clock(), channel, channel)
    with store.transaction() as tx:  # C1 was posted into before; C2 and C3 never were
        earlier = clock() - timedelta(minutes=1)
        tx.claim_post_slot(team_id="T1", channel_id="C1", now=earlier, gap=timedelta(seconds=1))
    deliver = delivery(store, fake, clock)
    pacing: list[str] = []
    event.listen(
        store.engine,
        "before_cursor_execute",
        lambda *args: pacing.append(args[2]) if args[2].startswith(WRITES_TO_PACE) else None,
    )
    assert deliver.dispatch() == 3
    wait_until(lambda: unsent(store) == 0, "all marked sent")
    assert sorted(posted(fake)) == ["C1", "C2", "C3"]
    # With the lease: the slots of channels posted into before, then the first slots of
    # the others. No post claims a slot of its own.
    assert len(pacing) == 2


def test_a_message_too_long_for_one_post_goes_out_whole_once(
    store: Store, fake: FakeSlack, clock: Clock
) -> None:
    paragraph = "word " * 2_000  # ~10,000 characters: two posts
    queued_info(store, clock(), "C1", f"{paragraph}\n\n{paragraph}")
    deliver = delivery(store, fake, clock)
    assert deliver.dispatch() == 1
    wait_until(lambda: unsent(store) == 0, "marked sent")
    assert len(posted(fake)) == 2  # its second part waited for its turn; nothing twice
