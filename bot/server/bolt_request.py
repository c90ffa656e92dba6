"""A Bolt request built from an HTTP body, around a slack_bolt 1.30 parsing bug: a
form-encoded slash command whose text contains the word "payload" is mistaken for an
interactive payload and parsed as {}."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import BoltRequest
from slack_bolt.context import BoltContext
from slack_bolt.request.internals import build_context


def bolt_request(body: str, query: Any, headers: Mapping[str, Any]) -> BoltRequest:
    """A BoltRequest whose parsed body is right even when a command mentions 'payload'."""
    request = BoltRequest(body=body, query=query, headers=dict(headers))
    if not request.body and body and not body.lstrip().startswith("{"):
        fields = dict(parse_qsl(body, keep_blank_values=True))
        if "payload" not in fields and "command" in fields:
            request.body = fields
            request.context = build_context(BoltContext({}), fields)
    return request
