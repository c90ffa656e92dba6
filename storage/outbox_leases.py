"""Leasing outbox items for delivery, renewing a lease before a send, and giving leased
items back.

Ordering: the items of one *stream* (an interview's thread, or its DMs to one person) are
delivered in ``id`` order. :meth:`OutboxLeaseMethods.lease_outbox` only hands out a *prefix*
of a stream's unsent items, so a failing message holds back the ones after it in its thread
instead of letting them overtake it, and nothing outside that thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col

from storage import leasing
from storage.models import OutboxItem


class OutboxLeaseMethods:
    """Outbox leases; mixed into :class:`storage.repository.Tx`."""

    _session: Session

    def lease_outbox(
        self,
        *,
        now: datetime,
        limit: int,
        lease: timedelta,
        team_id: str | None = None,
        exclude_team: str | None = None,
        interview_id: int | None = None,
    ) -> list[OutboxItem]:
        """Lease up to ``limit`` deliverable items, in id order, until ``now + lease``.

        Serves every team unless narrowed: only ``team_id``, every team but
        ``exclude_team`` (e.g. Slack workers skipping the terminal's local team), or only
        ``interview_id``.

        For every stream (an interview's thread, or its DMs to one person) the result holds
        a prefix of its unsent items: an item is never returned while an earlier unsent
        item of the same stream is held back (failing and waiting for its retry, or leased
        by another worker).

        Concurrency: a stream's earliest unsent item (its *head*) acts as the stream's
        lock. Heads are selected ``FOR UPDATE SKIP LOCKED`` (PostgreSQL; on SQLite the
        ``BEGIN IMMEDIATE`` transaction serializes workers), and later items are only taken
        together with their head, so two workers never split one stream's queue. The lease
        itself is a conditional update; should it miss an item anyway, the items after it
        in that stream are dropped from the result and simply wait for their lease to
        expire.
        """
        heads = [
            (row[0], (row[1], row[2]))
            for row in self._session.exec(
                leasing.heads(now, limit, team_id, exclude_team, interview_id)
            )
        ]
        candidates = [head for head in heads if head[1][0] is None]
        held = {stream for _, stream in heads if stream[0] is not None}
        if held:
            runs = self._session.exec(leasing.runs(now, limit, sorted({i for i, _ in held})))
            # Only the streams whose heads we locked: another worker may hold the others.
            candidates += [(row[0], (row[1], row[2])) for row in runs if (row[1], row[2]) in held]
        candidates = sorted(candidates)[:limit]
        if not candidates:
            return []
        stmt = (
            update(OutboxItem)
            .where(
                col(OutboxItem.id).in_([item_id for item_id, _ in candidates]),
                leasing.available(OutboxItem, now),
            )
            .values(lease_until=now + lease)
            .returning(OutboxItem)
            .execution_options(populate_existing=True, synchronize_session=False)
        )
        rows: list[OutboxItem] = list(self._session.exec(stmt).scalars())
        leased = {item.id: item for item in rows}
        return leasing.keep_prefixes(candidates, leased)

    def renew_lease(
        self, *, item_id: int, held_until: datetime, now: datetime, lease: timedelta
    ) -> datetime | None:
        """Extend a lease we still hold, just before sending; None if it was lost.

        A batch can take longer than its lease (slow transport, rate limits); by then
        another worker may have leased the same item. Renewing item by item turns that
        race into a skipped send instead of a duplicate one.
        """
        if held_until <= now:
            return None
        until = now + lease
        result = self._session.exec(
            update(OutboxItem)
            .where(
                col(OutboxItem.id) == item_id,
                col(OutboxItem.sent_at).is_(None),
                col(OutboxItem.lease_until) == held_until,
            )
            .values(lease_until=until)
        )
        return until if result.rowcount == 1 else None

    def release(self, *, held: Mapping[int, datetime], until: datetime) -> None:
        """Give leased items back, due at ``until``, without counting a failed attempt: they
        wait for their turn (their channel's next slot, or an earlier message of their
        thread). ``held`` maps each item id to the lease we took; an item whose lease has
        since passed to another worker is left alone."""
        by_lease: dict[datetime, list[int]] = {}
        for item_id, lease_until in held.items():
            by_lease.setdefault(lease_until, []).append(item_id)
        for lease_until, item_ids in by_lease.items():  # one lease a lane, usually
            self._session.exec(
                update(OutboxItem)
                .where(
                    col(OutboxItem.id).in_(item_ids),
                    col(OutboxItem.lease_until) == lease_until,
                    col(OutboxItem.sent_at).is_(None),
                )
                .values(next_attempt_at=until, lease_until=None)
            )
