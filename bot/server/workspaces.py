"""Multi-workspace mode's parts, built from Settings: each team's Web API client for the
background work (delivery, DMs to a host), and noting each workspace's org (its
installations and OAuth: :mod:`bot.server.installations`).

In single-workspace mode every team uses the one client and there is no OAuth.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store import Installation

from bot.interviews.transport import DeliveryFailed
from bot.interviews.workspaces import org_of, remember_org
from bot.server.installations import installation_store
from bot.server.runtime import Runtime
from bot.slack.app import make_client
from bot.slack.clients import ClientsForTeam
from storage.installations import InstallationStore


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
