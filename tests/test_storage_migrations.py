"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from storage.db import make_engine
from storage.migrate import alembic_config, current_revision, head_revision, upgrade
from storage.models import Interview
from storage.repository import Store
from storage.scores import NewScore


def schema_differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, SQLModel.metadata))


def test_migrated_schema_matches_the_models(engine: Engine) -> None:
    assert schema_differences(engine) == []


def test_comparison_would_notice_a_missing_index(engine: Engine) -> None:
    """Guards the test above against comparing nothing."""
    with engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_outbox_unsent_queue"))
    differences = schema_differences(engine)
    assert [d[0] for d in differences] == ["add_index"]  # type: ignore[index]


def test_database_is_at_head_after_upgrade(db_url: str) -> None:
    versions = Path(__file__).resolve().parents[1] / "storage" / "migrations" / "versions"
    newest = max(p.name.split("_")[0] for p in versions.glob("[0-9]*_*.py"))
    assert head_revision() == newest  # the chain ends at the newest file
    assert head_revision() == ScriptDirectory.from_config(alembic_config("")).get_current_head()
    assert current_revision(db_url) == head_revision()
    upgrade(db_url)  # already at head: nothing to do, no error
    assert current_revision(db_url) == head_revision()


def test_fresh_database_has_no_revision_until_upgraded(empty_db_url: str) -> None:
    assert current_revision(empty_db_url) is None
    upgrade(empty_db_url)
    assert current_revision(empty_db_url) == head_revision()
    engine = make_engine(empty_db_url)
    try:
        assert schema_differences(engine) == []
    finally:
        engine.dispose()


def test_downgrade_removes_every_table(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.begin() as connection:
            config = alembic_config(db_url)
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    finally:
        engine.dispose()


def test_team_index_migration_keeps_every_row_both_ways(
    db_url: str, make_interview: Callable[..., Interview], now: datetime
) -> None:
    """0003 rebuilds the answer, participant and score tables on SQLite: rows, ids and
    uniqueness survive it, down and up again."""
    engine = make_engine(db_url)
    store = Store(engine)
    try:
        with store.transaction() as tx:
            interview = make_interview(tx)
            assert interview.id is not None
            for ts in ("1.1", "1.2"):
                tx.add_answer(
                    team_id="T1",
                    interview_id=interview.id,
                    user_id="U1",
                    message_ts=ts,
                    phase_id="functional",
                    text=f"answer {ts}",
                    posted_at=now,
                )
            tx.add_participant(team_id="T1", interview_id=interview.id, user_id="U1", now=now)
            tx.save_scores(
                team_id="T1",
                interview_id=interview.id,
                scores=[NewScore("U1", 70, 2, 3, {"api": 10}, "good")],
                finished_at=now,
            )
            before = [
                (a.id, a.message_ts, a.text)
                for a in tx.answers(team_id="T1", interview_id=interview.id)
            ]

        def migrate(to: str) -> None:
            with engine.begin() as connection:
                config = alembic_config(db_url)
                config.attributes["connection"] = connection
                (command.downgrade if to == "0002" else command.upgrade)(config, to)

        migrate("0002")
        with engine.connect() as connection:
            counts = [
                connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar()
                for table in ("answer", "participant", "score")
            ]
        assert counts == [2, 1, 1]
        migrate("head")
        assert schema_differences(engine) == []
        with store.transaction() as tx:
            after = [
                (a.id, a.message_ts, a.text)
                for a in tx.answers(team_id="T1", interview_id=interview.id)
            ]
            again = tx.add_answer(
                team_id="T1",
                interview_id=interview.id,
                user_id="U2",
                message_ts="1.1",
                phase_id="functional",
                text="a redelivery",
                posted_at=now,
            )
            rejoined = tx.add_participant(
                team_id="T1", interview_id=interview.id, user_id="U1", now=now
            )
            score = tx.score(team_id="T1", interview_id=interview.id, user_id="U1")
        assert after == before and len(after) == 2
        assert again is None  # still unique per interview and message
        assert not rejoined  # and per interview and person
        assert score is not None and (score.score, score.breakdown) == (70, {"api": 10})
    finally:
        engine.dispose()
