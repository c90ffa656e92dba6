"""Events about messages and the App Home: a thread reply, its edit or deletion, a visit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.slack.inputs.fields import Payload, event_of, is_bot, mapping_at, team_id_of, text_at

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
    event = event_of(body)
    if event.get("type") != "message" or event.get("subtype") not in _REPLY_SUBTYPES:
        return None
    ts, thread_ts, user = event.get("ts"), event.get("thread_ts"), event.get("user")
    if is_bot(event) or not user or not thread_ts or thread_ts == ts:
        return None
    return ThreadMessage(
        team_id=team_id_of(body),
        channel_id=text_at(event, "channel", "message event"),
        user_id=user,
        ts=text_at(event, "ts", "message event"),
        thread_ts=thread_ts,
        text=str(event.get("text") or ""),
        event_id=text_at(body, "event_id", "event envelope"),
    )


def parse_message_edit(body: Payload) -> MessageEdit | None:
    """An edit of a person's thread reply (``message_changed``; the new message is under
    ``message`` with its original ts). None when the text did not change, as when Slack
    adds an unfurl or updates a parent's reply count."""
    event = event_of(body)
    if event.get("type") != "message" or event.get("subtype") != "message_changed":
        return None
    new, old = mapping_at(event, "message"), event.get("previous_message")
    ts, thread_ts, user = new.get("ts"), new.get("thread_ts"), new.get("user")
    text = str(new.get("text") or "")
    if is_bot(new) or not user or not ts or not thread_ts or thread_ts == ts:
        return None
    if isinstance(old, Mapping) and str(old.get("text") or "") == text:
        return None
    return MessageEdit(
        team_id=team_id_of(body),
        channel_id=text_at(event, "channel", "message_changed event"),
        ts=ts,
        thread_ts=thread_ts,
        text=text,
        user_id=user,
        event_id=text_at(body, "event_id", "event envelope"),
    )


def parse_message_delete(body: Payload) -> MessageDelete | None:
    """A deleted thread reply (``message_deleted``; the thread is known only from
    ``previous_message.thread_ts``). None outside threads."""
    event = event_of(body)
    if event.get("type") != "message" or event.get("subtype") != "message_deleted":
        return None
    deleted_ts = text_at(event, "deleted_ts", "message_deleted event")
    thread_ts = mapping_at(event, "previous_message").get("thread_ts")
    if not thread_ts or thread_ts == deleted_ts:
        return None
    return MessageDelete(
        team_id=team_id_of(body),
        channel_id=text_at(event, "channel", "message_deleted event"),
        deleted_ts=deleted_ts,
        thread_ts=thread_ts,
        event_id=text_at(body, "event_id", "event envelope"),
    )


def parse_home_opened(body: Payload) -> HomeOpened | None:
    """The App Home's Home tab was opened; None for its Messages tab."""
    event = event_of(body)
    if event.get("type") != "app_home_opened" or event.get("tab", "home") != "home":
        return None
    return HomeOpened(team_id=team_id_of(body), user_id=text_at(event, "user", "app_home_opened"))
