"""Which Web API client a team's background work uses (delivery, DMs to a host).

One workspace: the one client, for every team. Many workspaces: each team's own bot token,
looked up in its installation (``bot.server.workspaces.WebClients``); ``None`` when the team
has no installation any more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from slack_sdk import WebClient


class ClientsForTeam(Protocol):
    def for_team(self, team_id: str) -> WebClient | None:
        """The client carrying ``team_id``'s bot token, or None if it is not installed."""


@dataclass(frozen=True)
class OneClient:
    """Single-workspace mode: every team's messages go with the one token."""

    client: WebClient

    def for_team(self, team_id: str) -> WebClient:
        return self.client


def clients_of(client: WebClient | ClientsForTeam) -> ClientsForTeam:
    return OneClient(client) if isinstance(client, WebClient) else client
