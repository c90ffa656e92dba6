"""What every parser shares: the errors, and reading fields out of a payload dict."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

Payload = Mapping[str, Any]
_TS = re.compile(r"[0-9]{1,12}\.[0-9]{1,9}", re.ASCII)


class SlackInputError(ValueError):
    """Root of the errors raised while reading Slack input."""


class UsageError(SlackInputError):
    """A ``/drill`` command that cannot be understood; the message is meant for the user."""


class PayloadError(SlackInputError):
    """A payload without a field Slack documents for it; the message names the field."""


def mapping_at(payload: Payload, key: str) -> Payload:
    value = payload.get(key)
    return value if isinstance(value, Mapping) else {}


def text_at(payload: Payload, key: str, where: str) -> str:
    value = payload.get(key)
    if not isinstance(value, str) or not value:
        raise PayloadError(f"{where} has no {key}")
    return value


def optional_text(payload: Payload, key: str, where: str) -> str | None:
    """The field when it is text, None when absent or null; anything else is malformed."""
    value = payload.get(key)
    if value is None or isinstance(value, str):
        return value or None
    raise PayloadError(f"{where} has a {key} that is not text")


def ts_at(payload: Payload, key: str, where: str) -> str:
    """A message timestamp (``1700000000.123456``): Slack's message id, and a time."""
    value = payload.get(key)
    if not isinstance(value, str) or not _TS.fullmatch(value):
        raise PayloadError(f"{where} has no {key} of the form 1700000000.123456")
    return value


def optional_ts(payload: Payload, key: str, where: str) -> str | None:
    return ts_at(payload, key, where) if payload.get(key) is not None else None


def event_of(body: Payload) -> Payload:
    event = body.get("event")
    if not isinstance(event, Mapping):
        raise PayloadError("event envelope has no event")
    return event


def is_bot(message: Payload) -> bool:
    return bool(message.get("bot_id")) or message.get("subtype") == "bot_message"


def team_id_of(body: Payload) -> str:
    authorizations = body.get("authorizations")
    first = authorizations[0] if isinstance(authorizations, list) and authorizations else {}
    candidates = (
        mapping_at(body, "view").get("app_installed_team_id"),
        mapping_at(body, "team").get("id"),
        first.get("team_id") if isinstance(first, Mapping) else None,
        body.get("team_id"),
        mapping_at(body, "user").get("team_id"),
    )
    for team_id in candidates:
        if isinstance(team_id, str) and team_id:
            return team_id
    raise PayloadError("payload has no team id")
