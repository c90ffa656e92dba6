"""`/drill` and its subcommands. Every response to the person is ephemeral."""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient

from bot.slack.blocks import usage_text
from bot.slack.deps import Respond, SlackDeps
from bot.slack.inputs import UsageError, parse_drill_command, parse_slash_command
from bot.slack.listeners import schedules, your_data_commands
from bot.slack.listeners.starting import start_command
from bot.slack.listeners.steering import STEERING, steer_command
from bot.slack.question_texts import questions_text
from bot.slack.texts import NO_INTERVIEW, status_text


def on_drill(
    deps: SlackDeps, *, ack: Callable[..., None], body: dict, client: WebClient, respond: Respond
) -> None:
    """Ack at once (Slack waits 3 s at most), then do the work and reply ephemerally."""
    command = parse_slash_command(body)
    try:
        parsed = parse_drill_command(command.text, formats=tuple(deps.content.formats))
    except UsageError as exc:
        ack(text=str(exc))
        return
    if parsed.name == "help":
        ack(text=usage_text())
        return
    if parsed.name == "questions":
        ack(text=questions_text(deps.content, parsed.topic or parsed.question))
        return
    ack()
    if parsed.name == "start":
        start_command(deps, command, parsed, client, respond)
    elif parsed.name == "status":
        _status(deps, command.team_id, command.channel_id, command.user_id, respond)
    elif parsed.name in your_data_commands.COMMANDS:
        your_data_commands.handle(
            deps,
            parsed.name,
            parsed.args,
            team_id=command.team_id,
            user_id=command.user_id,
            client=client,
            respond=respond,
        )
    elif parsed.name in schedules.COMMANDS:
        schedules.handle(
            deps, parsed.name, parsed.args, command=command, client=client, respond=respond
        )
    elif parsed.name in STEERING:
        steer_command(deps, command, parsed, client, respond)
    else:
        respond(text=usage_text(), response_type="ephemeral")


def _status(deps: SlackDeps, team_id: str, channel_id: str, user_id: str, respond: Respond) -> None:
    found = deps.service.status_in_channel(team_id=team_id, channel_id=channel_id, user_id=user_id)
    if found is None:
        respond(text=NO_INTERVIEW, response_type="ephemeral")
        return
    text = status_text(found.interview, deps.content, answers=found.answers, now=found.now)
    respond(text=text, response_type="ephemeral")
