"""Scores, preferences and forgetting a person, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from storage.models import Interview
from storage.repository import Store
from storage.scores import NewScore

MakeInterview = Callable[..., Interview]


def _answers(store: Store, interview_id: int, team: str = "T1") -> list[tuple[str, str]]:
    with store.transaction() as tx:
        return [(a.user_id, a.text) for a in tx.answers(team_id=team, interview_id=interview_id)]


def _seed(store: Store, make_interview: MakeInterview, now: datetime) -> int:
    with store.transaction() as tx:
        row = make_interview(tx, host_id="U1")
        assert row.id is not None
        for n, user in enumerate(("U1", "U2", "U1")):
            tx.add_participant(team_id="T1", interview_id=row.id, user_id=user, now=now)
            tx.add_answer(
                team_id="T1",
                interview_id=row.id,
                user_id=user,
                message_ts=f"1.{n}",
                phase_id="functional",
                text=f"{user} answer {n}",
                posted_at=now,
            )
        tx.edit_answer(
            team_id="T1", interview_id=row.id, message_ts="1.1", text="U2 edited", edited_at=now
        )
        tx.save_scores(
            team_id="T1",
            interview_id=row.id,
            finished_at=now,
            scores=[
                NewScore("U1", 70, 3, 5, {"functional": 10}, "U1's retro"),
                NewScore("U2", 40, 1, 2, {"functional": 5}, "U2's retro"),
            ],
        )
        tx.set_hidden(team_id="T1", user_id="U1", hidden=True, now=now)
        return row.id


def test_forget_me_removes_everything_of_that_person_and_nothing_else(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    interview_id = _seed(store, make_interview, now)
    with store.transaction() as tx:  # the same person id in another team is someone else
        other = make_interview(tx, team_id="T2", host_id="U1")
        assert other.id is not None
        tx.add_answer(
            team_id="T2",
            interview_id=other.id,
            user_id="U1",
            message_ts="9.9",
            phase_id="api",
            text="other team",
            posted_at=now,
        )
    with store.transaction() as tx:
        gone = tx.forget_user(team_id="T1", user_id="U1")
        tx.scrub_interview_states(team_id="T1", user_id="U1", placeholder="forgotten")
    assert (gone.answers, gone.scores, gone.interviews) == (2, 1, 1)
    assert _answers(store, interview_id) == [("U2", "U2 edited")]
    with store.transaction() as tx:
        assert [s.user_id for s in tx.scores(team_id="T1")] == ["U2"]
        assert {p.user_id for p in tx.participants(team_id="T1", interview_id=interview_id)} == {
            "U2"
        }
        assert tx.hidden_users(team_id="T1") == set()
        row = tx.get_interview(team_id="T1", interview_id=interview_id)
        assert row is not None and row.host_id == "forgotten"
        u2 = tx.answers(team_id="T1", interview_id=interview_id)[0]
        assert u2.id is not None and len(tx.answer_history(team_id="T1", answer_id=u2.id)) == 1
    assert _answers(store, other.id, team="T2") == [("U1", "other team")]


def test_saving_scores_twice_replaces_them(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    interview_id = _seed(store, make_interview, now)
    with store.transaction() as tx:
        tx.save_scores(
            team_id="T1",
            interview_id=interview_id,
            finished_at=now,
            scores=[NewScore("U1", 75, 3, 5, {}, "again")],
        )
        assert [(s.user_id, s.score) for s in tx.scores(team_id="T1")] == [("U1", 75)]
        assert tx.scores(team_id="T2") == []


def test_retention_purges_only_old_answers(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    interview_id = _seed(store, make_interview, now)
    with store.transaction() as tx:
        tx.add_answer(
            team_id="T1",
            interview_id=interview_id,
            user_id="U3",
            message_ts="2.0",
            phase_id="api",
            text="recent",
            posted_at=now + timedelta(days=40),
        )
        tx.set_team_setting(team_id="T1", now=now, retention_days=30)
        assert [t.team_id for t in tx.teams_with_retention()] == ["T1"]
        assert tx.purge_old_answers(team_id="T1", before=now + timedelta(days=10)) == 3
    assert _answers(store, interview_id) == [("U3", "recent")]


def test_team_setting_defaults_and_updates(store: Store, now: datetime) -> None:
    with store.transaction() as tx:
        assert tx.team_setting(team_id="T1") is None
        tx.set_team_setting(team_id="T1", now=now, timezone="Europe/Berlin")
    with store.transaction() as tx:
        setting = tx.team_setting(team_id="T1")
        assert setting is not None and setting.timezone == "Europe/Berlin"
        assert setting.retention_days is None
