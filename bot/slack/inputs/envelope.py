"""Whether a request body has the outer shape of something Slack sends, checked before Bolt
routes it: Bolt's own middleware and matchers index these fields and raise (a 500 and a
traceback) when, say, ``event`` is a string or ``authorizations`` a number."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_MAPPINGS = ("event", "view", "container", "message", "state")
"""Present means an object: Bolt reads them with ``body.get("event", {}).get(...)``."""
_MAPPINGS_OR_IDS = ("team", "user", "channel", "enterprise")
_LISTS_OF_MAPPINGS = ("authorizations", "actions")
_TEXTS = ("type", "team_id", "user_id", "channel_id", "enterprise_id", "callback_id", "command")


def envelope_problem(body: object) -> str | None:
    """None for a body Bolt can route; otherwise what is wrong with it, for one log line."""
    if not isinstance(body, Mapping):
        return f"the body is a {type(body).__name__}, not an object"
    return (
        _shape_problem(body)
        or _shape_problem(_mapping(body, "event"), where="event.")
        or _shape_problem(_mapping(body, "view"), where="view.")
        or _routing_problem(body)
    )


def _routing_problem(body: Mapping[str, Any]) -> str | None:
    """Fields Bolt indexes without looking, once it knows the payload's type."""
    kind = body.get("type")
    actions = body.get("actions") or []
    if kind == "block_actions" and not (actions and isinstance(actions[0].get("action_id"), str)):
        return "block_actions has no action with an action_id"
    view = _mapping(body, "view")
    if kind in ("view_submission", "view_closed") and "callback_id" in view and "type" not in view:
        return "view has a callback_id but no type"
    return None


def _mapping(body: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = body.get(key)
    return value if isinstance(value, Mapping) else {}


def _shape_problem(body: Mapping[str, Any], where: str = "") -> str | None:
    for key in _MAPPINGS:
        if key in body and not isinstance(body[key], Mapping):
            return f"{where}{key} is not an object"
    for key in _MAPPINGS_OR_IDS:
        if key in body and not isinstance(body[key], Mapping | str | None):
            return f"{where}{key} is neither an object nor an id"
    for key in _LISTS_OF_MAPPINGS:
        value = body.get(key)
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value)
        ):
            return f"{where}{key} is not a list of objects"
    for key in _TEXTS:
        if key in body and not isinstance(body[key], str | None):
            return f"{where}{key} is not text"
    return None
