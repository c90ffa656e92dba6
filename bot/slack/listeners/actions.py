"""Buttons on the bot's messages and the start modal."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk import WebClient

from bot.engine.playbook import FormatNotFound, QuestionNotFound
from bot.interviews.questions import choose_question
from bot.slack.deps import SlackDeps
from bot.slack.inputs import (
    FORMAT_BLOCK,
    TOPIC_BLOCK,
    parse_button_click,
    parse_start_submission,
)
from bot.slack.listeners.steering import refusal
from bot.slack.texts import not_found_text
from bot.slack.users import is_workspace_admin, user_timezone

logger = logging.getLogger(__name__)


def on_button(deps: SlackDeps, *, ack: Callable[..., None], body: dict, client: WebClient) -> None:
    ack()
    click = parse_button_click(body)
    if click is None:
        return
    error = refusal(
        lambda: deps.service.steer(
            team_id=click.team_id,
            interview_id=click.interview_id,
            user_id=click.user_id,
            action=click.action,
            arg=click.value if click.action == "topic" else None,
            is_admin=lambda: is_workspace_admin(client, click.user_id),
        )
    )
    if error:
        client.chat_postEphemeral(
            channel=click.channel_id, user=click.user_id, thread_ts=click.thread_ts, text=error
        )


def on_start_submitted(
    deps: SlackDeps, *, ack: Callable[..., None], body: dict, client: WebClient
) -> None:
    """Validate before acking so a bad choice shows next to its field in the modal."""
    submission = parse_start_submission(body)
    try:
        choose_question(deps.content, submission.question, seed=0)
        if submission.format is not None and submission.format not in deps.content.formats:
            raise FormatNotFound(submission.format)
    except (QuestionNotFound, FormatNotFound) as exc:
        block = TOPIC_BLOCK if isinstance(exc, QuestionNotFound) else FORMAT_BLOCK
        ack(response_action="errors", errors={block: not_found_text(exc, deps.content)})
        return
    ack()
    deps.service.start_by_hand(
        team_id=submission.team_id,
        channel_id=submission.channel_id,
        user_id=submission.user_id,
        question=submission.question,
        format_id=submission.format,
        host_timezone=lambda: user_timezone(client, submission.user_id),
    )
