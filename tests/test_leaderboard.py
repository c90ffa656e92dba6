"""The leaderboard across week, month and quarter boundaries, DST, ties and hidden people."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.interviews.leaderboard import Entry, board
from bot.interviews.leaderboard_text import render
from bot.interviews.leaderboard_windows import window_start

NY = "America/New_York"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def e(user: str, when: str, score: int = 50, on_time: int = 0) -> Entry:
    return Entry(user, score, on_time, at(when))


def test_points_are_score_plus_participation_plus_on_time_phases() -> None:
    rows = board(
        [e("U1", "2026-11-18T12:00+00:00", 60, on_time=3)],
        window="all",
        now=at("2026-11-20T12:00+00:00"),
        tz="UTC",
        hidden=set(),
    )
    assert rows[0].points == 60 + 10 + 2 * 3


def test_week_starts_monday_midnight_in_the_team_zone_not_utc() -> None:
    # Sunday 23:30 in New York is already Monday in UTC: it belongs to the OLD week in NY.
    late_sunday = e("U1", "2026-11-15T23:30-05:00")
    monday = e("U2", "2026-11-16T09:00-05:00")
    now = at("2026-11-18T12:00-05:00")
    rows = board([late_sunday, monday], window="week", now=now, tz=NY, hidden=set())
    assert [r.user_id for r in rows] == ["U2"]
    rows_utc = board([late_sunday, monday], window="week", now=now, tz="UTC", hidden=set())
    assert {r.user_id for r in rows_utc} == {"U1", "U2"}


def test_week_window_across_the_dst_change_in_new_york() -> None:
    # DST ended on Sunday 2026-11-01 02:00 local; the week of Mon 2026-11-02 starts at 05:00 UTC.
    start = window_start("week", now=at("2026-11-04T10:00-05:00"), tz=NY)
    assert start is not None and start.astimezone(UTC) == at("2026-11-02T05:00+00:00")
    # The week before (Mon 2026-10-26) started at 04:00 UTC, still on daylight time.
    before = window_start("week", now=at("2026-10-30T10:00-04:00"), tz=NY)
    assert before is not None and before.astimezone(UTC) == at("2026-10-26T04:00+00:00")


def test_month_and_season_windows() -> None:
    entries = [
        e("U1", "2026-09-30T12:00+00:00"),
        e("U2", "2026-10-01T12:00+00:00"),
        e("U3", "2026-11-02T12:00+00:00"),
    ]
    now = at("2026-11-20T12:00+00:00")
    month = board(entries, window="month", now=now, tz="UTC", hidden=set())
    season = board(entries, window="season", now=now, tz="UTC", hidden=set())
    assert [r.user_id for r in month] == ["U3"]
    assert sorted(r.user_id for r in season) == ["U2", "U3"]  # Q4 began on 1 October


def test_consecutive_weeks_earn_a_streak_bonus() -> None:
    weekly = [e("U1", f"2026-11-{d:02d}T12:00+00:00", 50) for d in (3, 10, 17)]
    once = [
        e("U2", "2026-11-17T12:00+00:00", 50),
        e("U2", "2026-11-04T12:00+00:00", 50),
        e("U2", "2026-11-05T12:00+00:00", 50),
    ]
    rows = board(
        weekly + once, window="all", now=at("2026-11-20T00:00+00:00"), tz="UTC", hidden=set()
    )
    points = {r.user_id: r.points for r in rows}
    assert points["U1"] == 3 * 60 + 5 + 10  # weeks 2 and 3 of the run
    assert points["U2"] == 3 * 60  # two separate runs of one week: no bonus


def test_ties_share_a_rank_and_the_next_rank_skips() -> None:
    entries = [
        e("U1", "2026-11-17T12:00+00:00", 70),
        e("U2", "2026-11-17T13:00+00:00", 70),
        e("U3", "2026-11-17T14:00+00:00", 40),
    ]
    rows = board(entries, window="week", now=at("2026-11-18T00:00+00:00"), tz="UTC", hidden=set())
    assert [(r.rank, r.user_id) for r in rows] == [(1, "U1"), (1, "U2"), (3, "U3")]
    text = render(rows, window="week")
    assert "1=. <@U1>" in text and "1=. <@U2>" in text and "3. <@U3>" in text


def test_a_hidden_person_never_appears() -> None:
    entries = [e("U1", "2026-11-17T12:00+00:00", 90), e("U2", "2026-11-17T13:00+00:00", 10)]
    for window in ("week", "month", "season", "all", "improved"):
        rows = board(
            entries * 2, window=window, now=at("2026-11-18T00:00+00:00"), tz="UTC", hidden={"U1"}
        )
        assert "U1" not in render(rows, window=window)


def test_most_improved_compares_people_with_their_own_past() -> None:
    steady = [e("U1", f"2026-11-{d:02d}T12:00+00:00", 90) for d in (2, 3, 4, 5)]
    rising = [
        e("U2", f"2026-11-{d:02d}T12:00+00:00", s) for d, s in ((2, 20), (3, 30), (4, 60), (5, 70))
    ]
    rows = board(
        steady + rising, window="improved", now=at("2026-11-20T00:00+00:00"), tz="UTC", hidden=set()
    )
    assert rows[0].user_id == "U2" and rows[0].points == 60 - 20
    assert "+40 points" in render(rows, window="improved")


def test_empty_board_and_single_person_read_well() -> None:
    assert "No finished interviews yet" in render([], window="week")
    one = board(
        [e("U1", "2026-11-17T12:00+00:00")],
        window="week",
        now=at("2026-11-18T00:00+00:00"),
        tz="UTC",
        hidden=set(),
    )
    text = render(one, window="week")
    assert "1. <@U1>: 60 pts (1 interview)" in text and "invite a teammate" in text


def test_future_entries_are_ignored() -> None:
    rows = board(
        [e("U1", "2026-11-19T12:00+00:00")],
        window="all",
        now=at("2026-11-18T00:00+00:00"),
        tz="UTC",
        hidden=set(),
    )
    assert rows == []
