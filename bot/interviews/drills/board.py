"""The end of a scheduled drill: the week's leaderboard, posted in the drill's thread.

Called by :func:`bot.interviews.drills.announcing.announce_finished` once the drill has
finished and its retrospectives are queued (the finish hook saves scores in that same
transaction), so the board includes this drill.
"""

from __future__ import annotations

from datetime import datetime

from bot.interviews.leaderboard import Entry, board
from bot.interviews.leaderboard_text import render
from storage.models import Interview
from storage.repository import NewOutboxItem, Tx

BOARD_KEY = "week-board"


def post_week_board(tx: Tx, *, interview: Interview, now: datetime) -> NewOutboxItem | None:
    """The week's board (in the team's time zone) as an outbox item for the drill's thread."""
    setting = tx.team_setting(team_id=interview.team_id)
    tz = setting.timezone if setting is not None else "UTC"
    entries = [
        Entry(s.user_id, s.score, s.on_time_phases, s.finished_at)
        for s in tx.scores(team_id=interview.team_id)
    ]
    rows = board(
        entries, window="week", now=now, tz=tz, hidden=tx.hidden_users(team_id=interview.team_id)
    )
    text = render(rows, window="week")
    return NewOutboxItem(
        key=BOARD_KEY,
        channel_id=interview.channel_id,
        payload={"kind": "info", "text": text, "buttons": []},
    )
