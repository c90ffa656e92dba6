"""Bolt over HTTP: the WSGI app at /slack/events (and /healthz), run by gunicorn.

Also works around a slack_bolt 1.30 parsing bug: a form-encoded slash command whose text
contains the word "payload" is mistaken for an interactive payload and parsed as {}.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.context import BoltContext
from slack_bolt.request.internals import build_context

PATH = "/slack/events"


def bolt_request(body: str, query: Any, headers: dict[str, Any]) -> BoltRequest:
    """A BoltRequest whose parsed body is right even when a command mentions 'payload'."""
    request = BoltRequest(body=body, query=query, headers=headers)
    if not request.body and body and not body.lstrip().startswith("{"):
        fields = dict(parse_qsl(body, keep_blank_values=True))
        if "payload" not in fields and "command" in fields:
            request.body = fields
            request.context = build_context(BoltContext({}), fields)
    return request


class DrillRequestHandler(SlackRequestHandler):
    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        return self.app.dispatch(
            bolt_request(request.get_body(), request.query_string, request.get_headers())
        )


def wsgi_app(app: App) -> Callable[..., Any]:
    """The WSGI callable: /slack/events for Slack, /healthz for load balancers."""
    handler = DrillRequestHandler(app, path=PATH)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        return handler(environ, start_response)

    return application
