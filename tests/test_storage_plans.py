"""Queries about one interview find its rows through the interview, not the whole team.

Every query names the team. SQLite has no statistics unless ANALYZE ran, and once rated
a lone team_id index as good as the unique (interview_id, ...) one: it then read every
answer, participant or score of the team to find one interview's, so storing replies and
finishing interviews slowed down as a team's history grew. Indexes now lead with team_id
(migration 0003); these tests read SQLite's plans for the queries the app really sends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Interview
from storage.repository import Store, Tx
from storage.scores import InterviewScores, NewScore

TABLES = ("answer", "participant", "score")


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    upgrade(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def plans_of(engine: Engine, work: Callable[[Tx], None]) -> list[tuple[str, list[str]]]:
    """Run ``work`` in a transaction; each SELECT/UPDATE/DELETE it sent on one of
    :data:`TABLES`, with the plan steps SQLite chose for those tables."""
    sent: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        words = statement.split()
        if words[0].upper() in ("SELECT", "UPDATE", "DELETE") and set(TABLES) & {
            w.strip('(),"').split(".")[0] for w in words
        }:
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        with Store(engine).transaction() as tx:
            work(tx)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    plans = []
    with engine.connect() as connection:
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        for statement, parameters in sent:
            rows = cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
            steps = [r[3] for r in rows if any(f" {t} " in f"{r[3]} " for t in TABLES)]
            plans.append((" ".join(statement.split()), steps))
    return plans


def assert_searched_by_interview(plans: list[tuple[str, list[str]]]) -> None:
    assert plans
    for statement, steps in plans:
        assert steps, statement
        for step in steps:
            assert step.startswith("SEARCH "), (statement, step)  # never a SCAN
            assert "interview_id=?" in step or "(rowid=?)" in step, (statement, step)


def test_reply_path_and_answer_edits_search_by_interview(
    sqlite_engine: Engine, make_interview: Callable[..., Interview], now: datetime
) -> None:
    with Store(sqlite_engine).transaction() as tx:
        interview_id = make_interview(tx).id
    assert interview_id is not None
    where: dict[str, Any] = dict(team_id="T1", interview_id=interview_id, message_ts="1.1")

    def work(tx: Tx) -> None:
        tx.add_answer(**where, user_id="U1", phase_id="functional", text="a", posted_at=now)
        tx.reply_thread(
            team_id="T1",
            channel_id="C1",
            thread_ts="",
            message_ts="1.2",
            user_id="U2",
        )
        tx.answer_target(  # the terminal's answers
            team_id="T1", interview_id=interview_id, message_ts="1.1", user_id="U1"
        )
        tx.answers(team_id="T1", interview_id=interview_id)
        tx.participants(team_id="T1", interview_id=interview_id)
        tx.edit_answer(**where, text="b", edited_at=now)
        tx.delete_answer(**where, deleted_at=now)

    assert_searched_by_interview(plans_of(sqlite_engine, work))


def test_a_tick_finishing_interviews_in_two_teams_searches_by_interview(
    sqlite_engine: Engine, make_interview: Callable[..., Interview], now: datetime
) -> None:
    pairs: list[tuple[str, int]] = []
    with Store(sqlite_engine).transaction() as tx:
        for team in ("T1", "T2"):
            interview_id = make_interview(tx, team_id=team).id
            assert interview_id is not None
            pairs.append((team, interview_id))
    scores = [NewScore("U1", 50, 1, 1, {}, "well done")]

    def work(tx: Tx) -> None:
        tx.answers_of(pairs)
        tx.save_scores_of([InterviewScores(team, i, now, scores) for team, i in pairs])
        tx.score(team_id="T1", interview_id=pairs[0][1], user_id="U1")

    assert_searched_by_interview(plans_of(sqlite_engine, work))
