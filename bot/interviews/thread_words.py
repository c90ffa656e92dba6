"""A reply in an interview's thread: a command word (see
:mod:`bot.engine.thread_commands`) steers the interview, anything else is an answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.engine.playbook import InterviewOver
from bot.engine.thread_commands import parse_thread_command
from bot.interviews.errors import NotAllowed
from bot.interviews.replies import Replies
from bot.interviews.steering import Steering

NOT_AN_ANSWER = " Your message was not taken as an answer."


class ThreadWords(Replies, Steering):
    def reply_in_thread(
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
        is_admin: Callable[[], bool],
    ) -> str | None:
        """Run a command word typed by the host, a participant or an admin, or store the
        reply as an answer (:meth:`Replies.record_reply`).

        Returns a note for the author alone when their command was refused or could not
        run as typed; None otherwise. ``is_admin()`` is asked only for a command from
        someone who is neither host nor participant. A redelivered event changes nothing.
        """
        command, row = parse_thread_command(text), None
        if command is not None:
            with self.store.transaction() as tx:
                row = tx.find_interview(team_id=team_id, channel_id=channel_id, thread_ts=thread_ts)
        if command is None or row is None or row.id is None:
            self.record_reply(
                team_id=team_id,
                channel_id=channel_id,
                thread_ts=thread_ts,
                user_id=user_id,
                message_ts=message_ts,
                text=text,
                at=at,
                event_id=event_id,
            )
            return None
        if command.problem:
            return command.problem
        try:
            self.steer(
                team_id=team_id,
                interview_id=row.id,
                user_id=user_id,
                action=command.action,
                arg=str(command.minutes) if command.minutes else None,
                is_admin=is_admin,
                event_id=event_id,
            )
        except NotAllowed as exc:
            return str(exc) + NOT_AN_ANSWER
        except InterviewOver:
            pass  # over: the word neither steers nor answers
        return None
