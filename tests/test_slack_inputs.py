"""Slack payloads become typed inputs; mistyped commands get friendly usage errors.

Payloads come from ``tests.fakes.slack_requests`` (Slack's documented shapes) plus a few
literal payloads copied in shape from Slack's docs, which also guard those builders.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import pytest

from bot.engine.effects import Button, Kind, Say
from bot.slack import blocks
from bot.slack.inputs import (
    ACTION_ID_PATTERN,
    ButtonClick,
    DrillCommand,
    HomeOpened,
    MessageDelete,
    MessageEdit,
    PayloadError,
    SlackInputError,
    StartSubmission,
    ThreadMessage,
    UsageError,
    parse_button_click,
    parse_drill_command,
    parse_home_opened,
    parse_message_delete,
    parse_message_edit,
    parse_slash_command,
    parse_start_submission,
    parse_thread_message,
)
from tests.fakes import slack_requests as sr
from tests.fakes.slack_api import TEAM_ID

ROOT = "1700000000.000100"
FORMATS = ("default", "lightning", "weekly")


def envelope(event: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    return sr.event_envelope(event, **kwargs)


# -- /drill --------------------------------------------------------------------------------


def test_slash_command_reads_the_form_fields_bolt_hands_over() -> None:
    body, _ = sr.slash_command("  start rate-limiter ", user_id="U0BOB", channel_id="C0TEAM")
    command = dict(parse_qsl(body.decode(), keep_blank_values=True))  # as Bolt parses it

    parsed = parse_slash_command(command)

    assert parsed.team_id == TEAM_ID
    assert (parsed.channel_id, parsed.user_id) == ("C0TEAM", "U0BOB")
    assert parsed.text == "start rate-limiter"
    assert parsed.trigger_id and parsed.response_url.startswith("https://hooks.slack.com/")


def test_slash_command_without_a_channel_is_a_payload_error() -> None:
    fields = sr.slash_command_fields("start")
    del fields["channel_id"]
    with pytest.raises(PayloadError, match="channel_id"):
        parse_slash_command(fields)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", DrillCommand("help")),
        ("   ", DrillCommand("help")),
        ("help", DrillCommand("help")),
        ("NEXT", DrillCommand("next")),
        ("start", DrillCommand("start")),
        ("start rate-limiter", DrillCommand("start", ("rate-limiter",), question="rate-limiter")),
        (
            "start url shortener Lightning",
            DrillCommand(
                "start",
                ("url", "shortener", "Lightning"),
                question="url shortener",
                format="lightning",
            ),
        ),
        ("start lightning", DrillCommand("start", ("lightning",), format="lightning")),
        (
            "start \u201curl shortener\u201d",
            DrillCommand("start", ("\u201curl", "shortener\u201d"), question="url shortener"),
        ),
        ("extend", DrillCommand("extend")),
        ("extend 5", DrillCommand("extend", ("5",), minutes=5)),
        ("extend 10m", DrillCommand("extend", ("10m",), minutes=10)),
        ("extend 120 minutes", DrillCommand("extend", ("120", "minutes"), minutes=120)),
        ("questions", DrillCommand("questions")),
        ("questions storage", DrillCommand("questions", ("storage",), topic="storage")),
        ("pause", DrillCommand("pause")),
        ("resume", DrillCommand("resume")),
        ("end", DrillCommand("end")),
        ("status", DrillCommand("status")),
    ],
)
def test_drill_command_parses(text: str, expected: DrillCommand) -> None:
    assert parse_drill_command(text, formats=FORMATS) == expected


def test_without_known_formats_every_word_is_part_of_the_question() -> None:
    parsed = parse_drill_command("start url shortener lightning")
    assert (parsed.question, parsed.format) == ("url shortener lightning", None)


_EXTEND = (
    "isn't minutes for `/drill extend`: use a whole number from 1 to 120, e.g. `/drill extend 5`."
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("extend abc", f"`abc` {_EXTEND}"),
        ("extend 5 6", f"`5 6` {_EXTEND}"),
        ("extend -5", f"`-5` {_EXTEND}"),
        ("extend 0", f"`0` {_EXTEND}"),
        ("extend 121", f"`121` {_EXTEND}"),
        ("extend 99999", f"`99999` {_EXTEND}"),
        ("extend 5²", f"`5²` {_EXTEND}"),
        ("frobnicate", "`/drill frobnicate` isn't a command I know. Try `/drill help`."),
        ("`rm` -rf", "`/drill rm` isn't a command I know. Try `/drill help`."),
        ("next please", "`/drill next` takes nothing after it: just `/drill next`."),
        ("end now", "`/drill end` takes nothing after it: just `/drill end`."),
    ],
)
def test_malformed_drill_commands_get_a_friendly_usage_error(text: str, message: str) -> None:
    with pytest.raises(UsageError) as error:
        parse_drill_command(text, formats=FORMATS)
    assert str(error.value) == message
    assert isinstance(error.value, ValueError) and isinstance(error.value, SlackInputError)


def test_every_command_the_parser_knows_is_in_the_help() -> None:
    help_text = blocks.usage_text()
    for name in ("start", "next", "extend", "pause", "resume", "end", "status", "questions"):
        assert f"`/drill {name}" in help_text
        parse_drill_command(name)  # and the parser accepts it


# -- thread messages -----------------------------------------------------------------------

DOCUMENTED_THREAD_REPLY = {
    "token": "ZZZZZZWSxiZZZ2yIvs3peJ",
    "team_id": "T123ABC456",
    "api_app_id": "A123ABC456",
    "event": {
        "type": "message",
        "user": "U123ABC456",
        "text": "Riders request rides; drivers accept them.",
        "ts": "1355517536.000001",
        "thread_ts": "1355517523.000005",
        "parent_user_id": "U0BOT",
        "channel": "C123ABC456",
        "event_ts": "1355517536.000001",
        "channel_type": "channel",
    },
    "type": "event_callback",
    "event_id": "Ev123ABC456",
    "event_time": 1355517536,
    "authorizations": [
        {
            "enterprise_id": None,
            "team_id": "T123ABC456",
            "user_id": "U0BOT",
            "is_bot": True,
            "is_enterprise_install": False,
        }
    ],
}


def test_documented_thread_reply_becomes_a_thread_message() -> None:
    assert parse_thread_message(DOCUMENTED_THREAD_REPLY) == ThreadMessage(
        team_id="T123ABC456",
        channel_id="C123ABC456",
        user_id="U123ABC456",
        ts="1355517536.000001",
        thread_ts="1355517523.000005",
        text="Riders request rides; drivers accept them.",
        event_id="Ev123ABC456",
    )


def test_thread_reply_from_the_builders_is_read_with_its_event_id() -> None:
    event = sr.thread_reply_event("users are riders", thread_ts=ROOT, ts="1700000001.000200")
    parsed = parse_thread_message(envelope(event, event_id="Ev42"))

    assert parsed is not None
    assert (parsed.thread_ts, parsed.ts, parsed.text) == (
        ROOT,
        "1700000001.000200",
        "users are riders",
    )
    assert (parsed.event_id, parsed.team_id, parsed.user_id) == ("Ev42", TEAM_ID, sr.USER_ID)


@pytest.mark.parametrize("subtype", ["file_share", "thread_broadcast"])
def test_files_and_broadcast_replies_count_as_replies(subtype: str) -> None:
    event = sr.thread_reply_event("see diagram", thread_ts=ROOT, subtype=subtype)
    assert parse_thread_message(envelope(event)) is not None


@pytest.mark.parametrize(
    "event",
    [
        sr.message_event("a top-level message"),
        sr.message_event("the thread root itself", ts=ROOT, thread_ts=ROOT),
        sr.thread_reply_event("from a bot", thread_ts=ROOT, bot_id="B0OTHER"),
        sr.thread_reply_event("bot message", thread_ts=ROOT, subtype="bot_message"),
        sr.thread_reply_event("joined", thread_ts=ROOT, subtype="channel_join"),
        sr.message_changed_event(
            ts="1700000001.000200", new_text="b", old_text="a", thread_ts=ROOT
        ),
        sr.app_mention_event(thread_ts=ROOT),
    ],
    ids=["top-level", "root", "bot-id", "bot-message", "channel-join", "edit", "app-mention"],
)
def test_messages_that_are_not_a_persons_thread_reply_are_ignored(event: dict[str, Any]) -> None:
    assert parse_thread_message(envelope(event)) is None


def test_team_comes_from_the_installation_in_shared_channels() -> None:
    body = envelope(sr.thread_reply_event("hi", thread_ts=ROOT), team_id="T0OTHERORG")
    body["authorizations"][0]["team_id"] = "T0INSTALLED"

    parsed = parse_thread_message(body)

    assert parsed is not None and parsed.team_id == "T0INSTALLED"


def test_an_envelope_without_event_is_a_payload_error() -> None:
    with pytest.raises(PayloadError, match="no event"):
        parse_thread_message({"type": "event_callback", "team_id": TEAM_ID})


# -- edits and deletions -------------------------------------------------------------------


def test_edit_of_a_thread_reply_carries_the_new_text_and_original_ts() -> None:
    event = sr.message_changed_event(
        ts="1700000001.000200", new_text="QPS is 10k", old_text="QPS is 1k", thread_ts=ROOT
    )

    assert parse_message_edit(envelope(event, event_id="Ev7")) == MessageEdit(
        team_id=TEAM_ID,
        channel_id=sr.CHANNEL_ID,
        ts="1700000001.000200",
        thread_ts=ROOT,
        text="QPS is 10k",
        user_id=sr.USER_ID,
        event_id="Ev7",
    )


def test_edits_that_change_no_text_are_ignored() -> None:
    # Slack sends message_changed when it adds an unfurl or a parent's reply count changes.
    event = sr.message_changed_event(
        ts="1700000001.000200", new_text="same", old_text="same", thread_ts=ROOT
    )
    assert parse_message_edit(envelope(event)) is None


def test_edits_outside_threads_and_by_bots_are_ignored() -> None:
    top_level = sr.message_changed_event(ts="1700000001.000200", new_text="b", old_text="a")
    by_bot = sr.message_changed_event(
        ts="1700000001.000300", new_text="b", old_text="a", thread_ts=ROOT
    )
    by_bot["message"]["bot_id"] = "B0DRILL01"

    assert parse_message_edit(envelope(top_level)) is None
    assert parse_message_edit(envelope(by_bot)) is None
    assert parse_message_edit(envelope(sr.thread_reply_event("x", thread_ts=ROOT))) is None


def test_deleted_thread_reply_knows_its_thread_from_the_previous_message() -> None:
    event = sr.message_deleted_event(deleted_ts="1700000001.000200", thread_ts=ROOT)

    assert parse_message_delete(envelope(event, event_id="Ev8")) == MessageDelete(
        team_id=TEAM_ID,
        channel_id=sr.CHANNEL_ID,
        deleted_ts="1700000001.000200",
        thread_ts=ROOT,
        event_id="Ev8",
    )


def test_deletions_outside_threads_are_ignored() -> None:
    event = sr.message_deleted_event(deleted_ts="1700000001.000200")
    assert parse_message_delete(envelope(event)) is None


# -- App Home ------------------------------------------------------------------------------


def test_opening_the_home_tab_is_read_but_the_messages_tab_is_not() -> None:
    home = envelope(sr.app_home_opened_event(user_id="U0BOB"))
    messages = envelope(sr.app_home_opened_event(user_id="U0BOB", tab="messages"))

    assert parse_home_opened(home) == HomeOpened(team_id=TEAM_ID, user_id="U0BOB")
    assert parse_home_opened(messages) is None


# -- buttons -------------------------------------------------------------------------------


def rendered_buttons(*buttons: Button, interview_id: int = 12) -> list[dict[str, Any]]:
    say = Say(key="offer", kind=Kind.DEEP_DIVE_OFFER, text="Pick a topic", buttons=buttons)
    message = blocks.render_say(say, interview_id=interview_id)[-1]
    return [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]


def click(
    element: dict[str, Any], *, message_ts: str = "1700000002.000300", **kwargs: Any
) -> dict[str, Any]:
    return sr.block_actions_payload(
        action_id=element["action_id"], value=element["value"], message_ts=message_ts, **kwargs
    )


def test_clicking_a_rendered_topic_button_round_trips_interview_and_topic() -> None:
    elements = rendered_buttons(
        Button("topic", "Ride matching", "ride-matching"),
        Button("topic", "Surge pricing", "surge"),
        Button("end", "End"),
    )

    parsed = parse_button_click(click(elements[1], thread_ts=ROOT, user_id="U0BOB"))

    assert parsed == ButtonClick(
        team_id=TEAM_ID,
        channel_id=sr.CHANNEL_ID,
        user_id="U0BOB",
        message_ts="1700000002.000300",
        thread_ts=ROOT,
        action="topic",
        value="surge",
        trigger_id=sr.TRIGGER_ID,
        interview_id=12,
        label="Button",
        message_text="the message with the button",
    )


@pytest.mark.parametrize("action", ["next", "extend", "end"])
def test_every_rendered_action_comes_back_as_itself(action: str) -> None:
    (element,) = rendered_buttons(Button(action, action.title()), interview_id=3)
    parsed = parse_button_click(click(element, thread_ts=ROOT))
    assert parsed is not None and (parsed.action, parsed.interview_id, parsed.value) == (
        action,
        3,
        "",
    )


def test_a_button_on_the_thread_root_belongs_to_that_thread() -> None:
    (element,) = rendered_buttons(Button("next", "Next phase"))
    parsed = parse_button_click(click(element, message_ts=ROOT))
    assert parsed is not None and parsed.thread_ts == ROOT


DOCUMENTED_CLICK_IN_THREAD = {
    "type": "block_actions",
    "user": {"id": "U123", "username": "alice", "name": "alice", "team_id": "T123"},
    "api_app_id": "A123",
    "token": "verification_token",
    "container": {
        "type": "message",
        "message_ts": "1693635296.000500",
        "channel_id": "C123",
        "is_ephemeral": False,
        "thread_ts": "1693616242.466609",
    },
    "trigger_id": "111.222.valid",
    "team": None,  # org-wide installs send null here; user.team_id still has it
    "channel": {"id": "C123", "name": "drills"},
    "response_url": "https://hooks.slack.com/actions/T123/111/random-value",
    "actions": [
        {
            "action_id": "drill_extend",
            "block_id": "b",
            "text": {"type": "plain_text", "text": "+5 min", "emoji": True},
            "value": '{"i":9,"v":"5"}',
            "type": "button",
            "action_ts": "1693635300.194939",
        }
    ],
}


def test_documented_click_in_a_thread_with_a_null_team() -> None:
    parsed = parse_button_click(DOCUMENTED_CLICK_IN_THREAD)
    assert parsed is not None
    assert (parsed.team_id, parsed.thread_ts, parsed.message_ts) == (
        "T123",
        "1693616242.466609",
        "1693635296.000500",
    )
    assert (parsed.action, parsed.value, parsed.interview_id) == ("extend", "5", 9)


def test_clicks_on_other_apps_actions_or_other_surfaces_are_not_ours() -> None:
    foreign = sr.block_actions_payload(action_id="approve", value="x", message_ts=ROOT)
    on_home = sr.block_actions_payload(action_id="drill_next", value='{"i":1}', message_ts=ROOT)
    on_home["container"] = {"type": "view", "view_id": "V123"}

    assert parse_button_click(foreign) is None
    assert parse_button_click(on_home) is None
    assert parse_button_click({"type": "view_submission"}) is None


@pytest.mark.parametrize("value", ["", "12", '{"v":"x"}', '{"i":"12"}', "not json"])
def test_a_button_value_we_did_not_write_is_a_payload_error(value: str) -> None:
    payload = sr.block_actions_payload(action_id="drill_next", value=value, message_ts=ROOT)
    with pytest.raises(PayloadError, match="not one of ours"):
        parse_button_click(payload)


def test_action_id_pattern_matches_rendered_ids_only() -> None:
    assert all(ACTION_ID_PATTERN.match(x) for x in ("drill_next", "drill_topic_3", "drill_end"))
    assert not any(
        ACTION_ID_PATTERN.match(x) for x in ("drill_", "next", "drill_Next", "xdrill_end")
    )


# -- the start modal -----------------------------------------------------------------------

QUESTIONS = [("rate-limiter", "Design a rate limiter"), ("url-shortener", "Design a URL shortener")]
FORMAT_OPTIONS = [("default", "Standard (45 min)"), ("lightning", "Lightning (20 min)")]


def submitted(question: str | None, topic: str | None, fmt: str | None) -> dict[str, Any]:
    """Fill the rendered start modal the way Slack reports it in view.state.values."""
    view = blocks.start_modal("C0TEAM", QUESTIONS, FORMAT_OPTIONS)
    values: dict[str, dict[str, Any]] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        if element["type"] == "static_select":
            chosen = {"rate-limiter": question, "default": fmt}.get(element["options"][0]["value"])
            entry = sr.select_value(chosen)
        else:
            entry = sr.text_value(topic)
        values[block["block_id"]] = {element["action_id"]: entry}
    return sr.view_submission_payload(
        callback_id=view["callback_id"],
        private_metadata=view["private_metadata"],
        values=values,
        user_id="U0BOB",
    )


@pytest.mark.parametrize(
    ("question", "topic", "fmt", "expected_question", "expected_format"),
    [
        ("url-shortener", None, "lightning", "url-shortener", "lightning"),
        ("url-shortener", "ignored topic", "default", "url-shortener", "default"),
        (None, "  chat app ", "default", "chat app", "default"),
        (None, None, None, None, None),
    ],
)
def test_start_modal_submission_round_trips(
    question: str | None,
    topic: str | None,
    fmt: str | None,
    expected_question: str | None,
    expected_format: str | None,
) -> None:
    assert parse_start_submission(submitted(question, topic, fmt)) == StartSubmission(
        team_id=TEAM_ID,
        user_id="U0BOB",
        channel_id="C0TEAM",
        question=expected_question,
        format=expected_format,
    )


def test_a_submission_of_another_view_or_without_channel_is_a_payload_error() -> None:
    other = sr.view_submission_payload(callback_id="settings", values={}, private_metadata="C1")
    no_channel = sr.view_submission_payload(callback_id="drill_start", values={})

    with pytest.raises(PayloadError, match="not the start modal"):
        parse_start_submission(other)
    with pytest.raises(PayloadError, match="private_metadata"):
        parse_start_submission(no_channel)
