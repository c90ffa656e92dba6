"""A workspace as a whole: forgetting it when the app is uninstalled (its tokens:
:mod:`storage.workspace_tokens`; its org: :mod:`storage.workspace_orgs`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Table, delete, update
from sqlmodel import Session, SQLModel, col

from storage.installation_tables import SLACK_BOTS, SLACK_INSTALLATIONS, SLACK_OAUTH_STATES
from storage.models import Schedule
from storage.workspace_tokens import installed


def _team_tables() -> list[Table]:
    """Every table with a ``team_id``, rows that refer to others first (foreign keys)."""
    return [t for t in reversed(SQLModel.metadata.sorted_tables) if "team_id" in t.c]


class WorkspaceMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session
    org_teams: Callable[..., list[str]]  # storage.workspace_orgs

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
                    delete(table).where(installed(table, enterprise_id=enterprise_id, team_id=None))
                ).rowcount
            )
        return removed

    def pause_team_schedules(self, *, team_id: str) -> int:
        """Stop every active schedule of the team (it can no longer post)."""
        return int(
            self._session.exec(
                update(Schedule)
                .where(col(Schedule.team_id) == team_id, col(Schedule.status) == "active")
                .values(status="paused")
            ).rowcount
        )

    def prune_oauth_states(self, *, before: datetime) -> int:
        """Install links never followed: their one-use states, expired before ``before``
        (slack-sdk deletes a state only when it is used). Its column holds naive UTC."""
        naive = before.astimezone(UTC).replace(tzinfo=None)
        stmt = delete(SLACK_OAUTH_STATES).where(SLACK_OAUTH_STATES.c.expire_at < naive)
        return int(self._session.exec(stmt).rowcount)
