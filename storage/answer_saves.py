"""An answer stored with its interview's new state: the write of every thread reply.

The answer, its author as a participant (when new) and the engine's step go in together.
On PostgreSQL that is one statement, the step's messages (when it has any) a second: each
statement is a round trip and costs the app more CPU than the database. SQLite runs in the
process, so there they are the usual statements.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Connection, Table, bindparam, exists
from sqlalchemy import select as core_select
from sqlalchemy.dialects import postgresql
from sqlmodel import Session

from storage._sql import prebuilt_insert
from storage.answer_targets import AnswerTarget
from storage.answers import ANSWER, NewAnswer
from storage.errors import StaleInterview
from storage.interviews import INTERVIEW
from storage.models import Answer, Participant
from storage.outbox import insert_outbox_rows
from storage.step_rows import SAVE_STEP, StepToSave, step_outbox_rows, step_params


class AnswerSavingMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session
    _connection: Connection

    def save_answer(
        self, *, target: AnswerTarget, answer: NewAnswer, step: StepToSave, now: datetime
    ) -> None:
        """Store ``answer`` in ``target``'s interview (from :meth:`reply_thread` or
        :meth:`answer_target` in this transaction; its author joins at ``now`` unless they
        take part already) and save ``step``, the interview's new state, as
        :meth:`save_steps` does.

        Raises :class:`storage.errors.StaleInterview`, and the caller must roll back, when
        the row is no longer at the step's version or another transaction stored the same
        message since ``target`` was read (PostgreSQL: a read's subqueries see the data as
        it was before its row lock was granted); redone, the work finds the answer stored.
        """
        interview = target.interview
        row = {
            "team_id": interview.team_id,
            "interview_id": interview.id,
            "user_id": answer.user_id,
            "message_ts": answer.message_ts,
            "phase_id": answer.phase_id,
            "text": answer.text,
            "posted_at": answer.posted_at,
        }
        stale = StaleInterview(interview.id, expected_version=step.expected_version)
        connection = self._connection
        if connection.dialect.name != "postgresql":
            insert = prebuilt_insert(self._connection, Answer, unique=_ANSWER_KEY)
            if connection.execute(insert, row).rowcount != 1:
                raise stale
            if not target.participant:
                joins = prebuilt_insert(self._connection, Participant, unique=_PARTICIPANT_KEY)
                keys = ("team_id", "interview_id", "user_id")
                connection.execute(joins, {**{k: row[k] for k in keys}, "joined_at": now})
            self.save_steps(steps=[step], now=now)  # type: ignore[attr-defined]
            return
        params = step_params(step, now) | {"joins": not target.participant, "joined_at": now}
        params |= {f"answer_{name}": value for name, value in row.items()}
        stored, saved = connection.execute(_SAVE_ANSWER, params).one()
        if not (stored and saved):
            raise stale
        insert_outbox_rows(self._connection, step_outbox_rows(step, now))


_ANSWER_KEY = ("team_id", "interview_id", "message_ts")
_PARTICIPANT_KEY = ("team_id", "interview_id", "user_id")
_PARTICIPANT: Table = Participant.__table__  # type: ignore[attr-defined]

_NEW_ANSWER = (
    postgresql.insert(ANSWER)
    .values(
        {
            name: bindparam(f"answer_{name}", type_=ANSWER.c[name].type)
            for name in (*_ANSWER_KEY, "user_id", "phase_id", "text", "posted_at")
        }
    )
    .on_conflict_do_nothing(index_elements=_ANSWER_KEY)
    .returning(*(ANSWER.c[name] for name in _PARTICIPANT_KEY))
    .cte("new_answer")
)
_JOINED = (
    postgresql.insert(_PARTICIPANT)
    .from_select(
        [*_PARTICIPANT_KEY, "joined_at"],
        core_select(
            *(_NEW_ANSWER.c[name] for name in _PARTICIPANT_KEY),
            bindparam("joined_at", type_=_PARTICIPANT.c.joined_at.type),
        ).where(bindparam("joins", type_=Boolean)),
    )
    .on_conflict_do_nothing(index_elements=_PARTICIPANT_KEY)
    .cte("joined")
)
_SAVED = SAVE_STEP.where(exists(_NEW_ANSWER.select())).returning(INTERVIEW.c.id).cte("saved")
_SAVE_ANSWER = core_select(exists(_NEW_ANSWER.select()), exists(_SAVED.select())).add_cte(_JOINED)
"""The answer, the participant (only with a new answer, and ``joins``) and the step (only
with a new answer, and at its version), in one statement; it says whether the answer was
new and whether the step was saved."""
