"""The leaderboard as text (Slack mrkdwn): a window's ranked rows, ties and an empty board
included."""

from __future__ import annotations

from collections.abc import Sequence

from bot.interviews.leaderboard import Row

TITLES = {
    "week": "this week",
    "month": "this month",
    "season": "this season",
    "all": "all time",
    "improved": "most improved",
}


def render(rows: Sequence[Row], *, window: str, limit: int = 10) -> str:
    """Slack mrkdwn; reads well for an empty board, one person, and ties."""
    title = f"*Leaderboard: {TITLES[window]}*"
    if not rows:
        hint = "Scores need a couple of interviews each." if window == "improved" else ""
        return f"{title}\nNo finished interviews yet. Be the first: `/drill start`. {hint}".strip()
    lines = [title]
    for row in rows[:limit]:
        tie = "=" if sum(1 for r in rows if r.rank == row.rank) > 1 else ""
        if window == "improved":
            value = f"{row.points:+g} points vs. their earlier scores"
        else:
            value = f"{row.points:g} pts"
        plural = "s" if row.interviews != 1 else ""
        lines.append(
            f"{row.rank}{tie}. <@{row.user_id}>: {value} ({row.interviews} interview{plural})"
        )
    if len(rows) == 1 and window != "improved":
        lines.append("_Just one name so far: invite a teammate to a drill._")
    return "\n".join(lines)
