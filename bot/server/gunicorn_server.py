"""gunicorn, configured in code, serving the Bolt app (and, for `run`, its scheduler)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from gunicorn.app.base import BaseApplication
from slack_sdk import WebClient

from bot.server.background import start_scheduler
from bot.server.http import wsgi_app
from bot.server.installations import oauth_for
from bot.server.runtime import Runtime
from bot.server.workspaces import org_recorder
from bot.slack.app import create_app

THREADS = 8
"""Request threads per gunicorn worker. A thread reply's request holds its thread while the
reply is stored (a few milliseconds); Bolt runs every other listener on its own pool after
the ack."""


def serve_http(runtime: Runtime, client: WebClient, *, workers: int, with_scheduler: bool) -> None:
    """gunicorn until it is stopped. With ``with_scheduler`` (``run``; one worker), the
    worker runs the scheduler's threads beside its request threads: started by gunicorn's
    ``post_worker_init`` hook, in the worker, never in the arbiter, which forks."""
    multi = runtime.settings.multi_workspace
    app = create_app(
        settings=runtime.settings,
        service=runtime.service,
        content=runtime.content,
        client=client,
        oauth=oauth_for(runtime, client),
        middleware=[org_recorder(runtime)] if multi else [],
    )
    hooks: dict[str, Callable[..., None]] = {
        # Connections must not cross a fork: each worker opens its own.
        "post_fork": lambda server, worker: runtime.store.engine.dispose(close=False),
    }
    if with_scheduler:
        started: list[BackgroundScheduler] = []

        def post_worker_init(worker: object) -> None:
            started.append(start_scheduler(runtime, client))

        def worker_exit(server: object, worker: object) -> None:
            for scheduler in started:
                scheduler.shutdown(wait=False)

        hooks.update(post_worker_init=post_worker_init, worker_exit=worker_exit)
    GunicornServer(
        wsgi_app(app, signing_secret=runtime.settings.slack_signing_secret or ""),
        port=runtime.settings.port,
        workers=workers,
        log_config=runtime.settings.logging_config(),
        **hooks,
    ).run()


class GunicornServer(BaseApplication):
    """gunicorn, configured in code: threads suit Bolt's synchronous listeners.

    ``hooks`` are gunicorn server hooks by name (``post_fork``, ``post_worker_init``,
    ``worker_exit``...), called as gunicorn documents them. ``log_config`` is how the rest
    of the process logs (``Settings.logging_config``): gunicorn's lines, and its line per
    request when that is on, go the same way."""

    def __init__(
        self,
        application: Callable[..., Any],
        *,
        port: int,
        workers: int = 1,
        log_config: dict[str, Any] | None = None,
        **hooks: Callable[..., None],
    ) -> None:
        self.application = application
        self.options: dict[str, Any] = {
            "bind": f"0.0.0.0:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": THREADS,
            "timeout": 30,
            "logconfig_dict": log_config or {},
            **hooks,
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Callable[..., Any]:
        return self.application
