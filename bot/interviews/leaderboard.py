"""The team leaderboard: points from finished interviews, in windows of the team's time zone.

Pure: it takes score entries, the hidden people, the zone and ``now``. Points per finished
interview = score + PARTICIPATION + ON_TIME x phases finished within budget, plus a streak
bonus for each week (Monday to Sunday, local) that continues a run of consecutive weeks.
Weekly, monthly and seasonal windows start from zero, and "most improved" compares each
person with their own past, so a long-standing leader can always be caught.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import mean

from bot.interviews.leaderboard_windows import week_of, window_start

PARTICIPATION = 10
ON_TIME = 2
STREAK_STEP, STREAK_CAP = 5, 20
RECENT, EARLIER = 3, 5


@dataclass(frozen=True)
class Entry:
    user_id: str
    score: int
    on_time_phases: int
    finished_at: datetime


@dataclass(frozen=True)
class Row:
    rank: int
    user_id: str
    points: float
    interviews: int


def board(
    entries: Iterable[Entry], *, window: str, now: datetime, tz: str, hidden: set[str]
) -> list[Row]:
    """Ranked rows (competition ranking: ties share a rank, the next rank skips)."""
    visible = [e for e in entries if e.user_id not in hidden and e.finished_at <= now]
    if window == "improved":
        return _ranked(_improvement(visible))
    start = window_start(window, now=now, tz=tz)
    bonus = _streak_bonus(visible, tz)
    totals: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for e in visible:
        if start is not None and e.finished_at < start:
            continue
        totals[e.user_id] += e.score + PARTICIPATION + ON_TIME * e.on_time_phases
        counts[e.user_id] += 1
    for (user, week), extra in bonus.items():
        if user in totals and (start is None or week >= week_of(start, tz)):
            totals[user] += extra
    return _ranked({u: (p, counts[u]) for u, p in totals.items()})


def _streak_bonus(entries: Sequence[Entry], tz: str) -> dict[tuple[str, date], int]:
    weeks: dict[str, set[date]] = defaultdict(set)
    for e in entries:
        weeks[e.user_id].add(week_of(e.finished_at, tz))
    bonus = {}
    for user, active in weeks.items():
        run = 0
        previous: date | None = None
        for week in sorted(active):
            run = run + 1 if previous is not None and week - previous == timedelta(weeks=1) else 1
            if run > 1:
                bonus[(user, week)] = min(STREAK_STEP * (run - 1), STREAK_CAP)
            previous = week
    return bonus


def _improvement(entries: Sequence[Entry]) -> dict[str, tuple[float, int]]:
    """Mean of a person's last few scores minus the mean of the ones before them."""
    by_user: dict[str, list[Entry]] = defaultdict(list)
    for e in sorted(entries, key=lambda e: e.finished_at):
        by_user[e.user_id].append(e)
    out = {}
    for user, mine in by_user.items():
        if len(mine) < 2:
            continue
        # Half of one's history (at most RECENT) against the scores just before it.
        k = min(RECENT, len(mine) // 2)
        recent, earlier = mine[-k:], mine[:-k][-EARLIER:]
        gain = mean(e.score for e in recent) - mean(e.score for e in earlier)
        out[user] = (round(gain, 1), len(mine))
    return out


def _ranked(points: dict[str, tuple[float, int]]) -> list[Row]:
    ordered = sorted(points.items(), key=lambda kv: (-kv[1][0], kv[0]))
    rows: list[Row] = []
    for position, (user, (value, count)) in enumerate(ordered, 1):
        rank = rows[-1].rank if rows and rows[-1].points == value else position
        rows.append(Row(rank, user, value, count))
    return rows
