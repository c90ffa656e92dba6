"""Steering an interview: next, extend, pause, resume, end, topic; and abandoning one."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.engine import interview as engine
from bot.engine.effects import Step
from bot.engine.state import InterviewState, Status
from bot.interviews.errors import NoLiveInterview, NotAllowed
from bot.interviews.log_lines import told
from bot.interviews.stepping import StepRunner
from storage.models import Interview
from storage.repository import Tx

ACTIONS = ("next", "extend", "pause", "resume", "end", "topic")
LIVE = ("running", "paused")


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
                minutes = int(arg) if arg else None
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

    def steer_in_channel(
        self,
        *,
        team_id: str,
        channel_id: str,
        user_id: str,
        action: str,
        arg: str | None,
        is_admin: Callable[[], bool],
    ) -> Interview:
        """:meth:`steer` the channel's :meth:`current_interview`; raises NoLiveInterview
        when there is none."""
        row = self.current_interview(team_id=team_id, channel_id=channel_id, user_id=user_id)
        if row is None or row.id is None:
            raise NoLiveInterview(channel_id)
        return self.steer(
            team_id=team_id,
            interview_id=row.id,
            user_id=user_id,
            action=action,
            arg=arg,
            is_admin=is_admin,
        )

    def current_interview(self, *, team_id: str, channel_id: str, user_id: str) -> Interview | None:
        """The live interview a command typed in a channel is about.

        Slash commands cannot be sent from a thread, so a channel with several interviews
        resolves to the newest one the person hosts or takes part in, else the newest.
        """
        with self.store.transaction() as tx:
            mine = tx.list_interviews(
                team_id=team_id, channel_id=channel_id, statuses=LIVE, member_id=user_id, limit=1
            )
            if mine:
                return mine[0]
            newest = tx.list_interviews(
                team_id=team_id, channel_id=channel_id, statuses=LIVE, limit=1
            )
            return newest[0] if newest else None

    def abandon(
        self, *, team_id: str, interview_id: int, reason: str, tx: Tx | None = None
    ) -> Interview | None:
        """Stop an interview whose thread can no longer be reached, dropping its queue.

        Returns the interview (for its host) the first time, None if it was already over.
        Inside the caller's ``tx`` the save is conditional on the version read there: if
        another transaction saved the interview first, StaleInterview rolls it all back
        (run it through :meth:`atomically` to have it redone).
        """

        def run(tx: Tx, row: Interview, state: InterviewState) -> tuple[Step, Interview | None]:
            if state.status is Status.FINISHED:
                return Step(state), None
            now = self.clock()
            tx.drop_pending(team_id=team_id, interview_id=interview_id, now=now, error=reason)
            tx.after_commit(
                told(team_id, interview_id, "stopped: %s", reason, level=logging.WARNING)
            )
            return Step(state.evolve(status=Status.FINISHED, finished_at=now)), row

        return self._update(team_id=team_id, interview_id=interview_id, run=run, tx=tx)
