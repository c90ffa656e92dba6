"""The outbox: messages written in the same transaction as the state that caused them.

Items are queued (:mod:`storage.outbox_queue`) and delivered at least once: a worker leases
them (:mod:`storage.outbox_leases`), sends them, then marks them sent or failed
(:mod:`storage.outbox_marks`). If it dies in between, the lease expires and another worker
sends them again, so a crash never loses a message (Slack may, rarely, see one twice).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.sql.dml import Insert

from storage._sql import prebuilt_insert
from storage.bulk import executemany
from storage.models import OutboxItem


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
