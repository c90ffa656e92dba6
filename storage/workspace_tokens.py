"""Revoking a workspace's Slack tokens when Slack says they were revoked: the bot token's
installation rows deleted, a person's user token cleared."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, and_, delete, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from storage.installation_tables import SLACK_BOTS, SLACK_INSTALLATIONS


class WorkspaceTokenMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session

    def revoke_bot_token(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """The bot token was revoked: delete it (the installation rows carry it too)."""
        for table in (SLACK_BOTS, SLACK_INSTALLATIONS):
            self._session.exec(
                delete(table).where(installed(table, enterprise_id=enterprise_id, team_id=team_id))
            )

    def revoke_user_tokens(
        self, *, enterprise_id: str | None, team_id: str | None, user_ids: Sequence[str]
    ) -> None:
        c = SLACK_INSTALLATIONS.c
        self._session.exec(
            update(SLACK_INSTALLATIONS)
            .where(
                installed(SLACK_INSTALLATIONS, enterprise_id=enterprise_id, team_id=team_id),
                c.user_id.in_(list(user_ids)),
            )
            .values(user_token=None, user_refresh_token=None, user_token_expires_at=None)
        )


def installed(
    table: Table, *, enterprise_id: str | None, team_id: str | None
) -> ColumnElement[bool]:
    """Installation rows of one workspace, or of an org-wide install (no team)."""
    return and_(table.c.enterprise_id == enterprise_id, table.c.team_id == team_id)
