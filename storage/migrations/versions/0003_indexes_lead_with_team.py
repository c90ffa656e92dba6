"""Answer, participant and score indexes lead with team_id.

Every query on these tables names the team. With an index on team_id alone, SQLite's
planner (which has no statistics unless ANALYZE ran) rated it as good as the unique
(interview_id, ...) index and read every row of the team to find one interview's: each
stored reply batch, each finishing interview's answers and the scores it replaces got
slower as the team's history grew (3,000 answers: 0.5 ms per lookup; a DELETE of two
interviews' scores scanned the whole score table). With team_id first in every index the
planner's best choice is the obvious one, on SQLite and PostgreSQL.

Per table: unique (team_id, interview_id, <key>) instead of (interview_id, <key>); an index
(team_id, user_id) for a person's rows (forget-me, export, "my interviews") instead of
single-column team_id and user_id indexes; for scores also (team_id, finished_at), the
leaderboard's order, instead of finished_at alone.

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

# table: (old unique, new unique, the column after team_id and interview_id)
_UNIQUE = {
    "answer": ("uq_answer_interview_message", "uq_answer_team_interview_message", "message_ts"),
    "participant": (
        "uq_participant_interview_user",
        "uq_participant_team_interview_user",
        "user_id",
    ),
    "score": ("uq_score_interview_user", "uq_score_team_interview_user", "user_id"),
}
# table: (old single-column indexes, new indexes)
_INDEXES: dict[str, tuple[dict[str, list[str]], dict[str, list[str]]]] = {
    "answer": (
        {"ix_answer_team_id": ["team_id"], "ix_answer_user_id": ["user_id"]},
        {"ix_answer_team_user": ["team_id", "user_id"]},
    ),
    "participant": (
        {"ix_participant_team_id": ["team_id"], "ix_participant_user_id": ["user_id"]},
        {"ix_participant_team_user": ["team_id", "user_id"]},
    ),
    "score": (
        {
            "ix_score_team_id": ["team_id"],
            "ix_score_user_id": ["user_id"],
            "ix_score_finished_at": ["finished_at"],
        },
        {
            "ix_score_team_user": ["team_id", "user_id"],
            "ix_score_team_finished": ["team_id", "finished_at"],
        },
    ),
}


def upgrade() -> None:
    for table, (old_unique, new_unique, key) in _UNIQUE.items():
        old_indexes, new_indexes = _INDEXES[table]
        for name in old_indexes:
            op.drop_index(name, table_name=table)
        # SQLite cannot drop a table constraint: batch mode copies the table (same rows, ids).
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(old_unique, type_="unique")
            batch.create_unique_constraint(new_unique, ["team_id", "interview_id", key])
        for name, columns in new_indexes.items():
            op.create_index(name, table, columns)


def downgrade() -> None:
    for table, (old_unique, new_unique, key) in _UNIQUE.items():
        old_indexes, new_indexes = _INDEXES[table]
        for name in new_indexes:
            op.drop_index(name, table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(new_unique, type_="unique")
            batch.create_unique_constraint(old_unique, ["interview_id", key])
        for name, columns in old_indexes.items():
            op.create_index(name, table, columns)
