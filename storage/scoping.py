"""Team scoping of child rows: one is written only under an interview of its own team."""

from __future__ import annotations

from sqlalchemy import Connection, bindparam
from sqlalchemy import select as core_select

from storage.errors import InterviewNotFound
from storage.models import Interview


def require_interview(connection: Connection, *, team_id: str, interview_id: int) -> None:
    """Raise :class:`InterviewNotFound` unless the interview exists in ``team_id``.

    Child rows carry their own ``team_id``; checking the parent first stops a caller from
    attaching rows to another team's interview.
    """
    # Core and prebuilt: it runs before every child row written, answers included. (No
    # autoflush: interviews are flushed as they are created.)
    params = {"interview_id": interview_id, "team_id": team_id}
    found = connection.execute(_INTERVIEW_IN_TEAM, params).first()
    if found is None:
        raise InterviewNotFound(interview_id, team_id=team_id)


_TABLE = Interview.__table__  # type: ignore[attr-defined]
_INTERVIEW_IN_TEAM = core_select(_TABLE.c.id).where(
    _TABLE.c.id == bindparam("interview_id"), _TABLE.c.team_id == bindparam("team_id")
)
