"""Slack payloads in, typed inputs out: the one module that reads Bolt's payload dicts.

Each ``parse_*`` function takes what Bolt hands a listener as ``body`` (for commands,
``command``) and returns a small frozen dataclass, or ``None`` when the payload is not for us
(a bot's message, a message outside a thread, an edit that changed nothing). A payload that
lacks a field Slack documents raises :class:`PayloadError`; a ``/drill`` command the user
mistyped raises :class:`UsageError`, whose message is a friendly reply for the user.

The wire format of our own UI also lives here, since this is where it comes back: the
``drill_*`` action ids and the button values (rendered by ``bot.slack.blocks``), and the
block and action ids of the start modal.

Team ids follow Bolt's ``context.team_id``: for events the installing workspace in
``authorizations[0]`` (right for shared channels) before the envelope's ``team_id``; for
interactivity ``view.app_installed_team_id``, then ``team.id``, then ``user.team_id``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

Payload = Mapping[str, Any]


class SlackInputError(ValueError):
    """Root of the errors raised while reading Slack input."""


class UsageError(SlackInputError):
    """A ``/drill`` command that cannot be understood; the message is meant for the user."""


class PayloadError(SlackInputError):
    """A payload without a field Slack documents for it; the message names the field."""


# -- the wire format of our UI -----------------------------------------------------------------

ACTION_ID_PATTERN = re.compile(r"^drill_([a-z]+)(?:_\d+)?$")
"""Every button action id we render: ``drill_<action>``, or ``drill_<action>_<n>`` when a
message carries several buttons of one action (deep-dive topics: ``drill_topic_1``...),
since action ids must be unique within a block. ``app.action(ACTION_ID_PATTERN)`` matches all."""

START_CALLBACK_ID = "drill_start"
QUESTION_BLOCK, QUESTION_ACTION = "start_question", "question"
TOPIC_BLOCK, TOPIC_ACTION = "start_topic", "topic"
FORMAT_BLOCK, FORMAT_ACTION = "start_format", "format"


def action_id(action: str, number: int | None = None) -> str:
    """The action id of a button for ``action`` (``next``, ``topic``...)."""
    return f"drill_{action}" if number is None else f"drill_{action}_{number}"


def button_value(interview_id: int, value: str = "") -> str:
    """A button's value: compact JSON with the interview id and the button's own value."""
    data: dict[str, Any] = {"i": interview_id}
    if value:
        data["v"] = value
    return json.dumps(data, separators=(",", ":"))


def _read_button_value(raw: str) -> tuple[int, str]:
    try:
        data = json.loads(raw)
        interview_id, value = data["i"], data.get("v", "")
    except (ValueError, TypeError, KeyError) as error:
        raise PayloadError(f"button value {raw!r} is not one of ours") from error
    if not isinstance(interview_id, int) or not isinstance(value, str):
        raise PayloadError(f"button value {raw!r} is not one of ours")
    return interview_id, value


# -- /drill --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlashCommand:
    team_id: str
    channel_id: str
    user_id: str
    text: str
    trigger_id: str
    response_url: str


def parse_slash_command(command: Payload) -> SlashCommand:
    """Read a slash command (Bolt's ``command``). Commands never carry a thread."""
    return SlashCommand(
        team_id=_str(command, "team_id", "slash command"),
        channel_id=_str(command, "channel_id", "slash command"),
        user_id=_str(command, "user_id", "slash command"),
        text=str(command.get("text") or "").strip(),
        trigger_id=str(command.get("trigger_id") or ""),
        response_url=str(command.get("response_url") or ""),
    )


@dataclass(frozen=True)
class CommandHelp:
    name: str
    args: str
    summary: str


COMMANDS: tuple[CommandHelp, ...] = (
    CommandHelp("start", "[question-id|topic] [format]", "start a mock interview in a thread"),
    CommandHelp("next", "", "move on to the next phase"),
    CommandHelp("extend", "[minutes]", "more time for this phase (1 to 120 minutes)"),
    CommandHelp("pause", "", "stop the clock"),
    CommandHelp("resume", "", "start the clock again"),
    CommandHelp("end", "", "finish now and get the retrospective"),
    CommandHelp("status", "", "the phase, the time left, who has answered"),
    CommandHelp("questions", "[topic]", "list the questions you can start"),
    CommandHelp("history", "", "your past interviews with their scores"),
    CommandHelp("show", "ID", "one of your retrospectives again"),
    CommandHelp("export", "", "your answers and retrospectives as a Markdown file"),
    CommandHelp("forget-me", "", "delete your answers, scores and participation"),
    CommandHelp("leaderboard", "[week|month|season|all|improved|hide|show]", "the team board"),
    CommandHelp("timezone", "[Area/City]", "the team's time zone for weeks (admins)"),
    CommandHelp("retention", "[days|off]", "delete answers older than this (admins)"),
    CommandHelp("schedule", "add|list|pause|resume|skip|delete ...", "weekly team drills"),
    CommandHelp("reroll", "", "another question for this drill, before anyone answered (host)"),
    CommandHelp("help", "", "this list"),
)
# Subcommands whose arguments their own handler parses (with its own friendly errors).
_OWN_ARGS = frozenset({"show", "leaderboard", "timezone", "retention", "schedule"})
_NAMES = frozenset(c.name for c in COMMANDS)
_MINUTES = re.compile(r"\+?(\d{1,4})\s*(?:m|min|mins|minute|minutes)?")
_QUOTES = " \"'\u201c\u201d\u2018\u2019"


@dataclass(frozen=True)
class DrillCommand:
    """A parsed ``/drill`` command. Only the fields of its subcommand are set."""

    name: str
    args: tuple[str, ...] = ()
    question: str | None = None
    """start: a question id or a free-text topic; None for a random question."""
    format: str | None = None
    """start: a format id (one of the ``formats`` given to the parser)."""
    minutes: int | None = None
    """extend: 1 to 120; None for the engine's default."""
    topic: str | None = None
    """questions: a filter."""


def parse_drill_command(text: str, *, formats: Collection[str] = ()) -> DrillCommand:
    """Parse the text after ``/drill``; empty text means ``help``.

    ``start``'s last word is taken as the format when it is one of ``formats``
    (case-insensitive); the other words are the question id or topic.
    Raises :class:`UsageError` with a short reply for the user.
    """
    words = text.split()
    if not words:
        return DrillCommand("help")
    name, args = words[0].lower(), tuple(words[1:])
    if name not in _NAMES:
        shown = name.replace("`", "")[:30]
        raise UsageError(f"`/drill {shown}` isn't a command I know. Try `/drill help`.")
    if name == "start":
        return _parse_start(args, formats)
    if name == "extend":
        return DrillCommand(name, args, minutes=_parse_minutes(args))
    if name == "questions":
        return DrillCommand(name, args, topic=" ".join(args).strip(_QUOTES) or None)
    if name in _OWN_ARGS:
        return DrillCommand(name, args)
    if args:
        raise UsageError(f"`/drill {name}` takes nothing after it: just `/drill {name}`.")
    return DrillCommand(name)


def _parse_start(args: tuple[str, ...], formats: Collection[str]) -> DrillCommand:
    known = {f.lower(): f for f in formats}
    words, chosen = args, None
    if words and words[-1].lower() in known:
        words, chosen = words[:-1], known[words[-1].lower()]
    question = " ".join(words).strip(_QUOTES) or None
    return DrillCommand("start", args, question=question, format=chosen)


def _parse_minutes(args: tuple[str, ...]) -> int | None:
    if not args:
        return None
    match = _MINUTES.fullmatch(" ".join(args).lower())
    if match is None:
        raise UsageError("`/drill extend` takes minutes, e.g. `/drill extend 5`")
    minutes = int(match[1])
    if not 1 <= minutes <= 120:
        raise UsageError("`/drill extend` takes 1 to 120 minutes, e.g. `/drill extend 5`")
    return minutes


# -- events --------------------------------------------------------------------------------

_REPLY_SUBTYPES = frozenset({None, "file_share", "thread_broadcast"})


@dataclass(frozen=True)
class ThreadMessage:
    team_id: str
    channel_id: str
    user_id: str
    ts: str
    thread_ts: str
    text: str
    event_id: str


@dataclass(frozen=True)
class MessageEdit:
    team_id: str
    channel_id: str
    ts: str
    """The edited message's own (original) ts."""
    thread_ts: str
    text: str
    """The new text."""
    user_id: str
    event_id: str


@dataclass(frozen=True)
class MessageDelete:
    team_id: str
    channel_id: str
    deleted_ts: str
    thread_ts: str
    event_id: str


@dataclass(frozen=True)
class HomeOpened:
    team_id: str
    user_id: str


def parse_thread_message(body: Payload) -> ThreadMessage | None:
    """A person's reply in a thread (Slack sends replies as plain ``message`` events with
    ``thread_ts``); None for bots, thread roots, top-level messages and other subtypes."""
    event = _event(body)
    if event.get("type") != "message" or event.get("subtype") not in _REPLY_SUBTYPES:
        return None
    ts, thread_ts, user = event.get("ts"), event.get("thread_ts"), event.get("user")
    if _is_bot(event) or not user or not thread_ts or thread_ts == ts:
        return None
    return ThreadMessage(
        team_id=_team_id(body),
        channel_id=_str(event, "channel", "message event"),
        user_id=user,
        ts=_str(event, "ts", "message event"),
        thread_ts=thread_ts,
        text=str(event.get("text") or ""),
        event_id=_str(body, "event_id", "event envelope"),
    )


def parse_message_edit(body: Payload) -> MessageEdit | None:
    """An edit of a person's thread reply (``message_changed``; the new message is under
    ``message`` with its original ts). None when the text did not change, as when Slack
    adds an unfurl or updates a parent's reply count."""
    event = _event(body)
    if event.get("type") != "message" or event.get("subtype") != "message_changed":
        return None
    new, old = _dict(event, "message"), event.get("previous_message")
    ts, thread_ts, user = new.get("ts"), new.get("thread_ts"), new.get("user")
    text = str(new.get("text") or "")
    if _is_bot(new) or not user or not ts or not thread_ts or thread_ts == ts:
        return None
    if isinstance(old, Mapping) and str(old.get("text") or "") == text:
        return None
    return MessageEdit(
        team_id=_team_id(body),
        channel_id=_str(event, "channel", "message_changed event"),
        ts=ts,
        thread_ts=thread_ts,
        text=text,
        user_id=user,
        event_id=_str(body, "event_id", "event envelope"),
    )


def parse_message_delete(body: Payload) -> MessageDelete | None:
    """A deleted thread reply (``message_deleted``; the thread is known only from
    ``previous_message.thread_ts``). None outside threads."""
    event = _event(body)
    if event.get("type") != "message" or event.get("subtype") != "message_deleted":
        return None
    deleted_ts = _str(event, "deleted_ts", "message_deleted event")
    thread_ts = _dict(event, "previous_message").get("thread_ts")
    if not thread_ts or thread_ts == deleted_ts:
        return None
    return MessageDelete(
        team_id=_team_id(body),
        channel_id=_str(event, "channel", "message_deleted event"),
        deleted_ts=deleted_ts,
        thread_ts=thread_ts,
        event_id=_str(body, "event_id", "event envelope"),
    )


def parse_home_opened(body: Payload) -> HomeOpened | None:
    """The App Home's Home tab was opened; None for its Messages tab."""
    event = _event(body)
    if event.get("type") != "app_home_opened" or event.get("tab", "home") != "home":
        return None
    return HomeOpened(team_id=_team_id(body), user_id=_str(event, "user", "app_home_opened"))


# -- interactivity -------------------------------------------------------------------------


@dataclass(frozen=True)
class ButtonClick:
    team_id: str
    channel_id: str
    user_id: str
    message_ts: str
    thread_ts: str
    """The interview thread: the message's thread, or the message itself when it is the root."""
    action: str
    """The button's action: next, extend, end, topic."""
    value: str
    """The button's own value (a topic id), without the interview id."""
    trigger_id: str
    interview_id: int


@dataclass(frozen=True)
class StartSubmission:
    team_id: str
    user_id: str
    channel_id: str
    question: str | None
    """A question id from the select, else the typed topic, else None for a random one."""
    format: str | None


def parse_button_click(body: Payload) -> ButtonClick | None:
    """A click on one of our buttons on a message; None for other actions or surfaces."""
    if body.get("type") != "block_actions":
        return None
    actions = body.get("actions") or []
    if not actions:
        raise PayloadError("block_actions payload has no actions")
    action = actions[0]
    matched = ACTION_ID_PATTERN.match(str(action.get("action_id") or ""))
    container, message = _dict(body, "container"), _dict(body, "message")
    if matched is None or container.get("type") != "message":
        return None
    channel_id = _dict(body, "channel").get("id") or container.get("channel_id")
    message_ts = container.get("message_ts") or message.get("ts")
    if not channel_id or not message_ts:
        raise PayloadError("block_actions payload has no channel or message_ts")
    interview_id, value = _read_button_value(str(action.get("value") or ""))
    return ButtonClick(
        team_id=_team_id(body),
        channel_id=channel_id,
        user_id=_str(_dict(body, "user"), "id", "block_actions user"),
        message_ts=message_ts,
        thread_ts=container.get("thread_ts") or message.get("thread_ts") or message_ts,
        action=matched[1],
        value=value,
        trigger_id=str(body.get("trigger_id") or ""),
        interview_id=interview_id,
    )


def parse_start_submission(body: Payload) -> StartSubmission:
    """The start modal's submission; its ``private_metadata`` carries the channel id."""
    view = _dict(body, "view")
    if view.get("callback_id") != START_CALLBACK_ID:
        raise PayloadError(f"view {view.get('callback_id')!r} is not the start modal")
    values = _dict(_dict(view, "state"), "values")
    selected = _dict(_dict(_dict(values, QUESTION_BLOCK), QUESTION_ACTION), "selected_option")
    fmt = _dict(_dict(_dict(values, FORMAT_BLOCK), FORMAT_ACTION), "selected_option")
    topic = str(_dict(_dict(values, TOPIC_BLOCK), TOPIC_ACTION).get("value") or "").strip()
    return StartSubmission(
        team_id=_team_id(body),
        user_id=_str(_dict(body, "user"), "id", "view_submission user"),
        channel_id=_str(view, "private_metadata", "start modal"),
        question=selected.get("value") or topic or None,
        format=fmt.get("value") or None,
    )


# -- helpers -------------------------------------------------------------------------------


def _dict(payload: Payload, key: str) -> Payload:
    value = payload.get(key)
    return value if isinstance(value, Mapping) else {}


def _str(payload: Payload, key: str, where: str) -> str:
    value = payload.get(key)
    if not isinstance(value, str) or not value:
        raise PayloadError(f"{where} has no {key}")
    return value


def _event(body: Payload) -> Payload:
    event = body.get("event")
    if not isinstance(event, Mapping):
        raise PayloadError("event envelope has no event")
    return event


def _is_bot(message: Payload) -> bool:
    return bool(message.get("bot_id")) or message.get("subtype") == "bot_message"


def _team_id(body: Payload) -> str:
    authorizations = body.get("authorizations") or []
    candidates = (
        _dict(body, "view").get("app_installed_team_id"),
        _dict(body, "team").get("id"),
        authorizations[0].get("team_id") if authorizations else None,
        body.get("team_id"),
        _dict(body, "user").get("team_id"),
    )
    for team_id in candidates:
        if isinstance(team_id, str) and team_id:
            return team_id
    raise PayloadError("payload has no team id")
