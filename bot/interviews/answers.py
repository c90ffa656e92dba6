"""Answers: stored with the phase open when they were sent, then the engine stepped.

Each is one short transaction with the new state; a crash leaves all or nothing. Thread
replies (Slack) come through :mod:`bot.interviews.replies`; the terminal's answers, known
by their interview id, through :meth:`Answers.record_answer`.
"""

from __future__ import annotations

from datetime import datetime

from bot.engine import interview as engine
from bot.engine.effects import Step
from bot.engine.own_topic import topic_suggestion
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
        interview is over. The same storing and stepping as :meth:`Replies.record_reply`.

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
        topic = topic_suggestion(step.state, playbook=playbook, text=text)
        if topic is not None:
            chosen = engine.choose_topic(step.state, playbook=playbook, topic=topic, now=now)
            step = Step(chosen.state, step.effects + chosen.effects)
        self._save(tx, target.interview, step, now)
        return True
