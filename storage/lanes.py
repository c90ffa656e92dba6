"""Leasing for the scheduler's delivery pass: one message per destination whose turn has come,
each channel's posting slot claimed in the same transaction.

Slack takes one post a second per channel, so a pass never has two messages of one channel
to post at once: it leases only the first deliverable message of each *lane* (a channel, or
a person's DMs), skips channels whose next slot is still ahead, and claims the slots of the
channels it leases in one statement. A message so leased goes out at once, on a free sender
thread, without a transaction of its own for its slot; a channel claimed by another worker
a moment earlier is simply not leased here.

When more lanes are ready than senders are free, what people are waiting for goes first:
questions (a question heads its thread, and the rest of that drill waits for it), then
phase changes, nudges and command acknowledgements in the order they were queued, and only
then retrospectives and the closing of old buttons, which nobody is timing.

Ordering and locking are those of :mod:`storage.leasing`: only a stream's head (its earliest
unsent message) is ever leased here, selected ``FOR UPDATE SKIP LOCKED``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Connection, Integer, and_, bindparam, case, exists, func, update
from sqlalchemy import select as core_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from storage import leasing
from storage.channel_slots import claim_slots, free_slots
from storage.models import ChannelPace, OutboxItem
from storage.types import UTCDateTime

Lane = tuple[str, str, str | None]
"""(team id, "channel" or "user", its id): where a message goes."""

_NOW = bindparam("now", type_=UTCDateTime())
_LANES = bindparam("lanes", type_=Integer())
UNTIMED = ("retrospective", "close_buttons")
"""Message kinds nobody waits for by the second: delivered when nothing timed is ready."""


@lru_cache(maxsize=32)
def lane_heads(
    *,
    paced: bool,
    team_id: str | None,
    exclude_team: str | None,
    interview_id: int | None,
) -> Any:
    """The first deliverable stream head of up to ``lanes`` lanes: :data:`UNTIMED` kinds
    last, questions first, then id order; when ``paced``, no lane of a channel whose next
    slot is still ahead. Not locked: the lease and the slot claims are conditional
    updates, so two workers never both win one message or one slot.

    Built once per scope and executed with ``now`` and ``lanes`` as parameters: putting
    this statement together costs a worker more CPU than the database takes to run it, and
    delivery runs it four times a tick, mostly finding nothing."""
    now = _NOW
    earlier = aliased(OutboxItem)
    is_head = ~exists().where(
        leasing.same_stream(earlier),
        col(earlier.sent_at).is_(None),
        col(earlier.id) < col(OutboxItem.id),
    )
    kind = OutboxItem.payload["kind"].as_string()
    question_first = case((kind == "question", 0), else_=1)
    untimed = case((kind.in_(UNTIMED), 1), else_=0)
    channel = case((col(OutboxItem.user_id).is_(None), col(OutboxItem.channel_id)), else_=None)
    rank = func.row_number().over(
        partition_by=(col(OutboxItem.team_id), col(OutboxItem.user_id), channel),
        order_by=(question_first, untimed, col(OutboxItem.id)),
    )
    heads = core_select(
        col(OutboxItem.id),
        col(OutboxItem.team_id),
        col(OutboxItem.channel_id),
        col(OutboxItem.user_id),
        untimed.label("untimed"),
        question_first.label("question_first"),
        rank.label("rank"),
    ).where(leasing.available(OutboxItem, now), is_head)
    if paced:
        busy = exists().where(
            col(ChannelPace.team_id) == col(OutboxItem.team_id),
            col(ChannelPace.channel_id) == col(OutboxItem.channel_id),
            col(ChannelPace.next_post_at) > now,
        )
        heads = heads.where(~and_(col(OutboxItem.user_id).is_(None), busy))
    ranked = leasing.scoped(heads, team_id, exclude_team, interview_id).subquery()
    return (
        core_select(ranked.c.id, ranked.c.team_id, ranked.c.channel_id, ranked.c.user_id)
        .where(ranked.c.rank == 1)
        .order_by(ranked.c.untimed, ranked.c.question_first, ranked.c.id)
        .limit(_LANES)
    )


class LaneMethods:
    """Mixed into :class:`storage.repository.Tx`."""

    _session: Session
    _connection: Connection

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
        rows = self._connection.execute(
            lane_heads(
                paced=slot is not None,
                team_id=team_id,
                exclude_team=exclude_team,
                interview_id=interview_id,
            ),
            {"now": now, "lanes": lanes * 4},
        ).all()
        heads = cast(list[tuple[int | None, str, str | None, str | None]], rows)
        order: list[tuple[Lane, int]] = [
            ((team, "user", user) if user else (team, "channel", channel), item_id)
            for item_id, team, channel, user in heads
            if item_id is not None
        ]
        if slot is None:
            first = dict(order[:lanes])
        else:
            channels = [(lane[0], str(lane[2])) for lane, _ in order if lane[1] == "channel"]
            free, new = free_slots(self._connection, channels=channels, now=now)
            first = {}
            for lane, item_id in order:
                channel = (lane[0], str(lane[2]))
                if len(first) < lanes and (lane[1] == "user" or channel in free | new):
                    first[lane] = item_id
            taken = [(t, str(c)) for t, kind, c in first if kind == "channel"]
            claimed = claim_slots(
                self._connection,
                free=[c for c in taken if c in free],
                new=[c for c in taken if c in new],
                now=now,
                slot=slot,
            )
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
        rank = {item_id: n for n, item_id in enumerate(first.values())}
        return sorted(leased, key=lambda item: rank[item.id or 0])
