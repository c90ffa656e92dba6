"""`/drill` and its subcommands. Every response to the person is ephemeral."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.engine.playbook import EngineError, InterviewOver
from bot.interviews.errors import InterviewNotFound, NoLiveInterview, ServiceError
from bot.slack.blocks import start_modal, usage_text
from bot.slack.deps import SlackDeps
from bot.slack.inputs import DrillCommand, UsageError, parse_drill_command, parse_slash_command
from bot.slack.listeners import schedules, your_data_commands
from bot.slack.texts import FINISHED, NO_INTERVIEW, questions_text, status_text
from bot.slack.users import is_workspace_admin, user_timezone

logger = logging.getLogger(__name__)

Respond = Callable[..., Any]
STEERING = {"next": "next", "extend": "extend", "pause": "pause", "resume": "resume", "end": "end"}


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
        _start(
            deps,
            command.team_id,
            command.channel_id,
            command.user_id,
            parsed,
            client,
            command.trigger_id,
            respond,
        )
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
        _steer(deps, command.team_id, command.channel_id, command.user_id, parsed, client, respond)
    else:
        respond(text=usage_text(), response_type="ephemeral")


def _start(
    deps: SlackDeps,
    team_id: str,
    channel_id: str,
    user_id: str,
    parsed: DrillCommand,
    client: WebClient,
    trigger_id: str,
    respond: Respond,
) -> None:
    if parsed.question is None and parsed.format is None:
        questions = [
            (q.id, q.title) for q in sorted(deps.content.questions.values(), key=lambda q: q.title)
        ]
        formats = [(f.id, f.title) for f in deps.content.formats.values()]
        client.views_open(trigger_id=trigger_id, view=start_modal(channel_id, questions, formats))
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
    except EngineError as exc:
        respond(text=f"{exc}. `/drill questions` lists what there is.", response_type="ephemeral")
        return
    title = deps.content.questions[row.question_id].title
    respond(
        text=f"Starting *{title}* ({row.format_id}). The question is on its way: "
        "answer in its thread.",
        response_type="ephemeral",
    )


def _status(deps: SlackDeps, team_id: str, channel_id: str, user_id: str, respond: Respond) -> None:
    found = deps.service.status_in_channel(team_id=team_id, channel_id=channel_id, user_id=user_id)
    if found is None:
        respond(text=NO_INTERVIEW, response_type="ephemeral")
        return
    text = status_text(found.interview, deps.content, answers=found.answers, now=found.now)
    respond(text=text, response_type="ephemeral")


def _steer(
    deps: SlackDeps,
    team_id: str,
    channel_id: str,
    user_id: str,
    parsed: DrillCommand,
    client: WebClient,
    respond: Respond,
) -> None:
    error = refusal(
        lambda: deps.service.steer_in_channel(
            team_id=team_id,
            channel_id=channel_id,
            user_id=user_id,
            action=STEERING[parsed.name],
            arg=str(parsed.minutes) if parsed.minutes else None,
            is_admin=lambda: is_workspace_admin(client, user_id),
        )
    )
    if error:
        respond(text=error, response_type="ephemeral")


def refusal(steer: Callable[[], object]) -> str | None:
    """Run a steering call; the sentence to show the person when it was refused."""
    try:
        steer()
    except NoLiveInterview:
        return NO_INTERVIEW
    except InterviewOver:
        return FINISHED
    except (ServiceError, EngineError, InterviewNotFound) as exc:
        return str(exc)
    return None
