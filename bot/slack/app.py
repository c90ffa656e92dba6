"""The Bolt app factory. No module-level App: the composition root builds one per process."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from slack_bolt import App
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.config import Settings
from bot.content.model import Content
from bot.interviews.service import InterviewService
from bot.slack.deps import SlackDeps
from bot.slack.errors import on_error
from bot.slack.wiring import register

logger = logging.getLogger(__name__)


def make_client(
    settings: Settings, *, token: str | None = None, wait_out_429: bool = True
) -> WebClient:
    """Every Web API client the app creates honours SLACK_API_URL. Its token: ``token`` (a
    workspace's, multi-workspace mode) or SLACK_BOT_TOKEN. It retries 429s after their
    Retry-After unless ``wait_out_429`` is False (delivery's: a sender thread asleep for one
    channel serves no other, so the outbox retries the message instead)."""
    kwargs: dict[str, Any] = {"token": token or settings.slack_bot_token}
    if settings.slack_api_url:
        kwargs["base_url"] = settings.slack_api_url
    client = WebClient(**kwargs)
    if wait_out_429:
        client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    return client


def create_app(
    *,
    settings: Settings,
    service: InterviewService,
    content: Content,
    client: WebClient,
    socket_mode: bool = False,
    oauth: OAuthSettings | None = None,
    middleware: Sequence[Callable[..., Any]] = (),
) -> App:
    """A Bolt app whose request signature check stays on: the signing secret is required
    unless the app is for Socket Mode only, where no request is signed (Bolt skips the
    check for Socket Mode requests).

    With ``oauth`` (multi-workspace mode) the app serves the install pages and each
    request runs with its workspace's token from the installation store; ``middleware``
    runs on every request before the listeners."""
    settings.require_slack(http=not socket_mode)
    app = App(
        client=client,
        signing_secret=settings.slack_signing_secret or "",
        # Listeners ack first and do their work after: Bolt answers Slack as soon as ack()
        # is called, well within the 3 seconds Slack waits.
        process_before_response=False,
        oauth_settings=oauth,
        # Requests no listener takes go to on_error, which acks them in one log line.
        raise_error_for_unhandled_request=True,
    )
    for fn in middleware:
        app.use(fn)
    register(app, SlackDeps(service=service, content=content))
    app.error(on_error)
    return app
