"""Answer indexes lead with team_id: (team, interview, message) unique, (team, user).

Every query on answers names the team. With one index on team_id alone, SQLite's planner
(which has no statistics unless ANALYZE ran) rated it as good as the unique
(interview_id, message_ts) index and read every answer of the team to find one
interview's: each stored reply batch and each finished interview got slower as the team's
history grew (3,000 answers: 0.5 ms per lookup). With team_id first in both indexes the
planner's best choice is the obvious one, on SQLite and PostgreSQL.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_answer_team_id", table_name="answer")
    op.drop_index("ix_answer_user_id", table_name="answer")
    # SQLite cannot drop a table constraint: batch mode copies the table (same rows, ids).
    with op.batch_alter_table("answer") as batch:
        batch.drop_constraint("uq_answer_interview_message", type_="unique")
        batch.create_unique_constraint(
            "uq_answer_team_interview_message", ["team_id", "interview_id", "message_ts"]
        )
    op.create_index("ix_answer_team_user", "answer", ["team_id", "user_id"])


def downgrade() -> None:
    op.drop_index("ix_answer_team_user", table_name="answer")
    with op.batch_alter_table("answer") as batch:
        batch.drop_constraint("uq_answer_team_interview_message", type_="unique")
        batch.create_unique_constraint(
            "uq_answer_interview_message", ["interview_id", "message_ts"]
        )
    op.create_index("ix_answer_user_id", "answer", ["user_id"])
    op.create_index("ix_answer_team_id", "answer", ["team_id"])
