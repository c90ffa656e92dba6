"""Serving Bolt over HTTP: a WSGI app at /slack/events, run by gunicorn in production.

Also works around a slack_bolt 1.30 parsing bug: a form-encoded slash command whose text
contains the word "payload" is mistaken for an interactive payload and parsed as {}.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from typing import Any
from urllib.parse import parse_qsl

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.context import BoltContext
from slack_bolt.request.internals import build_context

PATH = "/slack/events"
THREADS = 32
"""Request threads per gunicorn worker (see ``bench/ACK.md``: 8 let at most 8 answers share
a commit and halved DesignDrill's answer throughput; more than 32 gained nothing)."""


def bolt_request(body: str, query: Any, headers: dict[str, Any]) -> BoltRequest:
    """A BoltRequest whose parsed body is right even when a command mentions 'payload'."""
    request = BoltRequest(body=body, query=query, headers=headers)
    if not request.body and body and not body.lstrip().startswith("{"):
        fields = dict(parse_qsl(body, keep_blank_values=True))
        if "payload" not in fields and "command" in fields:
            request.body = fields
            request.context = build_context(BoltContext({}), fields)
    return request


class DrillRequestHandler(SlackRequestHandler):
    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        return self.app.dispatch(
            bolt_request(request.get_body(), request.query_string, request.get_headers())
        )


def wsgi_app(app: App) -> Callable[..., Any]:
    """The WSGI callable: /slack/events for Slack, /healthz for load balancers."""
    handler = DrillRequestHandler(app, path=PATH)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        return handler(environ, start_response)

    return application


class GunicornServer(BaseApplication):
    """gunicorn, configured in code: threads suit Bolt's synchronous listeners."""

    def __init__(
        self,
        application: Callable[..., Any],
        *,
        port: int,
        workers: int = 1,
        post_fork: Callable[..., None] | None = None,
        on_idle: Callable[[Arbiter], None] | None = None,
        pin_workers: bool = False,
    ) -> None:
        """``on_idle(arbiter)`` runs in the arbiter's main loop, about once a second, where
        gunicorn itself looks after its workers (and forks new ones).

        ``pin_workers`` keeps each worker on one CPU of its own (while there are enough):
        all of a worker's threads share one interpreter lock, and on several CPUs they hand
        it to each other across CPUs, at a cost that grows with the load (measured in
        ``bench/ACK.md``: on 2 CPUs, 1.7x the answers per second at about half the p99). For a
        machine, or a container with its own CPU set, that runs nothing else busy: on a
        shared host the CPU a worker is held to may be another tenant's busiest."""
        self.application = application
        self.on_idle = on_idle
        self.options: dict[str, Any] = {
            "bind": f"0.0.0.0:{port}",
            "workers": workers,
            "worker_class": "gthread",
            # A thread per request in flight: a thread reply's request waits for the
            # commit it shares with the replies that arrived meanwhile
            # (bot/reply_batch.py), so threads bound how many answers one commit stores.
            "threads": THREADS,
            "timeout": 30,
            "accesslog": "-",
        }
        if pin_workers:
            self.options["pre_fork"] = _choose_cpu
            post_fork = _pinned_first(post_fork)
        if post_fork is not None:
            self.options["post_fork"] = post_fork
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Callable[..., Any]:
        return self.application

    def run(self) -> None:
        """``BaseApplication.run``, with the arbiter that calls ``on_idle``."""
        try:
            _Arbiter(self).run()
        except RuntimeError as error:
            print(f"\nError: {error}\n", file=sys.stderr)
            sys.exit(1)


def pick_cpu(allowed: Collection[int], taken: Iterable[int]) -> int:
    """The CPU of ``allowed`` with the fewest workers on it (``taken``: one entry per
    running worker), the lowest-numbered on a tie; so workers spread over the CPUs, and a
    replacement worker gets the CPU its predecessor left."""
    counts = Counter(taken)
    return min(sorted(allowed), key=lambda cpu: counts[cpu])


def _choose_cpu(arbiter: Arbiter, worker: Any) -> None:
    """gunicorn's ``pre_fork``, in the arbiter: which CPU the worker about to be forked gets
    (among those this server may use)."""
    taken = [getattr(w, "cpu", None) for w in arbiter.WORKERS.values()]
    worker.cpu = pick_cpu(os.sched_getaffinity(0), [c for c in taken if c is not None])


def _pinned_first(post_fork: Callable[..., None] | None) -> Callable[..., None]:
    """``post_fork``, in the new worker: hold it to its CPU, then the caller's own. If the
    CPU cannot be had (a container's CPU set changed), the worker runs unpinned: failing
    here would make gunicorn start it again and again."""

    def pin_then(server: Arbiter, worker: Any) -> None:
        try:
            os.sched_setaffinity(0, {worker.cpu})
        except OSError as error:
            server.log.warning("worker %s not held to CPU %s: %s", worker.pid, worker.cpu, error)
        else:
            server.log.info("worker %s held to CPU %s", worker.pid, worker.cpu)
        if post_fork is not None:
            post_fork(server, worker)

    return pin_then


class _Arbiter(Arbiter):
    def manage_workers(self) -> None:
        super().manage_workers()
        if self.app.on_idle is not None:
            self.app.on_idle(self)
