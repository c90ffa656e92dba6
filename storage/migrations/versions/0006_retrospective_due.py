"""retrospective_due: interviews the clock has ended whose retrospectives are still to be
written, by a pass of their own.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "retrospective_due",
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interview.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("team_id", "interview_id"),
    )


def downgrade() -> None:
    op.drop_table("retrospective_due")
