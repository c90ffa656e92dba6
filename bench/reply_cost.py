"""``python -m bench.reply_cost``: the app's CPU and SQL per thread reply, on each database.

The real path of a thread reply in one thread of this process: the app's WSGI callable (as
gunicorn calls it), Slack's signature check, Bolt's dispatch, the ``_BeforeAck``
middleware, the service and storage, each reply committed before its 200. The same
interviews and replies as ``bench.load`` (200 running interviews, six people), but no
HTTP server and no load generator: the figure is this thread's CPU time
(``time.thread_time``), so others' work on the machine does not change it, and the
database server's CPU is not in it. Statements are counted as SQLAlchemy's
``before_cursor_execute`` sees them; commits apart.

``--profile`` prints the functions where the time goes (cProfile, cumulative).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import pstats
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event

from bench.databases import DatabaseUnavailable, postgresql_database, sqlite_database
from bench.load import count_answers, reply, seed_interviews
from bench.load_client import Request
from bot.config import Settings
from bot.server.http import wsgi_app
from bot.server.runtime import build
from bot.slack.app import create_app, make_client
from tests.fakes import slack_requests as req
from tests.fakes.slack_api import FakeSlack


@dataclass(frozen=True)
class Cost:
    replies: int
    cpu_ms: float
    statements: float
    commits: float


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reply_cost", description=__doc__)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--replies", type=int, default=3000)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    databases = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    for name in databases:
        try:
            cost = measure(name, replies=args.replies, profile=args.profile)
        except DatabaseUnavailable as error:
            print(f"bench.reply_cost: {error}", file=sys.stderr)
            return 2
        print(
            f"{name:<10} {cost.replies} replies: {cost.cpu_ms:.2f} ms CPU a reply, "
            f"{cost.statements:.1f} statements + {cost.commits:.1f} commit a reply"
        )
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"(load average {load})")
    return 0


def measure(database: str, *, replies: int, profile: bool) -> Cost:
    rng = random.Random(14)
    opened = sqlite_database() if database == "sqlite" else postgresql_database()
    with opened as url, FakeSlack.start() as fake:
        threads = seed_interviews(url)
        settings = Settings.from_env(
            {
                "DATABASE_URL": url,
                "SLACK_BOT_TOKEN": "xoxb-bench",
                "SLACK_SIGNING_SECRET": req.SIGNING_SECRET,
                "SLACK_API_URL": fake.base_url,
                "LOG_LEVEL": "WARNING",
            }
        )
        runtime = build(settings)
        client = make_client(settings)
        app = create_app(
            settings=settings, service=runtime.service, content=runtime.content, client=client
        )
        call = wsgi_app(app, signing_secret=req.SIGNING_SECRET)
        try:
            for n in range(200):  # warm: imports, caches, the pool's connection
                _send(call, reply(rng, threads, n))
            # Built beforehand: signing them is the client's work, not the app's.
            requests = [reply(rng, threads, 1000 + n) for n in range(replies)]
            with _counting(runtime.store.engine) as counts, _profiled(profile):
                started = time.thread_time()
                for request in requests:
                    _send(call, request)
                cpu = time.thread_time() - started
            stored = count_answers(url)
        finally:
            runtime.store.engine.dispose()
    if stored != replies + 200:
        raise SystemExit(f"{replies + 200} replies sent, {stored} stored")
    return Cost(
        replies, 1000 * cpu / replies, counts["statements"] / replies, counts["commits"] / replies
    )


def _send(call: Callable[..., Any], request: Request) -> None:
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/slack/events",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_TYPE": request.headers["Content-Type"],
        "CONTENT_LENGTH": str(len(request.body)),
        "wsgi.input": io.BytesIO(request.body),
        **{
            "HTTP_" + name.upper().replace("-", "_"): value
            for name, value in request.headers.items()
            if name != "Content-Type"
        },
    }
    status: list[str] = []
    body = b"".join(call(environ, lambda s, headers, *exc: status.append(s)))
    if not status or not status[0].startswith("200"):
        raise SystemExit(f"a reply was answered {status} {body!r}")


@contextmanager
def _counting(engine: Any) -> Iterator[dict[str, int]]:
    counts = {"statements": 0, "commits": 0}

    def statement(*_: Any) -> None:
        counts["statements"] += 1

    def commit(*_: Any) -> None:
        counts["commits"] += 1

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    try:
        yield counts
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "commit", commit)


@contextmanager
def _profiled(enabled: bool) -> Iterator[None]:
    if not enabled:
        yield
        return
    profiler = cProfile.Profile(time.thread_time)  # CPU, not the wall clock
    profiler.enable()
    try:
        yield
    finally:
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    sys.exit(main())
