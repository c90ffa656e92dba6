"""`/drill` and its subcommands. Every reply to the person is ephemeral."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.engine.playbook import EngineError, InterviewOver
from bot.interviews.service import NotAllowed, ServiceError
from bot.slack.blocks import start_modal, usage_text
from bot.slack.deps import SlackDeps, is_workspace_admin
from bot.slack.inputs import DrillCommand, UsageError, parse_drill_command, parse_slash_command
from bot.slack.listeners import schedules, yourdata
from bot.slack.replies import FINISHED, NO_INTERVIEW, questions_text, status_text

logger = logging.getLogger(__name__)

Respond = Callable[..., Any]
YOUR_DATA = ("history", "show", "export", "forget-me", "leaderboard", "timezone", "retention")
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
    elif parsed.name in YOUR_DATA:
        yourdata.handle(
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
        row = deps.start_interview(
            client,
            team_id=team_id,
            channel_id=channel_id,
            user_id=user_id,
            question=parsed.question,
            format_id=parsed.format,
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
    row = deps.current_interview(team_id=team_id, channel_id=channel_id, user_id=user_id)
    if row is None or row.id is None:
        respond(text=NO_INTERVIEW, response_type="ephemeral")
        return
    with deps.service.store.transaction() as tx:
        answers = len(tx.answers(team_id=team_id, interview_id=row.id))
    now = deps.service.clock()
    respond(
        text=status_text(row, deps.content, answers=answers, now=now), response_type="ephemeral"
    )


def _steer(
    deps: SlackDeps,
    team_id: str,
    channel_id: str,
    user_id: str,
    parsed: DrillCommand,
    client: WebClient,
    respond: Respond,
) -> None:
    row = deps.current_interview(team_id=team_id, channel_id=channel_id, user_id=user_id)
    if row is None or row.id is None:
        respond(text=NO_INTERVIEW, response_type="ephemeral")
        return
    arg = str(parsed.minutes) if parsed.minutes else None
    error = steer(
        deps,
        client,
        team_id=team_id,
        interview_id=row.id,
        user_id=user_id,
        action=STEERING[parsed.name],
        arg=arg,
    )
    if error:
        respond(text=error, response_type="ephemeral")


def steer(
    deps: SlackDeps,
    client: WebClient,
    *,
    team_id: str,
    interview_id: int,
    user_id: str,
    action: str,
    arg: str | None,
) -> str | None:
    """Run a steering action; returns a message for the person when it was refused."""
    try:
        try:
            deps.service.act(
                team_id=team_id, interview_id=interview_id, user_id=user_id, action=action, arg=arg
            )
        except NotAllowed:
            if not is_workspace_admin(client, user_id):
                raise
            deps.service.act(
                team_id=team_id,
                interview_id=interview_id,
                user_id=user_id,
                action=action,
                arg=arg,
                is_admin=True,
            )
    except InterviewOver:
        return FINISHED
    except (ServiceError, EngineError) as exc:
        return str(exc)
    return None
