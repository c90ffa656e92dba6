"""Words that work: `next`, `extend [minutes]`, `pause`, `resume` and `end` typed in an
interview's thread steer it (host, participants, admins), and every word the bot tells
people to type is one of them or a `/drill` command.

Through the real Bolt app (signed requests, the fake Web API), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.content.loader import builtin_prompts_dir, load_content
from bot.engine.thread_commands import ThreadCommand, parse_thread_command
from bot.slack.inputs import UsageError, parse_drill_command
from bot.slack.texts import FINISHED, NO_INTERVIEW
from tests.fakes import slack_requests as req
from tests.helpers import wait_until
from tests.slack_harness import SlackWorld, slack_world

ALICE, BOB, MALLORY = req.USER_ID, "U0BOB0001", "U0MALLORY"


@pytest.fixture
def world(db_url: str, tmp_path: Path) -> Iterator[SlackWorld]:
    with slack_world(tmp_path, db_url=db_url) as w:
        yield w


def answers(world: SlackWorld) -> list[str]:
    with world.service.store.transaction() as tx:
        return [
            a.text
            for a in tx.answers(team_id="T0DRILL01", interview_id=world.latest_interview().id)
        ]


def start(world: SlackWorld) -> None:
    world.command("start url-shortener blitz")
    wait_until(lambda: world.ephemeral(ALICE))
    world.tick()


# --- the words -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("next", ThreadCommand("next")),
        ("Next.", ThreadCommand("next")),
        ("`pause`", ThreadCommand("pause")),
        ("resume!", ThreadCommand("resume")),
        ("END", ThreadCommand("end")),
        ("extend", ThreadCommand("extend")),
        ("extend 5", ThreadCommand("extend", 5)),
        ("extend +10 min", ThreadCommand("extend", 10)),
        ("<@U0DRILLBOT> next", ThreadCommand("next")),
    ],
)
def test_a_reply_that_is_a_command_word_is_that_command(text: str, command: ThreadCommand) -> None:
    assert parse_thread_command(text) == command


@pytest.mark.parametrize(
    "text", ["next we add a cache", "the end", "end-to-end works", "pause 5", "extended", ""]
)
def test_a_reply_that_only_contains_a_word_is_an_answer(text: str) -> None:
    assert parse_thread_command(text) is None


def test_extend_out_of_range_is_a_command_that_explains_itself() -> None:
    command = parse_thread_command("extend 500")
    assert command is not None and command.problem and "1 to 120 minutes" in command.problem


def test_every_word_the_bot_tells_people_to_type_works() -> None:
    content = load_content(builtin_prompts_dir())
    texts = [
        variant
        for value in vars(content.lines).values()
        for variants in (value.values() if isinstance(value, dict) else [value])
        if isinstance(variants, tuple)
        for variant in variants
        if isinstance(variant, str)
    ]
    texts += [NO_INTERVIEW, FINISHED]
    typed = [word for text in texts for word in re.findall(r"`([^`]+)`", text)]
    assert {"next", "extend", "resume"} <= set(typed)
    for word in typed:
        if word.startswith("/drill"):
            parse_drill_command(word.removeprefix("/drill"))  # raises UsageError if unknown
        else:
            assert parse_thread_command(word) is not None, word
    with pytest.raises(UsageError):
        parse_drill_command("frobnicate")


# --- through Slack ---------------------------------------------------------------------------


def test_the_host_steers_by_typing_in_the_thread(world: SlackWorld) -> None:
    start(world)

    world.reply("pause")
    wait_until(lambda: world.latest_interview().status == "paused")
    world.clock.move(minutes=5)
    world.reply("resume")
    wait_until(lambda: world.latest_interview().status == "running")
    deadline = world.latest_interview().phase_deadline
    world.reply("extend 2")
    wait_until(lambda: world.latest_interview().phase_deadline == deadline + timedelta(minutes=2))
    world.reply("next")
    wait_until(lambda: world.latest_interview().phase_id == "non_functional")
    world.reply("end")
    wait_until(lambda: world.latest_interview().status == "finished")

    assert answers(world) == []  # commands, not answers
    world.tick()
    assert "Retrospective" in world.thread_texts()[-1]


def test_someone_else_typing_a_command_word_is_told_privately(world: SlackWorld) -> None:
    start(world)

    world.reply("next", user=MALLORY)

    wait_until(lambda: world.fake.calls("chat.postEphemeral"))
    (note,) = world.fake.calls("chat.postEphemeral")
    assert note.params["user"] == MALLORY and note.params["thread_ts"] == world.thread_ts()
    assert "Only the host" in note.params["text"]
    assert "not taken as an answer" in note.params["text"]
    assert world.latest_interview().phase_id == "functional" and answers(world) == []

    world.fake.set_user(MALLORY, is_admin=True)
    world.reply("next", user=MALLORY)
    wait_until(lambda: world.latest_interview().phase_id == "non_functional")


def test_a_participant_may_type_commands_and_a_redelivery_acts_once(world: SlackWorld) -> None:
    start(world)
    world.reply("Users shorten links.", user=BOB)
    wait_until(lambda: answers(world) == ["Users shorten links."])

    ts = world.ts_now()
    assert world.reply("next", user=BOB, ts=ts, event_id="Ev0NEXT01") == 200
    wait_until(lambda: world.latest_interview().phase_id == "non_functional")
    retry = req.Signing(retry_num=1, retry_reason="http_timeout")
    event = req.thread_reply_event("next", thread_ts=world.thread_ts(), ts=ts, user_id=BOB)

    assert world.event(event, event_id="Ev0NEXT01", signing=retry) == 200

    assert world.latest_interview().phase_id == "non_functional"  # moved on once
    assert answers(world) == ["Users shorten links."]


def test_a_bad_extend_typed_in_the_thread_is_explained_privately(world: SlackWorld) -> None:
    start(world)
    deadline = world.latest_interview().phase_deadline

    world.reply("extend 500")

    wait_until(lambda: world.fake.calls("chat.postEphemeral"))
    assert "1 to 120 minutes" in world.ephemeral(ALICE)[-1]
    assert world.latest_interview().phase_deadline == deadline and answers(world) == []
