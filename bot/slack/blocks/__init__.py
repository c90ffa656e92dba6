"""Block Kit rendering: the one package that builds Slack messages, the start modal and Home.

Slack's limits, kept here: 3,000 characters of section text, 50 blocks per message, 100 per
view, 150 characters of header text, 75 of button or option text, 25 elements per actions
block, 100 options per select. Slack also refuses a message whose blocks hold more than about
13,000 characters in all (``msg_blocks_too_long``, slackapi/bolt-js#2509), so one message
holds at most :data:`MESSAGE_TEXT_BUDGET` characters and longer texts become several
messages. Sizes are counted in UTF-16 code units, so emoji cannot push a block over.

Every message has a plain ``text`` fallback (notifications; slack_sdk warns without one).
Engine text is Slack mrkdwn. Sections are ``verbatim`` (a bare ``@here`` or ``#channel`` is
not turned into a mention or link) and broadcast mentions (``<!here>``, ``<!channel>``,
``<!everyone>``) are defused: the bot never pings a whole channel, even when quoting someone.

Buttons: action ids and values are the wire format defined in ``bot.slack.inputs``.
"""

from __future__ import annotations

from bot.slack.blocks.home import UPCOMING_LIMIT, home_view
from bot.slack.blocks.kit import Block
from bot.slack.blocks.limits import (
    FALLBACK_LIMIT,
    MESSAGE_BLOCK_LIMIT,
    MESSAGE_TEXT_BUDGET,
    SECTION_LIMIT,
    VIEW_BLOCK_LIMIT,
)
from bot.slack.blocks.messages import SlackMessage, closed_buttons, render_say
from bot.slack.blocks.splitting import split_text
from bot.slack.blocks.start_modal import start_modal
from bot.slack.blocks.texts import FORGET_ACTION, FORGET_TEXT, forget_blocks, usage_text

__all__ = [
    "FALLBACK_LIMIT",
    "FORGET_ACTION",
    "FORGET_TEXT",
    "MESSAGE_BLOCK_LIMIT",
    "MESSAGE_TEXT_BUDGET",
    "SECTION_LIMIT",
    "UPCOMING_LIMIT",
    "VIEW_BLOCK_LIMIT",
    "Block",
    "SlackMessage",
    "closed_buttons",
    "forget_blocks",
    "home_view",
    "render_say",
    "split_text",
    "start_modal",
    "usage_text",
]
