"""Steering an interview: next, extend, pause, resume, end, topic."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from bot.engine import interview as engine
from bot.engine.effects import Step
from bot.engine.presses import ButtonStep, late_press, pressed
from bot.engine.state import InterviewState
from bot.interviews.errors import LatePress, NotAllowed
from bot.interviews.stepping import StepRunner
from bot.numbers import whole_number
from storage.models import Interview
from storage.repository import Tx

ACTIONS = ("next", "extend", "pause", "resume", "end", "topic")


class Steering(StepRunner):
    def act(
        self,
        *,
        team_id: str,
        interview_id: int,
        user_id: str,
        action: str,
        arg: str | None = None,
        is_admin: bool = False,
        at: ButtonStep | None = None,
        event_id: str = "",
    ) -> Interview:
        """Run a participant's command: next, extend [minutes], pause, resume, end, topic X.

        ``at`` is the step a pressed button belongs to: a press for a step already passed
        raises LatePress and changes nothing. ``event_id`` (a command typed in a thread) is
        remembered with the change, so a redelivered event changes nothing.
        Raises NotAllowed for anyone but the host, a participant or an admin;
        InterviewOver (engine) once finished; TopicNotFound for an unknown topic.
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")

        def run(tx: Tx, row: Interview, state: InterviewState) -> tuple[Step, Interview]:
            allowed = {
                p.user_id for p in tx.participants(team_id=team_id, interview_id=interview_id)
            }
            if user_id != row.host_id and user_id not in allowed and not is_admin:
                raise NotAllowed(user_id)
            if event_id and not tx.remember_event(
                team_id=team_id, event_id=event_id, now=self.clock()
            ):
                return Step(state), row
            if at is None:
                return command(row, state), row
            if (late := late_press(state, self.playbook(row), at)) is not None:
                raise LatePress(late)
            step = command(row, state)
            return Step(pressed(step.state, at), step.effects, step.finished), row

        def command(row: Interview, state: InterviewState) -> Step:
            playbook, now = self.playbook(row), self.clock()
            if action == "extend":
                minutes = (
                    whole_number(arg, low=1, high=engine.MAX_EXTEND_MINUTES, what="minutes")
                    if arg
                    else None
                )
                return engine.extend(state, playbook=playbook, now=now, minutes=minutes)
            if action == "topic":
                return engine.choose_topic(state, playbook=playbook, topic=arg or "", now=now)
            fn = {
                "next": engine.next_phase,
                "pause": engine.pause,
                "resume": engine.resume,
                "end": engine.end,
            }[action]
            return fn(state, playbook=playbook, now=now)

        return self._update(team_id=team_id, interview_id=interview_id, run=run, by=user_id)

    def steer(
        self,
        *,
        team_id: str,
        interview_id: int,
        user_id: str,
        action: str,
        arg: str | None,
        is_admin: Callable[[], bool],
        at: ButtonStep | None = None,
        event_id: str = "",
    ) -> Interview:
        """:meth:`act` for a chat user: ``is_admin()`` (a workspace API call) is asked only
        when they are neither host nor participant. Raises what :meth:`act` raises."""
        act = partial(
            self.act,
            team_id=team_id,
            interview_id=interview_id,
            user_id=user_id,
            action=action,
            arg=arg,
            at=at,
            event_id=event_id,
        )
        try:
            return act()
        except NotAllowed:
            if not is_admin():
                raise
        return act(is_admin=True)
