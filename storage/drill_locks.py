"""Team drill locks: two workers firing drills of one team take turns, and workers pick
teams no other worker holds (PostgreSQL advisory locks); data access mixin."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Connection, func, text
from sqlmodel import Session, col, select

from storage.models import Schedule

_LOCK_KEY = "'drill:' || current_schema() || ':' || t"
"""A team's drill lock. Advisory locks belong to the database, not the schema: two schemas
(tests, benchmarks) with teams of one name hold locks of their own."""


class DrillLockMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session
    _connection: Connection

    def lock_teams_drills(self, *, team_ids: Iterable[str]) -> None:
        """Hold the teams' drill rotation until the transaction ends, so two workers firing
        drills of one team take turns and each reads the other's picks (PostgreSQL
        advisory locks, taken in one order; SQLite's write lock already serializes)."""
        if self._connection.dialect.name != "postgresql":
            return
        self._session.execute(
            text(
                "SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtext(" + _LOCK_KEY + ")"
                " AS k FROM unnest(CAST(:teams AS text[])) AS t ORDER BY k) AS keys"
            ),
            {"teams": sorted(set(team_ids))},
        )

    def lock_free_teams(
        self, *, now: datetime, drills: int, exclude_ids: Sequence[int] = ()
    ) -> list[str] | None:
        """Take, without waiting, the drill locks (:meth:`lock_teams_drills`) of teams with
        due schedules that no other worker holds, until those teams have ``drills`` due
        between them; returns the teams. Two workers so fire different teams' drills side
        by side, where batches mixing every team had them take turns on each. Teams are
        tried in a random order, so two workers seldom try the same ones first. None on
        SQLite: its write lock lets one worker in at a time, for every team."""
        if self._session.get_bind().dialect.name != "postgresql":
            return None
        stmt = (
            select(Schedule.team_id, func.count())
            .where(col(Schedule.status) == "active", col(Schedule.next_run_at) <= now)
            .group_by(col(Schedule.team_id))
        )
        if exclude_ids:
            stmt = stmt.where(col(Schedule.id).not_in(list(exclude_ids)))
        due = dict(self._session.exec(stmt).all())
        order = list(due)
        random.shuffle(order)
        locked: list[str] = []
        while order and sum(due[t] for t in locked) < drills:
            wanted, total = [], sum(due[t] for t in locked)
            while order and total < drills:
                wanted.append(order.pop())
                total += due[wanted[-1]]
            got = self._session.execute(
                text(
                    "SELECT t FROM unnest(CAST(:teams AS text[])) AS t"
                    " WHERE pg_try_advisory_xact_lock(hashtext(" + _LOCK_KEY + "))"
                ),
                {"teams": wanted},
            )
            locked += [str(team) for (team,) in got]
        return locked
