"""Slack payloads in, typed inputs out: the one package that reads Bolt's payload dicts.

Each ``parse_*`` function takes what Bolt hands a listener as ``body`` (for commands,
``command``) and returns a small frozen dataclass, or ``None`` when the payload is not for us
(a bot's message, a message outside a thread, an edit that changed nothing). A payload that
lacks a field Slack documents raises :class:`PayloadError`; a ``/drill`` command the user
mistyped raises :class:`UsageError`, whose message is a friendly reply for the user.

The wire format of our own UI also lives here, since this is where it comes back: the
``drill_*`` action ids and the button values (rendered by ``bot.slack.blocks``), and the
block and action ids of the start modal.

Team ids follow Bolt's ``context.team_id``: for events the installing workspace in
``authorizations[0]`` (right for shared channels) before the envelope's ``team_id``; for
interactivity ``view.app_installed_team_id``, then ``team.id``, then ``user.team_id``.
"""

from __future__ import annotations

from bot.slack.inputs.app_events import HomeOpened, Mention, parse_home_opened, parse_mention
from bot.slack.inputs.buttons import ButtonClick, Clicker, parse_button_click, parse_clicker
from bot.slack.inputs.command_help import COMMANDS, CommandHelp
from bot.slack.inputs.commands import DrillCommand, parse_drill_command
from bot.slack.inputs.envelope import envelope_problem
from bot.slack.inputs.fields import Payload, PayloadError, SlackInputError, UsageError
from bot.slack.inputs.installs import (
    TokensRevoked,
    Workspace,
    parse_tokens_revoked,
    parse_workspace,
)
from bot.slack.inputs.messages import (
    MessageDelete,
    MessageEdit,
    ThreadMessage,
    parse_message_delete,
    parse_message_edit,
    parse_thread_message,
)
from bot.slack.inputs.slash_command import SlashCommand, parse_slash_command
from bot.slack.inputs.start_modal import StartSubmission, parse_start_submission
from bot.slack.inputs.wire import (
    ACTION_ID_PATTERN,
    FORMAT_ACTION,
    FORMAT_BLOCK,
    QUESTION_ACTION,
    QUESTION_BLOCK,
    START_CALLBACK_ID,
    TOPIC_ACTION,
    TOPIC_BLOCK,
    action_id,
    button_value,
)

__all__ = [
    "ACTION_ID_PATTERN",
    "COMMANDS",
    "FORMAT_ACTION",
    "FORMAT_BLOCK",
    "QUESTION_ACTION",
    "QUESTION_BLOCK",
    "START_CALLBACK_ID",
    "TOPIC_ACTION",
    "TOPIC_BLOCK",
    "ButtonClick",
    "Clicker",
    "CommandHelp",
    "DrillCommand",
    "HomeOpened",
    "Mention",
    "MessageDelete",
    "MessageEdit",
    "Payload",
    "PayloadError",
    "SlackInputError",
    "SlashCommand",
    "StartSubmission",
    "ThreadMessage",
    "TokensRevoked",
    "UsageError",
    "Workspace",
    "action_id",
    "button_value",
    "envelope_problem",
    "parse_button_click",
    "parse_clicker",
    "parse_drill_command",
    "parse_home_opened",
    "parse_mention",
    "parse_message_delete",
    "parse_message_edit",
    "parse_slash_command",
    "parse_start_submission",
    "parse_thread_message",
    "parse_tokens_revoked",
    "parse_workspace",
]
