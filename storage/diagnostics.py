"""Whole-database counts and listings for health checks, operators and tests.

Like the workers' methods these serve every team unless ``team_id`` narrows them; they
are not for request paths (``all_outbox`` is unbounded).
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.models import Interview, OutboxItem


class DiagnosticMethods:
    """Diagnostics; mixed into :class:`storage.repository.Tx`."""

    _session: Session

    def count_live(self, *, team_id: str | None = None) -> int:
        """How many interviews are not finished (running or paused)."""
        stmt = (
            select(func.count()).select_from(Interview).where(col(Interview.status) != "finished")
        )
        if team_id is not None:
            stmt = stmt.where(col(Interview.team_id) == team_id)
        return self._session.exec(stmt).one()

    def count_unsent(self, *, team_id: str | None = None) -> int:
        """How many outbox items are not delivered yet (due or waiting for a retry)."""
        stmt = select(func.count()).select_from(OutboxItem).where(col(OutboxItem.sent_at).is_(None))
        if team_id is not None:
            stmt = stmt.where(col(OutboxItem.team_id) == team_id)
        return self._session.exec(stmt).one()

    def all_outbox(self, *, team_id: str | None = None) -> list[OutboxItem]:
        """Every outbox item, delivered or not, in id order."""
        stmt = select(OutboxItem).order_by(col(OutboxItem.id))
        if team_id is not None:
            stmt = stmt.where(col(OutboxItem.team_id) == team_id)
        return list(self._session.exec(stmt).all())
