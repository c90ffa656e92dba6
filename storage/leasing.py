"""The queries behind :meth:`storage.outbox_leases.OutboxLeaseMethods.lease_outbox`.

Items are ordered per *stream*: an interview's thread (``user_id`` NULL) or its private
messages to one person. A stream's earliest unsent item (its *head*) stands for the whole
stream: heads are locked with ``FOR UPDATE SKIP LOCKED``, and a stream's later items are
only taken by the worker holding its head. A failing thread message so holds back only that
thread; a DM never waits for it. Both queries read only unsent rows, through partial indexes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_
from sqlalchemy.orm import aliased
from sqlmodel import col, select

from storage.models import OutboxItem

Stream = tuple[int | None, str | None]
"""(interview_id, user_id): an interview's thread, or its DMs to one person."""


def scoped(
    stmt: Any, team_id: str | None, exclude_team: str | None, interview_id: int | None
) -> Any:
    """``stmt`` on outbox items narrowed to one team, to every team but one (the Slack
    workers skip the terminal's), or to one interview; each optional."""
    if team_id is not None:
        stmt = stmt.where(col(OutboxItem.team_id) == team_id)
    if exclude_team is not None:
        stmt = stmt.where(col(OutboxItem.team_id) != exclude_team)
    if interview_id is not None:
        stmt = stmt.where(col(OutboxItem.interview_id) == interview_id)
    return stmt


def same_stream(earlier: type[OutboxItem]) -> ColumnElement[bool]:
    """``earlier`` is in the same stream as the row being selected."""
    return and_(
        col(earlier.interview_id) == col(OutboxItem.interview_id),
        col(earlier.user_id).is_not_distinct_from(col(OutboxItem.user_id)),
    )


def available(item: type[OutboxItem], now: datetime | ColumnElement[Any]) -> ColumnElement[bool]:
    """Unsent, due, and not leased by a worker (or its lease ran out); ``now`` may be a
    bound parameter."""
    return and_(
        col(item.sent_at).is_(None),
        col(item.next_attempt_at) <= now,
        or_(col(item.lease_until).is_(None), col(item.lease_until) <= now),
    )


def heads(
    now: datetime,
    limit: int,
    team_id: str | None,
    exclude_team: str | None,
    interview_id: int | None,
) -> Any:
    """Deliverable items with no earlier unsent item in their stream, locked, id order."""
    earlier = aliased(OutboxItem)
    is_head = ~exists().where(
        same_stream(earlier),
        col(earlier.sent_at).is_(None),
        col(earlier.id) < col(OutboxItem.id),
    )
    stmt = select(OutboxItem.id, OutboxItem.interview_id, OutboxItem.user_id).where(
        available(OutboxItem, now), is_head
    )
    return (
        scoped(stmt, team_id, exclude_team, interview_id)
        .order_by(col(OutboxItem.id))
        .limit(limit)
        .with_for_update(skip_locked=True, of=OutboxItem)
    )


def runs(now: datetime, limit: int, interview_ids: list[int]) -> Any:
    """For the given interviews (the caller keeps only the streams whose heads it holds),
    the deliverable items up to the first one that is held back in their stream, id order."""
    earlier = aliased(OutboxItem)
    held_back_before = exists().where(
        same_stream(earlier),
        col(earlier.sent_at).is_(None),
        col(earlier.id) < col(OutboxItem.id),
        ~available(earlier, now),
    )
    return (
        select(OutboxItem.id, OutboxItem.interview_id, OutboxItem.user_id)
        .where(
            col(OutboxItem.interview_id).in_(interview_ids),
            available(OutboxItem, now),
            ~held_back_before,
        )
        .order_by(col(OutboxItem.id))
        .limit(limit)
    )


def keep_prefixes(
    candidates: list[tuple[int, Stream]], leased: dict[int | None, OutboxItem]
) -> list[OutboxItem]:
    """The leased items in id order, cut, per stream, at the first candidate not leased."""
    kept: list[OutboxItem] = []
    blocked: set[Stream] = set()
    for item_id, stream in candidates:
        if stream[0] is not None and stream in blocked:
            continue
        item = leased.get(item_id)
        if item is not None:
            kept.append(item)
        elif stream[0] is not None:
            blocked.add(stream)
    return kept
