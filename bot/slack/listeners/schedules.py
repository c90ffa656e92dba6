"""`/drill schedule ...` and `/drill reroll`: scheduled team drills from Slack.

Called by ``commands.on_drill`` after the ack, so ``users.info`` (the person's time zone,
whether they are an admin) is asked after Slack has its answer. Every response is ephemeral;
refusals and mistakes get a sentence that says what to do, never a stack trace.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk import WebClient

from bot.interviews.drills.commands import schedule_command
from bot.interviews.drills.reroll import reroll_command
from bot.interviews.drills.schedule_spec import ScheduleUsageError, parse_schedule
from bot.interviews.questions import matching
from bot.slack.deps import Respond, SlackDeps
from bot.slack.inputs import SlashCommand
from bot.slack.users import is_workspace_admin, user_timezone

COMMANDS = ("schedule", "reroll")


def handle(
    deps: SlackDeps,
    name: str,
    args: Sequence[str],
    *,
    command: SlashCommand,
    client: WebClient,
    respond: Respond,
) -> None:
    """Route ``schedule`` and ``reroll`` (the one branch ``commands.on_drill`` needs)."""
    user_id = command.user_id
    where = {"team_id": command.team_id, "channel_id": command.channel_id, "user_id": user_id}
    is_admin = lambda: is_workspace_admin(client, user_id)  # noqa: E731 -- asked lazily
    if name == "reroll":
        text = reroll_command(deps.service, **where, is_admin=is_admin)
    else:
        try:
            parsed = parse_schedule(
                args,
                formats=tuple(deps.content.formats),
                is_topic=lambda topic: bool(matching(deps.content, topic)),
            )
        except ScheduleUsageError as exc:
            text = str(exc)
        else:
            tz = user_timezone(client, user_id)
            text = schedule_command(deps.service, parsed, **where, viewer_tz=tz, is_admin=is_admin)
    respond(text=text, response_type="ephemeral")
