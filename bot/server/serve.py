"""`designdrill run | web | worker`: start the Slack app, the scheduler, or both.

- `run` with SLACK_APP_TOKEN: Socket Mode and the scheduler's threads, in this process.
- `run` over HTTP: gunicorn with ONE worker, whose scheduler thread starts once the worker
  is ready (a server hook); a worker that dies is replaced, its scheduler with it.
- `web`: gunicorn with `WEB_CONCURRENCY` workers, no scheduler; `worker`: the scheduler only.
  Any number of each may run against one PostgreSQL (the Procfile's scale-out path).
"""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

from bot.server.background import start_scheduler
from bot.server.gunicorn_server import serve_http
from bot.server.runtime import Runtime
from bot.server.socket_mode import serve_socket_mode
from bot.slack.app import make_client

logger = logging.getLogger(__name__)


def serve(runtime: Runtime, *, mode: str) -> int:
    settings = runtime.settings
    over_http = mode == "web" or (mode == "run" and not settings.slack_app_token)
    settings.require_slack(http=over_http)
    client = make_client(settings)
    if over_http:
        workers = settings.web_concurrency if mode == "web" else 1
        serve_http(runtime, client, workers=workers, with_scheduler=mode == "run")
        return 0
    stop = threading.Event()
    _set_on_signal(stop)
    scheduler = start_scheduler(runtime, client)
    try:
        if mode == "worker":
            stop.wait()
        else:
            serve_socket_mode(runtime, client, stop)
    finally:
        scheduler.shutdown(wait=False)
    return 0


def _set_on_signal(stop: threading.Event) -> None:
    """SIGTERM (how platforms stop a process) and SIGINT (Ctrl-C) set ``stop``, so the
    caller stops in order: connection closed, scheduler shut down, exit status 0."""

    def handle(signum: int, frame: FrameType | None) -> None:
        logger.info("stopping on %s", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
