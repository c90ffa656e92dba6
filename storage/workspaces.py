"""A workspace as a whole: forgetting it when the app is uninstalled, revoking its tokens,
and which Enterprise Grid org it belongs to."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Connection, Table, and_, delete, update
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, SQLModel, col, select

from storage._sql import insert_ignoring_duplicates
from storage.installation_tables import (
    SLACK_BOTS,
    SLACK_INSTALLATIONS,
    SLACK_OAUTH_STATES,
    WorkspaceOrg,
)
from storage.models import Schedule


def _team_tables() -> list[Table]:
    """Every table with a ``team_id``, rows that refer to others first (foreign keys)."""
    return [t for t in reversed(SQLModel.metadata.sorted_tables) if "team_id" in t.c]


class WorkspaceMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session
    _connection: Connection

    def forget_team(self, *, team_id: str) -> int:
        """Delete every row of the workspace, in every table that has a ``team_id`` (its
        installation included); returns how many rows went. Nothing of another team is
        touched."""
        return sum(
            int(self._session.exec(delete(t).where(t.c.team_id == team_id)).rowcount)
            for t in _team_tables()
        )

    def forget_org(self, *, enterprise_id: str) -> int:
        """An org-wide install removed: every workspace of the org seen so far, and the
        org's own installation rows (stored without a team)."""
        teams = self.org_teams(enterprise_id=enterprise_id)
        removed = sum(self.forget_team(team_id=team) for team in teams)
        for table in (SLACK_BOTS, SLACK_INSTALLATIONS):
            removed += int(
                self._session.exec(
                    delete(table).where(
                        _installed(table, enterprise_id=enterprise_id, team_id=None)
                    )
                ).rowcount
            )
        return removed

    def revoke_bot_token(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """The bot token was revoked: delete it (the installation rows carry it too)."""
        for table in (SLACK_BOTS, SLACK_INSTALLATIONS):
            self._session.exec(
                delete(table).where(_installed(table, enterprise_id=enterprise_id, team_id=team_id))
            )

    def revoke_user_tokens(
        self, *, enterprise_id: str | None, team_id: str | None, user_ids: Sequence[str]
    ) -> None:
        c = SLACK_INSTALLATIONS.c
        self._session.exec(
            update(SLACK_INSTALLATIONS)
            .where(
                _installed(SLACK_INSTALLATIONS, enterprise_id=enterprise_id, team_id=team_id),
                c.user_id.in_(list(user_ids)),
            )
            .values(user_token=None, user_refresh_token=None, user_token_expires_at=None)
        )

    def pause_team_schedules(self, *, team_id: str) -> int:
        """Stop every active schedule of the team (it can no longer post)."""
        return int(
            self._session.exec(
                update(Schedule)
                .where(col(Schedule.team_id) == team_id, col(Schedule.status) == "active")
                .values(status="paused")
            ).rowcount
        )

    def remember_org(self, *, team_id: str, enterprise_id: str) -> None:
        self._session.exec(
            insert_ignoring_duplicates(
                self._connection,
                WorkspaceOrg,
                {"team_id": team_id, "enterprise_id": enterprise_id},
                unique=["team_id"],
            )
        )

    def org_of(self, *, team_id: str) -> str | None:
        row = self._session.get(WorkspaceOrg, team_id)
        return row.enterprise_id if row is not None else None

    def org_teams(self, *, enterprise_id: str) -> list[str]:
        stmt = select(WorkspaceOrg.team_id).where(col(WorkspaceOrg.enterprise_id) == enterprise_id)
        return list(self._session.exec(stmt).all())

    def prune_oauth_states(self, *, before: datetime) -> int:
        """Install links never followed: their one-use states, expired before ``before``
        (slack-sdk deletes a state only when it is used). Its column holds naive UTC."""
        naive = before.astimezone(UTC).replace(tzinfo=None)
        stmt = delete(SLACK_OAUTH_STATES).where(SLACK_OAUTH_STATES.c.expire_at < naive)
        return int(self._session.exec(stmt).rowcount)


def _installed(
    table: Table, *, enterprise_id: str | None, team_id: str | None
) -> ColumnElement[bool]:
    """Installation rows of one workspace, or of an org-wide install (no team)."""
    return and_(table.c.enterprise_id == enterprise_id, table.c.team_id == team_id)
