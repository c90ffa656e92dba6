"""What delivery asks of a transport (Slack, the terminal): where a message goes, the call
that sends it, and the exceptions that say how a send failed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from storage.models import OutboxItem


class Undeliverable(Exception):
    """No retry will deliver this (e.g. the bot is not in the channel).

    ``advice`` tells a person what to do about it.
    """

    def __init__(self, code: str, advice: str) -> None:
        super().__init__(code)
        self.code = code
        self.advice = advice


class DeliveryFailed(Exception):
    """The transport could not deliver; ``retry_after`` (seconds) when it said so."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class ChannelBusy(DeliveryFailed):
    """The channel's next turn is ``retry_after`` seconds away: not a failure, the message
    goes back to the queue until then instead of holding a sender thread."""


@dataclass(frozen=True)
class Target:
    """Where an item goes: the interview's channel and thread, or a person (``user_id``)."""

    channel_id: str | None
    thread_ts: str | None
    user_id: str | None
    slot_claimed_at: datetime | None = None
    """When the channel's posting slot was claimed for this message, as it was leased
    (:meth:`storage.lanes.LaneMethods.lease_lanes`); None: the sender claims one."""


class Sender(Protocol):
    def send(self, item: OutboxItem, target: Target) -> str | None:
        """Deliver one item; return the transport's message id (Slack ``ts``) if any.

        Raises DeliveryFailed when it should be retried later.
        """
