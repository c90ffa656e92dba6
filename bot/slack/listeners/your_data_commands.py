"""`/drill history | show | export | forget-me | leaderboard | timezone | retention`."""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient

from bot.interviews import your_data
from bot.interviews.boards import leaderboard_command
from bot.interviews.team_settings import team_setting_command
from bot.numbers import NumberError, record_id
from bot.slack.blocks import FORGET_TEXT, forget_blocks
from bot.slack.deps import Respond, SlackDeps
from bot.slack.inputs import parse_clicker
from bot.slack.texts import SHOW_HINT, SHOW_USAGE
from bot.slack.users import is_workspace_admin

COMMANDS = ("history", "show", "export", "forget-me", "leaderboard", "timezone", "retention")


def handle(
    deps: SlackDeps,
    name: str,
    args: tuple[str, ...],
    *,
    team_id: str,
    user_id: str,
    client: WebClient,
    respond: Respond,
) -> None:
    service, me = deps.service, {"team_id": team_id, "user_id": user_id}
    if name == "history":
        text = your_data.history_text(service, **me)
    elif name == "show":
        text = _show(deps, args, **me)
    elif name == "export":
        text = _export(your_data.export_markdown(service, **me), client, user_id)
    elif name == "forget-me":
        respond(response_type="ephemeral", text=FORGET_TEXT, blocks=forget_blocks())
        return
    elif name == "leaderboard":
        word = (args[0].lower() if args else "week") if len(args) <= 1 else ""
        text = leaderboard_command(service, word, **me)
    else:
        is_admin = lambda: is_workspace_admin(client, user_id)  # noqa: E731 -- asked lazily
        text = team_setting_command(service, name, args, team_id=team_id, is_admin=is_admin)
    respond(response_type="ephemeral", text=text)


def _show(deps: SlackDeps, args: tuple[str, ...], *, team_id: str, user_id: str) -> str:
    if len(args) != 1:
        return SHOW_USAGE
    try:
        number = record_id(args[0], what="an interview number", hint=SHOW_HINT)
    except NumberError as exc:
        return str(exc)
    return your_data.show_text(deps.service, team_id=team_id, user_id=user_id, interview_id=number)


def _export(markdown: str, client: WebClient, user_id: str) -> str:
    dm = client.conversations_open(users=user_id)["channel"]["id"]
    client.files_upload_v2(
        channel=dm,
        content=markdown,
        filename="designdrill-export.md",
        title="Your DesignDrill answers and retrospectives",
    )
    return "Your export is in our DM: `designdrill-export.md`."


def on_forget_confirmed(
    deps: SlackDeps, *, ack: Callable[..., None], body: dict, client: WebClient, respond: Respond
) -> None:
    """The confirmation button: only the person who clicks is forgotten."""
    ack()
    clicker = parse_clicker(body)
    gone = your_data.forget(deps.service, team_id=clicker.team_id, user_id=clicker.user_id)
    respond(
        response_type="ephemeral",
        replace_original=True,
        text=f"Done: {gone.answers} answers, {gone.scores} scores and {gone.interviews} "
        "participations deleted. You are off every leaderboard.",
    )
