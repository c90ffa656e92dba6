"""Leasing for the scheduler's delivery pass: one message per destination whose turn has come,
each channel's posting slot claimed in the same transaction.

Slack takes one post a second per channel, so a pass never has two messages of one channel
to post at once: it leases only the first deliverable message of each *lane* (a channel, or
a person's DMs), skips channels whose next slot is still ahead, and claims the slots of the
channels it leases in one statement. A message so leased goes out at once, on a free sender
thread, without a transaction of its own for its slot; a channel claimed by another worker
a moment earlier is simply not leased here. Questions go first, across all lanes: a question
heads its thread, and everything else of that drill waits for it.

Ordering and locking are those of :mod:`storage.leasing`: only a stream's head (its earliest
unsent message) is ever leased here, selected ``FOR UPDATE SKIP LOCKED``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, exists, tuple_, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage import leasing
from storage._sql import insert_ignoring_duplicates
from storage.models import ChannelPace, OutboxItem

Lane = tuple[str, str, str | None]
"""(team id, "channel" or "user", its id): where a message goes."""

_PACE = ChannelPace.__table__  # type: ignore[attr-defined]


def lane_heads(
    now: datetime,
    limit: int,
    *,
    paced: bool,
    team_id: str | None,
    exclude_team: str | None,
    interview_id: int | None,
) -> Any:
    """Stream heads that are deliverable now, questions first, then id order, locked; when
    ``paced``, none of a channel whose next slot is still ahead."""
    earlier = aliased(OutboxItem)
    is_head = ~exists().where(
        leasing.same_stream(earlier),
        col(earlier.sent_at).is_(None),
        col(earlier.id) < col(OutboxItem.id),
    )
    stmt = select(OutboxItem.id, OutboxItem.team_id, OutboxItem.channel_id, OutboxItem.user_id)
    stmt = stmt.where(leasing.available(OutboxItem, now), is_head)
    if paced:
        busy = exists().where(
            col(ChannelPace.team_id) == col(OutboxItem.team_id),
            col(ChannelPace.channel_id) == col(OutboxItem.channel_id),
            col(ChannelPace.next_post_at) > now,
        )
        stmt = stmt.where(~and_(col(OutboxItem.user_id).is_(None), busy))
    if team_id is not None:
        stmt = stmt.where(col(OutboxItem.team_id) == team_id)
    if exclude_team is not None:
        stmt = stmt.where(col(OutboxItem.team_id) != exclude_team)
    if interview_id is not None:
        stmt = stmt.where(col(OutboxItem.interview_id) == interview_id)
    question_first = case((OutboxItem.payload["kind"].as_string() == "question", 0), else_=1)
    return (
        stmt.order_by(question_first, col(OutboxItem.id))
        .limit(limit)
        .with_for_update(skip_locked=True, of=OutboxItem)
    )


def claim_slots(
    session: Session, *, channels: list[tuple[str, str]], now: datetime, slot: timedelta
) -> set[tuple[str, str]]:
    """Claim the next posting slot of each (team id, channel id) that is free at ``now``
    (the one after opens ``slot`` later); returns those claimed. Two statements for any
    number of channels: the slots that exist, then the first slot of channels never
    posted into. A slot another worker holds is left to it."""
    if not channels:
        return set()
    pair = tuple_(_PACE.c.team_id, _PACE.c.channel_id)
    taken = session.execute(
        update(_PACE)
        .where(pair.in_(channels), _PACE.c.next_post_at <= now)
        .values(next_post_at=now + slot)
        .returning(_PACE.c.team_id, _PACE.c.channel_id)
    )
    claimed = {(str(team), str(channel)) for team, channel in taken}
    rest = [c for c in channels if c not in claimed]
    if rest:
        rows = [{"team_id": t, "channel_id": c, "next_post_at": now + slot} for t, c in rest]
        stmt = insert_ignoring_duplicates(
            session, ChannelPace, rows, unique=("team_id", "channel_id"), core=True
        )
        first = session.execute(stmt.returning(_PACE.c.team_id, _PACE.c.channel_id))
        claimed |= {(str(team), str(channel)) for team, channel in first}
    return claimed


class LaneMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session

    def lease_lanes(
        self,
        *,
        now: datetime,
        lanes: int,
        lease: timedelta,
        slot: timedelta | None,
        team_id: str | None = None,
        exclude_team: str | None = None,
        interview_id: int | None = None,
    ) -> list[OutboxItem]:
        """Lease the first deliverable message of up to ``lanes`` lanes (see module doc),
        until ``now + lease``. With ``slot``, a channel's message is leased only with its
        channel's posting slot, claimed at ``now`` for ``slot``; a person's DMs are paced
        by their sender (their channel is known only once opened)."""
        if lanes <= 0:
            return []
        heads = self._session.exec(
            lane_heads(
                now,
                lanes * 4,
                paced=slot is not None,
                team_id=team_id,
                exclude_team=exclude_team,
                interview_id=interview_id,
            )
        ).all()
        first: dict[Lane, int] = {}
        for item_id, team, channel, user in heads:
            lane: Lane = (team, "user", user) if user else (team, "channel", channel)
            if item_id is not None and lane not in first and len(first) < lanes:
                first[lane] = item_id
        if slot is not None:
            channels = [(t, str(c)) for t, kind, c in first if kind == "channel"]
            claimed = claim_slots(self._session, channels=channels, now=now, slot=slot)
            first = {
                lane: i
                for lane, i in first.items()
                if lane[1] == "user" or (lane[0], str(lane[2])) in claimed
            }
        if not first:
            return []
        stmt = (
            update(OutboxItem)
            .where(
                col(OutboxItem.id).in_(sorted(first.values())),
                leasing.available(OutboxItem, now),
            )
            .values(lease_until=now + lease)
            .returning(OutboxItem)
            .execution_options(populate_existing=True, synchronize_session=False)
        )
        leased: list[OutboxItem] = list(self._session.exec(stmt).scalars())
        order = {item_id: n for n, item_id in enumerate(first.values())}
        return sorted(leased, key=lambda item: order[item.id or 0])
