"""Multi-workspace mode: Bolt's OAuth flow ("Add to Slack").

``/slack/install`` shows the Add to Slack button; Slack sends the installer back to
``/slack/oauth_redirect``, where Bolt checks the one-use ``state``, exchanges the code for
the workspace's bot token (``oauth.v2.access``, through the app's client, so SLACK_API_URL
applies) and saves it in the installation store; :mod:`bot.slack.install_pages` says what next.
"""

from __future__ import annotations

import logging

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.callback_options import CallbackOptions
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

from bot.config import Settings
from bot.slack.install_pages import INSTALL_PATH, failure_page, success_page

logger = logging.getLogger(__name__)

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
