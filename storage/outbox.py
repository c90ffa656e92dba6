"""The outbox: messages written in the same transaction as the state that caused them.

Delivery is at least once: a worker leases items, sends them, then marks them sent or
failed. If it dies in between, the lease expires and another worker sends them again, so
a crash never loses a message (Slack may, rarely, see one twice).

Ordering: the items of one *stream* (an interview's thread, or its DMs to one person) are
delivered in ``id`` order. :meth:`OutboxMethods.lease_outbox` only hands out a *prefix* of a
stream's unsent items, so a failing message holds back the ones after it in its thread
instead of letting them overtake it, and nothing outside that thread.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Connection, bindparam, update
from sqlalchemy.sql.dml import Insert
from sqlmodel import Session, col, select

from storage import leasing
from storage._sql import prebuilt_insert, require_interview
from storage.bulk import executemany
from storage.models import OutboxItem

_OUTBOX = OutboxItem.__table__  # type: ignore[attr-defined]
_MARK_SENT = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id == bindparam("item_id"), _OUTBOX.c.sent_at.is_(None))
    .values(sent_at=bindparam("now"), result_ts=bindparam("ts"), lease_until=None)
)

MAX_ERROR_LENGTH = 2_000
"""Longer error texts are cut: the row is for diagnosis, not a log archive."""


@dataclass(frozen=True, kw_only=True)
class NewOutboxItem:
    """A message to enqueue. ``key`` is unique within its interview (duplicates are ignored);
    ``user_id`` set means "send privately to this user"."""

    key: str
    channel_id: str | None = None
    user_id: str | None = None
    payload: dict[str, Any]


def outbox_rows(
    *, team_id: str, interview_id: int | None, items: list[NewOutboxItem], now: datetime
) -> list[dict[str, Any]]:
    """The parameter dicts that :func:`insert_outbox_rows` inserts for ``items``."""
    return [
        {
            "team_id": team_id,
            "interview_id": interview_id,
            "key": item.key,
            "channel_id": item.channel_id,
            "user_id": item.user_id,
            "payload": item.payload,
            "created_at": now,
            "next_attempt_at": now,
            "attempts": 0,
        }
        for item in items
    ]


def insert_outbox_rows(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert outbox rows (from :func:`outbox_rows`, any number of interviews) in list
    order, so ids follow it; keys already queued for their interview are skipped."""
    if rows:
        executemany(connection, outbox_insert(connection), rows)


def outbox_insert(connection: Connection) -> Insert:
    """The INSERT that :func:`insert_outbox_rows` runs once per row (skipping keys already
    queued for their interview), built once per database."""
    return prebuilt_insert(connection, OutboxItem, unique=("interview_id", "key"))


def insert_outbox_items(
    connection: Connection,
    *,
    team_id: str,
    interview_id: int | None,
    items: list[NewOutboxItem],
    now: datetime,
) -> None:
    """Insert ``items`` in list order (so ids follow it), skipping keys already queued."""
    insert_outbox_rows(
        connection, outbox_rows(team_id=team_id, interview_id=interview_id, items=items, now=now)
    )


@dataclass(frozen=True)
class ButtonMessage:
    """A queued or sent thread message with buttons, and the step (phase id, number)
    its buttons belong to."""

    item_id: int
    phase_id: str
    step: int


def closing_key(item_id: int) -> str:
    """The key of the item closing item ``item_id``'s buttons: one per message, so
    queueing it twice queues it once."""
    return f"close:{item_id}"


class OutboxMethods:
    """Outbox data access; mixed into :class:`storage.repository.Tx`."""

    _session: Session
    _connection: Connection

    def open_buttons(self, *, team_id: str, interview_id: int) -> list[ButtonMessage]:
        """The interview's thread messages with buttons whose closing is not queued yet
        (see :func:`closing_key`), in order."""
        rows = self._session.exec(
            select(OutboxItem.id, OutboxItem.key, OutboxItem.payload)
            .where(
                col(OutboxItem.team_id) == team_id,
                col(OutboxItem.interview_id) == interview_id,
                col(OutboxItem.user_id).is_(None),
            )
            .order_by(col(OutboxItem.id))
        ).all()
        closing = {key for _, key, _ in rows}
        return [
            ButtonMessage(item_id, str(payload["step"][0]), int(payload["step"][1]))
            for item_id, _, payload in rows
            if item_id is not None and payload.get("step") and closing_key(item_id) not in closing
        ]

    def sent_messages(self, *, item_ids: Collection[int]) -> dict[int, tuple[str, str, Any]]:
        """Of items ``item_ids``, those delivered: their team id, message ts and payload."""
        if not item_ids:
            return {}
        rows = self._connection.execute(
            select(
                col(OutboxItem.id),
                col(OutboxItem.team_id),
                col(OutboxItem.result_ts),
                col(OutboxItem.payload),
            ).where(
                col(OutboxItem.id).in_(sorted(item_ids)), col(OutboxItem.result_ts).is_not(None)
            )
        )
        return {int(cast(int, i)): (str(team), str(ts), payload) for i, team, ts, payload in rows}

    def enqueue(
        self,
        *,
        team_id: str,
        interview_id: int | None,
        items: list[NewOutboxItem],
        now: datetime,
    ) -> None:
        """Queue ``items`` for delivery. A key already queued for the interview is skipped.

        ``interview_id=None`` is for messages tied to no interview; those are not
        de-duplicated (NULLs never conflict) and are not ordered relative to each other.
        Raises :class:`storage.errors.InterviewNotFound` for another team's interview.
        """
        if interview_id is not None:
            require_interview(self._connection, team_id=team_id, interview_id=interview_id)
        insert_outbox_items(
            self._connection, team_id=team_id, interview_id=interview_id, items=items, now=now
        )

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

    def mark_sent_many(self, *, now: datetime, sent: list[tuple[int, str | None]]) -> None:
        """Record deliveries, (item id, ts the transport returned) each, in one statement.
        Marking an item already sent changes nothing: the first delivery wins."""
        if sent:
            self._session.connection().execute(
                _MARK_SENT, [{"item_id": i, "ts": ts, "now": now} for i, ts in sent]
            )

    def mark_dead(self, *, item_id: int, now: datetime, error: str) -> None:
        """Give up on an item no retry can deliver (e.g. the bot was removed from the
        channel): it leaves the queue with its error kept, so the thread is not blocked."""
        self._session.exec(
            update(OutboxItem)
            .where(col(OutboxItem.id) == item_id, col(OutboxItem.sent_at).is_(None))
            .values(sent_at=now, last_error=error[:MAX_ERROR_LENGTH], lease_until=None)
        )

    def replace_payload(self, *, item_id: int, payload: dict[str, Any]) -> None:
        """Say something else in this item's place (a catch-up line folding outdated
        messages); its key and its place in the order stay."""
        self._session.exec(
            update(OutboxItem)
            .where(col(OutboxItem.id) == item_id, col(OutboxItem.sent_at).is_(None))
            .values(payload=payload)
        )

    def drop_pending(self, *, team_id: str, interview_id: int, now: datetime, error: str) -> int:
        """Give up on every unsent item of an interview; returns how many."""
        result = self._session.exec(
            update(OutboxItem)
            .where(
                col(OutboxItem.team_id) == team_id,
                col(OutboxItem.interview_id) == interview_id,
                col(OutboxItem.sent_at).is_(None),
            )
            .values(sent_at=now, last_error=error[:MAX_ERROR_LENGTH], lease_until=None)
        )
        return int(result.rowcount)

    def mark_failed(self, *, item_id: int, now: datetime, error: str, retry_at: datetime) -> None:
        """Record a failed attempt and release the lease; the item is due again at
        ``retry_at`` (never earlier than ``now``). Items after it in its stream wait."""
        self._session.exec(
            update(OutboxItem)
            .where(col(OutboxItem.id) == item_id, col(OutboxItem.sent_at).is_(None))
            .values(
                attempts=col(OutboxItem.attempts) + 1,
                last_error=error[:MAX_ERROR_LENGTH],
                next_attempt_at=max(retry_at, now),
                lease_until=None,
            )
        )

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

    def pending_outbox(self, *, team_id: str, interview_id: int) -> list[OutboxItem]:
        """The interview's unsent items in delivery order (for diagnostics and tests)."""
        stmt = (
            select(OutboxItem)
            .where(
                col(OutboxItem.team_id) == team_id,
                col(OutboxItem.interview_id) == interview_id,
                col(OutboxItem.sent_at).is_(None),
            )
            .order_by(col(OutboxItem.id))
        )
        return list(self._session.exec(stmt).all())
