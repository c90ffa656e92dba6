"""A slash command's payload (``/drill`` or any other): who typed it where, its text, and
where its replies go."""

from __future__ import annotations

from dataclasses import dataclass

from bot.slack.inputs.fields import Payload, PayloadError, text_at


@dataclass(frozen=True)
class SlashCommand:
    team_id: str
    channel_id: str
    user_id: str
    text: str
    trigger_id: str
    response_url: str


def parse_slash_command(command: Payload) -> SlashCommand:
    """Read a slash command (Bolt's ``command``). Commands never carry a thread."""
    return SlashCommand(
        team_id=text_at(command, "team_id", "slash command"),
        channel_id=text_at(command, "channel_id", "slash command"),
        user_id=text_at(command, "user_id", "slash command"),
        text=str(command.get("text") or "").strip(),
        trigger_id=str(command.get("trigger_id") or ""),
        response_url=_response_url(command),
    )


def _response_url(command: Payload) -> str:
    """Where the command's replies go: Slack always sends one, and only an http(s) URL."""
    url = command.get("response_url")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise PayloadError("slash command has no response_url")
    return url
