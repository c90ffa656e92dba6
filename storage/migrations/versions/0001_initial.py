"""Initial schema: interviews, participants, answers and their history, outbox, events.

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Written from autogenerate output, then tidied. Types are spelled out with SQLAlchemy's own
types (not the app's ``storage.types``) so this revision never changes when the app does;
a test checks that the result matches the models exactly.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
from sqlmodel.sql.sqltypes import AutoString

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNSENT = sa.text("sent_at IS NULL")


def _string() -> AutoString:
    return AutoString()


def _timestamp() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "interview",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _string(), nullable=False),
        sa.Column("channel_id", _string(), nullable=False),
        sa.Column("thread_ts", _string(), nullable=True),
        sa.Column("host_id", _string(), nullable=False),
        sa.Column("source", _string(), nullable=False),
        sa.Column("question_id", _string(), nullable=False),
        sa.Column("format_id", _string(), nullable=False),
        sa.Column("status", _string(), nullable=False),
        sa.Column("phase_id", _string(), nullable=False),
        sa.Column("phase_started_at", _timestamp(), nullable=False),
        sa.Column("phase_deadline", _timestamp(), nullable=True),
        sa.Column("next_event_at", _timestamp(), nullable=True),
        sa.Column("state", _json(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("updated_at", _timestamp(), nullable=False),
        sa.Column("finished_at", _timestamp(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "channel_id", "thread_ts", name="uq_interview_thread"),
    )
    op.create_index("ix_interview_next_event_at", "interview", ["next_event_at"])
    op.create_index("ix_interview_team_id", "interview", ["team_id"])

    op.create_table(
        "processed_event",
        sa.Column("event_id", _string(), nullable=False),
        sa.Column("team_id", _string(), nullable=False),
        sa.Column("received_at", _timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index("ix_processed_event_received_at", "processed_event", ["received_at"])
    op.create_index("ix_processed_event_team_id", "processed_event", ["team_id"])

    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _string(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("user_id", _string(), nullable=False),
        sa.Column("message_ts", _string(), nullable=False),
        sa.Column("phase_id", _string(), nullable=False),
        sa.Column("text", _string(), nullable=False),
        sa.Column("posted_at", _timestamp(), nullable=False),
        sa.Column("edited_at", _timestamp(), nullable=True),
        sa.Column("deleted_at", _timestamp(), nullable=True),
        sa.ForeignKeyConstraint(["interview_id"], ["interview.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("interview_id", "message_ts", name="uq_answer_interview_message"),
    )
    op.create_index("ix_answer_team_id", "answer", ["team_id"])
    op.create_index("ix_answer_user_id", "answer", ["user_id"])

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _string(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=True),
        sa.Column("key", _string(), nullable=False),
        sa.Column("channel_id", _string(), nullable=True),
        sa.Column("user_id", _string(), nullable=True),
        sa.Column("payload", _json(), nullable=False),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("next_attempt_at", _timestamp(), nullable=False),
        sa.Column("lease_until", _timestamp(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", _string(), nullable=True),
        sa.Column("sent_at", _timestamp(), nullable=True),
        sa.Column("result_ts", _string(), nullable=True),
        sa.ForeignKeyConstraint(["interview_id"], ["interview.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("interview_id", "key", name="uq_outbox_interview_key"),
    )
    op.create_index("ix_outbox_team_id", "outbox", ["team_id"])
    op.create_index(
        "ix_outbox_unsent_queue",
        "outbox",
        ["id", "next_attempt_at"],
        sqlite_where=UNSENT,
        postgresql_where=UNSENT,
    )
    op.create_index(
        "ix_outbox_unsent_interview",
        "outbox",
        ["interview_id", "id"],
        sqlite_where=UNSENT,
        postgresql_where=UNSENT,
    )

    op.create_table(
        "participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _string(), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=False),
        sa.Column("user_id", _string(), nullable=False),
        sa.Column("joined_at", _timestamp(), nullable=False),
        sa.ForeignKeyConstraint(["interview_id"], ["interview.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("interview_id", "user_id", name="uq_participant_interview_user"),
    )
    op.create_index("ix_participant_team_id", "participant", ["team_id"])
    op.create_index("ix_participant_user_id", "participant", ["user_id"])

    op.create_table(
        "answer_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _string(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("text", _string(), nullable=False),
        sa.Column("replaced_at", _timestamp(), nullable=False),
        sa.ForeignKeyConstraint(["answer_id"], ["answer.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_answer_revision_answer_id", "answer_revision", ["answer_id"])
    op.create_index("ix_answer_revision_team_id", "answer_revision", ["team_id"])


def downgrade() -> None:
    # Dropping a table drops its indexes; children before parents for the foreign keys.
    for table in ("answer_revision", "participant", "outbox", "answer", "processed_event"):
        op.drop_table(table)
    op.drop_table("interview")
