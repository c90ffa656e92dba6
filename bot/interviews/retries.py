"""What becomes of a message that did not go: tried again after a backoff (or Slack's
Retry-After), given back to wait for its turn, or given up on when no retry can deliver it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from bot.interviews.transport import Undeliverable
from bot.log_records import ids
from storage.models import OutboxItem
from storage.repository import Store

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(seconds=30)
"""The longest wait between two tries of a failing message (unless Slack's Retry-After says
more): once Slack is back, people hear from the bot again within this."""


def retry_later(
    store: Store,
    clock: Callable[[], datetime],
    item: OutboxItem,
    *,
    error: str,
    retry_after: float | None,
) -> None:
    """Count a failed try of ``item`` and release it, due again after ``retry_after``
    seconds when the transport said so, else after :func:`backoff`."""
    assert item.id is not None
    now = clock()
    wait = timedelta(seconds=retry_after) if retry_after else backoff(item.attempts)
    logger.warning(
        "interview %s (team %s): message %s not delivered (%s); retry in %s",
        item.interview_id,
        item.team_id,
        item.id,
        error,
        wait,
        extra=ids(item.team_id, item.interview_id, outbox_id=item.id),
    )
    with store.transaction() as tx:
        tx.mark_failed(item_id=item.id, now=now, error=error, retry_at=now + wait)


def give_back(
    store: Store, clock: Callable[[], datetime], items: Sequence[OutboxItem], seconds: float
) -> None:
    """Back to the queue, due in ``seconds``, without counting an attempt."""
    held = {item.id: item.lease_until for item in items if item.id and item.lease_until}
    if held:
        with store.transaction() as tx:
            tx.release(held=held, until=clock() + timedelta(seconds=seconds))


def give_up(
    store: Store, clock: Callable[[], datetime], item: OutboxItem, exc: Undeliverable
) -> None:
    """Take ``item`` out of the queue for good (marked dead with the transport's code)."""
    assert item.id is not None
    logger.warning(
        "interview %s (team %s): message %s cannot be delivered: %s",
        item.interview_id,
        item.team_id,
        item.id,
        exc.code,
        extra=ids(item.team_id, item.interview_id, outbox_id=item.id),
    )
    with store.transaction() as tx:
        tx.mark_dead(item_id=item.id, now=clock(), error=exc.code)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4... seconds, at most :data:`MAX_BACKOFF`: a long outage is noticed within
    that once it ends, and a message that keeps failing costs a try every 30 seconds."""
    return min(timedelta(seconds=2 ** min(attempts, 5)), MAX_BACKOFF)
