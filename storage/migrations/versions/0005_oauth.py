"""Multi-workspace mode: slack-sdk's installation, bot and OAuth state tables (as its
SQLAlchemy stores define them, written out here so this migration never changes), and
which Enterprise Grid org each workspace belongs to.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _s(length: int) -> sa.String:
    return sa.String(length)


def _installation_columns() -> list[sa.Column]:
    """The columns slack_bots and slack_installations share (slack-sdk 3.8 and later)."""
    return [
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("client_id", _s(32), nullable=False),
        sa.Column("app_id", _s(32), nullable=False),
        sa.Column("enterprise_id", _s(32)),
        sa.Column("enterprise_name", _s(200)),
    ]


def upgrade() -> None:
    op.create_table(
        "slack_installations",
        *_installation_columns(),
        sa.Column("enterprise_url", _s(200)),
        sa.Column("team_id", _s(32)),
        sa.Column("team_name", _s(200)),
        sa.Column("bot_token", _s(200)),
        sa.Column("bot_id", _s(32)),
        sa.Column("bot_user_id", _s(32)),
        sa.Column("bot_scopes", _s(1000)),
        sa.Column("bot_refresh_token", _s(200)),
        sa.Column("bot_token_expires_at", sa.DateTime()),
        sa.Column("user_id", _s(32), nullable=False),
        sa.Column("user_token", _s(200)),
        sa.Column("user_scopes", _s(1000)),
        sa.Column("user_refresh_token", _s(200)),
        sa.Column("user_token_expires_at", sa.DateTime()),
        sa.Column("incoming_webhook_url", _s(200)),
        sa.Column("incoming_webhook_channel", _s(200)),
        sa.Column("incoming_webhook_channel_id", _s(200)),
        sa.Column("incoming_webhook_configuration_url", _s(200)),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("token_type", _s(32)),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
    )
    op.create_index(
        "slack_installations_idx",
        "slack_installations",
        ["client_id", "enterprise_id", "team_id", "user_id", "installed_at"],
    )
    op.create_table(
        "slack_bots",
        *_installation_columns(),
        sa.Column("team_id", _s(32)),
        sa.Column("team_name", _s(200)),
        sa.Column("bot_token", _s(200)),
        sa.Column("bot_id", _s(32)),
        sa.Column("bot_user_id", _s(32)),
        sa.Column("bot_scopes", _s(1000)),
        sa.Column("bot_refresh_token", _s(200)),
        sa.Column("bot_token_expires_at", sa.DateTime()),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False),
        sa.Column("installed_at", sa.DateTime(), nullable=False),
    )
    op.create_index(
        "slack_bots_idx", "slack_bots", ["client_id", "enterprise_id", "team_id", "installed_at"]
    )
    op.create_table(
        "slack_oauth_states",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("state", _s(200), nullable=False),
        sa.Column("expire_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "workspace_org",
        sa.Column("team_id", sa.String(), primary_key=True),
        sa.Column("enterprise_id", sa.String(), nullable=False),
    )
    op.create_index("ix_workspace_org_enterprise_id", "workspace_org", ["enterprise_id"])


def downgrade() -> None:
    op.drop_index("ix_workspace_org_enterprise_id", table_name="workspace_org")
    op.drop_table("workspace_org")
    op.drop_table("slack_oauth_states")
    op.drop_index("slack_bots_idx", table_name="slack_bots")
    op.drop_table("slack_bots")
    op.drop_index("slack_installations_idx", table_name="slack_installations")
    op.drop_table("slack_installations")
