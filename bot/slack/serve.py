"""`designdrill run | web | worker`: start the Slack app, the scheduler, or both."""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable, Sequence
from types import FrameType

from apscheduler.schedulers.background import BackgroundScheduler
from gunicorn.arbiter import Arbiter
from slack_sdk import WebClient

from bot.delivery import Delivery, Undeliverable
from bot.forked import PARENT_CHECK_S, ForkedChild, Helper
from bot.reply_batch import ReplyBatcher
from bot.reply_writer import RemoteStore, ReplyWriter
from bot.runtime import Runtime
from bot.scheduler import build_scheduler
from bot.service import TERMINAL_TEAM, Reply
from bot.slack.app import create_app, make_client
from bot.slack.http import GunicornServer, wsgi_app
from bot.slack.sender import SlackSender
from storage.models import OutboxItem

logger = logging.getLogger(__name__)


def make_delivery(runtime: Runtime, client: WebClient) -> Delivery:
    """Delivery to Slack for every team but the terminal's."""
    return Delivery(
        store=runtime.store,
        sender=SlackSender(client),
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
    owner = os.getpid()
    stop = threading.Event()
    if not over_http:  # gunicorn handles the signals of the HTTP server
        _set_on_signal(stop)
    # Helper processes first, while this process has no thread (bot/forked.py). Over HTTP,
    # `run` keeps its scheduler in one of them: gunicorn's arbiter forks workers (and new
    # helpers) at any time, and must not have threads of its own then.
    writer = start_reply_writer(runtime) if over_http else None
    helpers: list[Helper] = [writer] if writer is not None else []
    scheduler = None
    try:
        if mode == "run" and over_http:
            helpers.append(start_scheduler_process(runtime, client))
        if mode == "worker" or (mode == "run" and not over_http):
            scheduler = start_scheduler(runtime, client)
        if mode == "worker":
            stop.wait()
        elif mode == "run" and settings.slack_app_token:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            app = create_app(
                settings=settings,
                service=runtime.service,
                content=runtime.content,
                client=client,
                socket_mode=True,
            )
            # Not handler.start(): it blocks for good, so a SIGTERM would kill the process
            # without closing the connection or letting the scheduler stop.
            handler = SocketModeHandler(app, settings.slack_app_token)
            handler.connect()
            logger.info("connected to Slack over Socket Mode")
            try:
                stop.wait()
            finally:
                handler.close()
        else:
            assert writer is not None
            app = create_app(
                settings=settings,
                service=runtime.service,
                content=runtime.content,
                client=client,
                replies=ReplyBatcher(RemoteStore(writer.address, runtime.service.record_replies)),
            )
            workers = int(os.environ.get("WEB_CONCURRENCY", "1")) if mode == "web" else 1
            # Connections must not cross a fork: each worker opens its own.
            GunicornServer(
                wsgi_app(app),
                port=settings.port,
                workers=workers,
                post_fork=lambda server, worker: runtime.store.engine.dispose(close=False),
                on_idle=lambda arbiter: _restart_if_gone(helpers, _descriptors(arbiter)),
                pin_workers=settings.web_pin_cpus,
            ).run()
    finally:
        # gunicorn's workers are forked inside GunicornServer.run() and leave by raising
        # SystemExit up this same (copied) stack: the cleanup is the server's own, not theirs.
        if os.getpid() == owner:
            if scheduler is not None:
                scheduler.shutdown(wait=False)
            for started in helpers:
                started.stop()
    return 0


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
    logger.info("scheduler started: tick every %ss", settings.tick_seconds)
    return scheduler


def start_scheduler_process(runtime: Runtime, client: WebClient) -> ForkedChild:
    """`designdrill worker`'s work in a helper process of the server (``bot/forked.py``):
    forked before any thread, replaced if it dies, stopped with the server, gone within a
    second or so if the server is killed."""

    def main(ready: Callable[[], None]) -> None:
        runtime.store.engine.dispose(close=False)  # the server's connections are not ours
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
        scheduler = start_scheduler(runtime, client)
        ready()
        while not stop.wait(PARENT_CHECK_S) and not helper.server_gone():
            pass
        scheduler.shutdown(wait=False)

    helper = ForkedChild("scheduler", main)
    helper.start()
    return helper


def _restart_if_gone(helpers: Sequence[Helper], inherited: list[int]) -> None:
    for helper in helpers:
        helper.restart_if_gone(inherited)


def start_reply_writer(runtime: Runtime) -> ReplyWriter[Reply, bool]:
    """The process that stores every worker's thread replies (``bot/reply_writer.py``).
    Forked first, before the scheduler's threads and gunicorn's workers exist; it drops
    the database connections it inherits, as the workers do."""
    writer: ReplyWriter[Reply, bool] = ReplyWriter(
        runtime.service.record_replies,
        after_fork=lambda: runtime.store.engine.dispose(close=False),
    )
    writer.start()
    return writer


def _descriptors(arbiter: Arbiter) -> list[int]:
    """What a process forked from gunicorn's arbiter must not keep: the listening sockets
    (the port would stay bound after the server stopped), the arbiter's wake-up pipe and
    its workers' heartbeat files."""
    return [
        *(listener.fileno() for listener in arbiter.LISTENERS),
        *arbiter.PIPE,
        *(worker.tmp.fileno() for worker in arbiter.WORKERS.values()),
    ]


def _set_on_signal(stop: threading.Event) -> None:
    """SIGTERM (how platforms stop a process) and SIGINT (Ctrl-C) set ``stop``, so the
    caller stops in order: connection closed, scheduler shut down, exit status 0."""

    def handle(signum: int, frame: FrameType | None) -> None:
        logger.info("stopping on %s", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
