"""Posting slots of many channels at once, found free and claimed in the delivery pass's
lease (:mod:`storage.lanes`); one channel's slot, claimed by its sender: :mod:`storage.pacing`."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Connection, tuple_, update
from sqlmodel import select

from storage._sql import insert_ignoring_duplicates
from storage.models import ChannelPace

_PACE = ChannelPace.__table__  # type: ignore[attr-defined]


def free_slots(
    connection: Connection, *, channels: list[tuple[str, str]], now: datetime
) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Of ``channels`` (team id, channel id): those whose slot is free now, their rows
    locked until the transaction ends, and those never posted into. A channel whose row
    another worker has locked (it is claiming that slot right now) is in neither: on
    PostgreSQL it is skipped, not waited for, so two workers leasing at the same moment
    take different channels rather than one of them taking none."""
    if not channels:
        return set(), set()
    pair = tuple_(_PACE.c.team_id, _PACE.c.channel_id)
    stmt = (
        select(_PACE.c.team_id, _PACE.c.channel_id, _PACE.c.next_post_at)
        .where(pair.in_(channels))
        .with_for_update(skip_locked=True)
    )
    rows = connection.execute(stmt).all()
    free = {(str(t), str(c)) for t, c, at in rows if cast(datetime, at) <= now}
    known = {(str(t), str(c)) for t, c, _ in rows}
    # A row locked by another worker is not returned; it exists, so it is not "new" either.
    new = {c for c in channels if c not in known} - _existing(connection, channels, known)
    return free, new


def _existing(
    connection: Connection, channels: list[tuple[str, str]], seen: set[tuple[str, str]]
) -> set[tuple[str, str]]:
    """Which of ``channels`` not in ``seen`` have a row (locked by another worker)."""
    unseen = [c for c in channels if c not in seen]
    if not unseen:
        return set()
    pair = tuple_(_PACE.c.team_id, _PACE.c.channel_id)
    rows = connection.execute(select(_PACE.c.team_id, _PACE.c.channel_id).where(pair.in_(unseen)))
    return {(str(t), str(c)) for t, c in rows}


def claim_slots(
    connection: Connection,
    *,
    free: list[tuple[str, str]],
    new: list[tuple[str, str]],
    now: datetime,
    slot: timedelta,
) -> set[tuple[str, str]]:
    """Claim the next posting slot of channels found ``free`` (rows locked) and the first
    slot of ``new`` ones (the one after opens ``slot`` later); returns those claimed. A new
    channel another worker has just inserted is left to it."""
    claimed: set[tuple[str, str]] = set()
    if free:
        pair = tuple_(_PACE.c.team_id, _PACE.c.channel_id)
        connection.execute(update(_PACE).where(pair.in_(free)).values(next_post_at=now + slot))
        claimed |= set(free)
    if new:
        rows = [{"team_id": t, "channel_id": c, "next_post_at": now + slot} for t, c in new]
        stmt = insert_ignoring_duplicates(
            connection, ChannelPace, rows, unique=("team_id", "channel_id"), core=True
        )
        first = connection.execute(stmt.returning(_PACE.c.team_id, _PACE.c.channel_id))
        claimed |= {(str(team), str(channel)) for team, channel in first}
    return claimed
