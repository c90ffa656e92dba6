"""Many interviews opened in one transaction, a few statements for all of them: their rows,
first participants and first messages (a burst of scheduled drills); data access mixin."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from storage._sql import insert_ignoring_duplicates
from storage.models import Interview, Participant
from storage.outbox import insert_outbox_rows

_INTERVIEW = Interview.__table__  # type: ignore[attr-defined]


class InterviewBatchMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _connection: Connection

    def create_interviews(self, *, rows: Sequence[dict[str, Any]]) -> list[int]:
        """Insert interviews at version 1, each row holding the keyword arguments of
        :meth:`create_interview`; their ids in the rows' order."""
        if not rows:
            return []
        values = [
            {k: v for k, v in row.items() if k != "now"}
            | {"version": 1, "created_at": row["now"], "updated_at": row["now"]}
            for row in rows
        ]
        stmt = _INTERVIEW.insert().returning(_INTERVIEW.c.id, sort_by_parameter_order=True)
        result = self._connection.execute(stmt, values)
        ids: list[int] = list(result.scalars().all())
        return ids

    def add_new_participants(self, *, rows: Sequence[dict[str, Any]]) -> None:
        """The first participant of interviews this transaction created (team_id,
        interview_id, user_id, joined_at), so there is no parent to check for each."""
        if rows:
            stmt = insert_ignoring_duplicates(
                self._connection,
                Participant,
                None,
                unique=("team_id", "interview_id", "user_id"),
                core=True,
            )
            self._connection.execute(stmt, list(rows))

    def enqueue_for_new(self, *, rows: list[dict[str, Any]]) -> None:
        """Outbox rows (:func:`storage.outbox.outbox_rows`) of interviews this transaction
        created, any number of them, in list order."""
        insert_outbox_rows(self._connection, rows)
