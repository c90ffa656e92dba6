"""Bolt over HTTP: the WSGI app at /slack/events (and /healthz), run by gunicorn.

A request is refused before Bolt parses it: 401 without a valid Slack signature, 400 when
signed but unparsable; one whose fields Bolt would trip over is acked (200). Each costs one
log line, without a traceback or the body. Bolt parses the body while building its request,
before its own signature check runs (which stays on), so junk from anyone who can reach the
URL would otherwise cost a 500 and a traceback.

The body is parsed by :mod:`bot.server.bolt_request`, around a slack_bolt parsing bug.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_sdk.signature import SignatureVerifier

from bot.numbers import NumberError, whole_number
from bot.server.bolt_request import bolt_request
from bot.slack.inputs import envelope_problem

PATH = "/slack/events"
MAX_BODY_BYTES = 1 << 20
"""Far above anything Slack sends (a modal's state, a long message event)."""

logger = logging.getLogger(__name__)


class DrillRequestHandler(SlackRequestHandler):
    def __init__(self, app: App, *, path: str, signing_secret: str) -> None:
        super().__init__(app, path=path)
        self.verifier = SignatureVerifier(signing_secret)

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        headers = request.get_headers()
        body = _read_body(request.environ)
        if body is None or not self._signed(body, headers):
            logger.warning("refused a request without a valid Slack signature (401)")
            return _refusal(401)
        try:
            parsed = bolt_request(body, request.query_string, headers)
        except (ValueError, TypeError, AttributeError, LookupError, RecursionError) as exc:
            logger.warning("refused a signed request that does not parse (400): %s", exc)
            return _refusal(400)
        if not isinstance(parsed.body, dict):
            logger.warning("refused a signed request that is not an object (400)")
            return _refusal(400)
        if problem := envelope_problem(parsed.body):
            logger.warning("ignored a Slack request Slack could not have sent: %s", problem)
            return BoltResponse(status=200, body="")
        return self.app.dispatch(parsed)

    def _signed(self, body: str, headers: Mapping[str, Any]) -> bool:
        timestamp = str(headers.get("x-slack-request-timestamp") or "")
        signature = str(headers.get("x-slack-signature") or "")
        # SignatureVerifier raises on a timestamp that is not a number and on a signature
        # that is not ASCII, rather than saying no.
        if not (timestamp.isascii() and timestamp.isdigit() and signature.isascii()):
            return False
        return self.verifier.is_valid(body, timestamp, signature)


def _read_body(environ: Mapping[str, Any]) -> str | None:
    """The body as text; None if it is too long or not UTF-8, so no Slack signature."""
    try:
        length = whole_number(
            str(environ.get("CONTENT_LENGTH") or "0"),
            low=0,
            high=MAX_BODY_BYTES,
            what="Content-Length",
        )
        return str(environ["wsgi.input"].read(length).decode("utf-8"))
    except (NumberError, KeyError, UnicodeDecodeError):
        return None


def _refusal(status: int) -> BoltResponse:
    error = "invalid request" if status == 401 else "bad request"
    return BoltResponse(
        status=status,
        body=json.dumps({"error": error}),
        headers={"content-type": "application/json"},
    )


def wsgi_app(app: App, *, signing_secret: str) -> Callable[..., Any]:
    """The WSGI callable: /slack/events for Slack, /healthz for load balancers."""
    handler = DrillRequestHandler(app, path=PATH, signing_secret=signing_secret)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        return handler(environ, start_response)

    return application
