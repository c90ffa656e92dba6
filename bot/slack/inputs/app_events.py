"""Events addressed to the app itself rather than an interview thread: its App Home opened,
the bot mentioned."""

from __future__ import annotations

from dataclasses import dataclass

from bot.slack.inputs.fields import Payload, event_of, optional_ts, team_id_of, text_at, ts_at


@dataclass(frozen=True)
class HomeOpened:
    team_id: str
    user_id: str


def parse_home_opened(body: Payload) -> HomeOpened | None:
    """The App Home's Home tab was opened; None for its Messages tab."""
    event = event_of(body)
    if event.get("type") != "app_home_opened" or event.get("tab", "home") != "home":
        return None
    return HomeOpened(team_id=team_id_of(body), user_id=text_at(event, "user", "app_home_opened"))


@dataclass(frozen=True)
class Mention:
    channel_id: str
    thread_ts: str
    """Where to answer: the mention's thread, or the mention itself."""


def parse_mention(body: Payload) -> Mention:
    """An ``app_mention``: the bot was named in a message."""
    event = event_of(body)
    ts = ts_at(event, "ts", "app_mention")
    return Mention(
        channel_id=text_at(event, "channel", "app_mention"),
        thread_ts=optional_ts(event, "thread_ts", "app_mention") or ts,
    )
