"""Scores, team settings, member preferences, schedules and their runs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
from sqlmodel.sql.sqltypes import AutoString

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _string() -> AutoString:
    return AutoString()


def _timestamp() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _string(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("user_id", _string(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("on_time_phases", sa.Integer(), nullable=False),
        sa.Column("answered_phases", sa.Integer(), nullable=False),
        sa.Column("breakdown", _json(), nullable=False),
        sa.Column("retrospective", _string(), nullable=False),
        sa.Column("finished_at", _timestamp(), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interview.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("interview_id", "user_id", name="uq_score_interview_user"),
    )
    op.create_index("ix_score_team_id", "score", ["team_id"])
    op.create_index("ix_score_user_id", "score", ["user_id"])
    op.create_index("ix_score_finished_at", "score", ["finished_at"])

    op.create_table(
        "team_setting",
        sa.Column("team_id", _string(), nullable=False),
        sa.Column("timezone", _string(), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=True),
        sa.Column("updated_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("team_id"),
    )
    op.create_table(
        "member_preference",
        sa.Column("team_id", _string(), nullable=False),
        sa.Column("user_id", _string(), nullable=False),
        sa.Column("leaderboard_hidden", sa.Boolean(), nullable=False),
        sa.Column("updated_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "user_id"),
    )
    op.create_table(
        "schedule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _string(), nullable=False),
        sa.Column("channel_id", _string(), nullable=False),
        sa.Column("creator_id", _string(), nullable=False),
        sa.Column("cadence", _string(), nullable=False),
        sa.Column("day_of_week", _string(), nullable=False),
        sa.Column("time_of_day", _string(), nullable=False),
        sa.Column("every_weeks", sa.Integer(), nullable=False),
        sa.Column("timezone", _string(), nullable=False),
        sa.Column("format_id", _string(), nullable=False),
        sa.Column("topic", _string(), nullable=True),
        sa.Column("status", _string(), nullable=False),
        sa.Column("skip_next", sa.Boolean(), nullable=False),
        sa.Column("anchor_at", _timestamp(), nullable=False),
        sa.Column("next_run_at", _timestamp(), nullable=True),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_schedule_team_id", "schedule", ["team_id"])
    op.create_index("ix_schedule_next_run_at", "schedule", ["next_run_at"])
    op.create_table(
        "schedule_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _string(), nullable=False),
        sa.Column("schedule_id", sa.Integer(), nullable=False),
        sa.Column("occurrence_at", _timestamp(), nullable=False),
        sa.Column("status", _string(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=True),
        sa.Column("reported", sa.Boolean(), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interview.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["schedule_id"], ["schedule.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("schedule_id", "occurrence_at", name="uq_schedule_run_occurrence"),
    )
    op.create_index("ix_schedule_run_team_id", "schedule_run", ["team_id"])


def downgrade() -> None:
    op.drop_table("schedule_run")
    op.drop_table("schedule")
    op.drop_table("member_preference")
    op.drop_table("team_setting")
    op.drop_table("score")
