"""Multi-workspace mode's parts, built from Settings: the installation and OAuth state
stores in our database, Bolt's OAuth settings, and each team's Web API client for the
background work (delivery, DMs to a host).

In single-workspace mode every team uses the one client and there is no OAuth.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.interviews.transport import DeliveryFailed
from bot.interviews.workspaces import org_of, remember_org
from bot.server.runtime import Runtime
from bot.slack.app import make_client
from bot.slack.clients import ClientsForTeam
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


def clients_for_teams(runtime: Runtime, client: WebClient) -> WebClient | ClientsForTeam:
    """What background work posts with: the one client, or each team's own."""
    if not runtime.settings.multi_workspace:
        return client
    return WebClients(runtime, installation_store(runtime, client))


class WebClients:
    """Each team's client, with the bot token of its installation (a workspace's own, or
    its org's for an org-wide install), refreshed when it is about to expire."""

    def __init__(self, runtime: Runtime, installations: InstallationStore) -> None:
        self.runtime = runtime
        self.installations = installations
        self._clients: dict[str, WebClient] = {}
        self._lock = threading.Lock()

    def for_team(self, team_id: str) -> WebClient | None:
        """Raises DeliveryFailed when a token refresh fails (Slack down): try again later."""
        try:
            found = self._installation(team_id)
        except SlackTokenRotationError as exc:
            raise DeliveryFailed(f"token refresh failed: {exc}") from exc
        if found is None or not found.bot_token:
            return None
        with self._lock:
            client = self._clients.get(team_id)
            if client is None or client.token != found.bot_token:
                # Background work only: a 429 goes back to delivery's outbox retry.
                client = make_client(
                    self.runtime.settings, token=found.bot_token, wait_out_429=False
                )
                self._clients[team_id] = client
            return client

    def _installation(self, team_id: str) -> Installation | None:
        org = org_of(self.runtime.service, team_id=team_id)
        found = self.installations.find_installation(enterprise_id=org, team_id=team_id)
        if found is None and org is not None:
            found = self.installations.find_installation(
                enterprise_id=org, team_id=None, is_enterprise_install=True
            )
        return found


def org_recorder(runtime: Runtime) -> Callable[..., Any]:
    """Bolt middleware: note the Enterprise Grid org of each workspace seen, so background
    work for the workspace's rows (which carry only its ``team_id``) finds its token.
    Written on every request from an org (an insert that ignores a duplicate): a memory of
    workspaces already noted would miss one forgotten at uninstall, then reinstalled."""

    def record_org(context: BoltContext, next: Callable[[], Any]) -> Any:  # noqa: A002
        team, org = context.team_id, context.enterprise_id
        if team and org:
            remember_org(runtime.service, team_id=team, enterprise_id=org)
        return next()

    return record_org
