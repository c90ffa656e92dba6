"""`/drill start`: with a question or format, start at once; without, open the start modal."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.engine.playbook import FormatNotFound, QuestionNotFound
from bot.slack.blocks import start_modal
from bot.slack.deps import Respond, SlackDeps
from bot.slack.inputs import DrillCommand, SlashCommand
from bot.slack.texts import not_found_text
from bot.slack.users import user_timezone


def start_command(
    deps: SlackDeps,
    command: SlashCommand,
    parsed: DrillCommand,
    client: WebClient,
    respond: Respond,
) -> None:
    team_id, channel_id, user_id = command.team_id, command.channel_id, command.user_id
    if parsed.question is None and parsed.format is None:
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
    title = deps.content.questions[row.question_id].title
    respond(
        text=f"Starting *{title}* ({row.format_id}). The question is on its way: "
        "answer in its thread.",
        response_type="ephemeral",
    )
