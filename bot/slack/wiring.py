"""The wiring table: which Slack request goes to which listener.

Listeners are plain functions taking ``deps`` first; Bolt injects ``ack``, ``body``,
``client`` and ``respond`` by name into the small adapters made here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.slack.blocks import FORGET_ACTION
from bot.slack.deps import SlackDeps
from bot.slack.errors import reported_after_ack
from bot.slack.inputs import ACTION_ID_PATTERN, START_CALLBACK_ID
from bot.slack.listeners import (
    buttons,
    commands,
    events,
    home,
    installs,
    start_modal,
    your_data_commands,
)


def register(app: App, deps: SlackDeps) -> None:
    # Bolt tries listeners in this order, each match costing it some work: thread replies,
    # the busiest request by far, come first.
    app.event("message", middleware=[_BeforeAck(events.store_message, deps)])(events.ack_message)
    app.command("/drill")(_with_respond(commands.on_drill, deps))
    app.event("app_home_opened")(_plain(home.on_home_opened, deps))
    app.event("app_mention")(_plain(events.on_mention, deps))
    app.action(ACTION_ID_PATTERN)(_plain(buttons.on_button, deps))
    app.view(START_CALLBACK_ID)(_plain(start_modal.on_start_submitted, deps))
    app.action(FORGET_ACTION)(_with_respond(your_data_commands.on_forget_confirmed, deps))
    for event, fn in (
        ("app_uninstalled", installs.on_app_uninstalled),
        ("tokens_revoked", installs.on_tokens_revoked),
    ):
        app.event(event, middleware=[_BeforeAck(fn, deps)])(events.ack_message)


class _BeforeAck(Middleware):
    """Runs ``fn`` in the request thread, then acks: the ack goes out only once ``fn``
    returned (if it raises, Slack gets a 500 and retries).

    Listener middleware runs before Bolt acks. It answers Slack itself rather than calling
    ``next()``: Bolt would ack, then hand the listener, which has nothing left to do, to
    its thread pool, a thread switch per thread reply for nothing. And a
    :class:`Middleware` rather than a function: Bolt calls it directly, where a function
    gets its arguments injected by name on every request.
    """

    def __init__(self, fn: Callable[..., None], deps: SlackDeps) -> None:
        self.fn, self.deps = fn, deps

    def process(
        self,
        *,
        req: BoltRequest,
        resp: BoltResponse,
        next: Callable[[], BoltResponse],  # noqa: A002 -- Bolt's name
    ) -> BoltResponse | None:
        self.fn(self.deps, body=req.body, client=req.context.client)
        return BoltResponse(status=200, body="")  # what ack() answers

    @property
    def name(self) -> str:
        return self.fn.__name__


def _plain(fn: Callable[..., None], deps: SlackDeps) -> Callable[..., None]:
    def listener(ack: Any, body: dict, client: Any) -> None:
        call = lambda: fn(deps, ack=ack, body=body, client=client)  # noqa: E731
        reported_after_ack(call, ack=ack, body=body, respond=None)

    listener.__name__ = fn.__name__
    return listener


def _with_respond(fn: Callable[..., None], deps: SlackDeps) -> Callable[..., None]:
    def listener(ack: Any, body: dict, client: Any, respond: Any) -> None:
        call = lambda: fn(deps, ack=ack, body=body, client=client, respond=respond)  # noqa: E731
        reported_after_ack(call, ack=ack, body=body, respond=respond)

    listener.__name__ = fn.__name__
    return listener
