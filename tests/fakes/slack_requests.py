"""Requests as Slack sends them to the app: documented payload shapes, signed like Slack.

Two layers:

- payload builders return plain dicts in Slack's documented shapes (the shapes bolt-python's
  own scenario tests use): :func:`slash_command_fields`, :func:`event_envelope` with the
  ``*_event`` helpers, :func:`block_actions_payload`, :func:`view_submission_payload`.
  Parsing tests feed these to ``bot.slack.inputs`` directly.
- request builders encode and sign them, returning ``(body, headers)``:
  :func:`slash_command`, :func:`event_request`, :func:`interactive_request`. Send them with
  :func:`post` to a running app, or wrap them with :func:`bolt_request` for ``App.dispatch``.

Signing follows Slack: ``v0=`` + HMAC-SHA256(secret, ``v0:{timestamp}:{body}``), computed by
``slack_sdk.signature.SignatureVerifier``. :class:`Signing` varies the secret, the timestamp
(:meth:`Signing.stale`) and adds the Events API retry headers.
"""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from slack_bolt.request import BoltRequest
from slack_sdk.signature import SignatureVerifier

from tests.fakes.slack_api import APP_ID, BOT_USER_ID, TEAM_ID
from tests.helpers import WAIT_S

SIGNING_SECRET = "test-signing-secret"
USER_ID = "U0ALICE01"
CHANNEL_ID = "C0DRILL01"
TRIGGER_ID = "1700000000.123456.0123456789abcdef0123456789abcdef"

Json = dict[str, Any]
SignedRequest = tuple[bytes, dict[str, str]]

_event_ids = itertools.count(1)
_ts_counter = itertools.count(1)


def next_ts() -> str:
    """A fresh, increasing message ts (in a range apart from the fake Web API's)."""
    micros = 1_710_000_000_000_000 + 100 * next(_ts_counter)
    return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"


@dataclass(frozen=True)
class Signing:
    """How to sign a request: the secret, the timestamp, and retry headers for events."""

    secret: str = SIGNING_SECRET
    timestamp: int | None = None
    """Unix seconds; None means now."""
    retry_num: int | None = None
    """Sets ``X-Slack-Retry-Num`` (Slack's event redelivery: 1, 2, 3)."""
    retry_reason: str | None = None
    """Sets ``X-Slack-Retry-Reason``, e.g. ``http_timeout``."""

    @classmethod
    def stale(cls, seconds: int = 600) -> Signing:
        """A timestamp Slack's verifier refuses (it allows five minutes of skew)."""
        return cls(timestamp=int(time.time()) - seconds)

    def headers(self, body: bytes, content_type: str) -> dict[str, str]:
        timestamp = str(self.timestamp if self.timestamp is not None else int(time.time()))
        signature = str(
            SignatureVerifier(self.secret).generate_signature(
                timestamp=timestamp, body=body.decode("utf-8")
            )
        )
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature,
        }
        if self.retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(self.retry_num)
        if self.retry_reason is not None:
            headers["X-Slack-Retry-Reason"] = self.retry_reason
        return headers


# -- slash commands -------------------------------------------------------------------------


def slash_command_fields(
    text: str = "",
    *,
    command: str = "/drill",
    user_id: str = USER_ID,
    channel_id: str = CHANNEL_ID,
    channel_name: str = "drills",
    team_id: str = TEAM_ID,
    response_url: str = "https://hooks.slack.com/commands/T0DRILL01/1234567890/abcdef",
    trigger_id: str = TRIGGER_ID,
) -> dict[str, str]:
    """The form fields of a slash command (what Bolt hands a listener as ``command``).

    A slash command has no ``thread_ts``: Slack does not allow them in threads.
    """
    return {
        "token": "verification-token-deprecated",
        "team_id": team_id,
        "team_domain": "designdrill-test",
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def slash_command(text: str = "", *, signing: Signing = Signing(), **fields: str) -> SignedRequest:
    """A signed, form-encoded slash command; ``fields`` as in :func:`slash_command_fields`."""
    body = urlencode(slash_command_fields(text, **fields)).encode()
    return body, signing.headers(body, "application/x-www-form-urlencoded")


# -- Events API -----------------------------------------------------------------------------


def event_envelope(
    event: Json,
    *,
    event_id: str | None = None,
    team_id: str = TEAM_ID,
    event_time: int | None = None,
) -> Json:
    """Wrap ``event`` in the ``event_callback`` envelope; a fresh ``event_id`` unless given."""
    return {
        "token": "verification-token-deprecated",
        "team_id": team_id,
        "context_team_id": team_id,
        "context_enterprise_id": None,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev0FAKE{next(_event_ids):05d}",
        "event_time": event_time if event_time is not None else int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-fake-{team_id}",
    }


def _rich_text(text: str) -> list[Json]:
    return [
        {
            "type": "rich_text",
            "block_id": "rt01",
            "elements": [
                {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
            ],
        }
    ]


def message_event(
    text: str,
    *,
    thread_ts: str | None = None,
    ts: str | None = None,
    user_id: str = USER_ID,
    channel_id: str = CHANNEL_ID,
    channel_type: str = "channel",
    team_id: str = TEAM_ID,
    subtype: str | None = None,
    bot_id: str | None = None,
) -> Json:
    """A ``message`` event (``message.channels`` / ``.groups`` / ``.im``).

    With ``thread_ts`` it is a thread reply: Slack sends replies as plain message events
    carrying ``thread_ts`` (and ``parent_user_id``).
    """
    ts = ts or next_ts()
    event: Json = {
        "type": "message",
        "user": user_id,
        "text": text,
        "ts": ts,
        "team": team_id,
        "channel": channel_id,
        "event_ts": ts,
        "channel_type": channel_type,
        "blocks": _rich_text(text),
    }
    if bot_id is None:
        event["client_msg_id"] = f"00000000-0000-4000-8000-{ts.replace('.', '')[-12:]}"
    else:
        event["bot_id"] = bot_id
        event["app_id"] = APP_ID
    if subtype is not None:
        event["subtype"] = subtype
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
        event["parent_user_id"] = BOT_USER_ID
    return event


def thread_reply_event(text: str, *, thread_ts: str, **kwargs: Any) -> Json:
    """A human's reply in the thread rooted at ``thread_ts``."""
    return message_event(text, thread_ts=thread_ts, **kwargs)


def message_changed_event(
    *,
    ts: str,
    new_text: str,
    old_text: str,
    thread_ts: str | None = None,
    user_id: str = USER_ID,
    channel_id: str = CHANNEL_ID,
    team_id: str = TEAM_ID,
) -> Json:
    """An edit: ``subtype: message_changed``, the new message (original ``ts``) under
    ``message``, the old one under ``previous_message``; the event has a ts of its own."""
    event_ts = next_ts()
    new: Json = {
        "type": "message",
        "user": user_id,
        "team": team_id,
        "text": new_text,
        "ts": ts,
        "edited": {"user": user_id, "ts": event_ts},
        "blocks": _rich_text(new_text),
    }
    old: Json = {
        "type": "message",
        "user": user_id,
        "team": team_id,
        "text": old_text,
        "ts": ts,
        "blocks": _rich_text(old_text),
    }
    if thread_ts is not None:
        for message in (new, old):
            message["thread_ts"] = thread_ts
            message["parent_user_id"] = BOT_USER_ID
    return {
        "type": "message",
        "subtype": "message_changed",
        "message": new,
        "previous_message": old,
        "channel": channel_id,
        "hidden": True,
        "ts": event_ts,
        "event_ts": event_ts,
        "channel_type": "channel",
    }


def message_deleted_event(
    *,
    deleted_ts: str,
    thread_ts: str | None = None,
    text: str = "a reply",
    user_id: str = USER_ID,
    channel_id: str = CHANNEL_ID,
    team_id: str = TEAM_ID,
) -> Json:
    """A deletion: ``subtype: message_deleted`` with ``deleted_ts``; the thread is only
    known from ``previous_message.thread_ts``."""
    event_ts = next_ts()
    previous: Json = {
        "type": "message",
        "text": text,
        "user": user_id,
        "team": team_id,
        "ts": deleted_ts,
    }
    if thread_ts is not None:
        previous["thread_ts"] = thread_ts
        previous["parent_user_id"] = BOT_USER_ID
    return {
        "type": "message",
        "subtype": "message_deleted",
        "previous_message": previous,
        "channel": channel_id,
        "hidden": True,
        "deleted_ts": deleted_ts,
        "event_ts": event_ts,
        "ts": event_ts,
        "channel_type": "channel",
    }


def app_home_opened_event(*, user_id: str = USER_ID, tab: str = "home") -> Json:
    """``app_home_opened``; ``tab`` is ``home`` or ``messages``."""
    return {
        "type": "app_home_opened",
        "user": user_id,
        "channel": "D" + user_id[1:],
        "tab": tab,
        "event_ts": next_ts(),
    }


def app_mention_event(
    text: str = f"<@{BOT_USER_ID}> help",
    *,
    user_id: str = USER_ID,
    channel_id: str = CHANNEL_ID,
    thread_ts: str | None = None,
    team_id: str = TEAM_ID,
) -> Json:
    """``app_mention``: a message mentioning the bot (also delivered as a message event)."""
    ts = next_ts()
    event: Json = {
        "type": "app_mention",
        "user": user_id,
        "text": text,
        "ts": ts,
        "team": team_id,
        "channel": channel_id,
        "event_ts": ts,
        "blocks": _rich_text(text),
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return event


def event_request(
    event: Json,
    *,
    event_id: str | None = None,
    team_id: str = TEAM_ID,
    signing: Signing = Signing(),
) -> SignedRequest:
    """A signed Events API request (JSON) carrying ``event`` in an envelope."""
    body = json.dumps(event_envelope(event, event_id=event_id, team_id=team_id)).encode()
    return body, signing.headers(body, "application/json")


def url_verification_request(
    challenge: str = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    *,
    signing: Signing = Signing(),
) -> SignedRequest:
    """The one-off ``url_verification`` request Slack sends when a Request URL is saved."""
    envelope = {"token": "verification-token-deprecated", "challenge": challenge}
    body = json.dumps({**envelope, "type": "url_verification"}).encode()
    return body, signing.headers(body, "application/json")


# -- interactivity --------------------------------------------------------------------------


def block_actions_payload(
    *,
    action_id: str,
    value: str = "",
    block_id: str = "actions",
    message_ts: str,
    thread_ts: str | None = None,
    user_id: str = USER_ID,
    channel_id: str = CHANNEL_ID,
    team_id: str = TEAM_ID,
    response_url: str = "https://hooks.slack.com/actions/T0DRILL01/1234567890/abcdef",
    trigger_id: str = TRIGGER_ID,
    label: str = "Button",
    text: str = "the message with the button",
    blocks: list[Json] | None = None,
) -> Json:
    """A ``block_actions`` payload for a button clicked on a bot message.

    The clicked message (its ``text`` and ``blocks``) is under ``message`` (with
    ``thread_ts`` when it is a reply) and ``container`` (which also carries ``thread_ts``
    for replies); ``label`` is the button's text.
    """
    container: Json = {
        "type": "message",
        "message_ts": message_ts,
        "channel_id": channel_id,
        "is_ephemeral": False,
    }
    message: Json = {
        "type": "message",
        "user": BOT_USER_ID,
        "bot_id": "B0DRILL01",
        "app_id": APP_ID,
        "team": team_id,
        "text": text,
        "ts": message_ts,
        "blocks": blocks or [],
    }
    if thread_ts is not None:
        container["thread_ts"] = thread_ts
        message["thread_ts"] = thread_ts
    return {
        "type": "block_actions",
        "user": {
            "id": user_id,
            "username": user_id.lower(),
            "name": user_id.lower(),
            "team_id": team_id,
        },
        "api_app_id": APP_ID,
        "token": "verification-token-deprecated",
        "container": container,
        "trigger_id": trigger_id,
        "team": {"id": team_id, "domain": "designdrill-test"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": "drills"},
        "message": message,
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": block_id,
                "text": {"type": "plain_text", "text": label, "emoji": True},
                "value": value,
                "type": "button",
                "action_ts": next_ts(),
            }
        ],
    }


def view_submission_payload(
    *,
    callback_id: str,
    values: dict[str, dict[str, Json]],
    private_metadata: str = "",
    user_id: str = USER_ID,
    team_id: str = TEAM_ID,
    trigger_id: str = TRIGGER_ID,
) -> Json:
    """A ``view_submission`` payload. ``values`` is ``view.state.values``:
    ``{block_id: {action_id: {"type": ..., "value" | "selected_option": ...}}}``
    (see :func:`select_value` and :func:`text_value`)."""
    return {
        "type": "view_submission",
        "team": {"id": team_id, "domain": "designdrill-test"},
        "user": {
            "id": user_id,
            "username": user_id.lower(),
            "name": user_id.lower(),
            "team_id": team_id,
        },
        "api_app_id": APP_ID,
        "token": "verification-token-deprecated",
        "trigger_id": trigger_id,
        "view": {
            "id": "V0FAKE0001",
            "team_id": team_id,
            "type": "modal",
            "blocks": [],
            "private_metadata": private_metadata,
            "callback_id": callback_id,
            "state": {"values": values},
            "hash": "1700000000.fakehash",
            "title": {"type": "plain_text", "text": "Start a drill"},
            "clear_on_close": False,
            "notify_on_close": False,
            "close": {"type": "plain_text", "text": "Cancel"},
            "submit": {"type": "plain_text", "text": "Start"},
            "previous_view_id": None,
            "root_view_id": "V0FAKE0001",
            "app_id": APP_ID,
            "external_id": "",
            "app_installed_team_id": team_id,
            "bot_id": "B0DRILL01",
        },
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def select_value(value: str | None, label: str = "option") -> Json:
    """A ``static_select`` entry of ``view.state.values`` (``selected_option`` null if unset)."""
    if value is None:
        return {"type": "static_select", "selected_option": None}
    text = {"type": "plain_text", "text": label, "emoji": True}
    return {"type": "static_select", "selected_option": {"text": text, "value": value}}


def text_value(value: str | None) -> Json:
    """A ``plain_text_input`` entry of ``view.state.values`` (``value`` null if left empty)."""
    return {"type": "plain_text_input", "value": value}


def interactive_request(payload: Json, *, signing: Signing = Signing()) -> SignedRequest:
    """A signed interactivity request: form-encoded, the JSON in a ``payload`` field."""
    body = urlencode({"payload": json.dumps(payload)}).encode()
    return body, signing.headers(body, "application/x-www-form-urlencoded")


# -- sending --------------------------------------------------------------------------------


def bolt_request(body: bytes, headers: dict[str, str]) -> BoltRequest:
    """For ``App.dispatch``: the transport-free way every Bolt adapter ends up calling."""
    return BoltRequest(body=body.decode("utf-8"), headers=dict(headers))


def post(
    url: str, body: bytes, headers: dict[str, str], timeout: float = WAIT_S
) -> tuple[int, bytes]:
    """POST to a running app; returns ``(status, body)`` for error statuses too."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
