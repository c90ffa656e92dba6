"""Delivering outbox items to Slack: Block Kit rendering, pacing and error mapping.

Runs only in the background delivery lanes, never before an ack: it keeps to about one
message per second per channel (with a :class:`~bot.interviews.pacing.ChannelPacer`, across
every process). A 429 comes back as :class:`DeliveryFailed` with its Retry-After, and the
outbox retries the message then. Errors that a person must fix (the bot is not in the
channel) are reported as :class:`Undeliverable`; everything else is retried from the outbox.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.engine.effects import Button, Kind, Say
from bot.interviews.delivery import DeliveryFailed, Target, Undeliverable
from bot.interviews.pacing import ChannelPacer
from bot.interviews.rows import OutboxItem
from bot.slack.blocks import render_say
from bot.slack.clients import ClientsForTeam, clients_of

logger = logging.getLogger(__name__)

# Errors no retry will fix; the host is told what to do instead.
PERMANENT = {
    "not_in_channel": "I'm not a member of <#{channel}>. Invite me with `/invite @DesignDrill` "
    "and start the drill again.",
    "channel_not_found": "I can't see <#{channel}>: if it is private, invite me with "
    "`/invite @DesignDrill` first.",
    "is_archived": "<#{channel}> is archived, so I can't post there.",
    "cannot_dm_bot": "I can't send direct messages to another bot.",
    "user_not_found": "I couldn't find that person in this workspace.",
}
NOT_INSTALLED = "not_installed"
"""The team has no installation (multi-workspace mode): nobody can be told, so it is dropped."""
MIN_GAP_SECONDS = 1.0


def say_from_payload(item: OutboxItem) -> Say:
    payload = item.payload
    buttons = tuple(Button(*b) for b in payload.get("buttons") or [])
    return Say(item.key, Kind(str(payload["kind"])), str(payload["text"]), buttons, item.user_id)


def step_of(item: OutboxItem) -> tuple[str, int] | None:
    """The step an item's buttons belong to (phase id, step number), if it names one."""
    step = item.payload.get("step")
    return (str(step[0]), int(step[1])) if step else None


@dataclass
class SlackSender:
    client: WebClient | ClientsForTeam
    """The one client, or each team's own (multi-workspace mode)."""
    pacer: ChannelPacer | None = None
    """The pace shared by every process (see :mod:`bot.interviews.pacing`); without it, this process
    keeps the pace on its own."""
    sleep: Callable[[float], None] = time.sleep
    monotonic: Callable[[], float] = time.monotonic
    _last_post: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _dm_channels: dict[tuple[str, str], str] = field(default_factory=dict)
    """A person's DM channel never changes: opened once, not before every DM."""

    def send(self, item: OutboxItem, target: Target) -> str | None:
        client = clients_of(self.client).for_team(item.team_id)
        if client is None:
            raise Undeliverable(NOT_INSTALLED, "DesignDrill is not installed in this workspace.")
        channel = self._channel(client, item.team_id, target)
        ts: str | None = None
        say, step = say_from_payload(item), step_of(item)
        for message in render_say(say, interview_id=item.interview_id or 0, step=step):
            claimed_at = None
            if self.pacer is not None:
                claimed_at = self.pacer.wait_for_slot(team_id=item.team_id, channel_id=channel)
            else:
                self._pace(channel)
            thread = None if target.user_id else target.thread_ts
            try:
                response = self._call(
                    client.chat_postMessage,
                    channel=target.channel_id or channel,
                    args={
                        "channel": channel,
                        "thread_ts": thread,
                        "text": message["text"],
                        "blocks": message["blocks"],
                        "unfurl_links": False,
                    },
                )
            finally:
                if self.pacer is not None and claimed_at is not None:
                    self.pacer.posted(
                        team_id=item.team_id, channel_id=channel, claimed_at=claimed_at
                    )
            ts = ts or str(response.get("ts") or "") or None
        return ts

    def _channel(self, client: WebClient, team_id: str, target: Target) -> str:
        if not target.user_id:
            assert target.channel_id is not None
            return target.channel_id
        key = (team_id, target.user_id)
        if key not in self._dm_channels:
            response = self._call(
                client.conversations_open,
                channel=target.user_id,
                args={"users": target.user_id},
            )
            self._dm_channels[key] = str(response["channel"]["id"])
        return self._dm_channels[key]

    def _pace(self, channel: str) -> None:
        """Keep to Slack's ~1 message per second per channel."""
        with self._lock:
            wait = self._last_post.get(channel, -1e9) + MIN_GAP_SECONDS - self.monotonic()
            if wait > 0:
                self.sleep(wait)
            self._last_post[channel] = self.monotonic()

    def _call(self, fn: Callable[..., Any], *, channel: str, args: dict[str, Any]) -> Any:
        try:
            response = fn(**args)
        except SlackApiError as exc:
            error = str(exc.response.get("error", "")) if exc.response is not None else ""
            status = exc.response.status_code if exc.response is not None else 0
            if error in PERMANENT:
                raise Undeliverable(error, PERMANENT[error].format(channel=channel)) from exc
            retry_after = None
            if status == 429 and exc.response is not None:
                retry_after = float(exc.response.headers.get("retry-after", 1))
            raise DeliveryFailed(f"{status} {error}".strip(), retry_after=retry_after) from exc
        except (URLError, OSError, TimeoutError) as exc:
            raise DeliveryFailed(f"Slack unreachable: {exc}") from exc
        return response
