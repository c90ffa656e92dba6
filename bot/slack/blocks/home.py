"""The App Home tab: running and past interviews, upcoming drills, the week's board."""

from __future__ import annotations

from bot.slack.blocks.kit import Block, context, header, item, section
from bot.slack.blocks.limits import VIEW_BLOCK_LIMIT
from bot.slack.blocks.splitting import split_text

UPCOMING_LIMIT = 10


def home_view(
    running: list[tuple[str, str]],
    history: list[tuple[str, str]],
    upcoming: list[tuple[str, str]] | None = None,
    leaderboard: str | None = None,
) -> Block:
    """The App Home tab (``views.publish``): ``(label, detail)`` pairs for the interviews
    running now and the user's past ones, most recent first, then the team's upcoming
    scheduled drills (when given; at most :data:`UPCOMING_LIMIT`). Stays within 100 blocks."""
    drills = list(upcoming or [])
    shown_drills = drills[:UPCOMING_LIMIT]
    fixed = 2 + 2 * 2 + 2  # title and intro, a divider and header per list, two "more" lines
    if upcoming is not None:  # a divider, a header, the drills or an empty line, "more"
        fixed += 3 + max(len(shown_drills), 1)
    if leaderboard is not None:  # a divider and one section
        fixed += 2
    room = VIEW_BLOCK_LIMIT - fixed
    take_running = min(len(running), max(room - len(history), room // 2))
    take_history = min(len(history), room - take_running)
    blocks: list[Block] = [
        header("DesignDrill"),
        section(
            "Mock system-design interviews in Slack threads. Type `/drill start` in a channel "
            "or in a DM with me; `/drill help` lists everything."
        ),
    ]
    lists = (
        ("Running now", running, take_running, "Nothing running. `/drill start` begins one."),
        ("Your past interviews", history, take_history, "No interviews yet."),
    )
    for title, items, take, empty in lists:
        blocks += [{"type": "divider"}, header(title)]
        blocks += [item(label, detail) for label, detail in items[:take]] or [context(empty)]
        if len(items) > take:
            blocks.append(context(f"…and {len(items) - take} more."))
    if upcoming is not None:
        blocks += [{"type": "divider"}, header("Upcoming drills")]
        hint = context("No drills scheduled. `/drill schedule add weekly mon 09:00` sets one up.")
        blocks += [item(label, detail) for label, detail in shown_drills] or [hint]
        if len(drills) > len(shown_drills):
            blocks.append(context(f"…and {len(drills) - len(shown_drills)} more."))
    if leaderboard is not None:
        blocks += [{"type": "divider"}, section(split_text(leaderboard)[0])]
    return {"type": "home", "blocks": blocks}
