"""A deep-dive topic of the team's own, suggested by a reply in the interview's thread."""

from __future__ import annotations

from bot.slack.blocks.messages import OWN_TOPIC_HINT
from bot.slack.inputs import button_value
from tests.helpers import wait_until
from tests.slack_harness import SlackWorld
from tests.test_slack_e2e import interview, start


def _to_deep_dives(world: SlackWorld) -> None:
    for _ in range(6):
        assert world.click("drill_next", button_value(1)) == 200
        world.tick()
    wait_until(lambda: interview(world).phase_id == "deep_dives")
    world.tick()


def test_a_topic_reply_picks_a_deep_dive_topic_of_our_own(world: SlackWorld) -> None:
    start(world)
    _to_deep_dives(world)
    offer = world.fake.calls("chat.postMessage")[-1]
    assert OWN_TOPIC_HINT.replace("`", "") in offer.params["text"].replace("`", "")

    assert world.reply("topic: surge pricing") == 200
    wait_until(lambda: interview(world).state["topic_id"] == "own:surge pricing")
    world.tick()
    assert "surge pricing" in world.thread_texts()[-1]

    world.reply("Topic: something else entirely")  # a topic is chosen: just an answer now
    world.tick()
    assert interview(world).state["topic_id"] == "own:surge pricing"


def test_a_topic_reply_before_the_deep_dives_is_an_answer(world: SlackWorld) -> None:
    start(world)
    assert world.reply("topic: surge pricing") == 200
    world.tick()
    assert interview(world).phase_id == "functional"
    assert interview(world).state["topic_id"] is None
