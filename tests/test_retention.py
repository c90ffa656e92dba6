"""Retention: a team's old answers go, other teams' and recent ones stay."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from bot.interviews.retention import purge
from storage.models import Interview
from storage.repository import Store


def test_daily_purge_respects_each_teams_setting(
    store: Store, make_interview: Callable[..., Interview], now: datetime
) -> None:
    with store.transaction() as tx:
        ids = {}
        for team in ("T1", "T2"):
            row = make_interview(tx, team_id=team)
            assert row.id is not None
            ids[team] = row.id
            for n, age in enumerate((100, 1)):
                tx.add_answer(
                    team_id=team,
                    interview_id=row.id,
                    user_id="U1",
                    message_ts=f"{n}.0",
                    phase_id="api",
                    text=f"{age} days old",
                    posted_at=now - timedelta(days=age),
                )
        tx.set_team_setting(team_id="T1", now=now, retention_days=30)
        tx.remember_event(team_id="T1", event_id="Ev1", now=now - timedelta(days=2))
    assert purge(store, now=now) == 1
    with store.transaction() as tx:
        left = {t: [a.text for a in tx.answers(team_id=t, interview_id=i)] for t, i in ids.items()}
        assert not tx.has_event(team_id="T1", event_id="Ev1")
    assert left == {"T1": ["1 days old"], "T2": ["100 days old", "1 days old"]}
