"""`designdrill run | web | worker`: start the Slack app, the scheduler, or both.

- `run` with SLACK_APP_TOKEN: Socket Mode and the scheduler's threads, in this process.
- `run` over HTTP: gunicorn with ONE worker, whose scheduler thread starts once the worker
  is ready (a server hook); a worker that dies is replaced, its scheduler with it.
- `web`: gunicorn with `WEB_CONCURRENCY` workers, no scheduler; `worker`: the scheduler only.
  Any number of each may run against one PostgreSQL (the Procfile's scale-out path).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable
from types import FrameType

from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient

from bot.interviews.delivery import Delivery, Undeliverable
from bot.interviews.pacing import ChannelPacer
from bot.interviews.service import TERMINAL_TEAM
from bot.server.http import GunicornServer, wsgi_app
from bot.server.runtime import Runtime
from bot.server.scheduler import build_scheduler
from bot.slack.app import create_app, make_client
from bot.slack.sender import SlackSender
from storage.models import OutboxItem

logger = logging.getLogger(__name__)


def make_delivery(runtime: Runtime, client: WebClient) -> Delivery:
    """Delivery to Slack for every team but the terminal's."""
    return Delivery(
        store=runtime.store,
        sender=SlackSender(client, ChannelPacer(runtime.store, runtime.service.clock)),
        clock=runtime.service.clock,
        exclude_team=TERMINAL_TEAM,
        on_undeliverable=lambda item, exc: tell_host(runtime, client, item, exc),
    )


def tell_host(runtime: Runtime, client: WebClient, item: OutboxItem, exc: Undeliverable) -> None:
    """The bot cannot reach an interview's thread: stop it and tell its host what to do."""
    if item.interview_id is None:
        return
    row = runtime.service.abandon(
        team_id=item.team_id, interview_id=item.interview_id, reason=exc.code
    )
    if row is None:
        return
    try:
        dm = client.conversations_open(users=row.host_id)["channel"]["id"]
        client.chat_postMessage(channel=dm, text=f"I had to stop your drill: {exc.advice}")
    except Exception:  # noqa: BLE001 -- best effort; the failure is already logged
        logger.warning("could not tell host %s that interview %s stopped", row.host_id, row.id)


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


def serve_http(runtime: Runtime, client: WebClient, *, workers: int, with_scheduler: bool) -> None:
    """gunicorn until it is stopped. With ``with_scheduler`` (``run``; one worker), the
    worker runs the scheduler's threads beside its request threads: started by gunicorn's
    ``post_worker_init`` hook, in the worker, never in the arbiter, which forks."""
    app = create_app(
        settings=runtime.settings, service=runtime.service, content=runtime.content, client=client
    )
    hooks: dict[str, Callable[..., None]] = {
        # Connections must not cross a fork: each worker opens its own.
        "post_fork": lambda server, worker: runtime.store.engine.dispose(close=False),
    }
    if with_scheduler:
        started: list[BackgroundScheduler] = []

        def post_worker_init(worker: object) -> None:
            started.append(start_scheduler(runtime, client))

        def worker_exit(server: object, worker: object) -> None:
            for scheduler in started:
                scheduler.shutdown(wait=False)

        hooks.update(post_worker_init=post_worker_init, worker_exit=worker_exit)
    GunicornServer(
        wsgi_app(app),
        port=runtime.settings.port,
        workers=workers,
        log_config=runtime.settings.logging_config(),
        **hooks,
    ).run()


def serve_socket_mode(runtime: Runtime, client: WebClient, stop: threading.Event) -> None:
    """Connected to Slack over Socket Mode until ``stop`` is set."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    app = create_app(
        settings=runtime.settings,
        service=runtime.service,
        content=runtime.content,
        client=client,
        socket_mode=True,
    )
    # Not handler.start(): it blocks for good, so a SIGTERM would kill the process
    # without closing the connection or letting the scheduler stop.
    handler = SocketModeHandler(app, runtime.settings.slack_app_token)
    handler.connect()
    logger.info("connected to Slack over Socket Mode")
    try:
        stop.wait()
    finally:
        handler.close()


def start_scheduler(runtime: Runtime, client: WebClient) -> BackgroundScheduler:
    """The scheduler's threads, in this process: ticks and delivery."""
    settings = runtime.settings
    scheduler = build_scheduler(
        runtime.service,
        make_delivery(runtime, client),
        tick_seconds=settings.tick_seconds,
        exclude_team=TERMINAL_TEAM,
        drill_grace=settings.drill_grace,
    )
    scheduler.start()
    logger.info("scheduler started (pid %d): tick every %ss", os.getpid(), settings.tick_seconds)
    return scheduler


def _set_on_signal(stop: threading.Event) -> None:
    """SIGTERM (how platforms stop a process) and SIGINT (Ctrl-C) set ``stop``, so the
    caller stops in order: connection closed, scheduler shut down, exit status 0."""

    def handle(signum: int, frame: FrameType | None) -> None:
        logger.info("stopping on %s", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
