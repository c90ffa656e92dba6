"""Which Enterprise Grid org each workspace belongs to: our rows carry only its ``team_id``,
while an org-wide install is stored under the org."""

from __future__ import annotations

from sqlalchemy import Connection
from sqlmodel import Session, col, select

from storage._sql import insert_ignoring_duplicates
from storage.installation_tables import WorkspaceOrg


class WorkspaceOrgMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session
    _connection: Connection

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
