"""The pages people see after "Add to Slack": installed, and what to do next in Slack; or not
installed, why, and where to start again."""

from __future__ import annotations

import html
import logging

from slack_bolt import BoltResponse
from slack_bolt.oauth.callback_options import FailureArgs, SuccessArgs

logger = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
_WHY = {
    "access_denied": "The installation was cancelled in Slack.",
    "invalid_browser": "This page was opened in another browser than the one that started "
    "the installation, or its cookie has expired.",
    "invalid_state": "This installation link has expired or was already used.",
    "missing_code": "Slack did not send an authorization code.",
    "invalid_code": "Slack did not accept the authorization code (it may have been used already).",
    "storage_error": "The installation could not be saved on our side.",
}


def success_page(args: SuccessArgs) -> BoltResponse:
    installation = args.installation
    where = installation.team_name or installation.enterprise_name or "your workspace"
    team = installation.team_id or ""
    return _page(
        200,
        f"DesignDrill is installed in {html.escape(where)}",
        "<ol><li>In Slack, invite the bot to a channel: <code>/invite @DesignDrill</code></li>"
        "<li>Type <code>/drill start</code> there, and answer in the thread.</li>"
        "<li><code>/drill help</code> lists everything else (schedules, leaderboard, your data)."
        "</li></ol>"
        f'<p><a href="slack://open?team={html.escape(team)}">Open Slack</a></p>',
    )


def failure_page(args: FailureArgs) -> BoltResponse:
    if args.error is not None:
        logger.warning("installation failed (%s)", args.reason, exc_info=args.error)
    else:
        logger.info("installation refused: %s", args.reason)
    why = _WHY.get(args.reason, f"The installation failed ({args.reason}).")
    return _page(
        args.suggested_status_code,
        "DesignDrill was not installed",
        f"<p>{html.escape(why)}</p>"
        f'<p>Start again from <a href="{INSTALL_PATH}">the install page</a>. If it fails '
        "again, ask whoever runs this DesignDrill to check its logs.</p>",
    )


def _page(status: int, title: str, body: str) -> BoltResponse:
    return BoltResponse(
        status=status,
        body=f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><h1>{title}</h1>{body}</body></html>",
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
