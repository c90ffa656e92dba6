"""`/drill start`: with a question or format, start at once; without, open the start modal."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.engine.playbook import FormatNotFound, QuestionNotFound
from bot.interviews.errors import AlreadyRunning, RunningHere
from bot.slack.blocks import start_modal
from bot.slack.deps import Respond, SlackDeps
from bot.slack.inputs import DrillCommand, SlashCommand
from bot.slack.question_texts import not_found_text
from bot.slack.texts import already_running_text
from bot.slack.users import user_timezone

logger = logging.getLogger(__name__)


def start_command(
    deps: SlackDeps,
    command: SlashCommand,
    parsed: DrillCommand,
    client: WebClient,
    respond: Respond,
) -> None:
    team_id, channel_id, user_id = command.team_id, command.channel_id, command.user_id
    if parsed.question is None and parsed.format is None:
        running = deps.service.current_interview(
            team_id=team_id, channel_id=channel_id, user_id=user_id
        )
        if running is not None:  # no form to fill in for nothing
            busy = busy_text(deps, client, RunningHere.of(running))
            respond(text=busy, response_type="ephemeral")
            return
        questions = [
            (q.id, q.title) for q in sorted(deps.content.questions.values(), key=lambda q: q.title)
        ]
        formats = [(f.id, f.title) for f in deps.content.formats.values()]
        client.views_open(
            trigger_id=command.trigger_id, view=start_modal(channel_id, questions, formats)
        )
        return
    try:
        row = deps.service.start_by_hand(
            team_id=team_id,
            channel_id=channel_id,
            user_id=user_id,
            question=parsed.question,
            format_id=parsed.format,
            host_timezone=lambda: user_timezone(client, user_id),
        )
    except (QuestionNotFound, FormatNotFound) as exc:
        respond(text=not_found_text(exc, deps.content), response_type="ephemeral")
        return
    except AlreadyRunning as exc:
        respond(text=busy_text(deps, client, exc.running), response_type="ephemeral")
        return
    title = deps.content.questions[row.question_id].title
    respond(
        text=f"Starting *{title}* ({row.format_id}). The question is on its way: "
        "answer in its thread.",
        response_type="ephemeral",
    )


def busy_text(deps: SlackDeps, client: WebClient, running: RunningHere) -> str:
    """Why no interview was started, with a link to the one running in the channel."""
    return already_running_text(running, deps.content, thread_link(client, running))


def thread_link(client: WebClient, row: RunningHere) -> str | None:
    """A permalink to the interview's thread; None before its question is posted."""
    if row.thread_ts is None:
        return None
    try:
        found = client.chat_getPermalink(channel=row.channel_id, message_ts=row.thread_ts)
    except SlackApiError:
        logger.warning("chat.getPermalink failed for interview %s", row.id)
        return None
    return str(found.get("permalink") or "") or None
