"""Answers: stored with the phase they were written for, then the engine stepped.

A reply sent just after its phase closed on time still counts for it (marked late by its
time); text sent while the interview is paused is not stored, and its author is told so. A
check-in ("should I go deeper?") is stored like any answer and answered from the interview's
answers so far. Each is one short transaction with the new state; a crash leaves all or
nothing. Thread replies (Slack) come through :mod:`bot.interviews.replies`; the terminal's
answers, known by their interview id, through :meth:`Answers.record_answer`.
"""

from __future__ import annotations

from datetime import datetime

from bot.engine import interview as engine
from bot.engine.effects import Step
from bot.engine.own_topic import topic_suggestion
from bot.engine.retrospective import AnswerView
from bot.engine.state import InterviewState, Status
from bot.interviews.closing import Moved, queue_closings
from bot.interviews.errors import InterviewNotFound
from bot.interviews.saving import steps_to_save
from bot.interviews.stepping import StepRunner
from storage.answer_targets import AnswerTarget
from storage.answers import NewAnswer
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
        typed_at: datetime | None = None,
    ) -> bool:
        """Store an answer sent at ``at`` (the terminal's way: the interview known by its id,
        no chat thread), for the phase open at ``typed_at`` when the adapter knows when its
        first line was typed; False if it was a duplicate, the interview is paused or over.
        The same storing and stepping as :meth:`Replies.record_reply`.

        Raises :class:`InterviewNotFound` if the team has no such interview."""

        def work(tx: Tx) -> bool:
            target = tx.answer_target(
                team_id=team_id,
                interview_id=interview_id,
                message_ts=message_ts,
                user_id=user_id,
            )
            if target is None:
                raise InterviewNotFound(interview_id, team_id=team_id)
            return self._store_answer(
                tx,
                target,
                user_id=user_id,
                message_ts=message_ts,
                text=text,
                at=at,
                typed_at=typed_at,
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
        typed_at: datetime | None = None,
    ) -> bool:
        """Store one answer in ``target``'s interview (its author becomes a participant),
        tagged with the phase it was written for, and step the engine; False when the
        message is already stored, the interview is paused (its author is told) or over."""
        row = target.interview
        state = InterviewState.from_dict(row.state)
        if state.status is Status.FINISHED or target.stored:
            return False
        now = self.clock()
        playbook = self.playbook(row)
        if not engine.accepts_answers(state):
            step = engine.heard_while_paused(state, playbook=playbook, author=user_id, now=now)
            if step.effects:
                self._save(tx, row, step, now)
            return False
        phase = engine.answer_phase(state, playbook=playbook, at=at, typed_at=typed_at)
        answer = NewAnswer(user_id, message_ts, phase.phase_id, text, at)
        answers: list[AnswerView] = []
        if engine.checkin_in(text, playbook.conversation) is not None:
            rows = tx.answers_of([(row.team_id, row.id)]).get(row.id, [])
            # The answers so far, this one included (it is stored with the step, below).
            answers = [AnswerView(*a) for a in rows] + [
                AnswerView(user_id, phase.phase_id, text, at)
            ]
        step = engine.record_answer(
            state, playbook=playbook, author=user_id, text=text, at=at, now=now, answers=answers
        )
        topic = topic_suggestion(step.state, playbook=playbook, text=text)
        if topic is not None:
            chosen = engine.choose_topic(step.state, playbook=playbook, topic=topic, now=now)
            step = Step(chosen.state, step.effects + chosen.effects)
        # The answer goes in with the new state (in one statement on PostgreSQL). An answer
        # never finishes an interview (time, a command or a button does), so no retrospective,
        # which reads the stored answers, is written before it.
        assert not step.finished
        (saved,) = steps_to_save(tx, [(row, playbook, step)], now)
        tx.save_answer(target=target, answer=answer, step=saved, now=now)
        queue_closings(tx, [Moved(row, playbook, state, step.state)], now=now)
        return True
