"""Multi-workspace mode: Bolt's OAuth flow ("Add to Slack") and the pages people see.

``/slack/install`` shows the Add to Slack button; Slack sends the installer back to
``/slack/oauth_redirect``, where Bolt checks the one-use ``state``, exchanges the code for
the workspace's bot token (``oauth.v2.access``, through the app's client, so SLACK_API_URL
applies) and saves it in the installation store. The pages after it say what to do next.
"""

from __future__ import annotations

import html
import logging

from slack_bolt import BoltResponse
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

from bot.config import Settings

logger = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
BOT_SCOPES = (
    "commands",
    "chat:write",
    "im:write",
    "users:read",
    "channels:history",
    "groups:history",
    "im:history",
    "app_mentions:read",
    "files:write",
)
"""The bot scopes of manifest.yml (a test keeps the two the same)."""
STATE_SECONDS = 600

_WHY = {
    "access_denied": "The installation was cancelled in Slack.",
    "invalid_browser": "This page was opened in another browser than the one that started "
    "the installation, or its cookie has expired.",
    "invalid_state": "This installation link has expired or was already used.",
    "missing_code": "Slack did not send an authorization code.",
    "invalid_code": "Slack did not accept the authorization code (it may have been used already).",
    "storage_error": "The installation could not be saved on our side.",
}


def oauth_settings(
    settings: Settings,
    *,
    client: WebClient,
    installation_store: InstallationStore,
    state_store: OAuthStateStore,
) -> OAuthSettings:
    """Bolt's OAuth settings; ``client`` (the app's) refreshes tokens, so SLACK_API_URL
    applies there too."""
    assert settings.slack_client_id and settings.slack_client_secret
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        redirect_uri=settings.slack_redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=installation_store,
        state_store=state_store,
        state_expiration_seconds=STATE_SECONDS,
        token_rotation_expiration_minutes=settings.token_rotation_minutes,
        callback_options=CallbackOptions(success=success_page, failure=failure_page),
    )
    oauth.authorize = _authorize(oauth, client)
    return oauth


def _authorize(settings: OAuthSettings, client: WebClient) -> InstallationStoreAuthorize:
    """Bolt's authorize for installed workspaces, as OAuthSettings builds it but refreshing
    through ``client`` (its own goes to slack.com). Results are cached by token: a
    refreshed or revoked token is never found under the old one."""
    return InstallationStoreAuthorize(
        logger=logger,
        installation_store=settings.installation_store,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        token_rotation_expiration_minutes=settings.token_rotation_expiration_minutes,
        cache_enabled=True,
        client=client,
    )


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
