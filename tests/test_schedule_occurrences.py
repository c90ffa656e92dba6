"""Occurrences from CronTrigger in the schedule's zone: local time holds across DST."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.interviews.drills.occurrences import Timing, first_occurrence, next_occurrence, upcoming


def local(at: datetime, tz: str) -> str:
    return at.astimezone(ZoneInfo(tz)).strftime("%a %Y-%m-%d %H:%M %Z")


def test_new_york_monday_nine_stays_nine_across_both_dst_changes() -> None:
    timing = Timing("mon", "09:00", "America/New_York")
    # US DST: starts Sun 9 Mar 2025, ends Sun 2 Nov 2025.
    spring = upcoming(timing, after=datetime(2025, 3, 1, tzinfo=UTC), count=2)
    autumn = upcoming(timing, after=datetime(2025, 10, 25, tzinfo=UTC), count=2)

    assert [local(t, "America/New_York") for t in spring + autumn] == [
        "Mon 2025-03-03 09:00 EST",
        "Mon 2025-03-10 09:00 EDT",
        "Mon 2025-10-27 09:00 EDT",
        "Mon 2025-11-03 09:00 EST",
    ]
    assert [t.hour for t in spring] == [14, 13]  # the UTC instant moves, not the local time
    assert all(t.tzinfo == UTC for t in spring)


def test_berlin_and_new_york_change_on_different_weekends() -> None:
    berlin = Timing("mon", "09:00", "Europe/Berlin")
    # EU DST starts Sun 30 Mar 2025, three weeks after the US; ends Sun 26 Oct 2025.
    runs = upcoming(berlin, after=datetime(2025, 3, 8, tzinfo=UTC), count=4)
    autumn = upcoming(berlin, after=datetime(2025, 10, 19, tzinfo=UTC), count=2)

    assert [local(t, "Europe/Berlin") for t in runs] == [
        "Mon 2025-03-10 09:00 CET",
        "Mon 2025-03-17 09:00 CET",
        "Mon 2025-03-24 09:00 CET",
        "Mon 2025-03-31 09:00 CEST",
    ]
    assert [t.hour for t in runs] == [8, 8, 8, 7]
    assert [local(t, "Europe/Berlin") for t in autumn] == [
        "Mon 2025-10-20 09:00 CEST",
        "Mon 2025-10-27 09:00 CET",
    ]


def test_first_occurrence_includes_now_and_next_excludes_it() -> None:
    timing = Timing("mon", "09:00", "UTC")
    monday_nine = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)

    assert first_occurrence(timing, now=monday_nine) == monday_nine
    assert next_occurrence(timing, after=monday_nine) == datetime(2025, 3, 10, 9, tzinfo=UTC)


def test_weekdays_skip_the_weekend() -> None:
    timing = Timing("mon-fri", "08:30", "Europe/Berlin")
    runs = upcoming(timing, after=datetime(2025, 3, 6, 12, tzinfo=UTC), count=3)

    assert [local(t, "Europe/Berlin")[:3] for t in runs] == ["Fri", "Mon", "Tue"]


def test_every_two_weeks_keeps_parity_from_the_anchor_across_dst() -> None:
    anchor = datetime(2025, 3, 3, 14, tzinfo=UTC)  # Mon 3 Mar 09:00 EST
    timing = Timing("mon", "09:00", "America/New_York", every_weeks=2, anchor_at=anchor)
    runs = upcoming(timing, after=anchor, count=3)

    assert [local(t, "America/New_York") for t in runs] == [
        "Mon 2025-03-17 09:00 EDT",
        "Mon 2025-03-31 09:00 EDT",
        "Mon 2025-04-14 09:00 EDT",
    ]
    # Asking from the middle of an off week lands on the next on week, not the next Monday.
    assert next_occurrence(timing, after=datetime(2025, 3, 20, tzinfo=UTC)) == runs[1]
