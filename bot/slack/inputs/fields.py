"""What every parser shares: the errors, and reading fields out of a payload dict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Payload = Mapping[str, Any]


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


def event_of(body: Payload) -> Payload:
    event = body.get("event")
    if not isinstance(event, Mapping):
        raise PayloadError("event envelope has no event")
    return event


def is_bot(message: Payload) -> bool:
    return bool(message.get("bot_id")) or message.get("subtype") == "bot_message"


def team_id_of(body: Payload) -> str:
    authorizations = body.get("authorizations") or []
    candidates = (
        mapping_at(body, "view").get("app_installed_team_id"),
        mapping_at(body, "team").get("id"),
        authorizations[0].get("team_id") if authorizations else None,
        body.get("team_id"),
        mapping_at(body, "user").get("team_id"),
    )
    for team_id in candidates:
        if isinstance(team_id, str) and team_id:
            return team_id
    raise PayloadError("payload has no team id")
