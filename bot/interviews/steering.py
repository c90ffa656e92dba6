"""Steering an interview: next, extend, pause, resume, end, topic."""

from __future__ import annotations

from collections.abc import Callable

from bot.engine import interview as engine
from bot.engine.effects import Step
from bot.engine.state import InterviewState
from bot.interviews.errors import NotAllowed
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
    ) -> Interview:
        """Run a participant's command: next, extend [minutes], pause, resume, end, topic X.

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
            playbook, now = self.playbook(row), self.clock()
            if action == "extend":
                minutes = (
                    whole_number(arg, low=1, high=engine.MAX_EXTEND_MINUTES, what="minutes")
                    if arg
                    else None
                )
                return engine.extend(state, playbook=playbook, now=now, minutes=minutes), row
            if action == "topic":
                return engine.choose_topic(state, playbook=playbook, topic=arg or "", now=now), row
            fn = {
                "next": engine.next_phase,
                "pause": engine.pause,
                "resume": engine.resume,
                "end": engine.end,
            }[action]
            return fn(state, playbook=playbook, now=now), row

        return self._update(team_id=team_id, interview_id=interview_id, run=run)

    def steer(
        self,
        *,
        team_id: str,
        interview_id: int,
        user_id: str,
        action: str,
        arg: str | None,
        is_admin: Callable[[], bool],
    ) -> Interview:
        """:meth:`act` for a chat user: ``is_admin()`` (a workspace API call) is asked only
        when they are neither host nor participant. Raises what :meth:`act` raises."""
        try:
            return self.act(
                team_id=team_id, interview_id=interview_id, user_id=user_id, action=action, arg=arg
            )
        except NotAllowed:
            if not is_admin():
                raise
        return self.act(
            team_id=team_id,
            interview_id=interview_id,
            user_id=user_id,
            action=action,
            arg=arg,
            is_admin=True,
        )
