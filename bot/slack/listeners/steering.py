"""Steering from Slack: `/drill next | extend | pause | resume | end` and the buttons.

A refusal becomes a private sentence; ``users.info`` is asked whether the person is an
admin only when they are neither host nor participant.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient

from bot.engine.playbook import EngineError, InterviewOver
from bot.interviews.errors import InterviewNotFound, LatePress, NoLiveInterview, ServiceError
from bot.interviews.rows import Interview
from bot.slack.deps import Respond, SlackDeps
from bot.slack.inputs import DrillCommand, SlashCommand
from bot.slack.texts import FINISHED, NO_INTERVIEW, steered_text
from bot.slack.users import is_workspace_admin

STEERING = {"next": "next", "extend": "extend", "pause": "pause", "resume": "resume", "end": "end"}


def steer_command(
    deps: SlackDeps,
    command: SlashCommand,
    parsed: DrillCommand,
    client: WebClient,
    respond: Respond,
) -> None:
    """Steer the channel's running interview and say which one it was."""
    team_id, channel_id, user_id = command.team_id, command.channel_id, command.user_id
    action = STEERING[parsed.name]
    steered: list[Interview] = []
    error = refusal(
        lambda: steered.append(
            deps.service.steer_in_channel(
                team_id=team_id,
                channel_id=channel_id,
                user_id=user_id,
                action=action,
                arg=str(parsed.minutes) if parsed.minutes else None,
                is_admin=lambda: is_workspace_admin(client, user_id),
            )
        )
    )
    text = error or steered_text(action, steered[0], deps.content)
    respond(text=text, response_type="ephemeral")


def refusal(steer: Callable[[], object]) -> str | None:
    """Run a steering call; the sentence to show the person when it was refused.
    A late button press (LatePress) is raised on: its listener also closes the buttons."""
    try:
        steer()
    except NoLiveInterview:
        return NO_INTERVIEW
    except InterviewOver:
        return FINISHED
    except LatePress:
        raise
    except (ServiceError, EngineError, InterviewNotFound) as exc:
        return str(exc)
    return None
