"""The team's leaderboards as text, and leaving or rejoining them (`/drill leaderboard`)."""

from __future__ import annotations

from bot.interviews.leaderboard import Entry, board
from bot.interviews.leaderboard_text import render
from bot.interviews.leaderboard_windows import WINDOWS
from bot.interviews.service import InterviewService
from bot.interviews.your_data import FORGOTTEN


def leaderboard_text(service: InterviewService, *, team_id: str, window: str) -> str:
    """The team's board for ``window`` (one of :data:`WINDOWS`), hidden people left out."""
    if window not in WINDOWS:
        raise ValueError(window)
    now = service.clock()
    with service.store.transaction() as tx:
        scores = tx.scores(team_id=team_id)
        hidden = tx.hidden_users(team_id=team_id) | {FORGOTTEN}
        setting = tx.team_setting(team_id=team_id)
    tz = setting.timezone if setting else "UTC"
    entries = [Entry(s.user_id, s.score, s.on_time_phases, s.finished_at) for s in scores]
    return render(board(entries, window=window, now=now, tz=tz, hidden=hidden), window=window)


def leaderboard_command(service: InterviewService, word: str, *, team_id: str, user_id: str) -> str:
    """`leaderboard [window]`, or `hide` / `show` to leave or rejoin every board."""
    if word in ("hide", "show"):
        with service.store.transaction() as tx:
            tx.set_hidden(
                team_id=team_id, user_id=user_id, hidden=word == "hide", now=service.clock()
            )
        return (
            "You are off every leaderboard."
            if word == "hide"
            else "You are back on the leaderboards."
        )
    if word not in WINDOWS:
        return "Try `/drill leaderboard [week|month|season|all|improved]` or `hide` / `show`."
    return leaderboard_text(service, team_id=team_id, window=word)
