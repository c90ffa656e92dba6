"""Delivering outbox items to Slack: Block Kit rendering and pacing; Slack's errors are
mapped to the outbox's terms in :mod:`bot.slack.api_errors`.

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
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.engine.effects import Kind
from bot.interviews.closing import is_closing
from bot.interviews.pacing import ChannelPacer
from bot.interviews.rows import OutboxItem
from bot.interviews.transport import DeliveryFailed, Target, Undeliverable
from bot.slack.api_errors import GONE, call, error_code
from bot.slack.blocks import closed_buttons, render_say
from bot.slack.clients import ClientsForTeam, clients_of
from bot.slack.payloads import say_from_payload, say_in, step_in, step_of

logger = logging.getLogger(__name__)

NOT_INSTALLED = "not_installed"
"""The team has no installation (multi-workspace mode): nobody can be told, so it is dropped."""
MIN_GAP_SECONDS = 1.0


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
        """Post the item; returns the ts of its first message, or for a message with
        buttons the one that carries them (to close them later). A closing
        (:mod:`bot.interviews.closing`) updates the message it closes instead."""
        client = clients_of(self.client).for_team(item.team_id)
        if client is None:
            raise Undeliverable(NOT_INSTALLED, "DesignDrill is not installed in this workspace.")
        if is_closing(item):
            self._close(client, item, target)
            return None
        channel = self._channel(client, item.team_id, target)
        say, step = say_from_payload(item), step_of(item)
        posted: list[str] = []
        messages = render_say(say, interview_id=item.interview_id or 0, step=step)
        for n, message in enumerate(messages):
            thread = None if target.user_id else target.thread_ts
            response = self._paced(
                client.chat_postMessage,
                team_id=item.team_id,
                channel=target.channel_id or channel,
                posting_to=channel,
                # A message's later parts wait for their turns: given back, the whole
                # message would go again, its first parts twice.
                claimed_at=target.slot_claimed_at if n == 0 else None,
                patient=n > 0,
                args={
                    "channel": channel,
                    "thread_ts": thread,
                    "text": message["text"],
                    "blocks": message["blocks"],
                    "unfurl_links": False,
                },
            )
            posted += [str(response.get("ts") or "")]
        ts = posted[-1] if say.buttons and say.kind is not Kind.QUESTION else posted[0]
        return ts or None

    def _close(self, client: WebClient, item: OutboxItem, target: Target) -> None:
        """Replace the closed message's buttons (rendered again as they were posted) by
        the closing's note; a message gone meanwhile is left alone."""
        said, channel = item.payload["said"], str(item.channel_id)
        say = say_in(said, item.key, None)
        rendered = render_say(say, interview_id=item.interview_id or 0, step=step_in(said))[-1]
        closed = closed_buttons(rendered["text"], rendered["blocks"], str(item.payload["note"]))
        try:
            self._paced(
                client.chat_update,
                team_id=item.team_id,
                channel=channel,
                posting_to=channel,
                claimed_at=target.slot_claimed_at,
                args={"channel": channel, "ts": item.payload["ts"], **closed},
            )
        except DeliveryFailed as exc:
            if (
                not isinstance(exc.__cause__, SlackApiError)
                or error_code(exc.__cause__) not in GONE
            ):
                raise
            logger.info("buttons of %s not closed: %s", item.payload["ts"], exc)

    def _paced(
        self,
        fn: Callable[..., Any],
        *,
        team_id: str,
        channel: str,
        posting_to: str,
        args: dict[str, Any],
        claimed_at: datetime | None = None,
        patient: bool = False,
    ) -> Any:
        """One call that shows in the channel ``posting_to``, at the channel's pace: in the
        slot claimed at ``claimed_at`` (by the lease), else in one claimed now (``patient``:
        however long the wait)."""
        if self.pacer is not None:
            if claimed_at is None:
                claimed_at = self.pacer.wait_for_slot(
                    team_id=team_id, channel_id=posting_to, patient=patient
                )
        else:
            self._pace(posting_to)
        try:
            return call(fn, channel=channel, args=args)
        finally:
            if self.pacer is not None and claimed_at is not None:
                self.pacer.posted(team_id=team_id, channel_id=posting_to, claimed_at=claimed_at)

    def _channel(self, client: WebClient, team_id: str, target: Target) -> str:
        if not target.user_id:
            assert target.channel_id is not None
            return target.channel_id
        key = (team_id, target.user_id)
        if key not in self._dm_channels:
            response = call(
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
