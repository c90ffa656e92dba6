"""Events: thread replies (answers), edits, deletions, mentions (App Home: ``home.py``).

Slack retries an event it thinks failed; a retry is a duplicate. Answers are idempotent by
message ts, and every event id is remembered in the database once handled, so a retry that
reaches another process or arrives after a restart changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from slack_sdk import WebClient

from bot.slack.blocks import usage_text
from bot.slack.deps import SlackDeps
from bot.slack.inputs import (
    parse_mention,
    parse_message_delete,
    parse_message_edit,
    parse_thread_message,
)
from bot.slack.users import is_workspace_admin


def store_message(deps: SlackDeps, *, body: dict, client: WebClient) -> None:
    """Store first, then ack: once Slack has its 200 it never resends the event, so an
    answer must be durable before we say so. Bolt acks Events API requests as soon as a
    listener starts, so this runs as the listener's middleware, in the request thread,
    before that. Each message is stored in one short transaction of its own. If storing
    fails, Slack gets an error, retries, and finds the event not yet remembered.

    A reply that is a command word (`next`, `pause`...) steers the interview instead;
    a refusal is told to its author alone."""
    event_id = str(body.get("event_id") or "")
    if (message := parse_thread_message(body)) is not None:
        note = deps.service.reply_in_thread(
            team_id=message.team_id,
            channel_id=message.channel_id,
            thread_ts=message.thread_ts,
            user_id=message.user_id,
            message_ts=message.ts,
            text=message.text,
            at=slack_time(message.ts),
            event_id=event_id,
            is_admin=lambda: is_workspace_admin(client, message.user_id),
        )
        if note:
            client.chat_postEphemeral(
                channel=message.channel_id,
                user=message.user_id,
                thread_ts=message.thread_ts,
                text=note,
            )
    elif (edit := parse_message_edit(body)) is not None:
        deps.service.change_reply(
            team_id=edit.team_id,
            channel_id=edit.channel_id,
            thread_ts=edit.thread_ts,
            message_ts=edit.ts,
            text=edit.text,
            event_id=event_id,
        )
    elif (deleted := parse_message_delete(body)) is not None:
        deps.service.change_reply(
            team_id=deleted.team_id,
            channel_id=deleted.channel_id,
            thread_ts=deleted.thread_ts,
            message_ts=deleted.deleted_ts,
            text=None,
            event_id=event_id,
        )


def ack_message(ack: Callable[..., None]) -> None:
    """The message listener Bolt requires. Not reached: its middleware (``store_message``
    in ``wiring.py``) acks once the message is stored."""
    ack()


def on_mention(deps: SlackDeps, *, ack: Callable[..., None], body: dict, client: WebClient) -> None:
    ack()
    mention = parse_mention(body)
    client.chat_postMessage(
        channel=mention.channel_id, thread_ts=mention.thread_ts, text=usage_text()
    )


def slack_time(ts: str) -> datetime:
    """A message's own time, from its ts (seconds since the epoch, as text)."""
    return datetime.fromtimestamp(float(ts), UTC)
