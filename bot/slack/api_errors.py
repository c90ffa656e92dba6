"""Slack Web API errors in the outbox's terms: one a person must fix is
:class:`~bot.interviews.transport.Undeliverable` with a message saying what to do; anything
else is :class:`~bot.interviews.transport.DeliveryFailed` and retried (after Slack's
Retry-After on a 429)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.error import URLError

from slack_sdk.errors import SlackApiError

from bot.interviews.transport import DeliveryFailed, Undeliverable

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

GONE = frozenset({"message_not_found", "cant_update_message", "edit_window_closed"})
"""Answers to closing a message's buttons that leave nothing to close."""


def call(fn: Callable[..., Any], *, channel: str, args: dict[str, Any]) -> Any:
    """Make one Web API call; a failure raises :class:`Undeliverable` when a person must fix
    it, else :class:`DeliveryFailed` (with Slack's Retry-After on a 429)."""
    try:
        response = fn(**args)
    except SlackApiError as exc:
        error = error_code(exc)
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


def error_code(exc: SlackApiError) -> str:
    return str(exc.response.get("error", "")) if exc.response is not None else ""
