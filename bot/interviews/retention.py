"""The daily clean-up: answers past a team's retention, old Slack event ids, and the
states of install links never followed (multi-workspace mode)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from storage.repository import Store

logger = logging.getLogger(__name__)
EVENT_MEMORY = timedelta(days=1)  # Slack stops retrying an event after about 5 minutes


def purge(store: Store, *, now: datetime) -> int:
    """Delete answers older than each team's retention (teams without one keep all)."""
    removed = 0
    with store.transaction() as tx:
        teams = tx.teams_with_retention()
    for team in teams:
        assert team.retention_days is not None
        with store.transaction() as tx:
            removed += tx.purge_old_answers(
                team_id=team.team_id, before=now - timedelta(days=team.retention_days)
            )
    with store.transaction() as tx:
        tx.prune_events(before=now - EVENT_MEMORY)
        tx.prune_oauth_states(before=now)
    if removed:
        logger.info("retention: %d old answers deleted", removed)
    return removed


def daily_job(store: Store, clock: Callable[[], datetime]) -> Callable[[], None]:
    def job() -> None:
        purge(store, now=clock())

    return job
