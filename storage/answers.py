"""Participants and storing their answers, found by chat thread or interview id.

Edits and deletions are in :mod:`storage.answer_edits`, reading back in
:mod:`storage.answer_reads`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ScalarSelect, Select, Table, bindparam, func
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from storage._sql import insert_ignoring_duplicates, prebuilt_insert, require_interview
from storage.bulk import insert_values
from storage.errors import StorageError
from storage.interviews import DUE_COLUMNS, INTERVIEW, DueInterview
from storage.models import Answer, Participant

ANSWER: Table = Answer.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class AnswerTarget:
    """An interview to store answers in, found by its chat thread or by its id (see
    :meth:`AnswerMethods.reply_thread` and :meth:`AnswerMethods.answer_target`)."""

    interview: DueInterview
    stored: frozenset[str]
    """Which of the replies' message ts it already has as answers."""
    participants: frozenset[str]
    """Which of the replies' authors already take part."""


@dataclass(frozen=True, slots=True)
class NewAnswer:
    """An answer to store with :meth:`AnswerMethods.add_answers`."""

    user_id: str
    message_ts: str
    phase_id: str
    text: str
    posted_at: datetime


class AnswerMethods:
    """Participant and answer data access; mixed into :class:`storage.repository.Tx`."""

    _session: Session

    def add_participant(
        self, *, team_id: str, interview_id: int, user_id: str, now: datetime
    ) -> bool:
        """Record that ``user_id`` takes part; True if they were not a participant yet.

        Raises :class:`storage.errors.InterviewNotFound` if the interview is not in the team.
        """
        require_interview(self._session, team_id=team_id, interview_id=interview_id)
        row = {
            "team_id": team_id,
            "interview_id": interview_id,
            "user_id": user_id,
            "joined_at": now,
        }
        stmt = insert_ignoring_duplicates(
            self._session, Participant, row, unique=("team_id", "interview_id", "user_id")
        )
        return self._session.exec(stmt).rowcount == 1

    def participants(self, *, team_id: str, interview_id: int) -> list[Participant]:
        """The interview's participants in the order they joined."""
        stmt = (
            select(Participant)
            .where(
                col(Participant.team_id) == team_id,
                col(Participant.interview_id) == interview_id,
            )
            .order_by(col(Participant.joined_at), col(Participant.id))
        )
        return list(self._session.exec(stmt).all())

    def add_answer(
        self,
        *,
        team_id: str,
        interview_id: int,
        user_id: str,
        message_ts: str,
        phase_id: str,
        text: str,
        posted_at: datetime,
    ) -> Answer | None:
        """Store an answer; ``None`` if this message was already stored (a redelivery).

        Raises :class:`storage.errors.InterviewNotFound` if the interview is not in the team.
        """
        require_interview(self._session, team_id=team_id, interview_id=interview_id)
        row = {
            "team_id": team_id,
            "interview_id": interview_id,
            "user_id": user_id,
            "message_ts": message_ts,
            "phase_id": phase_id,
            "text": text,
            "posted_at": posted_at,
        }
        stmt = insert_ignoring_duplicates(
            self._session, Answer, row, unique=("team_id", "interview_id", "message_ts")
        ).returning(Answer)
        inserted: Answer | None = self._session.exec(stmt).scalars().one_or_none()
        return inserted

    def reply_thread(
        self,
        *,
        team_id: str,
        channel_id: str,
        thread_ts: str,
        message_ts: Sequence[str],
        user_ids: Sequence[str],
    ) -> AnswerTarget | None:
        """The interview whose thread this is (how a chat reply finds its interview), with
        which of the messages ``message_ts`` it already has as answers and which of
        ``user_ids`` already take part, in one query; None if the thread is no interview's.
        The interview's row stays locked until the transaction ends (PostgreSQL). Then
        :meth:`add_answers` stores the new ones."""
        where = {"team_id": team_id, "channel_id": channel_id, "thread_ts": thread_ts}
        return self._answer_target(_REPLY_THREAD, where, message_ts, user_ids)

    def answer_target(
        self,
        *,
        team_id: str,
        interview_id: int,
        message_ts: Sequence[str],
        user_ids: Sequence[str],
    ) -> AnswerTarget | None:
        """:meth:`reply_thread` for an interview known by its id (the terminal's, which
        has no chat thread); None if the team has no such interview."""
        where = {"team_id": team_id, "interview_id": interview_id}
        return self._answer_target(_BY_ID, where, message_ts, user_ids)

    def _answer_target(
        self,
        query: Select[Any],
        where: dict[str, Any],
        message_ts: Sequence[str],
        user_ids: Sequence[str],
    ) -> AnswerTarget | None:
        params = {**where, "ts": list(message_ts), "users": list(user_ids)}
        row = self._session.connection().execute(query, params).first()
        if row is None:
            return None
        values: tuple[Any, ...] = tuple(row)
        interview = DueInterview(*values[:-2])
        return AnswerTarget(interview, _split(values[-2]), _split(values[-1]))

    def add_answers(
        self, *, thread: AnswerTarget, answers: Sequence[NewAnswer], now: datetime
    ) -> set[str]:
        """Store replies in ``thread``'s interview and make their authors participants
        (joined at ``now``, if not already in), in one or two statements. Returns the
        message ts of the answers stored now; a message already stored (a redelivery, or
        twice in ``answers``) is left out.

        ``thread`` comes from :meth:`reply_thread` in the same transaction: that read found
        the interview in its team, the messages it already has and who already takes part
        (known authors cost no INSERT). On SQLite that is exact, as the transaction holds
        the write lock from its ``BEGIN IMMEDIATE``. On PostgreSQL another transaction may
        store the same message meanwhile, so the INSERT returns what it stored (and ON
        CONFLICT skips a participant who joined meanwhile). This is the busiest write path
        (every answer of every drill): Core rows, no :class:`Answer` objects, one multi-row
        INSERT per table.
        """
        interview = thread.interview
        new: dict[str, NewAnswer] = {}
        for a in answers:
            if a.message_ts not in thread.stored and a.message_ts not in new:
                new[a.message_ts] = a
        if not new:
            return set()
        connection = self._session.connection()
        sqlite = connection.dialect.name == "sqlite"
        rows = [
            {
                "team_id": interview.team_id,
                "interview_id": interview.id,
                "user_id": a.user_id,
                "message_ts": a.message_ts,
                "phase_id": a.phase_id,
                "text": a.text,
                "posted_at": a.posted_at,
            }
            for a in new.values()
        ]
        result = insert_values(
            connection,
            prebuilt_insert(
                self._session,
                Answer,
                unique=("team_id", "interview_id", "message_ts"),
                returning=None if sqlite else "message_ts",
            ),
            rows,
        )
        if not sqlite:
            added = set(result.scalars())
        elif result.rowcount == len(rows):
            added = set(new)
        else:  # cannot happen under the write lock, unless ``thread`` is from another tx
            raise StorageError(f"answers of interview {interview.id} changed meanwhile")
        authors = dict.fromkeys(
            new[ts].user_id
            for ts in new
            if ts in added and new[ts].user_id not in thread.participants
        )
        if authors:
            people = [
                {
                    "team_id": interview.team_id,
                    "interview_id": interview.id,
                    "user_id": user,
                    "joined_at": now,
                }
                for user in authors
            ]
            participants = prebuilt_insert(
                self._session, Participant, unique=("team_id", "interview_id", "user_id")
            )
            insert_values(connection, participants, people)
        return added


_PARTICIPANT: Table = Participant.__table__  # type: ignore[attr-defined]
_SEPARATOR = "\x1f"  # ASCII unit separator: in no Slack ts or user id


def _listed(table: Table, column: str, bind: str) -> ScalarSelect[str | None]:
    """Which of the values ``bind`` the interview's rows of ``table`` have in ``column``,
    as one string (so the interview's query stays one row whatever the matches)."""
    return (
        core_select(func.aggregate_strings(table.c[column], _SEPARATOR))
        .where(
            table.c.interview_id == INTERVIEW.c.id,
            table.c.team_id == INTERVIEW.c.team_id,
            table.c[column].in_(bindparam(bind, expanding=True)),
        )
        .scalar_subquery()
    )


def _split(listed: str | None) -> frozenset[str]:
    return frozenset(listed.split(_SEPARATOR)) if listed else frozenset()


_ANSWER_TARGET = core_select(
    *DUE_COLUMNS,
    _listed(ANSWER, "message_ts", "ts"),
    _listed(_PARTICIPANT, "user_id", "users"),
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
