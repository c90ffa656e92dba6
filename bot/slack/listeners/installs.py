"""The app removed from a workspace, or its tokens revoked: that workspace's data goes.

Both run before the ack (see ``wiring.py``): once Slack has its 200 it never sends the
event again, so the deletion must be done by then. They make no Slack call: the ``client``
that listeners run before the ack receive goes unused.
"""

from __future__ import annotations

from slack_sdk import WebClient

from bot.interviews.workspaces import forget_workspace, revoke_tokens
from bot.slack.deps import SlackDeps
from bot.slack.inputs import parse_tokens_revoked, parse_workspace


def on_app_uninstalled(deps: SlackDeps, *, body: dict, client: WebClient) -> None:
    gone = parse_workspace(body)
    forget_workspace(
        deps.service, team_id=gone.team_id, enterprise_id=gone.enterprise_id, org_wide=gone.org_wide
    )


def on_tokens_revoked(deps: SlackDeps, *, body: dict, client: WebClient) -> None:
    revoked = parse_tokens_revoked(body)
    where = revoked.workspace
    revoke_tokens(
        deps.service,
        team_id=None if where.org_wide else where.team_id,
        enterprise_id=where.enterprise_id,
        bot=revoked.bot,
        user_ids=revoked.user_ids,
    )
