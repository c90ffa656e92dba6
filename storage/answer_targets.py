"""Finding the interview a reply answers, by its chat thread or by interview id, its row
locked until the answer is saved; data access mixin."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Exists, Table, bindparam, exists
from sqlalchemy import select as core_select
from sqlalchemy.dialects import postgresql

from storage.answers import ANSWER
from storage.due_interviews import DUE_COLUMNS, DueInterview
from storage.interviews import INTERVIEW
from storage.models import Participant, ProcessedEvent


@dataclass(frozen=True, slots=True)
class AnswerTarget:
    """An interview to store an answer in, found by its chat thread or by its id (see
    :meth:`AnswerTargetMethods.reply_thread` and :meth:`AnswerTargetMethods.answer_target`)."""

    interview: DueInterview
    stored: bool
    """Whether the reply's message is already one of its answers."""
    participant: bool
    """Whether the reply's author already takes part."""


class AnswerTargetMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _connection: Connection
    remember_event: Callable[..., bool]  # storage.events

    def reply_thread(
        self, *, team_id: str, channel_id: str, thread_ts: str, message_ts: str, user_id: str
    ) -> AnswerTarget | None:
        """The interview whose thread this is (how a chat reply finds its interview), with
        whether message ``message_ts`` is already one of its answers and ``user_id`` already
        takes part; None if the thread is no interview's. The interview's row stays locked
        until the transaction ends (PostgreSQL). Then :meth:`save_answer` stores the answer."""
        where = dict(team_id=team_id, channel_id=channel_id, thread_ts=thread_ts)
        params = {**where, "ts": message_ts, "user_id": user_id}
        return _target(self._connection.execute(_REPLY_THREAD, params).first())

    def reply_target(
        self,
        *,
        team_id: str,
        channel_id: str,
        thread_ts: str,
        message_ts: str,
        user_id: str,
        event_id: str,
        now: datetime,
    ) -> AnswerTarget | None:
        """:meth:`remember_event` (unless ``event_id``, the transport's delivery id, is
        empty), then :meth:`reply_thread`; None also for an event seen before. On PostgreSQL
        both in one statement: this runs for every thread reply."""
        where = dict(team_id=team_id, channel_id=channel_id, thread_ts=thread_ts)
        connection = self._connection
        if not event_id or connection.dialect.name != "postgresql":
            if event_id and not self.remember_event(team_id=team_id, event_id=event_id, now=now):
                return None
            return self.reply_thread(**where, message_ts=message_ts, user_id=user_id)
        params = {**where, "ts": message_ts, "user_id": user_id, "event_id": event_id}
        row = connection.execute(_REPLY_THREAD_NEW_EVENT, {**params, "received_at": now}).first()
        return _target(row[:-1]) if row is not None and row[-1] else None

    def answer_target(
        self, *, team_id: str, interview_id: int, message_ts: str, user_id: str
    ) -> AnswerTarget | None:
        """:meth:`reply_thread` for an interview known by its id (the terminal's, which
        has no chat thread); None if the team has no such interview."""
        params = dict(team_id=team_id, interview_id=interview_id, ts=message_ts, user_id=user_id)
        return _target(self._connection.execute(_BY_ID, params).first())


def _target(row: Sequence[Any] | None) -> AnswerTarget | None:
    if row is None:
        return None
    values = tuple(row)
    return AnswerTarget(DueInterview(*values[:-2]), bool(values[-2]), bool(values[-1]))


_PARTICIPANT: Table = Participant.__table__  # type: ignore[attr-defined]
_EVENT: Table = ProcessedEvent.__table__  # type: ignore[attr-defined]


def _has(table: Table, column: str, bind: str) -> Exists:
    """Whether the interview has a row of ``table`` whose ``column`` is ``bind``."""
    return exists().where(
        table.c.interview_id == INTERVIEW.c.id,
        table.c.team_id == INTERVIEW.c.team_id,
        table.c[column] == bindparam(bind),
    )


_ANSWER_TARGET = core_select(
    *DUE_COLUMNS, _has(ANSWER, "message_ts", "ts"), _has(_PARTICIPANT, "user_id", "user_id")
).with_for_update(of=INTERVIEW)
"""Holds the interview's row (PostgreSQL) until the answer and the new state are saved:
several people replying at once take turns instead of failing each other's save. SQLite
drops ``FOR UPDATE``: there the transaction's ``BEGIN IMMEDIATE`` already serializes."""
_REPLY_THREAD = _ANSWER_TARGET.where(
    INTERVIEW.c.team_id == bindparam("team_id"),
    INTERVIEW.c.channel_id == bindparam("channel_id"),
    INTERVIEW.c.thread_ts == bindparam("thread_ts"),
)
_BY_ID = _ANSWER_TARGET.where(
    INTERVIEW.c.team_id == bindparam("team_id"),
    INTERVIEW.c.id == bindparam("interview_id"),
)
_NEW_EVENT = (
    postgresql.insert(_EVENT)
    .values(
        event_id=bindparam("event_id"),
        team_id=bindparam("team_id"),
        received_at=bindparam("received_at", type_=_EVENT.c.received_at.type),
    )
    .on_conflict_do_nothing(index_elements=["event_id"])
    .returning(_EVENT.c.event_id)
    .cte("new_event")
)
_REPLY_THREAD_NEW_EVENT = _REPLY_THREAD.add_columns(exists(_NEW_EVENT.select()))
""":data:`_REPLY_THREAD` and, in the same statement, the event remembered (PostgreSQL runs
a data-modifying WITH once, whatever the rest reads); its last column says whether the
event is new. A redelivery racing the first delivery waits for its commit, then finds the
event not new."""
