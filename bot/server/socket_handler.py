"""The Socket Mode handler: Bolt's, refusing envelopes Bolt would trip over."""

from __future__ import annotations

import logging

from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk.socket_mode.builtin.client import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from bot.slack.inputs import envelope_problem

logger = logging.getLogger(__name__)


class DrillSocketModeHandler(SocketModeHandler):
    """Acks an envelope whose payload Bolt would trip over, with one log line, as the HTTP
    server does (``bot.server.http``): Bolt builds its request before routing it, and a
    ``event`` that is text or ``authorizations`` that are a number raise there."""

    def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        if problem := envelope_problem(req.payload):
            logger.warning("ignored a Slack %s envelope: %s", str(req.type)[:40], problem)
            client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        super().handle(client, req)
