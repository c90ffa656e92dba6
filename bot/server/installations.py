"""Multi-workspace mode's installations, built from Settings: the installation and OAuth
state stores in our database, and Bolt's OAuth settings."""

from __future__ import annotations

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.server.runtime import Runtime
from bot.slack.oauth import STATE_SECONDS, oauth_settings
from storage.installations import InstallationStore


def installation_store(runtime: Runtime, client: WebClient) -> InstallationStore:
    """The installations in our database; an expiring token is refreshed through ``client``
    (SLACK_API_URL applies), once for all processes."""
    settings = runtime.settings
    assert settings.slack_client_id and settings.slack_client_secret
    rotator = TokenRotator(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        client=client,
    )
    minutes = settings.token_rotation_minutes

    def rotate(installation: Installation) -> Installation | None:
        return rotator.perform_token_rotation(
            installation=installation, minutes_before_expiration=minutes
        )

    return InstallationStore(
        client_id=settings.slack_client_id,
        engine=runtime.store.engine,
        rotate=rotate,
        refresh_before_minutes=minutes,
    )


def oauth_for(runtime: Runtime, client: WebClient) -> OAuthSettings | None:
    """Bolt's OAuth settings in multi-workspace mode, else None."""
    if not runtime.settings.multi_workspace:
        return None
    return oauth_settings(
        runtime.settings,
        client=client,
        installation_store=installation_store(runtime, client),
        state_store=SQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_SECONDS, engine=runtime.store.engine
        ),
    )
