"""The wiring table: which Slack request goes to which listener.

Listeners are plain functions taking ``deps`` first; Bolt injects ``ack``, ``body``,
``client`` and ``respond`` by name into the small adapters made here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App

from bot.slack.deps import SlackDeps
from bot.slack.inputs import ACTION_ID_PATTERN, START_CALLBACK_ID
from bot.slack.listeners import actions, commands, events, yourdata


def register(app: App, deps: SlackDeps) -> None:
    app.command("/drill")(_with_respond(commands.on_drill, deps))
    app.event("message", middleware=[_before_ack(events.store_message, deps)])(events.ack_message)
    app.event("app_home_opened")(_plain(events.on_home_opened, deps))
    app.event("app_mention")(_plain(events.on_mention, deps))
    app.action(ACTION_ID_PATTERN)(_plain(actions.on_button, deps))
    app.view(START_CALLBACK_ID)(_plain(actions.on_start_submitted, deps))
    app.action(yourdata.FORGET_ACTION)(_with_respond(yourdata.on_forget_confirmed, deps))


def _before_ack(fn: Callable[..., None], deps: SlackDeps) -> Callable[..., None]:
    """Listener middleware runs in the request thread before Bolt acks the request."""

    def middleware(body: dict, next: Callable[[], None]) -> None:  # noqa: A002 -- Bolt's name
        fn(deps, body=body)
        next()

    middleware.__name__ = fn.__name__
    return middleware


def _plain(fn: Callable[..., None], deps: SlackDeps) -> Callable[..., None]:
    def listener(ack: Any, body: dict, client: Any) -> None:
        fn(deps, ack=ack, body=body, client=client)

    listener.__name__ = fn.__name__
    return listener


def _with_respond(fn: Callable[..., None], deps: SlackDeps) -> Callable[..., None]:
    def listener(ack: Any, body: dict, client: Any, respond: Any) -> None:
        fn(deps, ack=ack, body=body, client=client, respond=respond)

    listener.__name__ = fn.__name__
    return listener
