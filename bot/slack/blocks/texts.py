"""Fixed texts and their blocks: forget-me's confirmation and `/drill help`."""

from __future__ import annotations

from bot.slack.blocks.kit import Block, plain, section
from bot.slack.inputs import COMMANDS

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
