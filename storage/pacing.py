"""Slots for posting into a channel, claimed atomically so several processes keep one pace."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, update
from sqlmodel import Session, col

from storage._sql import insert_ignoring_duplicates
from storage.models import ChannelPace

_PACE = ChannelPace.__table__  # type: ignore[attr-defined]
_HOLD = (
    update(_PACE)
    .where(
        _PACE.c.team_id == bindparam("team"),
        _PACE.c.channel_id == bindparam("channel"),
        _PACE.c.next_post_at < bindparam("until"),
    )
    .values(next_post_at=bindparam("until"))
)


class PacingMethods:
    _session: Session
    _connection: Connection

    def claim_post_slot(
        self, *, team_id: str, channel_id: str, now: datetime, gap: timedelta
    ) -> datetime | None:
        """Take the channel's next posting slot if it is free at ``now`` (then the next one
        opens ``gap`` later) and return None; otherwise return when it frees. One statement
        decides, so two processes never take the same slot."""
        taken = self._session.execute(
            update(ChannelPace)
            .where(
                col(ChannelPace.team_id) == team_id,
                col(ChannelPace.channel_id) == channel_id,
                col(ChannelPace.next_post_at) <= now,
            )
            .values(next_post_at=now + gap)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            return None
        first = self._session.execute(
            insert_ignoring_duplicates(
                self._connection,
                ChannelPace,
                {"team_id": team_id, "channel_id": channel_id, "next_post_at": now + gap},
                unique=("team_id", "channel_id"),
            )
        )
        if first.rowcount == 1:  # type: ignore[attr-defined]
            return None
        row = self._session.get(ChannelPace, (team_id, channel_id), populate_existing=True)
        return row.next_post_at if row is not None else now

    def hold_post_slot(self, *, team_id: str, channel_id: str, until: datetime) -> None:
        """Keep the channel's next slot closed until at least ``until`` (a post's answer
        came later than its slot assumed: the next one must wait from then)."""
        self._session.execute(
            update(ChannelPace)
            .where(
                col(ChannelPace.team_id) == team_id,
                col(ChannelPace.channel_id) == channel_id,
                col(ChannelPace.next_post_at) < until,
            )
            .values(next_post_at=until)
            .execution_options(synchronize_session=False)
        )

    def hold_post_slots(self, *, holds: list[tuple[str, str, datetime]]) -> None:
        """:meth:`hold_post_slot` for many (team id, channel id, until) at once."""
        if holds:
            self._session.connection().execute(
                _HOLD, [{"team": t, "channel": c, "until": until} for t, c, until in holds]
            )
