"""Timestamps go in aware, come out aware UTC, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import StatementError

from storage.models import Interview
from storage.repository import Store
from storage.types import UTCDateTime

MakeInterview = Callable[..., Interview]


def test_aware_utc_round_trip(store: Store, make_interview: MakeInterview) -> None:
    started = datetime(2025, 3, 30, 0, 59, 59, 123456, tzinfo=UTC)
    with store.transaction() as tx:
        interview_id = make_interview(tx, phase_started_at=started).id
    assert interview_id is not None
    with store.transaction() as tx:
        row = tx.get_interview(team_id="T1", interview_id=interview_id)
    assert row is not None
    assert row.phase_started_at == started
    assert row.phase_started_at.tzinfo is UTC


def test_non_utc_input_comes_back_as_the_same_instant_in_utc(
    store: Store, make_interview: MakeInterview
) -> None:
    paris = datetime(2025, 3, 30, 3, 30, tzinfo=ZoneInfo("Europe/Paris"))  # after DST change
    kolkata = datetime(2025, 1, 6, 14, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    with store.transaction() as tx:
        interview_id = make_interview(tx, phase_started_at=paris, phase_deadline=kolkata).id
    assert interview_id is not None
    with store.transaction() as tx:
        row = tx.get_interview(team_id="T1", interview_id=interview_id)
    assert row is not None
    assert row.phase_started_at == paris
    assert row.phase_started_at.tzinfo is UTC
    assert row.phase_started_at.hour == 1  # 03:30 CEST is 01:30 UTC
    assert row.phase_deadline == datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    assert row.phase_deadline is not None and row.phase_deadline.tzinfo is UTC


def test_comparisons_use_the_instant_not_the_wall_clock(
    store: Store, make_interview: MakeInterview, now: datetime
) -> None:
    """A ``now`` given in another zone still finds what is due (SQLite compares text)."""
    with store.transaction() as tx:
        make_interview(tx, next_event_at=now)
    in_new_york = now.astimezone(ZoneInfo("America/New_York"))  # 04:00 local, same instant
    with store.transaction() as tx:
        assert len(tx.claim_due(now=in_new_york, limit=10)) == 1
        assert tx.claim_due(now=in_new_york - timedelta(microseconds=1), limit=10) == []


def test_naive_datetime_is_rejected(store: Store, make_interview: MakeInterview) -> None:
    with pytest.raises(StatementError) as raised, store.transaction() as tx:
        make_interview(tx, phase_started_at=datetime(2025, 1, 6, 9, 0))
    assert isinstance(raised.value.orig, ValueError)
    assert "naive datetime" in str(raised.value.orig)


@pytest.mark.parametrize(
    "dialect", [sqlite.dialect(), postgresql.dialect()], ids=["sqlite", "postgresql"]
)
def test_type_converts_on_both_sides(dialect: Dialect) -> None:
    column_type = UTCDateTime()
    plus_two = datetime(2025, 1, 6, 11, 0, tzinfo=timezone(timedelta(hours=2)))
    bound = column_type.process_bind_param(plus_two, dialect)
    assert bound is not None and bound.replace(tzinfo=UTC) == plus_two
    naive_back = column_type.process_result_value(datetime(2025, 1, 6, 9), dialect)
    assert naive_back == datetime(2025, 1, 6, 9, tzinfo=UTC)
    assert column_type.process_bind_param(None, dialect) is None
    with pytest.raises(ValueError, match="naive"):
        column_type.process_bind_param(datetime(2025, 1, 6, 9), dialect)
