"""The data-access API: a :class:`Store` hands out :class:`Tx` transactions.

Every method takes keyword arguments only, reads or writes in the caller's transaction, and
(apart from the workers' :meth:`Tx.claim_due`, :meth:`Tx.lease_outbox`, :meth:`Tx.mark_sent_many`,
:meth:`Tx.mark_failed`, :meth:`Tx.prune_events` and the diagnostics) is scoped by
``team_id``. Reads return ``X | None`` and leave "not found" to the caller.

Usage::

    store = Store(make_engine(url))
    with store.transaction() as tx:
        interview = tx.get_interview(team_id=team, interview_id=42)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress

from sqlalchemy import Connection, Engine
from sqlmodel import Session

from storage.answer_edits import AnswerEditMethods
from storage.answer_reads import AnswerReadMethods
from storage.answer_saves import AnswerSavingMethods
from storage.answer_targets import AnswerTargetMethods
from storage.answers import AnswerMethods
from storage.diagnostics import DiagnosticMethods
from storage.drill_batches import DrillBatchMethods
from storage.drill_history import DrillHistoryMethods
from storage.drill_locks import DrillLockMethods
from storage.due_interviews import DueInterviewMethods
from storage.due_schedules import DueScheduleMethods
from storage.events import EventMethods
from storage.forgetting import ForgettingMethods
from storage.interview_batches import InterviewBatchMethods
from storage.interview_threads import InterviewThreadMethods
from storage.interviews import InterviewMethods
from storage.lanes import LaneMethods
from storage.outbox import NewOutboxItem
from storage.outbox_buttons import OutboxButtonMethods
from storage.outbox_leases import OutboxLeaseMethods
from storage.outbox_marks import OutboxMarkMethods
from storage.outbox_queue import OutboxQueueMethods
from storage.pacing import PacingMethods
from storage.participants import ParticipantMethods
from storage.retention import RetentionMethods
from storage.retrospectives_due import RetrospectivesDueMethods
from storage.schedule_runs import ScheduleRunMethods
from storage.schedules import ScheduleMethods
from storage.scores import ScoreMethods
from storage.settings import SettingMethods
from storage.step_saves import StepSavingMethods
from storage.workspace_orgs import WorkspaceOrgMethods
from storage.workspace_tokens import WorkspaceTokenMethods
from storage.workspaces import WorkspaceMethods

__all__ = ["NewOutboxItem", "Store", "Tx"]


class Tx(
    InterviewMethods,
    InterviewThreadMethods,
    DueInterviewMethods,
    RetrospectivesDueMethods,
    StepSavingMethods,
    ParticipantMethods,
    AnswerTargetMethods,
    AnswerMethods,
    AnswerSavingMethods,
    AnswerEditMethods,
    AnswerReadMethods,
    OutboxQueueMethods,
    OutboxLeaseMethods,
    OutboxMarkMethods,
    OutboxButtonMethods,
    LaneMethods,
    EventMethods,
    DiagnosticMethods,
    ScoreMethods,
    SettingMethods,
    ForgettingMethods,
    RetentionMethods,
    ScheduleMethods,
    DueScheduleMethods,
    ScheduleRunMethods,
    DrillBatchMethods,
    InterviewBatchMethods,
    DrillHistoryMethods,
    DrillLockMethods,
    PacingMethods,
    WorkspaceMethods,
    WorkspaceTokenMethods,
    WorkspaceOrgMethods,
):
    """One database transaction. Obtain it from :meth:`Store.transaction`, never directly.

    Model objects it returns stay readable after the transaction ends, but changing them
    does not write anything: use the methods.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._open: Connection | None = None
        self._orm: Session | None = None
        self._after_commit: list[Callable[[], None]] = []

    @property
    def _connection(self) -> Connection:  # type: ignore[override]
        """The connection, taken from the pool and its transaction begun (SQLite: the
        write lock taken) when the first statement needs it."""
        if self._open is None:
            self._open = self._engine.connect()
            self._open.begin()
        return self._open

    @property
    def _session(self) -> Session:  # type: ignore[override]
        """The ORM session, on this transaction's connection, made when a method that reads
        or writes model objects first asks: the busiest paths (thread replies, the tick)
        run Core statements only, and a session's bookkeeping costs more than theirs."""
        if self._orm is None:
            # "rollback_only": the session leaves the commit to Store.transaction.
            self._orm = Session(bind=self._connection, join_transaction_mode="rollback_only")
        return self._orm

    def _end(self, *, commit: bool) -> None:
        """Commit (model objects added or changed written first) or roll back, and give
        the connection back to the pool; a second call does nothing."""
        orm, connection = self._orm, self._open
        self._orm = self._open = None
        try:
            if orm is not None and commit:
                orm.flush()
            if connection is not None and commit:
                connection.commit()
        except BaseException:
            if connection is not None:
                # A commit that failed leaves SQLAlchemy's transaction closed but the
                # database's still open: end it, or the pooled connection's next BEGIN fails.
                with suppress(Exception):  # the original error is the news
                    connection.connection.dbapi_connection.rollback()  # type: ignore[union-attr]
            raise
        finally:
            if orm is not None:
                orm.close()
            if connection is not None:
                connection.close()  # back to the pool, which rolls back what is still open

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once this transaction has committed, never if it rolls back:
        for telling of a change (a log line) only when it really happened, and once even
        when a conflict has the work redone in a new transaction."""
        self._after_commit.append(callback)


class Store:
    """The entry point to storage: built once from an engine, shared by the whole process."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # SQLite lets one transaction in at a time (each takes the write lock at BEGIN), and
        # one that finds the lock taken polls for it, sleeping up to 100 ms between tries.
        # Threads of this process queue on a lock of our own instead and go in as soon as
        # the previous one ends. (Other processes still wait the busy timeout's way.)
        self._one_at_a_time: AbstractContextManager[object] = (
            threading.RLock() if engine.dialect.name == "sqlite" else nullcontext()
        )

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """Yield a :class:`Tx`; commit when the block ends, roll back if it raises.

        Keep transactions short: on SQLite each one holds the database's write lock
        (``BEGIN IMMEDIATE``) until it ends. For the same reason never open a second
        transaction while one is open in the same thread: on SQLite it would wait for the
        first, which cannot end, and fail with "database is locked" after the busy timeout.
        """
        with self._one_at_a_time:
            tx = Tx(self.engine)
            try:
                yield tx
                tx._end(commit=True)
            finally:
                tx._end(commit=False)  # after an error: roll back
        for callback in tx._after_commit:
            callback()
