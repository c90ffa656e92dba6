"""Multi-workspace mode's tables: slack-sdk's own installation and OAuth state tables, built
by its store classes on our metadata (so Alembic and the schema test see them), and which
Enterprise Grid org each workspace belongs to."""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlmodel import Field, SQLModel

SLACK_INSTALLATIONS = SQLAlchemyInstallationStore.build_installations_table(
    SQLModel.metadata, SQLAlchemyInstallationStore.default_installations_table_name
)
SLACK_BOTS = SQLAlchemyInstallationStore.build_bots_table(
    SQLModel.metadata, SQLAlchemyInstallationStore.default_bots_table_name
)
SLACK_OAUTH_STATES = SQLAlchemyOAuthStateStore.build_oauth_states_table(
    SQLModel.metadata, SQLAlchemyOAuthStateStore.default_table_name
)


class WorkspaceOrg(SQLModel, table=True):
    """The Enterprise Grid org of a workspace, seen on its requests: an org-wide install is
    stored under the org (no team), while our rows carry the workspace's ``team_id``."""

    __tablename__ = "workspace_org"

    team_id: str = Field(primary_key=True)
    enterprise_id: str = Field(index=True)
