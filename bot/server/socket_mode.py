"""Serving Slack over Socket Mode: no public URL, one outgoing connection."""

from __future__ import annotations

import logging
import threading

from slack_sdk import WebClient

from bot.server.runtime import Runtime
from bot.slack.app import create_app

logger = logging.getLogger(__name__)


def serve_socket_mode(runtime: Runtime, client: WebClient, stop: threading.Event) -> None:
    """Connected to Slack over Socket Mode until ``stop`` is set."""
    app = create_app(
        settings=runtime.settings,
        service=runtime.service,
        content=runtime.content,
        client=client,
        socket_mode=True,
    )
    # Not handler.start(): it blocks for good, so a SIGTERM would kill the process
    # without closing the connection or letting the scheduler stop.
    from bot.server.socket_handler import DrillSocketModeHandler

    handler = DrillSocketModeHandler(app, runtime.settings.slack_app_token)
    handler.connect()
    logger.info("connected to Slack over Socket Mode")
    try:
        stop.wait()
    finally:
        handler.close()
