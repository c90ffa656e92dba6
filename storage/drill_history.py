"""Which questions each team's scheduled drills asked, oldest first: the rotation's input;
data access mixin."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from storage.models import Interview


def drill_histories(session: Session, *, team_ids: Iterable[str]) -> dict[str, list[str]]:
    """Question ids of each team's scheduled drills, oldest first, in one query."""
    teams = sorted(set(team_ids))
    stmt = (
        select(Interview.team_id, Interview.question_id)
        .where(col(Interview.team_id).in_(teams), col(Interview.source) == "drill")
        .order_by(col(Interview.created_at), col(Interview.id))
    )
    found: dict[str, list[str]] = {team: [] for team in teams}
    for team, question in session.exec(stmt).all():
        found[team].append(question)
    return found


class DrillHistoryMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session

    def drill_histories(self, *, team_ids: Iterable[str]) -> dict[str, list[str]]:
        """Each team's drill question ids, oldest first (the rotation's input)."""
        return drill_histories(self._session, team_ids=team_ids)

    def drill_history(self, *, team_id: str) -> list[str]:
        """Question ids of the team's scheduled drills, oldest first (the rotation's input)."""
        return drill_histories(self._session, team_ids=[team_id])[team_id]
