"""Events about a thread's messages: a person's reply, its edit, its deletion."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.slack.inputs.fields import (
    Payload,
    event_of,
    is_bot,
    mapping_at,
    optional_text,
    optional_ts,
    team_id_of,
    text_at,
    ts_at,
)

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


def parse_thread_message(body: Payload) -> ThreadMessage | None:
    """A person's reply in a thread (Slack sends replies as plain ``message`` events with
    ``thread_ts``); None for bots, thread roots, top-level messages and other subtypes."""
    event = event_of(body)
    subtype = optional_text(event, "subtype", "message event")
    if event.get("type") != "message" or subtype not in _REPLY_SUBTYPES:
        return None
    ts = ts_at(event, "ts", "message event")
    thread_ts = optional_ts(event, "thread_ts", "message event")
    user = optional_text(event, "user", "message event")
    if is_bot(event) or not user or not thread_ts or thread_ts == ts:
        return None
    return ThreadMessage(
        team_id=team_id_of(body),
        channel_id=text_at(event, "channel", "message event"),
        user_id=user,
        ts=ts,
        thread_ts=thread_ts,
        text=optional_text(event, "text", "message event") or "",
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
    ts = ts_at(new, "ts", "message_changed message")
    thread_ts = optional_ts(new, "thread_ts", "message_changed message")
    user = optional_text(new, "user", "message_changed message")
    text = optional_text(new, "text", "message_changed message") or ""
    if is_bot(new) or not user or not thread_ts or thread_ts == ts:
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
    deleted_ts = ts_at(event, "deleted_ts", "message_deleted event")
    thread_ts = optional_ts(mapping_at(event, "previous_message"), "thread_ts", "deleted message")
    if not thread_ts or thread_ts == deleted_ts:
        return None
    return MessageDelete(
        team_id=team_id_of(body),
        channel_id=text_at(event, "channel", "message_deleted event"),
        deleted_ts=deleted_ts,
        thread_ts=thread_ts,
        event_id=text_at(body, "event_id", "event envelope"),
    )
