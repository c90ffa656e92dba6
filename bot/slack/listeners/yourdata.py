"""`/drill history | show | export | forget-me | leaderboard | timezone | retention`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient

from bot.interviews import your_data as yourdata
from bot.interviews.leaderboard import WINDOWS
from bot.slack.deps import SlackDeps, is_workspace_admin

logger = logging.getLogger(__name__)
Respond = Callable[..., Any]
FORGET_ACTION = "designdrill_forget_me"
MAX_RETENTION_DAYS = 3650


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
    store, content = deps.service.store, deps.content
    if name == "history":
        text = yourdata.history_text(store, content, team_id=team_id, user_id=user_id)
    elif name == "show":
        text = _show(deps, args, team_id=team_id, user_id=user_id)
    elif name == "export":
        text = _export(deps, client, team_id=team_id, user_id=user_id)
    elif name == "forget-me":
        respond(response_type="ephemeral", text=FORGET_TEXT, blocks=_forget_blocks())
        return
    elif name == "leaderboard":
        text = _leaderboard(deps, args, team_id=team_id, user_id=user_id)
    else:
        text = _team_setting(deps, client, name, args, team_id=team_id, user_id=user_id)
    respond(response_type="ephemeral", text=text)


def _show(deps: SlackDeps, args: tuple[str, ...], *, team_id: str, user_id: str) -> str:
    if len(args) != 1 or not args[0].lstrip("#").isdigit():
        return (
            "`/drill show` takes an interview number, e.g. `/drill show 12` (see `/drill history`)."
        )
    interview_id = int(args[0].lstrip("#"))
    text = yourdata.show_text(
        deps.service.store, team_id=team_id, user_id=user_id, interview_id=interview_id
    )
    return text or f"You have no retrospective for interview #{interview_id}."


def _export(deps: SlackDeps, client: WebClient, *, team_id: str, user_id: str) -> str:
    markdown = yourdata.export_markdown(
        deps.service.store, deps.content, team_id=team_id, user_id=user_id
    )
    dm = client.conversations_open(users=user_id)["channel"]["id"]
    client.files_upload_v2(
        channel=dm,
        content=markdown,
        filename="designdrill-export.md",
        title="Your DesignDrill answers and retrospectives",
    )
    return "Your export is in our DM: `designdrill-export.md`."


FORGET_TEXT = (
    "This deletes your answers (with their edit history), your scores and your participation "
    "in this workspace, and takes you off every leaderboard. It cannot be undone."
)


def _forget_blocks() -> list[dict[str, Any]]:
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": FORGET_TEXT}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": FORGET_ACTION,
                    "style": "danger",
                    "text": {"type": "plain_text", "text": "Delete my data"},
                    "value": "confirm",
                }
            ],
        },
    ]


def on_forget_confirmed(
    deps: SlackDeps, *, ack: Callable[..., None], body: dict, client: WebClient, respond: Respond
) -> None:
    """The confirmation button: only the person who clicks is forgotten."""
    ack()
    team_id = str((body.get("team") or {}).get("id") or body["user"].get("team_id"))
    user_id = str(body["user"]["id"])
    gone = yourdata.forget(deps.service.store, team_id=team_id, user_id=user_id)
    respond(
        response_type="ephemeral",
        replace_original=True,
        text=f"Done: {gone.answers} answers, {gone.scores} scores and {gone.interviews} "
        "participations deleted. You are off every leaderboard.",
    )


def _leaderboard(deps: SlackDeps, args: tuple[str, ...], *, team_id: str, user_id: str) -> str:
    word = args[0].lower() if args else "week"
    store = deps.service.store
    if word in ("hide", "show"):
        with store.transaction() as tx:
            tx.set_hidden(
                team_id=team_id, user_id=user_id, hidden=word == "hide", now=deps.service.clock()
            )
        return (
            "You are off every leaderboard."
            if word == "hide"
            else "You are back on the leaderboards."
        )
    if word not in WINDOWS or len(args) > 1:
        return "Try `/drill leaderboard [week|month|season|all|improved]` or `hide` / `show`."
    return yourdata.leaderboard_text(store, team_id=team_id, window=word, now=deps.service.clock())


def _team_setting(
    deps: SlackDeps,
    client: WebClient,
    name: str,
    args: tuple[str, ...],
    *,
    team_id: str,
    user_id: str,
) -> str:
    store = deps.service.store
    with store.transaction() as tx:
        setting = tx.team_setting(team_id=team_id)
    if not args:
        if name == "timezone":
            return f"This team counts weeks in {setting.timezone if setting else 'UTC'}."
        days = setting.retention_days if setting else None
        return f"Answers are kept {f'for {days} days' if days else 'until deleted'}."
    if not is_workspace_admin(client, user_id):
        return "Only workspace admins can change this team setting."
    now = deps.service.clock()
    if name == "timezone":
        try:
            ZoneInfo(args[0])
        except (ZoneInfoNotFoundError, ValueError):
            return f"`{args[0]}` isn't a time zone I know. Use Area/City, e.g. `Europe/Berlin`."
        with store.transaction() as tx:
            tx.set_team_setting(team_id=team_id, now=now, timezone=args[0])
        return f"Weeks now start on Monday 00:00 in {args[0]}."
    if args[0].lower() == "off":
        with store.transaction() as tx:
            tx.set_team_setting(team_id=team_id, now=now, clear_retention=True)
        return "Retention is off: answers are kept until someone deletes them."
    if not args[0].isdigit() or not 1 <= int(args[0]) <= MAX_RETENTION_DAYS:
        return f"`/drill retention` takes days from 1 to {MAX_RETENTION_DAYS}, or `off`."
    with store.transaction() as tx:
        tx.set_team_setting(team_id=team_id, now=now, retention_days=int(args[0]))
    return f"Answers older than {args[0]} days will be deleted by the daily clean-up."
