"""Thread replies: a person's message in an interview's thread, its edit or its deletion.

Each is one short transaction with the transport's event id, so a redelivered event changes
nothing; a crash leaves all or nothing, and the transport's redelivery then redoes it.
"""

from __future__ import annotations

from datetime import datetime

from bot.interviews.answers import Answers
from storage.repository import Tx


class Replies(Answers):
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
            target = tx.reply_target(
                team_id=team_id,
                channel_id=channel_id,
                thread_ts=thread_ts,
                message_ts=message_ts,
                user_id=user_id,
                event_id=event_id,
                now=self.clock(),
            )
            if target is None:
                return False
            return self._store_answer(
                tx, target, user_id=user_id, message_ts=message_ts, text=text, at=at
            )

        return self._retrying(work)

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
