"""A whole DesignDrill Slack deployment in one test: the real Bolt app served over HTTP,
pointed at the fake Slack Web API, with a controllable clock and a hand-cranked scheduler.

Production runs the same WSGI app under gunicorn; here a threaded wsgiref server serves it
on a free port so tests can send Slack-signed requests to it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App

from bot.config import Settings
from bot.interviews.delivery import Delivery
from bot.interviews.service import TERMINAL_TEAM, InterviewService
from bot.server.background import tell_host
from bot.server.http import wsgi_app
from bot.server.runtime import Runtime
from bot.server.scheduler import run_tick
from bot.slack.app import create_app, make_client
from bot.slack.sender import SlackSender
from storage.db import make_engine
from storage.migrate import upgrade
from storage.repository import Store
from tests.cli_harness import write_blitz
from tests.clock import Clock
from tests.fakes import slack_requests as req
from tests.fakes.slack_api import Call, FakeSlack
from tests.helpers import content_with

T0 = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
SIGNED = req.Signing()  # frozen: safe as a shared default


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 64  # tests send bursts of concurrent requests (default: 5)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@dataclass
class SlackWorld:
    fake: FakeSlack
    url: str
    clock: Clock
    service: InterviewService
    delivery: Delivery
    sleeps: list[float] = field(default_factory=list)
    app: App | None = None

    # -- requests, signed as Slack signs them ----------------------------------------------

    def command(
        self,
        text: str,
        *,
        user: str = req.USER_ID,
        channel: str = req.CHANNEL_ID,
        signing: req.Signing = SIGNED,
    ) -> tuple[int, dict[str, Any]]:
        body, headers = req.slash_command(
            text,
            user_id=user,
            channel_id=channel,
            signing=signing,
            response_url=self.fake.response_url(f"cmd-{user}"),
        )
        return self._post(body, headers)

    def reply(
        self,
        text: str,
        *,
        user: str = req.USER_ID,
        ts: str | None = None,
        event_id: str | None = None,
        signing: req.Signing = SIGNED,
    ) -> int:
        ts = ts or self.ts_now()
        event = req.thread_reply_event(text, thread_ts=self.thread_ts(), ts=ts, user_id=user)
        body, headers = req.event_request(event, event_id=event_id, signing=signing)
        return self._post(body, headers)[0]

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        signing: req.Signing = SIGNED,
    ) -> int:
        body, headers = req.event_request(event, event_id=event_id, signing=signing)
        return self._post(body, headers)[0]

    def click(self, action_id: str, value: str, *, user: str = req.USER_ID) -> int:
        thread = self.thread_ts()
        payload = req.block_actions_payload(
            action_id=action_id,
            value=value,
            message_ts=thread,
            thread_ts=thread,
            user_id=user,
            response_url=self.fake.response_url(f"click-{user}"),
        )
        return self._post(*req.interactive_request(payload))[0]

    def press(self, post: Call, action: str, *, user: str = req.USER_ID) -> int:
        """Press the first button whose action id starts with ``drill_<action>`` on the
        posted message ``post``, as Slack sends it: with the message's ts, text and blocks."""
        blocks = post.params["blocks"]
        blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
        button = next(
            e
            for b in blocks
            if b["type"] == "actions"
            for e in b["elements"]
            if e["action_id"].startswith(f"drill_{action}")
        )
        payload = req.block_actions_payload(
            action_id=button["action_id"],
            value=button["value"],
            message_ts=str(post.response["ts"]),
            thread_ts=post.params.get("thread_ts") or str(post.response["ts"]),
            user_id=user,
            response_url=self.fake.response_url(f"click-{user}"),
            label=button["text"]["text"],
            text=str(post.params.get("text")),
            blocks=blocks,
        )
        return self._post(*req.interactive_request(payload))[0]

    def posts_with_buttons(self) -> list[Call]:
        """Delivered messages that carry buttons, oldest first."""
        return [
            c
            for c in self.fake.calls("chat.postMessage")
            if c.ok and '"actions"' in json.dumps(c.params.get("blocks") or [])
        ]

    def interactive(self, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return self._post(*req.interactive_request(payload))

    def _post(self, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        status, raw = req.post(self.url, body, headers)
        try:
            return status, json.loads(raw) if raw else {}
        except json.JSONDecodeError:
            return status, {"text": raw.decode()}

    # -- the scheduler, cranked by hand ---------------------------------------------------

    def tick(self, **delta: float) -> None:
        """Move the clock, then run one scheduler pass (advance + deliver)."""
        self.clock.move(**delta)
        run_tick(self.service, self.delivery, exclude_team=TERMINAL_TEAM)

    # -- reading what Slack received ------------------------------------------------------

    def ts_now(self) -> str:
        return f"{self.clock.now.timestamp():.6f}"

    def thread_ts(self) -> str:
        posts = [c for c in self.fake.calls("chat.postMessage") if c.ok]
        roots = [
            c
            for c in posts
            if not c.params.get("thread_ts") and str(c.params.get("channel", "")).startswith("C")
        ]
        assert roots, "the question has not been posted yet"
        return str(roots[-1].response["ts"])

    def latest_interview(self) -> Any:
        """The team's newest interview row, as stored now."""
        with self.service.store.transaction() as tx:
            return tx.list_interviews(team_id=req.TEAM_ID, limit=1)[0]

    def thread_texts(self) -> list[str]:
        thread = self.thread_ts()
        return [
            str(c.params.get("text"))
            for c in self.fake.calls("chat.postMessage")
            if c.ok and c.params.get("thread_ts") == thread
        ]

    def dms(self, user: str) -> list[str]:
        dm = "D" + user[1:]
        return [
            str(c.params.get("text"))
            for c in self.fake.calls("chat.postMessage")
            if c.ok and c.params.get("channel") in (dm, user)
        ]

    def ephemeral(self, user: str = req.USER_ID) -> list[str]:
        """What the person saw privately: command replies (response_url) and ephemerals."""
        said = [
            str(c.params.get("text"))
            for c in self.fake.calls("response_url")
            if c.path.endswith(f"-{user}")
        ]
        said += [
            str(c.params.get("text"))
            for c in self.fake.calls("chat.postEphemeral")
            if c.params.get("user") == user
        ]
        return said


@contextmanager
def slack_world(
    tmp_path: Path, *, db_url: str | None = None, auto_advance: bool = True
) -> Iterator[SlackWorld]:
    """The deployment on a SQLite file in ``tmp_path``, or on the migrated ``db_url``; its
    `blitz` format's phases last a minute (waiting for people without ``auto_advance``)."""
    prompts = write_blitz(
        tmp_path / "prompts", seconds=60, silence="45s", auto_advance=auto_advance
    )
    db = db_url or f"sqlite:///{tmp_path / 'slack.db'}"
    upgrade(db)
    with FakeSlack.start() as fake:
        settings = Settings.from_env(
            {
                "DATABASE_URL": db,
                "SLACK_BOT_TOKEN": "xoxb-test",
                "SLACK_SIGNING_SECRET": req.SIGNING_SECRET,
                "SLACK_API_URL": fake.base_url,
                "PROMPTS_DIR": str(prompts),
            }
        )
        content = content_with(prompts)
        clock = Clock(T0)
        store = Store(make_engine(db))
        service = InterviewService(store=store, content=content, clock=clock)
        client = make_client(settings)
        runtime = Runtime(settings, content, store, service)
        world_sleeps: list[float] = []
        delivery = Delivery(
            store=store,
            sender=SlackSender(
                make_client(settings, wait_out_429=False),
                sleep=world_sleeps.append,
                monotonic=lambda: 0.0,
            ),
            clock=clock,
            content=content,
            exclude_team=TERMINAL_TEAM,
            on_undeliverable=lambda item, exc: tell_host(runtime, client, item, exc),
        )
        app = create_app(settings=settings, service=service, content=content, client=client)
        try:
            with serving(app) as root:
                yield SlackWorld(
                    fake, f"{root}/slack/events", clock, service, delivery, world_sleeps, app
                )
        finally:
            store.engine.dispose()


@contextmanager
def serving(app: App) -> Iterator[str]:
    """The app's WSGI callable served on a free local port, as gunicorn serves it; yields
    the server's root URL."""
    server = make_server(
        "127.0.0.1",
        0,
        wsgi_app(app, signing_secret=req.SIGNING_SECRET),
        server_class=_Server,
        handler_class=_QuietHandler,
    )
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
