"""Views and fixed texts: the start modal, the App Home tab, forget-me, `/drill help`."""

from __future__ import annotations

from bot.slack.blocks.kit import (
    OPTIONS_LIMIT,
    VIEW_BLOCK_LIMIT,
    Block,
    context,
    header,
    input_block,
    item,
    plain,
    section,
    select,
    split_text,
)
from bot.slack.inputs import (
    COMMANDS,
    FORMAT_ACTION,
    FORMAT_BLOCK,
    QUESTION_ACTION,
    QUESTION_BLOCK,
    START_CALLBACK_ID,
    TOPIC_ACTION,
    TOPIC_BLOCK,
)


def start_modal(
    channel_id: str, questions: list[tuple[str, str]], formats: list[tuple[str, str]]
) -> Block:
    """The ``views.open`` view to start an interview in ``channel_id``.

    ``questions`` and ``formats`` are ``(id, label)`` pairs; the first format is preselected.
    A select holds 100 options at most: further questions can still be typed as a topic.
    """
    blocks: list[Block] = [
        section("Pick a question or type a topic. Leave both empty for a random question.")
    ]
    if questions:
        picker = select(QUESTION_ACTION, "Pick a question", questions[:OPTIONS_LIMIT])
        blocks.append(input_block(QUESTION_BLOCK, "Question", picker, optional=True))
    topic = {
        "type": "plain_text_input",
        "action_id": TOPIC_ACTION,
        "max_length": 150,
        "placeholder": plain("e.g. url shortener"),
    }
    blocks.append(input_block(TOPIC_BLOCK, "…or a topic", topic, optional=True))
    if formats:
        picker = select(FORMAT_ACTION, "Pick a format", formats[:OPTIONS_LIMIT])
        picker["initial_option"] = picker["options"][0]
        blocks.append(input_block(FORMAT_BLOCK, "Format", picker, optional=False))
    return {
        "type": "modal",
        "callback_id": START_CALLBACK_ID,
        "private_metadata": channel_id,
        "title": plain("Start a drill"),
        "submit": plain("Start"),
        "close": plain("Cancel"),
        "blocks": blocks,
    }


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


FORGET_ACTION = "designdrill_forget_me"
FORGET_TEXT = (
    "This deletes your answers (with their edit history), your scores and your participation "
    "in this workspace, and takes you off every leaderboard. It cannot be undone."
)


def forget_blocks() -> list[Block]:
    """`/drill forget-me`: what it deletes, and the one button that confirms it."""
    button = {
        "type": "button",
        "action_id": FORGET_ACTION,
        "style": "danger",
        "text": plain("Delete my data"),
        "value": "confirm",
    }
    return [section(FORGET_TEXT), {"type": "actions", "elements": [button]}]


def usage_text() -> str:
    """The text for ``/drill help`` (and the tail of usage errors, if the caller wants)."""
    lines = ["*DesignDrill* runs a mock system-design interview in a thread."]
    for command in COMMANDS:
        usage = f"/drill {command.name} {command.args}".strip()
        lines.append(f"• `{usage}`: {command.summary}")
    lines.append("Answer in the interview's thread; edits and deletions are followed.")
    return "\n".join(lines)
