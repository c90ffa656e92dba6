"""Buttons on the bot's messages: a press steers the interview, then closes the buttons."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.engine.presses import ButtonStep
from bot.interviews.errors import LatePress
from bot.slack.blocks import closed_buttons
from bot.slack.deps import SlackDeps
from bot.slack.inputs import (
    ButtonClick,
    parse_button_click,
)
from bot.slack.listeners.steering import refusal
from bot.slack.users import is_workspace_admin

logger = logging.getLogger(__name__)


def on_button(deps: SlackDeps, *, ack: Callable[..., None], body: dict, client: WebClient) -> None:
    """A press acts only on the step its button belongs to. The pressed message's buttons
    are then closed, showing who chose what; a late press is told privately what happened
    and closes the old buttons unless the press that beat it is closing them."""
    ack()
    click = parse_button_click(body)
    if click is None:
        return
    try:
        error = refusal(
            lambda: deps.service.steer(
                team_id=click.team_id,
                interview_id=click.interview_id,
                user_id=click.user_id,
                action=click.action,
                arg=click.value if click.action == "topic" else None,
                is_admin=lambda: is_workspace_admin(client, click.user_id),
                at=ButtonStep(*click.step) if click.step else None,
            )
        )
    except LatePress as exc:
        _tell(client, click, str(exc))
        if not exc.late.already_pressed:
            _close(client, click, f"Closed: {exc}")
        return
    if error:
        _tell(client, click, error)
    elif click.step is not None:
        _close(client, click, f"<@{click.user_id}> chose *{click.label}*")


def _tell(client: WebClient, click: ButtonClick, text: str) -> None:
    client.chat_postEphemeral(
        channel=click.channel_id, user=click.user_id, thread_ts=click.thread_ts, text=text
    )


def _close(client: WebClient, click: ButtonClick, note: str) -> None:
    """Replace the message's buttons by ``note``. The press itself has been handled, so a
    failure here (the message deleted meanwhile) is only logged."""
    closed = closed_buttons(click.message_text, click.message_blocks, note)
    try:
        client.chat_update(channel=click.channel_id, ts=click.message_ts, **closed)
    except SlackApiError as exc:
        logger.warning("could not close the buttons of %s: %s", click.message_ts, exc)
