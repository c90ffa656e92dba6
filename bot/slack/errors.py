"""Where errors in Slack listeners end up: the one handler Bolt calls (``app.error``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.error import BoltUnhandledRequestError

from bot.slack.inputs import SlackInputError

logger = logging.getLogger(__name__)


def on_error(
    error: Exception, body: dict, respond: Any, response: BoltResponse | None
) -> BoltResponse | None:
    """The one place listener errors end up: logged with traceback, the person told.

    A request that is not for us, or a payload without the fields Slack documents, is
    acked and logged in one line: nobody is waiting for an answer to it, and a 404 or 500
    would only make Slack retry it.
    """
    if isinstance(error, SlackInputError | BoltUnhandledRequestError):
        kind = body.get("type") or body.get("command") or "request"
        reason = "not for us" if isinstance(error, BoltUnhandledRequestError) else error
        logger.warning("ignored a Slack %s: %s", str(kind)[:40], str(reason)[:200])
        return BoltResponse(status=200, body="") if response is not None else None
    logger.exception("unhandled error in a Slack listener", exc_info=error)
    if respond is not None and body.get("response_url"):
        try:
            respond(
                text="Sorry, something went wrong on our side; it has been logged.",
                response_type="ephemeral",
            )
        except Exception:  # noqa: BLE001 -- never let the error handler raise
            logger.warning("could not tell the user about the error")
    return None


def reported_after_ack(call: Callable[[], None], *, ack: Any, body: dict, respond: Any) -> None:
    """Run a listener; an error it raises after acking goes to :func:`on_error` from here.

    Bolt's thread runner (slack_bolt 1.30) clears the ack of a listener that raises after
    acking, so Slack would get a 404 three seconds later for a request that was answered.
    An error before the ack is left to Bolt, which passes it to :func:`on_error` too.
    """
    try:
        call()
    except Exception as error:
        if getattr(ack, "response", None) is None:
            raise
        on_error(error, body, respond, None)
