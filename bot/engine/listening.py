"""What the interviewer does with what it hears: an answer noted (its author's silence
clock restarts), a check-in answered, early scaling coached, text sent while paused turned
away. Re-exported by :mod:`bot.engine.interview`, the engine's public surface."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.engine.checkin_replies import checkin_reply
from bot.engine.checkins import checkin_in
from bot.engine.effects import Button, Kind, Step
from bot.engine.out import Out, who
from bot.engine.phase_of_message import phase_index_at
from bot.engine.playbook import Playbook
from bot.engine.score_types import AnswerView
from bot.engine.state import InterviewState, Status
from bot.engine.words import affirms_any


def accepts_answers(state: InterviewState) -> bool:
    """Whether a message sent now is an answer: not while paused (the clock is stopped and
    nobody is listening), not once the interview is over."""
    return state.status is Status.RUNNING


def heard_while_paused(
    state: InterviewState, *, playbook: Playbook, author: str, now: datetime
) -> Step:
    """Someone wrote while the interview is paused: tell them, once per pause, that it was
    not kept and how to go on (the Resume button; adapters render it their way)."""
    if state.status is not Status.PAUSED or state.paused_at is None:
        return Step(state)
    key = f"paused:{state.paused_at.isoformat()}:{author}"
    if key in state.pivots_done:
        return Step(state)
    out = Out(state.evolve(pivots_done=(*state.pivots_done, key)), playbook)
    text = out.line(playbook.conversation.paused_reply, key, user=who(author))
    out.say(Kind.INFO, text, (Button("resume", "Resume"),))
    return out.step()


def record_answer(
    state: InterviewState,
    *,
    playbook: Playbook,
    author: str,
    text: str,
    at: datetime,
    now: datetime | None = None,
    answers: Sequence[AnswerView] = (),
) -> Step:
    """Note that ``author`` answered at ``at``; answer a check-in in it; may coach a
    participant who scales before the design works end to end.

    Answers themselves are stored by the caller, tagged with :func:`answer_phase`.
    ``answers`` (the interview's answers so far, this one included) are needed only when
    the text is a check-in (:func:`checkin_in`): the reply says what is still uncovered.
    """
    if state.status is Status.FINISHED:
        return Step(state)
    now = now or at
    last = state.last_spoke.get(author)
    spoke = dict(state.last_spoke)
    spoke[author] = at if last is None else max(last, at)
    out = Out(state.evolve(last_spoke=spoke), playbook)
    flow = playbook.index_of("end_to_end")
    key = f"scaling:{author}"
    early = flow is not None and phase_index_at(state, at) < flow
    if early and key not in state.pivots_done and affirms_any(text, playbook.rubric.scaling_terms):
        out.state = out.state.evolve(pivots_done=(*out.state.pivots_done, key), spoke_at=now)
        out.say(Kind.PIVOT, out.line(playbook.lines.pivot_scaling_early, key, user=who(author)))
    checkin = checkin_in(text, playbook.conversation) if state.status is Status.RUNNING else None
    if checkin is not None:
        reply, asks = checkin_reply(
            out.state,
            playbook=playbook,
            checkin=checkin,
            user=who(author),
            answers=answers,
            now=now,
            key=f"checkin:{out.state.seq}",
        )
        out.say(Kind.CHECKIN, reply)
        out.state = out.state.evolve(spoke_at=now, asked_at=now if asks else out.state.asked_at)
    return out.step()
