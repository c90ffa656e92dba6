"""Commands typed in a channel: which interview they are about, and steering it.

Slash commands cannot be sent from a thread, so a command names its channel, not its
interview; see :meth:`InChannel.current_interview`.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.interviews.errors import NoLiveInterview
from bot.interviews.starting import LIVE
from bot.interviews.steering import Steering
from storage.models import Interview


class InChannel(Steering):
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
