"""The Slack process's background threads: the clock's ticks and delivery to Slack, and
what to do when a thread can no longer be reached."""

from __future__ import annotations

import logging
import os

from apscheduler.schedulers.background import BackgroundScheduler
from slack_sdk import WebClient

from bot.interviews.delivery import Delivery
from bot.interviews.marking import Marks
from bot.interviews.pacing import ChannelPacer
from bot.interviews.rows import OutboxItem
from bot.interviews.service import TERMINAL_TEAM
from bot.interviews.transport import Undeliverable
from bot.server.runtime import Runtime
from bot.server.scheduler import build_scheduler
from bot.server.workspaces import clients_for_teams
from bot.slack.app import make_client
from bot.slack.clients import ClientsForTeam, clients_of
from bot.slack.sender import SlackSender

logger = logging.getLogger(__name__)


def start_scheduler(runtime: Runtime, client: WebClient) -> BackgroundScheduler:
    """The scheduler's threads, in this process: ticks and delivery (with each team's own
    token in multi-workspace mode)."""
    settings = runtime.settings
    scheduler = build_scheduler(
        runtime.service,
        make_delivery(runtime, clients_for_teams(runtime, client)),
        tick_seconds=settings.tick_seconds,
        exclude_team=TERMINAL_TEAM,
        drill_grace=settings.drill_grace,
    )
    scheduler.start()
    logger.info("scheduler started (pid %d): tick every %ss", os.getpid(), settings.tick_seconds)
    return scheduler


def make_delivery(runtime: Runtime, client: WebClient | ClientsForTeam) -> Delivery:
    """Delivery to Slack for every team but the terminal's (``client`` tells a host
    when their thread cannot be reached)."""
    marks = Marks(runtime.store, runtime.service.clock)
    pacer = ChannelPacer(runtime.store, runtime.service.clock, marks=marks)
    return Delivery(
        store=runtime.store,
        sender=SlackSender(delivery_clients(runtime, client), pacer),
        clock=runtime.service.clock,
        slot=pacer.slot,
        marks=marks,
        content=runtime.content,
        exclude_team=TERMINAL_TEAM,
        on_undeliverable=lambda item, exc: tell_host(runtime, client, item, exc),
    )


def delivery_clients(
    runtime: Runtime, client: WebClient | ClientsForTeam
) -> WebClient | ClientsForTeam:
    """What delivery posts with. A 429 comes back to delivery, which retries the message
    after Retry-After from the outbox instead of sleeping in a sender thread; each team's
    own clients (multi-workspace mode) are made that way already."""
    if isinstance(client, WebClient):
        return make_client(runtime.settings, wait_out_429=False)
    return client


def tell_host(
    runtime: Runtime, client: WebClient | ClientsForTeam, item: OutboxItem, exc: Undeliverable
) -> None:
    """The bot cannot reach an interview's thread: stop it and tell its host what to do
    (unless the workspace has no installation left to tell them through)."""
    if item.interview_id is None:
        return
    row = runtime.service.abandon(
        team_id=item.team_id, interview_id=item.interview_id, reason=exc.code
    )
    team_client = clients_of(client).for_team(item.team_id)
    if row is None or team_client is None:
        return
    try:
        dm = team_client.conversations_open(users=row.host_id)["channel"]["id"]
        team_client.chat_postMessage(channel=dm, text=f"I had to stop your drill: {exc.advice}")
    except Exception:  # noqa: BLE001 -- best effort; the failure is already logged
        logger.warning("could not tell host %s that interview %s stopped", row.host_id, row.id)
