"""`/drill schedule ...` and `/drill reroll`: scheduled team drills from Slack.

Called by ``commands.on_drill`` after the ack, so ``users.info`` (the person's time zone,
whether they are an admin) is asked after Slack has its answer. Every reply is ephemeral;
refusals and mistakes get a sentence that says what to do, never a stack trace.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from slack_sdk import WebClient

from bot.interviews.drills import manage
from bot.interviews.drills.manage import DrillError
from bot.interviews.drills.reroll import reroll
from bot.interviews.drills.schedule_spec import AddSchedule, ScheduleUsageError, parse_schedule
from bot.interviews.drills.texts import list_text, rule, viewer_time
from bot.interviews.questions import matching
from bot.slack.deps import SlackDeps, is_workspace_admin, user_timezone
from bot.slack.inputs import SlashCommand

Respond = Callable[..., Any]
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
    where = {"team_id": command.team_id, "channel_id": command.channel_id}
    if name == "schedule":
        on_schedule(deps, args, **where, user_id=command.user_id, client=client, respond=respond)
    else:
        on_reroll(deps, **where, user_id=command.user_id, client=client, respond=respond)


def on_schedule(
    deps: SlackDeps,
    args: Sequence[str],
    *,
    team_id: str,
    channel_id: str,
    user_id: str,
    client: WebClient,
    respond: Respond,
) -> None:
    """`/drill schedule add|list|pause|resume|delete|skip ...`."""
    try:
        parsed = parse_schedule(
            args,
            formats=tuple(deps.content.formats),
            is_topic=lambda topic: bool(matching(deps.content, topic)),
        )
    except ScheduleUsageError as exc:
        respond(text=str(exc), response_type="ephemeral")
        return
    tz = user_timezone(client, user_id)
    now = deps.service.clock()
    if isinstance(parsed, AddSchedule):
        schedule = manage.create(
            deps.service.store,
            team_id=team_id,
            channel_id=channel_id,
            creator_id=user_id,
            spec=parsed,
            creator_tz=tz,
            now=now,
        )
        assert schedule.next_run_at is not None
        text = (
            f"Scheduled drill #{schedule.id} in <#{channel_id}>: {rule(schedule)}, format "
            f"`{schedule.format_id}`. First run: {viewer_time(schedule.next_run_at, tz)} "
            "(your time). `/drill schedule list` shows every schedule."
        )
    elif parsed.action == "list":
        with deps.service.store.transaction() as tx:
            schedules = tx.list_schedules(team_id=team_id)
        text = list_text(schedules, viewer_tz=tz)
    else:
        assert parsed.schedule_id is not None
        try:
            text = manage.change(
                deps.service.store,
                team_id=team_id,
                schedule_id=parsed.schedule_id,
                user_id=user_id,
                action=parsed.action,
                is_admin=lambda: is_workspace_admin(client, user_id),
                now=now,
                viewer_tz=tz,
            ).message
        except DrillError as exc:
            text = str(exc)
    respond(text=text, response_type="ephemeral")


def on_reroll(
    deps: SlackDeps,
    *,
    team_id: str,
    channel_id: str,
    user_id: str,
    client: WebClient,
    respond: Respond,
) -> None:
    """`/drill reroll`: the host swaps the running drill's question before any answer."""
    try:
        row = reroll(
            deps.service,
            team_id=team_id,
            channel_id=channel_id,
            user_id=user_id,
            is_admin=lambda: is_workspace_admin(client, user_id),
        )
    except DrillError as exc:
        respond(text=str(exc), response_type="ephemeral")
        return
    title = deps.content.questions[row.question_id].title
    respond(text=f"Rerolled: this week's question is now *{title}*.", response_type="ephemeral")
