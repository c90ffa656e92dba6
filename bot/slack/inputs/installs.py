"""Events about the app's installation in a workspace: removed, or tokens revoked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.slack.inputs.fields import Payload, event_of, mapping_at, team_id_of


@dataclass(frozen=True)
class Workspace:
    """Whose installation an event is about: a workspace, or a whole Enterprise Grid org
    (``org_wide``: installed once for every workspace of ``enterprise_id``)."""

    team_id: str | None
    enterprise_id: str | None
    org_wide: bool


@dataclass(frozen=True)
class TokensRevoked:
    workspace: Workspace
    bot: bool
    """The bot token was revoked."""
    user_ids: Sequence[str]
    """People whose user tokens were revoked."""


def parse_workspace(body: Payload) -> Workspace:
    """Raises PayloadError when the envelope names neither a team nor an org."""
    authorization = (body.get("authorizations") or [{}])[0]
    enterprise = body.get("enterprise_id") or authorization.get("enterprise_id")
    org_wide = bool(authorization.get("is_enterprise_install") or body.get("is_enterprise_install"))
    if org_wide and isinstance(enterprise, str) and enterprise:
        return Workspace(team_id=None, enterprise_id=enterprise, org_wide=True)
    return Workspace(
        team_id=team_id_of(body),
        enterprise_id=enterprise if isinstance(enterprise, str) and enterprise else None,
        org_wide=False,
    )


def parse_tokens_revoked(body: Payload) -> TokensRevoked:
    tokens = mapping_at(event_of(body), "tokens")
    return TokensRevoked(
        workspace=parse_workspace(body),
        bot=bool(tokens.get("bot")),
        user_ids=tuple(str(u) for u in tokens.get("oauth") or ()),
    )
