"""Answers: a person's thread reply (Slack) or typed answer (terminal), an edit, a deletion.

Each is one short transaction: the transport's event id remembered, the answer stored with
the phase open when it was sent, the engine stepped and the new state saved. A crash leaves
all or nothing, and the transport's redelivery then redoes it.
"""

from __future__ import annotations

from datetime import datetime

from bot.engine import interview as engine
from bot.engine.state import InterviewState, Status
from bot.interviews.errors import InterviewNotFound
from bot.interviews.stepping import StepRunner
from storage.answers import AnswerTarget, NewAnswer
from storage.repository import Tx


class Answers(StepRunner):
    def record_answer(
        self,
        *,
        team_id: str,
        interview_id: int,
        user_id: str,
        message_ts: str,
        text: str,
        at: datetime,
    ) -> bool:
        """Store an answer tagged with the phase open at ``at`` (the terminal's way: the
        interview known by its id, no chat thread); False if it was a duplicate or the
        interview is over. The same storing and stepping as :meth:`record_reply`.

        Raises :class:`InterviewNotFound` if the team has no such interview."""

        def work(tx: Tx) -> bool:
            target = tx.answer_target(
                team_id=team_id,
                interview_id=interview_id,
                message_ts=[message_ts],
                user_ids=[user_id],
            )
            if target is None:
                raise InterviewNotFound(interview_id, team_id=team_id)
            return self._store_answer(
                tx, target, user_id=user_id, message_ts=message_ts, text=text, at=at
            )

        return self._retrying(work)

    def record_reply(
        self,
        *,
        team_id: str,
        channel_id: str,
        thread_ts: str,
        user_id: str,
        message_ts: str,
        text: str,
        at: datetime,
        event_id: str,
    ) -> bool:
        """A reply in a chat thread, stored as an answer of the thread's interview.

        ``event_id`` is the transport's delivery id (Slack's ``event_id``; empty if it has
        none): a redelivery with the same id changes nothing. Returns whether the reply was
        stored as a new answer: False when it was a duplicate (its event id or its message
        seen before), not in an interview's thread, or the interview is over. If another
        process saves the interview first (a version conflict), it is rolled back and redone.
        """

        def work(tx: Tx) -> bool:
            now = self.clock()
            if event_id and not tx.remember_event(team_id=team_id, event_id=event_id, now=now):
                return False
            target = tx.reply_thread(
                team_id=team_id,
                channel_id=channel_id,
                thread_ts=thread_ts,
                message_ts=[message_ts],
                user_ids=[user_id],
            )
            if target is None:
                return False
            return self._store_answer(
                tx, target, user_id=user_id, message_ts=message_ts, text=text, at=at
            )

        return self._retrying(work)

    def _store_answer(
        self,
        tx: Tx,
        target: AnswerTarget,
        *,
        user_id: str,
        message_ts: str,
        text: str,
        at: datetime,
    ) -> bool:
        """Store one answer in ``target``'s interview (its author becomes a participant),
        tagged with the phase open at ``at``, and step the engine; False when the message
        is already stored or the interview is over."""
        state = InterviewState.from_dict(target.interview.state)
        if state.status is Status.FINISHED:
            return False
        now = self.clock()
        playbook = self.playbook(target.interview)
        phase_id = engine.phase_in_force(state, playbook=playbook, at=at)
        answer = NewAnswer(user_id, message_ts, phase_id, text, at)
        if not tx.add_answers(thread=target, answers=[answer], now=now):
            return False
        step = engine.record_answer(state, playbook=playbook, author=user_id, text=text, at=at)
        self._save(tx, target.interview, step, now)
        return True

    def change_reply(
        self,
        *,
        team_id: str,
        channel_id: str,
        thread_ts: str,
        message_ts: str,
        text: str | None,
        event_id: str,
    ) -> bool:
        """An edited (``text``) or deleted (``text`` None) reply, in one transaction with
        its event id; True when an answer changed."""
        with self.store.transaction() as tx:
            now = self.clock()
            if event_id and not tx.remember_event(team_id=team_id, event_id=event_id, now=now):
                return False
            row = tx.find_interview(team_id=team_id, channel_id=channel_id, thread_ts=thread_ts)
            if row is None or row.id is None:
                return False
            if text is None:
                return tx.delete_answer(
                    team_id=team_id, interview_id=row.id, message_ts=message_ts, deleted_at=now
                )
            edited = tx.edit_answer(
                team_id=team_id,
                interview_id=row.id,
                message_ts=message_ts,
                text=text,
                edited_at=now,
            )
            return edited is not None
