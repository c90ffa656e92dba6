"""The servers ``python -m bench.ack`` measures, each run as its own child process.

``python -m bench.ack_server designdrill|bare``, configured by the same environment variables
as ``designdrill web`` (``PORT``, ``DATABASE_URL``, ``SLACK_*``, ``WEB_CONCURRENCY``,
``WEB_PIN_CPUS``).

- ``designdrill`` runs the production entry point itself, ``bot.slack.serve.serve(mode="web")``,
  so the bench follows whatever that function does (app factory, post-fork engine disposal,
  worker count). The only change: gunicorn binds 127.0.0.1 instead of 0.0.0.0.
- ``bare`` (and ``control``, the same again) is the baseline: a Bolt app whose ``message``
  listener only acks, behind the very same WSGI wrapper (``wsgi_app``), Web API client and
  gunicorn settings. The difference is therefore DesignDrill's own work, not the transport.
"""

from __future__ import annotations

import os
import sys
from unittest import mock

from slack_bolt import Ack, App

import bot.slack.serve as serve_module
from bot.config import Settings
from bot.runtime import build
from bot.slack.app import make_client
from bot.slack.http import GunicornServer, wsgi_app

TARGETS = ("designdrill", "bare", "control")
"""``control`` is a second, identical bare app (the run's noise floor)."""


class LocalGunicorn(GunicornServer):
    """``GunicornServer`` unchanged (gthread, threads, workers, timeout, access log) except
    that it listens on 127.0.0.1 only: a benchmark has no business on other interfaces."""

    def load_config(self) -> None:
        self.options["bind"] = self.options["bind"].replace("0.0.0.0", "127.0.0.1", 1)
        super().load_config()


def run_designdrill(settings: Settings) -> int:
    """Exactly what ``designdrill web`` runs after reading its settings."""
    runtime = build(settings)
    with mock.patch.object(serve_module, "GunicornServer", LocalGunicorn):
        return serve_module.serve(runtime, mode="web")


def only_ack(ack: Ack) -> None:
    """The cheapest listener Bolt allows: what any app must at least do per event."""
    ack()


def run_bare(settings: Settings) -> int:
    """A bare Bolt app served the way ``serve(mode="web")`` serves DesignDrill."""
    settings.require_slack()
    app = App(
        client=make_client(settings),
        signing_secret=settings.slack_signing_secret,
        process_before_response=False,
    )
    app.event("message")(only_ack)
    workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
    LocalGunicorn(
        wsgi_app(app), port=settings.port, workers=workers, pin_workers=settings.web_pin_cpus
    ).run()
    return 0


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in TARGETS:
        print(f"usage: python -m bench.ack_server {'|'.join(TARGETS)}", file=sys.stderr)
        return 2
    settings = Settings.from_env(os.environ)
    settings.configure_logging()
    return run_designdrill(settings) if argv[0] == "designdrill" else run_bare(settings)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
